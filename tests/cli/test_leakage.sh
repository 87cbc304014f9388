#!/usr/bin/env bash
# Issue 14, leakage you can trust. Expected values come from tests/gen/leakage_expected.py
# (Python: set membership of prompt bodies, exact Jaccard of 5-word shingle sets, CPython's
# random.shuffle, first-of-group dedup) and numpy (medians, the reference balance):
#  - assess counts exact leaks per test/validation prompt and near leaks >= exact ones, with
#    denominators, on a fixture where one test body is twice in train behind 240 similar
#    decoys that come first in its LSH buckets;
#  - split --group-by prompt|title|parent_asin equals the Python slicing byte for byte, at
#    any -j, leaves no test body in train, and says when groups cannot fill the splits;
#  - curate --dedup equals Python's first-of-group lines (with and without balancing);
#  - investigate's median is numpy's; pricer run passes both options.
set -euo pipefail
PY=/usr/bin/python3
"$PY" -c 'import numpy' 2>/dev/null || exit 77
G="$PC_ROOT/tests/gen"
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export PRICER_QUIET=1

"$PY" "$G/leakage_expected.py" fixture "$t"

# ---- assess: exact and near leakage with denominators ----
"$PRICER" assess "$t/leak" --json -o "$t/leak.json"
"$PY" - "$t" <<'PYEOF' || fail "assess leakage differs from Python"
import json, sys
t = sys.argv[1]
exp = json.load(open(t + "/expected.json"))
f = json.load(open(t + "/leak.json"))["findings"]
ex, ne = f["leakage_exact"], f["leakage_near"]
got = {"exact": ex["count"], "exact_test": ex["test"], "exact_validation": ex["validation"],
       "distinct_bodies": ex["distinct_bodies"], "near": ne["count"],
       "denominator": ex["denominator"]}
assert got == exp, (got, exp)
assert ne["denominator"] == exp["denominator"] and ne["threshold"] == 0.8, ne
assert ne["count"] >= ex["count"]
# within a file: exact duplicates by set membership, and near duplicates include them (the
# train twin of B0 sits behind the decoys in every bucket)
import os
sys.path.insert(0, os.environ["PC_ROOT"] + "/tests/gen")
import leakage_expected as L
dups = 0
for part in ("train", "test", "validation"):
    seen = set()
    for r in L.read_rows(f"{t}/leak/{part}.jsonl"):
        b = L.body_of(r["text"])
        dups += b in seen
        seen.add(b)
assert f["duplicate_prompts"]["count"] == dups == 3, (f["duplicate_prompts"]["count"], dups)
assert f["near_duplicate_prompts"]["count"] >= dups, f["near_duplicate_prompts"]["count"]
# the split's balance: categories and price ranges count the same (train) records
bal = json.load(open(t + "/leak.json"))["balance"]
ntrain = len(L.read_rows(t + "/leak/train.jsonl"))
assert sum(bal["categories"].values()) == sum(bal["price_ranges"].values()) == ntrain, bal
print("assess leakage:", got)
PYEOF
out=$("$PRICER" assess "$t/leak")
grep -q "train/test leakage (exact)  *11 of 54 test/validation prompts (20.37%), 9 distinct" <<<"$out" ||
  fail "text: $(grep leakage <<<"$out")"
grep -q "train/test leakage (near)  *17 of 54 .*Jaccard >= 0.80" <<<"$out" || fail "text near"
# a lower threshold is stated and only adds near leaks
"$PRICER" assess "$t/leak" --threshold 0.3 --json | "$PY" -c '
import json, sys
f = json.load(sys.stdin)["findings"]
assert f["leakage_near"]["threshold"] == 0.3 and f["leakage_near"]["count"] >= 17, f["leakage_near"]'
# the report's assessment section shows the same numbers over the same denominator
"$PRICER" report --split "$t/leak" -o "$t/r.html"
"$PY" - "$t/r.html" <<'PYEOF' || fail "report assessment numbers"
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
for label, n, share in (("train/test leakage (exact)", "11", "20.37%"),
                        ("train/test leakage (near)", "17", "31.48%")):
    m = re.search(re.escape(label) + r'</td><td class="num">([^<]*)</td><td class="num">([^<]*)<', page)
    assert m and m.group(1) == n and m.group(2) == share, (label, m and m.groups())
PYEOF

# duplicate products: parent_asin, else the title (items with a null parent_asin), key named
"$PRICER" assess "$t/items.jsonl" --json -o "$t/items_assess.json"
"$PY" - "$t" <<'PYEOF' || fail "duplicate products with the title fallback"
import json, sys
t = sys.argv[1]
seen, dups, by_asin, by_title = set(), 0, 0, 0
for l in open(t + "/items.jsonl"):
    r = json.loads(l)
    pa = r.get("parent_asin")
    if isinstance(pa, str) and pa:
        k, by_asin = ("asin", pa), by_asin + 1
    else:
        k, by_title = ("title", r["title"]), by_title + 1
    dups += k in seen
    seen.add(k)
