#!/bin/sh
# Times conctidy over a compilation database with -j1 and with -jN, and
# checks that both runs print the same thing.
#   bench/cli/compare-jobs.sh <conctidy> <build-dir> [N (default: nproc)]
set -u
conctidy=$1
build=$2
jobs=${3:-$(nproc)}
out=$(mktemp -d)
for j in 1 "$jobs"; do
  start=$(date +%s.%N)
  "$conctidy" -p "$build" -j"$j" > "$out/j$j.out" 2> "$out/j$j.err"
  code=$?
  end=$(date +%s.%N)
  printf -- '-j%s: %.1f s, exit code %s\n' "$j" "$(echo "$end - $start" | bc)" "$code"
done
if cmp -s "$out/j1.out" "$out/j$jobs.out" && cmp -s "$out/j1.err" "$out/j$jobs.err"; then
  echo "same stdout and stderr"
else
  echo "OUTPUTS DIFFER: see $out"
  exit 1
fi
tail -n 1 "$out/j1.err"
rm -rf "$out"
