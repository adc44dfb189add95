//===--- UnreceivedChannelSendCheck.cpp - conc-unreceived-channel-send ----===//

#include "UnreceivedChannelSendCheck.h"
#include "OptionLists.h"
#include "SummariesOption.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/MathExtras.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace conctidy {

UnreceivedChannelSendCheck::UnreceivedChannelSendCheck(
    StringRef Name, tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ChannelTypes(Options.get("ChannelTypes", "")),
      SendMethods(Options.get("SendMethods", "send")),
      ReceiveMethods(Options.get("ReceiveMethods", "receive;recv")),
      CloseMethods(Options.get("CloseMethods", "close")),
      CapacityArgument(Options.get("CapacityArgument", 0)),
      CapacitySetter(Options.get("CapacitySetter", "")),
      ZeroCapacityIsUnbounded(Options.get("ZeroCapacityIsUnbounded", false)),
      DrainMethods(Options.get("DrainMethods", "")),
      RecognizeQueues(Options.get("RecognizeQueues", true)),
      AsyncCalls(Options.get("AsyncCalls", DefaultAsyncCalls)),
      SummariesFile(Options.getLocalOrGlobal(SummariesFileOption, "")) {
  UserChannelSemantics Semantics;
  Semantics.CapacityArg = CapacityArgument;
  Semantics.CapacitySetter = CapacitySetter;
  Semantics.ZeroIsUnbounded = ZeroCapacityIsUnbounded;
  Semantics.DrainNames = splitList(DrainMethods);
  Vocabulary.addUserChannels(splitNameList(ChannelTypes),
                             splitList(SendMethods), splitList(ReceiveMethods),
                             splitList(CloseMethods), Semantics);
  Vocabulary.setRecognizeShapes(RecognizeQueues);
  Spawns.ExtraSpawners = splitNameList(AsyncCalls);
}

void UnreceivedChannelSendCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ChannelTypes", ChannelTypes);
  Options.store(Opts, "SendMethods", SendMethods);
  Options.store(Opts, "ReceiveMethods", ReceiveMethods);
  Options.store(Opts, "CloseMethods", CloseMethods);
  Options.store(Opts, "CapacityArgument", CapacityArgument);
  Options.store(Opts, "CapacitySetter", CapacitySetter);
  Options.store(Opts, "ZeroCapacityIsUnbounded", ZeroCapacityIsUnbounded);
  Options.store(Opts, "DrainMethods", DrainMethods);
  Options.store(Opts, "RecognizeQueues", RecognizeQueues);
  Options.store(Opts, "AsyncCalls", AsyncCalls);
}

void UnreceivedChannelSendCheck::registerMatchers(MatchFinder *Finder) {
  std::vector<std::string> Names = Vocabulary.typeNames();
  std::vector<StringRef> Refs(Names.begin(), Names.end());
  auto Channel = cxxRecordDecl(hasAnyName(Refs));
  auto SmartPointer = classTemplateSpecializationDecl(
      hasAnyName("::std::shared_ptr", "::std::unique_ptr",
                 "::boost::shared_ptr"),
      hasTemplateArgument(0, refersToType(hasUnqualifiedDesugaredType(
                                 recordType(hasDeclaration(Channel))))));
  // Member channels, analyzed in each method of their class.
  Finder->addMatcher(
      fieldDecl(unless(isExpansionInSystemHeader()),
                hasType(hasUnqualifiedDesugaredType(recordType())))
          .bind("member"),
      this);
  if (RecognizeQueues) {
    // Any local of class type may be a queue recognized by its shape; the
    // recognizer caches its answer per class.
    Finder->addMatcher(
        varDecl(hasLocalStorage(), unless(parmVarDecl()),
                unless(isExpansionInSystemHeader()),
                hasType(hasUnqualifiedDesugaredType(recordType())))
            .bind("channel"),
        this);
    return;
  }
  Finder->addMatcher(
      varDecl(hasLocalStorage(), unless(parmVarDecl()),
              unless(isExpansionInSystemHeader()),
              hasType(hasUnqualifiedDesugaredType(recordType(
                  hasDeclaration(namedDecl(anyOf(Channel, SmartPointer)))))))
          .bind("channel"),
      this);
}

FunctionSummaries &UnreceivedChannelSendCheck::summaries(ASTContext &Context) {
  if (!Summaries || &Summaries->context() != &Context) {
    Summaries = std::make_unique<FunctionSummaries>(Context);
    Summaries->setChannelVocabulary(&Vocabulary);
    std::string Error = useSummariesFile(*Summaries, SummariesFile);
    if (!Error.empty())
      configurationDiag(Error);
  }
  return *Summaries;
}

