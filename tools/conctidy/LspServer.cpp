//===--- LspServer.cpp - `conctidy lsp`: the checks in an editor ----------===//

#include "LspServer.h"
#include "Analyzer.h"
#include "JsonInput.h"
#include "Parallel.h"
#include "Paths.h"
#include "Version.h"
#include "Wire.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Threading.h"
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace clang::tidy;
using namespace llvm;
using Clock = std::chrono::steady_clock;

namespace conctidy::cli {

namespace {

// JSON-RPC error codes.
constexpr int ParseError = -32700;
constexpr int MethodNotFound = -32601;
constexpr int InvalidParams = -32602;
constexpr int ServerNotInitialized = -32002;

/// A run that takes longer than this is killed.
constexpr auto RunTimeout = std::chrono::seconds(600);

//===----------------------------------------------------------------------===//
// Transport: Content-Length framed JSON-RPC on stdin and stdout.
//===----------------------------------------------------------------------===//

/// What the reader thread hands to the main loop.
struct Incoming {
  std::optional<json::Value> Message;
  /// Why a message could not be read (answered with a parse error).
  std::string Error;
  /// stdin is closed.
  bool End = false;
};

class Transport {
public:
  /// Starts reading stdin on a thread of its own, so that the main loop
  /// never blocks on the client.
  void start() {
    std::thread([this] { readLoop(); }).detach();
  }

  /// Waits up to \p Timeout for messages, then moves them to \p Out.
  void wait(std::chrono::milliseconds Timeout, std::deque<Incoming> &Out) {
    std::unique_lock<std::mutex> Lock(Mutex);
    Ready.wait_for(Lock, Timeout, [&] { return !Queue.empty(); });
    while (!Queue.empty()) {
      Out.push_back(std::move(Queue.front()));
      Queue.pop_front();
    }
  }

  void send(const json::Value &Message) {
    std::string Body;
    raw_string_ostream(Body) << Message;
    std::string Frame =
        "Content-Length: " + std::to_string(Body.size()) + "\r\n\r\n" + Body;
    const char *Data = Frame.data();
    size_t Left = Frame.size();
    while (Left) {
      ssize_t Written = ::write(STDOUT_FILENO, Data, Left);
      if (Written < 0) {
        if (errno == EINTR)
          continue;
        return; // the client is gone; stdin's end will follow
      }
      Data += Written;
      Left -= Written;
    }
  }

private:
  void push(Incoming In) {
    std::lock_guard<std::mutex> Lock(Mutex);
    Queue.push_back(std::move(In));
    Ready.notify_one();
  }

  void readLoop() {
    for (;;) {
      // Headers up to an empty line; only Content-Length matters.
      std::optional<size_t> Length;
      char Line[1024];
      bool Eof = true;
      while (std::fgets(Line, sizeof(Line), stdin)) {
        StringRef Header = StringRef(Line).rtrim("\r\n");
        if (Header.empty()) {
          Eof = false;
          break;
        }
        if (Header.consume_front_insensitive("Content-Length:")) {
          size_t N;
          if (!Header.trim().getAsInteger(10, N))
            Length = N;
        }
      }
      if (Eof) {
        push({std::nullopt, "", true});
        return;
      }
      if (!Length) {
        push(
            {std::nullopt, "a message without a Content-Length header", false});
        continue;
      }
      std::string Body(*Length, '\0');
      if (*Length && std::fread(Body.data(), 1, *Length, stdin) != *Length) {
        push({std::nullopt, "", true});
        return;
      }
      Expected<json::Value> Parsed = parseJson(Body, /*MaxDepth=*/256);
      if (!Parsed)
        push({std::nullopt, toString(Parsed.takeError()), false});
      else
        push({std::move(*Parsed), "", false});
    }
  }

