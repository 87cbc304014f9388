#!/usr/bin/env bash
# Issue 10 regressions (hostile or clumsy use): long lines in tokenize, -o equal to an
# input, -o through symbolic links and devices, leftovers after kill -9 or a failed split.
# Each check failed before its fix.
set -uo pipefail
: "${PRICER:?}" "${PC_ROOT:?}"
command -v python3 >/dev/null || exit 77
TINY="$PC_ROOT/tests/golden/tok/tiny/tokenizer.json"
[ -f "$TINY" ] || exit 77
. "$PC_ROOT/tests/cli/common.sh"

python3 "$PC_ROOT/tests/gen/gen_tricky_records.py" meta_X.jsonl
python3 "$PC_ROOT/tests/gen/curate_items.py" 3000 5 items.jsonl
P=("$PRICER" parse -q --tokenizer "$TINY") # a 3,000-token cut of Llama 3.1: loads in ms
PV=("$PRICER" parse --tokenizer "$TINY") # not quiet

# --- defect 1: a line of 8 MiB or more (tokenize used to spin forever) -------------------
python3 -c "print('\"' + 'ab ' * (3 * 1024 * 1024) + '\"')" >long.jsonl # 9 MiB line
printf '"x"\n' >>long.jsonl
out=$(timeout 20 "$PRICER" tokenize --tokenizer "$TINY" --count long.jsonl)
rc=$?
[ $rc = 0 ] && [ "$(echo "$out" | wc -l)" = 2 ] && [ "$(echo "$out" | tail -1)" != "" ] &&
  [ "$(echo "$out" | head -1)" -gt 3000000 ] && ok "tokenize: 9 MiB line" ||
  fail "tokenize on a 9 MiB line: exit $rc, output '${out:0:80}'"
# the same line through -j 2 and from standard input gives the same counts
out2=$(timeout 20 "$PRICER" tokenize --tokenizer "$TINY" --count -j 2 <long.jsonl)
[ -n "$out" ] && [ "$out" = "$out2" ] && ok "tokenize: long line, stdin -j2" || fail "tokenize -j2 stdin differs"

# --- defect 2: -o equal to an input is refused before anything is read ------------------
cp meta_X.jsonl keep.jsonl
"${P[@]}" meta_X.jsonl -o meta_X.jsonl 2>err; rc=$?
[ $rc != 0 ] && cmp -s meta_X.jsonl keep.jsonl && grep -q "refusing to write 'meta_X.jsonl'" err &&
  ok "parse -o INPUT refused" || fail "parse -o INPUT: exit $rc, $(cat err)"
ln meta_X.jsonl hard.jsonl
"${P[@]}" meta_X.jsonl -o hard.jsonl 2>err; rc=$?
[ $rc != 0 ] && cmp -s meta_X.jsonl keep.jsonl && ok "parse -o HARDLINK refused" ||
  fail "parse -o hard link of the input: exit $rc"
cp items.jsonl items.keep
"$PRICER" -q curate items.jsonl -o ./items.jsonl 2>err; rc=$?
[ $rc != 0 ] && cmp -s items.jsonl items.keep && ok "curate -o INPUT refused" ||
  fail "curate -o INPUT: exit $rc, $(cat err)"
printf '"hello"\n' >t.jsonl
"$PRICER" tokenize --tokenizer "$TINY" t.jsonl -o t.jsonl 2>err; rc=$?
[ $rc != 0 ] && [ "$(cat t.jsonl)" = '"hello"' ] && ok "tokenize -o INPUT refused" ||
  fail "tokenize -o INPUT: exit $rc"
"$PRICER" -q assess items.jsonl -o items.jsonl 2>err; rc=$?
[ $rc != 0 ] && cmp -s items.jsonl items.keep && ok "assess -o INPUT refused" ||
  fail "assess -o INPUT: exit $rc"
"$PRICER" -q report --items items.jsonl --no-assess -o items.jsonl 2>err; rc=$?
[ $rc != 0 ] && cmp -s items.jsonl items.keep && ok "report -o INPUT refused" ||
  fail "report -o INPUT: exit $rc"
