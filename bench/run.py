#!/usr/bin/env python3
"""conctidy benchmark and evaluation harness (see docs/performance.md).

  python3 bench/run.py --small          # cpp-httplib, a few units, < 5 min
  python3 bench/run.py --full           # every project, every unit, 3 runs

For each translation unit of a pinned corpus of Debian source packages it
measures, one process at a time, wall time, CPU time and peak RSS (os.wait4)
of
  (a) clang++-22 -fsyntax-only with the unit's own flags (the parse floor),
  (b) clang-tidy-22 -load <build>/lib/libConcTidy.so -checks='-*,conc-*',
  (c) <build>/bin/conctidy -j1 --quiet,
reports the median of several runs, runs clang-tidy once more with
--enable-check-profile for the time of each check, counts the findings per
check and the crashes, and times the CLI with -j1 and -j2 over a whole
database.  Prints a Markdown table per project, writes it with a JSON of the
raw figures to <cache>/results/<mode>/, and a PNG chart (analysis time vs
parse time per unit) next to it (and into docs/performance/ with --docs).

Standard library only, plus matplotlib for the chart (installed with apt
when missing).
"""

import argparse
import datetime
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLANGXX = "clang++-22"
CLANG_TIDY = "clang-tidy-22"
CXX_EXT = (".cpp", ".cc", ".cxx", ".c++", ".C")
CONFIG = "{Checks: '-*,conc-*', HeaderFilterRegex: '.*'}"
SRC_LIST = "/etc/apt/sources.list.d/conctidy-bench-deb-src.sources"
SRC_TEXT = """Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
"""

# The corpus: Debian 12 (bookworm) source packages, pinned.
PROJECTS = {
    "cpp-httplib": {
        "package": "cpp-httplib", "version": "0.11.4+ds-1+deb12u1",
        "dir": "cpp-httplib-0.11.4+ds", "db": "ccdb",
        "what": "HTTP server/client, thread pool (header-only; Meson library + gtest suite + examples)",
    },
    "spdlog": {
        "package": "spdlog", "version": "1:1.10.0+ds-0.4",
        "dir": "spdlog-1.10.0+ds", "db": "build",
        "what": "logging library, async logger and thread pool (CMake: lib, tests, examples, bench)",
    },
    "libtorrent-rasterbar": {
        "package": "libtorrent-rasterbar", "version": "2.0.8-1",
        "dir": "libtorrent-rasterbar-2.0.8", "db": "build",
        "what": "BitTorrent library, Boost.Asio, disk thread pool (CMake: lib, tests, examples)",
    },
}
SMALL_UNITS = ["example/hello.cc", "example/simplesvr.cc", "example/benchmark.cc",
               "example/client.cc"]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def sh(cmd, cwd=None, env=None, check=True, quiet=False):
    log("+", cmd if isinstance(cmd, str) else " ".join(shlex.quote(c) for c in cmd))
    out = subprocess.DEVNULL if quiet else None
    r = subprocess.run(cmd, cwd=cwd, env=env, shell=isinstance(cmd, str),
                       stdout=out, stderr=out)
    if check and r.returncode != 0:
        sys.exit("command failed (%d): %s" % (r.returncode, cmd))
    return r.returncode


# ---------------------------------------------------------------- setup ----

def ensure_matplotlib():
    try:
        import matplotlib  # noqa: F401
        return True
    except ImportError:
        pass
    if not os.path.exists("/usr/lib/python3/dist-packages/matplotlib"):
        sh(["apt-get", "install", "-y", "python3-matplotlib"], check=False)
    if sys.executable != "/usr/bin/python3" and os.path.exists("/usr/bin/python3") \
            and not os.environ.get("CONCTIDY_BENCH_REEXEC"):
        # python3 on PATH may be a pyenv build that does not see Debian's
        # dist-packages; rerun under Debian's interpreter.
        os.environ["CONCTIDY_BENCH_REEXEC"] = "1"
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    try:
        import matplotlib  # noqa: F401,F811
        return True
    except ImportError:
        log("warning: matplotlib unavailable, no chart")
        return False


