#!/usr/bin/env python3
"""conctidy mutation benchmark (see docs/mutation.md).

  python3 bench/mutation/run.py                       # leveldb + abseil
  python3 bench/mutation/run.py --projects leveldb --max-mutants 40 -j2

Takes Debian 12 source packages whose code annotates members with Clang's
thread-safety attributes (GUARDED_BY), and measures how many removed lock
acquisitions the conctidy checks find when the attributes are gone:

1. fetches the pinned source packages (`apt-get source`, as bench/run.py)
   and writes a compile_commands.json (CMake);
2. strips: copies the tree and compiles every thread-safety annotation away,
   those on the project's own lock classes included (the annotation
   headers' macros are defined empty, and every use of them is removed
   textually; line numbers are kept);
3. mutants: for every lock acquisition in a function body (an RAII guard
   declaration such as `MutexLock l(&mutex_);`, a `mu_.Lock()` with its
   matching `mu_.Unlock()`s, a `pthread_mutex_lock` pair) one mutant with it
   removed; a mutant is kept (confirmed) only if the ANNOTATED copy with the
   same removal compiles and gets a new `-Wthread-safety` warning on an
   annotated variable; it is classified by the declared type of the
   variables it exposes (associative container, sequence container,
   scalar/other);
4. kill: clang-tidy-22 with the plugin and only the checks under test on the
   STRIPPED mutant; a mutant is killed when a conc-* finding appears inside
   the mutated function that the stripped unmutated unit does not have;
   the stripped unmutated units are run too and their findings (false
   positive candidates: the target is 0) are listed;
5. writes table.md, survivors, false-positive candidates and results.json
   under <cache>/results/.

Standard library only.  Never builds conctidy: --plugin names the plugin.
"""

