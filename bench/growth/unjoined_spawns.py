#!/usr/bin/env python3
"""Generates a translation unit with one function that spawns N std::threads
in one loop body and joins them all at its end, the shape in which
conc-unjoined-thread used to grow like N^2.5 (issue 14).

    bench/growth/unjoined_spawns.py N > spawns.cpp
    bench/growth/unjoined_spawns.py --time 500 1000 2000 5000

With --time, writes each file to a temporary directory and prints, for each
N, the wall time of `clang++-22 -fsyntax-only` and of clang-tidy-22 with only
conc-unjoined-thread (and with only conc-dangling-task-capture), in seconds.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def generate(n, shape="threads"):
    """threads: N std::thread locals, then N joins. pool: N tasks that
    capture a local by reference posted to a pool, then one wait (the
    shape conc-dangling-task-capture searches from every post)."""
    if shape == "pool":
        lines = ["struct Pool {", "  template <class F> void enqueue(F &&f) {}",
                 "  void wait();", "};", "void work(int &);", "",
                 "void postAll(Pool &P, int Rounds) {",
                 "  for (int R = 0; R < Rounds; ++R) {",
                 "    int X = R;"]
        for i in range(n):
            lines.append("    P.enqueue([&] { work(X); });")
        lines += ["    P.wait();", "  }", "}", ""]
        return "\n".join(lines)
    lines = ["#include <thread>", "", "void work(int);", "",
             "void spawnAll(int Rounds) {",
             "  for (int R = 0; R < Rounds; ++R) {"]
    for i in range(n):
        lines.append("    std::thread T%d(work, %d);" % (i, i))
    for i in range(n):
        lines.append("    T%d.join();" % i)
    lines += ["  }", "}", ""]
    return "\n".join(lines)


def timed(cmd):
    start = time.monotonic()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    elapsed = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit("command failed (%d): %s\n%s" %
                 (proc.returncode, " ".join(cmd), proc.stderr[-2000:]))
    return elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("n", type=int, nargs="+")
    ap.add_argument("--time", action="store_true",
                    help="time the tools instead of printing the file")
    ap.add_argument("--shape", choices=["threads", "pool"], default="threads",
                    help="what the function holds (see generate())")
    ap.add_argument("--checks", default="conc-unjoined-thread,"
                    "conc-dangling-task-capture",
                    help="the checks to time, each alone (comma-separated)")
    ap.add_argument("--plugin",
                    default=os.path.join(ROOT, "build/lib/libConcTidy.so"))
    args = ap.parse_args()
    if not args.time:
        if len(args.n) != 1:
            ap.error("give one N without --time")
        sys.stdout.write(generate(args.n[0], args.shape))
        return
    if not os.path.exists(args.plugin):
        sys.exit("error: plugin %s not found; build it first" % args.plugin)
    checks = [c for c in args.checks.split(",") if c]
    print("| N | clang++-22 -fsyntax-only (s) | " +
          " | ".join("%s (s) | ratio" % c for c in checks) + " |")
    print("|---|---|" + "---|---|" * len(checks))
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.n:
            path = os.path.join(tmp, "spawns%d.cpp" % n)
            with open(path, "w") as f:
                f.write(generate(n, args.shape))
            flags = ["--", "-std=c++17"]
            base = timed(["clang++-22", "-std=c++17", "-fsyntax-only", path])
            cells = []
            for check in checks:
                t = timed(["clang-tidy-22", "-load", args.plugin,
                           "-checks=-*," + check, "--quiet", path] + flags)
                cells.append("%.2f | %.2f" % (t, t / base))
            print("| %d | %.2f | %s |" % (n, base, " | ".join(cells)))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
