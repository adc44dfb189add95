//===--- JsonSkimTest.cpp - Members of a JSON object, values unparsed -----===//

#include "../lib/Analysis/JsonSkim.h"
#include "gtest/gtest.h"
#include <utility>
#include <vector>

using namespace conctidy;

namespace {

using Members = std::vector<std::pair<std::string, std::string>>;

llvm::Expected<Members> skim(llvm::StringRef Text) {
  Members Out;
  if (llvm::Error Err =
          skimJsonObject(Text, [&](std::string Key, llvm::StringRef Value) {
            Out.emplace_back(std::move(Key), Value.str());
          }))
    return std::move(Err);
  return Out;
}

std::string failure(llvm::StringRef Text) {
  llvm::Expected<Members> M = skim(Text);
  if (M)
    return "(skimmed)";
  return llvm::toString(M.takeError());
}

TEST(JsonSkimTest, ValuesKeepTheirText) {
  llvm::Expected<Members> M =
      skim(" {\"a\": {\"x\": [1, {\"y\": \"}]\"}]}, \"b\":true ,\"c\":-2.5e3,"
           "\"d\":\"q\\\"}\", \"e\":[]}\n");
  ASSERT_TRUE(static_cast<bool>(M)) << llvm::toString(M.takeError());
  Members Want = {{"a", "{\"x\": [1, {\"y\": \"}]\"}]}"},
                  {"b", "true"},
                  {"c", "-2.5e3"},
                  {"d", "\"q\\\"}\""},
                  {"e", "[]"}};
  EXPECT_EQ(*M, Want);
}

TEST(JsonSkimTest, KeysAreDecoded) {
  llvm::Expected<Members> M = skim("{\"c:@F@f\\\"g\":1,\"\\u0041\":2}");
  ASSERT_TRUE(static_cast<bool>(M)) << llvm::toString(M.takeError());
  Members Want = {{"c:@F@f\"g", "1"}, {"A", "2"}};
  EXPECT_EQ(*M, Want);
}

TEST(JsonSkimTest, EmptyObject) {
  llvm::Expected<Members> M = skim("{ }");
  ASSERT_TRUE(static_cast<bool>(M)) << llvm::toString(M.takeError());
  EXPECT_TRUE(M->empty());
}

TEST(JsonSkimTest, MalformedTextSaysWhere) {
  EXPECT_EQ(failure("[1]"), "expected '{' at offset 0");
  EXPECT_EQ(failure("{\"a\" 1}"), "expected ':' at offset 5");
  EXPECT_EQ(failure("{\"a\":{\"b\":1}"), "expected ',' or '}' at offset 12");
  EXPECT_EQ(failure("{\"a\":\"open}"), "malformed value at offset 11");
  EXPECT_EQ(failure("{\"a\":[1,2}"), "malformed value at offset 9");
  EXPECT_EQ(failure("{\"a\":[{]}"), "malformed value at offset 7");
  EXPECT_EQ(failure("{\"a\":1} x"), "text after the object at offset 8");
  EXPECT_EQ(failure("{1:2}"), "expected a key at offset 1");
  EXPECT_EQ(failure("{\"a\":}"), "malformed value at offset 5");
  EXPECT_EQ(failure(""), "expected '{' at offset 0");
}

} // namespace
