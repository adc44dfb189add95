#!/bin/bash
# Measures, on one compilation database:
#  - --cache-dir: a cold run, then a warm run with nothing changed (and that
#    both print the same thing);
#  - --cross-tu: the time of the per-unit phases against the link phase
#    (CONCTIDY_LINK_TIMING), and the size of the summary files against the
#    units' preprocessed source (clang++-22 -E);
#  - --cross-tu with the cache, cold then warm.
#   bench/cli/cache-and-link.sh <conctidy> <build-dir> <work-dir> [jobs]
set -u
conctidy=$1
build=$2
work=$3
jobs=${4:-1}
mkdir -p "$work"
rm -rf "$work"/cache "$work"/xcache "$work"/summaries
timed() { # label, command...
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  "$@"
  local code=$?
  end=$(date +%s.%N)
  printf '%s: %.2f s (exit %s)\n' "$label" "$(echo "$end - $start" | bc)" "$code"
}
export CONCTIDY_CACHE_STATS=1
timed "cold --cache-dir" "$conctidy" -p "$build" -j"$jobs" --cache-dir="$work/cache" > "$work/cold.out" 2> "$work/cold.err"
timed "warm --cache-dir" "$conctidy" -p "$build" -j"$jobs" --cache-dir="$work/cache" > "$work/warm.out" 2> "$work/warm.err"
grep 'cache (' "$work/warm.err"
cmp -s "$work/cold.out" "$work/warm.out" && echo "cold and warm: same stdout" || echo "STDOUT DIFFERS"
du -sb "$work/cache" | cut -f1 | xargs printf 'cache size: %s bytes\n'

export CONCTIDY_LINK_TIMING=1
timed "cold --cross-tu --cache-dir" "$conctidy" -p "$build" -j"$jobs" --cross-tu --summaries-dir="$work/summaries" --cache-dir="$work/xcache" > "$work/xcold.out" 2> "$work/xcold.err"
grep 'linked\|cache (' "$work/xcold.err"
timed "warm --cross-tu --cache-dir" "$conctidy" -p "$build" -j"$jobs" --cross-tu --summaries-dir="$work/summaries" --cache-dir="$work/xcache" > "$work/xwarm.out" 2> "$work/xwarm.err"
grep 'linked\|cache (' "$work/xwarm.err"
cmp -s "$work/xcold.out" "$work/xwarm.out" && echo "cross-tu cold and warm: same stdout" || echo "CROSS-TU STDOUT DIFFERS"

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
