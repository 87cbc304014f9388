"""pricer from Python: the same C library as the `pricer` command.

    import pricer
    tok = pricer.Tokenizer.from_file("tokenizer.json")
    tok.encode("hello<|eot_id|>world").ids          # [15339, 128009, 14957]
    for item in pricer.parse(["meta_Appliances.jsonl.gz"], jobs=4):
        ...                                          # dicts equal to items.jsonl lines

Everything here is a thin wrapper over the library (include/pricer/*.h): keyword arguments
become the library's options, library errors become PricerError with .file and .line.
"""

import json
import os
import shutil
import tempfile

from . import _pricer
from ._pricer import PricerError

__all__ = ["Tokenizer", "Encoding", "PricerError", "parse", "parse_record", "curate", "split",
           "run", "run_plan", "run_shard", "run_settings", "run_args", "run_overrides",
           "__version__"]

__version__ = _pricer.version()


class Encoding:
    """What Tokenizer.encode returns: .ids (list of int) and .tokens (list of str, the
    vocabulary spelling of each id, as Hugging Face tokenizers' Encoding.tokens)."""

    __slots__ = ("ids", "_tok", "_tokens")

    def __init__(self, ids, tok):
        self.ids = ids
        self._tok = tok
        self._tokens = None

    @property
    def tokens(self):
        if self._tokens is None:
            self._tokens = [self._tok.id_to_token(i) for i in self.ids]
        return self._tokens

    def __len__(self):
        return len(self.ids)

    def __repr__(self):
        return f"Encoding(num_tokens={len(self.ids)})"


class Tokenizer:
    """A Hugging Face tokenizer.json tokenizer, shaped like `tokenizers.Tokenizer`.

    Loading is done by the library (byte-level BPE family: Llama 3.x, GPT-4o, Qwen, ...);
    unsupported components raise PricerError naming the component."""

    def __init__(self, spec=None):
        """spec: a tokenizer.json path, a folder holding one, a hub model id in the local
        cache, or None for $PRICER_TOKENIZER, else pricer's default tokenizer (Llama 3.1)."""
        env = os.environ  # the shell's job: the library never reads the environment
        self._t = _pricer.Tokenizer(None if spec is None else os.fspath(spec),
                                    env_tokenizer=env.get("PRICER_TOKENIZER") or None,
                                    hf_hub_cache=env.get("HF_HUB_CACHE") or None,
                                    hf_home=env.get("HF_HOME") or None,
                                    home=env.get("HOME") or None)

    @classmethod
    def from_file(cls, path):
        return cls(path)

    @classmethod
    def from_pretrained(cls, model_id):
        """Loads ORG/NAME from the local Hugging Face hub cache ($HF_HUB_CACHE, $HF_HOME/hub
        or ~/.cache/huggingface/hub); nothing is downloaded."""
        return cls(model_id)

    @property
    def path(self):
        """The tokenizer.json actually loaded."""
        return self._t.path()

    def encode(self, text, add_special_tokens=False):
        """Encodes text (special-token text such as <|eot_id|> is matched). With
        add_special_tokens=True the post-processor's special tokens are added, as
        Hugging Face does (Llama 3.1: <|begin_of_text|> first); a post-processor pricer
        lacks then raises PricerError naming it. Note the default differs from HF's (True):
        pricer counts tokens of product text, where no BOS belongs."""
        return Encoding(self._t.encode(text, bool(add_special_tokens)), self._t)

    def encode_batch(self, texts, add_special_tokens=False, threads=None):
        """Encodes a list of texts on several threads (the GIL is released meanwhile)."""
        n = threads if threads else (os.cpu_count() or 1)
        return [Encoding(ids, self._t)
                for ids in self._t.encode_batch(list(texts), n, bool(add_special_tokens))]

    def decode(self, ids, skip_special_tokens=False, clean_up_tokenization_spaces=None):
        """Decodes ids; spaces are cleaned up as the tokenizer's tokenizer_config.json says
        (as `transformers` does) unless clean_up_tokenization_spaces is given."""
        cleanup = -1 if clean_up_tokenization_spaces is None else int(bool(clean_up_tokenization_spaces))
        return self._t.decode(list(ids), bool(skip_special_tokens), cleanup)

    def decode_batch(self, sequences, skip_special_tokens=False):
        return [self.decode(s, skip_special_tokens) for s in sequences]

    def token_to_id(self, token):
        return self._t.token_to_id(token)

    def id_to_token(self, id):
        return self._t.id_to_token(id)

    def get_vocab_size(self, with_added_tokens=True):
        return self._t.vocab_size()

    def count(self, text):
        """Number of tokens of text."""
        return len(self._t.encode(text))


