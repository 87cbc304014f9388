#!/usr/bin/env bash
# The report renders in a real browser: headless Chromium loads a copy of report.html with a
# measuring script appended (the report itself has no scripts), then --dump-dom returns the
# measurements. Every chart must be on the page with a non-zero size, draw its marks (bars,
# points or slices of non-zero size), and no two horizontal texts of a chart may overlap.
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
  const marks = [...svg.querySelectorAll('rect.bar, circle.pt, path.slice')]
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
  out.push({chart: svg.dataset.chart, w: r.width, h: r.height, marks, overlaps,
            title_w: title.width});
}
document.getElementById('pc-measure').textContent = JSON.stringify(out);
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
charts = json.loads(html.unescape(m.group(1)))
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
print(f"{len(charts)} charts rendered: " + ", ".join(f"{c['chart']}({c['marks']})" for c in charts))
if fail:
    print("\n".join(fail)); sys.exit(1)
PYEOF
echo ok
