#!/usr/bin/env bash
# Parse's batches change size with -j (pipe/source.h: small first batches, a shrinking tail in
# the last input): on inputs of several full batches, plain and gzip, one and several inputs,
# the items, the --stats file and a run's parse outputs (items, stats.json, raw.json) are the
# same bytes at -j1, -j2, -j3 and -j4, and the invalid-line summary counts every invalid line.
set -uo pipefail
: "${PRICER:?}" "${PC_ROOT:?}"
command -v gzip >/dev/null && command -v python3 >/dev/null || exit 77
TOKJSON="$PC_ROOT/tests/golden/tok/tiny/tokenizer.json"
[ -f "$TOKJSON" ] || exit 77
. "$PC_ROOT/tests/cli/common.sh"

"$PRICER" -q synth --seed 5 --records 8000 -o syn || { echo "synth failed"; exit 1; }
cat syn/meta_Automotive.jsonl syn/meta_Electronics.jsonl >meta_Big.jsonl # ~5 MB: full batches
# every 50th line broken: more invalid lines than one batch details (20)
awk 'NR % 50 == 0 { print "{broken"; next } { print }' syn/meta_Tools_and_Home_Improvement.jsonl \
  >meta_Broken.jsonl
gzip -c meta_Big.jsonl >meta_Gz.jsonl.gz
[ "$(wc -c <meta_Big.jsonl)" -gt 4000000 ] || fail "input too small to span several batches"

for j in 1 2 3 4; do
  "$PRICER" parse --tokenizer "$TOKJSON" -j $j --stats st$j.json -o items$j.jsonl \
    meta_Gz.jsonl.gz meta_Broken.jsonl meta_Big.jsonl 2>err$j || fail "parse -j $j: $(tail -3 err$j)"
done
[ -s items1.jsonl ] || fail "no items"
for j in 2 3 4; do
  cmp -s items1.jsonl items$j.jsonl && cmp -s st1.json st$j.json && ok "parse -j$j = -j1" ||
    fail "parse -j$j differs from -j1"
done
# 20 invalid lines shown, the rest counted (not capped per batch): meta_Broken.jsonl alone has
# more invalid lines than a batch details
n_inv=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['total']['invalid'])" st1.json)
[ "$n_inv" -gt $(($(wc -l <meta_Broken.jsonl) / 50)) ] || fail "too few invalid lines ($n_inv)"
for j in 1 4; do
  grep -q "^pricer: ... $((n_inv - 20)) more invalid lines not shown" err$j &&
    [ "$(grep -c 'skipped (' err$j)" = 20 ] && ok "-j$j: 20 invalid lines shown, $((n_inv - 20)) more counted" ||
    fail "-j$j invalid-line summary: expected $((n_inv - 20)) more: $(grep 'not shown' err$j)"
done

mkdir -p data && cp syn/meta_Automotive.jsonl syn/meta_Appliances.jsonl data/
for j in 1 3; do
  "$PRICER" -q run --data-dir data --categories Automotive,Appliances --tokenizer "$TOKJSON" \
    --allow-short --train 50 --test 10 -j $j -o r 2>run$j.err || fail "run -j $j: $(tail -3 run$j.err)"
  mkdir -p run$j && mv r/items run$j/ && rm -rf r
done
ls run1/items/*.raw.json >/dev/null 2>&1 || fail "no raw.json in the run"
diff -r run1/items run3/items >/dev/null && ok "run parse outputs -j3 = -j1" ||
  fail "run parse outputs differ across -j"
exit $bad