import argparse
import concurrent.futures
import datetime
import hashlib
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def _load_bench():
    spec = importlib.util.spec_from_file_location("conctidy_bench_run",
                                                  os.path.join(REPO, "bench", "run.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


bench = _load_bench()
log = bench.log

CLANGXX = "clang++-22"
CLANG_TIDY = "clang-tidy-22"
DEFAULT_CHECKS = "-*,conc-unsynchronized-shared-map,conc-unsynchronized-shared-field"
SRC_EXT = (".cc", ".cpp", ".cxx", ".h", ".hpp", ".hh", ".inc")
MAIN_EXT = (".cc", ".cpp", ".cxx")

# The corpus: Debian 12 (bookworm) source packages, pinned.
PROJECTS = {
    "leveldb": {
        "package": "leveldb", "version": "1.23-4", "dir": "leveldb-1.23",
        "cmake": ["-DCMAKE_BUILD_TYPE=Release", "-DLEVELDB_BUILD_TESTS=ON",
                  "-DLEVELDB_BUILD_BENCHMARKS=ON"],
        "what": "key-value store; own port::Mutex (wraps std::mutex) and MutexLock guard",
        # units run unmutated (false-positive count): all but the unit
        # tests (the units of the mutants are always run)
        "fp_units": r"^(?!.*_test\.cc$)",
    },
    "abseil": {
        "package": "abseil", "version": "20220623.1-1+deb12u2", "dir": "abseil-20220623.1",
        "cmake": ["-DCMAKE_BUILD_TYPE=Release", "-DCMAKE_CXX_STANDARD=17",
                  "-DABSL_PROPAGATE_CXX_STD=ON", "-DABSL_BUILD_TESTING=OFF"],
        "what": "absl::Mutex/MutexLock, base_internal::SpinLock/SpinLockHolder, globals "
                "guarded by static mutexes",
        # the libraries that hold annotated variables
        "fp_units": r"^absl/(synchronization|flags|base|time|random|strings/internal/cordz|"
                    r"profiling)/",
    },
}
SKIP_DIRS = ("build", "debian", "third_party", ".pc", ".git")

ASSOC = r"(?:std::)?(?:multi)?(?:map|set)|(?:std::)?unordered_(?:multi)?(?:map|set)|" \
        r"(?:absl::)?(?:flat|node)_hash_(?:map|set)|(?:absl::)?btree_(?:multi)?(?:map|set)"
SEQ = r"(?:std::)?(?:vector|deque|list|forward_list|queue|stack|priority_queue)|" \
      r"(?:absl::)?(?:InlinedVector|FixedArray)"
ASSOC_RE = re.compile(r"^(?:const\s+)?(?:%s)\s*<.*>$" % ASSOC, re.S)
SEQ_RE = re.compile(r"^(?:const\s+)?(?:%s)\s*<.*>$" % SEQ, re.S)


# ------------------------------------------------------------ source text ----

def mask(text):
    """text with comments, string and character literals blanked (newlines
    kept), so that offsets and line numbers stay the same."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "/" and i + 1 < n and text[i + 1] == "/":
            j = text.find("\n", i)
            j = n if j < 0 else j
            for k in range(i, j):
                out[k] = " "
            i = j
        elif c == "/" and i + 1 < n and text[i + 1] == "*":
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            for k in range(i, j):
                if text[k] != "\n":
                    out[k] = " "
            i = j
        elif c == '"' and re.match(r'R"([^()\\ ]{0,16})\(', text[i - 1:i + 20] if i else ""):
            m = re.match(r'"([^()\\ ]{0,16})\(', text[i:])
            end = text.find(")" + m.group(1) + '"', i)
            j = n if end < 0 else end + len(m.group(1)) + 2
            for k in range(i + 1, j - 1):
                if text[k] != "\n":
                    out[k] = " "
            i = j
        elif c in "\"'":
            if c == "'" and i > 0 and i + 1 < n and text[i + 1].isalnum() and \
                    re.search(r"(?<![\w.])\d[\w']*$", text[max(0, i - 40):i]):
                i += 1  # digit separator 1'000, 0xff'ff
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            for k in range(i + 1, min(j, n)):
                out[k] = " "
            i = j + 1
        else:
            i += 1
    return "".join(out)


def line_starts(text):
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    return starts


def line_of(starts, off):
    lo, hi = 0, len(starts)
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= off:
            lo = mid
        else:
            hi = mid
    return lo + 1


TYPE_BLOCK = re.compile(r"\b(namespace|class|struct|union|enum|extern)\b")
QUALIFIER = re.compile(r"(?:\b(?:const|override|final|noexcept|mutable|volatile|"
                       r"[A-Z][A-Z0-9_]+)|&&?)$")
TRAILING_RETURN = re.compile(r"\)[^;{}()]*->[^;{}()]*$")


def is_function_head(head):
    """Whether the text before a '{' at namespace or class scope ends like a
    function declarator: ')' after the qualifiers and annotation macros,
    or a trailing return type."""
    h = head[-400:].rstrip()
    for _ in range(20):
        if h.endswith(")"):
            return True
        mm = QUALIFIER.search(h[-40:])
        if not mm:
            break
        h = h[:len(h) - len(mm.group(0))].rstrip()
    return bool(TRAILING_RETURN.search(head[-200:]))


def blocks(m):
    """[(offset of '{', offset of '}', kind, header text)] of every brace
    block; kind: 'func' for a function body (outermost; in-class ones
    included, lambdas inside part of them), 'inner' for blocks inside one,
    'class', 'namespace' (namespaces and linkage blocks), 'init' (the
    rest: initializers, enums)."""
    res, stack = [], []
    last_stop = 0
    for i, c in enumerate(m):
        if c == "{":
            head = m[last_stop:i]
            if any(k in ("func", "inner") for _, k, _ in stack):
                kind = "inner"
            elif is_function_head(head):
                kind = "func"
            else:
                tm = list(TYPE_BLOCK.finditer(head))
                kw = tm[-1].group(1) if tm else ""
                kind = {"class": "class", "struct": "class", "union": "class",
                        "namespace": "namespace", "extern": "namespace"}.get(kw, "init")
            stack.append((i, kind, head))
            last_stop = i + 1
        elif c == "}":
            if stack:
                s, kind, head = stack.pop()
                res.append((s, i, kind, head))
            last_stop = i + 1
        elif c == ";":
            last_stop = i + 1
    return res


def function_bodies(m):
    return [(s, e, h) for s, e, k, h in blocks(m) if k == "func"]


def scope_at(bl, off):
    """'member' inside a class, 'local' inside a function, else 'global'."""
    best = None
    for s, e, k, _ in bl:
        if s < off < e and (best is None or s > best[0]):
            best = (s, k)
    if best is None or best[1] == "namespace":
        return "global"
    return "member" if best[1] == "class" else "local" if best[1] in ("func", "inner") \
        else "global"


def func_name(head):
    h = re.sub(r"\s+", " ", head).strip()
    if re.search(r"\[[^\[\]]*\]\s*(\([^()]*\))?\s*(mutable\s*)?$", h):
        return "lambda"
    h = re.sub(r"^.*\b(public|private|protected)\s*:", "", h)
    depth, cut = 0, None
    for i, c in enumerate(h):
        if c == "(":
            if depth == 0 and cut is None:
                cut = i
            depth += 1
        elif c == ")":
            depth -= 1
    name = h[:cut] if cut is not None else h
    mm = re.search(r"((?:[~\w]+::)*~?[\w]+(?:<[^()]*>)?(?:\s*operator\s*\S+)?)\s*$", name)
    return mm.group(1) if mm else name[-40:]


# ---------------------------------------------------------------- strip ----

DEFINE = re.compile(r"^[ \t]*#[ \t]*define[ \t]+(\w+)(\([^)]*\))?(.*)$")


def logical_defines(text):
    """[(name, params or None, body, first line index, last line index)]."""
    lines = text.split("\n")
    res, i = [], 0
    while i < len(lines):
        j = i
        while lines[j].endswith("\\") and j + 1 < len(lines):
            j += 1
        m = DEFINE.match(lines[i])
        if m:
            body = " ".join(l.rstrip("\\") for l in [m.group(3)] + lines[i + 1:j + 1])
            body = re.sub(r"//.*$", "", body).strip()
            res.append((m.group(1), m.group(2), body, i, j))
        i = j + 1
    return res


def annotation_macros(headers_text):
    """Macro names of the annotation headers that expand to an attribute
    (directly, or through another such macro)."""
    defs = [d for t in headers_text for d in logical_defines(t)]
    names = {d[0] for d in defs if "__attribute__" in d[2] or
             "THREAD_ANNOTATION_ATTRIBUTE__" in d[2]}
    changed = True
    while changed:
        changed = False
        for d in defs:
            if d[0] in names or not d[2]:
                continue
            toks = re.findall(r"[A-Za-z_]\w*", d[2])
            if toks and toks[0] in names and not re.search(r"[;{}]", d[2]):
                names.add(d[0])
                changed = True
    func_like = {d[0] for d in defs if d[0] in names and d[1] is not None}
    return names, func_like


def neuter_header(text, names):
    """The annotation header with every annotation macro defined empty."""
    lines = text.split("\n")
    for name, params, body, i, j in logical_defines(text):
        if name in names:
            lines[i] = "#define %s%s" % (name, params or "")
            for k in range(i + 1, j + 1):
                lines[k] = ""
    return "\n".join(lines)


def balanced_end(text, i):
    """text[i] == '(' : offset after its matching ')', or -1."""
    depth = 0
    for k in range(i, len(text)):
        if text[k] == "(":
            depth += 1
        elif text[k] == ")":
            depth -= 1
            if depth == 0:
                return k + 1
    return -1


def strip_text(text, names, func_like):
    """Removes every use of the annotation macros outside preprocessor lines
    (newlines inside a removed argument list are kept); returns (text, n)."""
    if not names:
        return text, 0
    pat = re.compile(r"\b(%s)\b" % "|".join(sorted(map(re.escape, names), key=len,
                                                      reverse=True)))
    m = mask(text)
    starts = line_starts(text)
    cuts = []
    for mm in pat.finditer(m):
        ls = starts[line_of(starts, mm.start()) - 1]
        if m[ls:mm.start()].lstrip().startswith("#"):
            continue
        end = mm.end()
        if mm.group(1) in func_like:
            k = end
            while k < len(m) and m[k] in " \t\n":
                k += 1
            if k < len(m) and m[k] == "(":
                e = balanced_end(m, k)
                if e > 0:
                    end = e
        cuts.append((mm.start(), end))
    out, pos = [], 0
    for s, e in cuts:
        if s < pos:
            continue
        out.append(text[pos:s])
        out.append("".join("\n" if ch == "\n" else " " for ch in text[s:e]))
        pos = e
    out.append(text[pos:])
    return "".join(out), len(cuts)


RAW_ATTR = re.compile(r"__attribute__\s*\(\(\s*(guarded_by|pt_guarded_by|lockable|capability|"
                      r"scoped_lockable|exclusive_lock_function|acquire_capability|"
                      r"release_capability|unlock_function|requires_capability|"
                      r"exclusive_locks_required)\b")


def source_files(top):
    for d, dirs, files in os.walk(top):
        rel = os.path.relpath(d, top)
        if rel != "." and rel.split(os.sep)[0] in SKIP_DIRS:
            dirs[:] = []
            continue
        for f in files:
            if f.endswith(SRC_EXT):
                yield os.path.relpath(os.path.join(d, f), top)


MEMBER_ANNOTATION = re.compile(r"GUARDED_BY|LOCKS_REQUIRED|LOCKS_EXCLUDED|ACQUIRED_(AFTER|BEFORE)|"
                               r"REQUIRES")


def make_stripped(top, out, mode="all"):
    """Copies top to out and compiles the annotations away (mode 'all'), or
    only those on variables and functions, keeping the lock classes'
    (mode 'members').  Returns a summary (macro names, uses removed, raw
    attributes left)."""
    if os.path.isdir(out):
        shutil.rmtree(out)
    shutil.copytree(top, out, symlinks=True, ignore=shutil.ignore_patterns(".git", ".pc"))
    headers = [r for r in source_files(top) if os.path.basename(r) == "thread_annotations.h"]
    htext = [open(os.path.join(top, h), errors="replace").read() for h in headers]
    names, func_like = annotation_macros(htext)
    if mode == "members":
        names = {n for n in names if MEMBER_ANNOTATION.search(n)}
        func_like &= names
    removed, raw_left = 0, []
    for rel in source_files(top):
        p = os.path.join(out, rel)
        text = open(p, errors="surrogateescape").read()
        if rel in headers:
            new = neuter_header(text, names)
        else:
            new, n = strip_text(text, names, func_like)
            removed += n
        if RAW_ATTR.search(mask(new)):
            raw_left.append(rel)
        if new != text:
            open(p, "w", errors="surrogateescape").write(new)
    return {"headers": headers, "macros": sorted(names), "uses_removed": removed,
            "raw_attributes_left": raw_left}


# ------------------------------------------------------------ database ----

def configure(name, cache):
    p = PROJECTS[name]
    top = bench.fetch_source(cache, p)
    db = os.path.join(top, "build")
    if not os.path.exists(os.path.join(db, "compile_commands.json")):
        bench.sh(["cmake", "-S", ".", "-B", "build", "-G", "Ninja",
                  "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"] + p["cmake"], cwd=top)
    return top, db


def load_entries(db, top):
    """{relative main file: {'directory', 'args'}} (first command of a file)."""
    res = {}
    for e in json.load(open(os.path.join(db, "compile_commands.json"))):
        f = bench.entry_file(e)
        if not f.endswith(MAIN_EXT) or not f.startswith(top + os.sep):
            continue
        rel = os.path.relpath(f, top)
        if rel not in res:
            res[rel] = {"directory": e["directory"], "args": bench.entry_args(e), "file": f}
    return res


def rebase(s, old, new):
    return s.replace(old, new)


# -------------------------------------------------------------- mutants ----

GUARD = re.compile(
    r"(?m)^([ \t]*(?:[\w]+\s*:\s*)?)(?:const\s+)?((?:::)?(?:\w+::)*(\w+)(?:<[^;(){}]*>)?)"
    r"[ \t]+(\w+)[ \t]*[({]([^;{}\n]*?)[)}][ \t]*;")
GUARD_TYPE = re.compile(r"(?i)(lock|guard|holder|locker|lockmaybe)$")
NOT_TYPE = {"return", "else", "delete", "new", "throw", "case", "goto", "using", "typedef"}
ACQ = ("Lock", "lock", "WriterLock", "ReaderLock", "lock_shared", "Acquire", "LockShared",
       "ReadLock", "WriteLock")
REL = ("Unlock", "unlock", "UnLock", "WriterUnlock", "ReaderUnlock", "unlock_shared",
       "Release", "UnlockShared", "ReadUnlock", "WriteUnlock")
CALL = re.compile(r"(?<![\w.>])((?:\w+|\(\s*\*\s*\w+\s*\))(?:\s*(?:\.|->)\s*\w+(?:\(\))?)*)"
                  r"\s*(\.|->)\s*(\w+)\s*\(\s*\)\s*;")
PTHREAD = re.compile(r"\bpthread_(mutex|rwlock|spin)_(lock|rdlock|wrlock|unlock)\s*\(([^;]*)\)"
                     r"\s*;")


def norm(s):
    return re.sub(r"\s+", "", s)


def candidates(rel, text):
    """Lock acquisitions in function bodies: [{'line', 'kind', 'edits':
    [(line, old, new)], 'lock', 'function', 'range': (first, last line)}]."""
    m = mask(text)
    starts = line_starts(text)
    bodies = function_bodies(m)
    res = []

    def body_of(off):
        for s, e, h in bodies:
            if s < off < e:
                return s, e, h
        return None

    def edit(s, e):
        ln = line_of(starts, s)
        old = text[s:e]
        if "\n" in old:
            return None
        return (ln, old, ";".ljust(len(old)))

    for mm in GUARD.finditer(m):
        tname, last, var = mm.group(2), mm.group(3), mm.group(4)
        if not GUARD_TYPE.search(last) or re.search(r"(?i)(block|clock)$", last) or \
                last in NOT_TYPE or var in NOT_TYPE:
            continue
        s = mm.start(2) if not m[mm.start(1):mm.start(2)].strip().startswith("const") else \
            mm.start(1) + len(mm.group(1))
        b = body_of(mm.start(2))
        if not b:
            continue
        ed = edit(s, mm.end())
        if not ed:
            continue
        edits = [ed]
        # the guard's own calls (unlock, relock, release, Leave...) go with it
        for cm in re.finditer(r"(?<![\w.>])%s\s*\.\s*(\w+)\s*\(\s*\)\s*;" % re.escape(var),
                              m[mm.end():b[1]]):
            e2 = edit(mm.end() + cm.start(), mm.end() + cm.end())
            if e2:
                edits.append(e2)
        res.append({"line": ed[0], "kind": "guard", "lock": tname, "arg": mm.group(5).strip(),
                    "edits": edits, "function": func_name(b[2]),
                    "range": (line_of(starts, b[0]), line_of(starts, b[1]))})
    calls = []
    for mm in CALL.finditer(m):
        meth = mm.group(3)
        if meth in ACQ or meth in REL:
            calls.append((mm.start(1), mm.end(), norm(mm.group(1)), meth in ACQ, "call"))
    for mm in PTHREAD.finditer(m):
        calls.append((mm.start(), mm.end(), mm.group(1) + ":" + norm(mm.group(3)),
                      mm.group(2) != "unlock", "pthread"))
    calls.sort()
    for k, (s, e, obj, acq, kind) in enumerate(calls):
        if not acq:
            continue
        b = body_of(s)
        if not b:
            continue
        ed = edit(s, e)
        if not ed:
            continue
        edits = [ed]
        for s2, e2, obj2, acq2, _ in calls[k + 1:]:
            if s2 > b[1] or obj2 != obj:
                continue
            if acq2:
                break
            e3 = edit(s2, e2)
            if e3:
                edits.append(e3)
        res.append({"line": ed[0], "kind": "pair" if kind == "call" else "pthread",
                    "lock": obj, "arg": obj, "edits": edits, "function": func_name(b[2]),
                    "range": (line_of(starts, b[0]), line_of(starts, b[1]))})
    for c in res:
        c["file"] = rel
        c["id"] = "%s:%d:%s" % (rel, c["line"], c["kind"])
    return res


def apply_edits(text, edits):
    lines = text.split("\n")
    for ln, old, new in edits:
        cur = lines[ln - 1]
        if old not in cur:
            return None
        lines[ln - 1] = cur.replace(old, new, 1)
    return "\n".join(lines)


def guarded_decls(top):
    """{variable name: [(relative file, declared type text)]} from the
    GUARDED_BY / PT_GUARDED_BY annotations of the annotated tree."""
    res = {}
    pat = re.compile(r"([^;{}]*?)\b(\w+)\s*(?:\[[^\]]*\])?\s*(?::\s*\d+\s*)?(?<!\w)(?:ABSL_)?(PT_)?"
                     r"GUARDED_BY\s*\(")
    for rel in source_files(top):
        if os.path.basename(rel) == "thread_annotations.h":
            continue
        text = open(os.path.join(top, rel), errors="replace").read()
        if "GUARDED_BY" not in text:
            continue
        m = mask(text)
        m = re.sub(r"(?m)^\s*#.*$", "", m)
        bl = blocks(m)
        for mm in pat.finditer(m):
            ty = re.sub(r"\b(public|private|protected)\s*:", " ", mm.group(1))
            ty = re.sub(r"\b(static|mutable|inline|ABSL_CONST_INIT|constexpr|volatile)\b", " ", ty)
            ty = re.sub(r"\s+", " ", ty).strip()
            scope = scope_at(bl, mm.start(2))
            res.setdefault(mm.group(2), []).append({"file": rel, "type": ty, "scope": scope,
                                                    "pt": bool(mm.group(3))})
    return res


SYNC_TYPE = re.compile(r"(CondVar|condition_variable|Mutex|mutex|atomic|Notification|SpinLock)\b")


def not_racy(ty):
    t = ty.strip()
    return bool(re.search(r"\bconst$", t) or re.match(r"^const\s+[^*&]*$", t) or
                SYNC_TYPE.search(t))


def type_aliases(top):
    """{alias: aliased type text} from the typedefs and using-declarations
    of the project's sources."""
    res = {}
    for rel in source_files(top):
        m = mask(open(os.path.join(top, rel), errors="replace").read())
        for mm in re.finditer(r"\btypedef\s+([^;{}]+?)\s+(\w+)\s*;", m):
            res.setdefault(mm.group(2), re.sub(r"\s+", " ", mm.group(1)).strip())
        for mm in re.finditer(r"\busing\s+(\w+)\s*=\s*([^;{}]+?)\s*;", m):
            res.setdefault(mm.group(1), re.sub(r"\s+", " ", mm.group(2)).strip())
    return res


ALIASES = {}


def classify_type(ty, pt):
    t = re.sub(r"^const\s+", "", ty.strip())
    for _ in range(3):
        mm = re.match(r"^(?:\w+::)*(\w+)(\s*\*)?$", t)
        if not mm or mm.group(1) not in ALIASES:
            break
        t = ALIASES[mm.group(1)] + (mm.group(2) or "")
    if pt and t.endswith("*"):
        t = t[:-1].strip()
    if ASSOC_RE.match(t):
        return "associative"
    if SEQ_RE.match(t):
        return "sequence"
    return "scalar"


# ----------------------------------------------------------- running ----

TSA = re.compile(r"^(\S.*?):(\d+):(\d+): warning: (.*) \[-Wthread-safety[\w-]*\]$")
TSA_VAR = re.compile(r"(?:variable|pointed to by) '([\w:]+)'")
TIDY = re.compile(r"^(\S.*?):(\d+):(\d+): warning: (.*) \[((?:conc|clang-diagnostic)-[\w-]+)\]$")
ERROR = re.compile(r"^(\S.*?):(\d+):(\d+): (?:fatal )?error: (.*)$")


class Ctx:
    pass


def relpath(ctx, p, directory):
    if not os.path.isabs(p):
        p = os.path.normpath(os.path.join(directory, p))
    for root in (ctx.shadow_root, ctx.stripped, ctx.top):
        if p.startswith(root + os.sep):
            r = os.path.relpath(p, root)
            if root == ctx.shadow_root:
                r = r.split(os.sep, 1)[1] if os.sep in r else r
            return r
    return p


def compile_cmd(ctx, rel_main, shadow, annotated):
    """(argv, cwd, main file path) of the unit for rel_main, on the annotated
    or stripped tree, with the mutated file in shadow (a directory holding
    the file at its relative path) when given."""
    e = ctx.entries[rel_main]
    root = ctx.top if annotated else ctx.stripped
    args = [rebase(a, ctx.top, root) for a in e["args"]]
    cwd = rebase(e["directory"], ctx.top, root)
    main = os.path.join(root, rel_main)
    if shadow:
        args = args[:1] + ["-I" + shadow] + args[1:]
        if os.path.exists(os.path.join(shadow, rel_main)):
            newmain = os.path.join(shadow, rel_main)
            args = [newmain if a == main else a for a in args]
            args = args[:1] + ["-iquote", os.path.dirname(main)] + args[1:]
            main = newmain
    return args, cwd, main


def run_tsa(ctx, rel_main, shadow):
    args, cwd, main = compile_cmd(ctx, rel_main, shadow, True)
    argv = bench.syntax_only_args(args, main)
    argv += ["-Wno-everything", "-Wthread-safety", "-fno-color-diagnostics",
             "-fno-caret-diagnostics", "-ferror-limit=5"]
    r = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, errors="replace")
    warns, errors = set(), []
    for line in r.stderr.splitlines():
        mm = TSA.match(line)
        if mm:
            warns.add((relpath(ctx, mm.group(1), cwd), int(mm.group(2)), mm.group(4)))
        me = ERROR.match(line)
        if me:
            errors.append("%s:%s: %s" % (relpath(ctx, me.group(1), cwd), me.group(2),
                                         me.group(4)))
    return {"code": r.returncode, "warnings": warns, "errors": errors}


def run_tidy(ctx, rel_main, shadow, workdir):
    args, cwd, main = compile_cmd(ctx, rel_main, shadow, False)
    os.makedirs(workdir, exist_ok=True)
    json.dump([{"directory": cwd, "arguments": args, "file": main}],
              open(os.path.join(workdir, "compile_commands.json"), "w"))
    checks = ctx.checks + ",clang-diagnostic-thread-safety*"
    config = json.dumps({"Checks": checks, "HeaderFilterRegex": ".*",
                         "CheckOptions": ctx.check_options})
    argv = [CLANG_TIDY, "-load", ctx.plugin, "--config=" + config, "-p", workdir,
            "--extra-arg=-Wthread-safety", main]
    t0 = time.monotonic()
    r = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, errors="replace",
                       timeout=900)
    wall = time.monotonic() - t0
    text = r.stdout + r.stderr
    fnd, leak = set(), []
    for line in text.splitlines():
        mm = TIDY.match(line)
        if not mm:
            continue
        rel = relpath(ctx, mm.group(1), cwd)
        if rel.startswith("/"):
            continue  # outside the project
        if mm.group(5).startswith("clang-diagnostic"):
            leak.append("%s:%s: %s" % (rel, mm.group(2), mm.group(4)))
        else:
            fnd.add((mm.group(5), rel, int(mm.group(2)), int(mm.group(3)), mm.group(4)))
    crashed = r.returncode < 0 or bool(bench.CRASH.search(text))
    errors = [l for l in text.splitlines() if ERROR.match(l)][:5]
    return {"code": r.returncode, "findings": fnd, "tsa_leak": leak, "crash": crashed,
            "errors": errors, "wall": wall}


