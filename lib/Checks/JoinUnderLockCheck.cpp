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
  // A receive whose senders all need the lock the receiver holds.
  for (const ReceiveUnderLock &R : Analysis.receivesUnderLock()) {
    const ChannelWait &W = *R.Receive;
    std::string Lock = R.Held.Path.spelling();
    std::string Channel = W.Channel->getNameAsString();
    diag(W.Site->getBeginLoc(),
         "receive from '%0' blocks while '%1' is held, and every send on "
         "'%0' acquires '%1' first: neither can go on; release '%1' before "
         "receiving")
        << Channel << Lock;
    for (const ChannelWait *In = &W; In->Inner; In = In->Inner)
      diag(In->Inner->Site->getBeginLoc(), "receives here",
           DiagnosticIDs::Note);
    const ChannelWait *Send = R.Send;
    for (; Send->Inner; Send = Send->Inner)
      diag(Send->Site->getBeginLoc(), "through this call to '%0'",
           DiagnosticIDs::Note)
          << Send->Inner->Function->getQualifiedNameAsString();
    diag(Send->Site->getBeginLoc(),
         "'%0' sends here with '%1' held, in %2%select{| (and %4 other "
         "sends)}3",
         DiagnosticIDs::Note)
        << Channel << lockKindName(*lockKind(R.Held.Path))
        << codeName(*R.Sender) << (R.Senders > 1) << (R.Senders - 1);
    if (R.HeldAt)
      noteAcquisition(*R.HeldAt, ("'" + Lock + "' is acquired here").c_str());
  }
}

} // namespace conctidy
