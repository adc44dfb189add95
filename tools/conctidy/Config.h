//===--- Config.h - clang-tidy configuration for conctidy -------*- C++ -*-===//
//
// Turns --checks, --config and --config-file into clang-tidy options
// providers. Like clang-tidy, .clang-tidy files next to the sources are
// honored unless --config or --config-file is given, and --checks is applied
// on top of whatever configuration a file gets.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_CONFIG_H
#define CONCTIDY_TOOLS_CONCTIDY_CONFIG_H

#include "clang-tidy/ClangTidyOptions.h"
#include "llvm/ADT/IntrusiveRefCntPtr.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace conctidy::cli {

/// The checks enabled when nothing else is configured.
inline constexpr char DefaultChecks[] = "conc-*";

/// The configuration options of the command line.
struct ConfigSettings {
  std::optional<std::string> Checks;     // --checks
  std::optional<std::string> Config;     // --config
  std::optional<std::string> ConfigFile; // --config-file
  /// --allow-unknown-config-keys: leave out, with a warning, the keys of a
  /// configuration that clang-tidy does not know, instead of refusing it.
  bool AllowUnknownKeys = false;
  /// Print the warnings about unknown keys (not in workers: the parent
  /// printed them).
  bool Warn = true;
};

/// A parsed, validated configuration. It makes a fresh options provider for
/// each clang-tidy context, so that contexts can later live on different
/// threads.
class TidyConfig {
public:
  /// Parses --config or reads and parses --config-file. Fails with a message
  /// naming the configuration if it cannot be read or is malformed.
  static llvm::Expected<TidyConfig>
  create(const ConfigSettings &Settings,
         llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS);

  std::unique_ptr<clang::tidy::ClangTidyOptionsProvider> makeProvider() const;

  /// This configuration with the hidden check \p Name enabled as well, on
  /// top of whatever else is configured.
  TidyConfig withExtraCheck(llvm::StringRef Name) const;
  /// This configuration with only the check \p Name enabled.
  TidyConfig withOnlyCheck(llvm::StringRef Name) const;

  /// The checks enabled for \p File (an absolute path), sorted.
  std::vector<std::string> enabledChecks(llvm::StringRef File) const;

  /// Checks, before any analysis, what clang-tidy would report and then
  /// ignore: fails naming the file if a .clang-tidy file that applies to one
  /// of \p Files does not parse (bad YAML, an unknown key), naming the check
  /// and where it is configured if a positive glob of 'Checks' starting with
  /// 'conc-' names no conctidy check (a typo), and if no check is enabled
  /// for any of \p Files.
  llvm::Error validate(llvm::ArrayRef<std::string> Files) const;

private:
  TidyConfig() = default;

  clang::tidy::ClangTidyOptions Defaults;
  clang::tidy::ClangTidyOptions Overrides;
  /// From --config or --config-file; if set, .clang-tidy files are only
  /// read when it says InheritParentConfig.
  std::optional<clang::tidy::ClangTidyOptions> Explicit;
  /// Where Explicit came from, for messages.
  std::string ExplicitSource;
  bool AllowUnknownKeys = false;
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS;
};

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_CONFIG_H
