#!/usr/bin/env bash
# Benchmark of `pricer curate` + `pricer split` on N generated items (default 3,000,000 short
# lines, ~1 GB), side by side with the peer: the reference algorithm in Python + numpy
# (tests/gen/curate_expected.py, the same sampling and shuffle) on the same file. Prints the
# times, peak RSS and the ratio, and checks that both produced the same bytes.
# usage: nice bench/curate_bench.sh [N]        (data cached in bench/data/, ignored by git)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-3000000}
PY=/usr/bin/python3
PRICER=${PRICER:-build/pricer}
[ -x "$PRICER" ] || { echo "build first: scripts/build.sh build"; exit 1; }
$PY -c 'import numpy' || { echo "needs python3-numpy"; exit 1; }
d=bench/data; o=bench/out/curate; mkdir -p "$d" "$o"
items="$d/curate_items_$N.jsonl"
if [ ! -s "$items" ]; then
  echo "generating $N items (once) ..."
  $PY tests/gen/curate_items.py "$N" 5 "$items.part" --short && mv "$items.part" "$items"
fi
echo "input: $items ($(du -h "$items" | cut -f1), $N lines)"
cat "$items" > /dev/null   # warm the page cache for both sides

measure() { # label, command... -> prints seconds and peak RSS (MB)
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$o/time" "$@" 2>"$o/err" >"$o/stdout" ||
    { cat "$o/err"; exit 1; }
  read -r secs kb < "$o/time"
  printf '%-34s %8.2f s  %7.0f MB peak RSS\n' "$label" "$secs" "$((kb / 1024))"
  echo "$secs"  > "$o/last"
}

rm -rf "$o/split" "$o/peer"; mkdir -p "$o/peer"
measure "pricer curate" "$PRICER" -q curate "$items" -o "$o/sample.jsonl"; pc=$(cat "$o/last")
measure "pricer split (jsonl+openai)" "$PRICER" -q split "$o/sample.jsonl" -o "$o/split" \
  --format jsonl --format openai --allow-short; ps=$(cat "$o/last")
measure "python+numpy curate" $PY tests/gen/curate_expected.py curate "$items"
py_c=$(cat "$o/last"); mv "$o/stdout" "$o/peer_sample.jsonl"
measure "python split (jsonl+openai)" $PY tests/gen/curate_expected.py split \
  "$o/peer_sample.jsonl" "$o/peer"; py_s=$(cat "$o/last")
cmp -s "$o/sample.jsonl" "$o/peer_sample.jsonl" && echo "samples: identical bytes" ||
  { echo "samples DIFFER"; exit 1; }
for f in train test openai_train openai_validation; do
  cmp -s "$o/split/$f.jsonl" "$o/peer/$f.jsonl" || { echo "$f.jsonl DIFFERS"; exit 1; }
done
echo "splits: identical bytes"
awk -v a="$pc" -v b="$ps" -v c="$py_c" -v d="$py_s" 'BEGIN {
  printf "curate+split: pricer %.2f s, python+numpy %.2f s, ratio %.1fx\n", a+b, c+d, (c+d)/(a+b) }'
