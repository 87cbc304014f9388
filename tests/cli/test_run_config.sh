#!/usr/bin/env bash
# pricer run: configuration handling without running stages (--dry-run prints the stage
# commands): the shipped examples map to the right stage options, the command line
# overrides the config, bad YAML and bad values are reported as FILE:LINE, missing inputs
# and unknown options are clear errors.
set -euo pipefail
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
mkdir -p "$t/data"
for c in Automotive Electronics Office_Products Tools_and_Home_Improvement \
         Cell_Phones_and_Accessories Toys_and_Games Appliances Musical_Instruments; do
  echo '{}' > "$t/data/meta_$c.jsonl"
done

# reference.yaml: eight categories in course order, reference settings, 400,000/2,000
out=$("$PRICER" run --config "$PC_ROOT/examples/reference.yaml" --data-dir "$t/data" -o "$t/r" --dry-run)
echo "$out" | grep -c '^pricer parse ' | grep -qx 8 || fail "reference: 8 parse stages"
echo "$out" | grep '^pricer parse ' | head -1 | grep -q "meta_Automotive.jsonl$" || fail "course order"
echo "$out" | grep '^pricer parse ' | tail -1 | grep -q "meta_Musical_Instruments.jsonl$" || fail "course order (last)"
echo "$out" | grep -q -- "^pricer curate --seed 42 --slot-min 1 --slot-max 999 --slot-cap 1200 --all-above 240 --default-weight 5 --weight Automotive=1 \|^pricer curate .*--slot-cap 1200 .*--all-above 240 .*--weight Automotive=1" || fail "reference curate: $(echo "$out" | grep curate)"
echo "$out" | grep '^pricer split' | grep -q -- "--seed 42 --train 400000 --test 2000" || fail "reference split"
echo "$out" | grep '^pricer split' | grep -q -- "--format jsonl --format parquet --format openai" || fail "formats"
echo "$out" | grep '^pricer split' | grep -q -- "--allow-short" && fail "reference must not allow short"
echo "$out" | grep '^pricer parse' | grep -q -- " -j " && fail "jobs: 0 (all cores) must not be passed as -j 0"
echo "$out" | grep '^pricer parse' | head -1 | grep -q -- "--question 'How much does this cost to the nearest dollar?' --prefix 'Price is \$'" || fail "question/prefix quoting: $(echo "$out" | grep parse | head -1)"

# lite.yaml: Appliances only, no balancing, 25,000/2,000, not short
out=$("$PRICER" run --config "$PC_ROOT/examples/lite.yaml" --data-dir "$t/data" -o "$t/r" --dry-run)
[ "$(echo "$out" | grep -c '^pricer parse ')" = 1 ] || fail "lite: one parse stage"
echo "$out" | grep -q "^pricer curate --no-balance $t/r/items/Appliances.jsonl -o $t/r/sample.jsonl$" || fail "lite curate: $(echo "$out" | grep curate)"
echo "$out" | grep '^pricer split' | grep -q -- "--train 25000 --test 2000" || fail "lite split"
# command line overrides the config, whatever the order; --seed reaches curate and split
out=$("$PRICER" run --train 7 --seed 9 --config "$PC_ROOT/examples/lite.yaml" --data-dir "$t/data" \
      -o "$t/r" --dry-run --set parse.min_tokens=3 --balance --format openai --no-report)
echo "$out" | grep '^pricer split' | grep -q -- "--seed 9 --train 7 --test 2000 --format openai " || fail "override split: $(echo "$out" | grep split)"
echo "$out" | grep -q "^pricer curate --seed 9 $t" || fail "override curate: $(echo "$out" | grep curate)"
echo "$out" | grep '^pricer parse' | grep -q -- "--min-tokens 3 " || fail "--set"
echo "$out" | grep -q '^pricer report' && fail "--no-report"
out=$("$PRICER" run --config "$PC_ROOT/examples/lite.yaml" --data-dir "$t/data" -o "$t/r" --dry-run --no-report-raw)
echo "$out" | grep -q "^pricer report --items $t/r/items/Appliances.jsonl --sample" || fail "--no-report-raw: $(echo "$out" | grep report)"
# explicit files instead of a data folder
out=$("$PRICER" run "$t/data/meta_Appliances.jsonl" "$t/data/meta_Toys_and_Games.jsonl" -o "$t/r" --dry-run)
echo "$out" | grep -q "^pricer parse --stats $t/r/items/Toys_and_Games.stats.json -o $t/r/items/Toys_and_Games.jsonl $t/data/meta_Toys_and_Games.jsonl$" || fail "files: $out"

# errors
chk() { # expected-rc pattern command...
  local want=$1 pat=$2; shift 2
  set +e; "$@" >"$t/out" 2>"$t/err"; local rc=$?; set -e
  [ "$rc" = "$want" ] || fail "exit $rc (want $want) for $*: $(cat "$t/err")"
  grep -q -- "$pat" "$t/err" || fail "message for $*: $(cat "$t/err") (want $pat)"
}
printf 'data_dir: x\nsplit:\n  train: 10\n   test: 3\n' > "$t/bad1.yaml"
chk 1 "^pricer: $t/bad1.yaml:4: invalid YAML" "$PRICER" run --config "$t/bad1.yaml" --dry-run
printf 'parse:\n  min_tokens: 10\n  max_tokenz: 3\n' > "$t/bad2.yaml"
chk 1 "^pricer: $t/bad2.yaml:3: unknown key 'parse.max_tokenz'" "$PRICER" run --config "$t/bad2.yaml" --dry-run
printf 'split:\n  train: many\n' > "$t/bad3.yaml"
chk 1 "^pricer: $t/bad3.yaml:2: split.train: 'many' is not a non-negative integer" "$PRICER" run --config "$t/bad3.yaml" --dry-run
chk 1 "^pricer: cannot open '$t/nope.yaml'" "$PRICER" run --config "$t/nope.yaml"
chk 1 "^pricer: cannot open '$t/data/meta_Nope.jsonl': No such file or directory" "$PRICER" run --data-dir "$t/data" --categories Nope --dry-run
chk 1 "cannot tell the category of" "$PRICER" run "$t/bad1.yaml" --dry-run
chk 2 "unknown option '--frobnicate'" "$PRICER" run --frobnicate --dry-run
chk 2 "split.train: 'x' is not a non-negative integer" "$PRICER" run --train x --dry-run
chk 2 "no input" "$PRICER" run --dry-run
"$PRICER" run --help | grep "usage: pricer run" >/dev/null || fail "--help"
"$PRICER" run --help-config | grep "split.train .*(default: 400000)" >/dev/null || fail "--help-config"
echo ok
