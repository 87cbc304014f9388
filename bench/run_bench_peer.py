#!/usr/bin/python3
"""Peer for bench/run_bench.sh: what the reference does first with every raw line —
json.loads per line (the Hugging Face loading script's work) plus the price check — over
the same meta_*.jsonl files, single process. Prints: bytes lines CPU-seconds (user + system of
this process: comparable with pricer's CPU-seconds on a shared machine)."""
import json, sys, time

t0 = time.process_time()
nbytes = nlines = priced = 0
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        for line in f:
            nbytes += len(line)
            nlines += 1
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            p = rec.get("price")
            try:
                if p is not None and 0.5 <= float(str(p)) <= 999.49:
                    priced += 1
            except ValueError:
                pass
print(nbytes, nlines, "%.3f" % (time.process_time() - t0))
