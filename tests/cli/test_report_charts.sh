#!/usr/bin/env bash
# Chart data of pricer report (titles, histogram bin counts, category labels and values)
# equal what tests/gen/report_expect.py computes independently with Python json + numpy,
# the way the reference notebooks did. Uses the real Gift_Cards / Subscription_Boxes files
# from ../shared for the raw charts when present.
set -euo pipefail
PY=/usr/bin/python3
"$PY" -c 'import numpy' 2>/dev/null || exit 77
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
"$PY" "$PC_ROOT/tests/gen/report_fixture.py" "$t"
raw=()
if [ -f "${PC_SHARED:-/nonexistent}/data/amazon/meta_Gift_Cards.jsonl" ]; then
    raw=(--raw "$PC_SHARED/data/amazon/meta_Gift_Cards.jsonl"
         "$PC_SHARED/data/amazon/meta_Subscription_Boxes.jsonl")
fi
args=("${raw[@]}" --items "$t/planted/items.jsonl" --sample "$t/sample.jsonl"
      --split "$t/planted/split")
mkdir -p "$t/out"
"$PRICER" --quiet report "${args[@]}" -o "$t/out/report.html"
"$PY" "$PC_ROOT/tests/gen/report_expect.py" "${args[@]}" >"$t/expect.json"

"$PY" - "$t" <<'PYEOF'
import html, json, re, sys
t = sys.argv[1]
exp = json.load(open(t + "/expect.json"))
page = open(t + "/out/report.html", encoding="utf-8").read()
fail = []
for name, e in exp.items():
    try:
        svg = open(f"{t}/out/report_files/{name}.svg", encoding="utf-8").read()
    except OSError:
        fail.append(f"{name}: no svg file"); continue
    if f'data-chart="{name}"' not in page:
        fail.append(f"{name}: not inline in the page")
    title = html.unescape(re.search(r'class="chart-title">([^<]*)<', svg).group(1))
    if title != e["title"]:
        fail.append(f"{name}: title {title!r} != {e['title']!r}")
    if "counts" in e:
        got = [int(c) for c in re.findall(r'data-bin="\d+" data-count="(\d+)"', svg)]
        if got != e["counts"]:
            fail.append(f"{name}: counts differ\n got  {got}\n want {e['counts']}")
    if "labels" in e:
        bars = re.findall(r'<rect class="bar" data-label="([^"]*)" data-series="0" data-value="([^"]*)"', svg)
        labels = [html.unescape(b[0]) for b in bars]
        values = [int(float(b[1])) for b in bars]
        if labels != e["labels"] or values != e["values"]:
            fail.append(f"{name}: bars {list(zip(labels, values))} != {list(zip(e['labels'], e['values']))}")
        # value labels above the bars, with thousands separators
        for v in e["values"]:
            if f'>{v:,}</text>' not in svg:
                fail.append(f"{name}: no value label {v:,}")
    if "densities" in e:
        got = {html.unescape(n): [float(x) for x in d.split()] for n, d in
               re.findall(r'<path class="series" data-series="([^"]*)" data-density="([^"]*)"', svg)}
        if list(got) != list(e["densities"]):
            fail.append(f"{name}: series {list(got)} != {list(e['densities'])}")
        for n, want in e["densities"].items():
            g = got.get(n, [])
            if len(g) != len(want) or any(abs(x - y) > 1e-5 * max(abs(y), 1e-12) for x, y in zip(g, want)):
                fail.append(f"{name}: {n} densities differ from numpy's")
    if "slices" in e:
        n = svg.count('<path class="slice"')
        if n != e["slices"]:
            fail.append(f"{name}: {n} slices != {e['slices']}")
print(f"checked {len(exp)} charts")
if fail:
    print("\n".join(fail)); sys.exit(1)
PYEOF
# the page is self-contained: no scripts, no external resources
if grep -qi '<script\|src="http\|href="http' "$t/out/report.html"; then
    echo "report.html is not self-contained"; exit 1
fi
# several --items files (one per category, as pricer run passes them) give the same charts
# as their concatenation
"$PY" - "$t" <<'PYEOF'
import json, sys
t = sys.argv[1]
rows = [l for l in open(t + "/clean/items.jsonl", encoding="utf-8")]
for c in ("Appliances", "Musical_Instruments", "Tools_and_Home_Improvement"):
    with open(f"{t}/items_{c}.jsonl", "w", encoding="utf-8") as f:
        f.writelines(r for r in rows if json.loads(r)["category"] == c)
PYEOF
mkdir -p "$t/one" "$t/three"
"$PRICER" --quiet report --items "$t/clean/items.jsonl" -o "$t/one/r.html"
"$PRICER" --quiet report --items "$t/items_Appliances.jsonl" --items "$t/items_Musical_Instruments.jsonl" \
    "$t/items_Tools_and_Home_Improvement.jsonl" -o "$t/three/r.html"
for c in items_prices items_tokens; do
    cmp <(grep -o 'data-count="[0-9]*"' "$t/one/r_files/$c.svg") \
        <(grep -o 'data-count="[0-9]*"' "$t/three/r_files/$c.svg")
done
grep -q "items_Musical_Instruments.jsonl" "$t/three/r.html"
echo ok
