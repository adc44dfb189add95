//===--- Baseline.cpp - findings recorded to be ignored -------------------===//

#include "Baseline.h"
#include "JsonInput.h"
#include "Paths.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/xxhash.h"
#include <limits>

using namespace llvm;

namespace conctidy::cli {

BaselineKey baselineKey(const Finding &F, StringRef BaseDir) {
  // JSON strings are UTF-8: other bytes become U+FFFD, here as in the file.
  return {F.Check, json::fixUTF8(relativeTo(F.Where.File, BaseDir)),
          json::fixUTF8(F.Function), json::fixUTF8(F.Snippet)};
}

std::string baselineFingerprint(const Finding &F, StringRef BaseDir) {
  BaselineKey K = baselineKey(F, BaseDir);
  std::string Joined =
      K.Check + '\0' + K.File + '\0' + K.Function + '\0' + K.Snippet;
  return formatv("{0:x-16}", xxh3_64bits(Joined)).str();
}

static bool fromJSON(const json::Value &V, std::pair<BaselineKey, unsigned> &E,
                     json::Path P) {
  json::ObjectMapper O(V, P);
  int64_t Count = 0;
  if (!O || !O.map("check", E.first.Check) || !O.map("file", E.first.File) ||
      !O.map("function", E.first.Function) ||
      !O.map("snippet", E.first.Snippet) || !O.map("count", Count))
    return false;
  if (Count < 1 || Count > std::numeric_limits<unsigned>::max()) {
    P.field("count").report("expected a count of at least 1");
    return false;
  }
  E.second = static_cast<unsigned>(Count);
  return true;
}

Expected<Baseline> Baseline::load(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Text = MemoryBuffer::getFile(Path);
  if (!Text)
    return createStringError("cannot read baseline '" + Path +
                             "': " + Text.getError().message());
  auto Invalid = [&](const Twine &Why) {
    return createStringError("invalid baseline '" + Path + "': " + Why);
  };
  Expected<json::Value> Parsed = parseJson((*Text)->getBuffer());
  if (!Parsed)
    return Invalid(toString(Parsed.takeError()));
  json::Path::Root Root("baseline");
  json::ObjectMapper O(*Parsed, Root);
  int Version = 0;
  if (!O || !O.map("version", Version))
    return Invalid(toString(Root.getError()));
  if (Version != 1)
    return Invalid("unsupported version " + Twine(Version));
  const json::Array *Entries = Parsed->getAsObject()->getArray("findings");
  if (!Entries)
    return Invalid("no 'findings' array");
  Baseline Result;
  for (const json::Value &V : *Entries) {
    std::pair<BaselineKey, unsigned> Entry;
    if (!fromJSON(V, Entry, Root))
      return Invalid(toString(Root.getError()));
    Result.Counts[Entry.first] += Entry.second;
  }
  return std::move(Result);
}

Baseline Baseline::record(ArrayRef<Finding> Findings, StringRef BaseDir) {
  Baseline Result;
  for (const Finding &F : Findings)
    if (F.IsFinding)
      ++Result.Counts[baselineKey(F, BaseDir)];
  return Result;
}

void Baseline::write(raw_ostream &OS) const {
  json::Array Entries;
  for (const auto &[Key, Count] : Counts)
    Entries.push_back(json::Object{{"check", Key.Check},
                                   {"file", Key.File},
                                   {"function", Key.Function},
                                   {"snippet", Key.Snippet},
                                   {"count", Count}});
  OS << formatv("{0:2}", json::Value(json::Object{
                             {"version", 1}, {"findings", std::move(Entries)}}))
     << '\n';
}

std::vector<bool> Baseline::match(ArrayRef<Finding> Findings,
                                  StringRef BaseDir) const {
  std::map<BaselineKey, unsigned> Left = Counts;
  std::vector<bool> Matched(Findings.size(), false);
  for (size_t I = 0; I < Findings.size(); ++I) {
    if (!Findings[I].IsFinding)
      continue;
    auto It = Left.find(baselineKey(Findings[I], BaseDir));
    if (It == Left.end() || It->second == 0)
      continue;
    --It->second;
    Matched[I] = true;
  }
  return Matched;
}

} // namespace conctidy::cli
