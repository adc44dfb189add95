//===--- ChannelSummary.cpp - What a function does to the channels it gets ===//
//
// The channel part of a function's summary: for each channel parameter and
// each channel member of `this`, whether the function (or any function it
// calls, through their summaries) sends on it, receives from it, closes it
// so that blocked senders are released, or hands it to code no summary
// describes. Channels are recognized by the vocabulary of the channel
// analysis (the model's rows, the user's, and queues by their shape).
//
//===----------------------------------------------------------------------===//

#include "conctidy/Analysis/ASTHelpers.h"
#include "conctidy/Analysis/ChannelAccounting.h"
#include "conctidy/Analysis/FunctionSummaries.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"

using namespace clang;
using conctidy::model::ChannelOp;
using conctidy::model::SenderRelease;

namespace conctidy {

namespace {

/// A channel parameter's or member's type: the channel, a reference,
/// pointer or smart pointer to it.
const model::ChannelType *channelTypeOf(QualType T,
                                        const ChannelVocabulary &Vocabulary) {
  if (T.isNull())
    return nullptr;
  if (ChannelShape S = classifyChannelType(T, Vocabulary))
    return S.Type;
  if (T->isPointerType())
    if (ChannelShape S = classifyChannelType(T->getPointeeType(), Vocabulary))
      return S.Type;
  return nullptr;
}

void addOp(ChannelEffects &E, const model::ChannelOperation &Op) {
  switch (Op.Op) {
  case ChannelOp::Send:
  case ChannelOp::TimedSend:
  case ChannelOp::TrySend:
    E.Sends = true;
    break;
  case ChannelOp::Receive:
  case ChannelOp::TimedReceive:
  case ChannelOp::TryReceive:
  case ChannelOp::ReceiveAll:
  case ChannelOp::Drain:
    E.Receives = true;
    break;
  case ChannelOp::Close:
    if (Op.Releases == SenderRelease::AllSends)
      E.Closes = true;
    break;
  case ChannelOp::Opaque:
    E.Receives = true;
    E.Unknown = true;
    break;
  }
}

bool isStdForward(const CallExpr &Call) {
  const FunctionDecl *F = Call.getDirectCallee();
  return F && F->isInStdNamespace() && F->getIdentifier() &&
         (F->getName() == "ref" || F->getName() == "cref" ||
          F->getName() == "move") &&
         Call.getNumArgs() == 1;
}

/// Computes one summary.
class ChannelSummaryBuilder {
public:
  ChannelSummaryBuilder(const FunctionDecl &Def, FunctionSummaries &Sums,
                        const ChannelVocabulary &Vocabulary)
      : Def(Def), Sums(Sums), Vocabulary(Vocabulary),
        PM(const_cast<Stmt *>(Def.getBody())) {}

