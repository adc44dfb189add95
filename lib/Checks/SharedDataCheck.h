//===--- SharedDataCheck.h - Shared data accessed without its lock -*- C++ -*-===//
//
// The common adapter of conc-unsynchronized-shared-map (containers) and
// conc-unsynchronized-shared-field (every other member): both ask the one
// shared-access analysis, over one cache per translation unit, and differ
// only in which data they report.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_CHECKS_SHAREDDATACHECK_H
#define CONCTIDY_CHECKS_SHAREDDATACHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "conctidy/Analysis/SharedAccess.h"
#include <map>
#include <set>
#include <vector>

namespace conctidy {

class SharedDataCheck : public clang::tidy::ClangTidyCheck {
public:
  SharedDataCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);
  bool isLanguageVersionSupported(
      const clang::LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;
  /// Gives \p Sums the linked summaries of the global option SummariesFile
  /// (SummariesOption.h), reporting a file that cannot be used.
  void linkSummaries(FunctionSummaries &Sums);

protected:
  /// Whether this check reports data of type \p T (\p Summaries knows
  /// the lockables and guards by their shape).
  virtual bool isTargetType(clang::QualType T,
                            FunctionSummaries &Summaries) const = 0;
  /// Whether it reports global variables too (with their users found at the
  /// end of the translation unit).
  virtual bool checksGlobals() const { return true; }
  /// Whether what is done through a pointer is done to the data (a
  /// container held by pointer), or is only a read of the pointer.
  virtual bool pointeeIsData() const { return true; }
  /// Whether \p T is a container the map check reports.
  bool isSharedContainer(clang::QualType T) const;

  bool IncludeSequenceContainers;
  std::vector<std::string> ExtraContainers;

private:
  void checkClass(const clang::CXXRecordDecl &Class);
  bool staticMemberOfLockedClass(const clang::VarDecl &Var);
  void report(llvm::ArrayRef<SharedAccess> Accesses);
  void reportUnlockedSpawnedWrites(const clang::ValueDecl &Target,
                                   llvm::ArrayRef<SharedAccess> Accesses);

  const std::string ContainerTypes;
  const std::string AsyncCalls;
  const std::string LockableTypes;
  const std::string ScopedGuardTypes;
  const std::string SummariesFile;
  AccessOptions Access;
  ShapeOptions Shapes;

  // Globals, collected over the translation unit and checked at its end.
  clang::ASTContext *Context = nullptr;
  llvm::SmallVector<const clang::VarDecl *, 4> Globals;
  /// Functions started more than once (in a loop, or at several places).
  std::vector<const clang::FunctionDecl *> SpawnedRepeatedly;
  /// What this unit's findings are about, so that one access is reported
  /// once: an access reached as data of two classes (a pimpl's member, as
  /// the owner's and as its own) for the first class (the outer one), and
  /// on one line one of a member and the object holding it (`Socket` and
  /// `Socket.Fd`).
  std::set<const clang::Expr *> ReportedUses;
  std::map<std::pair<clang::FileID, unsigned>, std::vector<LockPath>>
      ReportedLines;
  /// Whether \p A, about to be reported at \p Loc, is one already.
  bool reportedAlready(const SharedAccess &A, clang::SourceLocation Loc,
                       const clang::SourceManager &SM);
};

} // namespace conctidy

#endif // CONCTIDY_CHECKS_SHAREDDATACHECK_H
