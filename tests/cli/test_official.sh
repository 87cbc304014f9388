#!/usr/bin/env bash
# The official table: the committed src/fetch/official_table.c equals the generator's output
# from ../shared/data/amazon/official-files.tsv, `pricer fetch --list` prints exactly the
# TSV's rows, and `pricer investigate` tells official files (hashes from sha256sum) from a
# damaged copy, a truncated copy and a renamed one. Skips (77) without ../shared.
set -uo pipefail
: "${PRICER:?}" "${PC_ROOT:?}"
S="${PC_SHARED:-/nonexistent}/data/amazon"
[ -f "$S/official-files.tsv" ] && [ -f "$S/meta_Gift_Cards.jsonl" ] || exit 77
command -v python3 >/dev/null || exit 77
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

python3 "$PC_ROOT/tools/official/gen_official.py" "$S/official-files.tsv" >"$T/table.c" ||
    fail "generator failed"
cmp -s "$T/table.c" "$PC_ROOT/src/fetch/official_table.c" ||
    fail "src/fetch/official_table.c is stale: rerun tools/official/gen_official.py"

"$PRICER" fetch --list | grep -v '^total ' | awk '{gsub(",", "", $2); print $1 "\t" $2 "\t" $3}' \
    >"$T/list.tsv"
grep -v '^#' "$S/official-files.tsv" | grep -v '^category' | sort >"$T/want.tsv"
diff "$T/want.tsv" "$T/list.tsv" >/dev/null || fail "fetch --list differs from the TSV"

GC_SHA=$(sha256sum "$S/meta_Gift_Cards.jsonl" | cut -c1-64)
grep -q "^Gift_Cards	2038189	$GC_SHA\$" "$S/official-files.tsv" || fail "shared Gift_Cards is not the official file"
mkdir "$T/d"
python3 - "$S/meta_Gift_Cards.jsonl" "$T/d" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
open(sys.argv[2] + "/meta_Gift_Cards.jsonl", "wb").write(b[:-1] + b"X")     # same size
open(sys.argv[2] + "/meta_Subscription_Boxes.jsonl", "wb").write(b[:5000])   # wrong size
open(sys.argv[2] + "/meta_Gifts.jsonl", "wb").write(b[:5000])                # not a category
PY
BAD_SHA=$(sha256sum "$T/d/meta_Gift_Cards.jsonl" | cut -c1-64)
"$PRICER" investigate -q "$S/meta_Gift_Cards.jsonl" "$T/d/meta_Gift_Cards.jsonl" \
    "$T/d/meta_Subscription_Boxes.jsonl" "$T/d/meta_Gifts.jsonl" >"$T/inv.txt" 2>/dev/null ||
    fail "investigate failed"
grep -q "official file   yes: Gift_Cards, sha256 $GC_SHA" "$T/inv.txt" || fail "not official: $(cat "$T/inv.txt")"
grep -q "official file   no: sha256 $BAD_SHA, the official Gift_Cards has $GC_SHA" "$T/inv.txt" ||
    fail "damaged copy not named"
grep -q "official file   no: size 5,000 bytes, the official Subscription_Boxes has 1,399,864" \
    "$T/inv.txt" || fail "size not named"
grep -q "official file   no: not an official file name" "$T/inv.txt" || fail "name not named"
"$PRICER" investigate -q --json "$S/meta_Gift_Cards.jsonl" "$T/d/meta_Gift_Cards.jsonl" - \
    <"$T/d/meta_Gifts.jsonl" >"$T/inv.json" 2>/dev/null || fail "investigate --json failed"
python3 - "$T/inv.json" <<'PY' || fail "JSON verdicts"
import json, sys
d = json.load(open(sys.argv[1]))["inputs"]
assert d[0]["official"] == {"verdict": "official", "message": "official", "category": "Gift_Cards"}, d[0]["official"]
assert d[1]["official"]["verdict"] == "sha256", d[1]["official"]
assert d[2]["official"] is None, d[2]["official"]
PY
echo ok
