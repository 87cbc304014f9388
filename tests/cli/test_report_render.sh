#!/usr/bin/env bash
# The report renders in a real browser: headless Chromium loads a copy of report.html with a
# measuring script appended (the report itself has no scripts), then --dump-dom returns the
# measurements. Every chart must be on the page with a non-zero size, draw its marks (bars,
# points, slices or lines of non-zero size), and no two horizontal texts of a chart may overlap.
# Issue 13's polish, measured in the browser: the token histogram spreads over many bars, the
# length axis ends near the longest item, the split prices are overlaid as one line per
# split, every category has one colour and one order in every chart, the assessment's
# examples wrap inside their column and expected truncations are not flagged as problems.
# A screenshot of the page is kept as $PC_BUILD/report_screenshot.png for a human look.
set -euo pipefail
PY=/usr/bin/python3
command -v chromium >/dev/null || exit 77
[ -x "$PY" ] || exit 77
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
"$PY" "$PC_ROOT/tests/gen/report_fixture.py" "$t"
raw=()
if [ -f "${PC_SHARED:-/nonexistent}/data/amazon/meta_Gift_Cards.jsonl" ]; then
    raw=(--raw "$PC_SHARED/data/amazon/meta_Gift_Cards.jsonl")
fi
"$PRICER" --quiet report "${raw[@]}" --items "$t/planted/items.jsonl" --sample "$t/sample.jsonl" \
    --split "$t/planted/split" -o "$t/report.html"
nsvg=$(ls "$t/report_files/"*.svg | wc -l)

"$PY" - "$t" <<'PYEOF'
import sys
t = sys.argv[1]
page = open(t + "/report.html", encoding="utf-8").read()
probe = r"""<pre id="pc-measure"></pre><script>
const out = [];
for (const svg of document.querySelectorAll('svg.pc-chart')) {
  const r = svg.getBoundingClientRect();
  const marks = [...svg.querySelectorAll('rect.bar, circle.pt, path.slice, path.series')]
      .filter(e => { const b = e.getBBox(); return b.width > 0 && b.height > 0; }).length;
  const texts = [...svg.querySelectorAll('text')]
      .filter(x => !x.getAttribute('transform') && x.textContent.trim());
  const boxes = texts.map(x => x.getBoundingClientRect());
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 1) overlaps.push(texts[i].textContent + ' / ' + texts[j].textContent);
    }
  const title = svg.querySelector('.chart-title').getBBox();
  const cats = [...svg.querySelectorAll('rect.bar[data-label], path.slice[data-label]')]
      .map(e => [e.dataset.label, getComputedStyle(e).fill, e.dataset.series || 's']);
  const hbars = [...svg.querySelectorAll('rect.bar[data-count]')];
  const nonempty = hbars.filter(e => +e.dataset.count > 0).length;
  const right = Math.max(0, ...hbars.map(e => e.getBBox().x + e.getBBox().width));
  const axis = Math.max(0, ...[...svg.querySelectorAll('line')].map(l => +l.getAttribute('x2')));
  const series = [...svg.querySelectorAll('path.series')].map(e => e.dataset.series);
  out.push({chart: svg.dataset.chart, w: r.width, h: r.height, marks, overlaps,
            title_w: title.width, cats, nonempty, bars: hbars.length, right, axis, series});
}
const main = document.querySelector('main').getBoundingClientRect();
const ex = [...document.querySelectorAll('td.ex')].map(td => ({
  over: td.scrollWidth - td.clientWidth, w: td.getBoundingClientRect().width}));
const tables = [...document.querySelectorAll('table.findings')]
    .map(t => t.getBoundingClientRect().right - main.right);
const rows = [...document.querySelectorAll('table.findings tr')].map(tr => ({
  cls: tr.className, label: tr.cells[0] ? tr.cells[0].textContent : ''}));
document.getElementById('pc-measure').textContent =
    JSON.stringify({charts: out, ex, tables, rows});
</script>"""
open(t + "/probe.html", "w", encoding="utf-8").write(page.replace("</body>", probe + "</body>"))
PYEOF

chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$t/profile" --window-size=1000,2000 --dump-dom "file://$t/probe.html" \
    >"$t/dom.html" 2>"$t/chromium.err" || { cat "$t/chromium.err"; exit 1; }

