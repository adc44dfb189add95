//===--- ChannelAccounting.cpp - Sends that no receive will match ---------===//

#include "conctidy/Analysis/ChannelAccounting.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "conctidy/Analysis/CFGPathSearch.h"
#include "conctidy/Analysis/FunctionSummaries.h"
#include "conctidy/Model/Lookup.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/MathExtras.h"
#include <limits>

using namespace clang;
using conctidy::model::ChannelOp;
using conctidy::model::SenderRelease;

namespace conctidy {

//===----------------------------------------------------------------------===//
// Vocabulary
//===----------------------------------------------------------------------===//

ChannelVocabulary::ChannelVocabulary()
    : Types(model::channelTypes().begin(), model::channelTypes().end()),
      Operations(model::channelOperations().begin(),
                 model::channelOperations().end()) {}

StringRef ChannelVocabulary::own(StringRef S) {
  Names.push_back(std::make_unique<std::string>(S.str()));
  return *Names.back();
}

void ChannelVocabulary::addUserChannels(
    llvm::ArrayRef<std::string> TypeNames,
    llvm::ArrayRef<std::string> SendNames,
    llvm::ArrayRef<std::string> ReceiveNames,
    llvm::ArrayRef<std::string> CloseNames, int CapacityArg) {
  UserChannelSemantics Semantics;
  Semantics.CapacityArg = CapacityArg;
  addUserChannels(TypeNames, SendNames, ReceiveNames, CloseNames, Semantics);
}

void ChannelVocabulary::addUserChannels(
    llvm::ArrayRef<std::string> TypeNames,
    llvm::ArrayRef<std::string> SendNames,
    llvm::ArrayRef<std::string> ReceiveNames,
    llvm::ArrayRef<std::string> CloseNames,
    const UserChannelSemantics &Semantics) {
  const StringRef Family = "user";
  bool Setter = !Semantics.CapacitySetter.empty();
  model::CapacityFrom From = Semantics.CapacityArg >= 0
                                 ? model::CapacityFrom::Argument
                             : Setter ? model::CapacityFrom::Setter
                                      : model::CapacityFrom::Fixed;
  StringRef SetterName = Setter ? own(Semantics.CapacitySetter) : StringRef();
  for (const std::string &T : TypeNames) {
    model::ChannelType Row{own(T),
                           Family,
                           From,
                           Semantics.CapacityArg,
                           0,
                           0,
                           Semantics.ZeroIsUnbounded,
                           false,
                           SenderRelease::None,
                           ""};
    Row.CapacitySetter = SetterName;
    // With a setter and no capacity argument, an unset capacity is
    // unbounded (as a default-constructed TBB queue).
    Row.DefaultUnbounded = Setter && Semantics.CapacityArg < 0;
    Types.push_back(Row);
  }
  for (const std::string &N : SendNames)
    Operations.push_back({Family, own(N), ChannelOp::Send});
  for (const std::string &N : ReceiveNames)
    Operations.push_back({Family, own(N), ChannelOp::Receive});
  for (const std::string &N : Semantics.DrainNames)
    Operations.push_back({Family, own(N), ChannelOp::Drain});
  for (const std::string &N : CloseNames)
    Operations.push_back(
        {Family, own(N), ChannelOp::Close, SenderRelease::AllSends});
}

const model::ChannelType *
ChannelVocabulary::recognize(const CXXRecordDecl &Class) const {
  if (!RecognizeShapes)
    return nullptr;
  auto [It, New] = Recognized.try_emplace(&Class, nullptr);
  if (!New)
    return It->second;
  std::optional<QueueShape> Shape = recognizeQueueShape(Class);
  if (!Shape)
    return nullptr;
  auto Own = [&](StringRef S) -> StringRef {
    ShapeNames.push_back(std::make_unique<std::string>(S.str()));
    return *ShapeNames.back();
  };
  StringRef Name = Own(qualifiedName(*Shape->Class));
  StringRef Family = Own(("shape:" + Name).str());
  for (const auto &[OpName, Op] : Shape->Operations)
    ShapeOperations.push_back(
        {Family, Own(OpName), Op,
         Op == ChannelOp::Close ? Shape->CloseReleases : SenderRelease::None});
  model::ChannelType Row{Name,
                         Family,
                         model::CapacityFrom::Member,
                         -1,
                         0,
                         Shape->Bound.SlotOffset,
                         Shape->Bound.ZeroIsUnbounded,
                         false,
                         SenderRelease::None,
                         ""};
  ShapeTypes.push_back(Row);
  Shapes.push_back(std::move(*Shape));
  ShapeOfType[&ShapeTypes.back()] = &Shapes.back();
  It = Recognized.find(&Class);
  It->second = &ShapeTypes.back();
  return It->second;
}

const QueueShape *
ChannelVocabulary::shapeOf(const model::ChannelType *Type) const {
  auto It = ShapeOfType.find(Type);
  return It == ShapeOfType.end() ? nullptr : It->second;
}

const model::ChannelType *
ChannelVocabulary::findType(StringRef QualifiedName) const {
  for (const model::ChannelType &T : Types)
    if (model::sameQualifiedName(T.QualifiedName, QualifiedName))
      return &T;
  return nullptr;
}

const model::ChannelType *
ChannelVocabulary::findFactory(StringRef QualifiedName) const {
  for (const model::ChannelType &T : Types)
    if (!T.Factory.empty() &&
        model::sameQualifiedName(T.Factory, QualifiedName))
      return &T;
  return nullptr;
}

const model::ChannelOperation *
ChannelVocabulary::findOperation(StringRef Family, StringRef Name) const {
  if (Family.starts_with("shape:")) {
    for (const model::ChannelOperation &O : ShapeOperations)
      if (O.Family == Family && O.Name == Name)
        return &O;
    return nullptr;
  }
  for (const model::ChannelOperation &O : Operations)
    if (O.Family == Family && O.Name == Name)
      return &O;
  return nullptr;
}

bool ChannelVocabulary::closeReleasesSenders(StringRef Family) const {
  for (const std::deque<model::ChannelOperation> *List :
       {&Operations, const_cast<const std::deque<model::ChannelOperation> *>(
                         &ShapeOperations)})
    for (const model::ChannelOperation &O : *List)
      if (O.Family == Family && O.Op == ChannelOp::Close &&
          O.Releases == SenderRelease::AllSends)
        return true;
  return false;
}

std::vector<std::string> ChannelVocabulary::typeNames() const {
  std::vector<std::string> Result;
  for (const model::ChannelType &T : Types)
    Result.push_back(T.QualifiedName.str());
  return Result;
}

ChannelShape classifyChannelType(QualType T,
                                 const ChannelVocabulary &Vocabulary) {
  if (T.isNull() || T->isDependentType())
    return {};
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD)
    return {};
  std::string Name = qualifiedName(*RD);
  if (const model::ChannelType *C = Vocabulary.findType(Name))
    return {C, false};
  // A channel owned through a smart pointer (`std::shared_ptr<Chan>`).
  const model::SmartPointer *Smart = modelledSmartPointer(RD);
  QualType Pointee = smartPointee(T);
  if (!Smart || Smart->Owns == model::Ownership::Observer || Pointee.isNull()) {
    if (const model::ChannelType *C = Vocabulary.recognize(*RD))
      return {C, false};
    return {};
  }
  ChannelShape Inner = classifyChannelType(Pointee, Vocabulary);
  if (!Inner || Inner.ThroughPointer)
    return {};
  return {Inner.Type, true};
}

//===----------------------------------------------------------------------===//
// Loops
//===----------------------------------------------------------------------===//

namespace {

std::optional<int64_t> constantValue(const Expr *E, ASTContext &Context) {
  if (!E || E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  Expr::EvalResult R;
  if (!E->EvaluateAsInt(R, Context))
    return std::nullopt;
  return R.Val.getInt().getExtValue();
}

const VarDecl *namedVar(const Expr *E) {
  const auto *DRE =
      dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
  return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
}

} // namespace

std::optional<uint64_t> constantTripCount(const Stmt &Loop,
                                          ASTContext &Context) {
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(&Loop)) {
    QualType T = Range->getRangeInit()->getType();
    if (const auto *CAT = Context.getAsConstantArrayType(T))
      return CAT->getSize().getZExtValue();
    const Expr *Init = ignoreWrappers(Range->getRangeInit());
    if (const auto *List = dyn_cast_or_null<CXXStdInitializerListExpr>(Init))
      Init = ignoreWrappers(List->getSubExpr());
    if (const auto *IL = dyn_cast_or_null<InitListExpr>(Init))
      return IL->getNumInits();
    return std::nullopt;
  }
  const auto *For = dyn_cast<ForStmt>(&Loop);
  if (!For || !For->getCond() || !For->getInc())
    return std::nullopt;
  // for (int i = A; i < B; ++i)
  const VarDecl *Index = nullptr;
  std::optional<int64_t> From;
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(For->getInit())) {
    if (DS->isSingleDecl())
      if ((Index = dyn_cast<VarDecl>(DS->getSingleDecl())))
        From = constantValue(Index->getInit(), Context);
  } else if (const auto *Assign =
                 dyn_cast_or_null<BinaryOperator>(For->getInit())) {
    if (Assign->getOpcode() == BO_Assign &&
        (Index = namedVar(Assign->getLHS())))
      From = constantValue(Assign->getRHS(), Context);
  }
  if (!Index || !From)
    return std::nullopt;
  const auto *Inc =
      dyn_cast<UnaryOperator>(For->getInc()->IgnoreParenImpCasts());
  if (!Inc || !Inc->isIncrementOp() || namedVar(Inc->getSubExpr()) != Index)
    return std::nullopt;
  const auto *Cond =
      dyn_cast<BinaryOperator>(For->getCond()->IgnoreParenImpCasts());
  if (!Cond || namedVar(Cond->getLHS()) != Index)
    return std::nullopt;
  std::optional<int64_t> To = constantValue(Cond->getRHS(), Context);
  if (!To)
    return std::nullopt;
  int64_t N;
  switch (Cond->getOpcode()) {
  case BO_LT:
  case BO_NE:
    N = *To - *From;
    break;
  case BO_LE:
    N = *To - *From + 1;
    break;
  default:
    return std::nullopt;
  }
  return N > 0 ? static_cast<uint64_t>(N) : 0;
}

//===----------------------------------------------------------------------===//
// Channel operations
//===----------------------------------------------------------------------===//

namespace {

/// A channel and the names that denote it in one function.
struct ChannelNames {
  const model::ChannelType *Type;
  llvm::SmallPtrSet<const VarDecl *, 4> Vars;
  /// A member channel: `this->Field` (in the class's methods and in the
  /// lambdas that capture `this`).
  const FieldDecl *Field = nullptr;

  bool empty() const { return Vars.empty() && !Field; }

