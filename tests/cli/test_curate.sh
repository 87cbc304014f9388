#!/usr/bin/env bash
# pricer curate against the reference Python (numpy legacy generator): sha256 goldens from
# tests/gen/curate_goldens.sh on generated items (small, options, medium), a live
# byte-for-byte comparison with tests/gen/curate_expected.py when numpy is installed,
# several input files = their concatenation, --no-balance, and error messages.
set -euo pipefail
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "no /usr/bin/python3: skipped"; exit 77; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
g="$PC_ROOT/tests/gen"
golden() { grep "^$1 " "$PC_ROOT/tests/golden/curate_goldens.txt" | cut -d' ' -f2-; }
digest() { printf '%s %s\n' "$(sha256sum < "$1" | cut -d' ' -f1)" "$(wc -l < "$1")"; }

$PY "$g/curate_items.py" 3000 7 "$t/small.jsonl"
$PY "$g/curate_items.py" 60000 11 "$t/medium.jsonl"

"$PRICER" curate "$t/small.jsonl" -o "$t/a.jsonl" --slot-cap 50 2>"$t/err" ||
  fail "curate failed: $(cat "$t/err")"
grep -q "3,000 items -> 2,222 in the sample" "$t/err" || fail "summary: $(cat "$t/err")"
[ "$(digest "$t/a.jsonl")" = "$(golden small_cap50)" ] || fail "small_cap50 differs from golden"

"$PRICER" curate "$t/small.jsonl" --output="$t/b.jsonl" --slot-cap 30 --seed 7 \
  --all-above 60 --slot-min 2 --slot-max=500 --weight Electronics=2 --weight Automotive=3 \
  --default-weight 4 2>"$t/err" || fail "curate with options failed: $(cat "$t/err")"
[ "$(digest "$t/b.jsonl")" = "$(golden small_options)" ] || fail "small_options differs"

"$PRICER" -q curate "$t/medium.jsonl" -o "$t/c.jsonl" --slot-cap 600 2>"$t/err" ||
  fail "medium failed: $(cat "$t/err")"
[ "$(digest "$t/c.jsonl")" = "$(golden medium_cap600)" ] || fail "medium_cap600 differs"

# any thread count gives the same bytes; a bad line deep in the file is found and named
"$PRICER" -q curate -j 1 "$t/medium.jsonl" -o "$t/c1.jsonl" --slot-cap 600 2>/dev/null
"$PRICER" -q curate --jobs=3 "$t/medium.jsonl" -o "$t/c3.jsonl" --slot-cap 600 2>/dev/null
cmp -s "$t/c.jsonl" "$t/c1.jsonl" && cmp -s "$t/c.jsonl" "$t/c3.jsonl" || fail "-j changes the sample"
sed '50000s/.*/{"oops"/' "$t/medium.jsonl" > "$t/badm.jsonl"
for j in 1 3; do
  set +e
  "$PRICER" curate -j $j "$t/badm.jsonl" -o "$t/f.jsonl" 2>"$t/err"; rc=$?
  set -e
  [ $rc = 1 ] && grep -q "^pricer: $t/badm.jsonl:50000: invalid JSON" "$t/err" ||
    fail "-j $j bad line 50000: $(cat "$t/err")"
done

# several inputs are read as one concatenation
head -n 1700 "$t/small.jsonl" > "$t/p1.jsonl"
tail -n +1701 "$t/small.jsonl" > "$t/p2.jsonl"
"$PRICER" -q curate "$t/p1.jsonl" "$t/p2.jsonl" -o "$t/d.jsonl" --slot-cap 50 2>/dev/null
cmp -s "$t/a.jsonl" "$t/d.jsonl" || fail "two input files differ from one"

# --no-balance keeps every line, in input order
"$PRICER" -q curate "$t/small.jsonl" -o "$t/e.jsonl" --no-balance 2>/dev/null
cmp -s "$t/small.jsonl" "$t/e.jsonl" || fail "--no-balance changed the items"

# live comparison with numpy (the goldens' source), when available
if $PY -c 'import numpy' 2>/dev/null; then
  $PY "$g/curate_expected.py" curate "$t/small.jsonl" --slot-cap 50 > "$t/x.jsonl"
  cmp "$t/x.jsonl" "$t/a.jsonl" || fail "differs from numpy (small)"
  $PY "$g/curate_expected.py" curate "$t/p1.jsonl" --slot-cap 20 --all-above 999 \
    --weight Toys_and_Games=0 > "$t/x.jsonl"
  "$PRICER" -q curate "$t/p1.jsonl" -o "$t/y.jsonl" --slot-cap 20 --all-above 999 \
    --weight Toys_and_Games=0 2>/dev/null
  cmp "$t/x.jsonl" "$t/y.jsonl" || fail "differs from numpy (zero weight)"
fi

# errors: clear messages, non-zero exit, no output left behind
set +e
"$PRICER" curate "$t/nope.jsonl" -o "$t/f.jsonl" 2>"$t/err"; rc=$?
set -e
[ $rc = 1 ] || fail "missing input: exit $rc"
grep -q "pricer: cannot open '$t/nope.jsonl': No such file or directory" "$t/err" ||
  fail "missing input message: $(cat "$t/err")"
{ head -n 5 "$t/small.jsonl"; echo '{"category": "X", "price": 1.0, "prompt": "p"'; } > "$t/bad.jsonl"
set +e
"$PRICER" curate "$t/bad.jsonl" -o "$t/f.jsonl" 2>"$t/err"; rc=$?
set -e
[ $rc = 1 ] || fail "bad line: exit $rc"
grep -q "^pricer: $t/bad.jsonl:6: invalid JSON" "$t/err" || fail "bad line message: $(cat "$t/err")"
{ head -n 2 "$t/small.jsonl"; echo '{"category": "X", "price": "1.0", "prompt": "p", "test_prompt": "p"}'; } > "$t/bad2.jsonl"
set +e
"$PRICER" curate "$t/bad2.jsonl" -o "$t/f.jsonl" 2>"$t/err"; rc=$?
set -e
[ $rc = 1 ] && grep -q "bad2.jsonl:3: \"price\" is not a finite number" "$t/err" ||
  fail "string price: $(cat "$t/err")"
[ ! -e "$t/f.jsonl" ] || fail "output written despite errors"
ls "$t" | grep -q '\.tmp' && fail "temporary file left behind"
set +e
"$PRICER" curate "$t/small.jsonl" 2>"$t/err"; rc=$?
"$PRICER" curate "$t/small.jsonl" -o "$t/g.jsonl" --weight Automotive 2>>"$t/err"; rc2=$?
"$PRICER" curate "$t/small.jsonl" -o "$t/g.jsonl" --slot-cap -3 2>>"$t/err"; rc3=$?
set -e
[ $rc = 2 ] && [ $rc2 = 2 ] && [ $rc3 = 2 ] || fail "usage errors: $rc $rc2 $rc3"
grep -q "no output given" "$t/err" && grep -q "wants CATEGORY=W" "$t/err" ||
  fail "usage messages: $(cat "$t/err")"
"$PRICER" curate --help | grep -- "--slot-cap" >/dev/null || fail "--help"
echo ok
