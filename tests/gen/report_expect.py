#!/usr/bin/python3
"""Independent expectations for `pricer report` charts, computed with Python's json and
numpy the way the reference notebooks computed them (day 1: lengths and prices of priced
raw rows; day 2: token counts, prices and categories of items, the sample's prices).

usage: report_expect.py [--raw FILE...] [--items ITEMS] [--sample SAMPLE] [--split DIR]
prints JSON {chart_name: {"title": ..., "counts": [...]} or {"labels": [...], "values": [...]}
or {"densities": {split: [...]}}}

The report's own rendering choices, restated here from its documentation: token counts and raw
lengths use bins fitted to the data (fit() below); categories appear in one order on the whole
page (the items' categories by decreasing count, ties in first-seen order, then categories only
in the sample); the split prices are overlaid as numpy densities.
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


def fit(values, lo, hi, step, max_bins=40):
    """Counts over bins fitted to the data: fine bins [lo + i*step, ...) up to hi (last closed);
    from the first to the last non-empty fine bin, m fine bins per bin with m the smallest of
    1, 2, 5, 10, 20, 50, ... giving at most max_bins bins; edges lo + k*m*step."""
    idx = [min(int((v - lo) // step), int((hi - lo) // step) - 1) for v in values if lo <= v <= hi]
    if not idx:
        return hist(values, lo, hi, step)
    a, b = min(idx), max(idx)
    k = 0
    while True:
        m = (1, 2, 5)[k % 3] * 10 ** (k // 3)
        if b // m - a // m + 1 <= max_bins:
            break
        k += 1
    first, n = a // m * m, b // m - a // m + 1
    edges = [lo + (first + j * m) * step for j in range(n + 1)]
    counts, _ = np.histogram(values, bins=edges)
    return [int(c) for c in counts]


def page_order(first, *more):
    """Names of Counter-like dicts (insertion order = first seen): the first by decreasing
    count (stable sort keeps first-seen order for ties), then names only in the others."""
    order = sorted(first, key=lambda c: -first[c])
    for d in more:
        order += [c for c in sorted(d, key=lambda c: -d[c]) if c not in order]
    return order


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
        "counts": fit(lengths, 0, 6000, 100)}
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
            "counts": fit(tokens, 0, 300, 1)}
        title = f"Prices: Avg {sum(prices)/len(prices):,.1f} and highest {max(prices):,}"
    else:
        title = f"Avg {sum(prices)/len(prices):.2f} and highest {max(prices):,.2f}"
    out[stem + "_prices"] = {"title": title, "counts": hist(prices, 0, 1000, 10)}
    cats = {}
    for it in items:
        c = it.get("category") if isinstance(it.get("category"), str) else "(none)"
        cats[c] = cats.get(c, 0) + 1
    out[stem + "_categories"] = {"title": "How many in each category", "cats": cats}
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
    # one category order for the page
    cats = [out[k]["cats"] for k in ("items_categories", "sample_categories") if k in out]
    order = page_order(*cats) if cats else []
    for k in ("items_categories", "sample_categories"):
        if k in out:
            c = out[k].pop("cats")
            out[k]["labels"] = [n for n in order if n in c]
            out[k]["values"] = [c[n] for n in order if n in c]
    if "split" in a:
        dens = {}
        for name in ("train", "test", "validation"):
            p = os.path.join(a["split"], name + ".jsonl")
            if os.path.exists(p):
                prices = [r["price"] for r in read_jsonl(p)]
                if prices:
                    d, _ = np.histogram(prices, bins=np.arange(0, 1010, 10), density=True)
                    dens[name] = [float(x) for x in d]
        if dens:
            out["split_prices"] = {"title": "Price distributions of the splits",
                                   "densities": dens}
    json.dump(out, sys.stdout, indent=1)


main()