void UnreceivedChannelSendCheck::check(const MatchFinder::MatchResult &Result) {
  if (const auto *Field = Result.Nodes.getNodeAs<FieldDecl>("member")) {
    checkMember(*Field, *Result.Context);
    return;
  }
  const auto *Var = Result.Nodes.getNodeAs<VarDecl>("channel");
  if (!Var || isInTemplateInstantiation(*Var))
    return;
  const auto *Function =
      dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
  if (!Function || !classifyChannelType(Var->getType(), Vocabulary))
    return;
  FunctionSummaries &Sums = summaries(*Result.Context);
  if (std::optional<UnreceivedSends> Found = findUnreceivedSends(
          *Var, *Function, *Result.Context, Vocabulary, Spawns, &Sums))
    report(*Found, *Function, *Result.Context);
  else if (std::optional<UnreceivedSends> Found = findAbandonedSends(
               *Var, *Function, *Result.Context, Vocabulary, Spawns, &Sums))
    reportAbandoned(*Found, *Function, *Result.Context);
}

void UnreceivedChannelSendCheck::checkMember(const FieldDecl &Field,
                                             ASTContext &Context) {
  const auto *RD = dyn_cast<CXXRecordDecl>(Field.getParent());
  if (!RD || RD->isDependentContext() || RD->isLambda() ||
      isInTemplateInstantiation(*RD) ||
      !classifyChannelType(Field.getType(), Vocabulary))
    return;
  // The methods that could receive, drain or close it from outside the
  // one analyzed (and the tasks it starts): with one, no claim.
  llvm::SmallVector<const CXXMethodDecl *, 8> Methods, Releasing;
  for (const CXXMethodDecl *M : RD->methods()) {
    if (M->isStatic() || isa<CXXConstructorDecl>(M))
      continue;
    if (memberChannelUse(Field, *M, Vocabulary, &summaries(Context)))
      Releasing.push_back(M);
    if (!isa<CXXDestructorDecl>(M) && M->hasBody())
      Methods.push_back(M);
  }
  for (const CXXMethodDecl *M : Methods) {
    const FunctionDecl *Def = nullptr;
    if (!M->hasBody(Def) || Def->isDependentContext())
      continue;
    const auto *MD = cast<CXXMethodDecl>(Def);
    bool OtherReleases = llvm::any_of(Releasing, [&](const CXXMethodDecl *R) {
      return R->getCanonicalDecl() != M->getCanonicalDecl() &&
             !startsTask(*MD, *R);
    });
    if (OtherReleases)
      continue;
    if (std::optional<UnreceivedSends> Found = findUnreceivedSends(
            Field, *MD, Context, Vocabulary, Spawns, &summaries(Context)))
      report(*Found, *MD, Context);
    else if (std::optional<UnreceivedSends> Found = findAbandonedSends(
                 Field, *MD, Context, Vocabulary, Spawns, &summaries(Context)))
      reportAbandoned(*Found, *MD, Context);
  }
}

bool UnreceivedChannelSendCheck::startsTask(const CXXMethodDecl &In,
                                            const CXXMethodDecl &Task) const {
  bool Found = false;
  forEachOwnStmt(In.getBody(), [&](const Stmt *S) {
    if (Found)
      return;
    if (std::optional<Spawn> Sp = asSpawn(*S, Spawns))
      if (const FunctionDecl *B = Sp->body())
        Found = B->getCanonicalDecl() == Task.getCanonicalDecl();
  });
  return Found;
}

