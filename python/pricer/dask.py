"""`python3 -m pricer.dask --scheduler ADDRESS [--shards N] [pricer run arguments]`: a pricer
run whose parse stage is spread over a Dask distributed cluster (issue 12). No subprocess:
everything is a call into the library through the Python package.

- Plan, on the client: the arguments are read by the library as `pricer run` reads them
  (pricer.run_args: the same option table, rules and error messages), and pricer.run_plan
  lists the inputs.
- Map: one Dask task per shard (N per input) calls pricer.run_shard on a worker, the GIL
  released, labelled with the worker's address; it writes RUNDIR/shards/<Name>-<K>-of-<N>.*
  (temporary names renamed into place, the done record last), so a task a dead worker left
  half done and Dask retried leaves no trace and gives the same bytes. RUNDIR must be on a
  file system every worker sees at the same path, and so must the inputs and the tokenizer.
- Reduce, on the client: pricer.run(..., shards=N), the library pipeline itself: each
  input's parse merges its shards (parsing any that are missing) into exactly the unsharded
  outputs, then investigate, curate, split, report and assess run as in `pricer run`, so the
  dataset is byte for byte that of `pricer run` with the same arguments. run.json has the
  layout of `pricer run`'s plus "shards": worker address, bytes, seconds, reused per shard.
- Resume: a shard already complete is not parsed again (its task returns at once), and the
  reduce reuses every stage whose inputs and settings are unchanged.
"""

import argparse
import os
import sys
import time

import pricer


def run_arguments(args):
    """`pricer run` arguments -> (config, rundir, force, settings for pricer.run's set=), read
    by the library exactly as `pricer run` reads them (pricer.run_args). Exits (2) with
    `pricer run`'s message on a bad argument, and refuses what the runner cannot do."""
    try:
        a = pricer.run_args(args)
    except pricer.PricerError as e:
        sys.stderr.write("pricer.dask: %s\n" % e)
        raise SystemExit(2)
    refused = [
        (a["dry_run"], "--dry-run: use `pricer run --dry-run` to see the stage commands"),
        (a["settings"]["fetch"]["value"] == "true",
         "fetch: run `pricer fetch` first (the runner does not download)"),
        (a["shard"] is not None, "--shard: the runner makes the shards itself (--shards N)"),
        (a["help"] or a["help_config"], "see `pricer run --help` and `--help-config`"),
        (a["config"] == "-", "--config -: the workers read the config too: give a file"),
        (a["configs"] > 1, "--config: give one (the workers load it)"),
    ]
    for cond, message in refused:
        if cond:
            sys.stderr.write("pricer.dask: %s\n" % message)
            raise SystemExit(2)
    return a["config"], a["output"], a["force"], pricer.run_overrides(a)


def _shard_task(rundir, config, settings, index, k, n, delay):
    """One shard, on a worker: pricer.run_shard labelled with the worker's address."""
    from distributed import get_worker

    try:
        worker = get_worker().address
    except ValueError:
        worker = "local"
    if delay:
        time.sleep(delay)  # tests: leaves time to kill the worker during the task
    r = pricer.run_shard(index, k, n, config=config, output=rundir, worker=worker,
                         set=settings)
    r["worker"] = worker
    return r


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="python3 -m pricer.dask",
        description="pricer run with the parse stage on a Dask cluster; the other arguments "
        "are those of `pricer run` (RUNDIR, inputs and tokenizer on a shared file system)")
    ap.add_argument("--scheduler", required=True, help="Dask scheduler address (tcp://H:P)")
    ap.add_argument("--shards", type=int, default=4, help="shards per input (default 4)")
    ap.add_argument("--task-delay", type=float, default=0.0, help=argparse.SUPPRESS)
    args, run_args = ap.parse_known_args(argv)
    if args.shards < 1:
        ap.error("--shards must be at least 1")
    config, rundir, force, settings = run_arguments(run_args)
    n = args.shards
    try:
        plan = pricer.run_plan(config, rundir, set=settings)
    except pricer.PricerError as e:
        sys.stderr.write("pricer.dask: %s\n" % e)
        return 2

    from distributed import Client

    t0 = time.monotonic()
    with Client(args.scheduler) as client:
        futures = [client.submit(_shard_task, rundir, config, settings, p["index"], k, n,
                                 args.task_delay, pure=False, retries=2,
                                 key="pricer-%s-%d-of-%d-%d" % (p["name"], k, n, os.getpid()))
                   for p in plan for k in range(1, n + 1)]
        for f in futures:
            try:
                f.result()
            except Exception as e:  # the task's error, after Dask's retries
                sys.stderr.write("pricer.dask: %s\n" % e)
                return 1
    t_map = time.monotonic() - t0
    try:
        res = pricer.run(config, rundir, force=force, set=settings, shards=n, worker="client",
                         command=["python3", "-m", "pricer.dask"] + list(
                             argv if argv is not None else sys.argv[1:]))
    except pricer.PricerError as e:
        sys.stderr.write("pricer.dask: %s\n" % e)
        return 1
    print("pricer.dask: %d shards of %d inputs in %.2f s, reduce %.2f s: %d items, train %d, "
          "test %d -> %s" % (len(futures), len(plan), t_map, time.monotonic() - t0 - t_map,
                             res["items"], res["train"], res["test"], rundir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
