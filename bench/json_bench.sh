#!/usr/bin/env bash
# JSON parsing throughput: pricer's parser vs CPython's json.loads (the reference's parser,
# C-accelerated) on the same JSONL lines, in the same run. Prints MB/s (best of 3) and the ratio.
# Usage: bench/json_bench.sh [JSONL_FILE] [ROUNDS]  (default: ../shared meta_Gift_Cards.jsonl,
# 20 rounds). Needs build/ (scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
file=${1:-../shared/data/amazon/meta_Gift_Cards.jsonl}
rounds=${2:-20}
[ -f "$file" ] || { echo "json_bench: $file is absent" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -f build/libpricer_core.a ] || scripts/build.sh build >/dev/null
cc -O2 -Isrc -Iinclude bench/json_bench.c build/libpricer_core.a -lz -lzstd -llzma -lyaml -lm -lpthread \
    -o "$work/json_bench"
echo "input: $file ($(wc -c <"$file") bytes, $(wc -l <"$file") lines) x $rounds rounds"
nice "$work/json_bench" "$file" "$rounds" | tee "$work/pricer.txt" |
    awk '{printf "pricer %-11s %8.1f MB/s  (%d lines, %d rejected)\n", $1, $2, $3, $4}'
nice /usr/bin/python3 - "$file" "$rounds" <<'PY' | tee "$work/python.txt" |
import json, sys, time
data = open(sys.argv[1], "rb").read()
lines = data.decode("utf-8").split("\n")
rounds = int(sys.argv[2])
best = {}
for name in ("loads", "loads+dumps") * 3:
    t0 = time.perf_counter()
    for _ in range(rounds):
        for line in lines:
            if not line:
                continue
            d = json.loads(line)
            if name == "loads+dumps" and "details" in d:
                json.dumps(d["details"])
    mbs = len(data) * rounds / (time.perf_counter() - t0) / 1e6
    best[name] = max(best.get(name, 0), mbs)
for name in ("loads", "loads+dumps"):
    print(name, "%.1f" % best[name])
PY
    awk '{printf "python %-11s %8.1f MB/s\n", $1, $2}'
paste "$work/pricer.txt" "$work/python.txt" |
    awk '{printf "ratio pricer/python %s: %.1fx\n", $1, $2 / $6}'
