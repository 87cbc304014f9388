#!/usr/bin/env bash
# The real-data report: the whole pipeline on ../shared/data/amazon (Gift_Cards with its 380
# priced records, Subscription_Boxes without prices) through the real pricer parse, curate
# and split, then pricer report and pricer assess. Checks that every stage shows up with
# its charts, that the raw charts equal the independent numpy computation, and that the
# page renders. Skipped (77) while pricer parse is not implemented or ../shared is absent.
set -euo pipefail
PY=/usr/bin/python3
D="${PC_SHARED:-/nonexistent}/data/amazon"
[ -f "$D/meta_Gift_Cards.jsonl" ] || exit 77
"$PY" -c 'import numpy' 2>/dev/null || exit 77
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
raw=("$D/meta_Gift_Cards.jsonl" "$D/meta_Subscription_Boxes.jsonl")
if ! "$PRICER" --quiet parse "${raw[@]}" -o "$t/items.jsonl" 2>"$t/parse.err"; then
    if grep -q "not implemented" "$t/parse.err"; then exit 77; fi
    cat "$t/parse.err"; exit 1
fi
"$PRICER" --quiet curate "$t/items.jsonl" -o "$t/sample.jsonl"
"$PRICER" --quiet split "$t/sample.jsonl" -o "$t/split" --train 40 --test 10 --allow-short
"$PRICER" --quiet report --raw "${raw[@]}" --items "$t/items.jsonl" --sample "$t/sample.jsonl" \
    --split "$t/split" -o "$t/report.html"
for c in raw_lengths raw_prices items_tokens items_prices items_categories items_share \
         items_scatter sample_prices curation_prices split_prices; do
    [ -s "$t/report_files/$c.svg" ] || { echo "missing chart $c"; exit 1; }
    grep -q "data-chart=\"$c\"" "$t/report.html" || { echo "chart $c not in the page"; exit 1; }
done
"$PY" "$PC_ROOT/tests/gen/report_expect.py" --raw "${raw[@]}" --items "$t/items.jsonl" >"$t/expect.json"
"$PY" - "$t" <<'PYEOF'
import html, json, re, sys
t = sys.argv[1]
exp = json.load(open(t + "/expect.json"))
fail = []
for name, e in exp.items():
    svg = open(f"{t}/report_files/{name}.svg", encoding="utf-8").read()
    title = html.unescape(re.search(r'class="chart-title">([^<]*)<', svg).group(1))
    if title != e["title"]:
        fail.append(f"{name}: {title!r} != {e['title']!r}")
    if "counts" in e:
        got = [int(c) for c in re.findall(r'data-count="(\d+)"', svg)]
        if got != e["counts"]:
            fail.append(f"{name}: bin counts differ")
if fail:
    print("\n".join(fail)); sys.exit(1)
print("real-data charts agree:", ", ".join(exp))
PYEOF
"$PRICER" assess "$t/split" --json -o "$t/assess.json"
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["records"] > 0' "$t/assess.json"
"$PRICER" assess "$t/items.jsonl" | grep "^problems" >/dev/null
echo ok
