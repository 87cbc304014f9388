#!/usr/bin/env bash
# pricer report --raw on a truncated or corrupt .gz / .zst / .xz file: exit status 1, a
# message naming the file, and no report page written (issue 10, defect 4). The raw lines
# come from Python's json module and are compressed by the gzip / zstd / xz tools.
set -euo pipefail
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "no python3: skipped"; exit 77; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$PY" - "$t/meta_X.jsonl" <<'PYEOF'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(4000):
        f.write(json.dumps({"title": "thing %d" % i, "price": str(1 + i % 700),
                            "description": ["a fairly long description %d" % i] * 3,
                            "features": [], "details": {"k": i}, "images": [], "videos": []}) + "\n")
PYEOF
n=0
for c in gzip zstd xz; do
  command -v $c >/dev/null || continue
  case $c in gzip) ext=gz;; zstd) ext=zst;; xz) ext=xz;; esac
  $c -c "$t/meta_X.jsonl" > "$t/full.$ext" 2>/dev/null
  size=$(stat -c %s "$t/full.$ext")
  # truncated: the first half of the compressed bytes
  head -c $((size / 2)) "$t/full.$ext" > "$t/meta_T.jsonl.$ext"
  # corrupt: one byte in the middle flipped
  "$PY" - "$t/full.$ext" "$t/meta_C.jsonl.$ext" <<'PYEOF'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[len(b) // 2] ^= 0xFF
open(sys.argv[2], "wb").write(b)
PYEOF
  for f in "$t/meta_T.jsonl.$ext" "$t/meta_C.jsonl.$ext"; do
    rm -f "$t/r.html"
    set +e
    "$PRICER" report --raw "$f" -o "$t/r.html" 2>"$t/err"
    rc=$?
    set -e
    [ $rc = 1 ] || fail "$c: exit $rc (want 1) for $(basename "$f"): $(cat "$t/err")"
    grep -q "$(basename "$f")" "$t/err" || fail "$c: message does not name the file: $(cat "$t/err")"
    [ ! -e "$t/r.html" ] || fail "$c: a report was written from $(basename "$f")"
    n=$((n + 1))
  done
  # the intact file still works
  cp "$t/full.$ext" "$t/meta_X.jsonl.$ext"
  "$PRICER" report --raw "$t/meta_X.jsonl.$ext" -o "$t/r.html" 2>/dev/null || fail "$c: intact file"
done
[ $n -gt 0 ] || { echo "no gzip/zstd/xz tools: skipped"; exit 77; }
echo "ok ($n damaged files refused)"
