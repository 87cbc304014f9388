#!/usr/bin/env bash
# Runs the whole test suite: a normal build and an AddressSanitizer/UBSan build, each with
# every unit, CLI, conformance and fuzz-replay test registered in CTest, then a
# ThreadSanitizer build (clang) running the threaded tests.
set -euo pipefail
cd "$(dirname "$0")"
scripts/deps.sh
scripts/build.sh build
scripts/build.sh build-asan -DPC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
# ThreadSanitizer (clang): the threaded tests only (every command's -j, synth, atomic writers)
scripts/build.sh build-tsan -DPC_TSAN=ON -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo
echo "== normal build =="
ctest --test-dir build --output-on-failure -j "$(nproc)"
echo "== sanitizer build (ASan + UBSan) =="
ASAN_OPTIONS=detect_leaks=1 PC_SANITIZED=1 ctest --test-dir build-asan --output-on-failure -j "$(nproc)"
echo "== ThreadSanitizer build (threaded tests) =="
TSAN_OPTIONS=halt_on_error=1 ctest --test-dir build-tsan --output-on-failure -j "$(nproc)" \
  -R 'cli_test_threads|cli_test_curate_split_par|cli_test_report_threads|unit_test_atomic_many|unit_test_atomic_wb|unit_test_reader_hash|cli_test_parse_batches|unit_test_run_shard|cli_test_synth|unit_test_synth|cli_test_parse_cli|cli_test_tokenize_cli|cli_test_run$'
