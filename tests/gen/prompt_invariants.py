#!/usr/bin/python3
"""Structural invariants every reference test_prompt has (SPEC §2), checked on the 250
reference prompts (../shared/reference/human_input.csv) and on pricer's own items.
usage: prompt_invariants.py csv FILE.csv | items FILE.jsonl   (exit 1 on a violation)"""
import csv
import json
import re
import sys

Q = "How much does this cost to the nearest dollar?"
P = "Price is $"
FORBIDDEN = set(':[]"{}\u3010\u3011')

def check_test_prompt(tp, where):
    errs = []
    if not tp.startswith(Q + "\n\n"):
        errs.append("does not start with the question")
    if not tp.endswith("\n\n" + P):
        errs.append("does not end with a blank line and the prefix")
    if tp.count(P) != 1:
        errs.append("prefix occurs %d times" % tp.count(P))
    text = tp[len(Q) + 2:-(len(P) + 2)]
    if text.count("\n") > 1:
        errs.append("text has %d newlines" % text.count("\n"))
    bad = sorted(set(c for c in text if c in FORBIDDEN or (c.isspace() and c not in " \n")))
    if bad:
        errs.append("text holds scrubbed characters %r" % bad)
    if "  " in text or "\n " in text or " \n" in text:
        errs.append("text holds a double space or a space beside the title break")
    if "\ufffd" in text[:-1]:
        errs.append("U+FFFD before the end of the text")
    for w in re.split(r"[ \n]", text)[:-1]:  # the last word may be cut by the token limit
        core = w.rstrip(".,!?")  # clean-up may glue punctuation to a word
        if len(core) >= 7 and any(c.isdigit() for c in core):
            errs.append("word %r should have been dropped" % w)
    for e in errs:
        print("%s: %s" % (where, e))
    return not errs

def main():
    kind, path = sys.argv[1], sys.argv[2]
    ok = True
    n = 0
    if kind == "csv":
        with open(path, newline="", encoding="utf-8") as f:
            for i, row in enumerate(csv.reader(f), 1):
                ok &= check_test_prompt(row[0], "%s row %d" % (path, i))
                n += 1
    else:
        for i, line in enumerate(open(path, encoding="utf-8"), 1):
            it = json.loads(line)
            where = "%s line %d" % (path, i)
            prompt = it["prompt"]
            if it["test_prompt"] != prompt[:prompt.find(P) + len(P)]:
                print("%s: test_prompt is not the prompt cut at the first prefix" % where)
                ok = False
            if prompt.count(P) == 1:  # else "Price is $" is inside the product text
                ok &= check_test_prompt(it["test_prompt"], where)
            want_end = "\n\n%s%d.00" % (P, round(it["price"]))
            if not it["prompt"].endswith(want_end):
                print("%s: prompt does not end with %r" % (where, want_end))
                ok = False
            n += 1
    print("%s: %d prompts checked, %s" % (path, n, "ok" if ok else "VIOLATIONS"))
    sys.exit(0 if ok else 1)

main()
