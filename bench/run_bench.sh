#!/usr/bin/env bash
# End-to-end benchmark of `pricer run`: generates a synthetic catalogue of SIZE (default
# 1G) with `pricer synth`, runs the whole pipeline on it with the reference settings
# (allow_short, since a synthetic catalogue is smaller than the real one), and prints the
# time of every stage, the peak RSS, and two clearly labelled peer ratios:
#   1. measured here: a python3 script doing only the reference's json.loads of every line
#      (bench/run_bench_peer.py) on the same files, against pricer's parse stages (which do
#      json + item rules + tokenizer);
#   2. the reference's published figure: 15 minutes for the 25 GB of the eight categories
#      (SPEC §7, 8 workers), scaled to SIZE, against pricer run's total.
# Usage: bench/run_bench.sh [SIZE] (e.g. 1G, 300M). Env: PRICER (binary), JOBS (-j),
# TRAIN/TEST split sizes (default 40000/2000), KEEP=1 keeps bench/out (stage log in
# bench/out/log-SIZE.txt). Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1G}
pricer=${PRICER:-build/pricer}
[ -x "$pricer" ] || { echo "build first: scripts/build.sh build"; exit 1; }
data=bench/data/synth-$size
out=bench/out/run-$size
mkdir -p bench/data bench/out

if [ ! -f "$data/.complete" ]; then
  echo "== pricer synth --size $size"
  rm -rf "$data"
  nice "$pricer" synth --seed 42 --size "$size" -o "$data"
  touch "$data/.complete"
fi
bytes=$(cat "$data"/meta_*.jsonl | wc -c)
echo "catalogue: $data, $(awk -v b="$bytes" 'BEGIN{printf "%.1f MB", b/1e6}')"

rm -rf "$out"
echo "== pricer run (reference settings, allow_short)"
jobs=()
[ -n "${JOBS:-}" ] && jobs=(-j "$JOBS")
nice /usr/bin/time -v -o bench/out/time-$size.txt "$pricer" --quiet run \
  --config examples/reference.yaml --data-dir "$data" --allow-short \
  --train "${TRAIN:-40000}" --test "${TEST:-2000}" "${jobs[@]}" -o "$out" 2>bench/out/log-$size.txt
rss_kb=$(awk -F': ' '/Maximum resident set size/{print $2}' bench/out/time-$size.txt)
wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' bench/out/time-$size.txt)

echo "== peer: python3 json.loads of every line (bench/run_bench_peer.py)"
read -r pbytes plines psec < <(nice /usr/bin/python3 bench/run_bench_peer.py "$data"/meta_*.jsonl)

/usr/bin/python3 - "$out/run.json" "$bytes" "$rss_kb" "$psec" "$wall" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))
nbytes, rss_kb, peer_s = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
print()
print("%-34s %10s" % ("stage", "seconds"))
parse_s = 0.0
for st in run["stages"]:
    print("%-34s %10.2f  %s" % (st["name"], st["seconds"], st["status"]))
    if st["name"].startswith("parse:"):
        sz = next(i["size"] for i in run["inputs"] if "parse:" + i["category"] == st["name"])
        print("%-34s %10.1f MB/s" % ("", sz / 1e6 / st["seconds"]))
    if st["name"].startswith("parse:"):
        parse_s += st["seconds"]
total = run["total_seconds"]
c = run["counts"]
print("%-34s %10.2f" % ("total (pricer run, incl. hashing)", total))
print()
print("input %.1f MB; items %s, sample %s, train %s, test %s" % (
    nbytes / 1e6, format(c["items"], ","), format(c["sample"], ","),
    format(c["train"], ","), format(c["test"], ",")))
print("peak RSS of pricer run: %.1f MB (wall %s)" % (rss_kb / 1024, sys.argv[5]))
print("parse stages: %.1f MB/s" % (nbytes / 1e6 / parse_s if parse_s else 0))
print()
print("peer 1 (measured here): python3 json.loads only, %.2f s = %.1f MB/s;"
      " pricer parse stages (json + item rules + tokenizer): ratio %.2f (>1 = pricer faster)"
      % (peer_s, nbytes / 1e6 / peer_s, peer_s / parse_s if parse_s else 0))
ref = 15 * 60 * nbytes / 25.02e9
print("peer 2 (published): the reference's 15 min for 25.02 GB on 8 workers, scaled to this"
      " size = %.1f s; ratio to pricer run total %.2f (>1 = pricer faster)" % (ref, ref / total))
PY
[ -n "${KEEP:-}" ] || rm -rf "$out"