  /// Whether \p E denotes the channel: a name of it, `*p`, `p.get()`,
  /// std::ref(c), &c, std::move(c).
  bool denotes(const Expr *E) const {
    while (E) {
      E = E->IgnoreParenImpCasts();
      if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
        const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        return VD && Vars.count(VD);
      }
      if (const auto *ME = dyn_cast<MemberExpr>(E))
        return Field && ME->getMemberDecl() == Field &&
               isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts());
      if (const auto *U = dyn_cast<UnaryOperator>(E)) {
        if (U->getOpcode() != UO_Deref && U->getOpcode() != UO_AddrOf)
          return false;
        E = U->getSubExpr();
        continue;
      }
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
        if ((Op->getOperator() == OO_Star || Op->getOperator() == OO_Arrow) &&
            Op->getNumArgs() == 1) {
          E = Op->getArg(0);
          continue;
        }
        return false;
      }
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
        const CXXMethodDecl *M = MC->getMethodDecl();
        if (M && M->getIdentifier() && M->getName() == "get" &&
            MC->getNumArgs() == 0) {
          E = MC->getImplicitObjectArgument();
          continue;
        }
        return false;
      }
      if (const auto *Call = dyn_cast<CallExpr>(E)) {
        const FunctionDecl *F = Call->getDirectCallee();
        if (F && F->isInStdNamespace() && F->getIdentifier() &&
            (F->getName() == "ref" || F->getName() == "cref" ||
             F->getName() == "move") &&
            Call->getNumArgs() == 1) {
          E = Call->getArg(0);
          continue;
        }
        return false;
      }
      if (const auto *C = dyn_cast<CXXConstructExpr>(E)) {
        if (C->getNumArgs() == 1 &&
            C->getConstructor()->isCopyOrMoveConstructor()) {
          E = C->getArg(0);
          continue;
        }
        return false;
      }
      if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E)) {
        E = M->getSubExpr();
        continue;
      }
      if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E)) {
        E = B->getSubExpr();
        continue;
      }
      return false;
    }
    return false;
  }
};

struct OpUse {
  const model::ChannelOperation *Op;
  const Expr *Call;
};

/// \p S as an operation on the channel \p Names denote.
std::optional<OpUse> channelOperation(const Stmt *S, const ChannelNames &Names,
                                      const ChannelVocabulary &Vocabulary) {
  const Expr *Object = nullptr;
  const FunctionDecl *Callee = nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
    Object = MC->getImplicitObjectArgument();
    Callee = MC->getMethodDecl();
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
    if (Op->getNumArgs() == 0)
      return std::nullopt;
    Object = Op->getArg(0);
    Callee = Op->getDirectCallee();
  } else {
    return std::nullopt;
  }
  if (!Callee || !Object || !Names.denotes(Object))
    return std::nullopt;
  std::string Name = Callee->getNameAsString();
  if (const model::ChannelOperation *Op =
          Vocabulary.findOperation(Names.Type->Family, Name))
    return OpUse{Op, cast<Expr>(S)};
  return std::nullopt;
}

/// Whether \p S contains an operation of a kind in \p Ops on the channel.
bool containsOperation(const Stmt *S, const ChannelNames &Names,
                       const ChannelVocabulary &Vocabulary,
                       std::initializer_list<ChannelOp> Ops) {
  bool Found = false;
  forEachOwnStmt(S, [&](const Stmt *Sub) {
    if (Found)
      return;
    if (std::optional<OpUse> U = channelOperation(Sub, Names, Vocabulary))
      Found = llvm::is_contained(Ops, U->Op->Op);
  });
  return Found;
}

bool contains(const Stmt *Outer, const Stmt *Inner) {
  if (!Outer)
    return false;
  if (Outer == Inner)
    return true;
  for (const Stmt *Child : Outer->children())
    if (contains(Child, Inner))
      return true;
  return false;
}

//===----------------------------------------------------------------------===//
// Senders
//===----------------------------------------------------------------------===//

/// The sends of one task, and how many values it sends for sure.
struct TaskSends {
  std::vector<const Expr *> Blocking;
  ValueCount Sent{true, 0};
};

/// Multiplies \p Count by the trip counts of the loops around \p S up to
/// \p Root; false when \p S is conditional there (under an if, a switch, a
/// loop of unknown count, a catch, ?:, && or ||).
bool unconditionalCount(const Stmt *S, const Stmt *Root, const ParentMap &PM,
                        ASTContext &Context, uint64_t &Count) {
  const Stmt *Child = S;
  for (const Stmt *P = PM.getParent(S); P && Child != Root;
       Child = P, P = PM.getParent(P)) {
    if (isa<IfStmt, SwitchStmt, ConditionalOperator, CXXCatchStmt,
            BinaryConditionalOperator>(P))
      return false;
    if (const auto *BO = dyn_cast<BinaryOperator>(P))
      if (BO->isLogicalOp() && Child == BO->getRHS())
        return false;
    if (isLoop(P)) {
      std::optional<uint64_t> N = constantTripCount(*P, Context);
      if (!N)
        return false;
      Count = llvm::SaturatingMultiply(Count, *N);
    }
  }
  return true;
}

/// Finds a path through a task's CFG from its entry to its exit that sends
/// nothing on the channel.
class SendlessPathFinder {
public:
  SendlessPathFinder(const CFG &Graph, const ChannelNames &Names,
                     const ChannelVocabulary &Vocabulary, ASTContext &Context)
      : Graph(Graph), Names(Names), Vocabulary(Vocabulary), Context(Context) {}
  bool Found = false;

  PathStep element(const CFGBlock &B, unsigned Index, bool &) {
    if (auto CS = B[Index].getAs<CFGStmt>())
      if (std::optional<OpUse> U =
              channelOperation(CS->getStmt(), Names, Vocabulary))
        if (U->Op->Op == ChannelOp::Send)
          return PathStep::Stop;
    return PathStep::Continue;
  }
  PathStep terminator(const CFGBlock &B, bool &) {
    if (&B == &Graph.getExit())
      Found = true;
    return Found ? PathStep::Stop : PathStep::Continue;
  }
  /// A loop that runs a constant number of times (at least once) is left
  /// only after its body ran: \p Iterated says it did.
  bool edge(const CFGBlock &From, unsigned SuccIndex, bool &Iterated) {
    if (Found)
      return false;
    const Stmt *T = From.getTerminatorStmt();
    if (!T || !isLoop(T))
      return true;
    std::optional<uint64_t> N = constantTripCount(*T, Context);
    if (!N || *N == 0)
      return true;
    if (SuccIndex == 0)
      Iterated = true;
    return SuccIndex == 0 || Iterated;
  }

private:
  const CFG &Graph;
  const ChannelNames &Names;
  const ChannelVocabulary &Vocabulary;
  ASTContext &Context;
};

/// Whether every path through \p Task sends on the channel.
bool alwaysSends(const FunctionDecl &Task, const ChannelNames &Names,
                 const ChannelVocabulary &Vocabulary, ASTContext &Context) {
  CFG::BuildOptions BO;
  BO.setAllAlwaysAdd();
  std::unique_ptr<CFG> Graph =
      CFG::buildCFG(&Task, const_cast<Stmt *>(Task.getBody()), &Context, BO);
  if (!Graph)
    return false;
  SendlessPathFinder Finder(*Graph, Names, Vocabulary, Context);
  std::pair<CFGPoint, bool> Start{CFGPoint{&Graph->getEntry(), 0}, false};
  searchForward<bool>(llvm::ArrayRef(Start), Finder);
  return !Finder.Found;
}

/// The blocking sends of \p Task, and the values it sends for sure: none
/// when some path through it sends nothing; else the sends outside
/// conditions, times the constant trip counts of the loops around them
/// (at least one).
TaskSends sendsOf(const FunctionDecl &Task, const ChannelNames &Names,
                  const ChannelVocabulary &Vocabulary, ASTContext &Context) {
  TaskSends Result;
  const Stmt &Body = *Task.getBody();
  ParentMap PM(const_cast<Stmt *>(&Body));
  uint64_t Unconditional = 0;
  forEachOwnStmt(&Body, [&](const Stmt *S) {
    std::optional<OpUse> U = channelOperation(S, Names, Vocabulary);
    if (!U || U->Op->Op != ChannelOp::Send)
      return;
    Result.Blocking.push_back(U->Call);
    uint64_t Count = 1;
    if (unconditionalCount(U->Call, &Body, PM, Context, Count))
      Unconditional = llvm::SaturatingAdd(Unconditional, Count);
  });
  if (!Result.Blocking.empty() && alwaysSends(Task, Names, Vocabulary, Context))
    Result.Sent.N = std::max<uint64_t>(Unconditional, 1);
  return Result;
}

/// The names the channel has inside the task \p Sp runs, when \p Sp hands
/// it over: the captured variable, an init-capture, or the parameter its
/// argument binds to.
std::optional<ChannelNames> namesInTask(const Spawn &Sp,
                                        const ChannelNames &Outer,
                                        const FunctionDecl &Body) {
  ChannelNames Inner{Outer.Type, {}};
  if (const LambdaExpr *L = Sp.lambda()) {
    for (const LambdaCapture &C : L->captures()) {
      if (C.capturesThis() && Outer.Field)
        Inner.Field = Outer.Field;
      if (!C.capturesVariable())
        continue;
      const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar());
      if (!VD)
        continue;
      if (Outer.Vars.count(VD))
        Inner.Vars.insert(VD);
      else if (VD->isInitCapture() && VD->getInit() &&
               Outer.denotes(VD->getInit()))
        Inner.Vars.insert(VD);
    }
  } else {
    // std::thread(&C::run, this, ch): the object comes first.
    unsigned Skip =
        Sp.Callable->getType()->isMemberFunctionPointerType() ? 1 : 0;
    for (unsigned I = Skip; I < Sp.Data.size(); ++I)
      if (Outer.denotes(Sp.Data[I]) && I - Skip < Body.getNumParams())
        Inner.Vars.insert(Body.getParamDecl(I - Skip));
    // std::thread(&C::run, this): run() sees the same members.
    if (Skip && Outer.Field && !Sp.Data.empty() &&
        isa<CXXThisExpr>(Sp.Data[0]->IgnoreParenImpCasts()))
      if (const auto *M = dyn_cast<CXXMethodDecl>(&Body))
        if (M->getParent() == Outer.Field->getParent())
          Inner.Field = Outer.Field;
  }
  if (Inner.empty())
    return std::nullopt;
  return Inner;
}

//===----------------------------------------------------------------------===//
// The spawning function's paths
//===----------------------------------------------------------------------===//

