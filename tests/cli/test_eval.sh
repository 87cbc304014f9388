#!/usr/bin/env bash
# pricer eval on every prediction shape, against the course's Tester and get_price written
# in Python (tests/gen/eval_expect.py): JSONL {"price"} and {"completion"} (Unicode digits,
# signs, commas), CSV with a quoted price column, the random / constant / train-mean /
# category-median baselines, the whole text output and --json; TEST as JSONL, as pricer's
# own Parquet (none, gzip, zstd) and, when DuckDB's node API is installed, as DuckDB-written
# Parquet (dictionary pages, optional columns, several row groups, snappy/gzip/zstd). Bad
# inputs fail with FILE:LINE messages and write no page.
set -euo pipefail
PY=/usr/bin/python3
[ -x "$PY" ] || exit 77
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
g="$PC_ROOT/tests/gen"
E="$PY $g/eval_expect.py"

# a split from generated items, in JSONL and pricer's Parquet with three codecs
$PY "$g/curate_items.py" 1500 5 "$t/items.jsonl"
for c in none gzip zstd; do
    "$PRICER" -q split "$t/items.jsonl" -o "$t/s_$c" --train 1000 --test 400 --format jsonl \
        --format parquet --parquet-compression $c --page-size 4096 2>"$t/err" ||
        fail "split: $(cat "$t/err")"
done
T="$t/s_none/test.jsonl"
$E --fixtures "$t" 400

check() { # NAME ARGS... : text and --json output equal the Python Tester's
    local name=$1 spec=$2 size=$3; shift 3
    "$PRICER" eval --color never "$@" >"$t/out.txt" 2>"$t/err" || fail "$name: $(cat "$t/err")"
    "$PRICER" eval --json "$@" >"$t/out.json" 2>"$t/err" || fail "$name --json: $(cat "$t/err")"
    local title
    title=$(sed -n '$p' <(head -n -1 "$t/out.txt") | sed 's/ Error=.*//')
    $E "$T" "$spec" "$size" "$title" >"$t/want.txt"
    $E "$T" "$spec" "$size" >"$t/want.json"
    cmp -s "$t/out.txt" "$t/want.txt" || { diff "$t/want.txt" "$t/out.txt" | head; fail "$name text"; }
    cmp -s "$t/out.json" "$t/want.json" || fail "$name json: $(cat "$t/out.json") != $(cat "$t/want.json")"
    echo "ok $name: $(cat "$t/out.json")"
}
check random random:42 250 --test "$T" --baseline random
check random-seed7-all random:7 all --test "$T" --baseline random --seed 7 --size all
check constant constant:199.99 100 --test "$T" --baseline constant --value 199.99 --size 100
check train-mean "mean:$t/s_none/train.jsonl" 250 --test "$T" --baseline constant --train "$t/s_none/train.jsonl"
check price "$t/pred_price.jsonl" 250 --test "$T" --predictions "$t/pred_price.jsonl"
check completion "$t/pred_completion.jsonl" 400 --test "$T" --predictions "$t/pred_completion.jsonl" --size 400
check csv "$t/pred.csv" 250 --test "$T" --predictions "$t/pred.csv"
grep -q "^Pred Completion Error=" <("$PRICER" eval --color never --test "$T" --predictions "$t/pred_completion.jsonl") ||
    fail "name from the predictions file"

# category median: test and train rows that carry a category (items lines)
head -300 "$t/items.jsonl" >"$t/cat_test.jsonl"
tail -n +301 "$t/items.jsonl" | grep -v '"Appliances"' >"$t/cat_train.jsonl"
T="$t/cat_test.jsonl" check category-median "median:$t/cat_train.jsonl" 300 --test "$t/cat_test.jsonl" \
    --baseline category-median --train "$t/cat_train.jsonl" --size 300
T="$t/s_none/test.jsonl"
# split files have no category: --items gives it (and the items' titles), matched by prompt
E="$PY $g/eval_expect.py --items=$t/items.jsonl" check items-join "median:$t/s_none/train.jsonl" 250 \
    --test "$T" --baseline category-median --train "$t/s_none/train.jsonl" --items "$t/items.jsonl"
E="$PY $g/eval_expect.py --items=$t/items.jsonl" check items-join-parquet "median:$t/s_none/train.jsonl" 250 \
    --test "$t/s_zstd/data/test-00000-of-00001.parquet" --baseline category-median \
    --train "$t/s_gzip/data/train-00000-of-00001.parquet" --items "$t/items.jsonl"

# Parquet TEST gives the same output as the JSONL it was written with
"$PRICER" eval --color never --test "$T" --baseline random >"$t/jsonl.txt"
for c in none gzip zstd; do
    "$PRICER" eval --color never --test "$t/s_$c/data/test-00000-of-00001.parquet" --baseline random \
        >"$t/pq.txt" 2>"$t/err" || fail "parquet $c: $(cat "$t/err")"
    cmp -s "$t/pq.txt" "$t/jsonl.txt" || fail "parquet $c output differs from jsonl"
done
if command -v node >/dev/null && [ -d "${NODE_PATH:-}/@duckdb/node-api" ]; then
    mkdir "$t/js"; ln -s "$NODE_PATH" "$t/js/node_modules"; cp "$g/write_parquet_duckdb.mjs" "$t/js/"
    # repeated texts and prices make DuckDB use dictionary pages
    $PY - "$T" "$t/dup.jsonl" <<'PYEOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for i in range(5000):
        r = rows[i % 7] if i % 50 else rows[i % len(rows)]
        f.write(json.dumps({"text": r["text"], "price": r["price"]}, ensure_ascii=False) + "\n")
