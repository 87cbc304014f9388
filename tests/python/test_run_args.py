"""pricer.run_args (the library's reader of `pricer run`'s arguments, which the CLI uses too)
and the `pricer run` command agree on a table of argument vectors: for valid ones, the settings
the command line set (hand-written below from `pricer run --help`, docs/settings.md and the
option rules: --KEY, --SECTION-KEY, --no-KEY, --KEY=BOOL, --set, grouped short flags, "--",
configs first, last value wins) are what pricer.run_args returns and what `pricer -v run`
reports ("pricer run: setting KEY = VALUE (command line)"); for invalid ones, the message,
hand-written, is both the PricerError's text and the line `pricer run` prints."""
import os
import subprocess

import pytest

import pricer

CLI = os.environ.get("PRICER")

# (argv, settings the command line sets, other fields of run_args' result)
VALID = [
    (["meta_A.jsonl", "-o", "R", "-j", "2", "--seed", "7", "--no-report", "--allow-short",
      "--format", "jsonl", "--format=parquet", "--weight", "Toys=2", "--split-train", "5",
      "--set", "split.test=3", "--min-tokens=150", "--force", "--", "-b.jsonl"],
     {"files": ["meta_A.jsonl", "-b.jsonl"], "jobs": "2", "report": "false",
      "parse.min_tokens": "150", "curate.seed": "7", "curate.weights": {"Toys": "2"},
      "split.seed": "7", "split.train": "5", "split.test": "3", "split.allow_short": "true",
      "split.formats": ["parquet"]},
     {"output": "R", "force": True}),
    (["--data-dir", "d", "--categories", "Appliances,Toys_and_Games", "--no-balance",
      "--curate-seed=9", "--split-seed", "11", "--format", "jsonl,parquet", "--test", "10",
      "--validation=5", "--max-price", "99.5"],
     {"data_dir": "d", "categories": ["Appliances", "Toys_and_Games"],
      "parse.max_price": "99.5", "curate.balance": "false", "curate.seed": "9",
      "split.seed": "11", "split.test": "10", "split.validation": "5",
      "split.formats": ["jsonl", "parquet"]},
     {"output": "pricer-run", "force": False, "config": None}),
    (["-qj3", "-oR2", "--threads=4", "meta_M.jsonl", "--report=false", "--investigate",
      "--no-assess", "--set", "curate.weights=Toys=2", "--weight", "Appliances=3", "--dedup",
      "title", "--group-by=parent_asin", "-v"],
     {"files": ["meta_M.jsonl"], "jobs": "4", "investigate": "true", "report": "false",
      "assess": "false", "curate.weights": {"Toys": "2", "Appliances": "3"},
      "curate.dedup": "title", "split.group_by": "parent_asin"},
     {"output": "R2", "verbosity": "verbose"}),
    (["--train", "5", "--split-train", "6", "--format", "parquet", "--format", "openai",
      "--tokenizer", "tok.json", "--report-raw=no", "--", "-x.jsonl", "meta_Y.jsonl"],
     {"files": ["-x.jsonl", "meta_Y.jsonl"], "tokenizer": "tok.json", "report_raw": "false",
      "split.train": "6", "split.formats": ["openai"]},
     {"verbosity": None}),
]

# (argv, the message of `pricer run` after "pricer run: ")
INVALID = [
    (["--slot-cp", "5", "x"], "unknown option '--slot-cp'; did you mean '--slot-cap'?"),
    (["--min-token", "5", "x"], "unknown option '--min-token'; did you mean '--min-tokens'?"),
    (["--ouput=R", "x"], "unknown option '--ouput'; did you mean '--output'?"),
    (["-Z", "x"], "unknown option '-Z'"),
    (["--no-balance=1", "x"], "option '--no-balance' takes no value"),
    (["--force=yes", "x"], "option '--force' takes no value"),
    (["x", "-o"], "option '-o' needs a value"),
    (["-j", "999", "x"], "bad value for '-j': '999' (an integer in 0..256)"),
    (["-jx", "x"], "bad value for '-j': 'x' (an integer in 0..256)"),
    (["--help-config=html"], "bad value for '--help-config': 'html'"),
    (["--train", "x", "y"], "--train: split.train: 'x' is not a non-negative integer"),
    (["--seed", "-3", "y"], "--seed: curate.seed: '-3' is not a non-negative integer"),
    (["--max-tokens", "0", "y"], "--max-tokens: parse.max_tokens: 0 is out of range 1..4294967295"),
    (["--max-price", "abc", "y"], "--max-price: parse.max_price: 'abc' is not a number"),
    (["--dedup", "maybe", "y"],
     "--dedup: curate.dedup: 'maybe' is not one of off|prompt|title|parent_asin"),
    (["--balance=perhaps", "y"], "--balance: curate.balance: 'perhaps' is not true or false"),
    (["--weight", "Toys", "y"], "--weight: curate.weights: 'Toys' is not CATEGORY=INTEGER"),
    (["--set", "parse.nope=1", "y"], "unknown configuration key 'parse.nope'"),
    (["--set", "novalue", "y"], "--set wants SECTION.KEY=VALUE, not 'novalue'"),
    (["-"], "an input cannot be standard input ('-'): the category comes from the file name "
            "meta_<Category>.jsonl"),
    (["-o", "-", "y"], "RUNDIR is a folder: '-o -' is not possible"),
    ([], "no input: give --config FILE, --data-dir DIR or files"),
    (["-q", "--tokenizer", "t"], "no input: give --config FILE, --data-dir DIR or files"),
    (["--shard", "2/3", "--shards", "4", "y"], "--shard and --shards exclude each other"),
    (["--shards", "0", "y"], "--shards: wants 1 to 1000000"),
]