namespace {

const NamedDecl &channelDecl(const UnreceivedSends &Found) {
  if (Found.Channel)
    return *Found.Channel;
  return *Found.Field;
}

/// "'handleRequest'", or "the lambda" for a lambda's call operator.
std::string functionName(const FunctionDecl &F) {
  if (const auto *M = dyn_cast<CXXMethodDecl>(&F))
    if (M->getParent()->isLambda())
      return "the lambda";
  return "'" + F.getNameAsString() + "'";
}

/// "may return at line 31", "may throw at line 31", "may reach its end at
/// line 40".
std::string exitPhrase(const Stmt *Exit, const Stmt &Body,
                       const SourceManager &SM) {
  SourceLocation Loc =
      SM.getExpansionLoc(Exit ? Exit->getBeginLoc() : Body.getEndLoc());
  std::string Line = std::to_string(SM.getExpansionLineNumber(Loc));
  if (!Exit)
    return "may reach its end at line " + Line;
  if (isa<CXXThrowExpr>(Exit))
    return "may throw at line " + Line;
  if (isa<CoreturnStmt>(Exit))
    return "may co_return at line " + Line;
  if (isa<BreakStmt, GotoStmt>(Exit))
    return "may leave its loop at line " + Line;
  return "may return at line " + Line;
}

/// "1 value", "3 values".
std::string countPhrase(uint64_t N, StringRef Noun) {
  return std::to_string(N) + " " + Noun.str() + (N == 1 ? "" : "s");
}

std::string valuesPhrase(const ValueCount &Sent) {
  if (!Sent.Known)
    return "all values";
  return Sent.N == 1 ? "the value"
                     : "all " + std::to_string(Sent.N) + " values";
}

/// The capacity a channel of type \p T needs so that \p Values sends never
/// block (Boost's buffered_channel: a power of two above the count, as it
/// holds capacity - 1).
uint64_t capacityFor(const model::ChannelType &T, uint64_t Values) {
  uint64_t Capacity = Values - std::min<int64_t>(T.SlotOffset, 0);
  return T.CapacityPowerOfTwo ? llvm::PowerOf2Ceil(Capacity) : Capacity;
}

/// A fix-it that turns `ns::unbuffered<T> c;` into `ns::buffered<T> c{N};`
/// (the names of \p From and \p To), when the declaration is spelled that
/// way outside macros.
std::vector<FixItHint> bufferedChannelFix(const VarDecl &Var, StringRef From,
                                          StringRef To, uint64_t Capacity,
                                          const SourceManager &SM,
                                          const LangOptions &LO) {
  const TypeSourceInfo *TSI = Var.getTypeSourceInfo();
  if (!TSI || Var.getLocation().isMacroID())
    return {};
  const auto *Init = dyn_cast_or_null<CXXConstructExpr>(
      Var.getInit() ? Var.getInit()->IgnoreImplicit() : nullptr);
  if (!Init || Init->getNumArgs() != 0 || Init->isListInitialization() ||
      Init->getParenOrBraceRange().isValid())
    return {};
  TypeLoc TL = TSI->getTypeLoc();
  auto Spec = TL.getAsAdjusted<TemplateSpecializationTypeLoc>();
  if (!Spec)
    return {};
  SourceLocation NameLoc = Spec.getTemplateNameLoc();
  if (NameLoc.isMacroID())
    return {};
  StringRef Spelled = Lexer::getSourceText(
      CharSourceRange::getTokenRange(NameLoc, NameLoc), SM, LO);
  if (Spelled != From.rsplit(':').second)
    return {};
  SourceLocation AfterName =
      Lexer::getLocForEndOfToken(Var.getLocation(), 0, SM, LO);
  if (AfterName.isInvalid())
    return {};
  return {FixItHint::CreateReplacement(
              CharSourceRange::getTokenRange(NameLoc, NameLoc),
              To.rsplit(':').second),
          FixItHint::CreateInsertion(AfterName,
                                     "{" + std::to_string(Capacity) + "}")};
}

} // namespace

void UnreceivedChannelSendCheck::report(const UnreceivedSends &Found,
                                        const FunctionDecl &Function,
                                        ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LO = Context.getLangOpts();
  const NamedDecl &Channel = channelDecl(Found);
  StringRef TypeName = Found.Type->QualifiedName;
  TypeName.consume_front("::");
  std::string Name = Channel.getNameAsString();
  StringRef Family = Found.Type->Family;

  // Which of the three fixes applies, and a fix-it when it is mechanical.
  std::string Advice;
  std::vector<FixItHint> Fixes;
  const model::ChannelType *Buffered =
      Found.Type->BufferedVariant.empty()
          ? nullptr
          : Vocabulary.findType(Found.Type->BufferedVariant);
  if (Found.Sent.Known && Buffered) {
    uint64_t Capacity = capacityFor(*Buffered, Found.Sent.N);
    StringRef Variant = Buffered->QualifiedName;
    Variant.consume_front("::");
    Advice = ("use a '" + Variant + "' of capacity " + Twine(Capacity)).str();
    if (Buffered->SlotOffset != 0)
      Advice += " (it holds " +
                countPhrase(Capacity + Buffered->SlotOffset, "value") + ")";
    if (Found.Channel)
      Fixes = bufferedChannelFix(*Found.Channel, Found.Type->QualifiedName,
                                 Buffered->QualifiedName, Capacity, SM, LO);
  } else if (Found.Sent.Known &&
             (Found.Type->Capacity == model::CapacityFrom::Argument ||
              Found.Type->Capacity == model::CapacityFrom::Setter ||
              (Found.Shape &&
               Found.Shape->Bound.From != QueueBound::Constant))) {
    Advice =
        "give '" + Name + "' room for " + countPhrase(Found.Sent.N, "value");
  } else if (Vocabulary.closeReleasesSenders(Family)) {
    Advice = "close '" + Name + "' on every path that returns early";
  } else {
    Advice = "receive every value on every path";
  }

  std::string Exit = exitPhrase(Found.Exit, *Function.getBody(), SM);
  for (const Expr *Send : Found.Sends) {
    {
      auto D =
          diag(Send->getExprLoc(),
               "send on '%0' (%1) %7 block forever: %2 %3 before "
               "receiving %4%5; %6")
          << Name << TypeName << functionName(Function) << Exit
          << valuesPhrase(Found.Sent)
          << (Found.WaitingVar
                  ? std::string(", and the destructor of the 'std::future' "
                                "waits for the blocked task")
                  : std::string())
          << Advice << (Found.Sent.Known ? "can" : "may");
      for (const FixItHint &Fix : Fixes)
        D << Fix;
    }
    notes(Found, Function);
  }
}

