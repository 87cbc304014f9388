"""Shared fixtures of the Python package tests (run by tests/cli/test_python.sh in a venv
where the checkout is pip-installed). Expected values come from Hugging Face tokenizers
(goldens made by tests/gen/*.mjs) and the Python reference implementations in tests/gen."""
import os
import pathlib

import pytest

ROOT = pathlib.Path(os.environ.get("PC_ROOT", pathlib.Path(__file__).resolve().parents[2]))
TOKDIR = ROOT / "node_modules" / "@lenml" / "tokenizer-llama3_1" / "models"


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def tokjson():
    p = TOKDIR / "tokenizer.json"
    if not p.exists():
        pytest.skip("no Llama 3.1 tokenizer.json (run ./setup.sh)")
    return str(p)


@pytest.fixture(scope="session")
def tok(tokjson):
    import pricer

    return pricer.Tokenizer.from_file(str(TOKDIR))
