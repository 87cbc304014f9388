#!/usr/bin/env bash
# Pre-tokenizer throughput: pricer's scanners vs V8 regex and Hugging Face tokenizers' own
# pre-tokenizer on the same product text, in the same run. Prints MB/s and ratios.
# Usage: bench/pretok_bench.sh [TEXT_FILE]   (default: title+features+description of
# ../shared meta_Gift_Cards.jsonl, one product per line). Needs build/ (scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus=${1:-}
if [ -z "$corpus" ]; then
    src=../shared/data/amazon/meta_Gift_Cards.jsonl
    [ -f "$src" ] || { echo "pretok_bench: no corpus given and $src is absent" >&2; exit 1; }
    corpus=$work/products.txt
    /usr/bin/python3 - "$src" "$corpus" <<'PY'
import json, sys
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as out:
    for line in f:
        d = json.loads(line)
        parts = [d.get("title") or ""] + (d.get("features") or []) + (d.get("description") or [])
        out.write(" ".join(parts).replace("\n", " ") + "\n")
PY
fi
[ -f build/libpricer_core.a ] || scripts/build.sh build >/dev/null
cc -O2 -Isrc -Iinclude bench/pretok_bench.c build/libpricer_core.a -o "$work/pretok_bench"
echo "corpus: $corpus ($(wc -c <"$corpus") bytes)"
nice "$work/pretok_bench" "$corpus" llama3 qwen2 o200k gpt2 | tee "$work/pricer.txt" |
    awk '{printf "pricer         %-7s %8.1f MB/s  %d pieces\n", $1, $2, $3}'
NODE_PATH=node_modules nice node bench/pretok_peer.mjs "$corpus" | tee "$work/peer.txt" |
    awk '{printf "%-14s %-7s %8.1f MB/s\n", $1, $2, $3}'
awk 'NR==FNR {mbs[$1]=$2; next} {printf "ratio pricer/%s %s: %.0fx\n", $1, $2, mbs[$2]/$3}' \
    "$work/pricer.txt" "$work/peer.txt"
