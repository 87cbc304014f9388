#!/usr/bin/env bash
# pricer synth: official line format checked by Python's json module (json.loads then
# json.dumps must give back the exact line), determinism (same seed -> same bytes at any
# thread count, prefix property), --size, --categories, realism figures, error messages.
set -euo pipefail
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "no /usr/bin/python3: skipped"; exit 77; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$PRICER" synth --seed 7 --records 16000 -o "$t/a" 2>"$t/err" || fail "synth failed: $(cat "$t/err")"
grep -q "wrote 16,000 lines" "$t/err" || fail "summary: $(cat "$t/err")"
[ "$(ls "$t/a" | wc -l)" = 8 ] || fail "expected 8 files: $(ls "$t/a")"
for c in Automotive Electronics Office_Products Tools_and_Home_Improvement \
         Cell_Phones_and_Accessories Toys_and_Games Appliances Musical_Instruments; do
  [ -s "$t/a/meta_$c.jsonl" ] || fail "missing meta_$c.jsonl"
done
ls "$t/a" | grep -q tmp && fail "temporary file left behind"
sum=$("$PY" "$PC_ROOT/tests/gen/synth_check.py" "$t/a") || fail "format check: $sum"
echo "$sum"
# realism: figures computed by Python from the generated files
"$PY" - "$sum" <<'PYEOF' || fail "realism figures out of range: $sum"
import json, sys
s = json.loads(sys.argv[1])
n = s["lines"]
assert n == 16000, n
assert 0 < s["invalid"] < n / 500, s["invalid"]          # a few malformed lines
priced = s["num_price"] / n
assert 0.45 <= priced <= 0.62, priced                    # ~40-50% null prices
assert s["str_price"] > 0 and s["above_999"] > 0
assert s["non_ascii"] > n / 10 and s["astral"] > 0
assert s["bsr"] > n / 3 and s["dfa"] > n / 3 and s["batteries"] > n / 5
assert s["empty_desc"] > n / 5 and s["details_empty"] > 0
PYEOF

# determinism: same seed, different thread count -> identical bytes; other seed differs
"$PRICER" synth --seed 7 --records 16000 -j 1 -o "$t/b" 2>/dev/null
diff -r "$t/a" "$t/b" >/dev/null || fail "not deterministic across thread counts"
"$PRICER" synth --seed 8 --records 16000 -o "$t/c" 2>/dev/null
cmp -s "$t/a/meta_Appliances.jsonl" "$t/c/meta_Appliances.jsonl" && fail "seed has no effect"

# prefix property and --categories: fewer records of one category = a prefix of more
"$PRICER" synth --seed 7 --records 500 --categories Appliances -o "$t/d" 2>/dev/null
[ "$(ls "$t/d")" = meta_Appliances.jsonl ] || fail "--categories wrote $(ls "$t/d")"
[ "$(wc -l < "$t/d/meta_Appliances.jsonl")" = 500 ] || fail "--records 500 for one category"
n=$(wc -l < "$t/a/meta_Appliances.jsonl")
head -n "$n" "$t/d/meta_Appliances.jsonl" | cmp -s - "$t/a/meta_Appliances.jsonl" ||
  [ "$n" -gt 500 ] || fail "prefix property"
head -n 100 "$t/a/meta_Appliances.jsonl" | cmp -s - <(head -n 100 "$t/d/meta_Appliances.jsonl") ||
  fail "prefix property (first 100 lines differ)"

# --size: total size within one line of the target per file
"$PRICER" synth --size 3M -o "$t/e" 2>/dev/null
total=$(cat "$t/e"/*.jsonl | wc -c)
[ "$total" -ge 3000000 ] && [ "$total" -lt 3200000 ] || fail "--size 3M gave $total bytes"

# errors: git-style messages and exit codes
set +e
"$PRICER" synth --records 10 --categories Nope -o "$t/f" 2>"$t/err"; rc=$?
set -e
[ $rc = 2 ] && grep -q "unknown category 'Nope'" "$t/err" || fail "bad category: rc=$rc $(cat "$t/err")"
set +e; "$PRICER" synth --records 10 2>"$t/err"; rc=$?; set -e
[ $rc = 2 ] && grep -q "missing -o DIR" "$t/err" || fail "missing -o"
set +e; "$PRICER" synth --records 10 -o /proc/nope/x 2>"$t/err"; rc=$?; set -e
[ $rc = 1 ] && grep -q "^pricer: cannot create" "$t/err" || fail "unwritable dir: $(cat "$t/err")"
"$PRICER" synth --help | grep "usage: pricer synth" >/dev/null || fail "--help"
echo "ok"
