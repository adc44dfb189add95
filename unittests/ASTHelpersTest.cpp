//===--- ASTHelpersTest.cpp - Smart pointers by the model and by shape ----===//

#include "conctidy/Analysis/ASTHelpers.h"
#include "TestAST.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace conctidy;

namespace {

const char *Code = R"cpp(
namespace std {
template <class T> struct default_delete {};
template <class T, class D = default_delete<T>> class unique_ptr {
public:
  T *operator->() const;
private:
  struct Storage { T *p; } s_;
};
template <class T> class optional {
public:
  T *operator->();
private:
  union { char empty_; T value_; };
};
}
// A project's own owning pointer: by its shape.
template <class T> class OwnedPtr {
public:
  T *operator->() const { return p_; }
private:
  T *p_;
};
// An iterator points to a node, not to its argument.
template <class T> struct Node { T value; Node *next; };
template <class T> class ListIterator {
public:
  T *operator->() const { return &node_->value; }
private:
  Node<T> *node_;
};
struct Impl { int x; };
std::unique_ptr<Impl> GA;
std::optional<Impl> GB;
OwnedPtr<Impl> GC;
ListIterator<Impl> GD;
)cpp";

class SmartPointers : public ::testing::Test {
protected:
  test::TestAST AST{Code};

  const CXXRecordDecl *typeOf(StringRef Var) {
    const auto *V = AST.find<VarDecl>(varDecl(hasName(Var)));
    return V ? V->getType()->getAsCXXRecordDecl() : nullptr;
  }
};

TEST_F(SmartPointers, ModelledByName) {
  EXPECT_TRUE(isSmartPointer(typeOf("GA")));
  ASSERT_NE(modelledSmartPointer(typeOf("GA")), nullptr);
  EXPECT_EQ(modelledSmartPointer(typeOf("GA"))->Owns, model::Ownership::Unique);
}

TEST_F(SmartPointers, ProjectPointerByShape) {
  EXPECT_TRUE(isSmartPointer(typeOf("GC")));
  EXPECT_EQ(modelledSmartPointer(typeOf("GC")), nullptr);
  const auto *V = AST.find<VarDecl>(varDecl(hasName("GC")));
  ASSERT_NE(pointeeRecord(V->getType()), nullptr);
  EXPECT_EQ(pointeeRecord(V->getType())->getName(), "Impl");
}

TEST_F(SmartPointers, OptionalsAndIteratorsAreNot) {
  EXPECT_FALSE(isSmartPointer(typeOf("GB")));
  EXPECT_FALSE(isSmartPointer(typeOf("GD")));
  EXPECT_FALSE(isSmartPointer(nullptr));
}

} // namespace