def deb_src_enabled():
    paths = ["/etc/apt/sources.list"]
    d = "/etc/apt/sources.list.d"
    if os.path.isdir(d):
        paths += [os.path.join(d, f) for f in os.listdir(d)]
    for p in paths:
        try:
            text = open(p, errors="replace").read()
        except OSError:
            continue
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("deb-src ") and "bookworm" in line:
                return True
            if line.startswith("Types:") and "deb-src" in line and "bookworm" in text:
                return True
    return False


def setup_apt():
    if not deb_src_enabled():
        log("enabling deb-src in", SRC_LIST)
        with open(SRC_LIST, "w") as f:
            f.write(SRC_TEXT)
        sh(["apt-get", "update"])


def fetch_source(cache, p):
    src = os.path.join(cache, "src")
    os.makedirs(src, exist_ok=True)
    top = os.path.join(src, p["dir"])
    if os.path.isdir(top) and os.path.exists(os.path.join(top, ".conctidy-fetched")):
        return top
    setup_apt()
    spec = "%s=%s" % (p["package"], p["version"])
    sh(["apt-get", "build-dep", "-y", spec])
    if os.path.isdir(top):
        shutil.rmtree(top)
    sh(["apt-get", "source", spec], cwd=src)  # unpacks and applies the patches
    open(os.path.join(top, ".conctidy-fetched"), "w").close()
    return top