/// Whether \p S uses the member \p Field.
bool mentionsField(const Stmt *S, const FieldDecl *Field) {
  bool Found = false;
  forEachOwnStmt(S, [&](const Stmt *Sub) {
    if (const auto *ME = dyn_cast<MemberExpr>(Sub))
      Found |= ME->getMemberDecl() == Field;
  });
  return Found;
}

/// What a call of a method does to the channel member \p Names denote, by
/// the callees' summaries (any depth): a releasing close, a receive (or an
/// operation that may receive), or nothing. Only calls on `this` unless
/// \p AnyObject.
std::optional<ChannelOp> memberCalleeUse(const CXXMemberCallExpr &Call,
                                         const ChannelNames &Names,
                                         FunctionSummaries &Sums,
                                         bool AnyObject = false) {
  const Expr *Object = Call.getImplicitObjectArgument();
  if (!Names.Field || !Object ||
      (!AnyObject && !isa<CXXThisExpr>(Object->IgnoreParenImpCasts())))
    return std::nullopt;
  ChannelEffects E;
  for (const FunctionDecl *Def : Sums.targets(Call).Defs)
    E.merge(Sums.channels(*Def).member(*Names.Field));
  if (E.Closes)
    return ChannelOp::Close;
  if (E.Receives)
    return ChannelOp::Receive;
  return std::nullopt;
}

/// Whether handing the channel, as argument \p Arg of \p Call, leaves it
/// alone by the callees' summaries (no receive, close or unknown use; no
/// send either when \p NoSends).
bool calleesLeaveAlone(const Expr &Call, const Stmt *Arg,
                       FunctionSummaries &Sums, bool NoSends) {
  llvm::ArrayRef<const Expr *> Args;
  if (const auto *C = dyn_cast<CallExpr>(&Call))
    Args = llvm::ArrayRef(C->getArgs(), C->getNumArgs());
  else if (const auto *C = dyn_cast<CXXConstructExpr>(&Call)) {
    if (C->getConstructor()->isCopyOrMoveConstructor())
      return false;
    Args = llvm::ArrayRef(C->getArgs(), C->getNumArgs());
  } else
    return false;
  std::optional<unsigned> Param;
  for (unsigned I = 0; I < Args.size(); ++I)
    if (Args[I] == Arg)
      Param = FunctionSummaries::paramIndexOf(Call, I);
  CallTargets T = Sums.targets(Call);
  if (!Param || T.Unknown || T.Defs.empty())
    return false;
  ChannelEffects E;
  for (const FunctionDecl *Def : T.Defs)
    E.merge(Sums.channels(*Def).param(*Param));
  return !E.mayRelease() && !(NoSends && E.Sends);
}

/// An object built from the channel whose constructor keeps it in a
/// member, and the calls of its methods in the function.
struct ObjectHandOver {
  const VarDecl *Object;
  const FieldDecl *Member;
  std::vector<const CXXMemberCallExpr *> Calls;
};

/// The objects of \p Body built from the channel whose class keeps it,
/// with the calls of their methods (what each call starts, at any depth, is
/// read through methodsRunBy).
std::vector<ObjectHandOver> objectsKeepingChannel(const Stmt &Body,
                                                  const ChannelNames &Names,
                                                  FunctionSummaries &Sums) {
  std::vector<ObjectHandOver> Result;
  forEachOwnStmt(&Body, [&](const Stmt *S) {
    const auto *DS = dyn_cast<DeclStmt>(S);
    if (!DS)
      return;
    for (const Decl *D : DS->decls()) {
      const auto *VD = dyn_cast<VarDecl>(D);
      const auto *C = dyn_cast_or_null<CXXConstructExpr>(
          VD && VD->getInit() ? ignoreWrappers(VD->getInit()) : nullptr);
      if (!C || !VD->hasLocalStorage())
        continue;
      for (unsigned I = 0; I < C->getNumArgs(); ++I)
        if (Names.denotes(C->getArg(I)))
          if (const FieldDecl *F = Sums.keptInMember(*C->getConstructor(), I))
            Result.push_back({VD, F, {}});
    }
  });
  if (Result.empty())
    return Result;
  forEachOwnStmt(&Body, [&](const Stmt *S) {
    const auto *MC = dyn_cast<CXXMemberCallExpr>(S);
    if (!MC)
      return;
    const VarDecl *Object = namedVar(MC->getImplicitObjectArgument());
    for (ObjectHandOver &H : Result)
      if (H.Object == Object)
        H.Calls.push_back(MC);
  });
  return Result;
}

/// The method \p Def called on an object and the methods it runs on that
/// object in turn, at any depth (the thread summaries' MethodsOnThis), each
/// with whether it may run more than once per call: the bodies whose own
/// spawns the call starts.
llvm::SmallVector<std::pair<const FunctionDecl *, bool>, 4>
methodsRunBy(const FunctionDecl &Def, FunctionSummaries &Sums) {
  llvm::SmallVector<std::pair<const FunctionDecl *, bool>, 4> Runs;
  Runs.push_back({&Def, false});
  for (const auto &[M, Repeated] : Sums.threads(Def).MethodsOnThis)
    if (M->getBody())
      Runs.push_back({M, Repeated});
  return Runs;
}

/// The variable a spawn's result (a future) is kept in: `auto f =
/// std::async(...)`, `fs.push_back(std::async(...))`, `f = std::async()`.
const VarDecl *resultHolder(const Expr *Site, const ParentMap &PM) {
  const Stmt *Child = Site;
  for (const Stmt *P = PM.getParent(Site); P; Child = P, P = PM.getParent(P)) {
    if (isa<ImplicitCastExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
            ExprWithCleanups, CXXFunctionalCastExpr, ParenExpr>(P))
      continue;
    if (const auto *C = dyn_cast<CXXConstructExpr>(P))
      if (C->getNumArgs() == 1)
        continue;
    if (const auto *DS = dyn_cast<DeclStmt>(P)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (VD->getInit() && contains(VD->getInit(), Child))
            return VD;
      return nullptr;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(P))
      return namedVar(MC->getImplicitObjectArgument());
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P))
      if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
        return namedVar(Op->getArg(0));
    return nullptr;
  }
  return nullptr;
}

/// Whether the enumerator or value \p E names a successful receive.
std::optional<bool> namesSuccess(const Expr *E) {
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *EC = DRE ? dyn_cast<EnumConstantDecl>(DRE->getDecl()) : nullptr;
  if (!EC)
    return std::nullopt;
  return EC->getName() == "success";
}

/// For a branch on the result of a timed or try receive (\p Cond, the
/// call or a variable holding its result being \p Result): the successor
/// index on which the value was received.
std::optional<unsigned> successSuccessor(const Expr *Cond, const Expr *Result) {
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(Cond))
    if (U->getOpcode() == UO_LNot) {
      std::optional<unsigned> Inner = successSuccessor(U->getSubExpr(), Result);
      if (Inner)
        return 1 - *Inner;
      return std::nullopt;
    }
  const Expr *L = nullptr, *R = nullptr;
  bool Equal = false;
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond)) {
    if (!BO->isEqualityOp())
      return contains(Cond, Result) && Cond->getType()->isBooleanType()
                 ? std::optional<unsigned>(0)
                 : std::nullopt;
    L = BO->getLHS();
    R = BO->getRHS();
    Equal = BO->getOpcode() == BO_EQ;
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Cond)) {
    if ((Op->getOperator() != OO_EqualEqual &&
         Op->getOperator() != OO_ExclaimEqual) ||
        Op->getNumArgs() != 2)
      return std::nullopt;
    L = Op->getArg(0);
    R = Op->getArg(1);
    Equal = Op->getOperator() == OO_EqualEqual;
  } else {
    // The result itself as a condition: true means received.
    return contains(Cond, Result) ? std::optional<unsigned>(0) : std::nullopt;
  }
  std::optional<bool> Success = namesSuccess(R);
  if (!Success) {
    Success = namesSuccess(L);
    std::swap(L, R);
  }
  if (!Success || !contains(L, Result))
    return std::nullopt;
  // == success: the true edge (0) received; == timeout: the false edge.
  return (*Success == Equal) ? 0u : 1u;
}

/// The state of a path of the spawning function. The receives are the
/// cost of searchForwardLeastCost (fewer receives explore more): each
/// block is entered once per exit statement, with the fewest receives, so
/// the search does not grow with a loop bound nor with the number of
/// branches. The count saturates at the values sent (Needed).
struct PathState {
  uint64_t Received = 0;
  const Stmt *Exit = nullptr;
  const Stmt *key() const { return Exit; }
  uint64_t cost() const { return Received; }
};

struct BadExit {
  const Stmt *Exit;
  uint64_t Received;
  const VarDecl *WaitingVar;
};

class ExitFinder {
public:
  ExitFinder(const CFG &Graph, const ChannelNames &Names,
             const ChannelVocabulary &Vocabulary, uint64_t Needed,
             uint64_t Slots, bool DestructorReleases,
             llvm::SmallPtrSetImpl<const VarDecl *> &ClosingGuards,
             llvm::SmallPtrSetImpl<const VarDecl *> &WaitingVars,
             llvm::SmallPtrSetImpl<const Stmt *> &HandOvers,
             const ParentMap &PM, const Stmt &Body, const SourceManager &SM,
             FunctionSummaries &Sums)
      : Graph(Graph), Names(Names), Vocabulary(Vocabulary), Needed(Needed),
        Slots(Slots), DestructorReleases(DestructorReleases),
        ClosingGuards(ClosingGuards), WaitingVars(WaitingVars),
        HandOvers(HandOvers), PM(PM), Body(Body), SM(SM), Sums(Sums) {}

  std::vector<BadExit> Exits;

