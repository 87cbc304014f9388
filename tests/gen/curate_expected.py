#!/usr/bin/python3
"""The reference curation and split written the way the course's Python does it, with
numpy's legacy global generator and CPython's random: the independent implementation the
curate and split tests compare pricer against (SPEC §4, §5).

usage:
  curate_expected.py curate ITEMS... [--seed 42] [--slot-cap 1200] [--all-above 240]
                     [--slot-min 1] [--slot-max 999] [--weight CAT=W]... [--default-weight 5]
                     [--no-balance 1]
      writes the sampled lines, unchanged, in sample order to stdout
  curate_expected.py split SAMPLE DIR [--seed 42] [--train N] [--test N] [--validation N]
                                     [--allow-short 1]
                     [--openai-train 200] [--openai-validation 50]
      writes DIR/train.jsonl, test.jsonl, validation.jsonl (json.dumps ensure_ascii=False,
      as datasets' to_json would) and DIR/openai_train.jsonl, openai_validation.jsonl
      (json.dumps defaults, SPEC 6.2, no newline after the last line)
Exit 77 when numpy is missing (the tests then skip).
"""
import json
import random
import sys

try:
    import numpy as np
except ImportError:
    sys.exit(77)


def load(paths):
    """(raw line, parsed object) pairs, in file order."""
    items = []
    for p in paths:
        with open(p, "rb") as f:
            for raw in f:
                if raw.strip():
                    items.append((raw if raw.endswith(b"\n") else raw + b"\n",
                                  json.loads(raw)))
    return items


def opts(args, defaults):
    pos, o, weights = [], dict(defaults), {"Automotive": 1}
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--weight":
            cat, w = args[i + 1].rsplit("=", 1)
            weights[cat] = int(w)
            i += 2
        elif a.startswith("--"):
            o[a[2:].replace("-", "_")] = int(args[i + 1])
            i += 2
        else:
            pos.append(a)
            i += 1
    return pos, o, weights


def curate(args):
    paths, o, weights = opts(args, dict(seed=42, slot_cap=1200, all_above=240, slot_min=1,
                                        slot_max=999, default_weight=5, no_balance=0))
    items = load(paths)
    if o["no_balance"]:
        sample = items
    else:
        slots = {}
        for it in items:
            slots.setdefault(round(it[1]["price"]), []).append(it)
        np.random.seed(o["seed"])
        sample = []
        for i in range(o["slot_min"], o["slot_max"] + 1):
            slot = slots.get(i, [])
            if i >= o["all_above"] or len(slot) <= o["slot_cap"]:
                sample.extend(slot)
            else:
                w = np.array([weights.get(it[1]["category"], o["default_weight"])
                              for it in slot])
                w = w / np.sum(w)
                picked = np.random.choice(len(slot), size=o["slot_cap"], replace=False, p=w)
                sample.extend(slot[j] for j in picked)
    out = sys.stdout.buffer
    for raw, _ in sample:
        out.write(raw)


def openai_line(it):
    user = it["test_prompt"].replace(" to the nearest dollar", "")
    user = user.replace("\n\nPrice is $", "")
    return json.dumps({"messages": [
        {"role": "system",
         "content": "You estimate prices of items. Reply only with the price, no explanation"},
        {"role": "user", "content": user},
        {"role": "assistant", "content": f"Price is ${it['price']:.2f}"}]})


def split(args):
    pos, o, _ = opts(args, dict(seed=42, train=400000, test=2000, validation=0,
                                openai_train=200, openai_validation=50))
    sample = [it for _, it in load(pos[:1])]
    out = pos[1]
    random.seed(o["seed"])
    random.shuffle(sample)
    a, b = o["train"], o["train"] + o["test"]
    if o.get("allow_short"):
        # a short sample: test, then validation keep their sizes; train gets the rest
        t = min(o["test"], len(sample))
        v = min(o["validation"], len(sample) - t)
        a = min(o["train"], len(sample) - t - v)
        b = a + t
    parts = [("train", sample[:a], "prompt"), ("test", sample[a:b], "test_prompt")]
    if o["validation"]:
        parts.append(("validation", sample[b:b + o["validation"]], "test_prompt"))
    for name, rows, key in parts:
        with open(f"{out}/{name}.jsonl", "w", encoding="utf-8", newline="\n") as f:
            for it in rows:
                f.write(json.dumps({"text": it[key], "price": it["price"]},
                                   ensure_ascii=False) + "\n")
    train = sample[:a]
    n, m = o["openai_train"], o["openai_validation"]
    for name, rows in (("openai_train", train[:n]), ("openai_validation", train[n:n + m])):
        with open(f"{out}/{name}.jsonl", "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(openai_line(it) for it in rows))


if __name__ == "__main__":
    {"curate": curate, "split": split}[sys.argv[1]](sys.argv[2:])
