#include "lang/check_pattern.h"

#include <gtest/gtest.h>

namespace og::lang {
namespace {

TEST(CheckPattern, MatchesAnywhereUnlessAnchored) {
  auto at = CheckPattern::Compile("@").ValueOrDie();
  EXPECT_TRUE(at.Matches("a@b"));
  EXPECT_FALSE(at.Matches("ab"));
  auto slug = CheckPattern::Compile("^[a-z0-9-]+$").ValueOrDie();
  EXPECT_TRUE(slug.Matches("pat-sovereign-ai"));
  EXPECT_FALSE(slug.Matches("Pat Sovereign"));
  auto digits = CheckPattern::Compile("\\d{4}").ValueOrDie();
  EXPECT_TRUE(digits.Matches("year 2024!"));
}

TEST(CheckPattern, InvalidPatternsAreBadRequest) {
  auto bad = CheckPattern::Compile("([a-z");
  EXPECT_TRUE(bad.status().IsBadRequest());
  EXPECT_NE(bad.status().message().find("regular expression"), std::string::npos);
}

}  // namespace
}  // namespace og::lang