def configure_httplib(top):
    build = os.path.join(top, "build")
    if not os.path.exists(os.path.join(build, "compile_commands.json")):
        sh(["meson", "setup", "build", "-Dcpp-httplib_test=true",
            "-Dcpp-httplib_compile=true"], cwd=top)
    # the library's httplib.cc is generated by split.py; make it exist
    sh(["ninja", "-C", "build", "httplib.cc"], cwd=top)
    entries = json.load(open(os.path.join(build, "compile_commands.json")))
    # example/Makefile builds each example in one compile+link line: take the
    # lines of `make -n` and turn them into compile commands.
    ex = os.path.join(top, "example")
    out = subprocess.run(["make", "-n", "-B", "OPENSSL_DIR=/usr", "BROTLI_DIR=/usr", "all"], cwd=ex,
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        args = shlex.split(line)
        if not args or not re.search(r"(g\+\+|c\+\+|clang\+\+)", args[0]):
            continue
        srcs = [a for a in args if a.endswith(".cc")]
        if len(srcs) != 1:
            continue
        cmd, skip = ["/usr/bin/g++", "-c"], False
        for i, a in enumerate(args[1:], 1):
            if skip:
                skip = False
                continue
            if a == "-o":
                skip = True
                continue
            if a.startswith(("-L", "-l")):
                continue
            cmd.append(a)
        entries.append({"directory": ex, "arguments": cmd,
                        "file": os.path.join(ex, srcs[0])})
    db = os.path.join(top, "ccdb")
    os.makedirs(db, exist_ok=True)
    json.dump(entries, open(os.path.join(db, "compile_commands.json"), "w"), indent=1)
    return db


def configure_cmake(top, flags):
    build = os.path.join(top, "build")
    if not os.path.exists(os.path.join(build, "compile_commands.json")):
        sh(["cmake", "-S", ".", "-B", "build", "-G", "Ninja",
            "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"] + flags, cwd=top)
    return build


def prepare(name, cache, reuse):
    """Returns (directory of compile_commands.json, extra flags for every unit)."""
    p = PROJECTS[name]
    if reuse:
        top = os.path.join(reuse, p["dir"])
        db = os.path.join(top, p["db"])
        if os.path.exists(os.path.join(db, "compile_commands.json")):
            extra = []
            if name == "spdlog":
                extra = ["-I" + os.path.join(reuse, "shim")]
            return db, extra
        log("note: %s not configured under %s, setting it up in %s" % (name, reuse, cache))
    top = fetch_source(cache, p)
    extra = []
    if name == "cpp-httplib":
        db = configure_httplib(top)
    elif name == "spdlog":
        db = configure_cmake(top, [
            "-DCMAKE_BUILD_TYPE=Release", "-DSPDLOG_BUILD_SHARED=ON",
            "-DSPDLOG_FMT_EXTERNAL=ON", "-DSPDLOG_BUILD_TESTS=ON",
            "-DSPDLOG_BUILD_TESTS_HO=ON", "-DSPDLOG_BUILD_EXAMPLE=ON",
            "-DSPDLOG_BUILD_EXAMPLE_HO=ON", "-DSPDLOG_BUILD_BENCH=ON"])
        # bench/bench.cpp includes <fmt/locale.h>, which fmt 9 (bookworm)
        # no longer has; its content is in <fmt/format.h>.
        shim = os.path.join(cache, "shim", "fmt")
        os.makedirs(shim, exist_ok=True)
        with open(os.path.join(shim, "locale.h"), "w") as f:
            f.write("#pragma once\n// shim: fmt/locale.h was removed in fmt 9\n"
                    "#include <fmt/format.h>\n")
        extra = ["-I" + os.path.dirname(shim)]
    else:
        db = configure_cmake(top, ["-DCMAKE_BUILD_TYPE=RelWithDebInfo",
                                   "-Dbuild_tests=ON", "-Dbuild_examples=ON"])
    return db, extra


# ----------------------------------------------------------- the units ----

def entry_args(e):
    return list(e["arguments"]) if "arguments" in e else shlex.split(e["command"])


def entry_file(e):
    f = e["file"]
    return f if os.path.isabs(f) else os.path.normpath(os.path.join(e["directory"], f))


def load_units(db, extra, workdir):
    """One unit per compile command of a C++ file; each gets its own
    one-entry database (a file compiled twice is two units)."""
    units = []
    for i, e in enumerate(json.load(open(os.path.join(db, "compile_commands.json")))):
        f = entry_file(e)
        if not f.endswith(CXX_EXT):
            continue
        args = entry_args(e)
        # extra flags go before the source file so they apply like -I
        args = args[:1] + extra + args[1:]
        udir = os.path.join(workdir, "units", "%04d" % i)
        os.makedirs(udir, exist_ok=True)
        ne = {"directory": e["directory"], "arguments": args, "file": f}
        json.dump([ne], open(os.path.join(udir, "compile_commands.json"), "w"))
        try:
            lines = sum(1 for _ in open(f, "rb"))
        except OSError:
            lines = 0
        units.append({"index": i, "file": f, "directory": e["directory"],
                      "args": args, "db": udir, "lines": lines})
    return units


def syntax_only_args(args, f):
    """The unit's own compile command as a -fsyntax-only clang++-22 run."""
    out, skip = [CLANGXX], False
    drop_with_arg = {"-o", "-MF", "-MQ", "-MT"}
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a in drop_with_arg:
            skip = True
            continue
        if a in ("-c", "-MD", "-MMD", "-M", "-MM"):
            continue
        if a.startswith(("-MF", "-MQ", "-MT")) or a.startswith("-o") and len(a) > 2:
            continue  # joined forms: -MFdeps.d, -ofile.o
        if a.startswith("-fdiagnostics-color"):
            continue
        out.append(a)
    return out + ["-fsyntax-only"]


# --------------------------------------------------------- measurement ----

def measure(cmd, cwd, outfile=None, timeout=1800):
    """Runs cmd alone; returns wall s, cpu s (user+sys), peak RSS MiB, exit
    status (negative: signal), stdout+stderr text."""
    with open(outfile or os.devnull, "w") as out:
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        deadline = t0 + timeout
        while True:
            pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
            time.sleep(0.01)
        wall = time.monotonic() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = open(outfile, errors="replace").read() if outfile else ""
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime,
            "rss": ru.ru_maxrss / 1024.0, "code": proc.returncode, "text": text}


