#!/usr/bin/python3
"""Writes a deterministic synthetic items JSONL file (docs/formats.md) for the curate and
split tests and the benchmark. Python standard library only.

usage: curate_items.py N SEED OUT [--short]
  N items; categories and long-tailed prices drawn with Python's random (seed SEED) so
  that many low slots hold more items than a small --slot-cap; "source" is "gen:<index>".
  --short keeps prompts tiny (benchmark of 3 million lines).
"""
import json
import random
import sys

CATS = ["Automotive", "Electronics", "Office_Products", "Tools_and_Home_Improvement",
        "Cell_Phones_and_Accessories", "Toys_and_Games", "Appliances", "Musical_Instruments"]
WORDS = ["pump", "cable", "caf\u00e9", "\u2603 snow", "gear", "z\u00fcrich", "\U0001F600 x",
         "quote\"d", "back\\slash", "tab\there", "line\u2028sep"]


def main():
    n, seed, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    short = "--short" in sys.argv[4:]
    rng = random.Random(seed)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        for i in range(n):
            cat = CATS[min(int(rng.expovariate(0.6)), len(CATS) - 1)]
            r = rng.random()
            if r < 0.02:
                price = round(rng.uniform(0.5, 0.9), 2)        # slot 0 / 1 edge
            elif r < 0.85:
                price = round(rng.lognormvariate(2.6, 0.9), 2)  # crowded low slots
            else:
                price = round(rng.uniform(1, 999.49), 2)
            price = min(max(price, 0.5), 999.49)
            if rng.random() < 0.01:
                price = float(rng.choice([2, 3, 4, 5, 6])) + 0.5  # half-even rounding
            title = "Item %d %s" % (i, rng.choice(WORDS))
            if short:
                body = title
            else:
                body = title + "\n" + " ".join(rng.choice(WORDS) for _ in range(12))
            prompt = ("How much does this cost to the nearest dollar?\n\n" + body +
                      "\n\nPrice is $%d.00" % round(price))
            test_prompt = prompt[:prompt.index("Price is $") + len("Price is $")]
            rec = {"category": cat, "title": title, "price": price, "token_count": 170,
                   "parent_asin": "B%08d" % i, "prompt": prompt, "test_prompt": test_prompt,
                   "source": "gen:%d" % i}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