  ChannelSummary build() {
    ChannelSummary S;
    S.Params.resize(Def.getNumParams());
    llvm::SmallVector<const model::ChannelType *, 4> ParamTypes;
    bool Any = false;
    for (const ParmVarDecl *P : Def.parameters()) {
      ParamTypes.push_back(channelTypeOf(P->getType(), Vocabulary));
      Any |= ParamTypes.back() != nullptr;
    }
    auto MemberSlot = [&](const FieldDecl *F) -> ChannelEffects & {
      for (auto &[Field, E] : S.Members)
        if (Field == F)
          return E;
      S.Members.push_back({F, ChannelEffects()});
      return S.Members.back().second;
    };
    forEachOwnStmt(Def.getBody(), [&](const Stmt *St) {
      if (Any)
        if (const auto *DRE = dyn_cast<DeclRefExpr>(St))
          if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl()))
            if (P->getDeclContext() == &Def &&
                P->getFunctionScopeIndex() < ParamTypes.size())
              if (const model::ChannelType *T =
                      ParamTypes[P->getFunctionScopeIndex()])
                use(DRE, *T, S.Params[P->getFunctionScopeIndex()]);
      if (const auto *ME = dyn_cast<MemberExpr>(St)) {
        const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
        if (F && isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
          if (const model::ChannelType *T =
                  channelTypeOf(F->getType(), Vocabulary))
            use(ME, *T, MemberSlot(F));
      }
      // Another method called on this object: what it does to the members.
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(St)) {
        const Expr *Object = MC->getImplicitObjectArgument();
        if (Object && isa<CXXThisExpr>(Object->IgnoreParenImpCasts())) {
          // A method whose body is not here is taken to leave the
          // members alone, as the channel analysis always has.
          for (const FunctionDecl *Callee : Sums.targets(*MC).Defs)
            for (const auto &[F, E] : Sums.channels(*Callee).Members)
              MemberSlot(F).merge(E);
        }
      }
      // A lambda that captures this: what it does to members happens
      // elsewhere.
      if (const auto *L = dyn_cast<LambdaExpr>(St))
        for (const LambdaCapture &C : L->captures())
          if (C.capturesThis())
            forEachMember(L->getBody(), [&](const FieldDecl *F) {
              if (channelTypeOf(F->getType(), Vocabulary))
                MemberSlot(F).Unknown = true;
            });
    });
    return S;
  }

private:
  template <class Fn> static void forEachMember(const Stmt *S, Fn &&Visit) {
    if (!S)
      return;
    if (const auto *ME = dyn_cast<MemberExpr>(S))
      if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl()))
        Visit(F);
    for (const Stmt *Child : S->children())
      forEachMember(Child, Visit);
  }

  /// What the use \p Ref of a channel of type \p T does to it.
  void use(const Expr *Ref, const model::ChannelType &T, ChannelEffects &E) {
    const Stmt *Child = Ref;
    for (const Stmt *P = PM.getParent(Ref); P; Child = P, P = PM.getParent(P)) {
      if (isa<ParenExpr, ImplicitCastExpr, MaterializeTemporaryExpr,
              CXXBindTemporaryExpr, ExprWithCleanups>(P))
        continue;
      if (const auto *U = dyn_cast<UnaryOperator>(P)) {
        if (U->getOpcode() == UO_Deref || U->getOpcode() == UO_AddrOf)
          continue;
        return; // !ch, ch++: no operation.
      }
      if (const auto *ME = dyn_cast<MemberExpr>(P)) {
        if (ME->getBase()->IgnoreParenImpCasts() != Child &&
            ME->getBase() != Child)
          return;
        const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(PM.getParent(ME));
        if (!MC || MC->getCallee()->IgnoreParens() != ME)
          return; // A data member of the channel object.
        const CXXMethodDecl *M = MC->getMethodDecl();
        if (!M)
          return;
        std::string Name = M->getNameAsString();
        if (const model::ChannelOperation *Op =
                Vocabulary.findOperation(T.Family, Name)) {
          addOp(E, *Op);
          return;
        }
        if (Name == "get" && MC->getNumArgs() == 0) {
          P = MC; // ch.get(): the channel again.
          continue;
        }
        return; // size(), empty(): no operation.
      }
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P)) {
        if (Op->getNumArgs() >= 1 && Op->getArg(0) == Child) {
          if ((Op->getOperator() == OO_Star || Op->getOperator() == OO_Arrow) &&
              Op->getNumArgs() == 1)
            continue;
          if (const FunctionDecl *F = Op->getDirectCallee())
            if (const model::ChannelOperation *CO =
                    Vocabulary.findOperation(T.Family, F->getNameAsString())) {
              addOp(E, *CO);
              return;
            }
        }
        argument(*Op, Child, E);
        return;
      }
      if (const auto *Call = dyn_cast<CallExpr>(P)) {
        if (isStdForward(*Call))
          continue;
        argument(*Call, Child, E);
        return;
      }
      if (const auto *Construct = dyn_cast<CXXConstructExpr>(P)) {
        argument(*Construct, Child, E);
        return;
      }
      // Bound to a name, stored, returned, captured: out of sight.
      E.Unknown = true;
      return;
    }
  }

  /// The channel \p Arg is an argument of \p Call: what the callees do to
  /// the parameter it binds to.
  void argument(const Expr &Call, const Stmt *Arg, ChannelEffects &E) {
    unsigned Index = 0, N = 0;
    const Expr *const *Args = nullptr;
    if (const auto *C = dyn_cast<CallExpr>(&Call)) {
      Args = C->getArgs();
      N = C->getNumArgs();
    } else if (const auto *C = dyn_cast<CXXConstructExpr>(&Call)) {
      // A copy of the channel object itself: a second handle.
      if (C->getConstructor()->isCopyOrMoveConstructor()) {
        E.Unknown = true;
        return;
      }
      Args = C->getArgs();
      N = C->getNumArgs();
    }
    for (; Index < N; ++Index)
      if (Args[Index] == Arg)
        break;
    std::optional<unsigned> Param =
        Index < N ? FunctionSummaries::paramIndexOf(Call, Index) : std::nullopt;
    CallTargets T = Sums.targets(Call);
    if (!Param || T.Unknown) {
      E.Unknown = true;
      return;
    }
    for (const FunctionDecl *Callee : T.Defs)
      E.merge(Sums.channels(*Callee).param(*Param));
  }

  const FunctionDecl &Def;
  FunctionSummaries &Sums;
  const ChannelVocabulary &Vocabulary;
  ParentMap PM;
};

} // namespace

