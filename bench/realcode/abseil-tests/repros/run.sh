#!/bin/sh
# Runs each reproducer; every one of them should give 0 findings once fixed.
# usage: ./run.sh [conctidy]   (default: build/bin/conctidy of this repository)
C=${1:-$(cd "$(dirname "$0")/../../../.." && pwd)/build/bin/conctidy}
cd "$(dirname "$0")"
checks='-*,conc-unsynchronized-shared-map,conc-unsynchronized-shared-field,conc-self-deadlock'
for f in c*.cc; do
  echo "== $f"
  "$C" --quiet --checks="$checks" "$f" -- -std=c++17 2>&1 | grep -E 'warning:'
done
d=c8-xtu-static-helper
db=$(mktemp -d)
trap 'rm -rf "$db"' EXIT
cat >"$db/compile_commands.json" <<JSON
[{"directory": "$(pwd)/$d", "file": "alloc.cc", "arguments": ["clang++-22", "-std=c++17", "-c", "alloc.cc"]},
 {"directory": "$(pwd)/$d", "file": "user.cc", "arguments": ["clang++-22", "-std=c++17", "-c", "user.cc"]}]
JSON
echo "== $d (without --cross-tu)"
"$C" --quiet -j1 -p "$db" --checks="$checks" 2>&1 | grep -E 'warning:'
echo "== $d (--cross-tu)"
"$C" --quiet -j1 -p "$db" --cross-tu --checks="$checks" 2>&1 | grep -E 'warning:'
