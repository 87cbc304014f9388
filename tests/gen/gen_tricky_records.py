#!/usr/bin/python3
"""Writes a deterministic file of tricky catalogue lines (official line format, json.dumps
defaults) that exercise every item rule: removals, scrub, digit words, the 1120 ceiling,
multi-byte characters at the token cut, clean-up, rounding ties, "Price is $" in the text,
price strings, details forms. usage: gen_tricky_records.py OUT.jsonl"""
import json
import random
import sys

rng = random.Random(7)
WORDS = ("durable lightweight stainless steel compatible replacement premium quality easy install "
         "kitchen garage outdoor heavy duty adjustable universal fits most models includes warranty "
         "caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u00fcber gr\u00f6\u00dfe \u65e5\u672c\u8a9e \u4e2d\u6587 "
         "\U0001F600 \U0001F697 \u2014 \u2019s don't it's we're I'm they've can't").split()

def words(n):
    return " ".join(rng.choice(WORDS) for _ in range(n))

def record(i, **kw):
    r = {"main_category": "Tools", "title": f"Item {i} " + words(6), "average_rating": 4.1,
         "rating_number": 12, "features": [words(30), words(25)], "description": [words(40)],
         "price": round(rng.uniform(1, 900), 2), "images": [{"thumb": "t", "large": "l",
         "variant": "MAIN", "hi_res": None}], "videos": [], "store": "Shop",
         "categories": ["A", "B"], "details": {"Brand": "ACME", "Item Weight": "2 pounds",
         "Best Sellers Rank": {"Tools": 1234, "Parts": 56}, "Date First Available": "May 1, 2020"},
         "parent_asin": f"B{i:09d}", "bought_together": None}
    r.update(kw)
    return r

recs = []
for i in range(60):
    recs.append(record(i))
# Rounding ties and window edges.
for p in (0.5, 0.49, 1.5, 2.5, 3.5, 998.5, 999.49, 999.5, 12.990, 100, "7.25", " 8.5 ", "—", None, "", "nan", "inf", "1e2"):
    recs.append(record(len(recs), price=p))
# Removals and scrub specials.
recs.append(record(len(recs), details={"Batteries Included?": "No", "Batteries Required?": "Yes",
    "Is Discontinued By Manufacturer": "No", "Item model number": "XJ-2000B12", "Package Dimensions":
    "1 x 2 x 3 inches", "Number of Items": 4, "Product Dimensions": "2 x 3", "Items": "Itemsx",
    "Best Sellers Rank": {"Tools & Home Improvement": 913571}}))
recs.append(record(len(recs), title='\u3010NEW\u3011 "Quoted" {Braces} [Brackets] Title: Model ABC1234567 , ,, ,,,',
                   description=["Price is $5 inside the text " + words(60)]))
recs.append(record(len(recs), description=["\u00b2\u00b2\u00b2\u00b2\u00b2\u00b2\u00b2 \u2460\u2461\u2462\u2463\u2464\u2465\u2466 \uff11\uff12\uff13\uff14\uff15\uff16\uff17 " + words(80)]))
recs.append(record(len(recs), description=["\u65e5\u672c\u8a9e\u306e\u8aac\u660e" * 120]))  # CJK at the cut
recs.append(record(len(recs), description=["\U0001F600" * 400]))  # emoji bytes at the cut
recs.append(record(len(recs), description=["word " * 400]))
recs.append(record(len(recs), description=["x" * 5000]))  # ceiling
recs.append(record(len(recs), description=[], features=[], details={}))  # too short
recs.append(record(len(recs), details=None))
recs.append(record(len(recs), description=[""] * 3, features=[""]))
recs.append(record(len(recs), description=["a\u00a0b\u2003c\u3000d\u200be\ufefff\u180eg " + words(70)]))
recs.append(record(len(recs), description=["He said , hello ! Isn 't it ? We 're here . They 've gone ' ok ' " * 8]))
recs.append(record(len(recs), title="", description=[words(90)]))
recs.append(record(len(recs), title="1234567890 " * 20, description=[words(90)]))  # title dropped
recs.append(record(len(recs), details={"float": 2.50, "big": 1e20, "tiny": 1e-7, "neg": -0.0,
    "t": True, "n": None, "l": [1, "x", {}], "s": "tab\there \u00e9 \U0001F600"}))

out = open(sys.argv[1], "w", encoding="utf-8")
for r in recs:
    out.write(json.dumps(r) + "\n")
# Raw forms json.dumps would not write.
out.write('{"title": "Spacing", "features": ["' + words(70) + '"], "description": [], "price": 12.50, "images": [], "videos": [], "details": {"a": 1.0E+2, "a": 3, "c": -0}}\r\n')
out.write('{"title": "CR line", "features": ["' + words(70) + '"], "description": [], "price": 2.5, "images": [], "videos": [], "details": {}}\r')
out.write('{"title": "Last line without newline", "features": ["' + words(70) + '"], "description": [], "price": 3.5, "images": [], "videos": []}')
