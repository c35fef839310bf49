// CheckPattern (@check): unanchored find semantics; invalid or over-complex patterns are
// BadRequest at compile time; no pattern or value can exhaust the stack (std::regex crashed on
// deeply nested groups and on long values; the fuzzer found both).
#include "lang/check_pattern.h"

#include <gtest/gtest.h>

#include "common/testing.h"

namespace og::lang {
namespace {

bool Match(const CheckPattern& p, std::string_view text) {
  auto r = p.Matches(text);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() && *r;
}

TEST(CheckPattern, MatchesAnywhereUnlessAnchored) {
  OG_ASSIGN_OR_FAIL(auto at, CheckPattern::Compile("@"));
  EXPECT_TRUE(Match(at, "a@b"));
  EXPECT_FALSE(Match(at, "ab"));
  OG_ASSIGN_OR_FAIL(auto slug, CheckPattern::Compile("^[a-z0-9-]+$"));
  EXPECT_TRUE(Match(slug, "pat-sovereign-ai"));
  EXPECT_FALSE(Match(slug, "Pat Sovereign"));
  OG_ASSIGN_OR_FAIL(auto digits, CheckPattern::Compile("\\d{4}"));
  EXPECT_TRUE(Match(digits, "year 2024!"));
  // UTF mode: '.' is one character, not one byte.
  OG_ASSIGN_OR_FAIL(auto one, CheckPattern::Compile("^.$"));
  EXPECT_TRUE(Match(one, "\xC3\xA9"));
}

TEST(CheckPattern, InvalidPatternsAreBadRequest) {
  auto bad = CheckPattern::Compile("([a-z");
  EXPECT_TRUE(bad.status().IsBadRequest());
  EXPECT_NE(bad.status().message().find("regular expression"), std::string::npos);
}

TEST(CheckPattern, DeeplyNestedGroupsAreRefusedNotFollowed) {
  std::string deep = std::string(20000, '(') + "a" + std::string(20000, ')');
  auto r = CheckPattern::Compile(deep);
  ASSERT_TRUE(r.status().IsBadRequest()) << r.status().ToString();
  std::string ok = std::string(CheckPattern::kMaxGroupNesting - 1, '(') + "a" +
                   std::string(CheckPattern::kMaxGroupNesting - 1, ')');
  OG_ASSIGN_OR_FAIL(auto nested, CheckPattern::Compile(ok));
  EXPECT_TRUE(Match(nested, "xay"));
}

TEST(CheckPattern, LongValuesAndCatastrophicPatternsDoNotCrash) {
  // Alternation under a star recursed once per character in std::regex.
  OG_ASSIGN_OR_FAIL(auto alt, CheckPattern::Compile("^(a|b)*$"));
  EXPECT_TRUE(Match(alt, std::string(100000, 'a')));
  // Past the matcher's memory budget the value is refused with a reason, whatever its length.
  auto huge = alt.Matches(std::string(8 << 20, 'a'));
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.status().message().find("heap limit"), std::string::npos) << huge.status().message();
  // Exponential backtracking hits the step limit: an error, not a hang or a crash.
  OG_ASSIGN_OR_FAIL(auto evil, CheckPattern::Compile("^(a+)+$"));
  auto r = evil.Matches(std::string(64, 'a') + "!");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsBadRequest());
  EXPECT_NE(r.status().message().find("could not be matched"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace og::lang
