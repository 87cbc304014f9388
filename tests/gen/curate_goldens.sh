#!/usr/bin/env bash
# Regenerates tests/golden/curate_goldens.txt: sha256 of the outputs the reference Python
# (tests/gen/curate_expected.py: numpy's legacy generator + CPython's random) produces on
# inputs written by tests/gen/curate_items.py. Each line: NAME SHA256 LINES.
# usage: tests/gen/curate_goldens.sh   (needs /usr/bin/python3 with numpy)
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
g=tests/gen
$PY $g/curate_items.py 3000 7 "$t/small.jsonl"
$PY $g/curate_items.py 60000 11 "$t/medium.jsonl"
row() { printf '%s %s %s\n' "$1" "$(sha256sum < "$2" | cut -d' ' -f1)" "$(wc -l < "$2")"; }
{
  $PY $g/curate_expected.py curate "$t/small.jsonl" --slot-cap 50 > "$t/o"; row small_cap50 "$t/o"
  $PY $g/curate_expected.py curate "$t/small.jsonl" --slot-cap 30 --seed 7 --all-above 60 \
    --slot-min 2 --slot-max 500 --weight Electronics=2 --weight Automotive=3 \
    --default-weight 4 > "$t/o"; row small_options "$t/o"
  $PY $g/curate_expected.py curate "$t/medium.jsonl" --slot-cap 600 > "$t/o"; row medium_cap600 "$t/o"
  cp "$t/o" "$t/sample.jsonl"
  mkdir "$t/s"
  $PY $g/curate_expected.py split "$t/sample.jsonl" "$t/s" --train 20000 --test 2000 \
    --validation 500
  for f in train test validation openai_train openai_validation; do
    row "split_$f" "$t/s/$f.jsonl"
  done
} > tests/golden/curate_goldens.txt
cat tests/golden/curate_goldens.txt
