#!/usr/bin/python3
"""Writes small items / sample / split fixtures for the report and assess tests, with the
problems planted in the "planted" set listed (with their expected counts) in expected.json.

usage: report_fixture.py OUTDIR

OUTDIR/clean/items.jsonl, OUTDIR/clean/split/{train,test}.jsonl: nothing wrong.
OUTDIR/planted/items.jsonl, OUTDIR/planted/split/{train,test}.jsonl: planted duplicates,
near duplicates, leaks, truncations, an outlier, missing fields, a broken line.
OUTDIR/sample.jsonl: every other clean item (a stand-in for a curated sample).
Deterministic (random.Random(7)). Independent of pricer: plain Python json.
"""
import json
import os
import random
import sys

Q = "How much does this cost to the nearest dollar?\n\n"
rng = random.Random(7)
SYL = ["ka", "lo", "mi", "ren", "ta", "vo", "shi", "pel", "dor", "qua", "zin", "bre",
       "fo", "nu", "gal", "wes", "tri", "por", "sel", "mon"]
VOCAB = sorted({rng.choice(SYL) + rng.choice(SYL) + rng.choice(SYL) for _ in range(600)})
CATS = ["Appliances", "Musical_Instruments", "Tools_and_Home_Improvement"]


def body_words(n):
    return [rng.choice(VOCAB) for _ in range(n)]


def make_item(i, cat, words, price, title=None, end="."):
    title = title or f"Product {i} " + " ".join(body_words(3)).title()
    text = title + "\n" + " ".join(words) + end
    prompt = Q + text + "\n\nPrice is $" + str(round(price)) + ".00"
    return {"category": cat, "title": title, "price": price,
            "token_count": rng.randint(150, 179), "parent_asin": "B%08d" % i,
            "prompt": prompt, "test_prompt": prompt[:prompt.index("Price is $") + 10],
            "source": "meta_%s.jsonl:%d" % (cat, i + 1)}


def clean_items(n, start=0):
    out = []
    for i in range(start, start + n):
        cat = CATS[i % 3]
        price = round(rng.uniform(20, 80), 2)
        out.append(make_item(i, cat, body_words(rng.randint(60, 90)), price))
    return out


def dump(path, rows, extra_lines=()):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
        for line in extra_lines:
            f.write(line + "\n")


def split_rows(items, test=False):
    return [{"text": it["test_prompt"] if test else it["prompt"], "price": it["price"]}
            for it in items]


def main():
    out = sys.argv[1]
    clean = clean_items(90)
    dump(os.path.join(out, "clean/items.jsonl"), clean)
    dump(os.path.join(out, "sample.jsonl"), clean[::2])
    dump(os.path.join(out, "clean/split/train.jsonl"), split_rows(clean[:70]))
    dump(os.path.join(out, "clean/split/test.jsonl"), split_rows(clean[70:], test=True))

    planted = [dict(it) for it in clean]
    exp = {}
    # two products repeated (same parent_asin, new text)
    for k in (3, 10):
        it = make_item(1000 + k, CATS[k % 3], body_words(70), 50.0)
        it["parent_asin"] = clean[k]["parent_asin"]
        planted.append(it)
    exp["duplicate_products"] = 2
    # two exact duplicate prompts (new asin)
    for k in (5, 20):
        it = dict(clean[k])
        it["parent_asin"] = "D%08d" % k
        planted.append(it)
    exp["duplicate_prompts"] = 2
    # two near duplicates: one word of ~80 changed (Jaccard of 5-shingles ~0.88)
    for k in (30, 40):
        src = clean[k]
        text = src["prompt"][len(Q):src["prompt"].index("\n\nPrice is $")]
        title, body = text.split("\n", 1)
        words = body[:-1].split(" ")
        words[len(words) // 2] = "CHANGED"
        it = make_item(2000 + k, src["category"], words, src["price"], title=title)
        planted.append(it)
    exp["near_duplicate_prompts"] = 4  # the two exact ones count too
    # three prompts cut mid-word, one inside a character
    for n, frag in enumerate(["Replacemen", "Compatib", "Stainl"]):
        planted.append(make_item(3000 + n, CATS[n], body_words(70) + [frag], 40.0, end=""))
    exp["cut_mid_word"] = 3
    planted.append(make_item(3100, CATS[0], body_words(70) + ["caf"], 45.0, end="\ufffd"))
    exp["cut_replacement_char"] = 1
    # one absurd price in a category priced $20-80
    planted.append(make_item(4000, CATS[1], body_words(70), 999.0))
    exp["price_outliers"] = 1
    # one record without a title, one with an empty prompt
    it = make_item(5000, CATS[2], body_words(70), 30.0)
    del it["title"]
    planted.append(it)
    it = make_item(5001, CATS[2], body_words(70), 31.0)
    it["prompt"] = ""
    planted.append(it)
    exp["missing_title"] = 1
    exp["empty_prompt"] = 1
    dump(os.path.join(out, "planted/items.jsonl"), planted, ['{"category": "Appliances", "title": '])
    exp["unparseable_lines"] = 1
    exp["records"] = len(planted) + 1

    # split with leaks: 2 test texts exactly from train, 1 near (one word changed)
    train, test = clean[:70], [dict(t) for t in clean[70:]]
    test[0] = dict(clean[3])
    test[1] = dict(clean[4])
    src = clean[8]
    text = src["prompt"][len(Q):src["prompt"].index("\n\nPrice is $")]
    title, body = text.split("\n", 1)
    words = body[:-1].split(" ")
    words[10] = "CHANGED"
    test[2] = make_item(6000, src["category"], words, src["price"], title=title)
    dump(os.path.join(out, "planted/split/train.jsonl"), split_rows(train))
    dump(os.path.join(out, "planted/split/test.jsonl"), split_rows(test, test=True))
    exp["leakage_exact"] = 2
    exp["leakage_near"] = 3
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(exp, f, indent=1)


main()
