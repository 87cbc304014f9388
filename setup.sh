#!/usr/bin/env bash
# One command from a fresh Debian 12 machine: install dependencies, build pricer, and run
# the whole pipeline on the built-in demo catalogue (pricer synth -> pricer run).
set -euo pipefail
cd "$(dirname "$0")"
scripts/deps.sh
scripts/build.sh build
./build/pricer synth --seed 42 -o demo/data
./build/pricer run --config examples/demo.yaml -o demo/run
echo
echo "done: the dataset is in demo/run/dataset (train.jsonl, test.jsonl, parquet, openai),"
echo "      the report is demo/run/report.html"
