//===--- Inputs.cpp - the translation units conctidy analyzes -------------===//

#include "Inputs.h"
#include "PathPattern.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"

using namespace clang::tooling;
using namespace llvm;

namespace conctidy::cli {

static std::string makeAbsolute(StringRef Path) {
  SmallString<256> Absolute(Path);
  sys::fs::make_absolute(Absolute);
  sys::path::remove_dots(Absolute, /*remove_dot_dot=*/true);
  return std::string(Absolute);
}

/// Fails unless \p Path is an existing file.
static Error checkIsFile(StringRef Path) {
  sys::fs::file_status Status;
  if (std::error_code EC = sys::fs::status(Path, Status))
    return createStringError("cannot analyze '" + Path + "': " + EC.message());
  if (sys::fs::is_directory(Status))
    return createStringError("cannot analyze '" + Path +
                             "': it is a directory");
  return Error::success();
}

/// The absolute, existing files named by \p Paths, without repeats, in the
/// order given.
static Expected<std::vector<std::string>>
resolvePaths(ArrayRef<std::string> Paths) {
  std::vector<std::string> Files;
  StringSet<> Seen;
  for (const std::string &Path : Paths) {
    std::string Absolute = makeAbsolute(Path);
    if (Error Err = checkIsFile(Absolute))
      return std::move(Err);
    if (Seen.insert(Absolute).second)
      Files.push_back(std::move(Absolute));
  }
  return Files;
}

Expected<Inputs> loadDatabase(StringRef BuildPath) {
  SmallString<256> DatabasePath(makeAbsolute(BuildPath));
  if (!sys::fs::is_regular_file(DatabasePath))
    sys::path::append(DatabasePath, "compile_commands.json");

  // clang's parser reads some malformed JSON (e.g. a truncated file) without
  // an error, so check the syntax first if the file can be read at all.
  if (ErrorOr<std::unique_ptr<MemoryBuffer>> Text =
          MemoryBuffer::getFile(DatabasePath))
    if (Expected<json::Value> Parsed = json::parse((*Text)->getBuffer());
        !Parsed)
      return createStringError(
          "cannot load compilation database '" + DatabasePath +
          "': invalid JSON: " + toString(Parsed.takeError()));

  std::string Reason;
  std::unique_ptr<JSONCompilationDatabase> JSON =
      JSONCompilationDatabase::loadFromFile(DatabasePath, Reason,
                                            JSONCommandLineSyntax::AutoDetect);
  if (!JSON)
    return createStringError("cannot load compilation database '" +
                             DatabasePath + "': " + Reason);

  Inputs Result;
  Result.DatabasePath = std::string(DatabasePath);
  // What clang-tidy does with a database found with -p, except inferring
  // commands for files that are not in it.
  Result.Database = inferTargetAndDriverMode(
      expandResponseFiles(std::move(JSON), vfs::getRealFileSystem()));

  return std::move(Result);
}

/// Compiles \p Texts.
static Expected<std::vector<PathPattern>>
compilePatterns(ArrayRef<std::string> Texts) {
  std::vector<PathPattern> Patterns;
  for (const std::string &Text : Texts) {
    Expected<PathPattern> Pattern = PathPattern::create(Text);
    if (!Pattern)
      return Pattern.takeError();
    Patterns.push_back(std::move(*Pattern));
  }
  return Patterns;
}

/// \p Files without those that one of \p Excludes matches.
static Expected<std::vector<std::string>>
removeExcluded(std::vector<std::string> Files, ArrayRef<std::string> Excludes) {
  Expected<std::vector<PathPattern>> Patterns = compilePatterns(Excludes);
  if (!Patterns)
    return Patterns.takeError();
  llvm::erase_if(Files, [&](const std::string &File) {
    return llvm::any_of(*Patterns, [&](const PathPattern &Pattern) {
      return Pattern.matches(File);
    });
  });
  return Files;
}

/// The files of the database that \p Paths select: each pattern selects the
/// files that it matches (sorted), which must be at least one; each other
/// path selects itself, which must exist and be in the database.
static Expected<std::vector<std::string>>
selectFiles(const Inputs &In, ArrayRef<std::string> Paths) {
  std::vector<std::string> All = In.Database->getAllFiles();
  for (std::string &File : All)
    File = makeAbsolute(File);
  llvm::sort(All);
  All.erase(llvm::unique(All), All.end());
  if (Paths.empty())
    return All;

  std::vector<std::string> Files;
  StringSet<> Seen;
  auto Select = [&](const std::string &File) {
    if (Seen.insert(File).second)
      Files.push_back(File);
  };
  for (const std::string &Path : Paths) {
    if (isPattern(Path)) {
      Expected<PathPattern> Pattern = PathPattern::create(Path);
      if (!Pattern)
        return Pattern.takeError();
      size_t Matched = 0;
      for (const std::string &File : All)
        if (Pattern->matches(File)) {
          ++Matched;
          Select(File);
        }
      if (!Matched)
        return createStringError("'" + Path +
                                 "' matches no file of the compilation "
                                 "database '" +
                                 In.DatabasePath + "'");
      continue;
    }
    Expected<std::vector<std::string>> Named = resolvePaths(Path);
    if (!Named)
      return Named.takeError();
    for (const std::string &File : *Named) {
      if (In.Database->getCompileCommands(File).empty())
        return createStringError("'" + File +
                                 "' is not in the compilation database '" +
                                 In.DatabasePath + "'");
      Select(File);
    }
  }
  return Files;
}

/// The selected files less the excluded ones.
static Expected<std::vector<std::string>>
withoutExcluded(Expected<std::vector<std::string>> Files,
                ArrayRef<std::string> Excludes) {
  if (!Files)
    return Files.takeError();
  return removeExcluded(std::move(*Files), Excludes);
}

Expected<Inputs> loadFromBuildPath(StringRef BuildPath,
                                   ArrayRef<std::string> Paths,
                                   ArrayRef<std::string> Excludes) {
  Expected<Inputs> Loaded = loadDatabase(BuildPath);
  if (!Loaded)
    return Loaded.takeError();
  Inputs Result = std::move(*Loaded);
  Expected<std::vector<std::string>> Kept =
      withoutExcluded(selectFiles(Result, Paths), Excludes);
  if (!Kept)
    return Kept.takeError();
  Result.Files = std::move(*Kept);
  return std::move(Result);
}

Expected<Inputs>
loadWithFixedFlags(std::unique_ptr<CompilationDatabase> Database,
                   ArrayRef<std::string> Paths,
                   ArrayRef<std::string> Excludes) {
  for (const std::string &Path : Paths)
    if (isPattern(Path))
      return createStringError(
          "'" + Path +
          "' is a pattern; patterns select files of a compilation database "
          "(-p), and the shell expands them before '--'");
  Expected<std::vector<std::string>> Kept =
      withoutExcluded(resolvePaths(Paths), Excludes);
  if (!Kept)
    return Kept.takeError();
  Inputs Result;
  Result.Database = std::move(Database);
  Result.Files = std::move(*Kept);
  return std::move(Result);
}

} // namespace conctidy::cli
