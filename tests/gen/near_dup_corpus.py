#!/usr/bin/python3
"""Writes items / sample / split files full of duplicates for the threaded report and assess
tests: families of near-duplicate prompts (a few words changed), exact copies, repeated
products (same parent_asin, or same title without one), test and validation records copied
or nearly copied from train, bodies cut inside a word, and a few broken lines. Many LSH
buckets then hold several records, so the near-duplicate search's per-band work, its
union-find joins and its examples all depend on the order the bands are merged in.

usage: near_dup_corpus.py OUTDIR [ITEMS]

OUTDIR/items.jsonl (ITEMS records, default 4000), OUTDIR/sample.jsonl (every other item),
OUTDIR/split/{train,test,validation}.jsonl. Deterministic (random.Random(11)); plain Python
json, independent of pricer.
"""
import json
import os
import random
import sys

Q = "How much does this cost to the nearest dollar?\n\n"
rng = random.Random(11)
SYL = ["ka", "lo", "mi", "ren", "ta", "vo", "shi", "pel", "dor", "qua", "zin", "bre",
       "fo", "nu", "gal", "wes", "tri", "por", "sel", "mon"]
VOCAB = sorted({rng.choice(SYL) + rng.choice(SYL) + rng.choice(SYL) for _ in range(900)})
CATS = ["Appliances", "Musical_Instruments", "Tools_and_Home_Improvement", "Office_Products"]


def words(n):
    return [rng.choice(VOCAB) for _ in range(n)]


def nudge(ws, k):
    """A near copy: k words replaced."""
    ws = list(ws)
    for _ in range(k):
        ws[rng.randrange(len(ws))] = rng.choice(VOCAB)
    return ws


def item(i, cat, title, ws, price, asin=True, end="."):
    text = title + "\n" + " ".join(ws) + end
    prompt = Q + text + "\n\nPrice is $" + str(round(price)) + ".00"
    r = {"category": cat, "title": title, "price": price,
         "token_count": rng.randint(140, 179), "prompt": prompt,
         "source": "meta_%s.jsonl:%d" % (cat, i + 1)}
    if asin:
        r["parent_asin"] = "B%08d" % i
    return r


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 4000
    items = []
    while len(items) < n:
        i = len(items)
        cat = rng.choice(CATS)
        base = words(rng.randint(50, 90))
        title = "Product %d " % i + " ".join(words(3)).title()
        price = round(rng.lognormvariate(3.5, 1.0), 2)
        end = rng.choice([".", ".", ".", "", " and more"])
        items.append(item(i, cat, title, base, price, asin=rng.random() > 0.05, end=end))
        if rng.random() < 0.45:  # a family of copies
            for _ in range(rng.randint(1, 7)):
                j = len(items)
                kind = rng.random()
                if kind < 0.25:  # exact copy of the prompt, another product
                    r = dict(items[i])
                    r["parent_asin"] = "B%08d" % j
                elif kind < 0.8:  # near copy
                    r = item(j, cat, title, nudge(base, rng.randint(1, 3)), price * 1.01)
                elif kind < 0.9:  # the same product again, new text
                    r = item(j, cat, title, words(60), price)
                    if "parent_asin" in items[i]:
                        r["parent_asin"] = items[i]["parent_asin"]
                else:  # no parent_asin: the title is the key
                    r = item(j, cat, title, nudge(base, 1), price, asin=False)
                items.append(r)
    items = items[:n]
    os.makedirs(os.path.join(out, "split"), exist_ok=True)
    with open(os.path.join(out, "items.jsonl"), "w", encoding="utf-8") as f:
        for k, r in enumerate(items):
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
            if k % 997 == 500:
                f.write('{"title": "broken\n')
    with open(os.path.join(out, "sample.jsonl"), "w", encoding="utf-8") as f:
        for r in items[::2]:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    # split: train takes 80%; test and validation mix fresh records with exact and near
    # copies of train prompts (leakage), and copies among themselves
    order = list(range(len(items)))
    rng.shuffle(order)
    cut = len(order) * 8 // 10
    train = [items[k] for k in order[:cut]]
    rest = [items[k] for k in order[cut:]]

    def row(r, test):
        text = r["prompt"]
        if test:
            text = text[:text.index("Price is $") + 10]
        return {"text": text, "price": r["price"]}

    def leaky(r):
        k = rng.random()
        if k < 0.15:
            return rng.choice(train)
        if k < 0.3:
            src = rng.choice(train)
            p = src["prompt"]
            body = p[len(Q):p.index("\n\nPrice is $")]
            ws = body.split(" ")
            ws[rng.randrange(len(ws))] = rng.choice(VOCAB)
            return dict(src, prompt=Q + " ".join(ws) + p[p.index("\n\nPrice is $"):])
        return r

    half = len(rest) // 2
    files = {"train": [row(r, False) for r in train],
             "test": [row(leaky(r), True) for r in rest[:half]],
             "validation": [row(leaky(r), True) for r in rest[half:]]}
    for name, rows in files.items():
        with open(os.path.join(out, "split", name + ".jsonl"), "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
