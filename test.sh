#!/usr/bin/env bash
# Runs the whole test suite: a normal build and an AddressSanitizer/UBSan build, each with
# every unit, CLI, conformance and fuzz-replay test registered in CTest.
set -euo pipefail
cd "$(dirname "$0")"
scripts/deps.sh
scripts/build.sh build
scripts/build.sh build-asan -DPC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
echo "== normal build =="
ctest --test-dir build --output-on-failure -j "$(nproc)"
echo "== sanitizer build (ASan + UBSan) =="
ASAN_OPTIONS=detect_leaks=1 PC_SANITIZED=1 ctest --test-dir build-asan --output-on-failure -j "$(nproc)"
