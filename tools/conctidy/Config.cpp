//===--- Config.cpp - clang-tidy configuration for conctidy ---------------===//

#include "Config.h"
#include "clang-tidy/ClangTidy.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include <functional>
#include <optional>
#include <system_error>

using namespace clang::tidy;
using namespace llvm;

namespace conctidy::cli {

/// \p Text without the block-style top-level entry whose key starts at
/// \p KeyOffset: up to the next line that starts another top-level key; none
/// if the key does not start a line (flow style).
static std::optional<std::string> withoutEntry(StringRef Text,
                                               size_t KeyOffset) {
  if (KeyOffset > Text.size() || (KeyOffset > 0 && Text[KeyOffset - 1] != '\n'))
    return std::nullopt;
  size_t End = Text.find('\n', KeyOffset);
  while (End != StringRef::npos) {
    StringRef Rest = Text.drop_front(End + 1);
    if (!Rest.empty() && !StringRef(" \t-#\r\n").contains(Rest.front()))
      break;
    End = Text.find('\n', End + 1);
  }
  std::string Result = Text.take_front(KeyOffset).str();
  if (End != StringRef::npos)
    Result += Text.drop_front(End + 1).str();
  return Result;
}

/// Parses a YAML configuration; \p Source names it in messages. With
/// \p AllowUnknownKeys, a top-level key clang-tidy does not know is left
/// out, with a warning on \p Warnings if given, instead of failing.
static Expected<ClangTidyOptions> parseConfig(StringRef Given, StringRef Source,
                                              bool AllowUnknownKeys = false,
                                              raw_ostream *Warnings = nullptr) {
  std::string Text = Given.str();
  for (unsigned Attempt = 0;; ++Attempt) {
    std::string FirstProblem, Message;
    std::optional<size_t> Offset;
    auto OnDiag = [&](const SMDiagnostic &Diag) {
      if (!FirstProblem.empty())
        return;
      raw_string_ostream OS(FirstProblem);
      OS << Diag.getLineNo() << ':' << Diag.getColumnNo() + 1 << ": "
         << Diag.getMessage();
      Message = Diag.getMessage().str();
      if (Diag.getLoc().isValid() &&
          Diag.getLoc().getPointer() >= Text.data() &&
          Diag.getLoc().getPointer() <= Text.data() + Text.size())
        Offset = Diag.getLoc().getPointer() - Text.data();
    };
    ErrorOr<ClangTidyOptions> Parsed =
        parseConfigurationWithDiags(MemoryBufferRef(Text, Source), OnDiag);
    if (Parsed)
      return std::move(*Parsed);
    if (FirstProblem.empty())
      FirstProblem = Parsed.getError().message();
    if (AllowUnknownKeys && Attempt < 64 &&
        StringRef(Message).starts_with("unknown key '") && Offset)
      if (std::optional<std::string> Rest = withoutEntry(Text, *Offset)) {
        if (Warnings)
          *Warnings << "conctidy: warning: " << Source << ": " << FirstProblem
                    << "; ignored\n";
        Text = std::move(*Rest);
        continue;
      }
    return createStringError("invalid configuration " + Source + ": " +
                             FirstProblem);
  }
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
  Result.AllowUnknownKeys = Settings.AllowUnknownKeys;

  if (Settings.ConfigFile) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Text =
        MemoryBuffer::getFile(*Settings.ConfigFile);
    if (!Text)
      return createStringError("cannot read configuration file '" +
                               *Settings.ConfigFile +
                               "': " + Text.getError().message());
    Expected<ClangTidyOptions> Parsed = parseConfig(
        (*Text)->getBuffer(), "'" + *Settings.ConfigFile + "'",
        Settings.AllowUnknownKeys, Settings.Warn ? &errs() : nullptr);
    if (!Parsed)
      return Parsed.takeError();
    Result.Explicit = std::move(*Parsed);
    Result.ExplicitSource = "'" + *Settings.ConfigFile + "'";
  } else if (Settings.Config) {
    Expected<ClangTidyOptions> Parsed =
        parseConfig(*Settings.Config, "given with '--config'");
    if (!Parsed)
      return Parsed.takeError();
    Result.Explicit = std::move(*Parsed);
    Result.ExplicitSource = "the configuration given with '--config'";
  }
  return std::move(Result);
}