  /// Searches a consumer task rather than the spawning function: a break
  /// out of its loop is an exit too, and an exit guarded by a test of a
  /// received value (`if (v < 0) return;`, a sentinel that ends the
  /// protocol) makes no claim.
  void setConsumer() {
    Consumer = true;
    forEachOwnStmt(&Body, [&](const Stmt *S) {
      std::optional<OpUse> U = channelOperation(S, Names, Vocabulary);
      if (!U || (U->Op->Op != ChannelOp::Receive &&
                 U->Op->Op != ChannelOp::TimedReceive &&
                 U->Op->Op != ChannelOp::TryReceive))
        return;
      const auto *Call = cast<CallExpr>(U->Call);
      for (unsigned I = 0; I < Call->getNumArgs(); ++I)
        if (const VarDecl *V = namedVar(Call->getArg(I)))
          ReceivedVars.insert(V);
      const Stmt *P = semanticParent(Call, PM);
      while (P && isa<ExprWithCleanups, CXXBindTemporaryExpr,
                      MaterializeTemporaryExpr, CXXConstructExpr>(P))
        P = semanticParent(P, PM);
      if (const auto *DS = dyn_cast_or_null<DeclStmt>(P)) {
        for (const Decl *D : DS->decls())
          if (const auto *V = dyn_cast<VarDecl>(D))
            ReceivedVars.insert(V);
      } else if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P)) {
        if (BO->getOpcode() == BO_Assign)
          if (const VarDecl *V = namedVar(BO->getLHS()))
            ReceivedVars.insert(V);
      }
    });
  }

  PathStep element(const CFGBlock &B, unsigned Index, PathState &S) {
    if (Index == 0 && isa_and_nonnull<CXXCatchStmt>(B.getLabel()))
      S.Exit = nullptr;
    const CFGElement &E = B[Index];
    if (auto Dtor = E.getAs<CFGAutomaticObjDtor>()) {
      const VarDecl *VD = Dtor->getVarDecl();
      if ((Names.Vars.count(VD) && DestructorReleases) ||
          ClosingGuards.count(VD))
        return PathStep::Stop;
      if (WaitingVars.count(VD) && S.Received + Slots < Needed) {
        Exits.push_back({S.Exit, S.Received, VD});
        return PathStep::Stop;
      }
      return PathStep::Continue;
    }
    auto CS = E.getAs<CFGStmt>();
    if (!CS)
      return PathStep::Continue;
    const Stmt *St = CS->getStmt();
    if (isa<ReturnStmt, CoreturnStmt>(St)) {
      if (Consumer && sentinelGuarded(St))
        return PathStep::Stop;
      S.Exit = St;
      return PathStep::Continue;
    }
    if (isa<CXXThrowExpr>(St)) {
      // The CFG runs no destructors on the way out of a throw: apply those
      // that release the senders here.
      if (exceptionLeavesScope(St, &Body, PM) &&
          (DestructorReleases || guardLiveAt(St)))
        return PathStep::Stop;
      S.Exit = St;
      return PathStep::Continue;
    }
    // abort(), a panic, a failed assertion, a helper that never returns (by
    // its summary): not an early return that leaves the senders running; no
    // claim.
    if (const auto *Call = dyn_cast<CallExpr>(St))
      if (const FunctionDecl *F = Call->getDirectCallee())
        if (Sums.control(*F).NeverReturns)
          return PathStep::Stop;
    if (std::optional<OpUse> U = channelOperation(St, Names, Vocabulary)) {
      switch (U->Op->Op) {
      case ChannelOp::Receive:
        return receive(S);
      case ChannelOp::Drain:
        S.Received = Needed;
        return PathStep::Stop;
      case ChannelOp::TimedReceive:
      case ChannelOp::TryReceive:
        // Decided on the edge when a branch tests the result.
        if (!contains(B.getTerminatorCondition(), St) && !storedResult(St))
          return receive(S);
        return PathStep::Continue;
      case ChannelOp::Close:
        return U->Op->Releases == SenderRelease::AllSends ? PathStep::Stop
                                                          : PathStep::Continue;
      case ChannelOp::Opaque:
        return PathStep::Stop;
      default:
        return PathStep::Continue;
      }
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(St))
      if (Names.denotes(DRE) && escapes(DRE))
        return PathStep::Stop; // Handled elsewhere: no claim.
    if (const auto *ME = dyn_cast<MemberExpr>(St))
      if (Names.Field && Names.denotes(ME) && escapes(ME))
        return PathStep::Stop;
    if (const auto *L = dyn_cast<LambdaExpr>(St))
      if (!HandOvers.count(L))
        for (const LambdaCapture &C : L->captures()) {
          if (C.capturesVariable() &&
              Names.Vars.count(dyn_cast<VarDecl>(C.getCapturedVar())))
            return PathStep::Stop;
          if (C.capturesThis() && Names.Field &&
              mentionsField(L->getBody(), Names.Field))
            return PathStep::Stop;
        }
    // A method of the same class that closes or receives the member.
    if (Names.Field)
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(St))
        if (std::optional<ChannelOp> Op = memberCalleeUse(*MC, Names, Sums))
          return PathStep::Stop;
    return PathStep::Continue;
  }

  PathStep terminator(const CFGBlock &B, PathState &S) {
    if (&B == &Graph.getExit() && S.Received + Slots < Needed)
      Exits.push_back({S.Exit, S.Received, nullptr});
    if (Consumer)
      if (const Stmt *T = B.getTerminatorStmt())
        if (isa<BreakStmt, GotoStmt>(T)) {
          if (sentinelGuarded(T))
            return PathStep::Stop;
          if (!S.Exit)
            S.Exit = T;
        }
    return PathStep::Continue;
  }

  bool edge(const CFGBlock &From, unsigned SuccIndex, PathState &S) {
    const Stmt *T = From.getTerminatorStmt();
    if (T && SuccIndex == 1)
      if (const Stmt *Loop = isLoop(T) ? T : loopOfConjunct(T))
        if (drainedOnExit(*Loop, From, T == Loop))
          S.Received = Needed; // The loop ran to its end: all received.
    if (const auto *Cond =
            dyn_cast_or_null<Expr>(From.getTerminatorCondition()))
      if (const Expr *Result = timedResultIn(Cond))
        if (std::optional<unsigned> Success = successSuccessor(Cond, Result))
          if (*Success == SuccIndex)
            receive(S);
    return true;
  }

private:
  const CFG &Graph;
  const ChannelNames &Names;
  const ChannelVocabulary &Vocabulary;
  uint64_t Needed, Slots;
  bool DestructorReleases;
  llvm::SmallPtrSetImpl<const VarDecl *> &ClosingGuards;
  llvm::SmallPtrSetImpl<const VarDecl *> &WaitingVars;
  llvm::SmallPtrSetImpl<const Stmt *> &HandOvers;
  const ParentMap &PM;
  const Stmt &Body;
  const SourceManager &SM;
  FunctionSummaries &Sums;

  /// Whether a closing guard declared before \p S in a scope around it is
  /// alive at \p S.
  bool guardLiveAt(const Stmt *S) const {
    for (const VarDecl *Guard : ClosingGuards) {
      const DeclStmt *DS = findDeclStmt(Body, *Guard);
      const Stmt *Scope = DS ? PM.getParent(DS) : nullptr;
      if (Scope && contains(Scope, S) &&
          SM.isBeforeInTranslationUnit(DS->getEndLoc(), S->getBeginLoc()))
        return true;
    }
    return false;
  }

  PathStep receive(PathState &S) {
    S.Received = std::min(S.Received + 1, Needed);
    return S.Received + Slots >= Needed ? PathStep::Stop : PathStep::Continue;
  }

  bool isTimedReceive(const Stmt *S) const {
    std::optional<OpUse> U = channelOperation(S, Names, Vocabulary);
    return U && (U->Op->Op == ChannelOp::TimedReceive ||
                 U->Op->Op == ChannelOp::TryReceive);
  }

  /// The result of a timed receive is kept in a variable.
  bool storedResult(const Stmt *Call) const {
    const Stmt *P = semanticParent(Call, PM);
    while (P && isa<ExprWithCleanups, CXXBindTemporaryExpr,
                    MaterializeTemporaryExpr, CXXConstructExpr>(P))
      P = semanticParent(P, PM);
    return P && isa<DeclStmt>(P);
  }

  /// The timed receive, or a variable holding its result, in \p Cond.
  const Expr *timedResultIn(const Expr *Cond) const {
    const Expr *Found = nullptr;
    forEachOwnStmt(Cond, [&](const Stmt *S) {
      if (Found)
        return;
      if (isTimedReceive(S)) {
        Found = cast<Expr>(S);
        return;
      }
      if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
          if (VD->getInit() && isTimedReceive(ignoreWrappers(VD->getInit())))
            Found = DRE;
    });
    return Found;
  }

  /// The loop whose condition has \p T as one of its top-level `&&`s.
  const Stmt *loopOfConjunct(const Stmt *T) {
    const auto *BO = dyn_cast<BinaryOperator>(T);
    if (!BO || BO->getOpcode() != BO_LAnd)
      return nullptr;
    if (!ConjunctsBuilt) {
      ConjunctsBuilt = true;
      forEachOwnStmt(&Body, [&](const Stmt *S) {
        if (!isLoop(S))
          return;
        const Expr *C = loopCondition(S);
        while (const auto *And = dyn_cast_or_null<BinaryOperator>(
                   C ? C->IgnoreParenImpCasts() : nullptr)) {
          if (And->getOpcode() != BO_LAnd)
            break;
          ConjunctLoops[And] = S;
          C = And->getLHS();
        }
      });
    }
    auto It = ConjunctLoops.find(BO);
    return It == ConjunctLoops.end() ? nullptr : It->second;
  }

  static const Expr *loopCondition(const Stmt *Loop) {
    if (const auto *F = dyn_cast<ForStmt>(Loop))
      return F->getCond();
    if (const auto *W = dyn_cast<WhileStmt>(Loop))
      return W->getCond();
    if (const auto *D = dyn_cast<DoStmt>(Loop))
      return D->getCond();
    return nullptr;
  }

  /// Whether leaving \p Loop from \p From (its own test when \p AtLoop,
  /// else one of the `&&`s of its condition) means every value was
  /// received. A condition that receives (`while (q.pop(v) && !failed)`)
  /// drains only when the receive ends the loop, not the other test; a
  /// loop that receives in its body and ends through its condition
  /// received everything (a counted loop over the senders).
  bool drainedOnExit(const Stmt &Loop, const CFGBlock &From, bool AtLoop) {
    if (const auto *Range = dyn_cast<CXXForRangeStmt>(&Loop))
      if (Names.denotes(Range->getRangeInit()))
        return AtLoop;
    const Expr *Cond = loopCondition(&Loop);
    if (Cond && containsOperation(Cond, Names, Vocabulary,
                                  {ChannelOp::Receive, ChannelOp::TimedReceive,
                                   ChannelOp::TryReceive})) {
      for (const CFGElement &E : From)
        if (auto CS = E.getAs<CFGStmt>())
          if (std::optional<OpUse> U =
                  channelOperation(CS->getStmt(), Names, Vocabulary))
            if (U->Op->Op == ChannelOp::Receive ||
                U->Op->Op == ChannelOp::TimedReceive ||
                U->Op->Op == ChannelOp::TryReceive)
              return true;
      return false;
    }
    return AtLoop && receivesInLoop(&Loop);
  }

  bool Consumer = false;
  llvm::SmallPtrSet<const VarDecl *, 4> ReceivedVars;

  /// Whether the innermost if around \p S tests a received value directly
  /// (compares it, negates it, calls a member of it) rather than only
  /// handing it to a function (`if (!process(v))`, an error).
  bool sentinelGuarded(const Stmt *S) const {
    const Stmt *Child = S;
    for (const Stmt *P = PM.getParent(S); P; Child = P, P = PM.getParent(P)) {
      const auto *If = dyn_cast<IfStmt>(P);
      if (!If || Child == If->getCond())
        continue;
      // `if (!q.pop(v)) return;`: the receive failed, the channel was
      // closed and drained.
      const Expr *Tested = If->getCond()->IgnoreParenImpCasts();
      while (const auto *U = dyn_cast<UnaryOperator>(Tested)) {
        if (U->getOpcode() != UO_LNot)
          break;
        Tested = U->getSubExpr()->IgnoreParenImpCasts();
      }
      if (std::optional<OpUse> U =
              channelOperation(ignoreWrappers(Tested), Names, Vocabulary))
        if (U->Op->Op == ChannelOp::Receive ||
            U->Op->Op == ChannelOp::TimedReceive ||
            U->Op->Op == ChannelOp::TryReceive)
          return true;
      bool Direct = false;
      forEachOwnStmt(If->getCond(), [&](const Stmt *Sub) {
        const auto *DRE = dyn_cast<DeclRefExpr>(Sub);
        const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
        if (!V || !ReceivedVars.count(V))
          return;
        const Stmt *C = DRE;
        for (const Stmt *Q = PM.getParent(DRE); Q; C = Q, Q = PM.getParent(Q)) {
          if (isa<ImplicitCastExpr, ParenExpr, MemberExpr>(Q))
            continue;
          if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Q)) {
            if (MC->getImplicitObjectArgument()->IgnoreParenImpCasts() == C)
              continue; // v.empty(), v.ok()
            break;
          }
          if (isa<CallExpr, CXXConstructExpr>(Q) &&
              !isa<CXXOperatorCallExpr>(Q))
            break; // Handed to a function.
          Direct = true;
          break;
        }
      });
      return Direct;
    }
    return false;
  }

  bool ConjunctsBuilt = false;
  llvm::DenseMap<const Stmt *, const Stmt *> ConjunctLoops;

  bool receivesInLoop(const Stmt *Loop) const {
    if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop))
      if (Names.denotes(Range->getRangeInit()))
        return true;
    const Stmt *Body = nullptr;
    if (const auto *F = dyn_cast<ForStmt>(Loop))
      Body = F->getBody();
    else if (const auto *W = dyn_cast<WhileStmt>(Loop))
      Body = W->getBody();
    else if (const auto *D = dyn_cast<DoStmt>(Loop))
      Body = D->getBody();
    else if (const auto *R = dyn_cast<CXXForRangeStmt>(Loop))
      Body = R->getBody();
    return containsOperation(Body, Names, Vocabulary,
                             {ChannelOp::Receive, ChannelOp::TimedReceive,
                              ChannelOp::TryReceive, ChannelOp::ReceiveAll,
                              ChannelOp::Drain});
  }

  /// Whether a use of the channel hands it to code this analysis does not
  /// see (a function argument, a copy, a reference bound to it).
  bool escapes(const Expr *DRE) const {
    const Stmt *Child = DRE;
    for (const Stmt *P = PM.getParent(DRE); P; Child = P, P = PM.getParent(P)) {
      if (HandOvers.count(P))
        return false;
      if (isa<ParenExpr, ImplicitCastExpr, UnaryOperator, MemberExpr>(P))
        continue;
      if (isa<CXXMemberCallExpr>(P))
        return cast<CXXMemberCallExpr>(P)->getImplicitObjectArgument() !=
                   Child &&
               !contains(
                   cast<CXXMemberCallExpr>(P)->getImplicitObjectArgument(),
                   DRE) &&
               !calleesLeaveAlone(*cast<Expr>(P), Child, Sums, Consumer);
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P)) {
        // *p and p-> of a smart pointer: where the channel goes next.
        if (Op->getOperator() == OO_Star || Op->getOperator() == OO_Arrow)
          continue;
        // c << v, c >> v: the channel's own operations.
        return !channelOperation(Op, Names, Vocabulary);
      }
      // A function whose summary leaves the channel alone (any depth).
      if (isa<CallExpr, CXXConstructExpr>(P))
        return !calleesLeaveAlone(*cast<Expr>(P), Child, Sums, Consumer);
      if (isa<DeclStmt, BinaryOperator, LambdaExpr, InitListExpr>(P))
        return true;
      return false;
    }
    return false;
  }
};

