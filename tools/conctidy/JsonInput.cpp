//===--- JsonInput.cpp - parse JSON that users give -----------------------===//

#include "JsonInput.h"

using namespace llvm;

namespace conctidy::cli {

Expected<json::Value> parseJson(StringRef Text, unsigned MaxDepth) {
  unsigned Depth = 0, Line = 1, Column = 0;
  bool InString = false, Escaped = false;
  for (char C : Text) {
    ++Column;
    if (C == '\n') {
      ++Line;
      Column = 0;
    }
    if (InString) {
      if (Escaped)
        Escaped = false;
      else if (C == '\\')
        Escaped = true;
      else if (C == '"')
        InString = false;
      continue;
    }
    if (C == '"') {
      InString = true;
    } else if (C == '[' || C == '{') {
      if (++Depth > MaxDepth)
        return createStringError("[" + Twine(Line) + ":" + Twine(Column) +
                                 "] arrays and objects nest deeper than " +
                                 Twine(MaxDepth) + " levels");
    } else if ((C == ']' || C == '}') && Depth) {
      --Depth;
    }
  }
  return json::parse(Text);
}

} // namespace conctidy::cli
