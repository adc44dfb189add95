//===--- LockOrderInversionCheck.cpp - conc-lock-order-inversion ----------===//

#include "LockOrderInversionCheck.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

using namespace clang;

namespace conctidy {

namespace {

/// The pair where the order really happens (through the calls it goes by).
const LockOrderPair &innermostPair(const LockOrderPair &P) {
  const LockOrderPair *At = &P;
  while (At->Inner)
    At = At->Inner;
  return *At;
}

std::string calleeName(const Stmt *Call) {
  if (const auto *C = dyn_cast_or_null<CallExpr>(Call))
    if (const FunctionDecl *F = C->getDirectCallee())
      return F->getQualifiedNameAsString();
  return "";
}

} // namespace

void LockOrderInversionCheck::report(DeadlockAnalysis &Analysis,
                                     FunctionSummaries &) {
  for (const LockCycle &Cycle : Analysis.cycles()) {
    // The last edge is this unit's (Deadlocks.h).
    const CycleEdge &Reported = Cycle.Edges.back();
    if (!Reported.Pair)
      continue;
    const LockOrderPair &Inner = innermostPair(*Reported.Pair);
    const LockAcquisition &Taken = innermost(*Inner.TakenAt);
    bool Members = false;
    for (const CycleEdge &E : Cycle.Edges)
      Members |= E.Member;
    std::string Kinds =
        Members ? " (a member lock stands for that member of every object "
                  "of its class)"
                : "";
    if (Cycle.Edges.size() == 2) {
      const CycleEdge &Other = Cycle.Edges.front();
      diag(Taken.Site->getBeginLoc(),
           "%0 is acquired here while %1 is held, but %1 is acquired while "
           "%0 is held in %2: two threads can deadlock%3; take both with "
           "'std::scoped_lock', or always take %0 before %1")
          << Reported.ToName << Reported.FromName << Other.RootName << Kinds;
    } else {
      std::string Loop;
      for (const CycleEdge &E : Cycle.Edges)
        Loop += E.FromName + " -> ";
      Loop += Cycle.Edges.front().FromName;
      std::string Order;
      for (const CycleEdge &E : Cycle.Edges)
        Order += (Order.empty() ? "" : ", ") + E.FromName;
      diag(Taken.Site->getBeginLoc(),
           "%0 is acquired here while %1 is held, which closes the lock "
           "order cycle %2: threads taking these orders can deadlock%3; take "
           "the locks together with 'std::scoped_lock', or always take them "
           "in one order (%4)")
          << Reported.ToName << Reported.FromName << Loop << Kinds << Order;
    }
    auto NoteEdge = [&](const CycleEdge &E, bool IsReported) {
      if (E.Remote) {
        // Another file's function: where it takes the two locks.
        noteAt(E.Remote->TakenAt, E.ToName + " is acquired here while " +
                                      E.FromName + " is held, in " +
                                      E.RootName);
        if (E.Remote->HeldAt.valid())
          noteAt(E.Remote->HeldAt, E.FromName + " is acquired here");
        return;
      }
      // The calls from the function the order is seen in to where it
      // happens.
      for (const LockOrderPair *P = E.Pair; P->Inner; P = P->Inner)
        diag(P->Via->getBeginLoc(), "through this call to '%0'",
             DiagnosticIDs::Note)
            << calleeName(P->Via);
      const LockOrderPair &In = innermostPair(*E.Pair);
      if (IsReported) {
        const LockAcquisition *A = In.TakenAt;
        for (; A->Inner; A = A->Inner)
          diag(A->Site->getBeginLoc(), "through this call to '%0'",
               DiagnosticIDs::Note)
              << (A->Callee ? A->Callee->getQualifiedNameAsString() : "");
        if (A->Remote)
          noteAt(A->Remote->At,
                 E.ToName + " is acquired here, in '" +
                     (A->Callee ? A->Callee->getQualifiedNameAsString()
                                : std::string()) +
                     "'");
      } else {
        noteAcquisition(*In.TakenAt, E.ToName + " is acquired here while " +
                                         E.FromName + " is held, in " +
                                         E.RootName);
      }
      if (In.HeldAt)
        noteAcquisition(*In.HeldAt, E.FromName + " is acquired here");
    };
    NoteEdge(Reported, true);
    for (unsigned I = 0; I + 1 < Cycle.Edges.size(); ++I)
      NoteEdge(Cycle.Edges[I], false);
  }
}

} // namespace conctidy