def _paths(paths):
    if isinstance(paths, (str, bytes, os.PathLike)):
        return [os.fspath(paths)]
    return [os.fspath(p) for p in paths]


def _tokenizer(tokenizer):
    if tokenizer is None:
        return None
    if isinstance(tokenizer, Tokenizer):
        return tokenizer._t
    return Tokenizer(tokenizer)._t


_CLEANUP = {None: -1, "auto": -1, "on": 1, "off": 0, True: 1, False: 0}


def parse(paths, *, category=None, tokenizer=None, jobs=1, **options):
    """Parses raw meta_<Category>.jsonl files (plain, .gz, .zst, .xz) into items.

    Returns an iterator of dicts with exactly the keys and values of the items.jsonl lines
    `pricer parse` writes (category, title, price, token_count, parent_asin, prompt,
    test_prompt, source). options: min_chars, ceiling_chars, min_tokens, max_tokens,
    min_price, max_price, question, prefix, clean_up ("on"/"off"/"auto"), truncate
    ("tokens"/"words"/"sentences"), source (bool). The whole input is parsed before the
    first item is returned (errors raise here, not while iterating); stats are on the
    iterator's .stats."""
    kw = dict(options)
    cleanup = kw.pop("clean_up", None)
    if cleanup not in _CLEANUP:
        raise ValueError(f"clean_up wants on, off or auto, not {cleanup!r}")
    kw["cleanup"] = _CLEANUP[cleanup]
    if "source" in kw:
        kw["source"] = bool(kw["source"])
    tmp = tempfile.mkdtemp(prefix="pricer-parse-")
    out = os.path.join(tmp, "items.jsonl")
    try:
        stats = _pricer.parse_files(_paths(paths), out, tokenizer=_tokenizer(tokenizer),
                                    category=category, jobs=int(jobs or 0), **kw)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return _Items(out, tmp, stats)


_default_tok = None


def parse_record(record, *, category=None, tokenizer=None, with_reason=False, **options):
    """Runs one raw catalogue record (a dict as json.loads gives it, or its JSON line)
    through the loader and the item rules, as parse does for each line. Returns the item
    as a dict (the items.jsonl keys, without "source"), or None when the record is skipped;
    with_reason=True returns (item or None, reason) where reason is "kept" or why the record
    was skipped ("no_price", "too_short", "too_few_tokens", "invalid_json", ...). options as
    for parse."""
    global _default_tok
    if isinstance(record, dict):
        record = json.dumps(record)
    elif isinstance(record, bytes):
        record = record.decode("utf-8", "surrogateescape")
    kw = dict(options)
    cleanup = kw.pop("clean_up", None)
    if cleanup not in _CLEANUP:
        raise ValueError(f"clean_up wants on, off or auto, not {cleanup!r}")
    kw["cleanup"] = _CLEANUP[cleanup]
    tok = _tokenizer(tokenizer)
    if tok is None:
        if _default_tok is None:
            _default_tok = Tokenizer()
        tok = _default_tok._t
    line, reason = _pricer.parse_record(record.rstrip("\r\n"), tokenizer=tok,
                                        category=category, **kw)
    item = None if line is None else json.loads(line)
    return (item, reason) if with_reason else item


