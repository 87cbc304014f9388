#!/usr/bin/env bash
# pricer split --format pickle: train.pkl / test.pkl load with Python's pickle and a
# stand-in items.py (class Item, as the course's notebooks define it) into lists of Item
# whose __dict__ is exactly {title, price, details, prompt, token_count, include, category}
# (SPEC §6.3 order), equal to the items lines in the order CPython's random.seed(42) +
# shuffle gives (computed here in Python, not read from pricer's other outputs).
set -euo pipefail
PY=/usr/bin/python3
[ -x "$PY" ] || exit 77
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
"$PY" "$PC_ROOT/tests/gen/curate_items.py" 3000 5 "$t/base.jsonl" || exit $?
# Add "details" strings (some long, non-ASCII, null) and large token counts.
"$PY" - "$t/base.jsonl" "$t/items.jsonl" <<'PY'
import json, sys
out = open(sys.argv[2], "w", encoding="utf-8")
for i, line in enumerate(open(sys.argv[1], encoding="utf-8")):
    d = json.loads(line)
    if i % 3 == 0:
        d["details"] = None
    elif i % 3 == 1:
        d["details"] = json.dumps({"Brand": "Acme ☃", "Size": i, "Note": "x" * (i % 400)})
    if i % 7 == 0:
        d["token_count"] = [5, 300, 70000, 2**31 - 1][i % 4]
    out.write(json.dumps(d, ensure_ascii=False) + "\n")
PY
"$PRICER" -q split "$t/items.jsonl" -o "$t/out" --train 2000 --test 600 --validation 100 \
    --format pickle 2>/dev/null
mkdir "$t/mod"
cat >"$t/mod/items.py" <<'PY'
class Item:
    PREFIX = "Price is $"
    def test_prompt(self):
        return self.prompt.split(self.PREFIX)[0] + self.PREFIX
PY
"$PY" - "$t" <<'PY'
import json, pickle, random, sys
t = sys.argv[1]
sys.path.insert(0, t + "/mod")
import items
rows = [json.loads(l) for l in open(t + "/items.jsonl", encoding="utf-8")]
random.seed(42)
random.shuffle(rows)
want = {"train": rows[:2000], "test": rows[2000:2600], "validation": rows[2600:2700]}
for name, exp in want.items():
    with open(f"{t}/out/{name}.pkl", "rb") as f:
        got = pickle.load(f)
    assert isinstance(got, list) and len(got) == len(exp), (name, len(got))
    for g, e in zip(got, exp):
        assert type(g) is items.Item
        d = {"title": e["title"], "price": e["price"], "details": e.get("details"),
             "prompt": e["prompt"], "token_count": e["token_count"], "include": True,
             "category": e["category"]}
        assert list(vars(g).items()) == list(d.items()), (name, vars(g), d)
        assert type(g.price) is float and type(g.token_count) is int
        assert g.test_prompt() == e["test_prompt"]
    print(name, len(got), "items ok")
PY
