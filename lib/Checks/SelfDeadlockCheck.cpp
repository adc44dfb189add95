//===--- SelfDeadlockCheck.cpp - conc-self-deadlock -----------------------===//

#include "SelfDeadlockCheck.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

using namespace clang;

namespace conctidy {

void SelfDeadlockCheck::report(DeadlockAnalysis &Analysis,
                               FunctionSummaries &) {
  for (const SelfDeadlock &D : Analysis.selfDeadlocks()) {
    const LockAcquisition &At = *D.What->At;
    const ValueDecl *Kind = lockKind(At.Lock);
    std::string Lock = At.Lock.spelling();
    std::string Type = Kind->getType().getNonReferenceType().getAsString(
        Kind->getASTContext().getPrintingPolicy());
    if (!At.Inner && !At.Remote) {
      diag(At.Site->getBeginLoc(),
           "'%0' is acquired here while it is already held, and '%1' is not "
           "recursive: the thread waits for itself forever; release it "
           "first, or do not lock it again here")
          << Lock << Type;
    } else {
      diag(At.Site->getBeginLoc(),
           "'%0' acquires '%1' while it is already held here, and '%2' is "
           "not recursive: the thread waits for itself forever; release it "
           "before the call, or call a version that expects it held")
          << (At.Callee ? At.Callee->getQualifiedNameAsString() : "") << Lock
          << Type;
      // The callee's path to its acquisition (in another file when its
      // body is there).
      const LockAcquisition *A = &At;
      while (A->Inner) {
        A = A->Inner;
        if (A->Inner || A->Remote)
          diag(A->Site->getBeginLoc(), "through this call to '%0'",
               DiagnosticIDs::Note)
              << (A->Callee ? A->Callee->getQualifiedNameAsString() : "");
      }
      if (A->Remote)
        noteAt(A->Remote->At,
               "'" + Lock + "' is acquired again here, in '" +
                   (A->Callee ? A->Callee->getQualifiedNameAsString()
                              : std::string()) +
                   "'");
      else
        diag(A->Site->getBeginLoc(), "'%0' is acquired again here",
             DiagnosticIDs::Note)
            << A->Lock.spelling();
    }
    if (D.What->HeldAt && D.What->HeldAt != &At)
      noteAcquisition(*D.What->HeldAt,
                      ("'" + Lock + "' is acquired here").c_str());
  }
}

} // namespace conctidy
