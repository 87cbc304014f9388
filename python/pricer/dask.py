"""`python3 -m pricer.dask --scheduler ADDRESS [pricer run arguments]`: a pricer run whose
parse stage is spread over a Dask distributed cluster (issue 12).

- The configuration is resolved by pricer itself: `pricer run ARGS --dry-run` prints the
  stage commands (the same YAML reader, defaults and overrides as `pricer run`); nothing here
  reads the YAML.
- Map: every input's parse command becomes N shard tasks (`pricer parse ... --shard K/N`),
  submitted to the scheduler; a task writes RUNDIR/shards/<Category>-K.jsonl and its
  .stats.json (written to temporary names and renamed into place by pricer, so a task that a
  dead worker left half done and Dask retried leaves no trace). RUNDIR must be on a file
  system every worker sees at the same path (a shared file system), and so must the inputs
  and the `pricer` program (--pricer, default `pricer` from PATH).
- Reduce, on the client: shards concatenated in K order into RUNDIR/items/<Category>.jsonl,
  statistics merged by the library (`pricer parse --merge-stats`), then the remaining stage
  commands exactly as `pricer run` would run them (investigate, curate, split, report,
  assess), so the dataset is byte for byte that of `pricer run` with the same arguments.
- Resume: a shard whose outputs exist with a record (RUNDIR/shards/<Category>-K.done) of the
  same command is not submitted again.
- RUNDIR/run.json records each shard's worker address, bytes written and seconds.
"""

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import time


