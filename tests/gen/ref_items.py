#!/usr/bin/python3
"""Independent reference of the loader and item rules up to SPEC §2 step 6, in Python
(json, re, str — the very semantics the reference pipeline ran on). Reads raw catalogue
files and writes one JSON line per record that reaches tokenization:
  {"category", "title", "price_repr", "rounded", "parent_asin", "text", "line"}
ref_items.js then does steps 7-10 with Hugging Face tokenizers.
usage: ref_items.py CATEGORY FILE [CATEGORY FILE ...] > out.jsonl
"""
import json
import re
import sys

REMOVALS = ['"Batteries Included?": "No"', '"Batteries Included?": "Yes"',
            '"Batteries Required?": "No"', '"Batteries Required?": "Yes"',
            "By Manufacturer", "Item", "Date First", "Package", ":", "Number of",
            "Best Sellers", "Number", "Product "]

def scrub(stuff):
    stuff = re.sub(r'[:\[\]"{}【】\s]+', ' ', stuff).strip()
    stuff = stuff.replace(" ,", ",").replace(",,,", ",").replace(",,", ",")
    words = stuff.split(' ')
    select = [w for w in words if len(w) < 7 or not any(c.isdigit() for c in w)]
    return " ".join(select)

def lines_of(path):
    data = open(path, "rb").read()
    parts = re.split(rb"\r\n|\r|\n", data)  # SPEC §1.1 step 1
    if parts and parts[-1] == b"":
        parts.pop()
    return enumerate(parts, 1)

def main(args):
    out = sys.stdout
    for cat, path in zip(args[0::2], args[1::2]):
        for n, raw in lines_of(path):
            try:
                dp = json.loads(raw.decode("utf-8"))
            except Exception:
                continue
            if not isinstance(dp, dict):
                continue
            if not all(isinstance(dp.get(k), list) and all(isinstance(x, dict) for x in dp[k])
                       for k in ("images", "videos")):
                continue
            if "details" in dp:
                dp["details"] = json.dumps(dp["details"])
            if "price" in dp:
                dp["price"] = str(dp["price"])
            p = dp.get("price")
            if not p:
                continue
            try:
                price = float(p)
            except ValueError:
                continue
            if not (0.5 <= price <= 999.49):
                continue
            try:
                contents = '\n'.join(dp['description'])
                if contents:
                    contents += '\n'
                features = '\n'.join(dp['features'])
                if features:
                    contents += features + '\n'
                title = dp['title']
                if not isinstance(title, str):
                    continue
            except Exception:
                continue
            if dp.get('details'):
                d = dp['details']
                for r in REMOVALS:
                    d = d.replace(r, '')
                contents += d + '\n'
            if len(contents) <= 300:
                continue
            contents = contents[:1120]
            text = f"{scrub(title)}\n{scrub(contents)}"
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                continue  # lone surrogate: the reference tokenizer would fail here
            pa = dp.get("parent_asin")
            out.write(json.dumps({"category": cat, "title": title, "price_repr": repr(price),
                                  "rounded": str(round(price)),
                                  "parent_asin": pa if isinstance(pa, str) else None,
                                  "text": text, "line": n}, ensure_ascii=False) + "\n")

if __name__ == "__main__":
    main(sys.argv[1:])
