#!/usr/bin/env python3
"""Growth series for the deadlock checks (docs/checks/conc-lock-order-inversion.md).

Generates translation units that stress the lock-order summaries and the
lock graph, and times clang-tidy with conc-lock-order-inversion,
conc-self-deadlock and conc-join-under-lock against clang-tidy with one
trivial check:

  acquisitions  one function taking a_ then b_ N times (N guards each)
  held          one function holding a_ while it takes N distinct mutexes
                (N edges, N + 1 nodes)
  ring          N methods, method i taking m_i then m_(i+1 mod N): one cycle
                of N locks (Tarjan + one breadth-first search)
  calls         a chain of N helpers, helper i taking m_i and calling
                helper i + 1 with it held (the orders are the transitive
                closure: N^2/2 pairs, the size of the answer)

  python3 bench/growth/lock_order.py [--sizes 500,1000,2000,5000]

Prints a Markdown table. Standard library only.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECKS = "-*,conc-lock-order-inversion,conc-self-deadlock,conc-join-under-lock"


def acquisitions(n):
    body = "\n".join("    { std::lock_guard<std::mutex> a(a_); "
                     "std::lock_guard<std::mutex> b(b_); x_ += %d; }" % i
                     for i in range(n))
    return """#include <mutex>
class Big {
public:
  void run() {
%s
  }
  void other() { std::lock_guard<std::mutex> b(b_); ++x_; }
private:
  std::mutex a_, b_;
  int x_ = 0;
};
""" % body


def held(n):
    mutexes = "\n".join("  std::mutex m%d_;" % i for i in range(n))
    body = "\n".join("    { std::lock_guard<std::mutex> g(m%d_); ++x_; }" % i
                     for i in range(n))
    return """#include <mutex>
class Wide {
public:
  void run() {
    std::lock_guard<std::mutex> a(a_);
%s
  }
private:
  std::mutex a_;
%s
  int x_ = 0;
};
""" % (body, mutexes)


def ring(n):
    mutexes = "\n".join("  std::mutex m%d_;" % i for i in range(n))
    methods = "\n".join(
        "  void f%d() { std::lock_guard<std::mutex> a(m%d_); "
        "std::lock_guard<std::mutex> b(m%d_); }" % (i, i, (i + 1) % n)
        for i in range(n))
    return """#include <mutex>
class Ring {
public:
%s
private:
%s
};
""" % (methods, mutexes)


def calls(n):
    mutexes = "\n".join("  std::mutex m%d_;" % i for i in range(n + 1))
    helpers = "\n".join(
        "  void h%d() { std::lock_guard<std::mutex> g(m%d_); h%d(); }" % (i, i, i + 1)
        for i in range(n))
    return """#include <mutex>
class Chain {
public:
  void run() { h0(); }
private:
%s
  void h%d() { std::lock_guard<std::mutex> g(m%d_); }
%s
};
""" % (helpers, n, n, mutexes)


def timed(cmd):
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.monotonic() - start, usage.ru_maxrss / 1024.0, status


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="500,1000,2000,5000")
    ap.add_argument("--plugin", default=os.path.join(REPO, "build/lib/libConcTidy.so"))
    ap.add_argument("--series", default="acquisitions,held,ring,calls")
    args = ap.parse_args()
    gens = {"acquisitions": acquisitions, "held": held, "ring": ring, "calls": calls}
    sizes = [int(s) for s in args.sizes.split(",")]
    print("| series | N | trivial check s | deadlock checks s | ratio | trivial RSS MB | deadlock RSS MB |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for series in args.series.split(","):
            for n in sizes:
                src = os.path.join(tmp, "%s_%d.cpp" % (series, n))
                with open(src, "w") as f:
                    f.write(gens[series](n))
                flags = ["--", "-std=c++17"]
                trivial, trss, _ = timed(["clang-tidy-22",
                                          "-checks=-*,readability-braces-around-statements",
                                          src] + flags)
                conc, rss, _ = timed(["clang-tidy-22", "-load", args.plugin,
                                      "-checks=" + CHECKS, src] + flags)
                print("| %s | %d | %.2f | %.2f | %.2f | %.0f | %.0f |" % (
                    series, n, trivial, conc, conc / trivial if trivial else 0, trss, rss))
                sys.stdout.flush()


if __name__ == "__main__":
    main()
