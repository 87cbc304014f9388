#!/usr/bin/env bash
# pricer investigate: counts, price statistics and fill rates against Python's own reading
# of the same files (json.loads + float()), on the generated tricky file and, when present,
# the real Gift_Cards and Subscription_Boxes categories.
set -euo pipefail
: "${PRICER:?}" "${PC_ROOT:?}"
command -v python3 >/dev/null || exit 77
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

python3 "$PC_ROOT/tests/gen/gen_tricky_records.py" "$T/meta_Tricky.jsonl"
printf '{"title": "x"\r\nnot json\r[1]\n{"price": "12", "title": ""}\n' >"$T/meta_Broken.jsonl"
files=("$T/meta_Tricky.jsonl" "$T/meta_Broken.jsonl")
S="${PC_SHARED:-/nonexistent}/data/amazon"
[ -f "$S/meta_Gift_Cards.jsonl" ] && files+=("$S/meta_Gift_Cards.jsonl" "$S/meta_Subscription_Boxes.jsonl")

"$PRICER" investigate -q --json "${files[@]}" >"$T/inv.json" 2>"$T/err"
"$PRICER" investigate -q -j 1 "${files[@]}" >"$T/inv.txt" 2>/dev/null
for w in rows "usable price" median "above \$999.49" "content length" "field fill" main_category bought_together; do
    grep -q "$w" "$T/inv.txt" || fail "human output lacks '$w'"
done
grep -q "meta_Broken.jsonl:2: invalid (invalid_json)" "$T/err" || fail "invalid line not reported: $(cat "$T/err")"

python3 - "$T/inv.json" "${files[@]}" <<'PY' || fail "statistics differ from Python's"
import json, math, re, statistics, sys
got = json.load(open(sys.argv[1]))
FIELDS = ["main_category", "title", "subtitle", "author", "average_rating", "rating_number",
          "features", "description", "price", "images", "videos", "store", "categories",
          "details", "parent_asin", "bought_together"]
for path, g in zip(sys.argv[2:], got["inputs"]):
    s = g["stats"]
    data = open(path, "rb").read()
    lines = re.split(rb"\r\n|\r|\n", data)
    if lines and lines[-1] == b"":
        lines.pop()
    recs, prices = [], []
    for l in lines:
        try:
            d = json.loads(l.decode("utf-8"))
        except Exception:
            continue
        if isinstance(d, dict):
            recs.append(d)
    for d in recs:
        if "price" in d:
            try:
                p = float(str(d["price"]))
            except ValueError:
                continue
            if math.isfinite(p) and p > 0:
                prices.append(p)
    assert s["rows"] == len(lines), (path, s["rows"], len(lines))
    assert s["records"] == len(recs), (path, s["records"], len(recs))
    assert s["priced"] == len(prices), (path, s["priced"], len(prices))
    if prices:
        assert abs(s["price_mean"] - sum(prices) / len(prices)) < 1e-6 * max(prices)
        assert abs(s["price_max"] - max(prices)) < 0.006
        # the true median (mean of the two middle values, as numpy and statistics compute it)
        assert s["price_median"] == statistics.median(prices), (s["price_median"], statistics.median(prices))
        assert s["above_max"] == sum(p > 999.49 for p in prices)
    else:  # no usable price: no mean, median or max
        assert s["price_mean"] is None and s["price_median"] is None and s["price_max"] is None, s
    for f in FIELDS:
        miss = sum(f not in d for d in recs)
        null = sum(f in d and d[f] is None for d in recs)
        empty = sum(f in d and isinstance(d[f], (str, list, dict)) and len(d[f]) == 0 for d in recs)
        assert s["fields"][f] == {"missing": miss, "null": null, "empty": empty}, (path, f, s["fields"][f], miss, null, empty)
    print(path, "rows", s["rows"], "priced", s["priced"], "ok")
tot = got["total"]
assert tot["rows"] == sum(g["stats"]["rows"] for g in got["inputs"])
assert got["inputs"][1]["stats"]["invalid"] == 4  # 2 invalid_json, not_object, bad_media
if len(got["inputs"]) == 4:
    assert [g["stats"]["rows"] for g in got["inputs"][2:]] == [1137, 641]
    assert got["inputs"][2]["stats"]["invalid"] == 0 and got["inputs"][3]["stats"]["invalid"] == 0
PY
set +e
"$PRICER" investigate "$T/missing.jsonl" 2>"$T/e"; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "cannot open" "$T/e" || fail "missing file: rc $rc"
echo ok