def unit_for(ctx, rel):
    """The main file of the unit that compiles rel."""
    if rel in ctx.entries:
        return rel
    stem = os.path.splitext(rel)[0]
    for ext in MAIN_EXT:
        if stem + ext in ctx.entries:
            return stem + ext
    for main in sorted(ctx.entries, key=lambda r: ("_test" in r or "test" in r, r)):
        try:
            t = open(os.path.join(ctx.top, main), errors="replace").read()
        except OSError:
            continue
        if '#include "%s"' % rel in t:
            return main
    return None


def access_forms(ctx, warnings, names):
    """How the exposed variables are reached at the warned lines: 'this'
    (x, this->x), 'other' (p->x, o.x through another object), 'static'
    (A::x); read from the annotated source."""
    forms = set()
    cache = {}
    for f, ln, msg in warnings:
        mm = TSA_VAR.search(msg)
        if not mm or mm.group(1).split("::")[-1] not in names:
            continue
        nm = mm.group(1).split("::")[-1]
        if f not in cache:
            try:
                cache[f] = open(os.path.join(ctx.top, f), errors="replace").read().split("\n")
            except OSError:
                cache[f] = []
        line = cache[f][ln - 1] if 0 < ln <= len(cache[f]) else ""
        for am in re.finditer(r"((?:[\w\])]+\s*(?:->|\.)\s*)*)\b%s\b" % re.escape(nm), line):
            pre = re.sub(r"\s+", "", am.group(1))
            if not pre or pre == "this->":
                forms.add("this")
            else:
                forms.add("other")
    return sorted(forms)