FINDING = re.compile(r"^(\S.*?):(\d+):(\d+): warning: .*\[(conc-[a-z-]+)\]$")
CRASH = re.compile(r"Stack dump|PLEASE submit a bug report|Segmentation fault|Assertion .* failed")


def findings(text, directory):
    res = set()
    for line in text.splitlines():
        m = FINDING.match(line.rstrip())
        if m:
            p = m.group(1)
            if not os.path.isabs(p):
                p = os.path.normpath(os.path.join(directory, p))
            res.add((m.group(4), p, int(m.group(2)), int(m.group(3))))
    return res


PROFILE = re.compile(r"^\s*([\d.]+)\s+\([\s\d.]+%\)\s+([\d.]+)\s+\([\s\d.]+%\)\s+([\d.]+)\s+\([\s\d.]+%\)\s+([\d.]+)\s+\([\s\d.]+%\)\s+(conc-\S+)\s*$")


def parse_profile(text):
    """clang-tidy --enable-check-profile: {check: (user+sys s, wall s)}."""
    res = {}
    for line in text.splitlines():
        m = PROFILE.match(line)
        if m:
            res[m.group(5)] = (float(m.group(3)), float(m.group(4)))
    return res


def crashed(r):
    return r["code"] < 0 or r["code"] >= 128 or bool(CRASH.search(r["text"]))


def med(rs, key):
    return statistics.median(r[key] for r in rs)


def run_unit(u, build, runs, tmp):
    plugin = os.path.join(build, "lib", "libConcTidy.so")
    cli = os.path.join(build, "bin", "conctidy")
    cmds = {
        "floor": syntax_only_args(u["args"], u["file"]),
        "tidy": [CLANG_TIDY, "-load", plugin, "--config=" + CONFIG,
                 "-checks=-*,conc-*", "-p", u["db"], u["file"]],
        "cli": [cli, "-p", u["db"], "--config=" + CONFIG, "-j1", "--quiet", u["file"]],
    }
    res = {"file": u["file"], "lines": u["lines"], "index": u["index"]}
    crash, fail = [], []
    for tool, cmd in cmds.items():
        rs = []
        for k in range(runs):
            r = measure(cmd, u["directory"], os.path.join(tmp, "%s.out" % tool))
            rs.append(r)
            if crashed(r):
                crash.append(tool)
            elif tool == "floor" and r["code"] != 0 or tool == "tidy" and r["code"] != 0 \
                    or tool == "cli" and r["code"] not in (0, 1):
                fail.append("%s exit %d" % (tool, r["code"]))
        res[tool] = {"wall": med(rs, "wall"), "cpu": med(rs, "cpu"), "rss": med(rs, "rss"),
                     "code": rs[-1]["code"]}
        if tool == "tidy":
            res["findings"] = sorted(findings(rs[-1]["text"], u["directory"]))
        if tool == "cli":
            res["cli_findings"] = sorted(findings(rs[-1]["text"], u["directory"]))
        if tool in ("floor", "tidy") and rs[-1]["code"] != 0:
            res[tool + "_tail"] = rs[-1]["text"][-2000:]
    # clang-tidy itself, plugin loaded, one trivial non-conc check: separates
    # the framework's cost from the conc-* checks' (one run)
    base = [CLANG_TIDY, "-load", plugin, "--config={Checks: '-*,misc-unused-alias-decls'}",
            "-p", u["db"], u["file"]]
    r = measure(base, u["directory"], os.path.join(tmp, "base.out"))
    res["tidy_base"] = {"wall": r["wall"], "cpu": r["cpu"], "rss": r["rss"], "code": r["code"]}
    r = measure(cmds["tidy"][:1] + ["--enable-check-profile"] + cmds["tidy"][1:],
                u["directory"], os.path.join(tmp, "profile.out"))
    if crashed(r):
        crash.append("profile")
    res["profile"] = parse_profile(r["text"])
    res["crash"] = sorted(set(crash))
    res["fail"] = sorted(set(fail))
    return res