  std::mutex Mutex;
  std::condition_variable Ready;
  std::deque<Incoming> Queue;
};

//===----------------------------------------------------------------------===//
// URIs, positions and ranges.
//===----------------------------------------------------------------------===//

/// The path of a file:// URI, or none.
std::optional<std::string> pathOf(StringRef Uri) {
  if (!Uri.consume_front("file://"))
    return std::nullopt;
  std::string Path;
  for (size_t I = 0; I < Uri.size(); ++I) {
    unsigned Byte;
    if (Uri[I] == '%' && I + 2 < Uri.size() &&
        !Uri.substr(I + 1, 2).getAsInteger(16, Byte)) {
      Path += static_cast<char>(Byte);
      I += 2;
    } else {
      Path += Uri[I];
    }
  }
  if (!sys::path::is_absolute(Path))
    return std::nullopt;
  return Path;
}

std::string uriOf(StringRef Path) {
  std::string Uri = "file://";
  for (unsigned char C : Path) {
    if (isAlnum(C) || StringRef("/-._~!$&'()*+,;=:@").contains(C)) {
      Uri += C;
      continue;
    }
    Uri += '%';
    Uri += hexdigit(C >> 4, /*LowerCase=*/false);
    Uri += hexdigit(C & 15, /*LowerCase=*/false);
  }
  return Uri;
}

struct Position {
  unsigned Line = 0, Character = 0;
  bool operator<=(const Position &O) const {
    return Line < O.Line || (Line == O.Line && Character <= O.Character);
  }
};

json::Value toJSON(const Position &P) {
  return json::Object{{"line", P.Line}, {"character", P.Character}};
}

bool fromJSON(const json::Value &V, Position &P, json::Path Path) {
  json::ObjectMapper O(V, Path);
  return O && O.map("line", P.Line) && O.map("character", P.Character);
}

struct Range {
  Position Start, End;
};

json::Value toJSON(const Range &R) {
  return json::Object{{"start", R.Start}, {"end", R.End}};
}

bool fromJSON(const json::Value &V, Range &R, json::Path Path) {
  json::ObjectMapper O(V, Path);
  return O && O.map("start", R.Start) && O.map("end", R.End);
}

bool overlap(const Range &A, const Range &B) {
  return A.Start <= B.End && B.Start <= A.End;
}

/// The files a run's diagnostics point into, read once per run, with
/// positions in the encoding the client chose.
class Texts {
public:
  explicit Texts(bool Utf8) : Utf8(Utf8) {}

  Position at(StringRef File, unsigned Offset) {
    StringRef Text = get(File);
    StringRef Before = Text.take_front(Offset);
    size_t NewLine = Before.rfind('\n');
    size_t LineStart = NewLine == StringRef::npos ? 0 : NewLine + 1;
    Position P;
    P.Line = Before.count('\n');
    StringRef Column = Before.drop_front(LineStart);
    if (Utf8) {
      P.Character = Column.size();
      return P;
    }
    // UTF-16 code units: one per code point, two for those above U+FFFF.
    for (unsigned char C : Column) {
      if ((C & 0xC0) != 0x80)
        ++P.Character;
      if (C >= 0xF0)
        ++P.Character;
    }
    return P;
  }

  /// The range of the token at \p Offset (an identifier, or one character).
  Range tokenAt(StringRef File, unsigned Offset) {
    StringRef Text = get(File);
    size_t End = Offset;
    while (End < Text.size() && (isAlnum(Text[End]) || Text[End] == '_'))
      ++End;
    if (End == Offset && End < Text.size() && Text[End] != '\n')
      ++End;
    return {at(File, Offset), at(File, End)};
  }

  Range span(StringRef File, unsigned Offset, unsigned Length) {
    return {at(File, Offset), at(File, Offset + Length)};
  }

private:
  StringRef get(StringRef File) {
    auto It = Cache.find(File);
    if (It == Cache.end()) {
      std::string Text;
      if (ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
              MemoryBuffer::getFile(File, /*IsText=*/false,
                                    /*RequiresNullTerminator=*/false))
        Text = (*Buffer)->getBuffer().str();
      It = Cache.try_emplace(File, std::move(Text)).first;
    }
    return It->second;
  }

