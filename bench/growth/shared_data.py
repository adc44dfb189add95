#!/usr/bin/env python3
"""Growth series for the shared-data checks (docs/performance.md).

Generates translation units that stress the lock-set dataflow and the
shared-access analysis, and times clang-tidy with
conc-unsynchronized-shared-map and conc-unsynchronized-shared-field against
`clang++-22 -fsyntax-only` (the parse floor) and against clang-tidy with
one trivial check (the practical floor):

  branches  one member function with N if/else diamonds, each locking in
            one arm, and an access after each diamond
  accesses  one class with N member functions, each accessing the guarded
            map and a scalar field under a project-style wrapper lock
  helpers   a chain of N private helpers, each called by the previous one
            with the lock held (the call-site fixpoint)
  outside   a class with N private helpers, each called under the lock by
            its own public method and from a friend thread body (the entry
            locks of other code's private helpers, OutsideCode)
  globals   N free functions, each locking a global mutex around a call of
            its own chain of two helpers that write a global map and counter,
            and every tenth a reader that goes without the lock (the
            global-access part of the summaries, composed at every call)

  python3 bench/growth/shared_data.py [--sizes 500,1000,2000,5000]
      [--plugin build/lib/libConcTidy.so]

Prints a Markdown table: size, parse seconds, trivial-check seconds,
conctidy seconds, ratio to trivial, peak RSS (MB). Standard library only.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PRELUDE = """#include <map>
#include <mutex>
class Mutex {
public:
  void Lock() { mu_.lock(); }
  void Unlock() { mu_.unlock(); }
private:
  std::mutex mu_;
};
class MutexLock {
public:
  explicit MutexLock(Mutex *m) : m_(m) { m_->Lock(); }
  ~MutexLock() { m_->Unlock(); }
private:
  Mutex *m_;
};
"""


def branches(n):
    body = []
    for i in range(n):
        body.append("    if (c(%d)) { mu_.Lock(); map_[%d] = %d; mu_.Unlock(); }"
                    " else { local++; }" % (i, i, i))
        body.append("    mu_.Lock(); total_ += map_.count(%d); mu_.Unlock();" % i)
    return PRELUDE + """bool c(int);
class Big {
public:
  void run() {
    int local = 0;
%s
    count_ = local;
  }
  void put(int k) { MutexLock l(&mu_); map_[k] = k; count_ = k; }
private:
  Mutex mu_, mutex_;
  std::map<int, int> map_;
  int count_ = 0;
  long total_ = 0;
};
""" % "\n".join(body)


def accesses(n):
    methods = []
    for i in range(n):
        guarded = i % 10 != 0
        lock = "    MutexLock l(&mu_);\n" if guarded else ""
        methods.append("  void m%d(int k) {\n%s    map_[k + %d] = k;\n"
                       "    count_ += %d;\n  }" % (i, lock, i, i))
    return PRELUDE + """class Wide {
public:
%s
private:
  Mutex mu_;
  std::map<int, int> map_;
  int count_ = 0;
};
""" % "\n".join(methods)


def helpers(n):
    methods = ["  void h%d() { map_[%d] = 1; h%d(); }" % (i, i, i + 1)
               for i in range(n)]
    methods.append("  void h%d() { count_++; }" % n)
    return PRELUDE + """class Chain {
public:
  void run() { MutexLock l(&mu_); h0(); }
  int peek() { return count_; }
private:
%s
  Mutex mu_;
  std::map<int, int> map_;
  int count_ = 0;
};
""" % "\n".join(methods)


def outside(n):
    publics = ["  void p%d() { MutexLock l(&mu_); h%d(); }" % (i, i)
               for i in range(n)]
    privs = ["  void h%d() { map_[%d] = 1; count_ += %d; }" % (i, i, i)
             for i in range(n)]
    calls = ["  s->h%d();" % i for i in range(0, n, 2)]
    return PRELUDE + """class Store {
  friend void worker(Store *s);
public:
%s
private:
%s
  Mutex mu_;
  std::map<int, int> map_;
  int count_ = 0;
};
void worker(Store *s) {
%s
}
""" % ("\n".join(publics), "\n".join(privs), "\n".join(calls))


def globals_(n):
    out = [PRELUDE, "Mutex mu;", "std::map<int, int> table;", "int total;"]
    for i in range(n):
        out.append("void put%d(int k) { table[k + %d] = k; total += %d; }" % (i, i, i))
        out.append("void fill%d(int k) { put%d(k); }" % (i, i))
        out.append("void writer%d(int k) { MutexLock l(&mu); fill%d(k); }" % (i, i))
        if i % 10 == 0:
            out.append("int reader%d(int k) { return table.count(k) + total; }" % i)
    return "\n".join(out) + "\n"


def timed(cmd):
    """Wall seconds and peak RSS (MB) of one process (os.wait4)."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.monotonic() - start, usage.ru_maxrss / 1024.0, status


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="500,1000,2000,5000")
    ap.add_argument("--plugin", default=os.path.join(REPO, "build/lib/libConcTidy.so"))
    ap.add_argument("--series", default="branches,accesses,helpers,outside,globals")
    args = ap.parse_args()
    if not os.path.exists(args.plugin):
        sys.exit("shared_data.py: %s: no such plugin (build first)" % args.plugin)
    gens = {"branches": branches, "accesses": accesses, "helpers": helpers,
            "outside": outside, "globals": globals_}
    sizes = [int(s) for s in args.sizes.split(",")]
    print("| series | N | parse s | trivial check s | conctidy s | ratio to trivial | trivial RSS MB | conctidy RSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for series in args.series.split(","):
            for n in sizes:
                src = os.path.join(tmp, "%s_%d.cpp" % (series, n))
                with open(src, "w") as f:
                    f.write(gens[series](n))
                flags = ["--", "-std=c++17"]
                parse, _, _ = timed(["clang++-22", "-std=c++17", "-fsyntax-only", src])
                trivial, trivial_rss, _ = timed(["clang-tidy-22", "-checks=-*,readability-braces-around-statements",
                                       src] + flags)
                conc, rss, rc = timed(["clang-tidy-22", "-load", args.plugin,
                                       "-checks=-*,conc-unsynchronized-shared-map,conc-unsynchronized-shared-field",
                                       src] + flags)
                print("| %s | %d | %.2f | %.2f | %.2f | %.2f | %.0f | %.0f |" % (
                    series, n, parse, trivial, conc, conc / trivial if trivial else 0,
                    trivial_rss, rss))
                sys.stdout.flush()


if __name__ == "__main__":
    main()
