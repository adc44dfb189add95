//===--- FunctionIndex.cpp - where the functions of a TU are --------------===//

#include "FunctionIndex.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang/AST/DeclCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/Support/Path.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace llvm;

namespace conctidy::cli {

static std::vector<FunctionSpan> *IndexSink = nullptr;

void setFunctionIndexSink(std::vector<FunctionSpan> *Sink) { IndexSink = Sink; }

StringRef enclosingFunction(ArrayRef<FunctionSpan> Functions, StringRef File,
                            unsigned Offset) {
  const FunctionSpan *Best = nullptr;
  for (const FunctionSpan &F : Functions)
    if (F.File == File && F.Begin <= Offset && Offset <= F.End &&
        (!Best || F.Begin > Best->Begin))
      Best = &F;
  return Best ? StringRef(Best->Name) : StringRef();
}

namespace {

class FunctionIndexCheck : public tidy::ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;

  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(functionDecl(isDefinition()).bind("function"), this);
  }

  void check(const MatchFinder::MatchResult &Result) override {
    const auto *F = Result.Nodes.getNodeAs<FunctionDecl>("function");
    if (!IndexSink || !F || F->isImplicit() || F->isTemplateInstantiation())
      return;
    // A lambda belongs to the function that spells it.
    if (const auto *M = dyn_cast<CXXMethodDecl>(F);
        M && M->getParent() && M->getParent()->isLambda())
      return;
    const SourceManager &SM = *Result.SourceManager;
    SourceLocation Begin = SM.getExpansionLoc(F->getBeginLoc());
    SourceLocation End = SM.getExpansionLoc(F->getEndLoc());
    if (Begin.isInvalid() || End.isInvalid() || SM.isInSystemHeader(Begin))
      return;
    FileID File = SM.getFileID(Begin);
    if (File != SM.getFileID(End))
      return;
    SmallString<256> Path(SM.getFilename(Begin));
    if (Path.empty())
      return;
    if (SM.getFileManager().getVirtualFileSystem().makeAbsolute(Path))
      return;
    sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
    IndexSink->push_back({std::string(Path), SM.getFileOffset(Begin),
                          SM.getFileOffset(End),
                          F->getQualifiedNameAsString()});
  }
};

class InternalModule : public tidy::ClangTidyModule {
public:
  void addCheckFactories(tidy::ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<FunctionIndexCheck>(FunctionIndexCheckName);
  }
};

} // namespace

static tidy::ClangTidyModuleRegistry::Add<InternalModule>
    Registration("conctidy-internal", "conctidy's hidden helper checks");

} // namespace conctidy::cli