/// Finds the CFG point just after \p S.
std::optional<CFGPoint> pointAfter(const CFG &Graph, const Stmt *S) {
  for (const CFGBlock *B : Graph)
    for (unsigned I = 0; I < B->size(); ++I)
      if (auto CS = (*B)[I].getAs<CFGStmt>())
        if (CS->getStmt() == S)
          return CFGPoint{B, I + 1};
  return std::nullopt;
}

/// What a channel's initializer is: the constructor called (when
/// visible) and the arguments.
struct ChannelInit {
  const CXXConstructorDecl *Ctor = nullptr;
  llvm::ArrayRef<const Expr *> Args;
};

/// The constructor and arguments of a channel's initializer (a
/// constructor, a factory, make_shared / new), or nothing.
/// The channel: a local variable, or a member of the class whose method
/// is analyzed.
struct ChannelRef {
  const VarDecl *Var = nullptr;
  const FieldDecl *Field = nullptr;

  QualType type() const { return Var ? Var->getType() : Field->getType(); }
  bool invalid() const {
    return Var ? Var->isInvalidDecl() || !Var->hasLocalStorage()
               : Field->isInvalidDecl();
  }
  /// The initializer: the variable's, or the member's default or the one
  /// the first constructor that initializes it gives.
  const Expr *init() const {
    if (Var)
      return Var->getInit();
    if (Field->hasInClassInitializer())
      return Field->getInClassInitializer();
    const auto *RD = dyn_cast<CXXRecordDecl>(Field->getParent());
    if (!RD)
      return nullptr;
    for (const CXXConstructorDecl *C : RD->ctors()) {
      const FunctionDecl *Def = nullptr;
      if (!C->hasBody(Def))
        continue;
      for (const CXXCtorInitializer *I : cast<CXXConstructorDecl>(Def)->inits())
        if (I->getMember() == Field && I->isWritten())
          return I->getInit();
    }
    return nullptr;
  }
};

std::optional<ChannelInit> channelInit(const ChannelRef &Var) {
  const Expr *Init = Var.init() ? ignoreWrappers(Var.init()) : nullptr;
  while (Init) {
    if (const auto *New = dyn_cast<CXXNewExpr>(Init)) {
      Init = New->getConstructExpr();
      continue;
    }
    if (const auto *C = dyn_cast<CXXConstructExpr>(Init)) {
      // A smart pointer built from `new T(...)`.
      if (C->getNumArgs() == 1 &&
          isa<CXXNewExpr>(ignoreWrappers(C->getArg(0)))) {
        Init = ignoreWrappers(C->getArg(0));
        continue;
      }
      return ChannelInit{C->getConstructor(),
                         llvm::ArrayRef(C->getArgs(), C->getNumArgs())};
    }
    if (const auto *Call = dyn_cast<CallExpr>(Init)) {
      // make_shared<T>(args), makechan<T>(n), and user factories.
      return ChannelInit{nullptr,
                         llvm::ArrayRef(Call->getArgs(), Call->getNumArgs())};
    }
    return std::nullopt;
  }
  return std::nullopt;
}

/// Capacities: a number, unbounded, or unknown (nothing).
constexpr uint64_t Unbounded = std::numeric_limits<uint64_t>::max();

std::optional<uint64_t> argumentValue(const Expr *Arg, ASTContext &Context) {
  if (const auto *D = dyn_cast<CXXDefaultArgExpr>(Arg))
    Arg = D->getExpr();
  std::optional<int64_t> V = constantValue(Arg, Context);
  if (!V || *V < 0)
    return std::nullopt;
  return static_cast<uint64_t>(*V);
}

/// What the constructor \p Ctor, called with \p Args, stores in the
/// member \p Member: a parameter's argument, a constant, the member's
/// default.
std::optional<uint64_t> memberFromConstructor(const CXXConstructorDecl *Ctor,
                                              llvm::ArrayRef<const Expr *> Args,
                                              const CXXRecordDecl &Class,
                                              StringRef Member,
                                              ASTContext &Context) {
  auto FromExpr = [&](const Expr *E) -> std::optional<uint64_t> {
    E = ignoreWrappers(E);
    if (const auto *C = dyn_cast_or_null<CXXConstructExpr>(E))
      E = C->getNumArgs() == 1 ? ignoreWrappers(C->getArg(0)) : nullptr;
    if (const auto *PL = dyn_cast_or_null<ParenListExpr>(E))
      E = PL->getNumExprs() == 1 ? ignoreWrappers(PL->getExpr(0)) : nullptr;
    if (const auto *IL = dyn_cast_or_null<InitListExpr>(E))
      E = IL->getNumInits() == 1 ? ignoreWrappers(IL->getInit(0)) : nullptr;
    if (!E)
      return std::nullopt;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
      if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl())) {
        unsigned I = P->getFunctionScopeIndex();
        if (I < Args.size())
          return argumentValue(Args[I], Context);
        return std::nullopt;
      }
    return argumentValue(E, Context);
  };
  const FunctionDecl *Def = nullptr;
  // A constructor that is referenced but never instantiated (the default
  // initializer of a member whose class is never constructed here): its
  // template's pattern says the same.
  if (Ctor && !Ctor->hasBody(Def))
    if (const FunctionDecl *Pattern = Ctor->getTemplateInstantiationPattern())
      if (const auto *PC = dyn_cast<CXXConstructorDecl>(Pattern))
        Ctor = PC;
  if (Ctor && Ctor->hasBody(Def)) {
    const auto *CD = cast<CXXConstructorDecl>(Def);
    for (const CXXCtorInitializer *Init : CD->inits()) {
      const FieldDecl *F = Init->getMember();
      if (F && F->getName() == Member && Init->isWritten())
        return FromExpr(Init->getInit());
    }
    // `bound_ = n;` in the body.
    std::optional<std::optional<uint64_t>> Assigned;
    forEachOwnStmt(CD->getBody(), [&](const Stmt *S) {
      const auto *BO = dyn_cast<BinaryOperator>(S);
      if (Assigned || !BO || BO->getOpcode() != BO_Assign)
        return;
      if (const auto *ME =
              dyn_cast<MemberExpr>(BO->getLHS()->IgnoreParenImpCasts()))
        if (ME->getMemberDecl()->getName() == Member)
          Assigned = FromExpr(BO->getRHS());
    });
    if (Assigned)
      return *Assigned;
  } else if (Ctor) {
    return std::nullopt; // Defined elsewhere: unknown.
  }
  for (const FieldDecl *F : Class.fields())
    if (F->getName() == Member && F->hasInClassInitializer())
      return FromExpr(F->getInClassInitializer());
  return std::nullopt;
}

