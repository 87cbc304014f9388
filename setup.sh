#!/usr/bin/env bash
# One command from a fresh Debian 12 machine: install dependencies, build pricer, and run
# the whole pipeline on the built-in demo catalogue (pricer synth -> pricer run).
set -euo pipefail
cd "$(dirname "$0")"
scripts/deps.sh
scripts/build.sh build
./build/pricer synth --seed 42 --records 50000 -o demo/data
./build/pricer run --config examples/demo.yaml -o demo/run
echo
echo "done: the dataset is in demo/run/dataset/ (train.jsonl, test.jsonl, validation.jsonl,"
echo "      data/*.parquet + README.md for the Hugging Face Hub, openai_*.jsonl),"
echo "      the report is demo/run/report.html, the run record demo/run/run.json"
echo "      (run it again: every stage is reused; see README.md for the real data)"
