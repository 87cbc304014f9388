#!/usr/bin/python3
"""Independent Python for issue 14 (leakage): fixtures with planted train/test leaks, the
expected leakage counts (set membership of prompt bodies; exact Jaccard of 5-word shingle
sets for near leaks), and the expected outputs of `split --group-by` and `curate --dedup`.

usage:
  leakage_expected.py fixture OUTDIR
      OUTDIR/leak/{train,test,validation}.jsonl  a split folder with planted leaks
      OUTDIR/items.jsonl                         items with repeated prompts, titles and
                                                 parent_asins (some null)
      OUTDIR/expected.json                       leakage counts of OUTDIR/leak
  leakage_expected.py leaks SPLITDIR [THRESHOLD]
      prints {"exact", "exact_test", "exact_validation", "distinct_bodies", "near",
      "denominator"} of a split folder
  leakage_expected.py split SAMPLE DIR --group-by KEY [--seed 42] [--train N] [--test N]
                      [--validation N]
      writes DIR/train.jsonl, test.jsonl (and validation.jsonl): the reference shuffle
      (CPython random.seed + random.shuffle), then whole groups on one side: a group belongs
      to the side its first item (in shuffled order) is dealt to; later items of it go there
      while it has room and are left out otherwise. Prints the side counts as JSON.
  leakage_expected.py dedup ITEMS KEY
      writes the first line of each group (load order) to stdout; items whose key is null
      or missing are kept
"""
import json
import random
import sys

QUESTION = "How much does this cost to the nearest dollar?\n\n"
PREFIX = "\n\nPrice is $"


def body_of(text):
    """The prompt body, as assess and --group-by prompt see it: between the question line
    ("...?\\n\\n") and "\\n\\nPrice is $"."""
    start = 0
    nn = text.find("?\n\n")
    if nn >= 0 and text.find("\n") == nn + 1:
        start = nn + 3
    end = text.find(PREFIX, start)
    if end < 0:
        end = len(text) - 10 if text.endswith("Price is $") and len(text) - start >= 10 else len(text)
    return text[start:end] if end > start else ""


def shingles(text, k=5):
    """5-word shingles: words are runs of non-whitespace, ASCII letters lower-cased."""
    words = [w.translate(str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                                       "abcdefghijklmnopqrstuvwxyz")) for w in text.split()]
    if not words:
        return set()
    if len(words) < k:
        return {tuple(words)}
    return {tuple(words[i:i + k]) for i in range(len(words) - k + 1)}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a or b else 1.0


def read_rows(path):
    try:
        with open(path, encoding="utf-8") as f:
            return [json.loads(l) for l in f if l.strip()]
    except FileNotFoundError:
        return []


def leaks(split_dir, threshold=0.8):
    train = [body_of(r["text"]) for r in read_rows(split_dir + "/train.jsonl")]
    train_set = set(train)
    train_sh = [shingles(b) for b in set(train)]
    out = {"exact": 0, "exact_test": 0, "exact_validation": 0, "near": 0, "denominator": 0}
    bodies = set()
    for part in ("test", "validation"):
        for r in read_rows(f"{split_dir}/{part}.jsonl"):
            b = body_of(r["text"])
            out["denominator"] += 1
            if b in train_set:
                out["exact"] += 1
                out["exact_" + part] += 1
                bodies.add(b)
            sh = shingles(b)
            if b in train_set or any(jaccard(sh, t) >= threshold for t in train_sh):
                out["near"] += 1
    out["distinct_bodies"] = len(bodies)
    return out


# ---- fixture ----

def vocabulary(rng, n=3000):
    syl = ["ka", "lo", "mi", "ne", "su", "tor", "vex", "qua", "pel", "dri", "zo", "gan", "bre",
           "shi", "wal", "fen", "rup", "tal", "yom", "cur"]
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(syl) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def make_body(rng, vocab, n=200):
    return " ".join(rng.choice(vocab) for _ in range(n))


def mutate(rng, vocab, body, changes):
    """body ("title\nwords") with `changes` of its words replaced, at distinct positions."""
    title, rest = body.split("\n", 1)
    w = rest.split(" ")
    for pos in rng.sample(range(len(w)), changes):
        w[pos] = rng.choice(vocab) + "x"  # never equal to the word it replaces
    return title + "\n" + " ".join(w)


def prompt(title, body, price):
    return f"{QUESTION}{title}\n{body}{PREFIX}{round(price)}.00"


def test_prompt(title, body):
    return f"{QUESTION}{title}\n{body}{PREFIX}"