  bool Utf8;
  StringMap<std::string> Cache;
};

//===----------------------------------------------------------------------===//
// The server.
//===----------------------------------------------------------------------===//

/// A worker analyzing a document.
struct Run {
  pid_t Pid = 0;
  Clock::time_point Started;
  std::string ResultPath, LogPath;
};

/// A fix-it offered as a code action.
struct QuickFix {
  Range Where;
  std::string Title;
  json::Value Diagnostic;
  json::Value Edit;
};

struct Document {
  std::string Uri, Path;
  std::optional<Run> Running;
  /// Analyze again as soon as a slot is free.
  bool Pending = false;
  std::vector<QuickFix> Fixes;
};

class Server {
public:
  Server(std::string Executable, ArrayRef<std::string> WorkerArguments,
         std::string TempDir)
      : Executable(std::move(Executable)),
        WorkerArguments(WorkerArguments.begin(), WorkerArguments.end()),
        TempDir(std::move(TempDir)) {
    unsigned Threads = llvm::hardware_concurrency().compute_thread_count();
    MaxRuns = std::max(1u, Threads / 2);
  }

  int run() {
    In.start();
    for (;;) {
      std::deque<Incoming> Messages;
      In.wait(std::chrono::milliseconds(Running() ? 10 : 200), Messages);
      for (Incoming &Message : Messages) {
        if (Message.End)
          return stop(1);
        if (!Message.Message) {
          send(json::Object{
              {"jsonrpc", "2.0"},
              {"id", nullptr},
              {"error", json::Object{{"code", ParseError},
                                     {"message", Message.Error}}}});
          continue;
        }
        if (std::optional<int> Exit = handle(*Message.Message))
          return stop(*Exit);
      }
      if (int Signal = pendingInterrupt())
        return stop(128 + Signal);
      poll();
      startPending();
    }
  }

private:
  unsigned Running() const {
    unsigned N = 0;
    for (const auto &Entry : Docs)
      N += Entry.second.Running.has_value();
    return N;
  }

  void send(json::Value Message) { In.send(Message); }

  void reply(const json::Value &Id, json::Value Result) {
    send(json::Object{{"jsonrpc", "2.0"}, {"id", Id}, {"result", Result}});
  }

  void replyError(const json::Value &Id, int Code, const Twine &Message) {
    send(json::Object{
        {"jsonrpc", "2.0"},
        {"id", Id},
        {"error", json::Object{{"code", Code}, {"message", Message.str()}}}});
  }

  void notify(StringRef Method, json::Value Params) {
    send(json::Object{
        {"jsonrpc", "2.0"}, {"method", Method}, {"params", Params}});
  }

  /// window/logMessage; \p Type 1 error, 2 warning, 3 info, 4 log.
  void log(int Type, const Twine &Message) {
    notify("window/logMessage",
           json::Object{{"type", Type},
                        {"message", json::fixUTF8(Message.str())}});
  }

  /// Handles one message; the exit code if the server is to stop.
  std::optional<int> handle(const json::Value &Message) {
    const json::Object *O = Message.getAsObject();
    if (!O)
      return std::nullopt;
    std::optional<StringRef> Method = O->getString("method");
    const json::Value *Id = O->get("id");
    const json::Value *Params = O->get("params");
    static const json::Value Null = nullptr;
    if (!Params)
      Params = &Null;
    if (!Method)
      return std::nullopt; // a response to a request of ours: none are sent
    if (*Method == "exit")
      return ShutDown ? 0 : 1;
    if (*Method == "initialize") {
      initialize(*Params);
      if (Id)
        reply(*Id, capabilities());
      return std::nullopt;
    }
    if (!Initialized) {
      if (Id)
        replyError(*Id, ServerNotInitialized, "the server is not initialized");
      return std::nullopt;
    }
    if (*Method == "shutdown") {
      cancelAll();
      ShutDown = true;
      if (Id)
        reply(*Id, nullptr);
      return std::nullopt;
    }
    const json::Object *P = Params->getAsObject();
    const json::Object *Document = P ? P->getObject("textDocument") : nullptr;
    std::optional<StringRef> Uri =
        Document ? Document->getString("uri") : std::nullopt;
    if (*Method == "textDocument/didOpen" ||
        *Method == "textDocument/didSave") {
      if (Uri && !ShutDown)
        schedule(*Uri);
      return std::nullopt;
    }
    if (*Method == "textDocument/didClose") {
      if (Uri)
        close(*Uri);
      return std::nullopt;
    }
    if (*Method == "textDocument/codeAction") {
      if (Id)
        codeAction(*Id, P, Uri);
      return std::nullopt;
    }
    if (Id)
      replyError(*Id, MethodNotFound, "unsupported method '" + *Method + "'");
    return std::nullopt;
  }

