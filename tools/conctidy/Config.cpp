//===--- Config.cpp - clang-tidy configuration for conctidy ---------------===//

#include "Config.h"
#include "clang-tidy/ClangTidy.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang::tidy;
using namespace llvm;

namespace conctidy::cli {

/// Parses a YAML configuration; \p Source names it in the error message.
static Expected<ClangTidyOptions> parseConfig(StringRef Text,
                                              StringRef Source) {
  std::string FirstProblem;
  auto OnDiag = [&](const SMDiagnostic &Diag) {
    if (!FirstProblem.empty())
      return;
    raw_string_ostream OS(FirstProblem);
    OS << Diag.getLineNo() << ':' << Diag.getColumnNo() + 1 << ": "
       << Diag.getMessage();
  };
  ErrorOr<ClangTidyOptions> Parsed =
      parseConfigurationWithDiags(MemoryBufferRef(Text, Source), OnDiag);
  if (Parsed)
    return std::move(*Parsed);
  if (FirstProblem.empty())
    FirstProblem = Parsed.getError().message();
  return createStringError("invalid configuration " + Source + ": " +
                           FirstProblem);
}

Expected<TidyConfig>
TidyConfig::create(const ConfigSettings &Settings,
                   IntrusiveRefCntPtr<vfs::FileSystem> FS) {
  TidyConfig Result;
  Result.FS = std::move(FS);

  // clang-tidy enables nothing by default; conctidy enables its own checks.
  Result.Defaults.Checks = DefaultChecks;
  Result.Defaults.WarningsAsErrors = "";
  Result.Defaults.User = sys::Process::GetEnv("USER");

  if (Settings.Checks)
    Result.Overrides.Checks = *Settings.Checks;

  if (Settings.ConfigFile) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Text =
        MemoryBuffer::getFile(*Settings.ConfigFile);
    if (!Text)
      return createStringError("cannot read configuration file '" +
                               *Settings.ConfigFile +
                               "': " + Text.getError().message());
    Expected<ClangTidyOptions> Parsed =
        parseConfig((*Text)->getBuffer(), "'" + *Settings.ConfigFile + "'");
    if (!Parsed)
      return Parsed.takeError();
    Result.Explicit = std::move(*Parsed);
  } else if (Settings.Config) {
    Expected<ClangTidyOptions> Parsed =
        parseConfig(*Settings.Config, "given with '--config'");
    if (!Parsed)
      return Parsed.takeError();
    Result.Explicit = std::move(*Parsed);
  }
  return std::move(Result);
}

std::unique_ptr<ClangTidyOptionsProvider> TidyConfig::makeProvider() const {
  if (Explicit)
    return std::make_unique<ConfigOptionsProvider>(
        ClangTidyGlobalOptions(),
        ClangTidyOptions::getDefaults().merge(Defaults, 0), *Explicit,
        Overrides, FS);
  return std::make_unique<FileOptionsProvider>(ClangTidyGlobalOptions(),
                                               Defaults, Overrides, FS);
}

TidyConfig TidyConfig::withExtraCheck(StringRef Name) const {
  TidyConfig Result = *this;
  // Checks lists are concatenated when options are merged, so this comes
  // after the file's configuration and after --checks.
  Result.Overrides.Checks =
      Overrides.Checks ? *Overrides.Checks + "," + Name.str() : Name.str();
  return Result;
}

std::vector<std::string> TidyConfig::enabledChecks(StringRef File) const {
  ClangTidyOptions Effective = makeProvider()->getOptions(File);
  return getCheckNames(Effective, /*AllowEnablingAnalyzerAlphaCheckers=*/false,
                       /*ExperimentalCustomChecks=*/false);
}

} // namespace conctidy::cli
