//===--- SummaryFileTest.cpp - Summary files round trip -------------------===//

#include "conctidy/Analysis/SummaryFile.h"
#include "gtest/gtest.h"

using namespace conctidy;

namespace {

SummaryTable roundTrip(const SummaryTable &T) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  T.write(OS);
  llvm::Expected<SummaryTable> Back = SummaryTable::parse(Text, "t.json");
  EXPECT_TRUE(static_cast<bool>(Back)) << llvm::toString(Back.takeError());
  return Back ? std::move(*Back) : SummaryTable();
}

// Every flag of every part is read back as written, alone (so a flag
// written without being parsed, or parsed into another one, fails).
TEST(SummaryFileTest, EveryFlagRoundTripsAlone) {
  bool ChannelEffects::*ChannelFlags[] = {
      &ChannelEffects::Sends, &ChannelEffects::Receives,
      &ChannelEffects::Closes, &ChannelEffects::Unknown};
  bool HandleEffects::*HandleFlags[] = {
      &HandleEffects::Joins, &HandleEffects::Detaches, &HandleEffects::Unknown};
  std::vector<PortableSummary> Cases;
  for (auto Flag : ChannelFlags) {
    PortableSummary S;
    S.ChannelParams.resize(2);
    S.ChannelParams[1].*Flag = true;
    Cases.push_back(S);
    PortableSummary M;
    M.ChannelMembers["c:@S@Q@FI@Chan"].*Flag = true;
    Cases.push_back(M);
  }
  for (auto Flag : HandleFlags) {
    PortableSummary S;
    S.HandleParams.resize(2);
    S.HandleParams[1].*Flag = true;
    Cases.push_back(S);
  }
  PortableSummary Spawns, Throws, NeverReturns;
  Spawns.Spawns = true;
  Throws.Control.MayThrow = true;
  NeverReturns.Control.NeverReturns = true;
  Cases.push_back(Spawns);
  Cases.push_back(Throws);
  Cases.push_back(NeverReturns);

  for (size_t I = 0; I < Cases.size(); ++I) {
    SummaryTable T;
    T.add("c:@F@f" + std::to_string(I), Cases[I]);
    SummaryTable Back = roundTrip(T);
    const PortableSummary *S = Back.find("c:@F@f" + std::to_string(I));
    ASSERT_NE(S, nullptr) << "case " << I;
    EXPECT_TRUE(*S == Cases[I]) << "case " << I;
  }
}

TEST(SummaryFileTest, UnknownLetterIsMalformed) {
  std::string Text = std::string("{\"format\":\"conctidy-summaries\","
                                 "\"version\":\"") +
                     summaryFileVersion().str() +
                     "\",\"functions\":{\"c:@F@f\":{\"c\":[\"sx\"]}}}";
  llvm::Expected<SummaryTable> T = SummaryTable::parse(Text, "t.json");
  ASSERT_FALSE(static_cast<bool>(T));
  EXPECT_EQ(llvm::toString(T.takeError()),
            "summary file 't.json': malformed entry 'c:@F@f'");
}

} // namespace
