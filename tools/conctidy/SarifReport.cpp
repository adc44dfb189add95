//===--- SarifReport.cpp - --format=sarif ---------------------------------===//

#include "SarifReport.h"
#include "Baseline.h"
#include "CheckDocs.h"
#include "Paths.h"
#include "Version.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include <map>

using namespace llvm;

namespace conctidy::cli {

static constexpr char SchemaURI[] =
    "https://json.schemastore.org/sarif-2.1.0.json";

/// A file URI: percent-encodes what may not appear in a URI path.
static std::string encodeURIPath(StringRef Path) {
  std::string Result;
  for (unsigned char C : Path) {
    if (isAlnum(C) || StringRef("/-._~!$&'()*+,;=:@").contains(C)) {
      Result += C;
      continue;
    }
    Result += '%';
    Result += hexdigit(C >> 4, /*LowerCase=*/false);
    Result += hexdigit(C & 15, /*LowerCase=*/false);
  }
  return Result;
}

namespace {

class SarifWriter {
public:
  explicit SarifWriter(StringRef BaseDir) : BaseDir(BaseDir) {}

  json::Value log(ArrayRef<Finding> Findings,
                  ArrayRef<TranslationUnitResult> Results);

private:
  json::Object artifactLocation(StringRef File) const;
  json::Object physicalLocation(const Location &L) const;
  json::Object region(Position Begin, std::optional<Position> End) const;
  json::Value rule(StringRef Check) const;
  json::Value result(const Finding &F, unsigned RuleIndex) const;
  json::Value invocation(ArrayRef<Finding> Findings,
                         ArrayRef<TranslationUnitResult> Results) const;

