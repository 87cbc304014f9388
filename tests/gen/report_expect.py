#!/usr/bin/python3
"""Independent expectations for `pricer report` charts, computed with Python's json and
numpy the way the reference notebooks computed them (day 1: lengths and prices of priced
raw rows; day 2: token counts, prices and categories of items, the sample's prices).

usage: report_expect.py [--raw FILE...] [--items ITEMS] [--sample SAMPLE] [--split DIR]
prints JSON {chart_name: {"title": ..., "counts": [...]} or {"labels": [...], "values": [...]}}
"""
import json
import os
import sys

import numpy as np


def parse_args(argv):
    args = {"raw": []}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--raw":
            i += 1
            while i < len(argv) and not argv[i].startswith("--"):
                args["raw"].append(argv[i])
                i += 1
            continue
        args[a[2:]] = argv[i + 1]
        i += 2
    return args


def hist(values, lo, hi, step):
    counts, _ = np.histogram(values, bins=np.arange(lo, hi + step, step))
    return [int(c) for c in counts]


def raw_charts(files, out):
    lengths, prices = [], []
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    d = json.loads(line)
                except ValueError:
                    continue
                if not isinstance(d, dict):
                    continue
                # the loading script's record (SPEC 1.1): details as a json.dumps string
                details = json.dumps(d["details"]) if "details" in d else None
                p = d.get("price")
                if p is None:
                    continue
                try:
                    price = float(p if not isinstance(p, str) else p)
                except ValueError:
                    continue
                if price > 0:
                    prices.append(price)
                    contents = (d["title"] + str(d.get("description")) + str(d.get("features"))
                                + str(details))
                    lengths.append(len(contents))
    if not prices:
        return
    out["raw_lengths"] = {
        "title": f"Lengths: Avg {sum(lengths)/len(lengths):,.0f} and highest {max(lengths):,}",
        "counts": hist(lengths, 0, 6000, 100)}
    out["raw_prices"] = {
        "title": f"Prices: Avg {sum(prices)/len(prices):,.2f} and highest {max(prices):,}",
        "counts": hist(prices, 0, 1000, 10)}


def read_jsonl(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            try:
                rows.append(json.loads(line))
            except ValueError:
                pass
    return rows


def items_charts(path, stem, out, sample=False):
    items = read_jsonl(path)
    prices = [it["price"] for it in items if isinstance(it.get("price"), (int, float))]
    tokens = [it["token_count"] for it in items if isinstance(it.get("token_count"), int)]
    if not sample:
        out[stem + "_tokens"] = {
            "title": f"Token counts: Avg {sum(tokens)/len(tokens):,.1f} and highest {max(tokens):,}",
            "counts": hist(tokens, 0, 300, 10)}
        title = f"Prices: Avg {sum(prices)/len(prices):,.1f} and highest {max(prices):,}"
    else:
        title = f"Avg {sum(prices)/len(prices):.2f} and highest {max(prices):,.2f}"
    out[stem + "_prices"] = {"title": title, "counts": hist(prices, 0, 1000, 10)}
    cats = {}
    for it in items:
        c = it.get("category") if isinstance(it.get("category"), str) else "(none)"
        cats[c] = cats.get(c, 0) + 1
    out[stem + "_categories"] = {"title": "How many in each category",
                                 "labels": list(cats), "values": list(cats.values())}
    out[stem + "_share"] = {"title": "Categories", "slices": len(cats)}
    return items


def main():
    a = parse_args(sys.argv[1:])
    out = {}
    if a["raw"]:
        raw_charts(a["raw"], out)
    if "items" in a:
        items_charts(a["items"], "items", out)
    if "sample" in a:
        items_charts(a["sample"], "sample", out, sample=True)
    if "split" in a:
        for name in ("train", "test", "validation"):
            p = os.path.join(a["split"], name + ".jsonl")
            if os.path.exists(p):
                rows = read_jsonl(p)
                prices = [r["price"] for r in rows]
                out["split_%s_prices" % name] = {
                    "title": f"{name}: {len(rows):,} rows, Avg {sum(prices)/len(prices):.2f} "
                             f"and highest {max(prices):,.2f}",
                    "counts": hist(prices, 0, 1000, 10)}
    json.dump(out, sys.stdout, indent=1)


main()
