#!/bin/sh
# Sets up the compilation databases of the real-code corpus that the
# shared-data checks are measured on (bench/realcode/run-units.sh):
#
#   bench/realcode/setup-corpus.sh DIR [PROJECTS...]
#
# PROJECTS are names from this list (default: all of them):
#   thrift      thrift 0.17.0-2, lib/cpp only (45 units)
#   zeromq      zeromq3 4.3.4-6, library, tests, perf, unittests
#               (231 files: 228 C++ units and 3 C files)
#   libtorrent  libtorrent-rasterbar 2.0.8-1, library, tests, examples
#               (297 units)
#   glog leveldb spdlog httplib
#               set up by earlier sessions: their databases are only looked
#               up where they were left, never rebuilt
#
# For the first three it runs `apt-get source` of the bookworm package into
# DIR (needs the deb-src lines), installs the few -dev packages the CMake
# configure step needs, and configures with clang-22 into DIR/<src>/build
# with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON. Nothing is compiled: the only
# generated headers the units include (thrift's thrift/config.h, zeromq's
# platform.hpp) are written by the configure step itself. Rerunning it
# reuses the unpacked sources and reconfigures.
#
# Ends with one line per project set up: name<TAB>database dir.
set -eu

usage() {
  echo "usage: $0 DIR [thrift|zeromq|libtorrent|glog|leveldb|spdlog|httplib ...]" >&2
  exit 2
}
[ $# -ge 1 ] || usage
case $1 in -*|'') usage ;; esac
dir=$1
shift
all="thrift zeromq libtorrent glog leveldb spdlog httplib"
[ $# -gt 0 ] || set -- $all
for p in "$@"; do
  case " $all " in *" $p "*) ;; *) echo "$0: unknown project: $p" >&2; usage ;; esac
done

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
summary=$(mktemp)
trap 'rm -f "$summary"' EXIT

updated=no
apt_update() {
  if [ $updated = no ]; then
    apt-get update -q >/dev/null
    updated=yes
  fi
}

# need PKG...: installs those of PKG not installed yet
need() {
  missing=
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" ||
      missing="$missing $pkg"
  done
  if [ -n "$missing" ]; then
    apt_update
    echo "installing:$missing" >&2
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
      --no-install-recommends $missing >/dev/null
  fi
}

# source PKG VERSION SRCDIR: unpacks PKG=VERSION into DIR/SRCDIR
source_pkg() {
  if [ -d "$dir/$3/debian" ]; then
    return
  fi
  need dpkg-dev
  (cd "$dir" && apt-get source -q "$1=$2" >/dev/null 2>&1) || {
    apt_update
    (cd "$dir" && apt-get source -q "$1=$2" >/dev/null)
  }
  [ -d "$dir/$3/debian" ] || { echo "$0: $1: no $dir/$3" >&2; exit 1; }
}

# configure SRCDIR CMAKE-FLAGS...: DIR/SRCDIR/build/compile_commands.json
configure() {
  top=$dir/$1
  shift
  need cmake ninja-build
  cmake -S "$top" -B "$top/build" -G Ninja \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON "$@" >"$top/build-configure.log" 2>&1 || {
    tail -20 "$top/build-configure.log" >&2
    echo "$0: cmake failed, see $top/build-configure.log" >&2
    exit 1
  }
  [ -f "$top/build/compile_commands.json" ] || {
    echo "$0: no $top/build/compile_commands.json" >&2; exit 1; }
}

report() {
  n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' \
    "$2/compile_commands.json")
  echo "$1: $n compile commands in $2" >&2
  printf '%s\t%s\n' "$1" "$2" >>"$summary"
}

# existing NAME BUILD_DIR: an earlier session's database, taken as it is
existing() {
  if [ -f "$2/compile_commands.json" ]; then
    report "$1" "$2"
  else
    echo "$1: skipped, no $2/compile_commands.json (not rebuilt here)" >&2
  fi
}

for p in "$@"; do
  case $p in
  thrift)
    src=thrift-0.17.0
    source_pkg thrift 0.17.0-2 $src
    # lib/cpp needs Boost headers; OpenSSL and zlib add the TSSL* and
    # TZlibTransport/THeader* units. libevent and Qt5 are left out on
    # purpose (the measured set has no TNonblockingServer or Qt units).
    # Two units, protocol/THeaderProtocol.cpp and transport/THeaderTransport.cpp,
    # do not parse with clang-22: bookworm's Boost 1.74 boost::numeric_cast
    # trips clang's (since 20, hard) enum-constexpr-conversion error in
    # boost/mpl/aux_/integral_wrapper.hpp; no -Wno-* flag turns it off.
    need libboost-dev libssl-dev zlib1g-dev
    configure $src -DBUILD_COMPILER=OFF -DBUILD_TESTING=OFF \
      -DBUILD_TUTORIALS=OFF -DWITH_AS3=OFF -DWITH_C_GLIB=OFF -DWITH_JAVA=OFF \
      -DWITH_JAVASCRIPT=OFF -DWITH_NODEJS=OFF -DWITH_PYTHON=OFF \
      -DWITH_LIBEVENT=OFF -DWITH_QT5=OFF -DWITH_ZLIB=ON -DWITH_OPENSSL=ON
    # keep only lib/cpp's units
    python3 - "$dir/$src" <<'EOF'
import json, os, sys
top = sys.argv[1]
db = os.path.join(top, "build", "compile_commands.json")
keep = os.path.join(top, "lib", "cpp") + os.sep
entries = json.load(open(db))
kept = [e for e in entries
        if os.path.normpath(os.path.join(e["directory"], e["file"])).startswith(keep)]
json.dump(kept, open(db, "w"), indent=1)
EOF
    report thrift "$dir/$src/build"
    ;;
  zeromq)
    src=zeromq3-4.3.4
    source_pkg zeromq3 4.3.4-6 $src
    # no -dev package is needed to configure: it uses the bundled tweetnacl
    # (src/tweetnacl.c) rather than libsodium, so the set of units does not
    # depend on whether libsodium-dev happens to be installed.
    need pkgconf
    configure $src -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTS=ON \
      -DWITH_PERF_TOOL=ON -DWITH_LIBSODIUM=OFF
    report zeromq "$dir/$src/build"
    ;;
  libtorrent)
    src=libtorrent-rasterbar-2.0.8
    source_pkg libtorrent-rasterbar 2.0.8-1 $src
    need libboost-dev libboost-system-dev libssl-dev pkgconf
    configure $src -DCMAKE_BUILD_TYPE=RelWithDebInfo -Dbuild_tests=ON \
      -Dbuild_examples=ON
    report libtorrent "$dir/$src/build"
    ;;
  glog) existing glog /work/real/google-glog-0.6.0/build ;;
  leveldb) existing leveldb /work/mutation-cache/src/leveldb-1.23/build ;;
  spdlog) existing spdlog /work/bench-cache/src/spdlog-1.10.0+ds/build ;;
  httplib)
    # ccdb/ is meson's build/ database plus the ten example/ programs
    h=/work/bench-cache/src/cpp-httplib-0.11.4+ds
    if [ -f $h/ccdb/compile_commands.json ]; then
      existing httplib $h/ccdb
    else
      existing httplib $h/build
    fi
    ;;
  esac
done

cat "$summary"