def list_checks(build):
    r = subprocess.run([CLANG_TIDY, "-load", os.path.join(build, "lib", "libConcTidy.so"),
                        "-checks=-*,conc-*", "--list-checks"], capture_output=True, text=True)
    return [l.strip() for l in r.stdout.splitlines() if l.strip().startswith("conc-")]


def run_per_check(u, build, checks, tmp):
    """clang-tidy with each conc-* check alone (one run): time and RSS."""
    plugin = os.path.join(build, "lib", "libConcTidy.so")
    out = {}
    for c in checks:
        r = measure([CLANG_TIDY, "-load", plugin,
                     "--config={Checks: '-*,%s', HeaderFilterRegex: '.*'}" % c,
                     "-p", u["db"], u["file"]], u["directory"], os.path.join(tmp, "one.out"))
        out[c] = {"wall": r["wall"], "cpu": r["cpu"], "rss": r["rss"]}
    return out


def run_jobs(db_dir, build, runs):
    """Wall time of the CLI over a whole database with -j1 and -j2."""
    cli = os.path.join(build, "bin", "conctidy")
    out = {}
    for j in (1, 2):
        rs = [measure([cli, "-p", db_dir, "--config=" + CONFIG, "-j%d" % j, "--quiet"],
                      db_dir, os.devnull) for _ in range(runs)]
        out["j%d" % j] = {"wall": med(rs, "wall"), "cpu": med(rs, "cpu"),
                          "code": rs[-1]["code"]}
    out["speedup"] = out["j1"]["wall"] / out["j2"]["wall"] if out["j2"]["wall"] else 0
    return out


# ------------------------------------------------------------- reports ----

def summarize(name, units, jobs):
    n = len(units)
    s = lambda t, k: sum(u[t][k] for u in units)  # noqa: E731
    checks = sorted({c for u in units for c in u["profile"]} |
                    {f[0] for u in units for f in u["findings"]})
    allf = {}
    for u in units:
        for f in u["findings"]:
            allf.setdefault(f[0], set()).add(tuple(f))
    ratios = [u["tidy"]["wall"] / u["floor"]["wall"] for u in units if u["floor"]["wall"]]
    cli_ratios = [u["cli"]["wall"] / u["floor"]["wall"] for u in units if u["floor"]["wall"]]
    rss = [u["tidy"]["rss"] / u["floor"]["rss"] for u in units if u["floor"]["rss"]]
    cli_rss = [u["cli"]["rss"] / u["floor"]["rss"] for u in units if u["floor"]["rss"]]
    base_rss = [u["tidy_base"]["rss"] / u["floor"]["rss"] for u in units if u["floor"]["rss"]]
    prof = {c: sum(u["profile"].get(c, (0, 0))[1] for u in units) for c in checks}
    per_check = {}
    for c in sorted({c for u in units for c in u.get("per_check", {})}):
        rr = [u["per_check"][c]["rss"] / u["floor"]["rss"] for u in units
              if c in u.get("per_check", {}) and u["floor"]["rss"]]
        tt = sum(u["per_check"][c]["wall"] for u in units if c in u.get("per_check", {}))
        per_check[c] = {"ratio": tt / s("floor", "wall"), "rss_ratio_max": max(rr)}
    return {
        "per_check_alone": per_check,
        "project": name, "units": n, "lines": sum(u["lines"] for u in units),
        "floor_wall": s("floor", "wall"), "floor_cpu": s("floor", "cpu"),
        "tidy_wall": s("tidy", "wall"), "tidy_cpu": s("tidy", "cpu"),
        "cli_wall": s("cli", "wall"), "cli_cpu": s("cli", "cpu"),
        "ratio": s("tidy", "wall") / s("floor", "wall"),
        "ratio_cpu": s("tidy", "cpu") / s("floor", "cpu"),
        "cli_ratio": s("cli", "wall") / s("floor", "wall"),
        "max_unit_ratio": max(ratios) if ratios else 0,
        "max_unit_cli_ratio": max(cli_ratios) if cli_ratios else 0,
        "units_over_2x": sum(1 for r in ratios if r > 2),
        "rss_ratio_max": max(rss) if rss else 0,
        "rss_ratio_median": statistics.median(rss) if rss else 0,
        "cli_rss_ratio_max": max(cli_rss) if cli_rss else 0,
        "base_wall": s("tidy_base", "wall"),
        "base_ratio": s("tidy_base", "wall") / s("floor", "wall"),
        "base_rss_ratio_max": max(base_rss) if base_rss else 0,
        "findings": {c: len(allf.get(c, ())) for c in checks},
        "profile_wall": prof,
        "crashes": sum(1 for u in units if u["crash"]),
        "failed_units": sum(1 for u in units if u["fail"]),
        "jobs": jobs,
    }