def dump(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def fixture(out):
    import os
    rng = random.Random(14)
    vocab = vocabulary(rng)
    os.makedirs(out + "/leak", exist_ok=True)
    # Bodies are "title\nwords": the title line is part of the body, as in real prompts.
    def b(i):
        return f"Product {i}\n" + make_body(rng, vocab)
    test = [b(i) for i in range(40)]
    valid = [b(100 + i) for i in range(12)]
    train = []
    # B0 (test[0]) appears twice in train, after 240 decoys that share many words with it
    # (Jaccard well below the threshold) and so come first in its LSH buckets
    decoys = [mutate(rng, vocab, test[0], 16) for _ in range(240)]
    train += decoys
    # exact leaks: test[1..6], test[0] twice; test[1] appears again twice more in test
    train += [test[i] for i in range(1, 7)]
    train += [b(1000 + i) for i in range(150)]
    train += [test[0], test[0]]
    test += [test[1], test[1]]
    # validation leaks: valid[0], valid[1] exactly; valid[2] near (one word changed)
    train += [valid[0], valid[1], mutate(rng, vocab, valid[2], 1)]
    # near leaks: test[7..11] one word changed in train (Jaccard about 0.95)
    train += [mutate(rng, vocab, test[i], 1) for i in range(7, 12)]
    # far: test[12..14] have a train relative with many words changed (Jaccard < 0.5)
    train += [mutate(rng, vocab, test[i], 26) for i in range(12, 15)]
    tail = train[240:]
    rng.shuffle(tail)
    train = train[:240] + tail  # the decoys stay first

    def rows(bodies, train_side):
        out_rows = []
        for k, body in enumerate(bodies):
            title, rest = body.split("\n", 1)
            price = 10.0 + (k * 7) % 500
            text = prompt(title, rest, price) if train_side else test_prompt(title, rest)
            out_rows.append({"text": text, "price": price})
        return out_rows
    dump(out + "/leak/train.jsonl", rows(train, True))
    dump(out + "/leak/test.jsonl", rows(test, False))
    dump(out + "/leak/validation.jsonl", rows(valid, False))
    exp = leaks(out + "/leak")
    # margins: every test/validation body is either >= 0.9 similar to a train body or
    # <= 0.5 (exact Jaccard), so MinHash's estimate cannot land on the other side of 0.8;
    # B0's decoys are below 0.6 and B0 is an exact leak anyway
    train_sh = [shingles(body_of(r["text"])) for r in read_rows(out + "/leak/train.jsonl")]
    for part in ("test", "validation"):
        for r in read_rows(f"{out}/leak/{part}.jsonl"):
            sh = shingles(body_of(r["text"]))
            best = max(jaccard(sh, t) for t in train_sh[240:])
            assert best >= 0.9 or best <= 0.5, best
    assert max(jaccard(shingles(test[0]), shingles(d)) for d in decoys) < 0.62
    # items: groups by prompt body, by title, by parent_asin (some null)
    items = []
    pool = [(f"Item {rng.randrange(350)}", make_body(rng, vocab, 170)) for _ in range(140)]
    for i in range(600):
        if rng.random() < 0.5:  # a repeated product text (same title and body)
            title, body = pool[rng.randrange(140)]
        else:
            title, body = f"Item {rng.randrange(350)}", make_body(rng, vocab, 170)
        price = round(rng.uniform(1, 900), 2)
        pa = None if rng.random() < 0.2 else f"B{rng.randrange(400):05d}"
        items.append({"category": rng.choice(["Appliances", "Automotive", "Toys_and_Games"]),
                      "title": title, "price": price, "token_count": 160,
                      "parent_asin": pa, "prompt": prompt(title, body, price),
                      "test_prompt": test_prompt(title, body), "source": f"x.jsonl:{i + 1}"})
    dump(out + "/items.jsonl", items)
    with open(out + "/expected.json", "w") as f:
        json.dump(exp, f)


# ---- group-by split and dedup ----

def key_of(item, key):
    if key == "prompt":
        return body_of(item["prompt"])
    v = item.get(key)
    return v if isinstance(v, str) else None


def split(args):
    sample_path, out = args[0], args[1]
    o = {"seed": 42, "train": 400000, "test": 2000, "validation": 0, "group_by": None}
    i = 2
    while i < len(args):
        o[args[i][2:].replace("-", "_")] = args[i + 1]
        i += 2
    with open(sample_path, encoding="utf-8") as f:
        sample = [json.loads(l) for l in f if l.strip()]
    random.seed(int(o["seed"]))
    random.shuffle(sample)
    want = [int(o["train"]), int(o["test"]), int(o["validation"])]
    sides, side_of = [[], [], []], {}
    for it in sample:
        k = key_of(it, o["group_by"])
        cur = next((s for s in range(3) if len(sides[s]) < want[s]), 3)
        if k is not None and k in side_of:
            s = side_of[k]
            if s < 3 and len(sides[s]) < want[s]:
                sides[s].append(it)
            continue
        if k is not None:
            side_of[k] = cur
        if cur < 3:
            sides[cur].append(it)
    names = ["train", "test", "validation"]
    for s in range(3 if want[2] else 2):
        key = "prompt" if s == 0 else "test_prompt"
        dump(f"{out}/{names[s]}.jsonl", [{"text": it[key], "price": it["price"]} for it in sides[s]])
    print(json.dumps({names[s]: len(sides[s]) for s in range(3)}))


def dedup(args):
    path, key = args
    seen = set()
    with open(path, "rb") as f:
        for raw in f:
            if not raw.strip():
                continue
            k = key_of(json.loads(raw), key)
            if k is not None:
                if k in seen:
                    continue
                seen.add(k)
            sys.stdout.buffer.write(raw)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "fixture":
        fixture(sys.argv[2])
    elif cmd == "leaks":
        print(json.dumps(leaks(sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 0.8)))
    elif cmd == "split":
        split(sys.argv[2:])
    elif cmd == "dedup":
        dedup(sys.argv[2:])
