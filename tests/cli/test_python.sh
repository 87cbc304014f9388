#!/usr/bin/env bash
# The Python package: pip-installed offline (no index, no build isolation) into a venv in the
# build folder, linked against this build's libpricer.a, then its pytest suite
# (tests/python: HF tokenizers goldens, the Python reference implementations in tests/gen).
# Skipped (77) without Debian's python3-venv/pytest/setuptools/python3-dev, and in sanitizer
# builds (an instrumented library cannot be loaded into the system Python).
set -euo pipefail
PY=/usr/bin/python3
[ -x "$PY" ] && "$PY" -c 'import pytest, setuptools, venv' 2>/dev/null || exit 77
[ -f /usr/include/python3*/Python.h ] 2>/dev/null || ls /usr/include/python3*/Python.h >/dev/null 2>&1 || exit 77
lib="$PC_BUILD/libpricer.a"
[ -f "$lib" ] || { echo "no $lib"; exit 1; }
if ldd "$PC_BUILD/libpricer.so" | grep libasan >/dev/null; then echo "sanitizer build: skipped"; exit 77; fi
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
venv="$PC_BUILD/pyvenv"
[ -x "$venv/bin/python" ] || "$PY" -m venv --system-site-packages "$venv"
# Build from a copy of what setup.py needs, so the checkout gets no build files.
mkdir "$t/src"
cp -r "$PC_ROOT/setup.py" "$PC_ROOT/include" "$PC_ROOT/python" "$t/src/"
rm -rf "$t/src/python/build" "$t/src/python"/*.egg-info
(cd "$t/src" && PRICER_LIBRARY="$lib" "$venv/bin/pip" install -q --no-build-isolation \
    --no-index --force-reinstall --no-deps . >"$t/pip.log" 2>&1) || { cat "$t/pip.log"; exit 1; }
cd "$t"
"$venv/bin/python" -m pytest -q -p no:cacheprovider ${PC_PYTEST_ARGS:-} "$PC_ROOT/tests/python"