"$PY" - "$t" "$nsvg" <<'PYEOF'
import html, json, re, sys
t, nsvg = sys.argv[1], int(sys.argv[2])
dom = open(t + "/dom.html", encoding="utf-8").read()
m = re.search(r'<pre id="pc-measure">(.*?)</pre>', dom, re.S)
meas = json.loads(html.unescape(m.group(1)))
charts = meas["charts"]
by = {c["chart"]: c for c in charts}
fail = []
if len(charts) != nsvg:
    fail.append(f"{len(charts)} charts on the page, {nsvg} svg files")
for c in charts:
    if not (c["w"] > 100 and c["h"] > 100):
        fail.append(f"{c['chart']}: size {c['w']}x{c['h']}")
    if c["marks"] < 1:
        fail.append(f"{c['chart']}: nothing drawn")
    if c["title_w"] <= 0:
        fail.append(f"{c['chart']}: title not rendered")
    if c["overlaps"]:
        fail.append(f"{c['chart']}: overlapping text: {c['overlaps'][:5]}")
# the token histogram shows the distribution: many non-empty bars, none holding most items
tk = by.get("items_tokens")
if tk and tk["nonempty"] < 8:
    fail.append(f"items_tokens: only {tk['nonempty']} non-empty bars")
# the length axis is fitted: the last bar ends near the end of the axis
rl = by.get("raw_lengths")
if rl and rl["right"] < 0.9 * rl["axis"]:
    fail.append(f"raw_lengths: bars end at x={rl['right']:.0f} of an axis to {rl['axis']:.0f}")
# train and test prices overlaid on one axis
sp = by.get("split_prices")
if not sp or sp["series"][:2] != ["train", "test"]:
    fail.append(f"split_prices: series {sp and sp['series']}")
# one colour per category everywhere (the lighter 'before' bars share the hue), one order
colour, orders = {}, {}
for c in charts:
    if not c["chart"].endswith(("_categories", "_share")):
        continue
    seen = []
    for label, fill, series in c["cats"]:
        colour.setdefault(label, set()).add(fill)
        if label not in seen:
            seen.append(label)
    if seen:
        orders[c["chart"]] = seen
for label, fills in colour.items():
    if len(fills) != 1:
        fail.append(f"category {label!r} has colours {sorted(fills)}")
page_order = orders.get("curation_categories") or max(orders.values(), key=len)
for name, seen in orders.items():
    if seen != [l for l in page_order if l in seen] and "(other)" not in seen:
        fail.append(f"{name}: category order {seen} differs from {page_order}")
# the assessment: examples wrap inside their cells, tables fit the page, expected cuts are
# shown but not flagged
for e in meas["ex"]:
    if e["over"] > 1:
        fail.append(f"an assessment example overflows its cell by {e['over']}px")
for over in meas["tables"]:
    if over > 1:
        fail.append(f"an assessment table sticks out of the page by {over:.0f}px")
cut = [r for r in meas["rows"] if r["label"].startswith(("cut inside", "cut mid-word"))]
if not cut or any(r["cls"] != "expected" for r in cut):
    fail.append(f"truncation rows: {cut}")
page = open(t + "/report.html", encoding="utf-8").read()
if not re.search(r"<th>token count</th><td class=\"num\">avg [\d.,]+, min \d+, max \d+</td>", page):
    fail.append("token count statistics are not integers")
if "invalid JSON lines" not in page:
    fail.append("invalid JSON lines are not labelled as such")
print(f"{len(charts)} charts rendered: " + ", ".join(f"{c['chart']}({c['marks']})" for c in charts))
if fail:
    print("\n".join(fail)); sys.exit(1)
PYEOF
# a screenshot for a human look (the checks above are what pass or fail)
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$t/profile" --window-size=1000,9000 --hide-scrollbars \
    --screenshot="$t/shot.png" "file://$t/report.html" >/dev/null 2>&1 || true
if [ -s "$t/shot.png" ]; then
    "$PY" -c 'import sys; d=open(sys.argv[1],"rb").read(); assert d[:8]==b"\x89PNG\r\n\x1a\n" and len(d) > 20000, len(d)' "$t/shot.png"
    cp "$t/shot.png" "${PC_BUILD:-$t}/report_screenshot.png"
fi
echo ok
