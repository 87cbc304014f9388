#!/usr/bin/env bash
# End-to-end `pricer parse` throughput on a large generated catalogue (pricer synth, the
# official line format), at -j1 and -j2: MB/s of raw JSONL, items/s, peak RSS. Peer, run on
# the same files in the same session: tests/gen/ref_items.py, CPython doing the reference's
# per-record work (json.loads, the loader's details/price conversion, price window, contents,
# REMOVALS, scrub) WITHOUT the tokenizer (Hugging Face tokenizers for Python is not
# installable here: no PyPI), so the peer does strictly less work than pricer.
# usage: bench/parse_bench.sh [BUILD_DIR]   env: SIZE (default 400M), BENCH_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-build}
PRICER=$B/pricer
SIZE=${SIZE:-400M}
D=${BENCH_DIR:-/tmp/pricer-parse-bench}
mkdir -p "$D"
if [ ! -f "$D/data.$SIZE/meta_Automotive.jsonl" ]; then
    "$PRICER" synth --size "$SIZE" -o "$D/data.$SIZE" >/dev/null 2>&1
fi
files=("$D/data.$SIZE"/meta_*.jsonl)
bytes=$(cat "${files[@]}" | wc -c)
mb=$(python3 -c "print($bytes / 1e6)")
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (wall-clock figures suffer when the machine is busy; CPU-second figures less)"
echo "input: ${#files[@]} files, $(printf %.1f "$mb") MB ($SIZE synthetic, pricer synth)"

run() { # label command...
    local label=$1
    shift
    /usr/bin/time -f "%e %M %U %S" -o "$D/time" "$@" >/dev/null 2>"$D/err" || { cat "$D/err"; exit 1; }
    read -r secs rss usr sys <"$D/time"
    echo "$secs $rss $(python3 -c "print($usr + $sys)")"
}

nproc_=$(nproc)
declare -A S
for j in 1 2; do
    read -r secs rss cpu < <(run "pricer -j$j" nice "$PRICER" parse -q -j "$j" "${files[@]}" -o "$D/items.j$j.jsonl")
    items=$(wc -l <"$D/items.j$j.jsonl")
    S[$j]=$secs
    python3 -c "
secs, mb, items, rss, cpu = $secs, $mb, $items, $rss, $cpu
print(f'pricer parse -j$j: {secs:6.2f} s wall  {mb / secs:7.1f} MB/s  {items / secs:9.0f} items/s  peak RSS {rss / 1024:.0f} MB  ({items} items)')
print(f'                   {cpu:6.2f} s CPU   {mb / cpu:7.1f} MB/s per CPU-second (includes ~0.6 s tokenizer load)')"
done
cmp -s "$D/items.j1.jsonl" "$D/items.j2.jsonl" && echo "output identical at -j1 and -j2" || echo "OUTPUT DIFFERS between -j1 and -j2"

args=()
for f in "${files[@]}"; do c=${f##*/meta_}; args+=("${c%%.*}" "$f"); done
read -r psecs prss pcpu < <(run peer nice python3 tests/gen/ref_items.py "${args[@]}")
python3 -c "
p, mb, rss, pc = $psecs, $mb, $prss, $pcpu
print(f'peer python3 (json.loads + item text rules, no tokenizer): {p:6.2f} s wall  {mb / p:7.1f} MB/s  {mb / pc:7.1f} MB/s per CPU-second  peak RSS {rss / 1024:.0f} MB')
print(f'ratio pricer -j1 / peer: {p / ${S[1]}:.1f}x   pricer -j2 / peer: {p / ${S[2]}:.1f}x  ($nproc_ cores, shared machine)')"
