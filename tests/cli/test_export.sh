#!/usr/bin/env bash
# pricer split --format parquet read back by a real reader (hyparquet, npm): every row of
# every split equals the JSONL row (compared by Python's json), schema/types/statistics,
# many data pages, GZIP pages (inflated by node's zlib), an empty split; and the dataset
# card's YAML header.
set -euo pipefail
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "no /usr/bin/python3: skipped"; exit 77; }
command -v node >/dev/null || { echo "no node: skipped"; exit 77; }
[ -d "${NODE_PATH:-}/hyparquet" ] || { echo "no hyparquet in NODE_PATH: skipped"; exit 77; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
g="$PC_ROOT/tests/gen"
# hyparquet is an ES module: resolve it from a folder whose node_modules is NODE_PATH
mkdir "$t/js"; ln -s "$NODE_PATH" "$t/js/node_modules"; cp "$g/read_parquet.mjs" "$t/js/"
readpq() { node "$t/js/read_parquet.mjs" "$1"; }

$PY "$g/curate_items.py" 4000 3 "$t/items.jsonl"
"$PRICER" -q split "$t/items.jsonl" -o "$t/out" --train 3000 --test 700 --validation 300 \
  --format parquet --format jsonl --page-size 8192 --title "my-prices" 2>"$t/err" ||
  fail "split failed: $(cat "$t/err")"
check_dir() { # DIR CODEC
 for s in train test validation; do
  f="$1/data/$s-00000-of-00001.parquet"
  [ -s "$f" ] || fail "missing $f"
  readpq "$f" > "$t/$s.rows" 2>"$t/err" || fail "hyparquet cannot read $s: $(cat "$t/err")"
  $PY - "$t/$s.rows" "$1/$s.jsonl" "$2" <<'PYEOF' || fail "$s ($2): parquet differs from jsonl"
import json, sys
rows = open(sys.argv[1], encoding="utf-8").read().split("\n")[:-1]
facts = json.loads(rows.pop(0))
want = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
got = [json.loads(l) for l in rows]
assert len(got) == len(want) == facts["num_rows"], (len(got), len(want), facts["num_rows"])
for i, (a, b) in enumerate(zip(got, want)):
    assert a["text"] == b["text"], (i, a["text"][:80], b["text"][:80])
    assert a["price"] == b["price"], (i, a["price"], b["price"])
assert facts["row_groups"] == 1
assert facts["fields"] == [
    {"name": "text", "type": "BYTE_ARRAY", "repetition": "REQUIRED", "logical": "STRING"},
    {"name": "price", "type": "DOUBLE", "repetition": "REQUIRED", "logical": None}], facts
c = facts["columns"]
assert [x["path"] for x in c] == ["text", "price"]
assert all(x["codec"] == sys.argv[3] and x["num_values"] == len(want) for x in c), c
prices = [w["price"] for w in want]
assert c[1]["min"] == min(prices) and c[1]["max"] == max(prices), c[1]
assert c[1]["null_count"] == 0
PYEOF
done
}
check_dir "$t/out" UNCOMPRESSED
sz_plain=$(stat -c %s "$t/out/data/train-00000-of-00001.parquet")
"$PRICER" -q split "$t/items.jsonl" -o "$t/gz" --train 3000 --test 700 --validation 300 \
  --format parquet --format jsonl --page-size 8192 --parquet-compression gzip 2>"$t/err" ||
  fail "gzip split failed: $(cat "$t/err")"
check_dir "$t/gz" GZIP
[ "$(stat -c %s "$t/gz/data/train-00000-of-00001.parquet")" -lt "$sz_plain" ] ||
  fail "gzip parquet is not smaller"

# several data pages: 8 KiB pages for ~600 KB of text
sz=$(stat -c %s "$t/out/data/train-00000-of-00001.parquet")
[ "$sz" -gt 100000 ] || fail "train parquet too small ($sz)"

# dataset card: YAML header with the splits, features and row counts
card="$t/out/README.md"
[ "$(head -n 1 "$card")" = "---" ] || fail "card has no YAML header"
for want in "- config_name: default" "  - split: train" "    path: data/train-*" \
            "  - split: validation" "  - name: text" "    dtype: string" "  - name: price" \
            "    dtype: float64" "    num_examples: 3000" "    num_examples: 700" \
            "    num_examples: 300" "# my-prices"; do
  grep -qxF -- "$want" "$card" || fail "card lacks '$want'"
done
if $PY -c 'import yaml' 2>/dev/null; then
  $PY - "$card" <<'PYEOF' || fail "card YAML"
import sys, yaml
head = open(sys.argv[1], encoding="utf-8").read().split("---\n")[1]
d = yaml.safe_load(head)
assert [s["num_examples"] for s in d["dataset_info"]["splits"]] == [3000, 700, 300]
assert d["dataset_info"]["features"] == [{"name": "text", "dtype": "string"},
                                         {"name": "price", "dtype": "float64"}]
PYEOF
fi

# an empty split is still a valid file
"$PRICER" -q split "$t/items.jsonl" -o "$t/e" --train 10 --test 0 --format parquet 2>/dev/null
readpq "$t/e/data/test-00000-of-00001.parquet" > "$t/e.rows" || fail "empty parquet unreadable"
head -n 1 "$t/e.rows" | grep -q '"num_rows":0' || fail "empty parquet rows: $(head -c 300 "$t/e.rows")"
[ "$(wc -l < "$t/e.rows")" = 1 ] || fail "empty parquet has rows"
ls "$t/out" "$t/out/data" | grep -q '\.tmp' && fail "temporary file left behind"
echo ok
