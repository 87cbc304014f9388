#!/usr/bin/env bash
# Exactness of pricer eval against the course's published Tester output: on the reference's
# first 250 test items with their true prices, the random baseline (random.seed(42), then
# randrange(1, 1000) per item) must give Error $340.74, RMSLE 1.72, Hits 11.6% (SPEC §6.1),
# and every guess, colour and printed title must equal test250_day3_outputs.tsv (the
# notebook's own printed lines). The constant baseline at the train mean (220.46..., the
# tsv's constant_color column) must give the published $145.51, 1.22, 16.8%.
# The JSON figures are recomputed independently with CPython's random and math.
set -euo pipefail
PY=/usr/bin/python3
REF="${PC_SHARED:-/nonexistent}/reference"
[ -f "$REF/test_first250_with_truth.jsonl" ] && [ -f "$REF/test250_day3_outputs.tsv" ] || exit 77
[ -x "$PY" ] || exit 77
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
T="$REF/test_first250_with_truth.jsonl"

"$PRICER" eval --test "$T" --baseline random --color never >"$t/random.txt"
"$PRICER" eval --test "$T" --baseline random --color always >"$t/random_color.txt"
"$PRICER" eval --test "$T" --baseline random --json >"$t/random.json"
"$PRICER" eval --test "$T" --baseline constant --value 220.46 --color never >"$t/const.txt"
"$PRICER" eval --test "$T" --baseline random -o "$t/eval.html" >/dev/null

"$PY" - "$t" "$REF" <<'PYEOF'
import json, math, random, re, sys
t, ref = sys.argv[1], sys.argv[2]
fail = []
rows = [l.rstrip("\n").split("\t") for l in open(ref + "/test250_day3_outputs.tsv", encoding="utf-8")
        if not l.startswith("#")][1:]
assert len(rows) == 250
lines = open(t + "/random.txt", encoding="utf-8").read().split("\n")
pat = re.compile(r"^(\d+): Guess: \$([\d,.]+) Truth: \$([\d,.]+) Error: \$([\d,.]+) "
                 r"SLE: ([\d,.]+) Item: (.*)$")
for k, row in enumerate(rows):
    m = pat.match(lines[k])
    if not m:
        fail.append(f"line {k+1} not in the Tester's format: {lines[k]!r}"); continue
    i, truth, guess, color, ccolor, title = row
    if m.group(1) != i or m.group(2).replace(",", "") != guess \
            or m.group(3).replace(",", "") != truth or m.group(6) != title:
        fail.append(f"item {i}: {lines[k]!r} vs tsv {row}")
want = "Random Pricer Error=$340.74 RMSLE=1.72 Hits=11.6%"
if lines[250] != want:
    fail.append(f"summary {lines[250]!r} != {want!r}")
# colours: the course's ANSI codes around each line
codes = {"green": "\033[92m", "orange": "\033[93m", "red": "\033[91m"}
clines = open(t + "/random_color.txt", encoding="utf-8").read().split("\n")
for k, row in enumerate(rows):
    if clines[k] != codes[row[3]] + lines[k] + "\033[0m":
        fail.append(f"item {row[0]}: colour line {clines[k]!r}, want {row[3]}")
# an independent Tester in Python (the course's code path) for the JSON figures
truths = [json.loads(l)["truth_price"] for l in open(ref + "/test_first250_with_truth.jsonl")]
random.seed(42)
guesses = [random.randrange(1, 1000) for _ in truths]
def color_for(error, truth):
    if error < 40 or error / truth < 0.2: return "green"
    if error < 80 or error / truth < 0.4: return "orange"
    return "red"
errors = [abs(g - tr) for g, tr in zip(guesses, truths)]
sles = [(math.log(tr + 1) - math.log(g + 1)) ** 2 for g, tr in zip(guesses, truths)]
colors = [color_for(e, tr) for e, tr in zip(errors, truths)]
if colors != [r[3] for r in rows]:
    fail.append("the Python Tester disagrees with the tsv colours (generator problem)")
exp = {"items": 250, "average_error": sum(errors) / 250, "rmsle": math.sqrt(sum(sles) / 250),
       "hit_percent": colors.count("green") / 250 * 100,
       "colors": {c: colors.count(c) for c in ("green", "orange", "red")}}
got = json.loads(open(t + "/random.json").read())
if got != exp:
    fail.append(f"json {got} != {exp}")
if open(t + "/random.json").read() != json.dumps(exp) + "\n":
    fail.append("json text differs from json.dumps")
# constant baseline: tsv constant_color and the published summary
clines = open(t + "/const.txt", encoding="utf-8").read().split("\n")
for k, row in enumerate(rows):
    g = 220.46
    e = abs(g - float(row[1]))
    if color_for(e, float(row[1])) != row[4]:
        fail.append(f"item {row[0]}: tsv constant colour {row[4]} not reproducible")
want = "Constant Pricer Error=$145.51 RMSLE=1.22 Hits=16.8%"
if clines[250] != want:
    fail.append(f"constant summary {clines[250]!r} != {want!r}")
# the HTML page: every item a point of its colour, the y = x line, no scripts
page = open(t + "/eval.html", encoding="utf-8").read()
pts = re.findall(r'<circle class="pt" data-color="(\w+)"', page)
if pts != [r[3] for r in rows]:
    fail.append(f"html points {len(pts)}: colours differ from the tsv")
for s in ("Ground Truth", "Model Estimate", 'class="diag"', want.replace("Constant", "Random")
          .replace("$145.51", "$340.74").replace("1.22", "1.72").replace("16.8", "11.6")):
    if s not in page:
        fail.append(f"html lacks {s!r}")
if re.search(r"<script|src=\"http|href=\"http", page, re.I):
    fail.append("html is not self-contained")
print("\n".join(fail) if fail else "ok: 250 guesses, colours, titles and summaries match")
sys.exit(1 if fail else 0)
PYEOF
