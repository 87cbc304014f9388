#!/usr/bin/python3
"""Independent check of `pricer synth` output with Python's own json module.

Usage: synth_check.py DIR [--expect-lines N]
For every meta_<Category>.jsonl in DIR: each line that json.loads accepts must re-dump
BYTE-IDENTICALLY with json.dumps defaults (this proves the official line format: separators,
key order, ASCII escapes); the key order must be the official one; malformed lines must be
rare. Prints one JSON summary line and exits 1 on any violation."""
import json, math, os, sys

ORDER = ["main_category", "title", "average_rating", "rating_number", "features",
         "description", "price", "images", "videos", "store", "categories", "details",
         "parent_asin", "bought_together"]

def main():
    d = sys.argv[1]
    files = sorted(f for f in os.listdir(d) if f.startswith("meta_") and f.endswith(".jsonl"))
    s = dict(files=len(files), lines=0, invalid=0, no_images=0, null_price=0, str_price=0,
             num_price=0, above_999=0, in_window=0, non_ascii=0, astral=0, bsr=0, dfa=0,
             batteries=0, empty_desc=0, details_empty=0)
    bad = []
    for f in files:
        with open(os.path.join(d, f), "rb") as fh:
            data = fh.read()
        if data and not data.endswith(b"\n"):
            bad.append(f + ": does not end with a newline")
        for no, raw in enumerate(data.split(b"\n")[:-1], 1):
            s["lines"] += 1
            line = raw.decode("ascii")  # must be pure ASCII
            try:
                obj = json.loads(line)
            except ValueError:
                s["invalid"] += 1
                continue
            if json.dumps(obj) != line:
                bad.append("%s:%d: json.dumps differs" % (f, no))
                continue
            keys = [k for k in obj]
            want = [k for k in ORDER if k in obj]
            if keys != want or len(keys) < len(ORDER) - 1:
                bad.append("%s:%d: key order %s" % (f, no, keys))
            if "images" not in obj:
                s["no_images"] += 1
            p = obj.get("price")
            if p is None: s["null_price"] += 1
            elif isinstance(p, str): s["str_price"] += 1
            else:
                s["num_price"] += 1
                if p > 999.49: s["above_999"] += 1
                if 0.5 <= p <= 999.49: s["in_window"] += 1
            if "\\u" in line: s["non_ascii"] += 1
            if "\\ud8" in line or "\\ud83" in line: s["astral"] += 1
            det = obj.get("details") or {}
            if obj.get("details") == {}: s["details_empty"] += 1
            if isinstance(det.get("Best Sellers Rank"), dict): s["bsr"] += 1
            if "Date First Available" in det: s["dfa"] += 1
            if "Batteries Included?" in det: s["batteries"] += 1
            if not obj.get("description"): s["empty_desc"] += 1
    print(json.dumps(s))
    for b in bad[:10]:
        print("violation:", b, file=sys.stderr)
    sys.exit(1 if bad else 0)

main()