d = json.load(open(t + "/items_assess.json"))["findings"]["duplicate_products"]
assert (d["count"], d["keyed_by_parent_asin"], d["keyed_by_title"]) == (dups, by_asin, by_title), (d, dups)
assert d["key"] == "parent_asin, else title" and by_title > 0
PYEOF

# ---- split --group-by ----
for key in prompt title parent_asin; do
  mkdir -p "$t/exp_$key"
  "$PY" "$G/leakage_expected.py" split "$t/items.jsonl" "$t/exp_$key" --group-by $key \
    --train 250 --test 60 --validation 30 >"$t/exp_$key.counts"
  for j in 1 3; do
    "$PRICER" split "$t/items.jsonl" -o "$t/got_${key}_$j" --group-by $key --train 250 \
      --test 60 --validation 30 -j $j 2>/dev/null
    for f in train test validation; do
      cmp -s "$t/exp_$key/$f.jsonl" "$t/got_${key}_$j/$f.jsonl" ||
        fail "split --group-by $key -j $j: $f.jsonl differs from Python"
    done
  done
done
"$PY" - "$t" <<'PYEOF' || fail "group-by split leaks"
import json, os, sys
sys.path.insert(0, os.environ["PC_ROOT"] + "/tests/gen")
import leakage_expected as L
t = sys.argv[1]
lk = L.leaks(t + "/got_prompt_1")
assert lk["exact"] == 0 and lk["denominator"] == 90, lk
titles = lambda p: {L.body_of(r["text"]).split("\n")[0] for r in L.read_rows(p)}
tr = titles(t + "/got_title_1/train.jsonl")
assert not tr & (titles(t + "/got_title_1/test.jsonl") | titles(t + "/got_title_1/validation.jsonl"))
print("group-by prompt: no test or validation body in train")
PYEOF
"$PRICER" assess "$t/got_prompt_1" --json | "$PY" -c '
import json, sys
f = json.load(sys.stdin)["findings"]
assert f["leakage_exact"]["count"] == 0, f["leakage_exact"]' || fail "assess on a group split"
# off = the reference slicing, byte for byte
"$PRICER" split "$t/items.jsonl" -o "$t/plain" --train 300 --test 100 2>/dev/null
"$PRICER" split "$t/items.jsonl" -o "$t/off" --train 300 --test 100 --group-by off 2>/dev/null
cmp -s "$t/plain/test.jsonl" "$t/off/test.jsonl" && cmp -s "$t/plain/train.jsonl" "$t/off/train.jsonl" ||
  fail "--group-by off changed the split"
[ "$("$PY" "$G/leakage_expected.py" leaks "$t/plain" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["exact"] > 0)')" = True ] ||
  fail "the fixture's plain split should leak"
# not enough groups: a message with the numbers, or what exists with --allow-short
mkdir -p "$t/exp_short"
"$PY" "$G/leakage_expected.py" split "$t/items.jsonl" "$t/exp_short" --group-by prompt \
  --train 500 --test 90 >"$t/short.counts"
grep -q '"test": 90' "$t/short.counts" && fail "fixture: expected a short test split"
if "$PRICER" split "$t/items.jsonl" -o "$t/short" --group-by prompt --train 500 --test 90 2>"$t/err"; then
  fail "a short group split should fail"
fi
grep -q "with --group-by prompt the sample's 600 items form .* groups; whole groups fill only train 500, test" "$t/err" ||
  fail "short message: $(cat "$t/err")"
"$PRICER" split "$t/items.jsonl" -o "$t/short" --group-by prompt --train 500 --test 90 --allow-short 2>/dev/null
cmp -s "$t/exp_short/test.jsonl" "$t/short/test.jsonl" || fail "--allow-short group split differs"

# ---- curate --dedup ----
for key in prompt title parent_asin; do
  "$PY" "$G/leakage_expected.py" dedup "$t/items.jsonl" $key >"$t/dedup_$key.jsonl"
  "$PRICER" curate "$t/items.jsonl" --no-balance --dedup $key -o "$t/cur_$key.jsonl" \
    --stats "$t/cur_$key.stats.json" -j 2 2>/dev/null
  cmp -s "$t/dedup_$key.jsonl" "$t/cur_$key.jsonl" || fail "curate --dedup $key differs from Python"
  removed=$(( $(wc -l <"$t/items.jsonl") - $(wc -l <"$t/dedup_$key.jsonl") ))
  grep -q "\"dedup_removed\": $removed," "$t/cur_$key.stats.json" || fail "dedup_removed $key"
done
# with balancing: Python's dedup, then the reference balance (numpy) on what is left
"$PY" "$G/curate_expected.py" curate "$t/dedup_prompt.jsonl" --slot-cap 1 --all-above 500 \
  >"$t/bal_exp.jsonl"