std::unique_ptr<ClangTidyOptionsProvider> TidyConfig::makeProvider() const {
  if (Explicit)
    return std::make_unique<ConfigOptionsProvider>(
        ClangTidyGlobalOptions(),
        ClangTidyOptions::getDefaults().merge(Defaults, 0), *Explicit,
        Overrides, FS);
  if (AllowUnknownKeys) {
    // .clang-tidy files parsed as validate() parsed them (warning there).
    // FileOptionsProvider::ConfigFileHandlers, which is protected.
    std::vector<std::pair<
        std::string, std::function<ErrorOr<ClangTidyOptions>(MemoryBufferRef)>>>
        Handlers;
    /// FileOptionsProvider with handlers, and a file system (which its
    /// constructor with handlers leaves unset).
    struct Provider : FileOptionsProvider {
      Provider(const ClangTidyOptions &Defaults,
               const ClangTidyOptions &Overrides, ConfigFileHandlers Handlers,
               IntrusiveRefCntPtr<vfs::FileSystem> FileSystem)
          : FileOptionsProvider(ClangTidyGlobalOptions(), Defaults, Overrides,
                                std::move(Handlers)) {
        FS = FileSystem ? std::move(FileSystem) : vfs::getRealFileSystem();
      }
    };
    Handlers.emplace_back(
        ".clang-tidy", [](MemoryBufferRef Buffer) -> ErrorOr<ClangTidyOptions> {
          Expected<ClangTidyOptions> Parsed = parseConfig(
              Buffer.getBuffer(), Buffer.getBufferIdentifier(), true);
          if (!Parsed) {
            consumeError(Parsed.takeError());
            return std::make_error_code(std::errc::invalid_argument);
          }
          return std::move(*Parsed);
        });
    return std::make_unique<Provider>(Defaults, Overrides, std::move(Handlers),
                                      FS);
  }
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

TidyConfig TidyConfig::withOnlyCheck(StringRef Name) const {
  TidyConfig Result = *this;
  Result.Overrides.Checks = "-*," + Name.str();
  return Result;
}

std::vector<std::string> TidyConfig::enabledChecks(StringRef File) const {
  ClangTidyOptions Effective = makeProvider()->getOptions(File);
  return getCheckNames(Effective, /*AllowEnablingAnalyzerAlphaCheckers=*/false,
                       /*ExperimentalCustomChecks=*/false);
}

/// Does the clang-tidy glob \p Glob ('*' is any characters) match \p Name?
static bool globMatches(StringRef Glob, StringRef Name) {
  if (Glob.empty())
    return Name.empty();
  if (Glob.front() == '*') {
    for (size_t I = 0; I <= Name.size(); ++I)
      if (globMatches(Glob.drop_front(), Name.drop_front(I)))
        return true;
    return false;
  }
  return !Name.empty() && Glob.front() == Name.front() &&
         globMatches(Glob.drop_front(), Name.drop_front());
}

/// Fails on a positive glob of \p Checks that starts with 'conc-' and
/// matches none of \p Known; \p Where says where \p Checks is configured.
static Error checkCheckNames(StringRef Checks, ArrayRef<std::string> Known,
                             const Twine &Where) {
  SmallVector<StringRef> Globs;
  Checks.split(Globs, ',');
  for (StringRef Glob : Globs) {
    Glob = Glob.trim(" \t\r\n");
    if (!Glob.starts_with("conc-"))
      continue;
    if (none_of(Known,
                [&](const std::string &N) { return globMatches(Glob, N); }))
      return createStringError("unknown check '" + Glob + "' in " + Where +
                               " (see 'conctidy --list-checks')");
  }
  return Error::success();
}

/// Does \p Checks enable compiler warnings as checks (clang-diagnostic-*),
/// which are not in clang-tidy's list of checks?
static bool enablesCompilerWarnings(StringRef Checks) {
  SmallVector<StringRef> Globs;
  Checks.split(Globs, ',');
  bool Enabled = false;
  for (StringRef Glob : Globs) {
    Glob = Glob.trim(" \t\r\n");
    bool Negative = Glob.consume_front("-");
    if (globMatches(Glob, "clang-diagnostic-x") ||
        (!Negative && Glob.starts_with("clang-diagnostic-")))
      Enabled = !Negative;
  }
  return Enabled;
}

Error TidyConfig::validate(ArrayRef<std::string> Files) const {
  ClangTidyOptions All = ClangTidyOptions::getDefaults();
  All.Checks = "conc-*";
  std::vector<std::string> Known =
      getCheckNames(All, /*AllowEnablingAnalyzerAlphaCheckers=*/false,
                    /*ExperimentalCustomChecks=*/false);

  if (Overrides.Checks)
    if (Error Err = checkCheckNames(*Overrides.Checks, Known, "'--checks'"))
      return Err;
  if (Explicit && Explicit->Checks)
    if (Error Err = checkCheckNames(*Explicit->Checks, Known,
                                    "'Checks' of " + ExplicitSource))
      return Err;

  // The .clang-tidy files that apply, as FileOptionsProvider finds them:
  // the closest one, and its parents' while they say InheritParentConfig.
  bool ReadFiles = !Explicit || Explicit->InheritParentConfig.value_or(false);
  StringSet<> Directories, Visited;
  for (const std::string &File : Files)
    Directories.insert(sys::path::parent_path(File));
  if (ReadFiles)
    for (const auto &Entry : Directories) {
      for (StringRef Dir = Entry.getKey(); !Dir.empty();
           Dir = sys::path::parent_path(Dir)) {
        if (!Visited.insert(Dir).second)
          break;
        SmallString<256> Path(Dir);
        sys::path::append(Path, ".clang-tidy");
        if (sys::fs::is_directory(Path))
          continue;
        ErrorOr<std::unique_ptr<MemoryBuffer>> Text =
            FS->getBufferForFile(Path);
        if (!Text)
          continue;
        Expected<ClangTidyOptions> Parsed =
            parseConfig((*Text)->getBuffer(), ("'" + Path + "'").str(),
                        AllowUnknownKeys, &errs());
        if (!Parsed)
          return Parsed.takeError();
        if (Parsed->Checks)
          if (Error Err = checkCheckNames(*Parsed->Checks, Known,
                                          "'Checks' of '" + Path + "'"))
            return Err;
        if (!Parsed->InheritParentConfig.value_or(false))
          break;
      }
    }

  // No check at all is a configuration mistake (e.g. --checks='-*'), not a
  // clean run.
  if (Files.empty())
    return Error::success();
  std::unique_ptr<ClangTidyOptionsProvider> Provider = makeProvider();
  for (const auto &Entry : Directories) {
    SmallString<256> Probe(Entry.getKey());
    sys::path::append(Probe, "conctidy-probe.cpp");
    ClangTidyOptions Effective = Provider->getOptions(Probe);
    if (!getCheckNames(Effective, false, false).empty() ||
        enablesCompilerWarnings(Effective.Checks.value_or("")))
      return Error::success();
  }
  ClangTidyOptions First = Provider->getOptions(Files.front());
  return createStringError(
      "no check is enabled for the files to analyze (the checks configured "
      "for '" +
      Files.front() + "' are '" + First.Checks.value_or("") +
      "'); see 'conctidy --list-checks'");
}

} // namespace conctidy::cli
