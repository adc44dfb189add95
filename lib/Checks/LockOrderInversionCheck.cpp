//===--- LockOrderInversionCheck.cpp - conc-lock-order-inversion ----------===//

#include "LockOrderInversionCheck.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

using namespace clang;

namespace conctidy {

namespace {

std::string quoted(const ValueDecl *Kind) {
  return "'" + lockKindName(*Kind) + "'";
}

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
    const CycleEdge &Reported = Cycle.Edges.back();
    const LockOrderPair &Inner = innermostPair(*Reported.Pair);
    const LockAcquisition &Taken = innermost(*Inner.TakenAt);
    bool Members = false;
    for (const CycleEdge &E : Cycle.Edges)
      Members |= isa<FieldDecl>(E.From) || isa<FieldDecl>(E.To);
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
          << quoted(Reported.To) << quoted(Reported.From)
          << codeName(*Other.Root) << Kinds;
    } else {
      std::string Loop;
      for (const CycleEdge &E : Cycle.Edges)
        Loop += quoted(E.From) + " -> ";
      Loop += quoted(Cycle.Edges.front().From);
      std::string Order;
      for (const CycleEdge &E : Cycle.Edges)
        Order += (Order.empty() ? "" : ", ") + quoted(E.From);
      diag(Taken.Site->getBeginLoc(),
           "%0 is acquired here while %1 is held, which closes the lock "
           "order cycle %2: threads taking these orders can deadlock%3; take "
           "the locks together with 'std::scoped_lock', or always take them "
           "in one order (%4)")
          << quoted(Reported.To) << quoted(Reported.From) << Loop << Kinds
          << Order;
    }
    auto NoteEdge = [&](const CycleEdge &E, bool IsReported) {
      // The calls from the function the order is seen in to where it
      // happens.
      for (const LockOrderPair *P = E.Pair; P->Inner; P = P->Inner)
        diag(P->Via->getBeginLoc(), "through this call to '%0'",
             DiagnosticIDs::Note)
            << calleeName(P->Via);
      const LockOrderPair &In = innermostPair(*E.Pair);
      if (IsReported) {
        for (const LockAcquisition *A = In.TakenAt; A->Inner; A = A->Inner)
          diag(A->Site->getBeginLoc(), "through this call to '%0'",
               DiagnosticIDs::Note)
              << (A->Callee ? A->Callee->getQualifiedNameAsString() : "");
      } else {
        noteAcquisition(*In.TakenAt,
                        (quoted(E.To) + " is acquired here while " +
                         quoted(E.From) + " is held, in " + codeName(*E.Root))
                            .c_str());
      }
      if (In.HeldAt)
        noteAcquisition(*In.HeldAt,
                        (quoted(E.From) + " is acquired here").c_str());
    };
    NoteEdge(Reported, true);
    for (unsigned I = 0; I + 1 < Cycle.Edges.size(); ++I)
      NoteEdge(Cycle.Edges[I], false);
  }
}

} // namespace conctidy