def confirm_cache_version():
    v = subprocess.run([CLANGXX, "--version"], capture_output=True, text=True).stdout
    return "1 " + v.split("\n")[0]


def sample(items, n, key):
    if not n or len(items) <= n:
        return items
    return sorted(items, key=lambda c: hashlib.sha1(key(c).encode()).hexdigest())[:n]


def pmap(fn, items, jobs):
    if jobs <= 1:
        return [fn(x) for x in items]
    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        return list(ex.map(fn, items))


def run_project(name, a, outroot):
    ctx = Ctx()
    ctx.name = name
    ctx.plugin = a.plugin
    ctx.checks = a.checks
    ctx.check_options = dict(kv.split("=", 1) for kv in a.check_option)
    ctx.top, db = configure(name, a.cache)
    work = os.path.join(outroot, name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    ctx.stripped = os.path.join(a.cache, "stripped-" + a.strip, PROJECTS[name]["dir"])
    ctx.shadow_root = os.path.join(work, "shadow")
    t0 = time.monotonic()
    strip = make_stripped(ctx.top, ctx.stripped, a.strip)
    ALIASES.clear()
    ALIASES.update(type_aliases(ctx.top))
    log("== %s: stripped %d annotation uses (%d macros from %s)%s" % (
        name, strip["uses_removed"], len(strip["macros"]), ", ".join(strip["headers"]),
        "; raw attributes left in " + ", ".join(strip["raw_attributes_left"])
        if strip["raw_attributes_left"] else ""))
    ctx.entries = load_entries(db, ctx.top)
    decls = guarded_decls(ctx.top)

    # candidate mutants: acquisitions in functions that name an annotated
    # variable
    cands = []
    annotated = re.compile(r"\b(%s)\b" % "|".join(sorted(decls))) if decls else None
    for rel in sorted(source_files(ctx.top)):
        text = open(os.path.join(ctx.top, rel), errors="surrogateescape").read()
        if not annotated or not annotated.search(text):
            continue
        stext = open(os.path.join(ctx.stripped, rel), errors="surrogateescape").read()
        lines = mask(text).split("\n")
        for c in candidates(rel, text):
            lo, hi = c["range"]
            if not annotated.search("\n".join(lines[lo - 1:hi])):
                continue
            c["unit"] = unit_for(ctx, rel)
            if not c["unit"]:
                continue
            if apply_edits(stext, c["edits"]) is None:
                continue  # the removed text differs in the stripped copy
            cands.append(c)
    log("%s: %d candidate lock acquisitions in %d files" % (
        name, len(cands), len({c["file"] for c in cands})))
    if a.max_candidates:
        cands = sample(cands, a.max_candidates, lambda c: c["id"])

    # baselines: the annotated units' -Wthread-safety warnings, the
    # stripped units' findings
    units = sorted({c["unit"] for c in cands})
    fp_units = sorted(ctx.entries)
    if PROJECTS[name]["fp_units"]:
        fp_units = [u for u in fp_units if re.search(PROJECTS[name]["fp_units"], u)]
    fp_units = sorted(set(fp_units) | set(units))
    log("%s: baselines: -Wthread-safety on %d units, clang-tidy on %d stripped units" % (
        name, len(units), len(fp_units)))
    # -Wthread-safety results do not depend on the plugin: they are cached
    # per project, keyed by the unit, the removal and the clang version
    cache_path = os.path.join(a.cache, "confirm-cache", name + ".json")
    ccache = {}
    if not a.no_confirm_cache and os.path.exists(cache_path):
        try:
            ccache = json.load(open(cache_path))
        except ValueError:
            ccache = {}
    if ccache.get("version") != confirm_cache_version():
        ccache = {"version": confirm_cache_version(), "entries": {}}

    def cached_tsa(unit, c):
        key = hashlib.sha1(json.dumps([unit, c["file"], c["edits"]] if c else [unit],
                                      default=list).encode()).hexdigest()
        hit = ccache["entries"].get(key)
        if hit is not None:
            return {"code": hit["code"], "errors": hit["errors"],
                    "warnings": {tuple(w) for w in hit["warnings"]}}
        r = run_tsa(ctx, unit, shadow_for(c, ctx.top, "a") if c else None)
        ccache["entries"][key] = {"code": r["code"], "errors": r["errors"],
                                  "warnings": sorted(r["warnings"])}
        return r

    base_tsa = dict(zip(units, pmap(lambda u: cached_tsa(u, None), units, a.jobs)))
    base_tidy = dict(zip(fp_units, pmap(
        lambda u: run_tidy(ctx, u, None, os.path.join(work, "units", u.replace("/", "_"))),
        fp_units, a.jobs)))
    t_base = time.monotonic() - t0

    def shadow_for(c, tree, tag):
        d = os.path.join(ctx.shadow_root, "%s-%s" % (tag, hashlib.sha1(
            c["id"].encode()).hexdigest()[:10]))
        src = open(os.path.join(tree, c["file"]), errors="surrogateescape").read()
        new = apply_edits(src, c["edits"])
        os.makedirs(os.path.dirname(os.path.join(d, c["file"])), exist_ok=True)
        open(os.path.join(d, c["file"]), "w", errors="surrogateescape").write(new)
        return d

    def confirm(c):
        r = cached_tsa(c["unit"], c)
        base_lines = base_tsa[c["unit"]]["warnings"]
        new = sorted(w for w in r["warnings"] if w not in base_lines)
        c["compiles"] = not r["errors"] and r["code"] == 0
        c["errors"] = r["errors"]
        c["new_tsa"] = ["%s:%d: %s" % w for w in new]
        names = []
        for _, _, msg in new:
            mm = TSA_VAR.search(msg)
            if mm:
                nm = mm.group(1).split("::")[-1]
                if nm in decls and nm not in names:
                    names.append(nm)
        c["members"] = names
        c["confirmed"] = c["compiles"] and bool(names)
        # a const variable or a synchronization object is not a data race
        # a check could report: such members do not count as exposed
        c["ignored_members"] = [nm for nm in names if all(not_racy(d["type"]) for d in decls[nm])]
        names = [nm for nm in names if nm not in c["ignored_members"]]
        c["members"] = names
        c["scored"] = bool(names)
        kinds, scopes = [], []
        for nm in names:
            ds = decls[nm]
            near = [d for d in ds if os.path.splitext(d["file"])[0] ==
                    os.path.splitext(c["file"])[0] or d["file"] == c["file"]] or ds
            kinds += [classify_type(d["type"], d["pt"]) for d in near]
            scopes += [d["scope"] for d in near]
            c.setdefault("member_types", {})[nm] = sorted({d["type"] for d in near})
        c["class"] = "container" if ("associative" in kinds or "sequence" in kinds) else "scalar"
        c["container_kind"] = "associative" if "associative" in kinds else \
            "sequence" if "sequence" in kinds else ""
        c["scope"] = "member" if "member" in scopes else "global"
        c["access"] = access_forms(ctx, new, names)
        return c

    t1 = time.monotonic()
    pmap(confirm, cands, a.jobs)
    os.makedirs(os.path.dirname(cache_path), exist_ok=True)
    tmp = cache_path + ".tmp"
    json.dump(ccache, open(tmp, "w"))
    os.replace(tmp, cache_path)
    confirmed = [c for c in cands if c["confirmed"]]
    log("%s: %d of %d candidates confirmed by -Wthread-safety (%d do not compile)" % (
        name, len(confirmed), len(cands), sum(1 for c in cands if not c["compiles"])))
    scored = [c for c in confirmed if c["scored"]]
    log("%s: %d confirmed mutants expose only const variables or synchronization objects "
        "(not scored)" % (name, len(confirmed) - len(scored)))
    chosen = sample(scored, a.max_mutants, lambda c: c["id"])
    chosen.sort(key=lambda c: (c["file"], c["line"]))
    t_confirm = time.monotonic() - t1

    def kill(c):
        d = shadow_for(c, ctx.stripped, "s")
        r = run_tidy(ctx, c["unit"], d, os.path.join(work, "mutants", os.path.basename(d)))
        base = {f[:4] for f in base_tidy[c["unit"]]["findings"]}
        lo, hi = c["range"]
        new = sorted(f for f in r["findings"] if f[:4] not in base)
        inside = [f for f in new if f[1] == c["file"] and lo <= f[2] <= hi]
        c["tidy_code"] = r["code"]
        c["crash"] = r["crash"]
        c["tidy_errors"] = r["errors"]
        c["tsa_leak"] = r["tsa_leak"]
        c["new_findings"] = ["%s:%d:%d: %s [%s]" % (f[1], f[2], f[3], f[4], f[0]) for f in new]
        # a new finding outside the mutated function (a helper it calls,
        # another function of the class): not a kill, but shown
        c["elsewhere"] = bool(new) and not inside
        c["killed"] = bool(inside)
        c["killed_by"] = sorted({f[0] for f in inside})
        c["exact"] = any(any("'%s'" % nm in f[4] for nm in c["members"]) for f in inside)
        return c

    t2 = time.monotonic()
    pmap(kill, chosen, a.jobs)
    t_kill = time.monotonic() - t2
    fps = sorted({f for r in base_tidy.values() for f in r["findings"]})
    crashes = sorted(u for u, r in base_tidy.items() if r["crash"]) + \
        sorted(c["id"] for c in chosen if c.get("crash"))
    broken = sorted(u for u, r in base_tidy.items() if r["errors"])
    leaks = sorted({l for r in base_tidy.values() for l in r["tsa_leak"]} |
                   {l for c in chosen for l in c["tsa_leak"]})
    for c in cands:
        c["edits"] = [list(e) for e in c["edits"]]
        c["range"] = list(c["range"])
    return {"project": name, "package": "%s=%s" % (PROJECTS[name]["package"],
                                                  PROJECTS[name]["version"]),
            "strip": strip, "candidates": len(cands), "confirmed": len(confirmed),
            "scored": len(scored),
            "not_scored": [{"id": c["id"], "members": c["ignored_members"]}
                           for c in confirmed if not c["scored"]],
            "not_compiling": sum(1 for c in cands if not c["compiles"]),
            "mutants": chosen, "unconfirmed": [c for c in cands if not c["confirmed"]],
            "fp_units": len(fp_units), "false_positive_candidates": [list(f) for f in fps],
            "crashes": crashes, "units_with_errors": broken, "stripped_tsa_warnings": leaks,
            "seconds": {"baseline": t_base, "confirm": t_confirm, "kill": t_kill}}


# ------------------------------------------------------------- reports ----

def signals(m):
    """Facts about a mutant that often explain a survival."""
    out = ["lock `%s`" % m["lock"]] if m["kind"] == "guard" else ["lock `%s`" % m["arg"]]
    if "other" in m.get("access", []):
        out.append("through another object")
    if m["scope"] == "global":
        out.append("global")
    if m["container_kind"] == "sequence":
        out.append("sequence container")
    elif m["class"] == "scalar":
        out.append("scalar")
    return ", ".join(out).replace("|", "\\|")


def pct(k, n):
    return "%d%%" % round(100.0 * k / n) if n else "-"


def markdown(results, meta):
    L = ["Measured %s (UTC) with plugin `%s` (%s); annotations stripped: %s; checks `%s`%s." % (
        meta["date"], meta["plugin"], meta["plugin_note"],
        "all" if meta["strip"] == "all" else "on variables and functions only (lock classes "
        "keep theirs)", meta["checks"],
        "; options " + ", ".join("`%s`" % o for o in meta["check_options"])
        if meta["check_options"] else ""), ""]
    L.append("| project | candidates | confirmed | scored | run (container/scalar) "
             "| killed container | killed scalar | killed total | exact | FP candidates "
             "(stripped, unmutated) |")
    L.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    tot = dict.fromkeys(("cand", "conf", "sc", "run", "cn", "ck", "sn", "sk", "ex", "fp"), 0)
    for r in results:
        ms = r["mutants"]
        cn = [m for m in ms if m["class"] == "container"]
        sn = [m for m in ms if m["class"] == "scalar"]
        ck = sum(m["killed"] for m in cn)
        sk = sum(m["killed"] for m in sn)
        ex = sum(m["exact"] for m in ms)
        L.append("| %s | %d | %d | %d | %d (%d/%d) | %d/%d (%s) | %d/%d (%s) | %d/%d (%s) | %d "
                 "| %d |" % (
            r["project"], r["candidates"], r["confirmed"], r["scored"], len(ms), len(cn), len(sn),
            ck, len(cn), pct(ck, len(cn)), sk, len(sn), pct(sk, len(sn)),
            ck + sk, len(ms), pct(ck + sk, len(ms)), ex,
            len(r["false_positive_candidates"])))
        for k, v in (("cand", r["candidates"]), ("conf", r["confirmed"]), ("sc", r["scored"]),
                     ("run", len(ms)),
                     ("cn", len(cn)), ("ck", ck), ("sn", len(sn)), ("sk", sk), ("ex", ex),
                     ("fp", len(r["false_positive_candidates"]))):
            tot[k] += v
    if len(results) > 1:
        L.append("| **all** | %d | %d | %d | %d (%d/%d) | %d/%d (%s) | %d/%d (%s) | %d/%d (%s) "
                 "| %d | %d |" % (
            tot["cand"], tot["conf"], tot["sc"], tot["run"], tot["cn"], tot["sn"], tot["ck"],
            tot["cn"],
            pct(tot["ck"], tot["cn"]), tot["sk"], tot["sn"], pct(tot["sk"], tot["sn"]),
            tot["ck"] + tot["sk"], tot["run"], pct(tot["ck"] + tot["sk"], tot["run"]),
            tot["ex"], tot["fp"]))
    L.append("")
    L.append("Container mutants by kind: " + "; ".join(
        "%s: %d associative (%d killed), %d sequence (%d killed)" % (
            r["project"],
            sum(1 for m in r["mutants"] if m["container_kind"] == "associative"),
            sum(1 for m in r["mutants"] if m["container_kind"] == "associative" and m["killed"]),
            sum(1 for m in r["mutants"] if m["container_kind"] == "sequence"),
            sum(1 for m in r["mutants"] if m["container_kind"] == "sequence" and m["killed"]))
        for r in results) + ".")
    L.append("")
    for r in results:
        s = r["seconds"]
        L.append("- %s (`%s`): %d annotation uses stripped; %d candidates do not compile "
                 "when removed; %d stripped units run unmutated; crashes: %s; "
                 "-Wthread-safety warnings left in the stripped copy: %d; time: baseline "
                 "%.0f s, confirm %.0f s, kill %.0f s." % (
                     r["project"], r["package"], r["strip"]["uses_removed"],
                     r["not_compiling"], r["fp_units"],
                     ", ".join(r["crashes"]) or "none", len(r["stripped_tsa_warnings"]),
                     s["baseline"], s["confirm"], s["kill"]))
    L.append("")
    L.append("### Survivors")
    L.append("")
    L.append("| mutant | function | removed | exposes | type | signals | new finding elsewhere |")
    L.append("|---|---|---|---|---|---|---|")
    for r in results:
        for m in r["mutants"]:
            if m["killed"]:
                continue
            L.append("| %s `%s:%d` | `%s` | `%s` | %s | %s | %s | %s |" % (
                r["project"], m["file"], m["line"], m["function"],
                m["edits"][0][1].strip().replace("|", "\\|"),
                ", ".join("`%s`" % n for n in m["members"]),
                "; ".join("`%s`" % t for n in m["members"]
                          for t in m["member_types"][n]).replace("|", "\\|"),
                signals(m), "; ".join(m["new_findings"][:2]).replace("|", "\\|") or "-"))
    L.append("")
    L.append("### Findings on the stripped, unmutated units (false-positive candidates)")
    L.append("")
    any_fp = False
    for r in results:
        for f in r["false_positive_candidates"]:
            any_fp = True
            L.append("- %s `%s:%d:%d`: %s [%s]" % (r["project"], f[1], f[2], f[3], f[4], f[0]))
    if not any_fp:
        L.append("none")
    return "\n".join(L) + "\n"


SELF_TEST_HEADER = """#define THREAD_ANNOTATION_ATTRIBUTE__(x) __attribute__((x))
#ifndef GUARDED_BY
#define GUARDED_BY(x) THREAD_ANNOTATION_ATTRIBUTE__(guarded_by(x))
#endif
#define EXCLUSIVE_LOCKS_REQUIRED(...) \\
  THREAD_ANNOTATION_ATTRIBUTE__(exclusive_locks_required(__VA_ARGS__))
#define LOCKABLE THREAD_ANNOTATION_ATTRIBUTE__(lockable)
#define TS_UNCHECKED_READ(x) unchecked_read(x)
"""
SELF_TEST_SOURCE = """class LOCKABLE Mutex { public: void Lock(); void Unlock(); };
typedef std::map<int, int> Table;
class C {
 public:
  int Get() {
    MutexLock l(&mu_);  // a comment { with a brace
    return n_;
  }
  void Set(int v) {
    mu_.Lock();
    if (v) { mu_.Unlock(); return; }
    n_ = v;
    mu_.Unlock();
  }
  void Helper() EXCLUSIVE_LOCKS_REQUIRED(
      mu_) { n_++; }
 private:
  Mutex mu_;
  int n_ GUARDED_BY(mu_);
  Table t_ GUARDED_BY(mu_);
  std::deque<int> q_ GUARDED_BY(mu_);
};
"""


def self_test():
    """Checks the text machinery on a small sample; no tool is run."""
    names, func_like = annotation_macros([SELF_TEST_HEADER])
    assert names == {"THREAD_ANNOTATION_ATTRIBUTE__", "GUARDED_BY", "EXCLUSIVE_LOCKS_REQUIRED",
                     "LOCKABLE"}, names
    neutered = neuter_header(SELF_TEST_HEADER, names)
    assert "#define GUARDED_BY(x)\n" in neutered and "__attribute__" not in neutered, neutered
    assert "unchecked_read(x)" in neutered
    assert neutered.count("\n") == SELF_TEST_HEADER.count("\n")
    stripped, n = strip_text(SELF_TEST_SOURCE, names, func_like)
    assert n == 5, n
    assert "GUARDED_BY" not in stripped and "LOCKABLE" not in stripped
    assert "EXCLUSIVE_LOCKS_REQUIRED" not in stripped and "mu_) { n_++; }" not in stripped
    assert stripped.count("\n") == SELF_TEST_SOURCE.count("\n")
    assert "int n_ " in stripped and "void Helper()" in stripped
    assert {x for x in names if MEMBER_ANNOTATION.search(x)} == {"GUARDED_BY",
                                                                "EXCLUSIVE_LOCKS_REQUIRED"}
    cs = {c["id"]: c for c in candidates("c.h", SELF_TEST_SOURCE)}
    assert set(cs) == {"c.h:6:guard", "c.h:10:pair"}, sorted(cs)
    g, p = cs["c.h:6:guard"], cs["c.h:10:pair"]
    assert g["function"] == "Get" and g["range"] == (5, 8), g
    assert p["function"] == "Set" and [e[0] for e in p["edits"]] == [10, 11, 13], p
    mutated = apply_edits(SELF_TEST_SOURCE, g["edits"])
    assert "MutexLock" not in mutated and mutated.count("\n") == SELF_TEST_SOURCE.count("\n")
    assert len(mutated) == len(SELF_TEST_SOURCE)
    ALIASES.clear()
    ALIASES["Table"] = "std::map<int, int>"
    assert classify_type("Table", False) == "associative"
    assert classify_type("std::deque<int>", False) == "sequence"
    assert classify_type("std::vector<int>*", False) == "scalar"
    assert classify_type("std::vector<int>*", True) == "sequence"
    assert classify_type("HandleTable", False) == "scalar"
    assert not_racy("VersionSet* const") and not_racy("std::atomic<int>")
    assert not_racy("port::CondVar") and not not_racy("const char*")
    m = mask('int a = \'{\'; const char* s = "}{"; // }\nint b = 1\'000; wchar_t w = L\'}\';')
    assert "{" not in m and "}" not in m and m.count("\n") == 1, m
    print("self-test passed")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plugin", default=os.path.join(REPO, "build", "lib", "libConcTidy.so"),
                    help="the conctidy clang-tidy plugin (default: build/lib/libConcTidy.so)")
    ap.add_argument("--projects", default=",".join(PROJECTS),
                    help="comma-separated subset of: " + ", ".join(PROJECTS))
    ap.add_argument("--max-mutants", type=int, default=0,
                    help="run at most this many confirmed mutants per project "
                         "(deterministic sample; default: all)")
    ap.add_argument("--max-candidates", type=int, default=0,
                    help="confirm at most this many candidates per project (default: all)")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--checks", default=DEFAULT_CHECKS,
                    help="clang-tidy -checks (default: %s)" % DEFAULT_CHECKS)
    ap.add_argument("--check-option", action="append", default=[], metavar="KEY=VALUE",
                    help="a clang-tidy CheckOptions entry, e.g. "
                         "conc-unsynchronized-shared-map.IncludeSequenceContainers=true")
    ap.add_argument("--strip", choices=("all", "members"), default="all",
                    help="all: every thread-safety annotation is compiled away (the "
                         "benchmark); members: only those on variables and functions, the "
                         "lock classes keep theirs (tells lock-class recognition apart from "
                         "the rest)")
    ap.add_argument("--cache", default=os.environ.get(
        "CONCTIDY_MUTATION_CACHE", os.path.expanduser("~/.cache/conctidy-mutation")))
    ap.add_argument("--label", default="",
                    help="what the plugin is (e.g. 'main abc1234'), printed with the table")
    ap.add_argument("--tag", default="", help="results go to <cache>/results/<tag or date>/")
    ap.add_argument("--no-confirm-cache", action="store_true",
                    help="rerun every -Wthread-safety confirmation (they are cached in "
                         "<cache>/confirm-cache/, as they do not depend on the plugin)")
    ap.add_argument("--self-test", action="store_true",
                    help="check the harness's text machinery on a built-in sample and exit")
    ap.add_argument("--report", metavar="RESULTS_JSON",
                    help="print the Markdown report of an earlier run and exit")
    a = ap.parse_args()
    if a.self_test:
        return self_test()
    if a.report:
        try:
            data = json.load(open(a.report))
            print(markdown(data["results"], data["meta"]), end="")
        except (OSError, ValueError, KeyError) as e:
            sys.exit("error: %s: not a results.json of this harness (%s)" % (a.report, e))
        return 0
    for tool in (CLANGXX, CLANG_TIDY, "cmake", "ninja"):
        if not shutil.which(tool):
            sys.exit("error: %s not found (utils/bootstrap.sh installs it)" % tool)
    if not os.path.isfile(a.plugin):
        sys.exit("error: plugin %s: no such file (build conctidy, or pass --plugin)" % a.plugin)
    a.plugin = os.path.abspath(a.plugin)
    a.cache = os.path.abspath(a.cache)
    for kv in a.check_option:
        if "=" not in kv:
            sys.exit("error: --check-option %r: expected KEY=VALUE" % kv)
    names = [n for n in a.projects.split(",") if n]
    for n in names:
        if n not in PROJECTS:
            sys.exit("error: unknown project %r (known: %s)" % (n, ", ".join(PROJECTS)))
    now = datetime.datetime.now(datetime.timezone.utc)
    tag = a.tag or now.strftime("%Y%m%d-%H%M")
    outdir = os.path.join(a.cache, "results", tag)
    os.makedirs(outdir, exist_ok=True)
    st = os.stat(a.plugin)
    meta = {"date": now.strftime("%Y-%m-%d %H:%M"), "plugin": a.plugin,
            "plugin_note": "%s%d bytes, modified %s, sha1 %s" % (
                a.label + ", " if a.label else "", st.st_size,
                datetime.datetime.fromtimestamp(st.st_mtime, datetime.timezone.utc).strftime(
                    "%Y-%m-%d %H:%M"),
                hashlib.sha1(open(a.plugin, "rb").read()).hexdigest()[:12]),
            "checks": a.checks, "check_options": a.check_option, "strip": a.strip,
            "max_mutants": a.max_mutants, "jobs": a.jobs,
            "harness_commit": subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"],
                                             capture_output=True, text=True).stdout.strip()}
    t0 = time.monotonic()
    results = [run_project(n, a, outdir) for n in names]
    meta["seconds"] = time.monotonic() - t0
    md = markdown(results, meta)
    md += "\nTotal %.0f s, -j%d.\n" % (meta["seconds"], a.jobs)
    print(md)
    open(os.path.join(outdir, "table.md"), "w").write(md)
    json.dump({"meta": meta, "results": results}, open(os.path.join(outdir, "results.json"), "w"),
              indent=1, default=list)
    log("results: %s/{table.md,results.json}" % outdir)
    return 2 if any(r["crashes"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
