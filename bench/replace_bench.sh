#!/usr/bin/env bash
# The item rules' two str.replace chains, fused into single passes in pricer, against the
# reference's own code for them (CPython: 13 / 10 chained str.replace calls) on the same
# strings, in the same run: json.dumps(details) of real records for the REMOVALS (SPEC §2),
# their scrubbed text for the clean-up (SPEC §3.3). Prints MB/s per CPU-second, best of 3, and
# the ratio. Usage: bench/replace_bench.sh [JSONL_FILE] [ROUNDS]
# (default ../shared/data/amazon/meta_Gift_Cards.jsonl, 20 rounds). Needs build/.
set -euo pipefail
cd "$(dirname "$0")/.."
file=${1:-../shared/data/amazon/meta_Gift_Cards.jsonl}
rounds=${2:-20}
[ -f "$file" ] || { echo "replace_bench: $file is absent" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
LIB=${LIB:-build/libpricer_core.a}
[ -f build/libpricer_core.a ] || scripts/build.sh build >/dev/null
/usr/bin/python3 - "$file" "$work" <<'PY'
import json, sys
sys.path.insert(0, "tests/gen")
from ref_items import scrub
with open(sys.argv[2] + "/details.txt", "w") as d, open(sys.argv[2] + "/text.txt", "w") as t:
    for line in open(sys.argv[1], encoding="utf-8"):
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        d.write(json.dumps(rec.get("details", {})).replace("\n", " ") + "\n")
        t.write(scrub("\n".join(rec.get("description", []) + rec.get("features", []))) + "\n")
PY
libs=(-lz -lzstd -llzma -lyaml -lm -lpthread $(pkg-config --libs icu-uc))
pkg-config --exists libcrypto && libs+=($(pkg-config --libs libcrypto))
cc -O2 -Isrc -Iinclude bench/replace_bench.c "$LIB" "${libs[@]}" -o "$work/replace_bench"
echo "input: $(wc -c <"$work/details.txt") bytes of details, $(wc -c <"$work/text.txt") bytes of text, x $rounds rounds"
nice "$work/replace_bench" "$work/details.txt" "$work/text.txt" "$rounds" >"$work/pricer.txt" 2>/dev/null
nice /usr/bin/python3 - "$work" "$rounds" >"$work/python.txt" <<'PY'
import sys, time
sys.path.insert(0, "tests/gen")
from ref_items import REMOVALS
CLEANUP = [(" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"),
           (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re")]
d = open(sys.argv[1] + "/details.txt", encoding="utf-8").read().split("\n")
t = open(sys.argv[1] + "/text.txt", encoding="utf-8").read().split("\n")
rounds = int(sys.argv[2])
def run(lines, rules):
    best = 1e9
    for _ in range(3):
        t0 = time.process_time()
        for _ in range(rounds):
            for s in lines:
                for a, b in rules:
                    s = s.replace(a, b)
        best = min(best, time.process_time() - t0)
    return sum(len(s.encode()) + 1 for s in lines) * rounds / best / 1e6
print("removals %.1f" % run(d, [(r, "") for r in REMOVALS]))
print("cleanup %.1f" % run(t, CLEANUP))
PY
join "$work/pricer.txt" "$work/python.txt" |
    awk '{printf "%-9s pricer %8.1f MB/s   CPython str.replace chain %8.1f MB/s   x%.1f\n", $1, $2, $3, $2 / $3}'
