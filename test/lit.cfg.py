# lit configuration for conctidy.
#
# Substitutions:
#   %clang_tidy  Debian's clang-tidy-22 with the conctidy plugin loaded
#   %conctidy    the conctidy CLI
#   %mocks       small stand-ins for library headers (test/Inputs/mock)
#   %inputs      test/Inputs
import os

import lit.formats

config.name = "conctidy"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".cpp", ".c", ".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.conctidy_obj_root, "test")

config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", "")])
# Diagnostics without colors, whatever the terminal.
config.environment["TERM"] = "dumb"

inputs = os.path.join(config.test_source_root, "Inputs")
config.substitutions.append(("%mocks", os.path.join(inputs, "mock")))
config.substitutions.append(("%inputs", inputs))
config.substitutions.append(
    ("%clang_tidy", "%s -load %s" % (config.clang_tidy, config.plugin)))
config.substitutions.append(("%conctidy", config.conctidy))

# Real runtime headers, for conc-runtime-shared-across-tasks (installed by
# utils/bootstrap.sh): a feature and an include substitution for each.
import glob
import sysconfig


def add_headers(feature, substitution, dirs, probe):
    if dirs and all(os.path.isdir(d) for d in dirs) and os.path.exists(
            os.path.join(dirs[0], probe)):
        config.available_features.add(feature)
        config.substitutions.append(
            (substitution, " ".join("-isystem " + d for d in dirs)))


jni = sorted(glob.glob("/usr/lib/jvm/java-17-openjdk-*/include/jni.h")) or \
    sorted(glob.glob("/usr/lib/jvm/*/include/jni.h"))
if jni:
    jni_dir = os.path.dirname(jni[0])
    add_headers("jni-headers", "%jni_includes",
                [jni_dir, os.path.join(jni_dir, "linux")], "jni.h")
add_headers("node-headers", "%node_includes", ["/usr/include/node"],
            "node_api.h")
add_headers("lua-headers", "%lua_includes", ["/usr/include/lua5.4"],
            "lua.hpp")
add_headers("python-headers", "%python_includes",
            [sysconfig.get_paths()["include"]], "Python.h")

# Real library headers for the shared-data checks (utils/bootstrap.sh
# installs qtbase5-dev, libboost-thread-dev and libabsl-dev).
qt5 = "/usr/include/x86_64-linux-gnu/qt5"
add_headers("qt5-headers", "%qt5_includes", [qt5, os.path.join(qt5, "QtCore")],
            "QtCore/QMutexLocker")
# Qt 5's widgets, GUI and concurrent modules (qtbase5-dev) for
# conc-runtime-shared-across-tasks.
add_headers("qt5-widgets-headers", "%qt5_widgets_includes",
            [qt5] + [os.path.join(qt5, m) for m in
                     ("QtCore", "QtGui", "QtWidgets", "QtConcurrent")],
            "QtWidgets/QWidget")
if os.path.exists("/usr/include/absl/synchronization/mutex.h"):
    config.available_features.add("absl-headers")
# Real bounded blocking queues for conc-unreceived-channel-send (libtbb-dev,
# libboost-thread-dev, installed by utils/bootstrap.sh).
if os.path.exists("/usr/include/oneapi/tbb/concurrent_queue.h"):
    config.available_features.add("tbb-headers")
if os.path.exists(
        "/usr/include/boost/thread/concurrent_queues/sync_bounded_queue.hpp") \
        and os.path.exists("/usr/include/boost/thread/mutex.hpp") and \
        os.path.exists("/usr/include/boost/unordered_map.hpp"):
    config.available_features.add("boost-thread-headers")