mkdir sp && cp items.jsonl sp/sample.jsonl
"$PRICER" -q split sp/sample.jsonl -o sp --train 100 --test 10 2>err; rc=$?
[ $rc != 0 ] && cmp -s sp/sample.jsonl items.keep && ok "split -o FOLDER-OF-INPUT refused" ||
  fail "split into the input's folder: exit $rc"

# --- defect 3: -o through a symbolic link or to a device --------------------------------
"${P[@]}" meta_X.jsonl -o ref.jsonl 2>/dev/null
ln -s /proc/self/fd/1 so
"${P[@]}" meta_X.jsonl -o so >real.jsonl 2>err; rc=$?
[ $rc = 0 ] && [ -L so ] && cmp -s real.jsonl ref.jsonl && ok "-o link to /proc/self/fd/1" ||
  fail "-o so > real.jsonl: exit $rc, link kept: $([ -L so ] && echo yes || echo no), $(wc -c <real.jsonl) bytes"
ln -s ref.jsonl lnk
"${P[@]}" meta_X.jsonl -o lnk --min-chars 1000 2>/dev/null; rc=$?
[ $rc = 0 ] && [ -L lnk ] && [ "$(readlink lnk)" = ref.jsonl ] &&
  [ "$(wc -l <ref.jsonl)" -lt "$(wc -l <real.jsonl)" ] && ok "-o link to a file: target replaced, link kept" ||
  fail "-o symlink to a regular file: exit $rc, link kept: $([ -L lnk ] && echo yes || echo no)"
"${P[@]}" meta_X.jsonl -o /dev/stdout 2>/dev/null | cmp -s - real.jsonl &&
  ok "-o /dev/stdout into a pipe" || fail "-o /dev/stdout"
