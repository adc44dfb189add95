#!/usr/bin/env python3
"""Growth series for conc-unreceived-channel-send (see docs/performance.md).

Generates translation units whose cost for the channel path search grows
with one parameter, and measures each against the parse floor:

  loop      a spawn loop and a receive loop to a bound B (10, 10^3, 10^7,
            INT_MAX): the search's state must not grow with B's value;
  branches  N if/else diamonds, one arm of each receiving: the search must
            stay linear in N (500, 1000, 2000, 5000).

For every unit, one process at a time, the median of --runs runs of wall
time and peak RSS (os.wait4) of
  (a) clang++-22 -fsyntax-only (the floor),
  (b) clang-tidy-22 -load <build>/lib/libConcTidy.so
      -checks='-*,conc-unreceived-channel-send'.
A run that exceeds --timeout seconds or --memory-mb (RLIMIT_AS) is reported
as such rather than measured.

  python3 bench/growth/growth.py                    # the whole series
  python3 bench/growth/growth.py --only loop --runs 1
  python3 bench/growth/growth.py --emit loop 10000000 > unit.cpp

Standard library only.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
INT_MAX = 2147483647
SERIES = {
    "loop": [10, 1000, 10 ** 7, INT_MAX],
    "branches": [500, 1000, 2000, 5000],
}

# A bounded channel with the shape of cpp-channel's msd::channel (modelled
# by name), declared here so that the unit needs no library.
PRELUDE = """\
namespace msd {
template <typename T> class channel {
public:
  explicit channel(unsigned long Capacity = 0);
  void write(T Value);
  void read(T &Out);
  void close();
};
} // namespace msd
template <typename F> void submit(F Task) {}
int compute(int);
bool failed(int);
void other(int);
"""


def loop_unit(bound):
    """Senders and receives to `bound`; one early return inside the
    receive loop (a true finding, reported once)."""
    return PRELUDE + f"""
int drain() {{
  msd::channel<int> Ch{{1}};
  for (int I = 0; I < {bound}; ++I)
    submit([&Ch, I] {{ Ch.write(compute(I)); }});
  int Sum = 0;
  for (int I = 0; I < {bound}; ++I) {{
    int V = 0;
    Ch.read(V);
    if (failed(V))
      return -1;
    Sum += V;
  }}
  return Sum;
}}
"""


def branches_unit(n):
    """`n` diamonds, one arm of each receiving, against 2n + 2 senders: the
    count of receives differs on 2^n paths."""
    body = "".join(
        f"  if (failed({k})) {{\n    Ch.read(V);\n  }} else {{\n"
        f"    other({k});\n  }}\n" for k in range(n))
    return PRELUDE + f"""
int diamonds() {{
  msd::channel<int> Ch{{1}};
  for (int I = 0; I < {2 * n + 2}; ++I)
    submit([&Ch, I] {{ Ch.write(compute(I)); }});
  int V = 0;
{body}  return V;
}}
"""


UNITS = {"loop": loop_unit, "branches": branches_unit}


def measure(cmd, timeout, memory_mb):
    def limit():
        if memory_mb:
            b = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (b, b))
    out = tempfile.TemporaryFile()
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                            preexec_fn=limit)
    deadline = start + timeout
    status = None
    while True:
        pid, st, ru = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            status = st
            break
        if time.monotonic() > deadline:
            proc.kill()
            pid, st, ru = os.wait4(proc.pid, 0)
            return {"wall": None, "rss_mb": ru.ru_maxrss / 1024,
                    "result": "timeout"}
        time.sleep(0.01)
    wall = time.monotonic() - start
    out.seek(0)
    stderr = out.read().decode(errors="replace")
    out.close()
    code = os.waitstatus_to_exitcode(status)
    result = "ok"
    if code < 0:
        result = f"signal {-code}"
    elif "std::bad_alloc" in stderr or "out of memory" in stderr.lower() \
            or (code != 0 and memory_mb and "LLVM ERROR" in stderr):
        result = "out of memory"
    return {"wall": wall, "rss_mb": ru.ru_maxrss / 1024, "result": result,
            "warnings": stderr.count("[conc-unreceived-channel-send]")}


def median_of(runs, key):
    vals = [r[key] for r in runs if r[key] is not None]
    return statistics.median(vals) if vals else None


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--build", default=os.path.join(REPO, "build"))
    ap.add_argument("--plugin", help="the plugin to load (default: "
                    "<build>/lib/libConcTidy.so)")
    ap.add_argument("--only", choices=sorted(SERIES))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--memory-mb", type=int, default=8192,
                    help="address-space limit per run (0: none)")
    ap.add_argument("--emit", nargs=2, metavar=("SERIES", "VALUE"),
                    help="print one generated unit and exit")
    args = ap.parse_args()
    if args.emit:
        if args.emit[0] not in UNITS:
            ap.error(f"unknown series '{args.emit[0]}'")
        sys.stdout.write(UNITS[args.emit[0]](int(args.emit[1])))
        return 0
    plugin = args.plugin or os.path.join(args.build, "lib", "libConcTidy.so")
    if not os.path.exists(plugin):
        print(f"growth: {plugin}: no such file (build conctidy first)",
              file=sys.stderr)
        return 2
    flags = ["-std=c++17"]
    print("| series | value | parse s | parse MB | check s | check MB |"
          " time ratio | RSS ratio | result | warnings |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for series, values in SERIES.items():
            if args.only and series != args.only:
                continue
            for value in values:
                path = os.path.join(tmp, f"{series}-{value}.cpp")
                with open(path, "w") as f:
                    f.write(UNITS[series](value))
                floor = [measure(["clang++-22", "-fsyntax-only", *flags, path],
                                 args.timeout, 0) for _ in range(args.runs)]
                tidy = [measure(["clang-tidy-22", "-load", plugin,
                                 "-checks=-*,conc-unreceived-channel-send",
                                 path, "--", *flags],
                                args.timeout, args.memory_mb)
                        for _ in range(args.runs)]
                fw, fm = median_of(floor, "wall"), median_of(floor, "rss_mb")
                tw, tm = median_of(tidy, "wall"), median_of(tidy, "rss_mb")
                results = sorted({r["result"] for r in tidy})
                warnings = tidy[0].get("warnings", "")
                ratio = (lambda a, b: f"{a / b:.2f}" if a and b else "-")
                fmt = (lambda x, p: f"{x:.{p}f}" if x is not None else "-")
                print(f"| {series} | {value} | {fmt(fw, 2)} | {fmt(fm, 0)} | "
                      f"{fmt(tw, 2)} | {fmt(tm, 0)} | {ratio(tw, fw)} | "
                      f"{ratio(tm, fm)} | {', '.join(results)} | {warnings} |",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
