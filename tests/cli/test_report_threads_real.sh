#!/usr/bin/env bash
# The report and the assessment of the real Amazon files (../shared/data/amazon) at -j1, -j2
# and -j4: parse, curate and split them, then the page, its charts and assess --json are the
# same bytes at every count (the real data has near duplicates and near leaks, so the
# threaded near-duplicate search has joins to merge). Skipped (77) without ../shared.
set -uo pipefail
: "${PRICER:?}"
D="${PC_SHARED:-/nonexistent}/data/amazon"
[ -f "$D/meta_Gift_Cards.jsonl" ] || exit 77
. "$PC_ROOT/tests/cli/common.sh"
raw=("$D/meta_Gift_Cards.jsonl" "$D/meta_Subscription_Boxes.jsonl")
"$PRICER" -q parse "${raw[@]}" -o items.jsonl 2>parse.err || { cat parse.err; exit 1; }
"$PRICER" -q curate items.jsonl -o sample.jsonl || exit 1
"$PRICER" -q split sample.jsonl -o split --train 200 --test 60 --validation 40 --allow-short \
  2>/dev/null || exit 1
for j in 1 2 4; do
  mkdir -p "rep$j"
  "$PRICER" -q report -j $j --raw "${raw[@]}" --items items.jsonl --sample sample.jsonl \
    --split split -o "rep$j/report.html" 2>"rep$j.err" || fail "report -j $j: $(tail -3 "rep$j.err")"
  "$PRICER" -q assess -j $j split --json -o "split$j.json" 2>>"rep$j.err" ||
    fail "assess -j $j: $(tail -3 "rep$j.err")"
done
[ -s rep1/report.html ] && grep -q '"leakage_near": {"count": [1-9]' split1.json ||
  fail "no page, or no near leak to merge"
for j in 2 4; do
  diff -r rep1 "rep$j" >/dev/null && cmp -s split1.json "split$j.json" &&
    ok "real data: report and assess -j $j = -j 1" || fail "real data: -j $j differs"
done
exit $bad