"$PRICER" curate "$t/items.jsonl" --dedup prompt --slot-cap 1 --all-above 500 -o "$t/bal.jsonl" 2>"$t/err"
cmp -s "$t/bal_exp.jsonl" "$t/bal.jsonl" || fail "curate --dedup prompt with balancing differs"
grep -q -- "--dedup prompt removed" "$t/err" || fail "summary: $(cat "$t/err")"
"$PY" -c '
import json, sys
sys.path.insert(0, sys.argv[2])
import leakage_expected as L
b = [L.body_of(json.loads(l)["prompt"]) for l in open(sys.argv[1])]
assert len(b) == len(set(b)), "dedup sample has repeated prompts"' "$t/bal.jsonl" "$G"

# ---- investigate: numpy's median ----
S="${PC_SHARED:-/nonexistent}/data/amazon/meta_Gift_Cards.jsonl"
if [ -f "$S" ]; then
  for n in 10 11 400; do
    head -n $n "$S" >"$t/g$n.jsonl"
    "$PRICER" investigate -q --json "$t/g$n.jsonl" >"$t/inv$n.json" 2>/dev/null
    "$PY" - "$t/g$n.jsonl" "$t/inv$n.json" <<'PYEOF' || fail "investigate median on $n lines"
import json, math, sys
import numpy as np
prices = []
for l in open(sys.argv[1]):
    d = json.loads(l)
    try:
        p = float(str(d.get("price")))
    except ValueError:
        continue
    if math.isfinite(p) and p > 0:
        prices.append(p)
s = json.load(open(sys.argv[2]))["total"]
assert s["price_median"] == float(np.median(prices)), (s["price_median"], np.median(prices))
PYEOF
  done
  grep -q '"price_median": 37.5,' "$t/inv10.json" || fail "the first 10 Gift_Cards lines: median 37.5"
fi
# prices off the cent grid and above $10,000 count in the median too
"$PY" - "$t/odd.jsonl" <<'PYEOF'
import json, sys
tmpl = {"main_category": "X", "title": "t", "average_rating": 4.0, "rating_number": 1,
        "features": [], "description": [], "price": None, "images": [], "videos": [],
        "store": "s", "categories": [], "details": {}, "parent_asin": "B1",
        "bought_together": None}
with open(sys.argv[1], "w") as f:
    for p in (12000.0, 15000.5, 0.125, 30000.0, 99.99, 11000.25):
        f.write(json.dumps(dict(tmpl, price=p)) + "\n")
PYEOF
"$PRICER" investigate -q --json "$t/odd.jsonl" 2>/dev/null | "$PY" -c '
import json, sys
import numpy as np
s = json.load(sys.stdin)["total"]
want = float(np.median([12000.0, 15000.5, 0.125, 30000.0, 99.99, 11000.25]))
assert s["price_median"] == want, (s["price_median"], want)' || fail "median with uncapped prices"

# ---- pricer run passes both options; config keys ----
mkdir -p "$t/data"
: >"$t/data/meta_Appliances.jsonl"
"$PRICER" run --dry-run --data-dir "$t/data" --categories Appliances --dedup prompt \
  --group-by title -o "$t/run" >"$t/dry.txt" 2>&1 || fail "run --dry-run: $(cat "$t/dry.txt")"
grep -q "pricer curate --dedup prompt --stats $t/run/sample.stats.json" "$t/dry.txt" || fail "run: curate --dedup: $(cat "$t/dry.txt")"
grep -q "pricer split --group-by title" "$t/dry.txt" || fail "run: split --group-by"
printf 'data_dir: data\ncategories: [Appliances]\ncurate:\n  dedup: parent_asin\nsplit:\n  group_by: prompt\n' >"$t/cfg.yaml"
"$PRICER" run --config "$t/cfg.yaml" --dry-run -o "$t/run" >"$t/dry2.txt" 2>&1
grep -q "curate --dedup parent_asin" "$t/dry2.txt" && grep -q "split --group-by prompt" "$t/dry2.txt" ||
  fail "config keys: $(cat "$t/dry2.txt")"
printf 'split:\n  group_by: asin\n' >"$t/bad.yaml"
if "$PRICER" run --config "$t/bad.yaml" --dry-run -o "$t/run" 2>"$t/err"; then fail "bad group_by accepted"; fi
grep -q "bad.yaml:2: split.group_by: 'asin' is not one of off|prompt|title|parent_asin" "$t/err" ||
  fail "bad key message: $(cat "$t/err")"
# the reference profile does not pass them
"$PRICER" run --dry-run --data-dir "$t/data" --categories Appliances -o "$t/run" >"$t/dry3.txt" 2>&1
if grep -q -- "--dedup\|--group-by\|sample.stats" "$t/dry3.txt"; then fail "reference run passes a leakage option"; fi
echo ok
