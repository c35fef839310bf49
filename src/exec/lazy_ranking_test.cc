// LazyRanking hands out rows in exactly the order a full sort gives (score descending, ties by
// row without ids), however far it is read.
#include "exec/lazy_ranking.h"

#include <gtest/gtest.h>

#include <random>

namespace og::exec {
namespace {

TEST(LazyRanking, EveryPrefixEqualsTheFullSortWithTiesAndAnyReadLength) {
  std::mt19937_64 rng(20261201);
  // Scores drawn from few values, so ties (broken by row) are common, as BM25's are.
  auto less = [](const auto& a, const auto& b) {  // the order LazyRanking promises without ids
    if (a.second != b.second) return a.second > b.second;
    return a.first < b.first;
  };
  for (size_t n : {0, 1, 63, 64, 65, 200, 5000}) {
    std::vector<std::pair<int64_t, double>> rows;
    for (size_t i = 0; i < n; ++i) rows.emplace_back(static_cast<int64_t>(i), double(rng() % 17));
    std::shuffle(rows.begin(), rows.end(), rng);
    auto full = rows;
    std::sort(full.begin(), full.end(), less);
    for (size_t read : {size_t{1}, size_t{10}, size_t{64}, size_t{65}, size_t{300}, n}) {
      LazyRanking lazy(rows, nullptr);
      ASSERT_EQ(lazy.size(), n);
      for (size_t i = 0; i < std::min(read, n); ++i) {
        ASSERT_EQ(lazy.RowAt(i), full[i].first) << "n=" << n << " read=" << read << " i=" << i;
      }
    }
  }
}

TEST(LazyRanking, SortedInputIsHandedOutAsGiven) {
  LazyRanking r = LazyRanking::Sorted({{7, 0.5}, {3, 0.1}, {9, 2.0}});
  EXPECT_EQ(r.RowAt(0), 7);
  EXPECT_EQ(r.RowAt(1), 3);
  EXPECT_EQ(r.RowAt(2), 9);
}

}  // namespace
}  // namespace og::exec
