#!/usr/bin/env bash
# Input throughput: pricer's reader + line batches vs the standard tools piped into wc -l
# (gzip -dc, zstd -dc, xz -dc, and wc -l on the plain file), same data, same run.
# Usage: bench/io_bench.sh [JSONL_FILE] [COPIES]  (default: ../shared meta_Gift_Cards.jsonl
# repeated 20 times, ~40 MB). Prints MB/s of decompressed data and the ratio per format.
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:-../shared/data/amazon/meta_Gift_Cards.jsonl}
copies=${2:-20}
[ -f "$src" ] || { echo "io_bench: $src is absent" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -f build/libpricer_core.a ] || scripts/build.sh build >/dev/null
cc -O2 -Isrc -Iinclude bench/io_bench.c build/libpricer_core.a -lz -lzstd -llzma -lyaml -lm -lpthread -lcrypto \
    -o "$work/io_bench"
for _ in $(seq "$copies"); do cat "$src"; done >"$work/in.jsonl"
bytes=$(wc -c <"$work/in.jsonl")
gzip -6 -c "$work/in.jsonl" >"$work/in.jsonl.gz"
zstd -q -3 -c "$work/in.jsonl" >"$work/in.jsonl.zst"
xz -1 -T1 -c "$work/in.jsonl" >"$work/in.jsonl.xz"
echo "input: $bytes bytes, $(wc -l <"$work/in.jsonl") lines"
now() { date +%s.%N; }
for fmt in plain gzip zstd xz; do
    case $fmt in
    plain) f=$work/in.jsonl; tool=(cat) ;;
    gzip) f=$work/in.jsonl.gz; tool=(gzip -dc) ;;
    zstd) f=$work/in.jsonl.zst; tool=(zstd -qdc) ;;
    xz) f=$work/in.jsonl.xz; tool=(xz -dc) ;;
    esac
    read -r lines mbs < <(nice "$work/io_bench" "$f")
    t0=$(now); tl=$(nice "${tool[@]}" "$f" | wc -l); t1=$(now)
    awk -v f=$fmt -v l=$lines -v m=$mbs -v tl=$tl -v b=$bytes -v t0=$t0 -v t1=$t1 'BEGIN {
        p = b / (t1 - t0) / 1e6
        printf "%-5s pricer %8.1f MB/s (%d lines)   %s | wc -l %8.1f MB/s (%d lines)   ratio %.2fx\n",
               f, m, l, (f == "plain" ? "cat" : f " -dc"), p, tl, m / p }'
done