  void initialize(const json::Value &Params) {
    Initialized = true;
    // LSP 3.17: the client lists the encodings it supports; UTF-16 is the
    // default, UTF-8 matches clang's byte columns.
    if (const json::Object *P = Params.getAsObject())
      if (const json::Object *Capabilities = P->getObject("capabilities"))
        if (const json::Object *General = Capabilities->getObject("general"))
          if (const json::Array *Encodings =
                  General->getArray("positionEncodings"))
            for (const json::Value &E : *Encodings)
              if (E.getAsString() == StringRef("utf-8"))
                Utf8 = true;
  }

  json::Value capabilities() const {
    return json::Object{
        {"capabilities",
         json::Object{
             {"positionEncoding", Utf8 ? "utf-8" : "utf-16"},
             {"textDocumentSync",
              json::Object{{"openClose", true},
                           {"change", 0},
                           {"save", json::Object{{"includeText", false}}}}},
             {"codeActionProvider",
              json::Object{{"codeActionKinds", json::Array{"quickfix"}}}}}},
        {"serverInfo",
         json::Object{{"name", "conctidy"}, {"version", ConctidyVersion}}}};
  }

  /// Analyzes the document (again) as soon as possible; a run in progress
  /// for it is stale and killed.
  void schedule(StringRef Uri) {
    std::optional<std::string> Path = pathOf(Uri);
    if (!Path) {
      log(2, "conctidy: not a file URI, not analyzed: " + Uri);
      return;
    }
    Document &Doc = Docs[Uri.str()];
    Doc.Uri = Uri.str();
    Doc.Path = *Path;
    cancel(Doc);
    if (!Doc.Pending) {
      Doc.Pending = true;
      Queue.push_back(Doc.Uri);
    }
  }

  void close(StringRef Uri) {
    auto It = Docs.find(Uri.str());
    if (It == Docs.end())
      return;
    cancel(It->second);
    publish(It->second, json::Array());
    Docs.erase(It);
  }

  void cancel(Document &Doc) {
    if (!Doc.Running)
      return;
    ::kill(-Doc.Running->Pid, SIGKILL);
    int Status;
    while (::waitpid(Doc.Running->Pid, &Status, 0) < 0 && errno == EINTR) {
    }
    sys::fs::remove(Doc.Running->ResultPath);
    sys::fs::remove(Doc.Running->LogPath);
    Doc.Running.reset();
  }

  void cancelAll() {
    for (auto &Entry : Docs) {
      cancel(Entry.second);
      Entry.second.Pending = false;
    }
    Queue.clear();
  }

  void startPending() {
    while (!Queue.empty() && Running() < MaxRuns) {
      std::string Uri = std::move(Queue.front());
      Queue.pop_front();
      auto It = Docs.find(Uri);
      if (It == Docs.end() || !It->second.Pending)
        continue;
      start(It->second);
    }
  }

  void start(Document &Doc) {
    Doc.Pending = false;
    Run R;
    SmallString<256> Base(TempDir);
    sys::path::append(Base, std::to_string(++Runs));
    R.ResultPath = (Base + ".json").str();
    R.LogPath = (Base + ".log").str();
    std::vector<std::string> Args = {
        Executable, "--conctidy-worker=" + Doc.Path,
        "--conctidy-worker-output=" + R.ResultPath,
        "--conctidy-worker-discover",
        "--conctidy-parent=" + std::to_string(::getpid())};
    Args.insert(Args.end(), WorkerArguments.begin(), WorkerArguments.end());
    std::string Error;
    R.Pid = spawnInOwnGroup(Args, R.LogPath, Error);
    if (!R.Pid) {
      log(1, "conctidy: cannot run a worker for '" + Doc.Path + "': " + Error);
      return;
    }
    R.Started = Clock::now();
    Doc.Running = std::move(R);
  }