def markdown(summaries, meta):
    L = []
    L.append("Measured %s on %s (%d CPUs, load average at start %s), %d run(s) per "
             "tool and unit, median; mode `%s`." % (
                 meta["date"], meta["host"], meta["cpus"], meta["load"], meta["runs"],
                 meta["mode"]))
    L.append("")
    L.append("| project | units | lines | floor s | plugin s | CLI s | ratio (wall) | ratio (CPU) "
             "| CLI ratio | worst unit | peak RSS ratio (worst unit) | findings per check "
             "| crashes | failed units |")
    L.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|")
    for s in summaries:
        fnd = ", ".join("%s: %d" % (c, n) for c, n in s["findings"].items()) or "none"
        L.append("| %s | %d | %d | %.1f | %.1f | %.1f | %.2fx | %.2fx | %.2fx | %.2fx | %.2fx | %s | %d | %d |" % (
            s["project"], s["units"], s["lines"], s["floor_wall"], s["tidy_wall"],
            s["cli_wall"], s["ratio"], s["ratio_cpu"], s["cli_ratio"],
            s["max_unit_ratio"], s["rss_ratio_max"], fnd, s["crashes"], s["failed_units"]))
    L.append("")
    L.append("Time per check (clang-tidy `--enable-check-profile`, wall s summed over the units) "
             "and CLI over the whole database of measured units:")
    L.append("")
    L.append("| project | per check | clang-tidy, no conc check: time ratio, worst RSS ratio "
             "| CLI -j1 s | CLI -j2 s | speedup |")
    L.append("|---|---|--:|--:|--:|--:|")
    for s in summaries:
        pr = ", ".join("%s: %.2f" % (c, t) for c, t in s["profile_wall"].items())
        j = s["jobs"]
        b = "%.2fx, %.2fx" % (s["base_ratio"], s["base_rss_ratio_max"])
        if j:
            L.append("| %s | %s | %s | %.1f | %.1f | %.2fx |" % (
                s["project"], pr, b, j["j1"]["wall"], j["j2"]["wall"], j["speedup"]))
        else:
            L.append("| %s | %s | %s | - | - | - |" % (s["project"], pr, b))
    if any(s["per_check_alone"] for s in summaries):
        L.append("")
        L.append("Each check alone (clang-tidy with only that check, 1 run): time ratio "
                 "to the floor, worst per-unit peak RSS ratio:")
        L.append("")
        L.append("| project | check | time ratio | peak RSS ratio |")
        L.append("|---|---|--:|--:|")
        for s in summaries:
            for c, v in s["per_check_alone"].items():
                L.append("| %s | %s | %.2fx | %.2fx |" % (s["project"], c, v["ratio"],
                                                         v["rss_ratio_max"]))
    return "\n".join(L) + "\n"


