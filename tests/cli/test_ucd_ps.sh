#!/usr/bin/env bash
# src/text/ucd_ps.c (Unicode 16.0 \p{P} / \p{S}) is exactly what tools/unicode/gen_ps_table.py
# generates (which also cross-checks its sources against src/text/ucd_tables.c). Exits 77 when
# the generator's inputs are absent: Debian's unicode-data (/usr/share/unicode) or Python's
# `regex` module with Unicode >= 16 (version 2024.11 or later).
set -euo pipefail
: "${PC_ROOT:?}"
cd "$PC_ROOT"
[ -f /usr/share/unicode/DerivedAge.txt ] || { echo "skip: unicode-data is not installed"; exit 77; }
python3 -c 'import regex, sys; sys.exit(0 if regex.__version__ >= "2024.11" else 1)' 2>/dev/null || {
    echo "skip: Python regex >= 2024.11 is not installed"
    exit 77
}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
python3 tools/unicode/gen_ps_table.py >"$tmp"
if ! cmp -s "$tmp" src/text/ucd_ps.c; then
    echo "FAIL: src/text/ucd_ps.c differs from the generator's output"
    diff "$tmp" src/text/ucd_ps.c | head -20
    exit 1
fi
echo "ok: ucd_ps.c matches the generator"