  void poll() {
    for (auto &Entry : Docs) {
      Document &Doc = Entry.second;
      if (!Doc.Running)
        continue;
      int Status = 0;
      pid_t Exited = ::waitpid(Doc.Running->Pid, &Status, WNOHANG);
      if (Exited == Doc.Running->Pid) {
        ::kill(-Doc.Running->Pid, SIGKILL);
        finish(Doc, Status);
      } else if (Clock::now() - Doc.Running->Started > RunTimeout) {
        log(1, "conctidy: the analysis of '" + Doc.Path + "' timed out");
        cancel(Doc);
      }
    }
  }

  static std::string readAndRemove(StringRef Path) {
    std::string Text;
    if (ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
            MemoryBuffer::getFile(Path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false))
      Text = (*Buffer)->getBuffer().str();
    sys::fs::remove(Path);
    return Text;
  }

  void finish(Document &Doc, int Status) {
    Run R = std::move(*Doc.Running);
    Doc.Running.reset();
    std::string Log = readAndRemove(R.LogPath);
    std::string Output = readAndRemove(R.ResultPath);
    if (!StringRef(Log).trim().empty())
      log(4, StringRef(Log).rtrim());
    if (WIFSIGNALED(Status) || !WIFEXITED(Status) || WEXITSTATUS(Status)) {
      log(1, "conctidy: the analysis of '" + Doc.Path + "' failed" +
                 (WIFSIGNALED(Status)
                      ? " (" + Twine(strsignal(WTERMSIG(Status))) + ")"
                      : Twine()));
      return;
    }
    Expected<TranslationUnitResult> Result = readResult(Output);
    if (!Result) {
      log(1, "conctidy: cannot read the result for '" + Doc.Path +
                 "': " + toString(Result.takeError()));
      return;
    }
    if (!Result->Problem.empty())
      log(1, "conctidy: the analysis of '" + Doc.Path +
                 "' failed: " + Result->Problem);
    publish(Doc, diagnostics(Doc, *Result));
  }

  bool isDocumentFile(const Document &Doc, StringRef File) {
    if (File == Doc.Path)
      return true;
    return sys::fs::equivalent(File, Doc.Path);
  }

  /// The LSP diagnostics of the document in \p Result (not the compiler
  /// errors, which clangd reports), remembering their fix-its.
  json::Array diagnostics(Document &Doc, const TranslationUnitResult &Result) {
    Texts Files(Utf8);
    json::Array Diagnostics;
    Doc.Fixes.clear();
    for (const ClangTidyError &E : Result.Diagnostics) {
      if (isCompilerError(E))
        continue;
      std::string File = absolutePath(E.Message.FilePath, E.BuildDirectory);
      if (!isDocumentFile(Doc, File))
        continue;
      Range Where = Files.tokenAt(File, E.Message.FileOffset);
      for (const clang::tooling::FileByteRange &R : E.Message.Ranges)
        if (absolutePath(R.FilePath, E.BuildDirectory) == File &&
            R.FileOffset <= E.Message.FileOffset &&
            E.Message.FileOffset < R.FileOffset + R.Length) {
          Where = Files.span(File, R.FileOffset, R.Length);
          break;
        }
      json::Array Related;
      for (const clang::tooling::DiagnosticMessage &Note : E.Notes) {
        if (Note.FilePath.empty())
          continue;
        std::string NoteFile = absolutePath(Note.FilePath, E.BuildDirectory);
        Related.push_back(json::Object{
            {"location",
             json::Object{{"uri", uriOf(NoteFile)},
                          {"range", Files.tokenAt(NoteFile, Note.FileOffset)}}},
            {"message", json::fixUTF8(Note.Message)}});
      }
      int Severity = E.DiagLevel == ClangTidyError::Error     ? 1
                     : E.DiagLevel == ClangTidyError::Warning ? 2
                                                              : 3;
      json::Object Diagnostic{{"range", Where},
                              {"severity", Severity},
                              {"code", E.DiagnosticName},
                              {"source", "conctidy"},
                              {"message", json::fixUTF8(E.Message.Message)}};
      if (!Related.empty())
        Diagnostic["relatedInformation"] = std::move(Related);

      json::Object Changes;
      for (const auto &FileFix : E.Message.Fix) {
        json::Array Edits;
        for (const clang::tooling::Replacement &R : FileFix.second) {
          std::string Target = absolutePath(R.getFilePath(), E.BuildDirectory);
          Edits.push_back(json::Object{
              {"range", Files.span(Target, R.getOffset(), R.getLength())},
              {"newText", json::fixUTF8(R.getReplacementText())}});
        }
        if (!Edits.empty())
          Changes[uriOf(absolutePath(FileFix.first(), E.BuildDirectory))] =
              std::move(Edits);
      }
      if (!Changes.empty()) {
        QuickFix Fix{Where, "Apply the fix of " + E.DiagnosticName,
                     json::Object(Diagnostic),
                     json::Object{{"changes", std::move(Changes)}}};
        Doc.Fixes.push_back(std::move(Fix));
      }
      Diagnostics.push_back(std::move(Diagnostic));
    }
    return Diagnostics;
  }

