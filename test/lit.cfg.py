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
