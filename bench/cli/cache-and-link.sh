#!/bin/bash
# Measures, on one compilation database:
#  - --cache-dir: a cold run, then a warm run with nothing changed (and that
#    both print the same thing);
#  - --cross-tu: the time of the per-unit phases against the link phase
#    (CONCTIDY_LINK_TIMING), and the size of the summary files against the
#    units' preprocessed source (clang++-22 -E);
#  - --cross-tu with the cache, cold then warm.
#   bench/cli/cache-and-link.sh <conctidy> <build-dir> <work-dir> [jobs] [parts]
# parts: a comma-separated subset of cache,xtu,size (default: all three).
# Run a copy of conctidy that no build replaces during the run: the cache
# keys on a digest of the executable.
set -u
conctidy=$1
build=$2
work=$3
jobs=${4:-1}
parts=${5:-cache,xtu,size}
mkdir -p "$work"
timed() { # label, stdout file, stderr file, command...
  local label=$1 out=$2 err=$3; shift 3
  local start end code
  start=$(date +%s.%N)
  "$@" > "$out" 2> "$err"
  code=$?
  end=$(date +%s.%N)
  printf '%s: %.2f s (exit %s)\n' "$label" "$(echo "$end - $start" | bc)" "$code"
}
export CONCTIDY_CACHE_STATS=1
if [[ $parts == *cache* ]]; then
  rm -rf "$work/cache"
  timed "cold --cache-dir" "$work/cold.out" "$work/cold.err" "$conctidy" -p "$build" -j"$jobs" --cache-dir="$work/cache"
  timed "warm --cache-dir" "$work/warm.out" "$work/warm.err" "$conctidy" -p "$build" -j"$jobs" --cache-dir="$work/cache"
  grep 'cache (' "$work/warm.err"
  cmp -s "$work/cold.out" "$work/warm.out" && echo "cold and warm: same stdout" || echo "STDOUT DIFFERS"
  du -sb "$work/cache" | cut -f1 | xargs printf 'cache size: %s bytes\n'
fi

if [[ $parts == *xtu* ]]; then
  rm -rf "$work/xcache" "$work/summaries"
  export CONCTIDY_LINK_TIMING=1
  timed "cold --cross-tu --cache-dir" "$work/xcold.out" "$work/xcold.err" "$conctidy" -p "$build" -j"$jobs" --cross-tu --summaries-dir="$work/summaries" --cache-dir="$work/xcache"
  grep 'linked\|cache (' "$work/xcold.err"
  timed "warm --cross-tu --cache-dir" "$work/xwarm.out" "$work/xwarm.err" "$conctidy" -p "$build" -j"$jobs" --cross-tu --summaries-dir="$work/summaries" --cache-dir="$work/xcache"
  grep 'linked\|cache (' "$work/xwarm.err"
  cmp -s "$work/xcold.out" "$work/xwarm.out" && echo "cross-tu cold and warm: same stdout" || echo "CROSS-TU STDOUT DIFFERS"
fi
[[ $parts == *size* ]] || exit 0

# Summary files against preprocessed source.
unit_summaries=$(ls "$work"/summaries/*.summaries.json | grep -v linked | xargs cat | wc -c)
linked=$(wc -c < "$work/summaries/linked.summaries.json")
pre=$(python3 - "$build" <<'PY'
import json, os, shlex, subprocess, sys
db = json.load(open(os.path.join(sys.argv[1], "compile_commands.json")))
total = 0
for e in db:
    args = e["arguments"] if "arguments" in e else shlex.split(e["command"])
    out, skip = ["clang++-22"], False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        if a == "-c":
            continue
        out.append(a)
    out += ["-E", "-o", "-"]
    p = subprocess.run(out, cwd=e["directory"], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL)
    total += len(p.stdout)
print(total)
PY
)
echo "per-unit summary files: $unit_summaries bytes; linked: $linked bytes; preprocessed source: $pre bytes"
echo "ratio per-unit summaries / preprocessed: $(echo "scale=4; $unit_summaries / $pre" | bc)"