def _atomic_write(path, data):
    tmp = "%s.tmp.%d" % (path, os.getpid())
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def _stage_commands(pricer, run_args):
    """The stage commands `pricer run RUN_ARGS` would run, as argument lists (the "> FILE"
    of investigate and assess kept as the second member)."""
    p = subprocess.run([pricer, "run", *run_args, "--dry-run"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=dict(os.environ, PRICER_QUIET="1"))
    if p.returncode != 0:
        sys.stderr.write(p.stderr.decode(errors="replace"))
        raise SystemExit(p.returncode)
    out = []
    for line in p.stdout.decode().splitlines():
        if not line.startswith("pricer "):
            continue
        argv = shlex.split(line)
        redirect = None
        if len(argv) >= 2 and argv[-2] == ">":
            redirect = argv[-1]
            argv = argv[:-2]
        out.append((argv[1:], redirect))
    return out


def _opt(argv, name):
    i = argv.index(name)
    return argv[i + 1]


def _shard_task(pricer, argv, k, n, out, stats, delay):
    """One shard (runs on a worker): `pricer parse ARGV --shard K/N` into out and stats."""
    from distributed import get_worker

    try:
        worker = get_worker().address
    except ValueError:
        worker = "local"
    if delay:
        time.sleep(delay)  # tests: leaves time to kill the worker during the task
    t0 = time.monotonic()
    cmd = [pricer, *argv, "-q", "--shard", "%d/%d" % (k, n), "-o", out, "--stats", stats]
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise RuntimeError("shard %d/%d: %s" % (k, n, p.stderr.decode(errors="replace")))
    return {"k": k, "worker": worker, "bytes": os.path.getsize(out),
            "seconds": round(time.monotonic() - t0, 3)}


def _parse_plan(stages, rundir, n):
    """Per parse stage: its command without -o/--stats/input, its input and outputs."""
    plan = []
    for argv, _ in stages:
        if argv[0] != "parse":
            continue
        items, stats, infile = _opt(argv, "-o"), _opt(argv, "--stats"), argv[-1]
        rest, skip = [], 0
        for i, a in enumerate(argv[:-1]):
            if skip:
                skip -= 1
            elif a in ("-o", "--stats"):
                skip = 1
            else:
                rest.append(a)
        name = os.path.basename(items)[: -len(".jsonl")]
        shards = []
        for k in range(1, n + 1):
            base = os.path.join(rundir, "shards", "%s-%d" % (name, k))
            shards.append((k, base + ".jsonl", base + ".stats.json", base + ".done"))
        plan.append({"name": name, "argv": rest + [infile], "items": items, "stats": stats,
                     "shards": shards})
    return plan


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="python3 -m pricer.dask",
        description="pricer run with the parse stage on a Dask cluster; other arguments are "
        "those of `pricer run` (RUNDIR, inputs and pricer on a shared file system)")
    ap.add_argument("--scheduler", required=True, help="Dask scheduler address (tcp://H:P)")
    ap.add_argument("--shards", type=int, default=4, help="shards per input (default 4)")
    ap.add_argument("--pricer", default=os.environ.get("PRICER") or shutil.which("pricer"),
                    help="the pricer program (default: pricer from PATH)")
    ap.add_argument("--task-delay", type=float, default=0.0, help=argparse.SUPPRESS)
    args, run_args = ap.parse_known_args(argv)
    if not args.pricer:
        ap.error("no pricer program: put it on PATH or give --pricer")
    pricer = os.path.abspath(args.pricer)
    if args.shards < 1:
        ap.error("--shards must be at least 1")
    stages = _stage_commands(pricer, run_args)
    rundir = None
    for a, _ in stages:
        if a[0] == "curate":
            rundir = os.path.dirname(_opt(a, "-o"))
    os.makedirs(os.path.join(rundir, "shards"), exist_ok=True)
    os.makedirs(os.path.join(rundir, "items"), exist_ok=True)
    plan = _parse_plan(stages, rundir, args.shards)

    from distributed import Client

    t0 = time.monotonic()
    records = {}
    with Client(args.scheduler) as client:
        futures = []
        for p in plan:
            for k, out, stats, done in p["shards"]:
                key = (p["name"], k)
                cmd = " ".join(map(shlex.quote, p["argv"]))
                try:
                    with open(done) as f:
                        rec = json.load(f)
                    if rec.get("command") == cmd and os.path.exists(out) and \
                            os.path.exists(stats):
                        rec["reused"] = True
                        records[key] = rec
                        continue
                except (OSError, ValueError):
                    pass
                fut = client.submit(_shard_task, pricer, p["argv"], k, args.shards, out, stats,
                                    args.task_delay, key="pricer-%s-%d-%d-%d" % (
                                        p["name"], k, args.shards, os.getpid()),
                                    pure=False, retries=2)
                futures.append((key, cmd, done, fut))
        for key, cmd, done, fut in futures:
            try:
                rec = fut.result()
            except Exception as e:  # the task's error (after Dask's retries)
                sys.stderr.write("pricer.dask: %s\n" % e)
                return 1
            rec["command"] = cmd
            _atomic_write(done, json.dumps(rec).encode())
            rec["reused"] = False
            records[key] = rec
    map_seconds = time.monotonic() - t0

    # reduce: concatenate in shard order, merge the statistics with the library
    for p in plan:
        tmp = "%s.tmp.%d" % (p["items"], os.getpid())
        with open(tmp, "wb") as w:
            for k, out, _, _ in p["shards"]:
                with open(out, "rb") as r:
                    shutil.copyfileobj(r, w, 1 << 20)
        os.replace(tmp, p["items"])
        r = subprocess.run([pricer, "parse", "-q", "--merge-stats",
                            *[s[2] for s in p["shards"]], "-o", p["stats"]])
        if r.returncode != 0:
            raise SystemExit("merging the statistics of %s failed" % p["name"])

    done_stages = []
    for a, redirect in stages:
        if a[0] == "parse":
            continue
        s0 = time.monotonic()
        if redirect:
            tmp = "%s.tmp.%d" % (redirect, os.getpid())
            with open(tmp, "wb") as f:
                r = subprocess.run([pricer, *a], stdout=f)
            if r.returncode == 0:
                os.replace(tmp, redirect)
            else:
                os.unlink(tmp)
        else:
            r = subprocess.run([pricer, *a], env=dict(os.environ, PRICER_QUIET="1"))
        if r.returncode != 0:
            raise SystemExit("stage %s failed (exit %d)" % (a[0], r.returncode))
        done_stages.append({"name": a[0], "command": "pricer " + " ".join(map(shlex.quote, a)),
                            "seconds": round(time.monotonic() - s0, 3)})

    shards = []
    for p in plan:
        for k, _, _, _ in p["shards"]:
            rec = records[(p["name"], k)]
            shards.append({"input": p["name"], "shard": "%d/%d" % (k, args.shards),
                           "worker": rec["worker"], "bytes": rec["bytes"],
                           "seconds": rec["seconds"], "reused": rec["reused"]})
    state = {"runner": "pricer.dask", "scheduler": args.scheduler,
             "command": ["python3", "-m", "pricer.dask"] + (argv if argv is not None
                                                            else sys.argv[1:]),
             "map_seconds": round(map_seconds, 3),
             "total_seconds": round(time.monotonic() - t0, 3), "shards": shards,
             "stages": done_stages, "complete": True}
    _atomic_write(os.path.join(rundir, "run.json"), (json.dumps(state, indent=1) + "\n").encode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
