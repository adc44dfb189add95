//===--- Wire.cpp - a translation unit's result as JSON -------------------===//

#include "Wire.h"
#include "llvm/Support/JSON.h"

using namespace clang::tidy;
using namespace clang::tooling;
using namespace llvm;

namespace conctidy::cli {

static json::Value toJSON(const DiagnosticMessage &M) {
  json::Array Ranges;
  for (const FileByteRange &R : M.Ranges)
    Ranges.push_back(json::Object{
        {"file", R.FilePath}, {"offset", R.FileOffset}, {"length", R.Length}});
  json::Array Fixes;
  for (const auto &FileFix : M.Fix)
    for (const Replacement &R : FileFix.second)
      Fixes.push_back(json::Object{{"file", R.getFilePath()},
                                   {"offset", R.getOffset()},
                                   {"length", R.getLength()},
                                   {"text", R.getReplacementText()}});
  return json::Object{{"message", M.Message},
                      {"file", M.FilePath},
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
                      {"buildDirectory", E.BuildDirectory},
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
    Functions.push_back(json::Object{{"file", F.File},
                                     {"begin", F.Begin},
                                     {"end", F.End},
                                     {"name", F.Name}});
  OS << json::Value(json::Object{{"file", Result.File},
                                 {"failed", Result.Failed},
                                 {"problem", Result.Problem},
                                 {"diagnostics", std::move(Diagnostics)},
                                 {"functions", std::move(Functions)}});
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
  if (!O || !O.map("message", M.Message) || !O.map("file", M.FilePath) ||
      !O.map("offset", M.FileOffset))
    return false;
  const json::Array *Ranges = arrayField(V, "ranges", P);
  const json::Array *Fixes = arrayField(V, "fixes", P);
  if (!Ranges || !Fixes)
    return false;
  for (const json::Value &RV : *Ranges) {
    json::ObjectMapper RO(RV, P);
    FileByteRange R;
    if (!RO || !RO.map("file", R.FilePath) || !RO.map("offset", R.FileOffset) ||
        !RO.map("length", R.Length))
      return false;
    M.Ranges.push_back(std::move(R));
  }
  for (const json::Value &FV : *Fixes) {
    json::ObjectMapper FO(FV, P);
    std::string File, Text;
    unsigned Offset = 0, Length = 0;
    if (!FO || !FO.map("file", File) || !FO.map("offset", Offset) ||
        !FO.map("length", Length) || !FO.map("text", Text))
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
      !O.map("buildDirectory", E.BuildDirectory) ||
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
  return O && O.map("file", F.File) && O.map("begin", F.Begin) &&
         O.map("end", F.End) && O.map("name", F.Name);
}

Expected<TranslationUnitResult> readResult(StringRef Text) {
  Expected<json::Value> Parsed = json::parse(Text);
  if (!Parsed)
    return Parsed.takeError();
  TranslationUnitResult Result;
  json::Path::Root Root("result");
  json::ObjectMapper O(*Parsed, Root);
  if (!O || !O.map("file", Result.File) || !O.map("failed", Result.Failed) ||
      !O.map("problem", Result.Problem) ||
      !O.map("functions", Result.Functions))
    return Root.getError();
  const json::Array *Diagnostics = arrayField(*Parsed, "diagnostics", Root);
  if (!Diagnostics)
    return Root.getError();
  for (const json::Value &DV : *Diagnostics) {
    ClangTidyError E("", ClangTidyError::Warning, "", false);
    if (!fromJSON(DV, E, Root))
      return Root.getError();
    Result.Diagnostics.push_back(std::move(E));
  }
  return std::move(Result);
}

} // namespace conctidy::cli
