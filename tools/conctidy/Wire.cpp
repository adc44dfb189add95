//===--- Wire.cpp - a translation unit's result as JSON -------------------===//

#include "Wire.h"
#include "JsonInput.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/JSON.h"

using namespace clang::tidy;
using namespace clang::tooling;
using namespace llvm;

namespace conctidy::cli {

/// Text as JSON without loss: JSON strings are UTF-8, but paths, messages
/// and source text need not be, so other text goes as {"hex": "..."}.
static json::Value text(StringRef S) {
  if (json::isUTF8(S))
    return S.str();
  return json::Object{{"hex", toHex(S, /*LowerCase=*/true)}};
}

/// Reads what text() wrote.
static bool readText(const json::Value *V, std::string &Out) {
  if (!V)
    return false;
  if (std::optional<StringRef> S = V->getAsString()) {
    Out = S->str();
    return true;
  }
  if (const json::Object *O = V->getAsObject())
    if (std::optional<StringRef> Hex = O->getString("hex"))
      return tryGetFromHex(*Hex, Out);
  return false;
}

static bool readText(const json::Object &O, StringRef Key, std::string &Out,
                     json::Path P) {
  if (readText(O.get(Key), Out))
    return true;
  P.field(Key).report("expected text");
  return false;
}

static json::Value toJSON(const DiagnosticMessage &M) {
  json::Array Ranges;
  for (const FileByteRange &R : M.Ranges)
    Ranges.push_back(json::Object{{"file", text(R.FilePath)},
                                  {"offset", R.FileOffset},
                                  {"length", R.Length}});
  json::Array Fixes;
  for (const auto &FileFix : M.Fix)
    for (const Replacement &R : FileFix.second)
      Fixes.push_back(json::Object{{"file", text(R.getFilePath())},
                                   {"offset", R.getOffset()},
                                   {"length", R.getLength()},
                                   {"text", text(R.getReplacementText())}});
  return json::Object{{"message", text(M.Message)},
                      {"file", text(M.FilePath)},
                      {"offset", M.FileOffset},
                      {"ranges", std::move(Ranges)},
                      {"fixes", std::move(Fixes)}};
}

static json::Value toJSON(const ClangTidyError &E) {
  json::Array Notes;
  for (const DiagnosticMessage &Note : E.Notes)
    Notes.push_back(toJSON(Note));
  return json::Object{{"name", E.DiagnosticName},
                      {"level", static_cast<int>(E.DiagLevel)},
                      {"buildDirectory", text(E.BuildDirectory)},
                      {"warningAsError", E.IsWarningAsError},
                      {"aliases", E.EnabledDiagnosticAliases},
                      {"message", toJSON(E.Message)},
                      {"notes", std::move(Notes)}};
}

void writeResult(const TranslationUnitResult &Result, raw_ostream &OS) {
  json::Array Diagnostics;
  for (const ClangTidyError &E : Result.Diagnostics)
    Diagnostics.push_back(toJSON(E));
  json::Array Functions;
  for (const FunctionSpan &F : Result.Functions)
    Functions.push_back(json::Object{{"file", text(F.File)},
                                     {"begin", F.Begin},
                                     {"end", F.End},
                                     {"name", text(F.Name)}});
  json::Array Inputs;
  for (const InputDigest &I : Result.Inputs)
    Inputs.push_back(json::Array{text(I.Path), I.Digest});
  json::Array Lookups;
  for (const auto &[USR, Digest] : Result.LinkedLookups)
    Lookups.push_back(json::Array{text(USR), Digest});
  OS << json::Value(json::Object{{"file", text(Result.File)},
                                 {"failed", Result.Failed},
                                 {"problem", text(Result.Problem)},
                                 {"diagnostics", std::move(Diagnostics)},
                                 {"functions", std::move(Functions)},
                                 {"inputs", std::move(Inputs)},
                                 {"lookups", std::move(Lookups)}});
}

/// The array \p Key of the object \p V; reports and returns null if there
/// is none.
static const json::Array *arrayField(const json::Value &V, StringRef Key,
                                     json::Path P) {
  const json::Object *O = V.getAsObject();
  const json::Array *A = O ? O->getArray(Key) : nullptr;
  if (!A)
    P.field(Key).report("expected an array");
  return A;
}

static bool fromJSON(const json::Value &V, DiagnosticMessage &M, json::Path P) {
  json::ObjectMapper O(V, P);
  if (!O || !readText(*V.getAsObject(), "message", M.Message, P) ||
      !readText(*V.getAsObject(), "file", M.FilePath, P) ||
      !O.map("offset", M.FileOffset))
    return false;
  const json::Array *Ranges = arrayField(V, "ranges", P);
  const json::Array *Fixes = arrayField(V, "fixes", P);
  if (!Ranges || !Fixes)
    return false;
  for (const json::Value &RV : *Ranges) {
    json::ObjectMapper RO(RV, P);
    FileByteRange R;
    if (!RO || !readText(*RV.getAsObject(), "file", R.FilePath, P) ||
        !RO.map("offset", R.FileOffset) || !RO.map("length", R.Length))
      return false;
    M.Ranges.push_back(std::move(R));
  }
  for (const json::Value &FV : *Fixes) {
    json::ObjectMapper FO(FV, P);
    std::string File, Text;
    unsigned Offset = 0, Length = 0;
    if (!FO || !readText(*FV.getAsObject(), "file", File, P) ||
        !FO.map("offset", Offset) || !FO.map("length", Length) ||
        !readText(*FV.getAsObject(), "text", Text, P))
      return false;
    // The replacements come from a valid Replacements set, so they do not
    // conflict; if they do, the fix is dropped rather than mangled.
    if (Error Err = M.Fix[File].add(Replacement(File, Offset, Length, Text))) {
      consumeError(std::move(Err));
      P.report("conflicting fixes");
      return false;
    }
  }
  return true;
}

static bool fromJSON(const json::Value &V, ClangTidyError &E, json::Path P) {
  json::ObjectMapper O(V, P);
  int Level = 0;
  const json::Value *Message =
      V.getAsObject() ? V.getAsObject()->get("message") : nullptr;
  if (!O || !O.map("name", E.DiagnosticName) || !O.map("level", Level) ||
      !readText(*V.getAsObject(), "buildDirectory", E.BuildDirectory, P) ||
      !O.map("warningAsError", E.IsWarningAsError) ||
      !O.map("aliases", E.EnabledDiagnosticAliases) || !Message ||
      !fromJSON(*Message, E.Message, P.field("message")))
    return false;
  const json::Array *Notes = arrayField(V, "notes", P);
  if (!Notes)
    return false;
  if (Level != ClangTidyError::Remark && Level != ClangTidyError::Warning &&
      Level != ClangTidyError::Error) {
    P.field("level").report("unknown level");
    return false;
  }
  E.DiagLevel = static_cast<ClangTidyError::Level>(Level);
  for (const json::Value &NV : *Notes) {
    DiagnosticMessage Note;
    if (!fromJSON(NV, Note, P.field("notes")))
      return false;
    E.Notes.push_back(std::move(Note));
  }
  return true;
}

static bool fromJSON(const json::Value &V, FunctionSpan &F, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && readText(*V.getAsObject(), "file", F.File, P) &&
         O.map("begin", F.Begin) && O.map("end", F.End) &&
         readText(*V.getAsObject(), "name", F.Name, P);
}

Expected<TranslationUnitResult> readResult(StringRef Text) {
  Expected<json::Value> Parsed = parseJson(Text);
  if (!Parsed)
    return Parsed.takeError();
  TranslationUnitResult Result;
  json::Path::Root Root("result");
  json::ObjectMapper O(*Parsed, Root);
  if (!O || !readText(*Parsed->getAsObject(), "file", Result.File, Root) ||
      !O.map("failed", Result.Failed) ||
      !readText(*Parsed->getAsObject(), "problem", Result.Problem, Root))
    return Root.getError();
  const json::Array *Functions = arrayField(*Parsed, "functions", Root);
  const json::Array *Diagnostics = arrayField(*Parsed, "diagnostics", Root);
  if (!Functions || !Diagnostics)
    return Root.getError();
  for (const json::Value &FV : *Functions) {
    FunctionSpan F;
    if (!fromJSON(FV, F, Root))
      return Root.getError();
    Result.Functions.push_back(std::move(F));
  }
  for (const json::Value &DV : *Diagnostics) {
    ClangTidyError E("", ClangTidyError::Warning, "", false);
    if (!fromJSON(DV, E, Root))
      return Root.getError();
    Result.Diagnostics.push_back(std::move(E));
  }
  // Pairs of text and digest: the inputs and the linked lookups.
  auto ReadPairs = [&](StringRef Key, auto Add) {
    const json::Array *List = arrayField(*Parsed, Key, Root);
    if (!List)
      return false;
    for (const json::Value &V : *List) {
      const json::Array *Pair = V.getAsArray();
      std::string First;
      std::optional<StringRef> Second =
          Pair && Pair->size() == 2 ? (*Pair)[1].getAsString() : std::nullopt;
      if (!Second || !readText(&(*Pair)[0], First)) {
        json::Path(Root).field(Key).report("expected a pair of text and digest");
        return false;
      }
      Add(std::move(First), Second->str());
    }
    return true;
  };
  if (!ReadPairs("inputs",
                 [&](std::string Path, std::string Digest) {
                   Result.Inputs.push_back(
                       {std::move(Path), std::move(Digest)});
                 }) ||
      !ReadPairs("lookups", [&](std::string USR, std::string Digest) {
        Result.LinkedLookups.emplace_back(std::move(USR), std::move(Digest));
      }))
    return Root.getError();
  return std::move(Result);
}

void writeCommands(ArrayRef<CompileCommand> Commands, raw_ostream &OS) {
  json::Array List;
  for (const CompileCommand &C : Commands) {
    json::Array Arguments;
    for (const std::string &Argument : C.CommandLine)
      Arguments.push_back(text(Argument));
    List.push_back(json::Object{{"directory", text(C.Directory)},
                                {"file", text(C.Filename)},
                                {"arguments", std::move(Arguments)},
                                {"output", text(C.Output)}});
  }
  OS << json::Value(std::move(List));
}

Expected<std::vector<CompileCommand>> readCommands(StringRef Text) {
  Expected<json::Value> Parsed = parseJson(Text);
  if (!Parsed)
    return Parsed.takeError();
  json::Path::Root Root("commands");
  const json::Array *List = Parsed->getAsArray();
  if (!List)
    return createStringError("expected an array of compile commands");
  std::vector<CompileCommand> Commands;
  for (const json::Value &V : *List) {
    const json::Object *O = V.getAsObject();
    const json::Array *Arguments = O ? O->getArray("arguments") : nullptr;
    CompileCommand C;
    if (!O || !Arguments || !readText(*O, "directory", C.Directory, Root) ||
        !readText(*O, "file", C.Filename, Root) ||
        !readText(*O, "output", C.Output, Root))
      return createStringError("malformed compile command");
    for (const json::Value &A : *Arguments) {
      std::string Argument;
      if (!readText(&A, Argument))
        return createStringError("malformed compile command");
      C.CommandLine.push_back(std::move(Argument));
    }
    Commands.push_back(std::move(C));
  }
  return Commands;
}

} // namespace conctidy::cli
