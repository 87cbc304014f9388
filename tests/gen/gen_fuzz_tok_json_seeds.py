#!/usr/bin/env python3
"""Seeds of fuzz/fuzz_tok_json (the tokenizer.json loader): small tokenizer.json files that
load, each exercising other sections, cut from the test tokenizers in tests/golden/tok.
Usage: python3 tests/gen/gen_fuzz_tok_json_seeds.py (writes fuzz/corpus/fuzz_tok_json/)."""
import json
import os

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
out = os.path.join(root, "fuzz", "corpus", "fuzz_tok_json")
os.makedirs(out, exist_ok=True)


def cut_bpe(d, keep):
    """The first `keep` vocabulary entries (by id) and the merges among them."""
    m = d["model"]
    vocab = {k: v for k, v in m["vocab"].items() if v < keep}
    merges = []
    for mg in m["merges"]:
        a, b = mg.split(" ", 1) if isinstance(mg, str) else mg
        if a in vocab and b in vocab and a + b in vocab:
            merges.append(mg)
    m["vocab"] = vocab
    m["merges"] = merges
    return d


def write(name, d):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        json.dump(d, f, ensure_ascii=False, separators=(",", ":"))


tiny = json.load(open(os.path.join(root, "tests/golden/tok/tiny/tokenizer.json")))
bl = cut_bpe(tiny, 400)
bl["added_tokens"] = bl["added_tokens"][:4]
write("bytelevel_template", bl)

nfkc = json.loads(json.dumps(bl))
nfkc["normalizer"] = {"type": "Sequence", "normalizers": [{"type": "NFKC"}, {"type": "NFD"}]}
nfkc["post_processor"] = {"type": "RobertaProcessing", "sep": ["<|end_of_text|>", 128001],
                          "cls": ["<|begin_of_text|>", 128000], "trim_offsets": True,
                          "add_prefix_space": False}
write("bytelevel_nfkc_roberta", nfkc)

sp = json.load(open(os.path.join(root, "tests/golden/tok/variants/base_sp.json")))
sp = cut_bpe(sp, 300)
sp["post_processor"] = {"type": "TemplateProcessing",
                        "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}},
                                   {"Sequence": {"id": "A", "type_id": 0}}],
                        "pair": [{"Sequence": {"id": "A", "type_id": 0}},
                                 {"Sequence": {"id": "B", "type_id": 1}}],
                        "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}}
write("sentencepiece_template", sp)

meta = json.loads(json.dumps(sp))
meta["normalizer"] = None
meta["pre_tokenizer"] = {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "first",
                         "split": False}
meta["decoder"] = {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "first",
                   "split": False}
meta["post_processor"] = {"type": "BertProcessing", "sep": ["</s>", 2], "cls": ["<s>", 1]}
write("metaspace_bert", meta)
