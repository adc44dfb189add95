#!/usr/bin/env bash
# Installs what conctidy needs on Debian 12 (as root), builds it into build/,
# and configures the example project (examples/worker-pool/build, with its
# compile_commands.json). Safe to run again: it only installs what is
# missing and rebuilds what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  # LLVM 22 from Debian (bookworm-security): the clang-tidy-22 that loads
  # the plugin, the headers and CMake package, lit and FileCheck.
  clang-22 clang-tidy-22 libclang-22-dev llvm-22-dev llvm-22-tools
  # Build and test tools.
  cmake ninja-build g++ libgtest-dev python3
  # Real library headers the checks are tested against (the bounded queues
  # of oneTBB and Boost.Thread for conc-unreceived-channel-send; Boost.Thread,
  # Qt 5 and abseil locks and containers for the shared-data checks).
  libboost-fiber-dev libtbb-dev libboost-thread-dev qtbase5-dev libabsl-dev
  # Real runtime headers for conc-runtime-shared-across-tasks' tests: jni.h,
  # Python.h, lua.hpp (node_api.h and v8.h: see below).
  openjdk-17-jdk-headless python3-dev liblua5.4-dev
  # clazy, Qt's checker, for the side-by-side comparison in
  # docs/checks/conc-runtime-shared-across-tasks.md (one package).
  clazy
  # Neovim, whose built-in LSP client runs `conctidy lsp` headless in
  # test/cli/lsp-neovim.test.
  neovim
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
    missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "bootstrap: need root to install: ${missing[*]}" >&2
    exit 2
  fi
  echo "bootstrap: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# Node's node_api.h and v8.h (/usr/include/node): Debian's libnode-dev, unless
# a nodejs package that ships them (NodeSource's, which conflicts with
# libnode-dev) is installed. The tests that need them are skipped otherwise.
if [ ! -e /usr/include/node/node_api.h ]; then
  echo "bootstrap: installing libnode-dev" >&2
  { apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends libnode-dev >/dev/null; } ||
    echo "bootstrap: warning: could not install libnode-dev; the node header tests will be skipped" >&2
fi

# The SARIF 2.1.0 schema and a validator, for test/cli/sarif-schema.test,
# from the npm registry (nodejs and npm from Debian when missing).
sarif_packages=(ajv@8 ajv-draft-04@1 ajv-formats@3 @microsoft/jest-sarif@1.0.0-beta.0)
if [ ! -d build/npm/node_modules/@microsoft/jest-sarif ]; then
  if ! command -v npm >/dev/null; then
    echo "bootstrap: installing nodejs npm" >&2
    { apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends nodejs npm >/dev/null; } ||
      echo "bootstrap: warning: could not install nodejs npm" >&2
  fi
  mkdir -p build/npm
  { command -v npm >/dev/null &&
    npm install --prefix build/npm --no-audit --no-fund --silent \
      "${sarif_packages[@]}" >/dev/null; } ||
    echo "bootstrap: warning: npm install failed; the SARIF schema test will be skipped" >&2
fi

cmake -G Ninja -S . -B build -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER=clang++-22 >/dev/null
ninja -C build

cmake -S examples/worker-pool -B examples/worker-pool/build \
  -DCMAKE_CXX_COMPILER=clang++-22 >/dev/null