/// The capacity given to a channel: by its initializer, a setter called
/// before \p FirstSpawn, the template argument, the default.
std::optional<uint64_t>
capacityOf(const ChannelRef &Var, const model::ChannelType &Type,
           const QueueShape *Shape, const ChannelNames &Names, const Stmt &Body,
           const Expr *FirstSpawn, ASTContext &Context) {
  std::optional<ChannelInit> Init = channelInit(Var);
  std::optional<uint64_t> Capacity;
  StringRef Setter = Type.CapacitySetter;
  std::string ShapeSetter;
  unsigned SetterArg = 0;
  switch (Type.Capacity) {
  case model::CapacityFrom::Fixed:
    Capacity = Type.DefaultCapacity;
    break;
  case model::CapacityFrom::Setter:
    Capacity = Type.DefaultUnbounded
                   ? std::optional<uint64_t>(Unbounded)
                   : std::optional<uint64_t>(Type.DefaultCapacity);
    break;
  case model::CapacityFrom::Argument:
    if (!Init)
      return std::nullopt;
    if (Type.CapacityArg >= static_cast<int>(Init->Args.size()) ||
        isa<CXXDefaultArgExpr>(Init->Args[Type.CapacityArg]))
      Capacity = Type.DefaultUnbounded
                     ? std::optional<uint64_t>(Unbounded)
                     : std::optional<uint64_t>(Type.DefaultCapacity);
    else
      Capacity = argumentValue(Init->Args[Type.CapacityArg], Context);
    break;
  case model::CapacityFrom::Member: {
    if (!Shape)
      return std::nullopt;
    const QueueBound &B = Shape->Bound;
    const CXXRecordDecl *RD =
        Var.type().getNonReferenceType()->getAsCXXRecordDecl();
    // Through a smart pointer: the class it points to.
    if (const auto *Ptr = dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD))
      if (Ptr->getSpecializedTemplate() &&
          Ptr->getSpecializedTemplate()->getTemplatedDecl() != Shape->Class &&
          Ptr->getTemplateArgs().size() > 0 &&
          Ptr->getTemplateArgs()[0].getKind() == TemplateArgument::Type &&
          Ptr->getSpecializedTemplate()->getName().ends_with("_ptr"))
        RD = Ptr->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
    if (!RD || !Init)
      return std::nullopt;
    if (RD->getDefinition())
      RD = RD->getDefinition();
    switch (B.From) {
    case QueueBound::Constant:
      Capacity = B.Value;
      break;
    case QueueBound::TemplateParam: {
      const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
      if (!Spec || B.TemplateParamIndex >= Spec->getTemplateArgs().size())
        return std::nullopt;
      const TemplateArgument &A = Spec->getTemplateArgs()[B.TemplateParamIndex];
      if (A.getKind() != TemplateArgument::Integral ||
          A.getAsIntegral().isNegative())
        return std::nullopt;
      Capacity = A.getAsIntegral().getZExtValue();
      break;
    }
    case QueueBound::Member: {
      const CXXConstructorDecl *Ctor = Init->Ctor;
      if (!Ctor) {
        // make_shared<Q>(args): the one constructor taking that many.
        for (const CXXConstructorDecl *C : RD->ctors())
          if (!C->isCopyOrMoveConstructor() &&
              C->getMinRequiredArguments() <= Init->Args.size() &&
              C->getNumParams() >= Init->Args.size()) {
            if (Ctor)
              return std::nullopt;
            Ctor = C;
          }
      }
      Capacity =
          memberFromConstructor(Ctor, Init->Args, *RD, B.MemberName, Context);
      // No bound set and a setter to set it: as the code says, unset.
      if (!Capacity && !B.Setter.empty())
        Capacity = std::nullopt;
      ShapeSetter = B.Setter;
      Setter = ShapeSetter;
      SetterArg = B.SetterArg;
      break;
    }
    }
    break;
  }
  }
  // A setter called on the channel: the last call before the senders start
  // decides; a call under a condition or after them: unknown.
  if (!Setter.empty()) {
    bool Unknown = false;
    const SourceManager &SM = Context.getSourceManager();
    forEachOwnStmt(&Body, [&](const Stmt *S) {
      const auto *MC = dyn_cast<CXXMemberCallExpr>(S);
      const CXXMethodDecl *M = MC ? MC->getMethodDecl() : nullptr;
      if (!M || !M->getIdentifier() || M->getName() != Setter ||
          MC->getNumArgs() <= SetterArg ||
          !Names.denotes(MC->getImplicitObjectArgument()))
        return;
      bool TopLevel = false;
      if (const auto *CS = dyn_cast<CompoundStmt>(&Body))
        for (const Stmt *Child : CS->body())
          TopLevel |=
              Child == S ||
              (isa<ExprWithCleanups>(Child) &&
               cast<ExprWithCleanups>(Child)->getSubExpr()->IgnoreImplicit() ==
                   S);
      if (!TopLevel ||
          (FirstSpawn && !SM.isBeforeInTranslationUnit(
                             MC->getBeginLoc(), FirstSpawn->getBeginLoc()))) {
        Unknown = true;
        return;
      }
      std::optional<int64_t> V = constantValue(MC->getArg(SetterArg), Context);
      if (!V)
        Unknown = true;
      else if (*V < 0)
        Capacity = Type.NegativeIsUnbounded ? std::optional<uint64_t>(Unbounded)
                                            : std::nullopt;
      else
        Capacity = static_cast<uint64_t>(*V);
    });
    if (Unknown)
      return std::nullopt;
  }
  if (!Capacity || *Capacity == Unbounded ||
      (*Capacity == 0 && Type.ZeroIsUnbounded))
    return std::nullopt;
  return Capacity;
}

/// Guards in \p Body whose destructor closes the channel: a scope-exit
/// lambda, or an object built from the channel whose class's destructor
/// closes one.
void findClosingGuards(const Stmt &Body, const ChannelNames &Names,
                       const model::ChannelType &Type,
                       const ChannelVocabulary &Vocabulary,
                       llvm::SmallPtrSetImpl<const VarDecl *> &ClosingGuards,
                       llvm::SmallPtrSetImpl<const Stmt *> &HandOvers) {
  // Guards whose destructor closes the channel: a scope-exit lambda, or an
  // object built from the channel whose class's destructor closes one.
  auto DestructorCloses = [&](QualType T) {
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    const CXXDestructorDecl *Dtor =
        RD && RD->hasDefinition() ? RD->getDestructor() : nullptr;
    const FunctionDecl *Def = nullptr;
    if (!Dtor || !Dtor->hasBody(Def))
      return false;
    bool Closes = false;
    forEachOwnStmt(Def->getBody(), [&](const Stmt *Sub) {
      const auto *MC = dyn_cast<CXXMemberCallExpr>(Sub);
      const CXXMethodDecl *M = MC ? MC->getMethodDecl() : nullptr;
      if (M && M->getIdentifier())
        if (const model::ChannelOperation *Op =
                Vocabulary.findOperation(Type.Family, M->getName()))
          Closes |= Op->Op == ChannelOp::Close &&
                    Op->Releases == SenderRelease::AllSends;
    });
    return Closes;
  };
  forEachOwnStmt(&Body, [&](const Stmt *S) {
    const auto *DS = dyn_cast<DeclStmt>(S);
    if (!DS)
      return;
    for (const Decl *D : DS->decls()) {
      const auto *VD = dyn_cast<VarDecl>(D);
      if (!VD || !VD->getInit() || Names.Vars.count(VD))
        continue;
      forEachOwnStmt(VD->getInit(), [&](const Stmt *Sub) {
        if (const auto *E = dyn_cast<Expr>(Sub))
          if (Names.denotes(E) && DestructorCloses(VD->getType())) {
            ClosingGuards.insert(VD);
            HandOvers.insert(DS);
          }
        const auto *L = dyn_cast<LambdaExpr>(Sub);
        if (!L)
          return;
        ChannelNames InGuard{&Type, {}};
        for (const LambdaCapture &C : L->captures())
          if (C.capturesThis() && Names.Field)
            InGuard.Field = Names.Field;
          else if (C.capturesVariable())
            if (const auto *CV = dyn_cast<VarDecl>(C.getCapturedVar()))
              if (Names.Vars.count(CV))
                InGuard.Vars.insert(CV);
        if (!InGuard.empty() &&
            containsOperation(L->getBody(), InGuard, Vocabulary,
                              {ChannelOp::Close})) {
          ClosingGuards.insert(VD);
          HandOvers.insert(L);
        }
      });
    }
  });
}

/// What both directions start from: the function's body, the channel's
/// model row and shape, and the names the channel goes by there.
struct ChannelStart {
  const Stmt *Body;
  ChannelShape Shape;
  ChannelNames Names;
};

std::optional<ChannelStart>
startChannelAnalysis(const ChannelRef &Channel, const FunctionDecl &Function,
                     const ChannelVocabulary &Vocabulary) {
  const Stmt *Body = Function.getBody();
  if (!Body || Function.isInvalidDecl() || Function.isDependentContext() ||
      Channel.invalid())
    return std::nullopt;
  ChannelShape Shape = classifyChannelType(Channel.type(), Vocabulary);
  if (!Shape)
    return std::nullopt;
  ChannelStart Start{Body, Shape, ChannelNames{Shape.Type, {}}};
  if (Channel.Var)
    Start.Names.Vars.insert(Channel.Var);
  Start.Names.Field = Channel.Field;
  return Start;
}

} // namespace

/// \p Given, or summaries of this call's own (kept in \p Own) that know
/// the channel vocabulary.
static FunctionSummaries &
summariesOrOwn(FunctionSummaries *Given,
               std::unique_ptr<FunctionSummaries> &Own, ASTContext &Context,
               const ChannelVocabulary &Vocabulary) {
  if (Given)
    return *Given;
  Own = std::make_unique<FunctionSummaries>(Context);
  Own->setChannelVocabulary(&Vocabulary);
  return *Own;
}

