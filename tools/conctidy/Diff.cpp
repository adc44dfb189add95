//===--- Diff.cpp - the lines a patch changes -----------------------------===//

#include "Diff.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

using namespace llvm;

namespace conctidy::cli {

/// The path of a "+++ " line: C-quoted if it starts with '"' (as git
/// writes unusual names), then without a trailing tab and timestamp.
static std::string diffPath(StringRef Text) {
  if (!Text.starts_with("\""))
    return Text.split('\t').first.rtrim().str();
  std::string Path;
  for (size_t I = 1; I < Text.size(); ++I) {
    char C = Text[I];
    if (C == '"')
      break;
    if (C != '\\' || I + 1 == Text.size()) {
      Path += C;
      continue;
    }
    char E = Text[++I];
    if (E >= '0' && E <= '7') {
      unsigned Value = 0;
      for (unsigned N = 0;
           N < 3 && I < Text.size() && Text[I] >= '0' && Text[I] <= '7';
           ++N, ++I)
        Value = Value * 8 + (Text[I] - '0');
      --I;
      Path += static_cast<char>(Value);
      continue;
    }
    switch (E) {
    case 'n':
      Path += '\n';
      break;
    case 't':
      Path += '\t';
      break;
    case 'a':
      Path += '\a';
      break;
    case 'b':
      Path += '\b';
      break;
    case 'f':
      Path += '\f';
      break;
    case 'r':
      Path += '\r';
      break;
    case 'v':
      Path += '\v';
      break;
    default:
      Path += E;
    }
  }
  return Path;
}

/// Reads "<start>[,<count>]".
static bool parseRange(StringRef Text, unsigned &Start, unsigned &Count) {
  auto [First, Second] = Text.split(',');
  Count = 1;
  if (First.getAsInteger(10, Start))
    return false;
  return Second.empty() || !Second.getAsInteger(10, Count);
}

Expected<ChangedLines> ChangedLines::parse(StringRef Patch, StringRef BaseDir,
                                           StringRef Source) {
  ChangedLines Result;
  std::set<unsigned> *Current = nullptr;
  // Lines of the current hunk still to come, old and new.
  unsigned OldLeft = 0, NewLeft = 0, NewLine = 0;
  unsigned LineNo = 0;
  auto Bad = [&](const Twine &Why) {
    return createStringError("invalid patch " + Source + ": line " +
                             Twine(LineNo) + ": " + Why);
  };
  SmallVector<StringRef> Lines;
  Patch.split(Lines, '\n');
  if (!Lines.empty() && Lines.back().empty())
    Lines.pop_back(); // after the last newline
  for (StringRef Line : Lines) {
    ++LineNo;
    Line.consume_back("\r");
    if (OldLeft || NewLeft) {
      char Kind = Line.empty() ? ' ' : Line.front();
      if (Kind == '+' && NewLeft) {
        if (Current)
          Current->insert(NewLine);
        ++NewLine;
        --NewLeft;
      } else if (Kind == '-' && OldLeft) {
        --OldLeft;
      } else if (Kind == ' ' && OldLeft && NewLeft) {
        ++NewLine;
        --OldLeft;
        --NewLeft;
      } else if (Kind != '\\') {
        return Bad("the hunk ends early");
      }
      continue;
    }
    if (Line.starts_with("+++ ")) {
      std::string Path = diffPath(Line.drop_front(4));
      Current = nullptr;
      if (Path == "/dev/null")
        continue; // deleted
      // -p1: drop the first component ("b/").
      StringRef Stripped = Path;
      size_t Slash = Stripped.find('/');
      if (Slash == StringRef::npos)
        return Bad("'" + Path + "' has no directory to strip (-p1)");
      Stripped = Stripped.drop_front(Slash + 1);
      SmallString<256> Absolute;
      if (sys::path::is_absolute(Stripped)) {
        Absolute = Stripped;
      } else {
        Absolute = BaseDir;
        sys::path::append(Absolute, Stripped);
      }
      sys::path::remove_dots(Absolute, /*remove_dot_dot=*/true);
      Current = &Result.Lines[std::string(Absolute)];
      continue;
    }
    if (Line.starts_with("@@ ")) {
      // @@ -<old>[,<n>] +<new>[,<n>] @@
      SmallVector<StringRef, 4> Parts;
      Line.split(Parts, ' ', /*MaxSplit=*/3);
      unsigned OldStart = 0, NewStart = 0;
      if (Parts.size() < 3 || !Parts[1].starts_with("-") ||
          !Parts[2].starts_with("+") ||
          !parseRange(Parts[1].drop_front(), OldStart, OldLeft) ||
          !parseRange(Parts[2].drop_front(), NewStart, NewLeft))
        return Bad("malformed hunk header '" + Line + "'");
      if (!Current)
        return Bad("a hunk before any '+++' line");
      NewLine = NewStart;
      continue;
    }
    // Anything else (diff --git, index, ---, text around the patch) is not
    // a change.
  }
  if (OldLeft || NewLeft)
    return Bad("the patch ends inside a hunk");
  // Files whose hunks only delete lines can have no finding on a changed
  // line.
  for (auto It = Result.Lines.begin(); It != Result.Lines.end();)
    It = It->second.empty() ? Result.Lines.erase(It) : std::next(It);
  return std::move(Result);
}

Expected<ChangedLines> ChangedLines::fromFile(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Text =
      Path == "-" ? MemoryBuffer::getSTDIN() : MemoryBuffer::getFile(Path);
  if (!Text)
    return createStringError("cannot read patch '" + Path +
                             "': " + Text.getError().message());
  SmallString<256> Cwd;
  sys::fs::current_path(Cwd);
  return parse((*Text)->getBuffer(), Cwd,
               Path == "-" ? "<stdin>" : ("'" + Path + "'").str());
}

/// Runs git with \p Args; its stdout in \p Output.
static Error runGit(ArrayRef<StringRef> Args, std::string &Output) {
  ErrorOr<std::string> Git = sys::findProgramByName("git");
  if (!Git)
    return createStringError("cannot find 'git' in PATH");
  SmallString<128> OutPath, ErrPath;
  if (std::error_code EC =
          sys::fs::createTemporaryFile("conctidy-git", "out", OutPath))
    return createStringError("cannot make a temporary file: " + EC.message());
  if (std::error_code EC =
          sys::fs::createTemporaryFile("conctidy-git", "err", ErrPath)) {
    sys::fs::remove(OutPath);
    return createStringError("cannot make a temporary file: " + EC.message());
  }
  std::vector<StringRef> Argv = {*Git};
  Argv.insert(Argv.end(), Args.begin(), Args.end());
  std::optional<StringRef> Redirects[] = {StringRef(""), StringRef(OutPath),
                                          StringRef(ErrPath)};
  std::string Message;
  int Code =
      sys::ExecuteAndWait(*Git, Argv, std::nullopt, Redirects, 0, 0, &Message);
  auto Read = [](StringRef Path) {
    std::string Text;
    if (auto Buffer = MemoryBuffer::getFile(Path))
      Text = (*Buffer)->getBuffer().str();
    sys::fs::remove(Path);
    return Text;
  };
  Output = Read(OutPath);
  std::string Errors = Read(ErrPath);
  if (Code == 0)
    return Error::success();
  std::string Command = "git";
  for (StringRef Arg : Args)
    Command += " " + Arg.str();
  StringRef Why = StringRef(Errors).trim();
  if (Why.empty())
    Why = Message.empty() ? StringRef("it failed") : StringRef(Message);
  return createStringError("'" + Command +
                           "' failed: " + Why.split('\n').first);
}

Expected<ChangedLines> ChangedLines::fromGit(StringRef Rev) {
  if (Rev.empty() || Rev.starts_with("-"))
    return createStringError("'--diff' needs a revision, not '" + Rev + "'");
  std::string Top;
  if (Error Err = runGit({"rev-parse", "--show-toplevel"}, Top))
    return std::move(Err);
  std::string Patch;
  if (Error Err = runGit({"-c", "core.quotePath=false", "diff", "-U0",
                          "--no-color", "--no-ext-diff", "--src-prefix=a/",
                          "--dst-prefix=b/", Rev, "--"},
                         Patch))
    return std::move(Err);
  return parse(Patch, StringRef(Top).trim(), ("'git diff " + Rev + "'").str());
}

bool ChangedLines::contains(StringRef File, unsigned Line) const {
  auto It = Lines.find(File.str());
  return It != Lines.end() && It->second.count(Line);
}

std::vector<std::string> ChangedLines::files() const {
  std::vector<std::string> Files;
  for (const auto &Entry : Lines)
    Files.push_back(Entry.first);
  return Files;
}

} // namespace conctidy::cli
