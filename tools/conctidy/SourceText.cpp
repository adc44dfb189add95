//===--- SourceText.cpp - lines and columns of source files ---------------===//

#include "SourceText.h"
#include <algorithm>

using namespace llvm;

namespace conctidy::cli {

const SourceText::Text *SourceText::get(StringRef File) {
  auto [It, Inserted] = Files.try_emplace(File);
  if (!Inserted)
    return It->second.get();
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
      MemoryBuffer::getFile(File, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return nullptr;
  auto Result = std::make_unique<Text>();
  Result->Buffer = std::move(*Buffer);
  StringRef Content = Result->Buffer->getBuffer();
  Result->LineStarts.push_back(0);
  for (size_t I = 0; I < Content.size(); ++I)
    if (Content[I] == '\n')
      Result->LineStarts.push_back(I + 1);
  It->second = std::move(Result);
  return It->second.get();
}

Position SourceText::position(StringRef File, unsigned Offset) {
  const Text *T = get(File);
  if (!T || Offset > T->Buffer->getBufferSize())
    return {};
  auto Next =
      std::upper_bound(T->LineStarts.begin(), T->LineStarts.end(), Offset);
  unsigned Line = Next - T->LineStarts.begin();
  return {Line, Offset - T->LineStarts[Line - 1] + 1};
}

StringRef SourceText::lineAt(StringRef File, unsigned Offset) {
  const Text *T = get(File);
  Position P = position(File, Offset);
  if (!T || !P.Line)
    return {};
  StringRef Content = T->Buffer->getBuffer();
  StringRef Line = Content.substr(T->LineStarts[P.Line - 1]);
  return Line.take_until([](char C) { return C == '\n'; }).rtrim('\r');
}

} // namespace conctidy::cli
