#include "index/levenshtein.h"

#include <algorithm>
#include <random>
#include <set>

#include "common/testing.h"
#include "index/analyzer.h"

namespace og::index {
namespace {

// Unbounded optimal-string-alignment distance, the textbook DP, as the oracle.
int NaiveOsa(const std::u32string& a, const std::u32string& b) {
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

std::string RandomWord(std::mt19937& rng, int max_len, int alphabet) {
  std::string s(rng() % (max_len + 1), 'a');
  for (auto& c : s) c = static_cast<char>('a' + rng() % alphabet);
  return s;
}

// Guarantee: distances are exact up to the bound and report bound + 1 beyond it.
TEST(LevenshteinTest, KnownDistances) {
  EXPECT_EQ(BoundedEditDistance("neural", "neural", 2), 0);
  EXPECT_EQ(BoundedEditDistance("neural", "nueral", 2), 1);  // transposition is one edit
  EXPECT_EQ(BoundedEditDistance("learn", "lern", 2), 1);
  EXPECT_EQ(BoundedEditDistance("kitten", "sitting", 3), 3);
  EXPECT_EQ(BoundedEditDistance("kitten", "sitting", 2), 3);  // beyond the bound: max + 1
  EXPECT_EQ(BoundedEditDistance("", "abc", 3), 3);
  EXPECT_EQ(BoundedEditDistance("", "abcd", 3), 4);
  EXPECT_EQ(BoundedEditDistance("café", "cafe", 1), 1);  // code points, not bytes
  EXPECT_EQ(BoundedEditDistance("ca", "abc", 3), 3);     // OSA: no edit of a transposed pair
}

// Guarantee: the banded, early-exit computation agrees with the full DP on random strings.
TEST(LevenshteinTest, BoundedAgreesWithNaive) {
  std::mt19937 rng(11);
  for (int iter = 0; iter < 20000; ++iter) {
    std::u32string a = DecodeUtf8(RandomWord(rng, 9, 3));
    std::u32string b = DecodeUtf8(RandomWord(rng, 9, 3));
    int k = static_cast<int>(rng() % 4);
    int exact = NaiveOsa(a, b);
    ASSERT_EQ(BoundedEditDistance(a, b, k), std::min(exact, k + 1)) << iter;
  }
}

// Guarantee: a scan of a sorted dictionary with FuzzyMatcher (reusing prefix rows, pruning dead
// prefixes) returns exactly the terms within max_edits, with their distances, as does any order.
TEST(LevenshteinTest, MatcherAgreesWithNaiveOverSortedDictionary) {
  std::mt19937 rng(5);
  std::set<std::string> dict_set;
  while (dict_set.size() < 3000) dict_set.insert(RandomWord(rng, 8, 4));
  std::vector<std::string> dict(dict_set.begin(), dict_set.end());
  for (int q = 0; q < 60; ++q) {
    std::string query = RandomWord(rng, 7, 4);
    int k = q % 3;
    FuzzyMatcher sorted_matcher(query, k);
    FuzzyMatcher shuffled_matcher(query, k);
    std::vector<std::string> shuffled = dict;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    std::set<std::string> from_shuffled;
    for (const auto& t : shuffled) {
      if (shuffled_matcher.Match(t)) from_shuffled.insert(t);
    }
    std::set<std::string> got, want;
    for (const auto& t : dict) {
      auto d = sorted_matcher.Match(t);
      int exact = NaiveOsa(DecodeUtf8(query), DecodeUtf8(t));
      if (exact <= k) {
        want.insert(t);
        ASSERT_TRUE(d.has_value()) << query << " vs " << t;
        ASSERT_EQ(*d, exact);
      }
      if (d) got.insert(t);
    }
    EXPECT_EQ(got, want) << query;
    EXPECT_EQ(from_shuffled, want) << query;
  }
}

// Guarantee (fuzzy semantics): one-letter typos of ordinary words are within one edit of the
// document's term when both sides go through the analyzer and stems are compared.
TEST(LevenshteinTest, OneLetterTyposOfStemsMatch) {
  OG_ASSIGN_OR_FAIL(auto a, Analyzer::Make());
  auto stem = [&](const char* w) { return a->Analyze(w).at(0).term; };
  EXPECT_EQ(BoundedEditDistance(stem("nueral"), stem("neural"), 1), 1);
  EXPECT_EQ(BoundedEditDistance(stem("lerning"), stem("learning"), 1), 1);
  EXPECT_EQ(BoundedEditDistance(stem("netwroks"), stem("networks"), 1), 1);
  EXPECT_EQ(BoundedEditDistance(stem("grpah"), stem("graph"), 1), 1);
}

}  // namespace
}  // namespace og::index