PYEOF
    for src in "$T" "$t/dup.jsonl"; do
        "$PRICER" eval --color never --test "$src" --baseline random --size all >"$t/want.txt"
        codecs="uncompressed snappy gzip zstd"
        [ "$src" = "$T" ] && codecs=snappy
        for c in $codecs; do
            node "$t/js/write_parquet_duckdb.mjs" "$src" "$t/d.parquet" $c 2048 >"$t/meta" ||
                fail "duckdb could not write parquet"
            [ "$src" = "$T" ] || grep -q "row_groups=3 text=PLAIN_DICTIONARY" "$t/meta" ||
                fail "duckdb wrote $(cat "$t/meta"), not the dictionary pages and row groups wanted"
            "$PRICER" eval --color never --test "$t/d.parquet" --baseline random --size all \
                >"$t/pq.txt" 2>"$t/err" || fail "duckdb parquet $c: $(cat "$t/err")"
            cmp -s "$t/pq.txt" "$t/want.txt" || fail "duckdb parquet $c ($src) differs from jsonl"
        done
    done
    echo "ok duckdb parquet (uncompressed, snappy, gzip, zstd; dictionary pages, 3 row groups)"
else
    echo "no @duckdb/node-api: DuckDB parquet part skipped"
fi

# bad inputs: non-zero exit, FILE:LINE, no page written
bad() { # EXPECTED-MESSAGE ARGS...
    local want=$1; shift
    if "$PRICER" eval --test "$T" -o "$t/bad.html" "$@" >/dev/null 2>"$t/err"; then
        fail "accepted: $* ($want)"
    fi
    grep -qF -- "$want" "$t/err" || fail "message for $*: $(cat "$t/err"), want '$want'"
    [ ! -e "$t/bad.html" ] || fail "page written on failure"
}
head -249 "$t/pred_price.jsonl" >"$t/short.jsonl"
bad "short.jsonl:250: 249 predictions, but" --predictions "$t/short.jsonl"
cat "$t/pred_price.jsonl" "$t/pred_price.jsonl" >"$t/long.jsonl"
bad "long.jsonl:401: 800 predictions" --predictions "$t/long.jsonl"
{ head -3 "$t/pred_price.jsonl"; echo '{"price": 1'; } >"$t/badjson.jsonl"
bad "badjson.jsonl:4: invalid JSON" --predictions "$t/badjson.jsonl"
{ head -3 "$t/pred_price.jsonl"; echo '{"guess": 1}'; } >"$t/nokey.jsonl"
bad 'nokey.jsonl:4: expected {"price": number} or {"completion": "text"}' --predictions "$t/nokey.jsonl"
{ head -3 "$t/pred_price.jsonl"; echo; head -3 "$t/pred_price.jsonl"; } >"$t/gap.jsonl"
bad "gap.jsonl:4: empty line" --predictions "$t/gap.jsonl"
printf 'id,guess\n1,2\n' >"$t/nocol.csv"
bad "nocol.csv:1: the CSV header has no \"price\" column" --predictions "$t/nocol.csv"
{ head -3 "$t/pred.csv"; echo '3,x,twelve'; } >"$t/nan.csv"
bad "nan.csv:4: price 'twelve' is not a number" --predictions "$t/nan.csv"
{ head -2 "$t/pred_price.jsonl"; echo '{"completion": "-7.5"}'; tail -n +4 "$t/pred_price.jsonl"; } >"$t/neg.jsonl"
bad "neg.jsonl:3: guess -7.5 is at or below -1" --predictions "$t/neg.jsonl"
bad "has 400 items, fewer than --size 500" --baseline random --size 500
bad "cannot open" --predictions "$t/none.jsonl"
{ head -2 "$T"; echo '{"text": "x"}'; } >"$t/badtest.jsonl"
bad "badtest.jsonl:3: no number \"price\"" --test "$t/badtest.jsonl" --baseline random --size 2
printf 'PAR1 not really a parquet file PAR1' >"$t/fake.parquet"
bad "fake.parquet" --test "$t/fake.parquet" --baseline random
# '-' reads standard input (test split or predictions), with the same figures as the file
"$PRICER" eval --test "$T" --predictions "$t/pred_price.jsonl" --json >"$t/file.json" || fail "eval file"
"$PRICER" eval --test "$T" --predictions - --json <"$t/pred_price.jsonl" >"$t/stdin1.json" ||
    fail "eval --predictions -"
"$PRICER" eval --test - --predictions "$t/pred_price.jsonl" --json <"$T" >"$t/stdin2.json" ||
    fail "eval --test -"
cmp -s "$t/file.json" "$t/stdin1.json" || fail "--predictions - differs from the file"
cmp -s "$t/file.json" "$t/stdin2.json" || fail "--test - differs from the file"
"$PRICER" eval --test - --predictions - </dev/null >/dev/null 2>&1 && fail "two '-' accepted"
"$PRICER" eval --test "$T" --baseline nope >/dev/null 2>&1 && fail "unknown baseline accepted"
"$PRICER" eval --test "$T" >/dev/null 2>&1 && fail "no predictions accepted"
"$PRICER" eval --test "$T" --baseline category-median >/dev/null 2>&1 && fail "median without train"
echo ok