  std::string BaseDir;
};

json::Object SarifWriter::artifactLocation(StringRef File) const {
  std::string Relative = relativeTo(File, BaseDir);
  if (Relative != File)
    return json::Object{{"uri", encodeURIPath(Relative)},
                        {"uriBaseId", "SRCROOT"}};
  return json::Object{{"uri", "file://" + encodeURIPath(File)}};
}

json::Object SarifWriter::region(Position Begin,
                                 std::optional<Position> End) const {
  json::Object Region;
  if (!Begin.Line)
    return Region;
  Region["startLine"] = Begin.Line;
  Region["startColumn"] = Begin.Column;
  if (End && End->Line) {
    Region["endLine"] = End->Line;
    Region["endColumn"] = End->Column;
  }
  return Region;
}

json::Object SarifWriter::physicalLocation(const Location &L) const {
  json::Object Physical{{"artifactLocation", artifactLocation(L.File)}};
  json::Object Region = region(L.Pos, std::nullopt);
  if (!Region.empty())
    Physical["region"] = std::move(Region);
  return Physical;
}

json::Value SarifWriter::rule(StringRef Check) const {
  json::Object Rule{{"id", Check.str()}, {"name", Check.str()}};
  const CheckDoc *Doc = findCheckDoc(Check);
  std::string Summary = Doc ? firstParagraph(Doc->Markdown) : "";
  if (Summary.empty())
    Summary = ("The " + Check + " check.").str();
  Rule["shortDescription"] = json::Object{{"text", Summary}};
  Rule["fullDescription"] = json::Object{{"text", Summary}};
  json::Object Help{{"text", Summary}};
  if (Doc)
    Help["markdown"] = Doc->Markdown;
  Rule["help"] = std::move(Help);
  Rule["defaultConfiguration"] = json::Object{{"level", "warning"}};
  Rule["properties"] = json::Object{{"tags", json::Array{"concurrency"}}};
  return Rule;
}

json::Value SarifWriter::result(const Finding &F, unsigned RuleIndex) const {
  json::Object Location{{"physicalLocation", physicalLocation(F.Where)}};
  if (!F.Function.empty())
    Location["logicalLocations"] = json::Array{
        json::Object{{"fullyQualifiedName", F.Function}, {"kind", "function"}}};
  json::Object Result{{"ruleId", F.Check},
                      {"ruleIndex", RuleIndex},
                      {"level", F.Level == "error" ? "error" : "warning"},
                      {"message", json::Object{{"text", F.Message}}},
                      {"locations", json::Array{std::move(Location)}}};

  json::Array Related;
  for (size_t I = 0; I < F.Notes.size(); ++I)
    Related.push_back(
        json::Object{{"id", int64_t(I)},
                     {"physicalLocation", physicalLocation(F.Notes[I].Where)},
                     {"message", json::Object{{"text", F.Notes[I].Message}}}});
  if (!Related.empty())
    Result["relatedLocations"] = std::move(Related);

  // One fix with the replacements of all files, grouped by file.
  std::map<std::string, json::Array> Replacements;
  for (const FixEdit &Edit : F.Fixes)
    Replacements[Edit.Begin.File].push_back(
        json::Object{{"deletedRegion", region(Edit.Begin.Pos, Edit.End)},
                     {"insertedContent", json::Object{{"text", Edit.Text}}}});
  if (!Replacements.empty()) {
    json::Array Changes;
    for (auto &[File, Edits] : Replacements)
      Changes.push_back(
          json::Object{{"artifactLocation", artifactLocation(File)},
                       {"replacements", std::move(Edits)}});
    Result["fixes"] = json::Array{
        json::Object{{"description",
                      json::Object{{"text", "Apply the fix-it of " + F.Check}}},
                     {"artifactChanges", std::move(Changes)}}};
  }
  Result["partialFingerprints"] =
      json::Object{{"conctidyBaselineKey/v1", baselineFingerprint(F, BaseDir)}};
  return Result;
}

json::Value
SarifWriter::invocation(ArrayRef<Finding> Findings,
                        ArrayRef<TranslationUnitResult> Results) const {
  json::Array Notifications;
  bool Successful = true;
  for (const TranslationUnitResult &Result : Results) {
    if (!Result.Failed)
      continue;
    Successful = false;
    std::string Reason =
        Result.Problem.empty() ? "it does not compile" : Result.Problem;
    Location Where;
    Where.File = Result.File;
    Notifications.push_back(json::Object{
        {"level", "error"},
        {"message", json::Object{{"text", "analysis failed: " + Reason}}},
        {"locations", json::Array{json::Object{
                          {"physicalLocation", physicalLocation(Where)}}}}});
  }
  for (const Finding &F : Findings)
    if (F.IsCompilerError)
      Notifications.push_back(json::Object{
          {"level", F.Level == "error" ? "error" : "warning"},
          {"message", json::Object{{"text", F.Message + " [" + F.Check + "]"}}},
          {"locations",
           json::Array{json::Object{
               {"physicalLocation", physicalLocation(F.Where)}}}}});
  return json::Object{{"executionSuccessful", Successful},
                      {"toolExecutionNotifications", std::move(Notifications)}};
}

json::Value SarifWriter::log(ArrayRef<Finding> Findings,
                             ArrayRef<TranslationUnitResult> Results) {
  // Rules: every documented check and every check that reported, sorted.
  std::map<std::string, unsigned> RuleIndex;
  for (const CheckDoc &Doc : checkDocs())
    RuleIndex[Doc.Check.str()] = 0;
  for (const Finding &F : Findings)
    if (!F.IsCompilerError)
      RuleIndex[F.Check] = 0;
  json::Array Rules;
  for (auto &[Check, Index] : RuleIndex) {
    Index = Rules.size();
    Rules.push_back(rule(Check));
  }

  json::Array SarifResults;
  for (const Finding &F : Findings)
    if (!F.IsCompilerError)
      SarifResults.push_back(result(F, RuleIndex[F.Check]));

  json::Object Driver{{"name", "conctidy"},
                      {"version", ConctidyVersion},
                      {"semanticVersion", ConctidyVersion},
                      {"rules", std::move(Rules)}};
  json::Object Run{{"tool", json::Object{{"driver", std::move(Driver)}}},
                   {"invocations", json::Array{invocation(Findings, Results)}},
                   {"columnKind", "unicodeCodePoints"},
                   {"results", std::move(SarifResults)}};
  if (!BaseDir.empty()) {
    std::string Base = BaseDir;
    if (Base.back() != '/')
      Base += '/';
    Run["originalUriBaseIds"] = json::Object{
        {"SRCROOT", json::Object{{"uri", "file://" + encodeURIPath(Base)}}}};
  }
  return json::Object{{"$schema", SchemaURI},
                      {"version", "2.1.0"},
                      {"runs", json::Array{std::move(Run)}}};
}

} // namespace

void writeSarifReport(ArrayRef<Finding> Findings,
                      ArrayRef<TranslationUnitResult> Results,
                      StringRef BaseDir, raw_ostream &OS) {
  OS << formatv("{0:2}", SarifWriter(BaseDir).log(Findings, Results)) << '\n';
}

} // namespace conctidy::cli
