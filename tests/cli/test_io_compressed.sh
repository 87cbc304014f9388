#!/usr/bin/env bash
# Input formats end to end: the same catalogue as plain, gzip (single and multi-member), zstd,
# xz, standard input, CRLF and lone-CR line endings must give identical `pricer investigate`
# statistics; truncated or corrupt compressed files must fail with a message naming the
# file. Fixtures are made here by the real gzip/zstd/xz programs.
set -euo pipefail
: "${PRICER:?}" "${PC_SHARED:?}"
SRC="$PC_SHARED/data/amazon/meta_Gift_Cards.jsonl"
[ -f "$SRC" ] || exit 77
for t in gzip zstd xz python3; do command -v $t >/dev/null || exit 77; done
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

P=$T/meta_Gift_Cards.jsonl
head -n 400 "$SRC" >"$P" # a slice keeps the ASan run short
gzip -c "$P" >"$T/gz"
head -n 150 "$P" | gzip -c >"$T/multi"
tail -n +151 "$P" | gzip -1 -c >>"$T/multi"
zstd -q -c "$P" >"$T/zst"
xz -1 -c "$P" >"$T/xz"
python3 - "$P" "$T/crlf" "$T/cr" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
open(sys.argv[2], "wb").write(data.replace(b"\n", b"\r\n"))
open(sys.argv[3], "wb").write(data.replace(b"\n", b"\r"))
PY

# investigate one input (stdin when $1 is -) and print its statistics; every copy is named
# meta_Gift_Cards.jsonl whatever its compression (detection is by magic bytes)
stats() {
    local f=$1
    if [ "$f" != - ]; then
        mkdir -p "$T/n"
        cp "$f" "$T/n/meta_Gift_Cards.jsonl"
        f=$T/n/meta_Gift_Cards.jsonl
    fi
    "$PRICER" investigate -q --json "$f" 2>"$T/err" |
        python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["inputs"][0]["stats"], sort_keys=True))'
}
want=$(stats "$P")
echo "$want" | grep -q '"rows": 400' || fail "plain file: unexpected stats $want"
for f in gz multi zst xz crlf cr; do
    got=$(stats "$T/$f") || fail "$f: investigate failed: $(cat "$T/err")"
    [ "$got" = "$want" ] || fail "$f: statistics differ from the plain file"
done
got=$(stats - <"$T/gz") || fail "stdin: investigate failed: $(cat "$T/err")"
[ "$got" = "$want" ] || fail "gzip on standard input: statistics differ"

# damaged inputs: non-zero exit, message names the file and the problem
mkdir -p "$T/bad"
head -c 20000 "$T/gz" >"$T/bad/meta_Gift_Cards.jsonl.gz"
head -c 20000 "$T/zst" >"$T/bad/meta_Gift_Cards.jsonl.zst"
head -c 20000 "$T/xz" >"$T/bad/meta_Gift_Cards.jsonl.xz"
for f in "$T"/bad/*; do
    if "$PRICER" investigate -q "$f" >/dev/null 2>"$T/err"; then fail "truncated $f accepted"; fi
    grep -q "$(basename "$f")" "$T/err" || fail "message does not name the file: $(cat "$T/err")"
    grep -q "truncated" "$T/err" || fail "message does not say truncated: $(cat "$T/err")"
done
cp "$T/gz" "$T/bad/c.jsonl.gz"
printf '\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09' | dd of="$T/bad/c.jsonl.gz" bs=1 seek=5000 conv=notrunc 2>/dev/null
mv "$T/bad/c.jsonl.gz" "$T/bad/meta_Gift_Cards.jsonl.gz"
if "$PRICER" investigate -q "$T/bad/meta_Gift_Cards.jsonl.gz" >/dev/null 2>"$T/err"; then
    fail "corrupt gzip accepted"
fi
grep -q "gzip" "$T/err" || fail "corrupt gzip: unclear message: $(cat "$T/err")"
echo "ok"