class _Items:
    """Iterator over an items JSONL file written by parse; removes it when exhausted."""

    def __init__(self, path, tmp, stats):
        self.stats = stats
        self._tmp = tmp
        self._f = open(path, "r", encoding="utf-8", newline="\n")

    def __iter__(self):
        return self

    def __next__(self):
        if self._f is None:
            raise StopIteration
        line = self._f.readline()
        if not line:
            self.close()
            raise StopIteration
        return json.loads(line)

    def close(self):
        if self._f is not None:
            self._f.close()
            self._f = None
            shutil.rmtree(self._tmp, ignore_errors=True)

    def __del__(self):
        self.close()


def curate(inputs, output, *, seed=42, slot_min=1, slot_max=999, all_above=240, slot_cap=1200,
           weights=None, default_weight=5, no_balance=False, jobs=0, dedup=None):
    """Balances items files over price slots exactly as the reference (numpy's generator)
    and writes the sample to output (items JSONL). weights: {category: weight}, default
    {"Automotive": 1}. dedup: "prompt", "title" or "parent_asin" keeps only the first item
    of each group. Returns counts {items, selected, out_of_range, dedup_removed}."""
    return _pricer.curate_files(_paths(inputs), os.fspath(output), seed=seed,
                                slot_min=slot_min, slot_max=slot_max, all_above=all_above,
                                slot_cap=slot_cap, weights=weights,
                                default_weight=default_weight, no_balance=bool(no_balance),
                                jobs=jobs, dedup=dedup)


def split(sample, output_dir, *, seed=42, train=400000, test=2000, validation=0,
          allow_short=False, formats=("jsonl",), parquet_codec=None, title=None, jobs=0,
          license=None, parquet_row_group=0, parquet_shard_bytes=0, group_by=None):
    """Shuffles a sample (CPython's random.seed + shuffle) and writes train/test (and
    validation) under output_dir in the given formats (see pricer.split_formats():
    jsonl, parquet, openai, pickle). parquet_codec: "snappy" (default), "gzip", "zstd",
    "none". group_by: "prompt", "title" or "parent_asin" puts whole groups on one side.
    Returns counts {sample, train, test, validation, short_sample, bytes_written, groups,
    group_skipped}."""
    if isinstance(formats, str):
        formats = [formats]
    return _pricer.split_file(os.fspath(sample), os.fspath(output_dir), seed=seed, train=train,
                              test=test, validation=validation, allow_short=bool(allow_short),
                              formats=",".join(formats), parquet_codec=parquet_codec,
                              title=title, jobs=jobs, license=license,
                              parquet_row_group=parquet_row_group,
                              parquet_shard_bytes=parquet_shard_bytes, group_by=group_by)


def split_formats():
    """Export formats the library writes."""
    return _pricer.split_formats().split(",")


def _setting_text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return ",".join(_setting_text(x) for x in v)
    return str(v)


def _settings_kv(set, overrides):
    """keys, values for the library from set={"parse.min_tokens": 150} and keyword
    overrides (parse__min_tokens=150; maps as dicts)."""
    items = dict(set or {})
    for k, v in overrides.items():
        items[k.replace("__", ".", 1)] = v
    keys, values = [], []
    for k, v in items.items():
        if isinstance(v, dict):
            for mk, mv in v.items():
                keys.append(k)
                values.append(f"{mk}={_setting_text(mv)}")
        else:
            keys.append(k)
            values.append(_setting_text(v))
    return keys, values


def _env():
    env = os.environ
    return dict(env_tokenizer=env.get("PRICER_TOKENIZER") or None,
                hf_hub_cache=env.get("HF_HUB_CACHE") or None,
                hf_home=env.get("HF_HOME") or None, home=env.get("HOME") or None)


def _config(config):
    return None if config is None else os.fspath(config)


