#!/bin/sh
# Runs the shared-data checks through clang-tidy-22 -load over every unit of
# a compilation database, two at a time, and keeps the warnings and notes:
#
#   bench/realcode/run-units.sh PLUGIN BUILD_DIR OUT [CHECKS]
#
# The project's own .clang-tidy is ignored (--config-file=/dev/null). Used
# for the before/after comparisons in the checks' docs pages: run it with
# the plugin before and after a change, then diff the sorted warnings.
set -eu
if [ $# -lt 3 ]; then
  echo "usage: $0 PLUGIN BUILD_DIR OUT [CHECKS]" >&2
  exit 2
fi
plugin=$1 db=$2 out=$3
checks=${4:--*,conc-unsynchronized-shared-map,conc-unsynchronized-shared-field}
[ -f "$plugin" ] || { echo "$0: $plugin: no such plugin" >&2; exit 2; }
[ -f "$db/compile_commands.json" ] || {
  echo "$0: $db/compile_commands.json: no such file" >&2; exit 2; }
python3 -c 'import json,sys
for e in json.load(open(sys.argv[1])): print(e["file"])' \
  "$db/compile_commands.json" | sort -u |
  xargs -P2 -I@ clang-tidy-22 --config-file=/dev/null -load "$plugin" \
    "-checks=$checks" -p "$db" @ 2>/dev/null |
  grep -E "warning:|note:" > "$out" || true
