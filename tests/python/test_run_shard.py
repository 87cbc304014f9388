"""pricer.run_plan / run_shard / run(shards=N): shards parsed in threads (the GIL is
released) into RUNDIR/shards, merged by the reduce into exactly the bytes of an unsharded
pricer.run; run.json (read with Python's json) lists every shard with its worker; a repeated
shard is reused; bad shard numbers raise PricerError."""
import concurrent.futures
import json
import os
import subprocess

import pytest

import pricer

OUTS = ["items/Appliances.jsonl", "items/Office_Products.jsonl",
        "items/Appliances.stats.json", "items/Office_Products.stats.json",
        "items/Appliances.raw.json", "items/Office_Products.raw.json", "investigate.json",
        "sample.jsonl", "dataset/train.jsonl", "dataset/test.jsonl", "assess.json"]


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    cli = os.environ.get("PRICER")
    if not cli:
        pytest.skip("PRICER not set")
    d = tmp_path_factory.mktemp("cat")
    subprocess.run([cli, "synth", "--records", "900", "--categories",
                    "Appliances,Office_Products", "-o", str(d)], check=True,
                   capture_output=True)
    return [d / "meta_Appliances.jsonl", d / "meta_Office_Products.jsonl"]


def settings(files, tokjson):
    return dict(files=[str(f) for f in files], tokenizer=tokjson, jobs=1, allow_short=True,
                split__train=100, split__test=30, report=False)


def test_shards_merge_into_the_unsharded_run(catalogue, tokjson, tmp_path):
    s = settings(catalogue, tokjson)
    ref = pricer.run(output=tmp_path / "ref", **s)
    plan = pricer.run_plan(output=tmp_path / "d", **s)
    assert [p["name"] for p in plan] == ["Appliances", "Office_Products"]
    assert [p["size"] for p in plan] == [os.path.getsize(f) for f in catalogue]
    n = 3
    tasks = [(p["index"], k) for p in plan for k in range(1, n + 1)]
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        res = list(ex.map(lambda t: pricer.run_shard(t[0], t[1], n, output=tmp_path / "d",
                                                     worker="thread-%d" % (t[1] % 2), **s),
                          tasks))
    assert not any(r["reused"] for r in res)
    assert sum(r["bytes"] for r in res) == sum(p["size"] for p in plan)
    # the shards' items, concatenated in k order, are the unsharded items file
    for p in plan:
        cat = b"".join((tmp_path / "d" / "shards" / f"{p['name']}-{k}-of-{n}.jsonl").read_bytes()
                       for k in range(1, n + 1))
        assert cat == (tmp_path / "ref" / "items" / f"{p['name']}.jsonl").read_bytes()
        done = json.loads((tmp_path / "d" / "shards" / f"{p['name']}-2-of-{n}.done.json")
                          .read_text())
        assert done["shard"] == "2/3" and done["worker"] == "thread-0" and len(
            done["fingerprint"]) == 64
    again = pricer.run_shard(0, 2, n, output=tmp_path / "d", worker="late", **s)
    assert again["reused"] and again["items"] == res[1]["items"]
    got = pricer.run(output=tmp_path / "d", shards=n, **s)
    assert got["items"] == ref["items"] and got["train"] == ref["train"]
    for f in OUTS:  # (assess.json names its run folder)
        want = (tmp_path / "ref" / f).read_bytes().replace(bytes(tmp_path / "ref"),
                                                           bytes(tmp_path / "d"))
        assert (tmp_path / "d" / f).read_bytes() == want, f
    rj = json.loads((tmp_path / "d" / "run.json").read_text())
    recs = rj["shards"]
    assert len(recs) == 2 * n
    assert [r["shard"] for r in recs] == ["1/3", "2/3", "3/3"] * 2
    assert {r["worker"] for r in recs} == {"thread-0", "thread-1"}
    assert [r["input"] for r in recs] == [str(catalogue[0])] * n + [str(catalogue[1])] * n
    assert recs[1]["reused"] and not recs[0]["reused"]
    # the same layout as an unsharded run's run.json, plus the shards
    assert [st["name"] for st in rj["stages"]] == [
        st["name"] for st in json.loads((tmp_path / "ref" / "run.json").read_text())["stages"]]


def test_bad_shards(catalogue, tokjson, tmp_path):
    s = settings(catalogue, tokjson)
    for inp, k, n in ((0, 0, 2), (0, 3, 2), (5, 1, 2)):
        with pytest.raises(pricer.PricerError):
            pricer.run_shard(inp, k, n, output=tmp_path / "x", **s)
    with pytest.raises(pricer.PricerError, match="seed"):
        pricer.run_plan(output=tmp_path / "x", seed=3, **s)


def test_dask_runner_reads_pricer_run_arguments():
    """The runner reads `pricer run` arguments through the library (pricer.run_args, the
    reader of `pricer run` itself; the expected settings written by hand from `pricer run
    --help`'s rules: a list option's last value wins, as in `pricer run`)."""
    from pricer.dask import run_arguments

    config, rundir, force, s = run_arguments(
        ["a.jsonl", "-o", "R", "-j", "2", "--seed", "7", "--no-report", "--allow-short",
         "--format", "jsonl", "--format=parquet", "--weight", "Toys=2", "--split-train", "5",
         "--set", "split.test=3", "--min-tokens=150", "--force", "--", "-b.jsonl"])
    assert (config, rundir, force) == (None, "R", True)
    assert s == {"jobs": "2", "curate.seed": "7", "split.seed": "7", "report": "false",
                 "split.allow_short": "true", "split.formats": ["parquet"],
                 "curate.weights": {"Toys": "2"}, "split.train": "5", "split.test": "3",
                 "parse.min_tokens": "150", "files": ["a.jsonl", "-b.jsonl"]}
    with pytest.raises(SystemExit):
        run_arguments(["--no-such-option", "1"])
    with pytest.raises(SystemExit):
        run_arguments(["--fetch", "x.jsonl"])
