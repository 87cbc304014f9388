#!/usr/bin/env bash
# pricer split against the reference Python (CPython random.seed + shuffle, json.dumps as
# datasets writes JSON): sha256 goldens from tests/gen/curate_goldens.sh, a live
# byte-for-byte comparison with tests/gen/curate_expected.py, short samples (error, or
# --allow-short), and usage errors.
set -euo pipefail
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "no /usr/bin/python3: skipped"; exit 77; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
g="$PC_ROOT/tests/gen"
golden() { grep "^$1 " "$PC_ROOT/tests/golden/curate_goldens.txt" | cut -d' ' -f2-; }
digest() { printf '%s %s\n' "$(sha256sum < "$1" | cut -d' ' -f1)" "$(wc -l < "$1")"; }

$PY "$g/curate_items.py" 60000 11 "$t/medium.jsonl"
"$PRICER" -q curate "$t/medium.jsonl" -o "$t/sample.jsonl" --slot-cap 600 2>/dev/null
[ "$(digest "$t/sample.jsonl")" = "$(golden medium_cap600)" ] || fail "sample differs"

"$PRICER" split "$t/sample.jsonl" -o "$t/out" --train 20000 --test 2000 --validation 500 \
  --format jsonl --format openai 2>"$t/err" || fail "split failed: $(cat "$t/err")"
grep -q "35,473 items -> train 20,000, test 2,000, validation 500" "$t/err" ||
  fail "summary: $(cat "$t/err")"
for f in train test validation openai_train openai_validation; do
  [ "$(digest "$t/out/$f.jsonl")" = "$(golden "split_$f")" ] || fail "$f.jsonl differs from golden"
done
[ -z "$(tail -c 1 "$t/out/openai_train.jsonl" | tr -d -c '\n')" ] ||
  fail "openai file ends with a newline"
[ ! -e "$t/out/data" ] || fail "parquet written without --format parquet"

# live: the reference Python writes the same bytes (different seed and sizes)
mkdir "$t/x"
$PY "$g/curate_expected.py" split "$t/sample.jsonl" "$t/x" --seed 1234 --train 30000 \
  --test 5473 --openai-train 7 --openai-validation 3
"$PRICER" -q split "$t/sample.jsonl" -o "$t/y" --seed 1234 --train 30000 --test 5473 \
  --format openai --format jsonl --openai-train 7 --openai-validation 3 2>/dev/null
for f in train test openai_train openai_validation; do
  cmp "$t/x/$f.jsonl" "$t/y/$f.jsonl" || fail "$f.jsonl differs from Python"
done
[ ! -e "$t/y/validation.jsonl" ] || fail "validation written without --validation"

# a sample smaller than requested: clear error, nothing written; or --allow-short
head -n 300 "$t/sample.jsonl" > "$t/small.jsonl"
set +e
"$PRICER" split "$t/small.jsonl" -o "$t/z" 2>"$t/err"; rc=$?
set -e
[ $rc = 1 ] || fail "short sample: exit $rc"
grep -q "pricer: the sample has 300 items, fewer than the 402000 requested" "$t/err" &&
  grep -q -- "--allow-short" "$t/err" || fail "short message: $(cat "$t/err")"
[ ! -e "$t/z/train.jsonl" ] || fail "train written for a short sample"
"$PRICER" split "$t/small.jsonl" -o "$t/z" --train 250 --test 100 --allow-short 2>"$t/err" ||
  fail "--allow-short failed: $(cat "$t/err")"
grep -q "warning: the sample has only 300 items" "$t/err" || fail "no warning: $(cat "$t/err")"
# test keeps its requested 100 rows, train takes the remaining 200
[ "$(wc -l < "$t/z/train.jsonl")" = 200 ] && [ "$(wc -l < "$t/z/test.jsonl")" = 100 ] ||
  fail "short split sizes"
mkdir "$t/w"
$PY "$g/curate_expected.py" split "$t/small.jsonl" "$t/w" --train 250 --test 100 --allow-short 1
cmp "$t/w/test.jsonl" "$t/z/test.jsonl" || fail "short test differs from Python slicing"
cmp "$t/w/train.jsonl" "$t/z/train.jsonl" || fail "short train differs from Python slicing"
# with validation: test 100, validation 150, train the last 50
"$PRICER" -q split "$t/small.jsonl" -o "$t/z2" --train 250 --test 100 --validation 150 \
  --allow-short 2>"$t/err" || fail "--allow-short with validation: $(cat "$t/err")"
mkdir "$t/w2"
$PY "$g/curate_expected.py" split "$t/small.jsonl" "$t/w2" --train 250 --test 100 \
  --validation 150 --allow-short 1
for f in train test validation; do
  cmp "$t/w2/$f.jsonl" "$t/z2/$f.jsonl" || fail "short $f (with validation) differs from Python"
done

set +e
"$PRICER" split "$t/sample.jsonl" 2>"$t/err"; rc=$?
"$PRICER" split "$t/sample.jsonl" -o "$t/v" --format csv 2>>"$t/err"; rc2=$?
"$PRICER" split "$t/nope.jsonl" -o "$t/v" 2>>"$t/err"; rc3=$?
set -e
[ $rc = 2 ] && [ $rc2 = 2 ] && [ $rc3 = 1 ] || fail "error exits: $rc $rc2 $rc3"
grep -q "unknown format 'csv'" "$t/err" && grep -q "cannot open '$t/nope.jsonl'" "$t/err" ||
  fail "error messages: $(cat "$t/err")"
"$PRICER" split --help | grep -- "--allow-short" >/dev/null || fail "--help"
echo ok
