#!/usr/bin/env bash
# pricer eval against the same Tester in Python (tests/gen/eval_expect.py: json, statistics,
# the course's formulas) on one generated split, side by side: the category-median baseline
# over a train split joined with its items for categories (--items), and the train-mean
# constant baseline read from JSONL and from pricer's Parquet. Prints CPU seconds
# (user+sys) and wall, best of 3, and the ratio. Usage: bench/eval_bench.sh [ITEMS] (default
# 402,000 generated items: train 400,000, test 2,000 as in the reference). Needs build/.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-402000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -x build/pricer ] || scripts/build.sh build >/dev/null
/usr/bin/python3 tests/gen/curate_items.py "$n" 11 "$work/items.jsonl"
build/pricer -q split "$work/items.jsonl" -o "$work/s" --train $((n - 2000)) --test 2000 \
    --format jsonl --format parquet >/dev/null 2>&1
echo "input: $n items ($(du -h "$work/items.jsonl" | cut -f1)), train $((n - 2000)), test 2000"
best() { # LABEL CMD... : best of 3 by CPU, prints "cpu wall"
    local b="" bw=""
    for _ in 1 2 3; do
        /usr/bin/time -f "%U %S %e" -o "$work/t" "$@" >"$work/out" 2>/dev/null
        read -r u s w <"$work/t"
        c=$(echo "$u + $s" | bc)
        if [ -z "$b" ] || [ "$(echo "$c < $b" | bc)" = 1 ]; then b=$c; bw=$w; fi
    done
    echo "$b $bw"
}
T="$work/s/test.jsonl"
TR="$work/s/train.jsonl"
PQ="$work/s/data/train-00000-of-00001.parquet"
row() { # LABEL "pricer cpu wall" "python cpu wall"
    set -- "$1" $2 $3
    awk -v l="$1" -v pc="$2" -v pw="$3" -v yc="$4" -v yw="$5" 'BEGIN {
        printf "%-34s pricer %6.2f s CPU %6.2f s wall   python %6.2f s CPU %6.2f s wall   x%.1f\n",
               l, pc, pw, yc, yw, yc / (pc > 0.005 ? pc : 0.005) }'
}
P=$(best nice build/pricer eval --json --test "$T" --baseline category-median --train "$TR" --items "$work/items.jsonl")
cp "$work/out" "$work/p.json"
Y=$(best nice /usr/bin/python3 tests/gen/eval_expect.py --items="$work/items.jsonl" "$T" "median:$TR" 250)
cmp -s "$work/out" "$work/p.json" || { echo "outputs differ"; exit 1; }
row "category-median + --items join" "$P" "$Y"
P=$(best nice build/pricer eval --json --test "$T" --baseline constant --train "$TR")
cp "$work/out" "$work/p.json"
Y=$(best nice /usr/bin/python3 tests/gen/eval_expect.py "$T" "mean:$TR" 250)
cmp -s "$work/out" "$work/p.json" || { echo "outputs differ"; exit 1; }
row "train mean (JSONL train)" "$P" "$Y"
P=$(best nice build/pricer eval --json --test "$T" --baseline constant --train "$PQ")
cmp -s "$work/out" "$work/p.json" || { echo "parquet output differs"; exit 1; }
row "train mean (Parquet train)" "$P" "$Y"
