#!/usr/bin/env bash
# The default tokenizer must stay installed: node_modules (npm ci, where the Llama 3.1
# tokenizer.json lives) must never be committed — a committed node_modules symlink replaced
# the real folder in /work/main twice. Fails when git tracks node_modules.
set -uo pipefail
cd "$PC_ROOT"
if ! git rev-parse --git-dir > /dev/null 2>&1; then echo "skip: not a git checkout"; exit 77; fi
if git ls-files --error-unmatch node_modules > /dev/null 2>&1 ||
   [ -n "$(git ls-files node_modules/ | head -1)" ]; then
  echo "FAIL: node_modules is tracked by git; run: git rm --cached node_modules"
  exit 1
fi
echo "ok   node_modules is not tracked"
