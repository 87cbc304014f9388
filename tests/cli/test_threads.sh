#!/usr/bin/env bash
# Every threaded command at several thread counts on a small input: the bytes do not depend
# on -j. Small on purpose: ./test.sh also runs it in the ThreadSanitizer build (build-tsan),
# where any data race makes the command fail (TSan's exit status 66).
set -uo pipefail
: "${PRICER:?}" "${PC_ROOT:?}"
command -v python3 >/dev/null || exit 77
TOKJSON="$PC_ROOT/tests/golden/tok/tiny/tokenizer.json" # a 3,000-token cut of Llama 3.1
[ -f "$TOKJSON" ] || exit 77
. "$PC_ROOT/tests/cli/common.sh"
same() { # name cmd-with-J (J replaced by 1 and 4)
  local name=$1; shift
  for j in 1 4; do
    "${@//@J@/$j}" >"$name.$j.out" 2>"$name.$j.err" || { fail "$name -j $j: $(tail -3 "$name.$j.err")"; return; }
  done
}

same synth "$PRICER" -q synth --seed 2 --records 3000 -j @J@ -o syn@J@
diff -r syn1 syn4 >/dev/null && ok "synth -j4 = -j1" || fail "synth differs across -j"
cat syn1/meta_*.jsonl | head -n 1500 >meta_Mix.jsonl
same parse "$PRICER" -q parse --tokenizer "$TOKJSON" -j @J@ meta_Mix.jsonl -o items@J@.jsonl
cmp -s items1.jsonl items4.jsonl && [ -s items1.jsonl ] && ok "parse -j4 = -j1" || fail "parse differs"
python3 -c "
import json
for l in open('items1.jsonl'): print(json.dumps({'text': json.loads(l)['prompt']}))" >texts.jsonl
same tok "$PRICER" tokenize --tokenizer "$TOKJSON" -j @J@ texts.jsonl -o tok@J@.jsonl
cmp -s tok1.jsonl tok4.jsonl && [ -s tok1.jsonl ] && ok "tokenize -j4 = -j1" || fail "tokenize differs"
python3 "$PC_ROOT/tests/gen/curate_items.py" 6000 3 many.jsonl
same curate "$PRICER" -q curate --slot-cap 20 -j @J@ many.jsonl -o sample@J@.jsonl
cmp -s sample1.jsonl sample4.jsonl && ok "curate -j4 = -j1" || fail "curate differs"
same split "$PRICER" -q split -j @J@ sample1.jsonl -o ds@J@ --train 300 --test 50 --allow-short --format jsonl --format parquet
diff -r ds1 ds4 >/dev/null && ok "split -j4 = -j1" || fail "split differs"
# report: the items on one thread, the sample and the split on another (-j 2 and more)
for j in 1 2 3; do
  mkdir -p rep$j
  "$PRICER" -q report -j $j --items items1.jsonl --items many.jsonl --sample sample1.jsonl \
    --split ds1 -o rep$j/report.html 2>"rep$j.err" || fail "report -j $j: $(tail -3 "rep$j.err")"
done
diff -r rep1 rep2 >/dev/null && diff -r rep1 rep3 >/dev/null && [ -s rep1/report.html ] &&
  ok "report -j2 = -j3 = -j1" || fail "report differs across -j"
# pricer run: the whole run folder at -j1, -j2 and -j3 (run.json aside: it records times)
ls syn1/meta_*.jsonl | sed 's|.*/meta_||; s|\.jsonl$||' | head -n 3 | paste -sd, >cats
for j in 1 2 3; do
  "$PRICER" -q run --data-dir syn1 --categories "$(cat cats)" --tokenizer "$TOKJSON" \
    --allow-short --train 100 --test 20 -j $j -o r 2>"run$j.err" || fail "run -j $j: $(tail -3 "run$j.err")"
  rm -f r/run.json
  mv r run$j
done
diff -r run1 run2 >/dev/null && diff -r run1 run3 >/dev/null && [ -s run1/dataset/train.jsonl ] &&
  ok "run -j2 = -j3 = -j1" || fail "run differs across -j"