  void publish(const Document &Doc, json::Array Diagnostics) {
    notify("textDocument/publishDiagnostics",
           json::Object{{"uri", Doc.Uri},
                        {"diagnostics", std::move(Diagnostics)}});
  }

  void codeAction(const json::Value &Id, const json::Object *Params,
                  std::optional<StringRef> Uri) {
    Range Wanted;
    json::Path::Root Root("params");
    if (!Uri || !Params || !Params->get("range") ||
        !fromJSON(*Params->get("range"), Wanted,
                  json::Path(Root).field("range"))) {
      replyError(Id, InvalidParams, "expected a textDocument and a range");
      return;
    }
    json::Array Actions;
    auto It = Docs.find(Uri->str());
    if (It != Docs.end())
      for (const QuickFix &Fix : It->second.Fixes)
        if (overlap(Fix.Where, Wanted))
          Actions.push_back(
              json::Object{{"title", Fix.Title},
                           {"kind", "quickfix"},
                           {"diagnostics", json::Array{Fix.Diagnostic}},
                           {"isPreferred", true},
                           {"edit", Fix.Edit}});
    reply(Id, std::move(Actions));
  }

  int stop(int Code) {
    cancelAll();
    sys::fs::remove_directories(TempDir);
    return Code;
  }

  /// Never destroyed: its reader thread may still be blocked on stdin when
  /// the server returns.
  Transport &In = *new Transport;
  std::string Executable;
  std::vector<std::string> WorkerArguments;
  std::string TempDir;
  unsigned MaxRuns = 1;
  unsigned Runs = 0;
  bool Initialized = false;
  bool ShutDown = false;
  bool Utf8 = false;
  /// By URI.
  std::map<std::string, Document> Docs;
  /// URIs to analyze, in the order asked.
  std::deque<std::string> Queue;
};

} // namespace

int runLanguageServer(const char *Argv0, ArrayRef<std::string> Arguments) {
  for (const std::string &Arg : Arguments)
    if (Arg == "--help" || Arg == "-help" || Arg == "-h") {
      outs() << "usage: conctidy lsp [--checks=<globs>] [--config=<yaml>] "
                "[--config-file=<file>]\n\n"
                "Runs a language server on stdin and stdout that publishes "
                "the conc-* diagnostics\nof the files an editor opens and "
                "saves, beside clangd. See docs/editors.md.\n";
      return 0;
    }
  catchInterrupts();
  std::string Executable = sys::fs::getMainExecutable(
      Argv0, reinterpret_cast<void *>(&runLanguageServer));
  SmallString<256> TempDir;
  if (std::error_code EC =
          sys::fs::createUniqueDirectory("conctidy-lsp", TempDir)) {
    errs() << "conctidy: error: cannot make a temporary directory: "
           << EC.message() << '\n';
    return 2;
  }
  return Server(Executable, Arguments, std::string(TempDir)).run();
}

} // namespace conctidy::cli