static std::optional<UnreceivedSends> findUnreceivedSendsImpl(
    const ChannelRef &Channel, const FunctionDecl &Function,
    ASTContext &Context, const ChannelVocabulary &Vocabulary,
    const SpawnOptions &Spawns, FunctionSummaries *Summaries) {
  std::unique_ptr<FunctionSummaries> Own;
  FunctionSummaries &Sums =
      summariesOrOwn(Summaries, Own, Context, Vocabulary);
  std::optional<ChannelStart> Setup =
      startChannelAnalysis(Channel, Function, Vocabulary);
  if (!Setup)
    return std::nullopt;
  const Stmt *Body = Setup->Body;
  ChannelShape Shape = Setup->Shape;
  const model::ChannelType &Type = *Shape.Type;
  ChannelNames &Names = Setup->Names;
  ParentMap PM(const_cast<Stmt *>(Body));

  // The tasks that get the channel, and what they send.
  UnreceivedSends Result;
  Result.Channel = Channel.Var;
  Result.Field = Channel.Field;
  Result.Type = &Type;
  Result.Shape = Vocabulary.shapeOf(&Type);
  std::vector<const Expr *> Sites;
  llvm::SmallPtrSet<const Stmt *, 8> HandOvers;
  llvm::SmallPtrSet<const VarDecl *, 4> WaitingVars;
  bool Unknown = false;
  bool SiblingReceives = false;
  uint64_t Sent = 0;
  // One spawn that hands over the channel (as \p Outer names it there):
  // \p Site is where the function starts it (the spawn, or the call of
  // the object's method that spawns it), \p Loops what repeats it.
  // \p Repeated: it may run more times than \p Loops say (a method reached
  // through a loop or by two calls).
  auto Handle = [&](const Spawn &Sp, const ChannelNames &Outer, const Stmt *S,
                    const Expr *Site, llvm::ArrayRef<const Stmt *> Loops,
                    bool InFunction, bool Repeated = false) {
    const FunctionDecl *Task = Sp.body();
    if (!Task || !Task->hasBody())
      return;
    std::optional<ChannelNames> Inner = namesInTask(Sp, Outer, *Task);
    if (!Inner)
      return;
    HandOvers.insert(S);
    if (const LambdaExpr *L = Sp.lambda())
      HandOvers.insert(L);
    if (containsOperation(Task->getBody(), *Inner, Vocabulary,
                          {ChannelOp::Receive, ChannelOp::TimedReceive,
                           ChannelOp::TryReceive, ChannelOp::ReceiveAll,
                           ChannelOp::Drain, ChannelOp::Opaque}))
      SiblingReceives = true; // Another task receives: no claim.
    TaskSends Sends = sendsOf(*Task, *Inner, Vocabulary, Context);
    if (Sends.Blocking.empty())
      return;
    Result.Sends.insert(Result.Sends.end(), Sends.Blocking.begin(),
                        Sends.Blocking.end());
    // How many times this spawn runs.
    uint64_t Times = 1;
    if (Repeated)
      Unknown = true;
    for (const Stmt *P : Loops) {
      if (std::optional<uint64_t> N = constantTripCount(*P, Context))
        Times = llvm::SaturatingMultiply(Times, *N);
      else
        Unknown = true;
    }
    Sent = llvm::SaturatingAdd(Sent,
                               llvm::SaturatingMultiply(Times, Sends.Sent.N));
    if (Sends.Sent.N == 0)
      return; // Sends only on some paths: not counted.
    if (!Result.Spawn) {
      Result.Spawn = Sp.Site;
      Result.SpawnerName = Sp.SpawnerName;
      if (!InFunction) {
        Result.StartedBy = dyn_cast<CXXMemberCallExpr>(Site);
        Result.KeptIn = Outer.Field;
      }
    }
    Sites.push_back(Site);
    if (InFunction && Sp.FutureWaits)
      if (const VarDecl *Holder = resultHolder(Sp.Site, PM))
        WaitingVars.insert(Holder);
  };
  auto LoopsAround = [](const Stmt *S, const ParentMap &Map) {
    llvm::SmallVector<const Stmt *, 4> Loops;
    for (const Stmt *P = Map.getParent(S); P; P = Map.getParent(P))
      if (isLoop(P))
        Loops.push_back(P);
    return Loops;
  };
  forEachOwnStmt(Body, [&](const Stmt *S) {
    if (std::optional<Spawn> Sp = asSpawn(*S, Spawns))
      Handle(*Sp, Names, S, Sp->Site, LoopsAround(S, PM), true);
  });
  // Senders started by the methods of an object built from the channel
  // that keeps it in a member (`Server S(Q); S.start();`), as far as the
  // TU shows; a method of it that receives or closes makes no claim.
  for (const ObjectHandOver &H : objectsKeepingChannel(*Body, Names, Sums)) {
    ChannelNames Kept{&Type, {}};
    Kept.Field = H.Member;
    if (const Expr *Init = H.Object->getInit())
      HandOvers.insert(ignoreWrappers(Init));
    for (const CXXMemberCallExpr *Call : H.Calls) {
      const CXXMethodDecl *M = Call->getMethodDecl();
      const FunctionDecl *Def = nullptr;
      if (!M || !M->hasBody(Def))
        continue;
      if (memberCalleeUse(*Call, Kept, Sums, /*AnyObject=*/true)) {
        SiblingReceives = true;
        break;
      }
      llvm::SmallVector<const Stmt *, 4> Outer = LoopsAround(Call, PM);
      for (const auto &[Run, RunsAgain] : methodsRunBy(*Def, Sums)) {
        bool Repeated = RunsAgain; // Captured below.
        ParentMap CalleePM(const_cast<Stmt *>(Run->getBody()));
        forEachOwnStmt(Run->getBody(), [&](const Stmt *S) {
          if (std::optional<Spawn> Sp = asSpawn(*S, Spawns)) {
            llvm::SmallVector<const Stmt *, 4> Loops = LoopsAround(S, CalleePM);
            Loops.append(Outer.begin(), Outer.end());
            Handle(*Sp, Kept, S, Call, Loops, false, Repeated);
          }
        });
      }
    }
  }
  if (Sites.empty() || SiblingReceives)
    return std::nullopt;
  std::optional<uint64_t> Capacity = capacityOf(
      Channel, Type, Result.Shape, Names, *Body, Sites.front(), Context);
  if (!Capacity)
    return std::nullopt;
  int64_t Held = static_cast<int64_t>(std::min<uint64_t>(
                     *Capacity, std::numeric_limits<int64_t>::max() / 2)) +
                 Type.SlotOffset;
  uint64_t Slots = Held > 0 ? static_cast<uint64_t>(Held) : 0;
  Result.Slots = Slots;
  Result.Sent = Unknown ? ValueCount{false, 2} : ValueCount{true, Sent};
  uint64_t Needed = Result.Sent.N;
  if (Slots >= Needed)
    return std::nullopt;

  llvm::SmallPtrSet<const VarDecl *, 4> ClosingGuards;
  findClosingGuards(*Body, Names, Type, Vocabulary, ClosingGuards, HandOvers);

  CFG::BuildOptions BO;
  BO.AddImplicitDtors = true;
  BO.AddTemporaryDtors = true;
  BO.setAllAlwaysAdd();
  std::unique_ptr<CFG> Graph =
      CFG::buildCFG(&Function, const_cast<Stmt *>(Body), &Context, BO);
  if (!Graph)
    return std::nullopt;
  bool DestructorReleases = !Shape.ThroughPointer && !Type.SharedHandle &&
                            Type.OnDestroy == SenderRelease::AllSends;
  ExitFinder Finder(*Graph, Names, Vocabulary, Needed, Slots,
                    DestructorReleases, ClosingGuards, WaitingVars, HandOvers,
                    PM, *Body, Context.getSourceManager(), Sums);
  std::vector<std::pair<CFGPoint, PathState>> Starts;
  for (const Expr *Site : Sites)
    if (std::optional<CFGPoint> P = pointAfter(*Graph, Site))
      Starts.push_back({*P, PathState{}});
  searchForwardLeastCost<PathState>(Starts, Finder);
  if (Finder.Exits.empty())
    return std::nullopt;

  // The earliest exit in the source.
  const SourceManager &SM = Context.getSourceManager();
  auto Loc = [&](const BadExit &E) {
    return E.Exit ? SM.getExpansionLoc(E.Exit->getBeginLoc())
                  : SM.getExpansionLoc(Body->getEndLoc());
  };
  const BadExit *Best = &Finder.Exits.front();
  for (const BadExit &E : Finder.Exits)
    if (SM.isBeforeInTranslationUnit(Loc(E), Loc(*Best)))
      Best = &E;
  Result.Exit = Best->Exit;
  Result.Received = Best->Received;
  Result.WaitingVar = Best->WaitingVar;
  return Result;
}