def run(config=None, output="pricer-run", *, force=False, set=None, shards=0, worker=None,
        command=None, **overrides):
    """Runs (or resumes) the whole pipeline into the run folder output, as `pricer run`
    does (the library's pipeline: parse, investigate, curate, split, report, assess).
    config: a YAML file (None = the reference defaults). Overrides use the keys of
    `pricer run --help-config`: top-level keys as keyword arguments (data_dir=...,
    categories=[...], jobs=2), section keys with a double underscore
    (parse__min_tokens=150, split__train=1000) or in set={"parse.min_tokens": 150}; a key
    without a section that only one section has may be given alone ("min_tokens").
    Maps (curate.weights) take a dict.
    shards=N: the reduce of a sharded run: each input's parse merges its N shards from
    output/shards/ (made by run_shard, anywhere), parsing missing ones here (recorded with
    worker as their worker), into exactly the unsharded outputs; run.json lists the shards.
    command: the command line recorded in run.json (a list of str).
    The GIL is released while the library runs. Returns the counts of the run."""
    keys, values = _settings_kv(set, overrides)
    return _pricer.run(os.fspath(output), config=_config(config), keys=keys, values=values,
                       force=bool(force), shards=int(shards), worker=worker,
                       command=None if command is None else [str(c) for c in command], **_env())


def run_plan(config=None, output="pricer-run", *, set=None, **overrides):
    """The inputs a run with these settings (as for run) would parse, in order: a list of
    {index, path, category, name, size} (name: the items file's name, "Appliances" or for a
    repeated category "Appliances-2"). A distributed runner makes its shard tasks from it."""
    keys, values = _settings_kv(set, overrides)
    return _pricer.run_plan(os.fspath(output), config=_config(config), keys=keys, values=values)


def run_shard(input, k, n, config=None, output="pricer-run", *, force=False, worker=None,
              set=None, **overrides):
    """Parses shard k of n (k from 1) of input number `input` (run_plan's index) with the
    run's settings into output/shards/<name>-<k>-of-<n>.{jsonl,stats.json,raw.json} and its
    done record (.done.json: fingerprint, worker, bytes, seconds), all written to temporary
    names and renamed into place. A plain input is cut at line starts; a compressed one at its
    zstd frames or BGZF members when it has several, else it goes whole to shard 1. Idempotent: a shard already complete with the same settings is not
    parsed again ("reused": True) and a retried call writes the same bytes, so a Dask task may
    be retried freely. Takes no lock: shards of one run folder may run at once, in threads
    (the GIL is released) or on machines sharing the folder. Returns {reused, bytes,
    items_bytes, items, rows, seconds}."""
    keys, values = _settings_kv(set, overrides)
    return _pricer.run_shard(os.fspath(output), int(input), int(k), int(n),
                             config=_config(config), keys=keys, values=values,
                             force=bool(force), worker=worker, **_env())


def run_settings():
    """Every setting of the one settings table (`pricer run --help-config`):
    [(section, key, type)], section "" for top-level keys."""
    return _pricer.run_settings()


def run_args(args):
    """`pricer run`'s arguments (the words after `pricer run`) read by the library exactly as
    `pricer run` reads them: every option of `pricer run --help`, every setting as --KEY,
    --SECTION-KEY, --KEY[=BOOL], --no-KEY or --set SECTION.KEY=VALUE, grouped short flags,
    "--", no abbreviations, the configs (--config, '-' = sys.stdin) read first, the last value
    winning. Returns {config (the last --config), configs (how many), output, force,
    dry_run, shard ((k, n) or None), shards, verbosity (None, "quiet", "verbose"), help,
    help_config (None, "text", "markdown"), settings}: settings maps every key of run_settings() ("split.train", top-level "files")
    to {value, source ("default", "config", "command line"), line (the config's)}, in table
    order; a value is a str, a list (lists, paths) or a dict (maps). Raises PricerError with
    the message `pricer run` prints after "pricer run: " (unknown option with "did you
    mean", bad value, unknown key, no input; a config's errors name file and line).
    run_overrides(result) gives the command line's settings as run()'s set=."""
    if isinstance(args, (str, bytes)):
        raise TypeError("run_args wants a list of arguments, not one string")
    return _pricer.run_args([os.fspath(a) for a in args])


def run_overrides(parsed):
    """The settings a run_args() result took from the command line, as run()'s set= (the
    config, parsed["config"], gives the others)."""
    return {k: s["value"] for k, s in parsed["settings"].items()
            if s["source"] == "command line"}
