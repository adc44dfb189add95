//===--- JsonReport.cpp - --format=json -----------------------------------===//

#include "JsonReport.h"
#include "Version.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

using namespace llvm;

namespace conctidy::cli {

static json::Object toJSON(const Location &L) {
  return json::Object{{"file", L.File},
                      {"line", L.Pos.Line},
                      {"column", L.Pos.Column},
                      {"offset", L.Offset}};
}

static json::Value toJSON(const Finding &F) {
  json::Object Result = toJSON(F.Where);
  Result["check"] = F.Check;
  Result["level"] = F.Level;
  Result["message"] = F.Message;
  Result["function"] = F.Function;
  json::Array Notes;
  for (const FindingNote &Note : F.Notes) {
    json::Object N = toJSON(Note.Where);
    N["message"] = Note.Message;
    Notes.push_back(std::move(N));
  }
  Result["notes"] = std::move(Notes);
  json::Array Fixes;
  for (const FixEdit &Edit : F.Fixes) {
    json::Object E = toJSON(Edit.Begin);
    E["endLine"] = Edit.End.Line;
    E["endColumn"] = Edit.End.Column;
    E["length"] = Edit.Length;
    E["replacement"] = Edit.Text;
    Fixes.push_back(std::move(E));
  }
  Result["fixes"] = std::move(Fixes);
  return Result;
}

void writeJsonReport(ArrayRef<Finding> Findings,
                     ArrayRef<TranslationUnitResult> Results, const Summary &S,
                     raw_ostream &OS) {
  json::Array Diagnostics;
  for (const Finding &F : Findings)
    Diagnostics.push_back(toJSON(F));
  json::Array Failures;
  for (const TranslationUnitResult &Result : Results)
    if (Result.Failed)
      Failures.push_back(
          json::Object{{"file", Result.File},
                       {"reason", Result.Problem.empty() ? "it does not compile"
                                                         : Result.Problem}});
  json::Object Report{
      {"version", 1},
      {"tool", json::Object{{"name", "conctidy"},
                            {"version", ConctidyVersion},
                            {"llvmVersion", LLVMVersion}}},
      {"summary", json::Object{{"findings", S.Findings},
                               {"filesWithFindings", S.FilesWithFindings},
                               {"baselined", S.Baselined},
                               {"translationUnits", S.TranslationUnits},
                               {"failed", S.Failed}}},
      {"diagnostics", std::move(Diagnostics)},
      {"failures", std::move(Failures)}};
  OS << formatv("{0:2}", json::Value(std::move(Report))) << '\n';
}

} // namespace conctidy::cli
