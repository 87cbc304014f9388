#!/usr/bin/env bash
# pricer split --format parquet read back by real readers (hyparquet + hyparquet-compressors,
# DuckDB via @duckdb/node-api, npm): every row of every split equals the JSONL row (compared
# by Python's json; sums checked with pandas on the JSONL), schema/types, statistics of both
# columns in every row group, created_by with the version of include/pricer/version.h, many
# data pages, SNAPPY (default), GZIP, ZSTD and uncompressed pages, row groups of at most
# --parquet-row-group rows, shards named <split>-0000K-of-0000N, an empty split; and the
# dataset card's YAML header (license, source, task and size categories, citation).
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
version=$(sed -n 's/.*define PRICER_VERSION_STRING "\(.*\)"/\1/p' "$PC_ROOT/include/pricer/version.h")
check_dir() { # DIR CODEC [ROWS_PER_GROUP]
 for s in train test validation; do
  f="$1/data/$s-00000-of-00001.parquet"
  [ -s "$f" ] || fail "missing $f"
  readpq "$f" > "$t/$s.rows" 2>"$t/err" || fail "hyparquet cannot read $s: $(cat "$t/err")"
  $PY - "$t/$s.rows" "$1/$s.jsonl" "$2" "${3:-100000}" "$version" <<'PYEOF' || fail "$s ($2): parquet differs from jsonl"
import json, sys
rows = open(sys.argv[1], encoding="utf-8").read().split("\n")[:-1]
facts = json.loads(rows.pop(0))
per_group, version = int(sys.argv[4]), sys.argv[5]
assert facts["created_by"] == "pricer version " + version, facts["created_by"]
want = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
got = [json.loads(l) for l in rows]
assert len(got) == len(want) == facts["num_rows"], (len(got), len(want), facts["num_rows"])
for i, (a, b) in enumerate(zip(got, want)):
    assert a["text"] == b["text"], (i, a["text"][:80], b["text"][:80])
    assert a["price"] == b["price"], (i, a["price"], b["price"])
assert facts["row_groups"] == max(1, -(-len(want) // per_group)), facts["row_groups"]
at = 0
for g in facts["groups"]:  # statistics of both columns in every row group
    part = want[at:at + g["num_rows"]]
    at += g["num_rows"]
    assert 0 < g["num_rows"] <= per_group
    tc, pc = g["columns"]
    texts = sorted((w["text"] for w in part), key=lambda x: x.encode("utf-8"))
    assert tc["min"] == texts[0] and tc["max"] == texts[-1], (tc["min"][:40], texts[0][:40])
    assert pc["min"] == min(w["price"] for w in part) and pc["max"] == max(w["price"] for w in part)
    assert tc["null_count"] == 0 and pc["null_count"] == 0
assert at == len(want)
assert facts["fields"] == [
    {"name": "text", "type": "BYTE_ARRAY", "repetition": "REQUIRED", "logical": "STRING"},
    {"name": "price", "type": "DOUBLE", "repetition": "REQUIRED", "logical": None}], facts
c = facts["columns"]
assert [x["path"] for x in c] == ["text", "price"]
for g in facts["groups"]:
    assert all(x["codec"] == sys.argv[3] and x["num_values"] == g["num_rows"]
               for x in g["columns"]), g
PYEOF
done
}
check_dir "$t/out" SNAPPY
sz_snappy=$(stat -c %s "$t/out/data/train-00000-of-00001.parquet")
"$PRICER" -q split "$t/items.jsonl" -o "$t/none" --train 3000 --test 700 --validation 300 \
  --format parquet --format jsonl --page-size 8192 --parquet-compression none \
  --parquet-row-group 1000 2>"$t/err" || fail "split failed: $(cat "$t/err")"
check_dir "$t/none" UNCOMPRESSED 1000
sz_plain=$(stat -c %s "$t/none/data/train-00000-of-00001.parquet")
[ "$sz_snappy" -lt "$sz_plain" ] || fail "snappy parquet is not smaller"
"$PRICER" -q split "$t/items.jsonl" -o "$t/gz" --train 3000 --test 700 --validation 300 \
  --format parquet --format jsonl --page-size 8192 --parquet-compression gzip 2>"$t/err" ||
  fail "gzip split failed: $(cat "$t/err")"
check_dir "$t/gz" GZIP
[ "$(stat -c %s "$t/gz/data/train-00000-of-00001.parquet")" -lt "$sz_plain" ] ||
  fail "gzip parquet is not smaller"
"$PRICER" -q split "$t/items.jsonl" -o "$t/zs" --train 3000 --test 700 --validation 300 \
  --format parquet --format jsonl --parquet-compression zstd --parquet-row-group 256 2>"$t/err" ||
  fail "zstd split failed: $(cat "$t/err")"
check_dir "$t/zs" ZSTD 256

# shards: about 200 KB each (uncompressed pages), named train-0000K-of-0000N, rows in order across them; an
# earlier run's shards with another N are gone; DuckDB reads the glob
"$PRICER" -q split "$t/items.jsonl" -o "$t/sh" --train 3000 --test 700 --validation 300 \
  --format parquet --format jsonl --parquet-shard-size 1000000 2>/dev/null
"$PRICER" -q split "$t/items.jsonl" -o "$t/sh" --train 3000 --test 700 --validation 300 \
  --format parquet --format jsonl --parquet-shard-size 200000 --parquet-row-group 500 \
  --parquet-compression none --page-size 8192 2>"$t/err" ||
  fail "sharded split failed: $(cat "$t/err")"
ls "$t/sh/data" > "$t/shards"
n=$(grep -c '^train-' "$t/shards")
[ "$n" -ge 3 ] || fail "expected several train shards: $(cat "$t/shards")"
for k in $(seq 0 $((n - 1))); do
  f=$(printf '%s/sh/data/train-%05d-of-%05d.parquet' "$t" "$k" "$n")
  [ -s "$f" ] || fail "missing shard $f: $(cat "$t/shards")"
  [ "$(stat -c %s "$f")" -lt 300000 ] || fail "shard $f too big"
  readpq "$f" | tail -n +2 >> "$t/sh.rows"
done
grep -q -- '-of-' "$t/shards" && ! grep -v -- "-of-$(printf %05d "$n")\|^test-\|^validation-" "$t/shards" ||
  fail "stale or odd files in data/: $(cat "$t/shards")"
$PY - "$t/sh.rows" "$t/sh/train.jsonl" <<'PYEOF' || fail "shards differ from jsonl"
import json, sys
got = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
want = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert got == want, (len(got), len(want))
PYEOF
if [ -d "$NODE_PATH/@duckdb/node-api" ] && $PY -c 'import pandas' 2>/dev/null; then
  cat > "$t/js/duck.mjs" <<'JSEOF'
import { DuckDBInstance } from '@duckdb/node-api'
const db = await DuckDBInstance.create(':memory:')
const c = await db.connect()
const r = await c.runAndReadAll(`select count(*)::BIGINT as n, sum(price) as s,
  sum(length(text))::BIGINT as chars from read_parquet('${process.argv[2]}')`)
const [n, s, chars] = r.getRows()[0]
console.log(JSON.stringify({ n: Number(n), s, chars: Number(chars) }))
JSEOF
  for d in sh out; do
    node "$t/js/duck.mjs" "$t/$d/data/train-*.parquet" > "$t/duck.json" 2>"$t/err" ||
      fail "duckdb cannot read $d: $(cat "$t/err")"
    $PY - "$t/duck.json" "$t/$d/train.jsonl" <<'PYEOF' || fail "duckdb ($d) differs from pandas"
import json, sys, math
import pandas as pd
d = json.load(open(sys.argv[1]))
df = pd.read_json(sys.argv[2], lines=True)
assert d["n"] == len(df), (d, len(df))
assert math.isclose(d["s"], df["price"].sum(), rel_tol=1e-12), (d["s"], df["price"].sum())
assert d["chars"] == int(df["text"].str.len().sum()), (d["chars"], df["text"].str.len().sum())
PYEOF
  done
else
  echo "no DuckDB node API or pandas: DuckDB check skipped"
fi

# several data pages: 8 KiB pages for ~600 KB of text
sz=$(stat -c %s "$t/out/data/train-00000-of-00001.parquet")
[ "$sz" -gt 100000 ] || fail "train parquet too small ($sz)"

# dataset card: YAML header with the splits, features and row counts
card="$t/out/README.md"
[ "$(head -n 1 "$card")" = "---" ] || fail "card has no YAML header"
for want in "- config_name: default" "  - split: train" "    path: data/train-*" \
            "  - split: validation" "  - name: text" "    dtype: string" "  - name: price" \
            "    dtype: float64" "    num_examples: 3000" "    num_examples: 700" \
            "    num_examples: 300" "# my-prices" "license: other" "- text-generation" \
            "- McAuley-Lab/Amazon-Reviews-2023" "- 1K<n<10K" "  journal={arXiv preprint arXiv:2403.03952},"; do
  grep -qxF -- "$want" "$card" || fail "card lacks '$want'"
done
if $PY -c 'import yaml' 2>/dev/null; then
  $PY - "$card" <<'PYEOF' || fail "card YAML"
import sys, yaml
head = open(sys.argv[1], encoding="utf-8").read().split("---\n")[1]
d = yaml.safe_load(head)
assert [s["num_examples"] for s in d["dataset_info"]["splits"]] == [3000, 700, 300]
assert d["license"] == "other" and d["source_datasets"] == ["McAuley-Lab/Amazon-Reviews-2023"]
assert d["size_categories"] == ["1K<n<10K"] and d["task_categories"] == ["text-generation"]
assert d["pretty_name"] == "my-prices"
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