void UnreceivedChannelSendCheck::reportAbandoned(const UnreceivedSends &Found,
                                                 const FunctionDecl &Function,
                                                 ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  StringRef TypeName = Found.Type->QualifiedName;
  TypeName.consume_front("::");
  std::string Name = channelDecl(Found).getNameAsString();
  const FunctionDecl &Consumer = *Found.Consumer;
  std::string Exit = exitPhrase(Found.Exit, *Consumer.getBody(), SM);
  std::string Advice;
  if (Vocabulary.closeReleasesSenders(Found.Type->Family))
    Advice = "close '" + Name + "' where the consumer stops";
  else
    Advice = "keep receiving from '" + Name + "' until it is finished";
  std::string Sending = Found.Sent.Known
                            ? "sends " + countPhrase(Found.Sent.N, "value")
                            : "keeps sending";
  for (const Expr *Send : Found.Sends) {
    diag(Send->getExprLoc(),
         "send on '%0' (%1) %2 block forever: its only consumer, %3, %4 "
         "while %5 %6; %7")
        << Name << TypeName << (Found.Sent.Known ? "can" : "may")
        << functionName(Consumer) << Exit << functionName(Function) << Sending
        << Advice;
    SourceLocation ExitLoc = Found.Exit ? Found.Exit->getBeginLoc()
                                        : Consumer.getBody()->getEndLoc();
    diag(ExitLoc,
         "the consumer stops receiving here after %0 without "
         "releasing the senders",
         DiagnosticIDs::Note)
        << countPhrase(Found.Received, "value");
    diag(Found.Spawn->getBeginLoc(), "the consumer is started here with '%0'",
         DiagnosticIDs::Note)
        << Found.SpawnerName;
    diag(channelDecl(Found).getLocation(), "'%0' holds %1", DiagnosticIDs::Note)
        << Name << countPhrase(Found.Slots, "value");
    shapeNotes(Found);
  }
}

void UnreceivedChannelSendCheck::notes(const UnreceivedSends &Found,
                                       const FunctionDecl &Function) {
  SourceLocation ExitLoc =
      Found.Exit ? Found.Exit->getBeginLoc() : Function.getBody()->getEndLoc();
  diag(ExitLoc, "%0 leaves here after receiving %1", DiagnosticIDs::Note)
      << functionName(Function) << countPhrase(Found.Received, "value");
  if (Found.WaitingVar)
    diag(Found.WaitingVar->getLocation(),
         "the destructor of '%0' waits for the blocked task, so %1 hangs too",
         DiagnosticIDs::Note)
        << Found.WaitingVar->getName() << functionName(Function);
  std::string Senders =
      !Found.Sent.Known ? "tasks that send an unknown number of values are"
      : Found.Sent.N == 1
          ? "the task that sends the value is"
          : "tasks that send " + countPhrase(Found.Sent.N, "value") + " are";
  diag(Found.Spawn->getBeginLoc(), "%0 started here with '%1'",
       DiagnosticIDs::Note)
      << Senders << Found.SpawnerName;
  shapeNotes(Found);
}

void UnreceivedChannelSendCheck::startedByNote(const UnreceivedSends &Found) {
  if (!Found.StartedBy || !Found.KeptIn)
    return;
  const CXXMethodDecl *M = Found.StartedBy->getMethodDecl();
  diag(Found.StartedBy->getExprLoc(),
       "started by this call of '%0', whose object keeps '%1' in its member "
       "'%2'",
       DiagnosticIDs::Note)
      << (M ? M->getQualifiedNameAsString() : std::string("?"))
      << channelDecl(Found).getName() << Found.KeptIn->getName();
}

void UnreceivedChannelSendCheck::shapeNotes(const UnreceivedSends &Found) {
  startedByNote(Found);
  if (const QueueShape *Shape = Found.Shape) {
    diag(Shape->SendWait->getBeginLoc(),
         "'%0' is a bounded blocking queue: '%1' waits here while it is full",
         DiagnosticIDs::Note)
        << Found.Type->QualifiedName << Shape->SendName;
    if (Shape->CloseNotify &&
        Shape->CloseReleases != model::SenderRelease::AllSends)
      diag(Shape->CloseNotify->getBeginLoc(),
           "'%0' wakes the waiters, but the wait in '%1' does not test the "
           "flag it sets",
           DiagnosticIDs::Note)
          << Shape->CloseName << Shape->SendName;
  }
}

} // namespace conctidy
