#!/usr/bin/python3
"""The course's Tester and get_price in Python (SPEC §6.1, §6.4), written independently of
pricer, for tests/cli/test_eval.sh.

usage: eval_expect.py TEST PREDICTIONS SIZE [NAME] -> the --json line pricer eval must print,
                                                      or with NAME its whole text output
       eval_expect.py --fixtures DIR               -> writes the prediction files of the test
TEST is JSONL ("price"/"truth_price"); PREDICTIONS is JSONL ({"price"} / {"completion"}), a
.csv with a price column, or one of random:SEED, constant:V, mean:TRAIN, median:TRAIN (the
category-median baseline: statistics.median of the train prices per category).
--items=FILE (anywhere): test rows take category and title, train rows category, from the
item whose test_prompt or prompt equals their text."""
import csv
import json
import math
import random
import re
import statistics
import sys


def get_price(s):
    s = s.replace('$', '').replace(',', '')
    match = re.search(r"[-+]?\d*\.\d+|\d+", s)
    return float(match.group()) if match else 0


def color_for(error, truth):
    if error < 40 or error / truth < 0.2:
        return "green"
    elif error < 80 or error / truth < 0.4:
        return "orange"
    return "red"


ITEMS = {}


def enrich(rows, titles):
    for r in rows:
        it = ITEMS.get(r.get("text"))
        if it:
            r.setdefault("category", it.get("category"))
            if titles:
                r.setdefault("title", it.get("title"))
    return rows


def guesses_for(spec, test, size):
    kind, _, arg = spec.partition(":")
    if kind == "random":
        random.seed(int(arg))
        return [random.randrange(1, 1000) for _ in range(size)]
    if kind == "constant":
        return [float(arg)] * size
    if kind in ("mean", "median"):
        train = enrich([json.loads(l) for l in open(arg, encoding="utf-8") if l.strip()], False)
        if kind == "mean":
            prices = [t["price"] for t in train]
            return [sum(prices) / len(prices)] * size
        by = {}
        for t in train:
            by.setdefault(t.get("category"), []).append(t["price"])
        overall = statistics.median([t["price"] for t in train])
        return [statistics.median(by[r.get("category")]) if r.get("category") in by
                else overall for r in test[:size]]
    if spec.endswith(".csv"):
        with open(spec, encoding="utf-8", newline="") as f:
            return [float(row["price"]) for row in csv.DictReader(f)][:size]
    out = []
    for line in open(spec, encoding="utf-8"):
        d = json.loads(line)
        out.append(d["price"] if "price" in d else get_price(d["completion"]))
    return out[:size]


def expect(test_path, spec, size, name=None):
    test = enrich([json.loads(l) for l in open(test_path, encoding="utf-8") if l.strip()], True)
    size = len(test) if size == "all" else int(size)
    guesses = guesses_for(spec, test, size)
    errors, sles, colors, lines = [], [], [], []
    for i in range(size):
        truth = test[i]["price"] if "price" in test[i] else test[i]["truth_price"]
        guess = guesses[i]
        error = abs(guess - truth)
        sle = (math.log(truth + 1) - math.log(guess + 1)) ** 2
        errors.append(error)
        sles.append(sle)
        colors.append(color_for(error, truth))
        title = test[i].get("title")
        if title is None:
            text = test[i].get("text", "")
            q = "How much does this cost to the nearest dollar?\n\n"
            title = (text[len(q):] if text.startswith(q) else text).split("\n")[0]
        title = title if len(title) <= 40 else title[:40] + "..."
        lines.append(f"{i+1}: Guess: ${guess:,.2f} Truth: ${truth:,.2f} Error: ${error:,.2f} "
                     f"SLE: {sle:,.2f} Item: {title}")
    hits = colors.count("green")
    average_error, rmsle = sum(errors) / size, math.sqrt(sum(sles) / size)
    lines.append(f"{name} Error=${average_error:,.2f} RMSLE={rmsle:,.2f} "
                 f"Hits={hits/size*100:.1f}%")
    lines.append(f"colors: green {hits}, orange {colors.count('orange')}, "
                 f"red {colors.count('red')} of {size}")
    if name:
        return "\n".join(lines)
    return {"items": size, "average_error": sum(errors) / size,
            "rmsle": math.sqrt(sum(sles) / size),
            "hit_percent": colors.count("green") / size * 100,
            "colors": {c: colors.count(c) for c in ("green", "orange", "red")}}


COMPLETIONS = [
    "Price is $1,234.50", "$99", "-5", "-0.5 dollars", "+.75", "5.", "no idea", "",
    "Price is $\u0663\u0664.\u0665",  # Arabic-Indic digits: \d and float() accept them
    "\uff11\uff12\uff13", "about 12.5.6", "1e5", "$,$7,,0", "..5", "\u00b2\u00b3 9",
    "Price is $00042.10 or $13", "x-.5", "1" * 30, "\U0001D7D9\U0001D7D8",
]


def fixtures(d, n):
    rng = random.Random(7)
    with open(f"{d}/pred_price.jsonl", "w") as f:
        for i in range(n):
            f.write(json.dumps({"price": round(rng.uniform(0, 900), rng.choice([0, 2, 5]))}) + "\n")
    with open(f"{d}/pred_completion.jsonl", "w") as f:
        for i in range(n):
            c = COMPLETIONS[i] if i < len(COMPLETIONS) else f"Price is ${rng.uniform(1, 999):,.2f}"
            f.write(json.dumps({"completion": c}) + "\n")
    with open(f"{d}/pred.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "note", "price"])
        for i in range(n):
            w.writerow([i, rng.choice(["plain", 'quoted, "comma"', ""]),
                        repr(rng.uniform(0.5, 1500))])


if __name__ == "__main__":
    if sys.argv[1] == "--fixtures":
        fixtures(sys.argv[2], int(sys.argv[3]))
    else:
        args = [a for a in sys.argv[1:] if not a.startswith("--items=")]
        for a in sys.argv[1:]:
            if a.startswith("--items="):
                for line in open(a[8:], encoding="utf-8"):
                    it = json.loads(line)
                    for k in ("test_prompt", "prompt"):
                        ITEMS.setdefault(it[k], it)
        r = expect(*args[:4])
        print(r if isinstance(r, str) else json.dumps(r))
