#!/usr/bin/env bash
# curate and split on threads (issue 8): curate's workers write the sample at known offsets,
# split's workers read, parse and format the rows, and a run's split takes curate's index of
# the sample instead of reading it again. The bytes do not depend on -j: -j1, -j2 and -j3
# give the same files, standalone and in a run, with jsonl + parquet + openai, with and
# without --group-by, curate to a file and to '-'. The -j3 files are also checked against
# the reference Python (tests/gen/curate_expected.py: numpy's and CPython's generators) where
# it covers them (the sample; the jsonl and openai files), so agreement across -j is not
# agreement with a shared bug.
set -uo pipefail
: "${PRICER:?}" "${PC_ROOT:?}"
PY=/usr/bin/python3 # Debian's, with numpy
[ -x "$PY" ] && "$PY" -c "import numpy" 2>/dev/null || exit 77
TOKJSON="$PC_ROOT/tests/golden/tok/tiny/tokenizer.json" # a 3,000-token cut of Llama 3.1
[ -f "$TOKJSON" ] || exit 77
G="$PC_ROOT/tests/gen"
. "$PC_ROOT/tests/cli/common.sh"

# ---- standalone curate: to a file at -j1, -j2, -j3 and to standard output ----
"$PY" "$G/curate_items.py" 6000 5 a.jsonl
"$PY" "$G/curate_items.py" 3000 6 b.jsonl
printf '\n' >>a.jsonl # a blank line is skipped, not copied
for j in 1 2 3; do
  "$PRICER" -q curate --slot-cap 20 -j $j a.jsonl b.jsonl -o cur$j.jsonl 2>cur$j.err ||
    fail "curate -j $j: $(tail -2 cur$j.err)"
done
"$PRICER" -q curate --slot-cap 20 -j 3 a.jsonl b.jsonl -o - >cur-stdout.jsonl 2>cur-stdout.err ||
  fail "curate -j 3 -o -: $(tail -2 cur-stdout.err)"
"$PY" "$G/curate_expected.py" curate a.jsonl b.jsonl --slot-cap 20 >cur-want.jsonl
[ -s cur-want.jsonl ] && cmp -s cur3.jsonl cur-want.jsonl &&
  ok "curate -j3 = the reference Python ($(wc -l <cur3.jsonl) lines)" ||
  fail "curate -j3 differs from the reference Python"
cmp -s cur1.jsonl cur3.jsonl && cmp -s cur2.jsonl cur3.jsonl && ok "curate -j1 = -j2 = -j3" ||
  fail "curate differs across -j"
cmp -s cur-stdout.jsonl cur3.jsonl && ok "curate -o - (ordered write) = -o FILE" ||
  fail "curate to standard output differs from the file"
for j in 1 3; do
  "$PRICER" -q curate --slot-cap 20 --dedup title -j $j a.jsonl b.jsonl -o dd$j.jsonl ||
    fail "curate --dedup -j $j"
done
cmp -s dd1.jsonl dd3.jsonl && [ -s dd1.jsonl ] && ok "curate --dedup title -j3 = -j1" ||
  fail "curate --dedup differs across -j"

# ---- standalone split: -j1, -j2, -j3, jsonl + parquet + openai, with and without --group-by
fmts=(--format jsonl --format parquet --format openai)
for j in 1 2 3; do
  "$PRICER" -q split -j $j cur3.jsonl -o ds$j --train 900 --test 100 --validation 50 \
    --allow-short --openai-train 30 --openai-validation 10 "${fmts[@]}" 2>ds$j.err ||
    fail "split -j $j: $(tail -2 ds$j.err)"
  "$PRICER" -q split -j $j cur3.jsonl -o gb$j --train 900 --test 100 --group-by title \
    --allow-short "${fmts[@]}" 2>gb$j.err || fail "split --group-by -j $j: $(tail -2 gb$j.err)"
done
diff -r ds1 ds2 >/dev/null && diff -r ds1 ds3 >/dev/null && [ -s ds1/train.jsonl ] &&
  [ -n "$(ls ds1/data/*.parquet 2>/dev/null)" ] && ok "split -j1 = -j2 = -j3 (three formats)" ||
  fail "split differs across -j"
diff -r gb1 gb2 >/dev/null && diff -r gb1 gb3 >/dev/null && [ -s gb1/train.jsonl ] &&
  ok "split --group-by title -j1 = -j2 = -j3" || fail "split --group-by differs across -j"
# parquet pages compressed on the writer's thread (-j2, -j3): small pages, row groups and
# shards, so that pages queue, groups end and shards are cut while pages are in flight
for j in 1 2 3; do
  for c in snappy zstd; do
    "$PRICER" -q split -j $j cur3.jsonl -o pq$j-$c --train 900 --test 100 --allow-short \
      --format parquet --page-size 1000 --parquet-row-group 150 --parquet-shard-size 15000 \
      --parquet-compression $c 2>pq.err || fail "split parquet -j $j $c: $(tail -2 pq.err)"
  done
