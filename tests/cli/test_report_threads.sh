#!/usr/bin/env bash
# The report and the assessment at -j1, -j2, -j4 and -j8 on files full of duplicates
# (tests/gen/near_dup_corpus.py: near-duplicate families, exact copies, repeated products,
# test/validation records copied from train): the page, its charts and assess --json are the
# same bytes at every count, so the near-duplicate search's bands on threads, their merge in
# band order and the work moved onto the workers change nothing. The exact findings are
# checked against a plain Python count. Small on purpose: ./test.sh also runs it in the
# ThreadSanitizer build.
set -uo pipefail
: "${PRICER:?}" "${PC_ROOT:?}"
PY=/usr/bin/python3
[ -x "$PY" ] || exit 77
. "$PC_ROOT/tests/cli/common.sh"

"$PY" "$PC_ROOT/tests/gen/near_dup_corpus.py" c 3000 || exit 1
for j in 1 2 4 8; do
  mkdir -p "rep$j"
  "$PRICER" -q report -j $j --items c/items.jsonl --sample c/sample.jsonl --split c/split \
    -o "rep$j/report.html" 2>"rep$j.err" || fail "report -j $j: $(tail -3 "rep$j.err")"
  "$PRICER" -q assess -j $j c/items.jsonl --json -o "items$j.json" 2>>"rep$j.err" ||
    fail "assess items -j $j: $(tail -3 "rep$j.err")"
  "$PRICER" -q assess -j $j c/split --json -o "split$j.json" 2>>"rep$j.err" ||
    fail "assess split -j $j: $(tail -3 "rep$j.err")"
done
[ -s rep1/report.html ] || fail "no page"
for j in 2 4 8; do
  diff -r rep1 "rep$j" >/dev/null && ok "report -j $j = -j 1" || fail "report -j $j differs"
  cmp -s items1.json "items$j.json" && cmp -s split1.json "split$j.json" &&
    ok "assess --json -j $j = -j 1" || fail "assess -j $j differs"
done

# more pairs and all ten examples: a lower threshold, a small index (full before the end)
for j in 1 4; do
  "$PRICER" -q assess -j $j c/split --json --threshold 0.5 --examples 10 --near-max 1500 \
    -o "low$j.json" || fail "assess --threshold 0.5 -j $j"
done
cmp -s low1.json low4.json && ok "assess --threshold 0.5 --examples 10 --near-max 1500 -j 4 = -j 1" ||
  fail "assess with a low threshold differs across -j"

# the parallel paths had work to do, and the exact findings are Python's
"$PY" - c items1.json split1.json <<'PYEOF' && ok "findings exercised, exact counts = Python" || fail "findings"
import json, sys
c, items, split = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))

def body(p):  # the text between the question line and "Price is $" (pc_rec_body)
    start = 0
    nn = p.find("?\n\n")
    if nn >= 0 and p.find("\n") == nn + 1:
        start = nn + 3
    m = p.find("\n\nPrice is $", start)
    end = m if m >= 0 else (len(p) - 10 if p.endswith("Price is $") and len(p) - start >= 10
                            else len(p))
    return p[start:end]

def rows(path):
    out = []
    for line in open(path, encoding="utf-8"):
        try:
            out.append(json.loads(line))
        except ValueError:
            pass
    return out

it = rows(c + "/items.jsonl")
seen, dup = set(), 0
keys, dupk = set(), 0
for r in it:
    b = body(r["prompt"])
    dup += b in seen
    seen.add(b)
    k = ("a", r["parent_asin"]) if "parent_asin" in r else ("t", r["title"])
    dupk += k in keys
    keys.add(k)
f = items["findings"]
want = {"duplicate_prompts": dup, "duplicate_products": dupk}
got = {k: f[k]["count"] for k in want}
parts = {n: [body(r["text"]) for r in rows(f"{c}/split/{n}.jsonl")]
         for n in ("train", "test", "validation")}
train = set(parts["train"])
sdup = sum(len(v) - len(set(v)) for v in parts.values())
leak = sum(b in train for n in ("test", "validation") for b in parts[n])
s = split["findings"]
want.update({"split duplicate_prompts": sdup, "leakage_exact": leak})
got.update({"split duplicate_prompts": s["duplicate_prompts"]["count"],
            "leakage_exact": s["leakage_exact"]["count"]})
if got != want:
    sys.exit(f"got {got}, want {want}")
# enough near duplicates and near leaks that every band has joins to merge
near, nleak = f["near_duplicate_prompts"]["count"], s["leakage_near"]["count"]
if not (near > 500 and s["near_duplicate_prompts"]["count"] > 300 and nleak > leak > 50):
    sys.exit(f"too few near findings: {near}, {nleak}")
if len(f["near_duplicate_prompts"]["examples"]) != 3:
    sys.exit("near-duplicate examples missing")
PYEOF
exit $bad