ls ./*.tmp.* >/dev/null 2>&1 && fail "temporary files left: $(ls ./*.tmp.*)"
ln -s nowhere dangling
"${P[@]}" meta_X.jsonl -o dangling 2>err; rc=$?
[ $rc = 1 ] && [ -L dangling ] && grep -q "dangling" err && ok "-o dangling link refused" ||
  fail "-o dangling link: exit $rc $(cat err)"

# --- defect 8: leftovers of kill -9 and of a failed split -------------------------------
python3 "$PC_ROOT/tests/gen/curate_items.py" 3000 5 s8.jsonl
dead=$(python3 -c '
import os
p = 4000000
while True:
    try: os.kill(p, 0); p -= 1
    except ProcessLookupError: print(p); break
    except PermissionError: p -= 1')
echo stale >"out.jsonl.tmp.$dead"
echo alive >"out.jsonl.tmp.$$" # a live process (this shell): kept
"${P[@]}" meta_X.jsonl -o out.jsonl 2>/dev/null
[ ! -e "out.jsonl.tmp.$dead" ] && [ -e "out.jsonl.tmp.$$" ] && ok "stale *.tmp.PID removed" ||
  fail "stale temporary: $(ls out.jsonl.tmp.* 2>&1)"
rm -f "out.jsonl.tmp.$$"
mkdir "ds.tmp.$dead" && echo x >"ds.tmp.$dead/train.jsonl"
# a disk that fills during the second file: train (20 rows) fits, test (400 rows) does not
(
  trap '' XFSZ
  ulimit -f 24 # 12 KiB
  "$PRICER" -q split s8.jsonl -o ds --train 20 --test 400 2>err
); rc=$?
[ $rc = 1 ] && [ ! -e ds ] && ! ls -d ds.tmp.* >/dev/null 2>&1 &&
  ok "failed split leaves no folder (and stale temporaries go)" ||
  fail "failed split: exit $rc, left: $(ls -d ds* 2>&1 | tr '\n' ' ') $(cat err)"
"$PRICER" -q split s8.jsonl -o ds --train 20 --test 40 2>err &&
  [ "$(wc -l <ds/train.jsonl)" = 20 ] && [ "$(wc -l <ds/test.jsonl)" = 40 ] &&
  ok "split after the failure" || fail "split: $(cat err)"
# an existing folder with other files: split files replaced, the others kept
echo mine >ds/notes.txt
"$PRICER" -q split s8.jsonl -o ds/ --train 30 --test 10 2>err &&
  [ "$(wc -l <ds/train.jsonl)" = 30 ] && [ "$(cat ds/notes.txt)" = mine ] &&
  ! ls -d ds.tmp.* >/dev/null 2>&1 && ok "split into an existing folder" ||
  fail "split into an existing folder: $(cat err)"
mkdir dot && (cd dot && "$PRICER" -q split ../s8.jsonl -o . --train 10 --test 5 2>../err) &&
  [ "$(wc -l <dot/train.jsonl)" = 10 ] && ! ls -d dot/.tmp.* .tmp.* ..tmp.* >/dev/null 2>&1 &&
  ok "split -o ." || fail "split -o .: $(cat err)"

# --- defects 5, 6: YAML numbers with leading zeros, deep nesting; run.json is JSON -------
printf 'parse:\n  max_tokens: 0160\n' >zero.yaml
"$PRICER" run --config zero.yaml --dry-run >/dev/null 2>err; rc=$?
[ $rc = 1 ] && grep -q "^pricer: zero.yaml:2: parse.max_tokens: '0160' is refused" err &&
  ok "max_tokens: 0160 refused at FILE:LINE" || fail "leading zero: exit $rc, $(cat err)"
printf 'curate:\n  weights:\n    Appliances: 1\n    Toys_and_Games: 010\n' >zero2.yaml
"$PRICER" run --config zero2.yaml --dry-run >/dev/null 2>err; rc=$?
[ $rc = 1 ] && grep -q "^pricer: zero2.yaml:4: .*Toys_and_Games=010' is refused" err &&
  ok "weight 010 refused at FILE:LINE" || fail "leading zero weight: exit $rc, $(cat err)"
printf 'split:\n  train: +20\n' >plus.yaml
"$PRICER" run --config plus.yaml --dry-run >/dev/null 2>err; rc=$?
[ $rc = 1 ] && grep -q "^pricer: plus.yaml:2: split.train: '+20' is refused" err &&
  ok "train: +20 refused" || fail "+20: exit $rc, $(cat err)"
python3 -c "n = 100000; print('parse: ' + '[' * n + ']' * n)" >deep.yaml
start=$(date +%s)
timeout 20 "$PRICER" run --config deep.yaml --dry-run >/dev/null 2>err; rc=$?
[ $rc = 1 ] && [ $(($(date +%s) - start)) -lt 5 ] && grep -q "^pricer: deep.yaml:1: nesting deeper" err &&
  ok "100k-deep nesting refused quickly" || fail "deep nesting: exit $rc, $(head -c 300 err)"
"$PRICER" synth --seed 3 --records 400 -o data --categories Appliances 2>/dev/null
cat >cfg.yaml <<YAML
data_dir: data
tokenizer: $TINY
categories: [Appliances]
report: false
parse: {min_tokens: 0, max_tokens: 160, min_price: 0.50, max_price: 999.0, min_chars: 10,
        question: "How much, roughly?"}
curate: {balance: false}
split: {train: 20, test: 5, allow_short: true, seed: 0}
YAML
"$PRICER" run --config cfg.yaml -o runD -j 1 2>runlog; rc=$?
grep -q "^\[[0-9]/[0-9]\] parse.* --question 'How much, roughly?'" runlog &&
  ok "run log quotes the stage commands" || fail "run log: $(grep parse runlog | head -2)"
python3 - runD/run.json <<'PY' && ok "run.json parses (Python json)" || fail "run.json: exit $rc $(tail -3 runlog)"
import json, sys
r = json.load(open(sys.argv[1]))
p = r["config"]["parse"]
assert p["max_tokens"] == 160 and p["min_price"] == 0.5 and p["max_price"] == 999, p
assert r["config"]["split"]["seed"] == 0
PY

# --- defect 7: progress on a terminal survives bad lines; nothing on a non-terminal ------
if command -v script >/dev/null; then
  tty_run() { # label command... : runs under a pseudo-terminal, output in tty.LABEL
    local l=$1; shift
    PRICER_PROGRESS_INTERVAL=0 script -qec "$(printf '%q ' "$@")" /dev/null >"tty.$l" 2>&1 </dev/null
  }
  after_msg() { # file pattern: a bar (MB/s or items) is drawn after the first message
    python3 - "$1" "$2" <<'PY'
import re, sys
t = open(sys.argv[1], encoding="utf-8", errors="replace", newline="").read()
i = t.find(sys.argv[2])
assert i >= 0, "no message"
assert re.search(r"\r\w+ .* items( +[0-9]+ s| +ETA [0-9:]+)?\x1b\[K", t[i:]), "no bar after it"
PY
  }
  { for i in 1 2 3; do printf 'not json %d\n' $i; cat meta_X.jsonl; done; } >meta_Bad.jsonl
  tty_run parse "${PV[@]}" meta_Bad.jsonl -o tty_items.jsonl
  grep -q "MB/s" tty.parse && grep -q "%" tty.parse && after_msg tty.parse "skipped (" &&
    ok "parse: progress bar goes on after bad lines" || fail "parse progress: $(head -c 400 tty.parse | cat -v)"
  tty_run inv "$PRICER" investigate meta_Bad.jsonl
  after_msg tty.inv "invalid (" && ok "investigate: progress after bad lines" || fail "investigate progress"
  tty_run cur "$PRICER" curate items.jsonl -o tty_sample.jsonl
  grep -q "curate .*items" tty.cur && ok "curate: progress" || fail "curate progress: $(cat -v tty.cur | head -c 300)"
  tty_run spl "$PRICER" split s8.jsonl -o tty_ds --train 100 --test 10
  grep -q "split .*items" tty.spl && ok "split: progress" || fail "split progress"
  tty_run rep "$PRICER" report --items s8.jsonl -o tty.html
  grep -q "report .*items" tty.rep && ok "report: progress" || fail "report progress: $(cat -v tty.rep | head -c 300)"
  tty_run ass "$PRICER" assess s8.jsonl
  grep -q "assess .*items" tty.ass && ok "assess: progress" || fail "assess progress: $(cat -v tty.ass | head -c 300)"
  PRICER_PROGRESS_INTERVAL=0 "${PV[@]}" meta_Bad.jsonl -o notty.jsonl 2>notty.err
  ! grep -q "MB/s" notty.err && ! grep -q $'\r' notty.err && grep -q "skipped (" notty.err &&
    ok "no progress on a non-terminal" || fail "progress on a non-terminal"
fi

# --- one command line: did-you-mean, a closed pipe ------------------------------------
sug() { # expected-message command...
  local want=$1; shift
  "$@" >/dev/null 2>err; local rc=$?
  [ $rc = 2 ] && grep -qF "$want" err && ok "suggestion: $want" || fail "suggestion for $*: exit $rc, $(head -1 err)"
}
sug "'parze' is not a pricer command; did you mean 'parse'?" "$PRICER" parze x
sug "unknown option '--ouput'; did you mean '--output'?" "$PRICER" parse --ouput x meta_X.jsonl
sug "unknown option '--jsn'; did you mean '--json'?" "$PRICER" investigate --jsn meta_X.jsonl
sug "unknown option '--slotcap'; did you mean '--slot-cap'?" "$PRICER" curate --slotcap 3 items.jsonl
sug "unknown option '--trian'; did you mean '--train'?" "$PRICER" split --trian 5 items.jsonl
sug "unknown option '--cuont'; did you mean '--count'?" "$PRICER" tokenize --cuont
sug "unknown option '--recrods'; did you mean '--records'?" "$PRICER" synth --recrods 5
sug "unknown option '--itmes'; did you mean '--items'?" "$PRICER" report --itmes x -o r.html
sug "unknown option '--treshold'; did you mean '--threshold'?" "$PRICER" assess --treshold 1 x
sug "unknown option '--dryrun'; did you mean '--dry-run'?" "$PRICER" run --dryrun
"$PRICER" parse --zzzzzz x 2>err; grep -q "unknown option '--zzzzzz'$" err && ok "no far-fetched suggestion" ||
  fail "far suggestion: $(cat err)"
for i in $(seq 40); do cat meta_X.jsonl; done >meta_Pipe.jsonl
"${P[@]}" meta_Pipe.jsonl -o - 2>err | head -1 >first.jsonl
st=${PIPESTATUS[0]}
[ -s first.jsonl ] && ! grep -qi "broken pipe\|cannot write" err && { [ $st = 0 ] || [ $st = 141 ]; } &&
  ok "closed pipe ends quietly (status $st)" || fail "closed pipe: status $st, $(cat err)"
"$PRICER" tokenize --tokenizer "$TINY" long.jsonl 2>err | head -c 10 >/dev/null
! grep -qi "broken pipe\|cannot write" err && ok "tokenize into a closed pipe" || fail "tokenize pipe: $(cat err)"

# --- defect 11: the small ones ----------------------------------------------------------
"$PRICER" synth --help | grep "about 45% missing" >/dev/null && ok "synth --help: 45%" || fail "synth --help: $("$PRICER" synth --help | grep missing)"
for i in $(seq 60); do cat meta_X.jsonl; done | gzip -c >full.gz
head -c $(($(stat -c %s full.gz) * 3 / 4)) full.gz >meta_Cut.jsonl.gz
"${P[@]}" meta_Cut.jsonl.gz -o cut.jsonl 2>err; rc=$?
rows=$(grep -A2 "summary (incomplete)" err | tail -1 | awk '{print $2}' | tr -d ,)
[ $rc = 1 ] && [ "${rows:-0}" -gt 1000 ] && [ ! -e cut.jsonl ] && ok "incomplete summary counts the rows read ($rows)" ||
  fail "incomplete summary: exit $rc rows '${rows}': $(tail -4 err)"
{ head -n 2 meta_X.jsonl; printf '\xff\xfe\x01garbage\x80\n'; } >meta_Rnd.jsonl
"${PV[@]}" meta_Rnd.jsonl -o rnd.jsonl 2>err
grep -q "meta_Rnd.jsonl:3: .*invalid_utf8.*invalid UTF-8 at byte 1" err && ! grep "meta_Rnd.jsonl:3:" err | grep -q "expecting" &&
  ok "random bytes: a UTF-8 message" || fail "random bytes: $(grep ':3:' err)"
"$PRICER" investigate meta_Rnd.jsonl >/dev/null 2>err
grep -q "meta_Rnd.jsonl:3: .*(invalid_utf8): invalid UTF-8 at byte 1$" err &&
  ok "investigate: UTF-8 message" || fail "investigate message: $(grep ':3:' err)"
python3 - s8.jsonl odd.jsonl <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])][:200]
rows[3]["price"] = -5.0
rows[7]["price"] = 1e12
open(sys.argv[2], "w").write("".join(json.dumps(r) + "\n" for r in rows))
PY
"$PRICER" split odd.jsonl -o oddds --train 100 --test 10 2>err
grep -q "warning: odd.jsonl: 2 items have a price that is not positive or above 1000000 (the first: item 4, price -5)" err &&
  ok "split warns about odd prices" || fail "split odd prices: $(cat err)"
"${P[@]}" --min-tokens 150 --max-tokens 100 meta_X.jsonl -o mm.jsonl 2>err
grep -q "warning: --max-tokens 100 is below --min-tokens 150" err && ok "max_tokens < min_tokens warns" ||
  fail "max<min: $(head -3 err)"

exit $bad
