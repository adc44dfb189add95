//===--- ResultCache.cpp - reuse the results of unchanged units -----------===//

#include "ResultCache.h"
#include "OutputFile.h"
#include "Version.h"
#include "Wire.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"

using namespace llvm;

namespace conctidy::cli {

/// The first line of every entry; a change of layout changes it.
static constexpr char EntryMagic[] = "conctidy-cache 1\n";

/// The sections of an entry, in this order.
static constexpr StringRef SectionNames[] = {"result", "log", "summaries"};

Expected<ResultCache> ResultCache::open(StringRef Dir, StringRef Executable) {
  if (std::error_code EC = sys::fs::create_directories(Dir))
    return createStringError(EC, "cannot create the cache directory '" + Dir +
                                     "': " + EC.message());
  ErrorOr<std::unique_ptr<MemoryBuffer>> Program =
      MemoryBuffer::getFile(Executable);
  if (!Program)
    return createStringError(
        Program.getError(),
        "cannot read '" + Executable +
            "' to key the cache: " + Program.getError().message());
  ResultCache Cache;
  Cache.Dir = Dir.str();
  // A rebuilt conctidy of the same version is another program.
  Cache.Program = (Twine(ConctidyVersion) + " " + LLVMVersion + " " +
                   digestOf((*Program)->getBuffer()))
                      .str();
  return std::move(Cache);
}

std::string
ResultCache::keyFor(ArrayRef<clang::tooling::CompileCommand> Commands,
                    StringRef Config, StringRef Pass) const {
  SHA256 Hash;
  // Each field with its length first, so that no two lists of fields hash
  // the same text.
  auto Add = [&](StringRef Field) {
    Hash.update(std::to_string(Field.size()) + ":");
    Hash.update(Field);
  };
  Add(Program);
  Add(Pass);
  Add(Config);
  for (const clang::tooling::CompileCommand &C : Commands) {
    Add(C.Directory);
    Add(C.Filename);
    Add(std::to_string(C.CommandLine.size()));
    for (const std::string &Argument : C.CommandLine)
      Add(Argument);
  }
  std::array<uint8_t, 32> Digest = Hash.final();
  return toHex(ArrayRef<uint8_t>(Digest), /*LowerCase=*/true);
}

std::string ResultCache::entryPath(StringRef Key) const {
  SmallString<256> Path(Dir);
  sys::path::append(Path, Key.take_front(2), Key);
  return std::string(Path);
}

const std::string &ResultCache::currentDigest(StringRef Path) {
  auto [It, New] = Digests.try_emplace(Path);
  if (New)
    if (ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
            MemoryBuffer::getFile(Path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false))
      It->second = digestOf((*Buffer)->getBuffer());
  return It->second;
}

const std::string &ResultCache::linkedDigest(const SummaryTable &Linked,
                                             StringRef USR) {
  auto [It, New] = LinkedDigests.try_emplace(USR);
  if (New) {
    std::string Entry = Linked.entryText(USR);
    if (!Entry.empty())
      It->second = digestOf(Entry);
  }
  return It->second;
}

namespace {

/// An entry's text: the magic line, "key <key>", each section as
/// "<name> <length>\n<bytes>\n", then "end <digest of all before>\n".
std::string spellEntry(StringRef Key, ArrayRef<std::string> Sections) {
  std::string Text = EntryMagic;
  Text += "key " + Key.str() + "\n";
  for (size_t I = 0; I < Sections.size(); ++I)
    Text += (SectionNames[I] + " " + Twine(Sections[I].size()) + "\n" +
             Sections[I] + "\n")
                .str();
  Text += "end " + digestOf(Text) + "\n";
  return Text;
}

/// Reads what spellEntry wrote for \p Key; false with \p Why set if it is not
/// that.
bool parseEntry(StringRef Text, StringRef Key,
                std::vector<std::string> &Sections, std::string &Why) {
  StringRef Rest = Text;
  if (!Rest.consume_front(EntryMagic)) {
    Why = "not a conctidy cache entry of this format";
    return false;
  }
  if (!Rest.consume_front(("key " + Key + "\n").str())) {
    Why = "it is the entry of another key";
    return false;
  }
  for (StringRef Name : SectionNames) {
    size_t Length = 0;
    if (!Rest.consume_front(Name) || !Rest.consume_front(" ") ||
        Rest.consumeInteger(10, Length) || !Rest.consume_front("\n") ||
        Rest.size() < Length + 1 || Rest[Length] != '\n') {
      Why = ("section '" + Name + "' is truncated or malformed").str();
      return false;
    }
    Sections.push_back(Rest.take_front(Length).str());
    Rest = Rest.drop_front(Length + 1);
  }
  StringRef Checked = Text.drop_back(Rest.size());
  if (Rest != ("end " + digestOf(Checked) + "\n")) {
    Why = "its digest does not match its content";
    return false;
  }
  return true;
}

} // namespace

std::optional<CachedUnit> ResultCache::lookup(StringRef Key, StringRef File,
                                              const SummaryTable *Linked,
                                              raw_ostream &Notes) {
  ++Misses; // Until it is a hit.
  std::string Path = entryPath(Key);
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer = MemoryBuffer::getFile(
      Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return std::nullopt; // Never analyzed with this key.
  auto Corrupt = [&](const Twine &Why) {
    Notes << "conctidy: note: ignoring the corrupt cache entry '" << Path
          << "' (" << Why << "); analyzing '" << File << "' again\n";
    return std::nullopt;
  };
  std::vector<std::string> Sections;
  std::string Why;
  if (!parseEntry((*Buffer)->getBuffer(), Key, Sections, Why))
    return Corrupt(Why);
  Expected<TranslationUnitResult> Result = readResult(Sections[0]);
  if (!Result)
    return Corrupt(toString(Result.takeError()));
  if (Result->Inputs.empty())
    return Corrupt("it lists no input files");
  for (const InputDigest &Input : Result->Inputs)
    if (currentDigest(Input.Path) != Input.Digest)
      return std::nullopt; // Changed since.
  // Without a table every function looked up must have been missing.
  for (const auto &[USR, Digest] : Result->LinkedLookups)
    if ((Linked ? linkedDigest(*Linked, USR) : "") != Digest)
      return std::nullopt;
  --Misses;
  ++Hits;
  CachedUnit Unit;
  Unit.Result = std::move(*Result);
  Unit.Result.File = File.str();
  Unit.Result.Log = std::move(Sections[1]);
  Unit.Summaries = std::move(Sections[2]);
  return Unit;
}

void ResultCache::store(StringRef Key, const CachedUnit &Unit,
                        raw_ostream &Notes) {
  std::string Result;
  raw_string_ostream OS(Result);
  writeResult(Unit.Result, OS);
  std::string Text = spellEntry(Key, {Result, Unit.Result.Log, Unit.Summaries});
  std::string Path = entryPath(Key);
  std::error_code EC =
      sys::fs::create_directories(sys::path::parent_path(Path));
  Error Err =
      EC ? createStringError(EC, "cannot create the directory of '" + Path +
                                     "': " + EC.message())
         : writeFileAtomically(Path, [&](raw_ostream &Out) { Out << Text; });
  if (!Err)
    return;
  if (!WarnedWrite)
    Notes << "conctidy: warning: cannot write to the cache: "
          << toString(std::move(Err)) << "; going on without storing\n";
  else
    consumeError(std::move(Err));
  WarnedWrite = true;
}

} // namespace conctidy::cli
