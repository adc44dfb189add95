//===--- CheckDocs.cpp - the check pages, embedded ------------------------===//

#include "CheckDocs.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

using namespace llvm;

namespace conctidy::cli {

static const CheckDoc Docs[] = {
#include "CheckDocs.inc"
};

ArrayRef<CheckDoc> checkDocs() { return Docs; }

const CheckDoc *findCheckDoc(StringRef Check) {
  for (const CheckDoc &Doc : Docs)
    if (Doc.Check == Check)
      return &Doc;
  return nullptr;
}

std::string firstParagraph(StringRef Markdown) {
  SmallVector<StringRef> Lines;
  Markdown.split(Lines, '\n');
  std::string Result;
  for (StringRef Line : Lines) {
    Line = Line.trim();
    if (Line.starts_with("#")) {
      if (!Result.empty())
        break;
      continue;
    }
    if (Line.empty()) {
      if (!Result.empty())
        break;
      continue;
    }
    if (!Result.empty())
      Result += ' ';
    Result += Line.str();
  }
  return Result;
}

} // namespace conctidy::cli
