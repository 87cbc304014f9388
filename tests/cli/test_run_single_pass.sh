#!/usr/bin/env bash
# The single pass: investigate.json and the report's raw-data charts of `pricer run` come
# from the statistics the parse pass gathered (items/<Category>.raw.json), not from a second
# read; they must equal what `pricer investigate --json` and `pricer report --raw` compute
# from the raw files themselves, including values the statistics files must carry exactly:
# prices off the cent grid and above $10,000 and content longer than 20,000 code points
# (the exact medians), invalid lines, and a second input. Raw lines are written by Python's
# json module; the tiny test tokenizer keeps it fast. Identical at -j1 and -j2.
set -euo pipefail
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "no python3: skipped"; exit 77; }
tok="$PC_ROOT/tests/golden/tok/tiny/tokenizer.json"
[ -f "$tok" ] || { echo "no test tokenizer: skipped"; exit 77; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export PRICER_QUIET=1
mkdir -p "$t/data"
"$PY" - "$t/data" <<'PYEOF'
import json, random, sys
d = sys.argv[1]
rnd = random.Random(5)
prices = [12000.5, 0.125, 30000.0, 99.99, 11000.25, 3.333, None, "", "12.50", "—", 1e9, 5]
for cat, n in (("Appliances", 400), ("Toys_and_Games", 150)):
    with open("%s/meta_%s.jsonl" % (d, cat), "w") as f:
        for i in range(n):
            words = " ".join("w%d" % rnd.randrange(500) for _ in range(rnd.randrange(20, 200)))
            desc = [words] if i % 37 else ["x" * 21000]   # some very long contents
            rec = {"main_category": cat, "title": "thing %d" % i, "average_rating": 4.0,
                   "rating_number": i, "features": ["f %d" % i], "description": desc,
                   "price": prices[i % len(prices)], "images": [], "videos": [],
                   "store": "s", "categories": [], "details": {"k": str(i)},
                   "parent_asin": "A%d" % i, "bought_together": None}
            f.write(json.dumps(rec) + "\n")
            if i % 97 == 5:
                f.write("{not json\n")
PYEOF
for j in 1 2; do
  "$PRICER" run --data-dir "$t/data" --categories Appliances,Toys_and_Games --tokenizer "$tok" \
    --allow-short --train 20 --test 5 -j $j -o "$t/run$j" 2>"$t/log" || fail "run -j $j: $(cat "$t/log")"
done
cmp -s "$t/run1/investigate.json" "$t/run2/investigate.json" || fail "investigate.json differs at -j1 and -j2"
sed "s|$t/run2|$t/run1|g" "$t/run2/report.html" | cmp -s "$t/run1/report.html" - ||
  fail "report.html differs at -j1 and -j2 (beyond its folder name)"
"$PRICER" investigate --json "$t/data/meta_Appliances.jsonl" "$t/data/meta_Toys_and_Games.jsonl" \
  > "$t/inv.json" 2>/dev/null
cmp -s "$t/inv.json" "$t/run1/investigate.json" ||
  fail "investigate.json from the single pass differs from pricer investigate: $(diff <(tr ',' '\n' < "$t/inv.json") <(tr ',' '\n' < "$t/run1/investigate.json") | head)"
"$PY" - "$t/run1/investigate.json" <<'PYEOF' || fail "the test data did not exercise the listed values"
import json, sys
s = json.load(open(sys.argv[1]))["total"]
assert s["price_max"] >= 30000 and s["content_length"]["max"] > 20000, s
assert s["invalid"] > 0
PYEOF
# the report's raw charts: the same page as pricer report reading the raw files
"$PRICER" report --raw "$t/data/meta_Appliances.jsonl" "$t/data/meta_Toys_and_Games.jsonl" \
  -o "$t/raw.html" 2>/dev/null
for c in raw_lengths raw_prices; do
  cmp -s "$t/raw_files/$c.svg" "$t/run1/report_files/$c.svg" || fail "chart $c differs from pricer report --raw"
done
echo ok
