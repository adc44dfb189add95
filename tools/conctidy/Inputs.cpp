//===--- Inputs.cpp - the translation units conctidy analyzes -------------===//

#include "Inputs.h"
#include "JsonInput.h"
#include "PathPattern.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <optional>

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

namespace {

/// A compilation database whose directories and files are absolute: a
/// relative "directory" is relative to the folder of compile_commands.json,
/// as the JSON compilation database format says, and a relative "file" to
/// its directory. Identical commands of a file are kept once, and files are
/// looked up by their absolute path.
class AbsoluteDatabase : public CompilationDatabase {
public:
  AbsoluteDatabase(const CompilationDatabase &Inner, StringRef BaseDir) {
    for (CompileCommand &Command : Inner.getAllCompileCommands()) {
      Command.Directory = absoluteIn(BaseDir, Command.Directory);
      Command.Filename = absoluteIn(Command.Directory, Command.Filename);
      std::vector<CompileCommand> &Commands = ByFile[Command.Filename];
      bool Seen = any_of(Commands, [&](const CompileCommand &Other) {
        return Other.Directory == Command.Directory &&
               Other.CommandLine == Command.CommandLine &&
               Other.Output == Command.Output;
      });
      if (!Seen)
        Commands.push_back(std::move(Command));
    }
  }

  std::vector<CompileCommand>
  getCompileCommands(StringRef FilePath) const override {
    auto It = ByFile.find(makeAbsolute(FilePath));
    if (It != ByFile.end())
      return It->second;
    // The same file through a symbolic link: compare real paths, which are
    // computed for all files once, on the first miss.
    SmallString<256> Real;
    if (sys::fs::real_path(FilePath, Real))
      return {};
    if (!ByRealPath) {
      ByRealPath.emplace();
      for (const auto &Entry : ByFile) {
        SmallString<256> EntryReal;
        if (!sys::fs::real_path(Entry.first(), EntryReal))
          ByRealPath->try_emplace(EntryReal, Entry.first().str());
      }
    }
    auto Found = ByRealPath->find(Real);
    if (Found == ByRealPath->end())
      return {};
    return ByFile.lookup(Found->second);
  }

  std::vector<std::string> getAllFiles() const override {
    std::vector<std::string> Files;
    for (const auto &Entry : ByFile)
      Files.push_back(Entry.first().str());
    llvm::sort(Files);
    return Files;
  }

  std::vector<CompileCommand> getAllCompileCommands() const override {
    std::vector<CompileCommand> All;
    for (const std::string &File : getAllFiles())
      for (const CompileCommand &Command : ByFile.lookup(File))
        All.push_back(Command);
    return All;
  }

private:
  static std::string absoluteIn(StringRef Base, StringRef Path) {
    SmallString<256> Result;
    if (sys::path::is_absolute(Path)) {
      Result = Path;
    } else {
      Result = Base;
      sys::path::append(Result, Path);
    }
    sys::path::remove_dots(Result, /*remove_dot_dot=*/true);
    return std::string(Result);
  }

  StringMap<std::vector<CompileCommand>> ByFile;
  mutable std::optional<StringMap<std::string>> ByRealPath;
};

} // namespace

/// Checks what the JSON compilation database format requires of each entry
/// that clang's reader lets through (e.g. "file": null, read as a file named
/// "null").
static Error checkEntries(const json::Value &Database) {
  const json::Array *Entries = Database.getAsArray();
  if (!Entries)
    return createStringError("expected an array of compile commands");
  for (size_t I = 0; I < Entries->size(); ++I) {
    auto Bad = [&](const Twine &Why) {
      return createStringError("entry " + Twine(I + 1) + ": " + Why);
    };
    const json::Object *Entry = (*Entries)[I].getAsObject();
    if (!Entry)
      return Bad("expected an object");
    for (StringRef Key : {"directory", "file"}) {
      const json::Value *V = Entry->get(Key);
      if (!V)
        return Bad("'" + Key + "' is missing");
      if (!V->getAsString() || V->getAsString()->empty())
        return Bad("'" + Key + "' must be a non-empty string");
    }
    if (const json::Value *V = Entry->get("output"); V && !V->getAsString())
      return Bad("'output' must be a string");
    const json::Value *Command = Entry->get("command");
    const json::Value *Arguments = Entry->get("arguments");
    if (!Command && !Arguments)
      return Bad("'command' or 'arguments' is missing");
    if (Command && !Command->getAsString())
      return Bad("'command' must be a string");
    if (Arguments) {
      const json::Array *List = Arguments->getAsArray();
      if (!List || List->empty())
        return Bad("'arguments' must be a non-empty array of strings");
      for (const json::Value &Argument : *List)
        if (!Argument.getAsString())
          return Bad("'arguments' must be a non-empty array of strings");
    }
  }
  return Error::success();
}

Expected<Inputs> loadDatabase(StringRef BuildPath) {
  SmallString<256> DatabasePath(makeAbsolute(BuildPath));
  if (!sys::fs::is_regular_file(DatabasePath))
    sys::path::append(DatabasePath, "compile_commands.json");

  // clang's parser reads some malformed JSON (e.g. a truncated file) without
  // an error, and recurses without a limit, so check the syntax, the depth
  // and the entries first if the file can be read at all.
  if (ErrorOr<std::unique_ptr<MemoryBuffer>> Text =
          MemoryBuffer::getFile(DatabasePath)) {
    Expected<json::Value> Parsed = parseJson((*Text)->getBuffer());
    if (!Parsed)
      return createStringError(
          "cannot load compilation database '" + DatabasePath +
          "': invalid JSON: " + toString(Parsed.takeError()));
    if (Error Err = checkEntries(*Parsed))
      return createStringError("cannot load compilation database '" +
                               DatabasePath + "': " + toString(std::move(Err)));
  }

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
  std::unique_ptr<CompilationDatabase> Adjusted = inferTargetAndDriverMode(
      expandResponseFiles(std::move(JSON), vfs::getRealFileSystem()));
  Result.Database = std::make_unique<AbsoluteDatabase>(
      *Adjusted, sys::path::parent_path(DatabasePath));

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