done
for c in snappy zstd; do
  n=$(ls pq1-$c/data/*.parquet 2>/dev/null | wc -l)
  diff -r pq1-$c pq2-$c >/dev/null && diff -r pq1-$c pq3-$c >/dev/null && [ "$n" -gt 2 ] &&
    ok "parquet ($c, $n shards, pages on a thread) -j1 = -j2 = -j3" ||
    fail "parquet ($c) differs across -j"
done
mkdir -p want
"$PY" "$G/curate_expected.py" split cur3.jsonl want --train 900 --test 100 --validation 50 \
  --allow-short 1 --openai-train 30 --openai-validation 10
same_want=1
for f in train.jsonl test.jsonl validation.jsonl openai_train.jsonl openai_validation.jsonl; do
  cmp -s "ds3/$f" "want/$f" || { same_want=0; echo "  differs: $f"; }
done
[ $same_want = 1 ] && ok "split -j3 jsonl and openai files = the reference Python" ||
  fail "split -j3 differs from the reference Python"

# ---- a bad line in the sample still names the file and the line's byte offset at -j3 ----
head -c 2000 cur3.jsonl | head -n 1 >badsample.jsonl
echo '{"category": "X", "price": 1.0, "prompt": 3}' >>badsample.jsonl
if "$PRICER" -q split -j 3 badsample.jsonl -o bad --train 1 --test 1 2>bad.err; then
  fail "split of a sample with a bad line succeeded"
else
  grep -q "badsample.jsonl" bad.err && [ ! -e bad ] && ok "split -j3 names a bad sample line" ||
    fail "split's error does not name the file: $(cat bad.err)"
fi

# ---- pricer run: -j1, -j2, -j3; split takes curate's index (-v says so) ----
"$PRICER" -q synth --seed 3 --records 2500 -o syn
cats=$(ls syn/meta_*.jsonl | sed 's|.*/meta_||; s|\.jsonl$||' | head -n 3 | paste -sd,)
run() { # -j OUT extra...
  local j=$1 o=$2
  shift 2
  "$PRICER" -v run --data-dir syn --categories "$cats" --tokenizer "$TOKJSON" --allow-short \
    --train 300 --test 40 --format jsonl,parquet,openai --openai-train 20 \
    --openai-validation 5 --no-report --no-assess -j "$j" -o "$o" "$@" >"$o.out" 2>"$o.err"
}
for j in 1 2 3; do
  run $j r$j || fail "run -j $j: $(tail -3 r$j.err)"
  run $j g$j --dedup title --group-by title || fail "run --group-by -j $j: $(tail -3 g$j.err)"
  grep -q "split: sample index from curate" r$j.err && grep -q "split: sample index from curate" g$j.err ||
    fail "run -j $j: split did not take curate's index"
done
for d in r1 r2 r3 g1 g2 g3; do rm -f $d/run.json; done
diff -r r1 r2 >/dev/null && diff -r r1 r3 >/dev/null && [ -s r1/dataset/train.jsonl ] &&
  ok "run -j1 = -j2 = -j3 (split from curate's index)" || fail "run differs across -j"
diff -r g1 g2 >/dev/null && diff -r g1 g3 >/dev/null && [ -s g1/dataset/train.jsonl ] &&
  ok "run --dedup title --group-by title -j1 = -j2 = -j3" || fail "run --group-by differs across -j"
# the same dataset as the standalone split, which indexes the sample itself
"$PRICER" -q split -j 2 r1/sample.jsonl -o alone --train 300 --test 40 --allow-short \
  "${fmts[@]}" --openai-train 20 --openai-validation 5 || fail "standalone split of the run's sample"
diff -r r1/dataset alone >/dev/null && ok "run's split (curate's index) = standalone split" ||
  fail "the run's split differs from a standalone split of its sample"
"$PRICER" -q split -j 2 g1/sample.jsonl -o galone --train 300 --test 40 --allow-short \
  --group-by title "${fmts[@]}" --openai-train 20 --openai-validation 5 ||
  fail "standalone split --group-by of the run's sample"
diff -r g1/dataset galone >/dev/null && ok "run's split --group-by (curate's keys) = standalone" ||
  fail "the run's split --group-by differs from a standalone split"
# resumed with only a split option changed: curate is reused, so split indexes the sample
run 2 rr && run 2 rr --test 41 || fail "resumed run: $(tail -3 rr.err)"
grep -q "split: sample indexed" rr.err && ! grep -q "sample index from curate" rr.err &&
  ok "a resumed run that reused curate indexes the sample" ||
  fail "the resumed run did not index the sample: $(grep split: rr.err)"
# run.json's SHA-256 of the sample (hashed by curate while its threads wrote it) = hashlib's
"$PY" - rr <<'PY' && ok "run.json's sample SHA-256 (hashed while written) = hashlib's" ||
import hashlib, json, sys
d = sys.argv[1]
rec = [s for s in json.load(open(d + "/run.json"))["stages"] if s["name"] == "curate"][0]
out = [o for o in rec["outputs"] if o["path"] == "sample.jsonl"][0]
sys.exit(out["sha256"] != hashlib.sha256(open(d + "/sample.jsonl", "rb").read()).hexdigest())
PY
  fail "run.json's SHA-256 of the sample is wrong"
# curate's --dedup key differs from split's --group-by: curate has no keys to hand over
run 2 m2 --dedup prompt --group-by title || fail "run --dedup prompt --group-by title"
grep -q "split: sample indexed" m2.err && ok "split indexes when curate kept other keys" ||
  fail "split took an index without its --group-by keys"
"$PRICER" -q split -j 1 m2/sample.jsonl -o malone --train 300 --test 40 --allow-short \
  --group-by title "${fmts[@]}" --openai-train 20 --openai-validation 5 || fail "split m2"
diff -r m2/dataset malone >/dev/null && ok "that run's split = standalone" || fail "m2 differs"
exit $bad
