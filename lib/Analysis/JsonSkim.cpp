//===--- JsonSkim.cpp - The members of a JSON object, values unparsed -----===//

#include "JsonSkim.h"
#include "llvm/Support/JSON.h"

namespace conctidy {

namespace {

class Skimmer {
public:
  explicit Skimmer(llvm::StringRef Text) : Text(Text) {}

  llvm::Error
  object(llvm::function_ref<void(std::string, llvm::StringRef)> Member) {
    space();
    if (!eat('{'))
      return fail("expected '{'");
    space();
    if (!eat('}')) {
      for (;;) {
        space();
        size_t KeyBegin = Pos;
        if (!string())
          return fail("expected a key");
        llvm::StringRef Key = Text.slice(KeyBegin, Pos);
        space();
        if (!eat(':'))
          return fail("expected ':'");
        space();
        size_t ValueBegin = Pos;
        if (!value())
          return fail("malformed value");
        std::string Decoded;
        if (!decode(Key, Decoded))
          return failAt(KeyBegin, "malformed key");
        Member(std::move(Decoded), Text.slice(ValueBegin, Pos));
        space();
        if (eat(','))
          continue;
        if (eat('}'))
          break;
        return fail("expected ',' or '}'");
      }
    }
    space();
    if (Pos != Text.size())
      return fail("text after the object");
    return llvm::Error::success();
  }

private:
  bool eat(char C) {
    if (Pos < Text.size() && Text[Pos] == C) {
      ++Pos;
      return true;
    }
    return false;
  }

  void space() {
    while (Pos < Text.size() && llvm::StringRef(" \t\r\n").contains(Text[Pos]))
      ++Pos;
  }

  /// A string from its opening quote to past its closing one.
  bool string() {
    if (!eat('"'))
      return false;
    while (Pos < Text.size()) {
      char C = Text[Pos++];
      if (C == '"')
        return true;
      if (C == '\\')
        ++Pos; // The escaped character (a \u's digits are plain).
    }
    return false;
  }

  /// A value: its end is where its brackets close, strings skipped.
  bool value() {
    if (Pos >= Text.size())
      return false;
    char First = Text[Pos];
    if (First == '"')
      return string();
    if (First != '{' && First != '[') {
      size_t Begin = Pos;
      while (Pos < Text.size() &&
             !llvm::StringRef(",}] \t\r\n").contains(Text[Pos]))
        ++Pos;
      return Pos != Begin;
    }
    std::string Closing; // What each open bracket needs, innermost last.
    while (Pos < Text.size()) {
      char C = Text[Pos];
      if (C == '"') {
        if (!string())
          return false;
        continue;
      }
      if (C == '{' || C == '[') {
        Closing.push_back(C == '{' ? '}' : ']');
      } else if (C == '}' || C == ']') {
        if (C != Closing.back())
          return false;
        Closing.pop_back();
        if (Closing.empty()) {
          ++Pos;
          return true;
        }
      }
      ++Pos;
    }
    return false;
  }

  static bool decode(llvm::StringRef Quoted, std::string &Out) {
    llvm::StringRef Inner = Quoted.drop_front().drop_back();
    if (!Inner.contains('\\')) {
      Out = Inner.str();
      return true;
    }
    llvm::Expected<llvm::json::Value> V = llvm::json::parse(Quoted);
    if (!V) {
      llvm::consumeError(V.takeError());
      return false;
    }
    std::optional<llvm::StringRef> S = V->getAsString();
    if (!S)
      return false;
    Out = S->str();
    return true;
  }

  llvm::Error fail(const char *What) { return failAt(Pos, What); }
  llvm::Error failAt(size_t At, const char *What) {
    return llvm::createStringError(
        std::make_error_code(std::errc::invalid_argument), "%s at offset %zu",
        What, At);
  }

  llvm::StringRef Text;
  size_t Pos = 0;
};

} // namespace

llvm::Error skimJsonObject(
    llvm::StringRef Text,
    llvm::function_ref<void(std::string Key, llvm::StringRef Value)> Member) {
  return Skimmer(Text).object(Member);
}

} // namespace conctidy