def text(v):
    """A value as `pricer run -v` prints it: list items and map entries joined by ','."""
    if isinstance(v, dict):
        return ",".join(f"{k}={x}" for k, x in v.items())
    if isinstance(v, list):
        return ",".join(v)
    return v


def cli_settings(argv, cwd):
    """The settings `pricer -v run ARGV` reports, {key: (text, source)}: it prints them before
    the run, which then fails on the inputs that do not exist."""
    p = subprocess.run([CLI, "-v", "run"] + argv, cwd=cwd, capture_output=True, text=True)
    assert p.returncode == 1, (argv, p.stderr)  # the missing inputs, not the arguments
    out = {}
    for line in p.stderr.splitlines():
        if line.startswith("pricer run: setting "):
            key, _, rest = line[len("pricer run: setting "):].partition(" = ")
            value, _, source = rest.rpartition(" (")
            out[key] = (value, source.rstrip(")"))
    return out


@pytest.mark.parametrize("argv,want,fields", VALID)
def test_valid_vectors_agree(argv, want, fields, tmp_path):
    a = pricer.run_args(argv)
    got = {k: s["value"] for k, s in a["settings"].items() if s["source"] == "command line"}
    assert got == want
    assert pricer.run_overrides(a) == want
    for k, v in fields.items():
        assert a[k] == v, k
    assert all(s["source"] == "default" for k, s in a["settings"].items() if k not in want)
    if not CLI:
        pytest.skip("PRICER not set")
    assert cli_settings(argv, tmp_path) == {k: (text(v), "command line") for k, v in want.items()}


@pytest.mark.parametrize("argv,message", INVALID)
def test_invalid_vectors_agree(argv, message, tmp_path):
    with pytest.raises(pricer.PricerError) as e:
        pricer.run_args(argv)
    assert str(e.value) == message
    assert e.value.code == -5  # PRICER_EINVAL: a usage error
    if not CLI:
        pytest.skip("PRICER not set")
    p = subprocess.run([CLI, "run"] + argv, cwd=tmp_path, capture_output=True, text=True)
    assert p.returncode == 2
    assert p.stderr == f"pricer run: {message}\nsee 'pricer run --help'\n"


def test_config_first_then_command_line(tmp_path):
    """The config is read first wherever it stands; the command line overrides it; its
    values keep their source and line; its errors name file and line in both shells."""
    cfg = tmp_path / "run.yaml"
    cfg.write_text("split:\n  train: 123\n  test: 7\nfiles: [meta_A.jsonl]\n")
    argv = ["--train=9", "--config", str(cfg), "meta_B.jsonl"]
    a = pricer.run_args(argv)
    s = a["settings"]
    assert a["config"] == str(cfg) and a["configs"] == 1
    assert s["split.train"] == {"value": "9", "source": "command line", "line": 0}
    assert s["split.test"] == {"value": "7", "source": "config", "line": 3}
    assert s["files"]["value"] == ["meta_B.jsonl"] and s["files"]["source"] == "command line"
    if CLI:
        assert cli_settings(argv, tmp_path) == {"split.train": ("9", "command line"),
                                                "split.test": ("7", f"{cfg}:3"),
                                                "files": ("meta_B.jsonl", "command line")}
    bad = tmp_path / "bad.yaml"
    bad.write_text("parse:\n  min_tokens: abc\n")
    message = f"{bad}:2: parse.min_tokens: 'abc' is not a non-negative integer"
    with pytest.raises(pricer.PricerError) as e:
        pricer.run_args(["--config", str(bad), "x"])
    assert str(e.value) == message and e.value.line == 2
    if CLI:
        p = subprocess.run([CLI, "run", "--config", str(bad), "x"], capture_output=True,
                           text=True)
        assert p.returncode == 1 and p.stderr == f"pricer: {message}\n"


def test_help_shard_and_flags_stop_or_record():
    assert pricer.run_args(["--help", "--no-such"])["help"]  # read no further, as pricer run
    assert pricer.run_args(["x", "--help-config=markdown"])["help_config"] == "markdown"
    a = pricer.run_args(["--shard", "2/3", "meta_A.jsonl", "--dry-run", "-vq"])
    assert (a["shard"], a["shards"], a["dry_run"], a["verbosity"]) == ((2, 3), 0, True, "quiet")
    assert pricer.run_args(["--shards", "4", "x"])["shards"] == 4
    with pytest.raises(TypeError):
        pricer.run_args("--train 5 x")