# -j2: the report's items part runs ahead on a thread during curate and split
# (pipeline/report_ahead.c). Resumed with other curate options, the run reruns curate, split
# and report to the bytes of a fresh -j1 run; a split that fails meanwhile fails the run and
# leaves no report.
runj() { # -j OUT extra-args...
  local j=$1 o=$2; shift 2
  "$PRICER" -q run --data-dir syn1 --categories "$(cat cats)" --tokenizer "$TOKJSON" \
    --test 20 -j "$j" -o "$o" "$@" 2>"$o.err"
}
# (the fresh run is made under the same name: the page names its files)
runj 1 ahead --allow-short --train 100 --curate-slot-cap 3 --curate-seed 7 && mv ahead fresh7 &&
  runj 2 ahead --allow-short --train 100 &&
  runj 2 ahead --allow-short --train 100 --curate-slot-cap 3 --curate-seed 7 ||
  fail "curate-option runs: $(tail -3 ahead.err)"
python3 -c "
import json, sys
st = {s['name']: s['status'] for s in json.load(open('ahead/run.json'))['stages']}
sys.exit(not (st['curate'] == st['report'] == 'ran' and st['parse:' + sys.argv[1]] == 'reused'))" \
  "$(cut -d, -f1 cats)" || fail "the resumed run did not rerun curate and report only"
rm -f ahead/run.json fresh7/run.json
diff -r ahead fresh7 >/dev/null && ok "run -j2 resumed with other curate options = fresh -j1" ||
  fail "run -j2 resumed with other curate options differs from a fresh -j1 run"
if runj 2 short --train 1000000; then
  fail "a split short of rows did not fail the run"
else
  [ ! -e short/report.html ] && grep -q "allow.short" short.err &&
    ok "-j2 run failing in split: no report, message" || fail "failing -j2 run: $(tail -3 short.err)"
fi
# -j 1 is one core: no thread is ever started (strace counts CLONE_THREAD clones, against a
# command that starts none, which counts what a sanitizer's runtime starts on its own)
if command -v strace >/dev/null; then
  threads_of() { # log-name cmd...
    local log=$1; shift
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
      strace -f -qq -e trace=clone,clone3 -o "$log" "$@" >/dev/null 2>"$log.err" || { echo X; return; }
    grep -c CLONE_THREAD "$log" || true
  }
  base=$(threads_of st.base "$PRICER" --version)
  if [ "$base" = X ]; then
    echo "skip one-thread checks: strace cannot trace here"
  else
    rm -rf r1 ds1b
    one() { # name cmd...
      local name=$1; shift
      local n; n=$(threads_of "st.$name" "$@")
      [ "$n" = "$base" ] && ok "$name -j1 starts no thread" ||
        fail "$name -j1 started threads ($n clones with CLONE_THREAD, $base without work)"
    }
    one parse "$PRICER" -q parse --tokenizer "$TOKJSON" -j 1 meta_Mix.jsonl -o items1b.jsonl
    one curate "$PRICER" -q curate --slot-cap 20 -j 1 many.jsonl -o sample1b.jsonl
    one split "$PRICER" -q split -j 1 sample1.jsonl -o ds1b --train 300 --test 50 --allow-short
    one run "$PRICER" -q run --data-dir syn1 --categories "$(cat cats)" --tokenizer "$TOKJSON" \
      --allow-short --train 100 --test 20 -j 1 -o r1
    # and the check can fail: -j 2 does start threads
    n=$(threads_of st.parse2 "$PRICER" -q parse --tokenizer "$TOKJSON" -j 2 meta_Mix.jsonl -o i2.jsonl)
    [ "$n" != X ] && [ "$n" -gt "$base" ] && ok "parse -j2 starts threads ($n)" ||
      fail "parse -j2: no thread seen ($n), so the one-thread check proves nothing"
  fi
else
  echo "skip one-thread checks: no strace"
fi
exit $bad