namespace {

/// Whether \p E names parameter \p P, its address, or a copy of it (`P`,
/// `&P`, `T(P)`).
bool namesParam(const Expr *E, const ParmVarDecl *P) {
  E = ignoreWrappers(E);
  if (const auto *U = dyn_cast_or_null<UnaryOperator>(E))
    if (U->getOpcode() == UO_AddrOf)
      E = U->getSubExpr();
  if (const auto *C = dyn_cast_or_null<CXXConstructExpr>(E))
    E = C->getNumArgs() == 1 ? ignoreWrappers(C->getArg(0)) : nullptr;
  const auto *DRE =
      dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
  return DRE && DRE->getDecl() == P;
}

} // namespace

const FieldDecl *FunctionSummaries::keptInMember(const CXXConstructorDecl &Ctor,
                                                 unsigned Index) {
  const FunctionDecl *Def = nullptr;
  if (!Ctor.hasBody(Def) || Index >= Def->getNumParams())
    return nullptr;
  auto Key = std::make_pair(Def, Index);
  auto It = Kept.find(Key);
  if (It != Kept.end())
    return It->second;
  Kept[Key] = nullptr; // A cycle of delegating constructors stops here.
  const ParmVarDecl *P = Def->getParamDecl(Index);
  const FieldDecl *Found = nullptr;
  for (const CXXCtorInitializer *Init :
       cast<CXXConstructorDecl>(Def)->inits()) {
    if (Found)
      break;
    if (!Init->isWritten())
      continue;
    if (const FieldDecl *Member = Init->getMember()) {
      if (namesParam(Init->getInit(), P))
        Found = Member;
      continue;
    }
    if (!Init->isBaseInitializer() && !Init->isDelegatingInitializer())
      continue;
    // `Server(Queue &Q) : ServerBase(Q)`, `ServerBase(Queue &Q) :
    // ServerBase(Q, 1)`: where that constructor keeps it (memoized, so
    // each constructor is read once per parameter).
    const auto *C =
        dyn_cast_or_null<CXXConstructExpr>(ignoreWrappers(Init->getInit()));
    if (!C || !C->getConstructor())
      continue;
    for (unsigned I = 0; I < C->getNumArgs() && !Found; ++I)
      if (namesParam(C->getArg(I), P))
        Found = keptInMember(*C->getConstructor(), I);
  }
  Kept[Key] = Found;
  return Found;
}

ChannelSummary FunctionSummaries::computeChannels(const FunctionDecl &Def) {
  if (!Vocabulary)
    return ChannelSummary();
  return ChannelSummaryBuilder(Def, *this, *Vocabulary).build();
}

} // namespace conctidy
