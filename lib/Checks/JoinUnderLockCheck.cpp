//===--- JoinUnderLockCheck.cpp - conc-join-under-lock --------------------===//

#include "JoinUnderLockCheck.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace conctidy {

void JoinUnderLockCheck::report(DeadlockAnalysis &Analysis,
                                FunctionSummaries &) {
  for (const JoinUnderLock &J : Analysis.joinsUnderLock()) {
    const ThreadWait &W = *J.Wait;
    const ThreadWait *Innermost = &W;
    while (Innermost->Inner)
      Innermost = Innermost->Inner;
    bool Join = false;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Innermost->Site))
      if (const CXXMethodDecl *M = MC->getMethodDecl())
        Join = M->getIdentifier() && M->getName() == "join";
    std::string Lock = J.Held.Path.spelling();
    diag(W.Site->getBeginLoc(),
         "'%0' is %select{waited for|joined}1 while '%2' is held, and the "
         "thread it %select{waits for|joins}1 acquires '%2': neither can go "
         "on; release '%2' before %select{waiting|joining}1")
        << W.Handle->getName() << Join << Lock;
    for (const ThreadWait *In = &W; In->Inner; In = In->Inner)
      diag(In->Inner->Site->getBeginLoc(), "%select{waits|joins}0 here",
           DiagnosticIDs::Note)
          << Join;
    noteAcquisition(*J.ThreadTakes,
                    ("the thread acquires '" +
                     lockKindName(*lockKind(J.ThreadTakes->Lock)) + "' here")
                        .c_str());
    diag(J.SpawnSite->getBeginLoc(), "the thread is started here",
         DiagnosticIDs::Note);
    if (J.HeldAt)
      noteAcquisition(*J.HeldAt, ("'" + Lock + "' is acquired here").c_str());
  }
}

} // namespace conctidy
