#!/usr/bin/env bash
# The one settings table (src/settings/settings.c) drives the docs and agrees with the stage
# commands: docs/settings.md is exactly `pricer run --help-config=markdown`; every setting
# that a stage command receives names an option that command's --help documents (that the
# commands accept them is checked by test_run.sh, which reruns each recorded stage command);
# values outside a setting's range are refused with exit status 2.
set -euo pipefail
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "no python3: skipped"; exit 77; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$PRICER" run --help-config=markdown > "$t/settings.md"
cmp -s "$t/settings.md" "$PC_ROOT/docs/settings.md" ||
  fail "docs/settings.md is stale: regenerate with 'pricer run --help-config=markdown > docs/settings.md'"
"$PY" - "$t/settings.md" "$PRICER" <<'PYEOF' || fail "stage options disagree with the table"
import subprocess, sys
rows = [l.split(" | ") for l in open(sys.argv[1]) if l.startswith("| `")]
checked = 0
for r in rows:
    key, stage, option = r[0][3:-1], r[4], r[5].strip("`")
    if stage not in ("parse", "curate", "split") or not option:
        continue
    h = subprocess.run([sys.argv[2], stage, "--help"], capture_output=True, text=True).stdout
    assert option in h, "%s: '%s %s' is not in its --help" % (key, stage, option)
    checked += 1
assert checked >= 20, checked
print(checked, "options checked")
PYEOF
mkdir -p "$t/data" && : > "$t/data/meta_X.jsonl"
for bad in parse.max_tokens=0 jobs=999 parse.min_price=-1 curate.seed=4294967296 \
           parse.truncate=lines split.train=-5; do
  set +e
  "$PRICER" run --data-dir "$t/data" --categories X --set "$bad" --dry-run >/dev/null 2>"$t/err"
  rc=$?
  set -e
  [ $rc = 2 ] || fail "--set $bad: exit $rc (want 2): $(cat "$t/err")"
done
"$PRICER" run --data-dir "$t/data" --categories X --set parse.max_tokens=1 --set jobs=256 \
  --dry-run >/dev/null || fail "values at the edge of their range refused"
echo ok
