//===--- TestAST.h - Parse a snippet and find declarations in it *- C++ -*-===//

#ifndef CONCTIDY_UNITTESTS_TESTAST_H
#define CONCTIDY_UNITTESTS_TESTAST_H

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include <memory>
#include <string>

namespace conctidy {
namespace test {

/// Declarations every snippet can use: a thread handle and a container.
inline const char *threadPrelude() {
  return R"cpp(
namespace std {
template <class T> struct remove_reference { using type = T; };
template <class T> struct remove_reference<T &> { using type = T; };
template <class T> typename remove_reference<T>::type &&move(T &&t) noexcept;
class thread {
public:
  thread() noexcept;
  template <class F, class... A> explicit thread(F f, A... a);
  thread(thread &&) noexcept;
  ~thread();
  thread &operator=(thread &&) noexcept;
  bool joinable() const noexcept;
  void join();
  void detach();
};
template <class T> struct allocator {};
template <class T, class A = allocator<T>> struct vector {
  ~vector();
  template <class... Args> void emplace_back(Args &&...);
  T *begin();
  T *end();
};
}
void work();
bool failed();
)cpp";
}

/// A parsed snippet (prelude + \p Code, C++17).
class TestAST {
public:
  explicit TestAST(const std::string &Code)
      : Unit(clang::tooling::buildASTFromCodeWithArgs(
            std::string(threadPrelude()) + Code, {"-std=c++17"})) {}

  clang::ASTContext &context() { return Unit->getASTContext(); }

  template <typename NodeT, typename MatcherT> const NodeT *find(MatcherT M) {
    using namespace clang::ast_matchers;
    auto Results = match(M.bind("n"), context());
    return Results.empty() ? nullptr
                           : Results[0].template getNodeAs<NodeT>("n");
  }

  const clang::FunctionDecl *function(llvm::StringRef Name) {
    using namespace clang::ast_matchers;
    return find<clang::FunctionDecl>(
        functionDecl(hasName(Name), isDefinition()));
  }

  /// The local variable \p Var of function \p Function.
  const clang::VarDecl *local(llvm::StringRef Function, llvm::StringRef Var) {
    using namespace clang::ast_matchers;
    return find<clang::VarDecl>(
        varDecl(hasName(Var), hasAncestor(functionDecl(hasName(Function)))));
  }

private:
  std::unique_ptr<clang::ASTUnit> Unit;
};

} // namespace test
} // namespace conctidy

#endif // CONCTIDY_UNITTESTS_TESTAST_H