def chart(all_units, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(7, 5.5), dpi=100)
    lo, hi = 1e9, 0
    for name, units in all_units.items():
        xs = [u["floor"]["wall"] for u in units]
        ys = [u["tidy"]["wall"] for u in units]
        if not xs:
            continue
        lo, hi = min(lo, min(xs), min(ys)), max(hi, max(xs), max(ys))
        ax.scatter(xs, ys, s=14, alpha=0.7, label="%s (%d units)" % (name, len(xs)))
    lo, hi = lo / 1.5, hi * 1.5
    for k, st in ((1, "-"), (1.25, "--"), (2, ":")):
        ax.plot([lo, hi], [lo * k, hi * k], st, color="grey", lw=1)
        ax.text(hi / 1.6, hi / 1.6 * k, "%gx" % k, color="grey", fontsize=8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi * 2)
    ax.set_xlabel("parse floor: clang++-22 -fsyntax-only, wall s (median)")
    ax.set_ylabel("clang-tidy-22 + all conc-* checks, wall s (median)")
    ax.set_title("conctidy analysis time vs parse time, per translation unit")
    ax.legend(fontsize=8, loc="upper left")
    ax.grid(True, which="both", alpha=0.2)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


# ---------------------------------------------------------------- main ----

def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--small", action="store_true",
                   help="cpp-httplib, %d units, 1 run (default)" % len(SMALL_UNITS))
    g.add_argument("--full", action="store_true", help="all projects, all units, 3 runs")
    ap.add_argument("--projects", help="comma-separated subset of: " + ", ".join(PROJECTS))
    ap.add_argument("--runs", type=int, help="runs per tool and unit (small: 1, full: 3)")
    ap.add_argument("--max-units", type=int, default=0,
                    help="measure at most this many units per project (spread evenly)")
    ap.add_argument("--runs-for", action="append", default=[], metavar="PROJECT=N",
                    help="override --runs for one project")
    ap.add_argument("--max-units-for", action="append", default=[], metavar="PROJECT=N",
                    help="override --max-units for one project")
    ap.add_argument("--no-jobs", action="store_true", help="skip the -j1/-j2 comparison")
    ap.add_argument("--build", default=os.path.join(REPO, "build"),
                    help="conctidy build directory (default: build/)")
    ap.add_argument("--cache", default=os.environ.get("CONCTIDY_BENCH_CACHE",
                                                      "/var/cache/conctidy-bench"))
    ap.add_argument("--reuse", help="use projects already configured under this directory "
                    "(same layout as the cache's src/, e.g. /tmp/conc-eval)")
    ap.add_argument("--docs", action="store_true",
                    help="also write the table and chart into docs/performance/")
    ap.add_argument("--per-check", action="store_true",
                    help="also run clang-tidy with each conc-* check alone (time, RSS)")
    ap.add_argument("--setup-only", action="store_true",
                    help="fetch, configure and write the databases, measure nothing")
    a = ap.parse_args()
    full = a.full
    mode = "full" if full else "small"
    names = a.projects.split(",") if a.projects else (list(PROJECTS) if full else ["cpp-httplib"])
    runs = a.runs or (3 if full else 1)
    per_runs = dict((k, int(v)) for k, v in (x.split("=") for x in a.runs_for))
    per_max = dict((k, int(v)) for k, v in (x.split("=") for x in a.max_units_for))
    have_mpl = ensure_matplotlib()
    for tool in (CLANGXX, CLANG_TIDY):
        if not shutil.which(tool):
            sys.exit("%s not found (utils/bootstrap.sh installs it)" % tool)
    for f in ("lib/libConcTidy.so", "bin/conctidy"):
        for _ in range(10):
            if os.path.exists(os.path.join(a.build, f)):
                break
            log("waiting for %s/%s (being rebuilt?)" % (a.build, f))
            time.sleep(60)
        else:
            sys.exit("missing %s/%s" % (a.build, f))

    checks = list_checks(a.build) if a.per_check else []
    outdir = os.path.join(a.cache, "results", mode)
    os.makedirs(outdir, exist_ok=True)
    meta = {"date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "host": os.uname().nodename, "cpus": os.cpu_count(),
            "load": "%.2f" % os.getloadavg()[0], "runs": runs, "mode": mode,
            "commit": subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"],
                                     capture_output=True, text=True).stdout.strip(),
            "runs_per_project": {}, "units_per_project": {}}
    summaries, all_units = [], {}
    for name in names:
        if name not in PROJECTS:
            sys.exit("unknown project %s" % name)
        db, extra = prepare(name, a.cache, a.reuse)
        if a.setup_only:
            log("%s: %s/compile_commands.json (extra flags: %s)" % (name, db, extra))
            continue
        work = os.path.join(outdir, name)
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        units = load_units(db, extra, work)
        total = len(units)
        if not full and name == "cpp-httplib" and not a.max_units:
            units = [u for u in units if any(u["file"].endswith(s) for s in SMALL_UNITS)]
        mx = per_max.get(name, a.max_units)
        if mx and len(units) > mx:
            step = len(units) / mx
            units = [units[int(i * step)] for i in range(mx)]
        r = per_runs.get(name, runs)
        meta["runs_per_project"][name] = r
        meta["units_per_project"][name] = "%d of %d" % (len(units), total)
        log("== %s: %d of %d units, %d run(s) each" % (name, len(units), total, r))
        results = []
        for k, u in enumerate(units, 1):
            res = run_unit(u, a.build, r, work)
            if a.per_check:
                res["per_check"] = run_per_check(u, a.build, checks, work)
            results.append(res)
            log("[%d/%d] %s floor %.2fs tidy %.2fs (%.2fx) cli %.2fs rss %.0f/%.0f MiB %s%s" % (
                k, len(units), os.path.relpath(u["file"], os.path.dirname(db)),
                res["floor"]["wall"], res["tidy"]["wall"],
                res["tidy"]["wall"] / max(res["floor"]["wall"], 1e-9), res["cli"]["wall"],
                res["tidy"]["rss"], res["floor"]["rss"],
                " CRASH " + ",".join(res["crash"]) if res["crash"] else "",
                " FAIL " + ",".join(res["fail"]) if res["fail"] else ""))
        jobs = None
        if not a.no_jobs and len(units) > 1:
            # the measured units, as one database
            jdb = os.path.join(work, "jobs-db")
            os.makedirs(jdb, exist_ok=True)
            json.dump([{"directory": u["directory"], "arguments": u["args"], "file": u["file"]}
                       for u in units], open(os.path.join(jdb, "compile_commands.json"), "w"))
            jobs = run_jobs(jdb, a.build, 1)
            log("CLI over %d units: -j1 %.1fs -j2 %.1fs speedup %.2fx" % (
                len(units), jobs["j1"]["wall"], jobs["j2"]["wall"], jobs["speedup"]))
        all_units[name] = results
        summaries.append(summarize(name, results, jobs))
        json.dump({"meta": meta, "units": results}, open(os.path.join(work, "units.json"), "w"),
                  indent=1)
    if a.setup_only:
        return 0
    meta["units_desc"] = ", ".join("%s %s (%d runs)" % (n, meta["units_per_project"][n],
                                                         meta["runs_per_project"][n])
                                   for n in names)
    md = markdown(summaries, meta)
    md += "\nUnits measured: %s. conctidy commit %s.\n" % (meta["units_desc"], meta["commit"])
    print(md)
    open(os.path.join(outdir, "table.md"), "w").write(md)
    json.dump({"meta": meta, "summaries": summaries}, open(os.path.join(outdir, "summary.json"), "w"),
              indent=1)
    png = os.path.join(outdir, "chart.png")
    if have_mpl:
        chart(all_units, png)
        log("chart:", png)
    if a.docs:
        d = os.path.join(REPO, "docs", "performance")
        os.makedirs(d, exist_ok=True)
        open(os.path.join(d, "%s-table.md" % mode), "w").write(md)
        if have_mpl:
            shutil.copy(png, os.path.join(d, "%s-chart.png" % mode))
    crashes = sum(s["crashes"] for s in summaries)
    return 2 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
