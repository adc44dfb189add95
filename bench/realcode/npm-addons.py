#!/usr/bin/env python3
"""Sets up two npm native addons for conc-runtime-shared-across-tasks.

    bench/realcode/npm-addons.py DIR

Fetches @parcel/watcher 2.6.0 and leveldown 6.1.1 (with node-addon-api
8.9.2 and napi-macros 2.2.2, the headers they include) with `npm pack`
into DIR, and writes a compilation database for each from its binding.gyp
(Linux branch; the standard from node's common.gypi, gnu++17). Node's own
headers come from Debian's libnode-dev (/usr/include/node). Prints one line
per project: name<TAB>database dir.
"""
import json
import os
import subprocess
import sys

PACKAGES = {
    "parcel-watcher": "@parcel/watcher@2.6.0",
    "leveldown": "leveldown@6.1.1",
    "node-addon-api": "node-addon-api@8.9.2",
    "napi-macros": "napi-macros@2.2.2",
}
CXX = "/usr/bin/clang++-22"
COMMON = ["-std=gnu++17", "-fPIC", "-pthread", "-D_LARGEFILE_SOURCE",
          "-D_FILE_OFFSET_BITS=64", "-DBUILDING_NODE_EXTENSION",
          "-DUSING_UV_SHARED=1", "-DUSING_V8_SHARED=1"]


def fetch(top, name, spec):
    dest = os.path.join(top, name)
    if os.path.isdir(dest):
        return dest
    tgz = subprocess.run(["npm", "pack", "--silent", spec], cwd=top, check=True,
                         capture_output=True, text=True).stdout.split()[-1]
    os.makedirs(dest)
    subprocess.run(["tar", "xzf", os.path.join(top, tgz), "-C", dest,
                    "--strip-components=1"], check=True)
    return dest


def write(project, sources, flags):
    build = os.path.join(project, "build")
    os.makedirs(build, exist_ok=True)
    entries = [{"directory": build,
                "file": os.path.join(project, s),
                "command": " ".join([CXX] + COMMON + flags +
                                    ["-c", os.path.join(project, s)])}
               for s in sources]
    with open(os.path.join(build, "compile_commands.json"), "w") as f:
        json.dump(entries, f, indent=1)
    return build


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: npm-addons.py DIR")
    top = os.path.abspath(sys.argv[1])
    os.makedirs(top, exist_ok=True)
    dirs = {n: fetch(top, n, s) for n, s in PACKAGES.items()}
    node = ["-isystem", "/usr/include/node"]
    parcel = write(dirs["parcel-watcher"], [
        "src/binding.cc", "src/Watcher.cc", "src/Backend.cc", "src/DirTree.cc",
        "src/Glob.cc", "src/Debounce.cc", "src/watchman/BSER.cc",
        "src/watchman/WatchmanBackend.cc", "src/shared/BruteForceBackend.cc",
        "src/linux/InotifyBackend.cc", "src/unix/legacy.cc"
    ], ["-fexceptions", "-DNODE_GYP_MODULE_NAME=watcher",
        "-DNAPI_DISABLE_CPP_EXCEPTIONS", "-DWATCHMAN", "-DINOTIFY",
        "-DBRUTE_FORCE", "-I" + dirs["node-addon-api"]] + node)
    leveldb = os.path.join(dirs["leveldown"], "deps/leveldb/leveldb-1.20")
    leveldown = write(dirs["leveldown"], ["binding.cc"], [
        "-fno-exceptions", "-fno-rtti", "-DNODE_GYP_MODULE_NAME=leveldown",
        "-I" + dirs["napi-macros"], "-I" + leveldb + "/include",
        "-I" + leveldb + "/port", "-I" + leveldb + "/util", "-I" + leveldb
    ] + node)
    print("parcel-watcher\t" + parcel)
    print("leveldown\t" + leveldown)


if __name__ == "__main__":
    main()