static std::optional<UnreceivedSends>
findAbandonedSendsImpl(const ChannelRef &Channel, const FunctionDecl &Function,
                       ASTContext &Context, const ChannelVocabulary &Vocabulary,
                       const SpawnOptions &Spawns,
                       FunctionSummaries *Summaries) {
  std::unique_ptr<FunctionSummaries> Own;
  FunctionSummaries &Sums =
      summariesOrOwn(Summaries, Own, Context, Vocabulary);
  std::optional<ChannelStart> Setup =
      startChannelAnalysis(Channel, Function, Vocabulary);
  if (!Setup)
    return std::nullopt;
  const Stmt *Body = Setup->Body;
  ChannelShape Shape = Setup->Shape;
  const model::ChannelType &Type = *Shape.Type;
  ChannelNames &Names = Setup->Names;
  ParentMap PM(const_cast<Stmt *>(Body));
  const SourceManager &SM = Context.getSourceManager();

  // The one consumer task; no spawned sender.
  std::optional<Spawn> ConsumerSpawn;
  std::optional<ChannelNames> ConsumerNames;
  // Where the consumer starts as the function sees it: the spawn, or the
  // call of the method that spawns it.
  const Expr *ConsumerSite = nullptr;
  const CXXMemberCallExpr *StartedBy = nullptr;
  const FieldDecl *KeptIn = nullptr;
  bool GiveUp = false;
  forEachOwnStmt(Body, [&](const Stmt *S) {
    if (GiveUp)
      return;
    std::optional<Spawn> Sp = asSpawn(*S, Spawns);
    if (!Sp)
      return;
    const FunctionDecl *Task = Sp->body();
    if (!Task || !Task->hasBody())
      return;
    std::optional<ChannelNames> Inner = namesInTask(*Sp, Names, *Task);
    if (!Inner)
      return;
    if (containsOperation(Task->getBody(), *Inner, Vocabulary,
                          {ChannelOp::Send, ChannelOp::Opaque}) ||
        ConsumerSpawn) {
      GiveUp = true;
      return;
    }
    if (!containsOperation(Task->getBody(), *Inner, Vocabulary,
                           {ChannelOp::Receive, ChannelOp::TimedReceive,
                            ChannelOp::TryReceive, ChannelOp::ReceiveAll,
                            ChannelOp::Drain}))
      return;
    for (const Stmt *P = PM.getParent(S); P; P = PM.getParent(P))
      if (isLoop(P))
        GiveUp = true; // Several consumers.
    ConsumerSpawn = Sp;
    ConsumerNames = Inner;
    ConsumerSite = Sp->Site;
  });
  if (GiveUp)
    return std::nullopt;
  // The channel handed to an object's constructor that keeps it in a
  // member, and a method of that object that starts the consumer
  // (`Server S(Q); S.start();`), as far as the TU shows.
  for (const ObjectHandOver &H : objectsKeepingChannel(*Body, Names, Sums)) {
    for (const CXXMemberCallExpr *Call : H.Calls) {
      const CXXMethodDecl *M = Call->getMethodDecl();
      const FunctionDecl *Def = nullptr;
      if (!M || !M->hasBody(Def))
        continue;
      ChannelNames Kept{&Type, {}};
      Kept.Field = H.Member;
      if (memberCalleeUse(*Call, Kept, Sums, /*AnyObject=*/true)) {
        GiveUp = true; // The object receives or closes it itself.
        break;
      }
      for (const auto &[Run, RunsAgain] : methodsRunBy(*Def, Sums)) {
        bool Repeated = RunsAgain; // Captured below.
        forEachOwnStmt(Run->getBody(), [&](const Stmt *S) {
          std::optional<Spawn> Sp = asSpawn(*S, Spawns);
          if (!Sp || GiveUp)
            return;
          const FunctionDecl *Task = Sp->body();
          if (!Task || !Task->hasBody())
            return;
          std::optional<ChannelNames> Inner = namesInTask(*Sp, Kept, *Task);
          if (!Inner)
            return;
          // Another consumer, or this one started more than once.
          if (ConsumerSpawn || Repeated ||
              containsOperation(Task->getBody(), *Inner, Vocabulary,
                                {ChannelOp::Send, ChannelOp::Opaque})) {
            GiveUp = true;
            return;
          }
          ConsumerSpawn = Sp;
          ConsumerNames = Inner;
          ConsumerSite = Call;
          StartedBy = Call;
          KeptIn = H.Member;
        });
      }
    }
  }
  if (GiveUp || !ConsumerSpawn)
    return std::nullopt;
  const FunctionDecl &Task = *ConsumerSpawn->body();

  // Variables the consumer can change for the spawning function to see.
  llvm::SmallPtrSet<const VarDecl *, 4> Shared;
  if (const LambdaExpr *L = ConsumerSpawn->lambda())
    for (const LambdaCapture &C : L->captures())
      if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
        if (const auto *V = dyn_cast<VarDecl>(C.getCapturedVar()))
          if (!Names.Vars.count(V))
            Shared.insert(V);
  auto ReadsShared = [&](const Stmt *S) {
    bool Found = false;
    forEachOwnStmt(S, [&](const Stmt *Sub) {
      if (const auto *DRE = dyn_cast<DeclRefExpr>(Sub))
        if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
          Found |= Shared.count(V) > 0;
    });
    return Found;
  };

  // The spawning function's own sends after the consumer starts.
  UnreceivedSends Result;
  Result.Channel = Channel.Var;
  Result.Field = Channel.Field;
  Result.Type = &Type;
  Result.Shape = Vocabulary.shapeOf(&Type);
  Result.Consumer = &Task;
  Result.StartedBy = StartedBy;
  Result.KeptIn = KeptIn;
  Result.Spawn = ConsumerSpawn->Site;
  Result.SpawnerName = ConsumerSpawn->SpawnerName;
  bool Unknown = false;
  uint64_t Sent = 0;
  forEachOwnStmt(Body, [&](const Stmt *S) {
    if (GiveUp)
      return;
    std::optional<OpUse> U = channelOperation(S, Names, Vocabulary);
    if (!U)
      return;
    switch (U->Op->Op) {
    case ChannelOp::Send:
      break;
    case ChannelOp::Receive:
    case ChannelOp::TimedReceive:
    case ChannelOp::TryReceive:
    case ChannelOp::ReceiveAll:
    case ChannelOp::Drain:
    case ChannelOp::Opaque:
      GiveUp = true; // The function receives too.
      return;
    default:
      return;
    }
    if (!SM.isBeforeInTranslationUnit(ConsumerSite->getBeginLoc(),
                                      U->Call->getBeginLoc()))
      return;
    // A send under a condition or loop that reads what the consumer sets
    // (a failure flag) may stop when the consumer does.
    for (const Stmt *P = PM.getParent(U->Call); P; P = PM.getParent(P)) {
      const Stmt *Cond = nullptr;
      if (const auto *If = dyn_cast<IfStmt>(P))
        Cond = If->getCond();
      else if (const auto *W = dyn_cast<WhileStmt>(P))
        Cond = W->getCond();
      else if (const auto *F = dyn_cast<ForStmt>(P))
        Cond = F->getCond();
      else if (const auto *D = dyn_cast<DoStmt>(P))
        Cond = D->getCond();
      if (Cond && ReadsShared(Cond)) {
        GiveUp = true;
        return;
      }
    }
    Result.Sends.push_back(U->Call);
    uint64_t Count = 1;
    if (unconditionalCount(U->Call, Body, PM, Context, Count)) {
      Sent = llvm::SaturatingAdd(Sent, Count);
      return;
    }
    // Under a loop of unknown count (and no other condition): unknown.
    for (const Stmt *P = PM.getParent(U->Call); P; P = PM.getParent(P)) {
      if (isLoop(P) && !constantTripCount(*P, Context)) {
        Unknown = true;
        return;
      }
      if (isa<IfStmt, SwitchStmt, ConditionalOperator, CXXCatchStmt,
              BinaryConditionalOperator>(P))
        return;
    }
  });
  if (GiveUp || Result.Sends.empty() || (!Unknown && Sent == 0))
    return std::nullopt;
  std::optional<uint64_t> Capacity = capacityOf(
      Channel, Type, Result.Shape, Names, *Body, ConsumerSite, Context);
  if (!Capacity)
    return std::nullopt;
  int64_t Held = static_cast<int64_t>(std::min<uint64_t>(
                     *Capacity, std::numeric_limits<int64_t>::max() / 2)) +
                 Type.SlotOffset;
  uint64_t Slots = Held > 0 ? static_cast<uint64_t>(Held) : 0;
  Result.Slots = Slots;
  Result.Sent = Unknown ? ValueCount{false, 2} : ValueCount{true, Sent};
  if (!Unknown && Slots >= Sent)
    return std::nullopt;
  uint64_t Needed = Unknown ? std::numeric_limits<uint64_t>::max() / 4 : Sent;

  // The consumer's paths: one that ends without receiving enough, and
  // without closing the channel in a way that releases the sender.
  const Stmt &TaskBody = *Task.getBody();
  ParentMap TaskPM(const_cast<Stmt *>(&TaskBody));
  llvm::SmallPtrSet<const Stmt *, 8> HandOvers;
  llvm::SmallPtrSet<const VarDecl *, 4> ClosingGuards, WaitingVars;
  findClosingGuards(TaskBody, *ConsumerNames, Type, Vocabulary, ClosingGuards,
                    HandOvers);
  CFG::BuildOptions BO;
  BO.AddImplicitDtors = true;
  BO.AddTemporaryDtors = true;
  BO.setAllAlwaysAdd();
  std::unique_ptr<CFG> Graph =
      CFG::buildCFG(&Task, const_cast<Stmt *>(&TaskBody), &Context, BO);
  if (!Graph)
    return std::nullopt;
  ExitFinder Finder(*Graph, *ConsumerNames, Vocabulary, Needed, Slots,
                    /*DestructorReleases=*/false, ClosingGuards, WaitingVars,
                    HandOvers, TaskPM, TaskBody, SM, Sums);
  Finder.setConsumer();
  std::pair<CFGPoint, PathState> Start{CFGPoint{&Graph->getEntry(), 0},
                                       PathState{}};
  searchForwardLeastCost<PathState>(llvm::ArrayRef(Start), Finder);
  if (Finder.Exits.empty())
    return std::nullopt;
  auto Loc = [&](const BadExit &E) {
    return E.Exit ? SM.getExpansionLoc(E.Exit->getBeginLoc())
                  : SM.getExpansionLoc(TaskBody.getEndLoc());
  };
  const BadExit *Best = &Finder.Exits.front();
  for (const BadExit &E : Finder.Exits)
    if (SM.isBeforeInTranslationUnit(Loc(E), Loc(*Best)))
      Best = &E;
  Result.Exit = Best->Exit;
  Result.Received = Best->Received;
  return Result;
}

std::optional<UnreceivedSends>
findUnreceivedSends(const VarDecl &Channel, const FunctionDecl &Function,
                    ASTContext &Context, const ChannelVocabulary &Vocabulary,
                    const SpawnOptions &Spawns, FunctionSummaries *Summaries) {
  return findUnreceivedSendsImpl(ChannelRef{&Channel, nullptr}, Function,
                                 Context, Vocabulary, Spawns, Summaries);
}

std::optional<UnreceivedSends>
findAbandonedSends(const VarDecl &Channel, const FunctionDecl &Function,
                   ASTContext &Context, const ChannelVocabulary &Vocabulary,
                   const SpawnOptions &Spawns, FunctionSummaries *Summaries) {
  return findAbandonedSendsImpl(ChannelRef{&Channel, nullptr}, Function,
                                Context, Vocabulary, Spawns, Summaries);
}

std::optional<UnreceivedSends>
findUnreceivedSends(const FieldDecl &Channel, const CXXMethodDecl &Method,
                    ASTContext &Context, const ChannelVocabulary &Vocabulary,
                    const SpawnOptions &Spawns, FunctionSummaries *Summaries) {
  if (Method.getParent() != Channel.getParent())
    return std::nullopt;
  return findUnreceivedSendsImpl(ChannelRef{nullptr, &Channel}, Method, Context,
                                 Vocabulary, Spawns, Summaries);
}

std::optional<UnreceivedSends>
findAbandonedSends(const FieldDecl &Channel, const CXXMethodDecl &Method,
                   ASTContext &Context, const ChannelVocabulary &Vocabulary,
                   const SpawnOptions &Spawns, FunctionSummaries *Summaries) {
  if (Method.getParent() != Channel.getParent())
    return std::nullopt;
  return findAbandonedSendsImpl(ChannelRef{nullptr, &Channel}, Method, Context,
                                Vocabulary, Spawns, Summaries);
}

std::optional<ChannelOp> memberChannelUse(const FieldDecl &Channel,
                                          const CXXMethodDecl &Method,
                                          const ChannelVocabulary &Vocabulary,
                                          FunctionSummaries *Summaries) {
  if (!classifyChannelType(Channel.getType(), Vocabulary) || !Method.hasBody())
    return std::nullopt;
  std::unique_ptr<FunctionSummaries> Own;
  if (!Summaries) {
    Own = std::make_unique<FunctionSummaries>(Method.getASTContext());
    Own->setChannelVocabulary(&Vocabulary);
    Summaries = Own.get();
  }
  ChannelEffects E = Summaries->channels(Method).member(Channel);
  if (E.Closes)
    return ChannelOp::Close;
  if (E.Receives)
    return ChannelOp::Receive;
  return std::nullopt;
}

} // namespace conctidy
