//===--- Inputs.cpp - the translation units conctidy analyzes -------------===//

#include "Inputs.h"
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

Expected<Inputs> loadFromBuildPath(StringRef BuildPath,
                                   ArrayRef<std::string> Paths) {
  Expected<Inputs> Loaded = loadDatabase(BuildPath);
  if (!Loaded)
    return Loaded.takeError();
  Inputs Result = std::move(*Loaded);
  StringRef DatabasePath = Result.DatabasePath;
  if (Paths.empty()) {
    Result.Files = Result.Database->getAllFiles();
    llvm::sort(Result.Files);
    Result.Files.erase(llvm::unique(Result.Files), Result.Files.end());
    return std::move(Result);
  }

  Expected<std::vector<std::string>> Files = resolvePaths(Paths);
  if (!Files)
    return Files.takeError();
  for (const std::string &File : *Files)
    if (Result.Database->getCompileCommands(File).empty())
      return createStringError("'" + File +
                               "' is not in the compilation database '" +
                               DatabasePath + "'");
  Result.Files = std::move(*Files);
  return std::move(Result);
}

Expected<Inputs>
loadWithFixedFlags(std::unique_ptr<CompilationDatabase> Database,
                   ArrayRef<std::string> Paths) {
  Expected<std::vector<std::string>> Files = resolvePaths(Paths);
  if (!Files)
    return Files.takeError();
  Inputs Result;
  Result.Database = std::move(Database);
  Result.Files = std::move(*Files);
  return std::move(Result);
}

} // namespace conctidy::cli
