#!/usr/bin/env bash
# pricer assess finds exactly what tests/gen/report_fixture.py planted (duplicates, near
# duplicates, leaks, truncations, an outlier, missing fields, a broken line) and reports
# nothing in the clean fixture. Expected counts come from the generator, not from pricer.
set -euo pipefail
PY=/usr/bin/python3
[ -x "$PY" ] || exit 77
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
"$PY" "$PC_ROOT/tests/gen/report_fixture.py" "$t"

"$PRICER" assess "$t/planted/items.jsonl" --json -o "$t/items.json"
"$PRICER" assess "$t/planted/split" --json -o "$t/split.json"
"$PRICER" assess "$t/clean/items.jsonl" --json -o "$t/clean_items.json"
"$PRICER" assess "$t/clean/split" --json -o "$t/clean_split.json"

"$PY" - "$t" <<'PYEOF'
import json, sys
t = sys.argv[1]
exp = json.load(open(t + "/expected.json"))
items = json.load(open(t + "/items.json"))
split = json.load(open(t + "/split.json"))
fail = []
def check(what, got, want):
    if got != want:
        fail.append(f"{what}: got {got}, want {want}")
f = items["findings"]
for k in ("duplicate_products", "duplicate_prompts", "near_duplicate_prompts", "cut_mid_word",
          "cut_replacement_char", "price_outliers", "unparseable_lines"):
    check(k, f[k]["count"], exp[k])
check("records", items["records"], exp["records"])
check("missing title", items["fields"]["title"]["missing"], exp["missing_title"])
check("empty prompt", items["fields"]["prompt"]["empty"], exp["empty_prompt"])
# examples name the planted lines
check("dup product example", f["duplicate_products"]["examples"][0]["other_line"], 4)
check("outlier example price", f["price_outliers"]["examples"][0]["value"], 999.0)
mid = sorted(e["text"].split()[-1] for e in f["cut_mid_word"]["examples"])
check("mid-word fragments", mid, ["Compatib", "Replacemen", "Stainl"])
s = split["findings"]
check("leakage_exact", s["leakage_exact"]["count"], exp["leakage_exact"])
check("leakage_near", s["leakage_near"]["count"], exp["leakage_near"])
for name in ("clean_items", "clean_split"):
    c = json.load(open(f"{t}/{name}.json"))
    check(name + " problems", c["problems"], 0)
    for k, v in c["findings"].items():
        check(f"{name} {k}", v["count"], 0)
if fail:
    print("\n".join(fail)); sys.exit(1)
print("assess: planted findings found, clean fixture clean")
PYEOF

# balance before/after curation: per-category and per-price-range counts of both files
"$PRICER" assess "$t/sample.jsonl" --before "$t/clean/items.jsonl" --json -o "$t/bal.json"
"$PY" - "$t" <<'PYEOF'
import json, sys
t = sys.argv[1]
d = json.load(open(t + "/bal.json"))
edges = [0, 10, 25, 50, 100, 250, 500, 1000]
for key, path in (("balance", "/sample.jsonl"), ("balance_before", "/clean/items.jsonl")):
    rows = [json.loads(l) for l in open(t + path)]
    cats = {}
    for r in rows:
        cats[r["category"]] = cats.get(r["category"], 0) + 1
    ranges = {f"{edges[k]}-{edges[k+1]}": sum(1 for r in rows if edges[k] <= r["price"] < edges[k + 1]
              or (k == 6 and r["price"] >= 1000)) for k in range(7)}
    assert d[key]["categories"] == cats, (key, d[key]["categories"], cats)
    assert d[key]["price_ranges"] == ranges, (key, d[key]["price_ranges"], ranges)
print("balance before/after agrees")
PYEOF
"$PRICER" assess "$t/sample.jsonl" --before "$t/clean/items.jsonl" | grep "^balance (before -> after curation)" >/dev/null

# human-readable output: the headline and the terminal histogram
out=$("$PRICER" assess "$t/clean/items.jsonl")
grep -q "problems         none found" <<<"$out"
grep -q "▁\|▂\|▃\|▄\|▅\|▆\|▇\|█" <<<"$out"
"$PRICER" assess "$t/planted/items.jsonl" | grep "cut mid-word  *3" >/dev/null
# --strict turns findings into a failing exit code
if "$PRICER" assess "$t/planted/items.jsonl" --strict >/dev/null; then echo "strict should fail"; exit 1; fi
"$PRICER" assess "$t/clean/items.jsonl" --strict >/dev/null
# errors in git style
if "$PRICER" assess "$t/nope.jsonl" 2>"$t/err"; then exit 1; fi
grep -q "^pricer: cannot open '$t/nope.jsonl'" "$t/err"
if "$PRICER" assess 2>"$t/err"; then exit 1; fi
grep -q "^pricer assess: no ITEMS" "$t/err"
echo ok
