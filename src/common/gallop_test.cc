// GallopLowerBound answers exactly as std::lower_bound for every ascending probe sequence.
#include "common/gallop.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace og {
namespace {

TEST(GallopLowerBound, AscendingProbesFromTheLastAnswerMatchLowerBound) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<int> sorted(rng() % 300);
    for (int& v : sorted) v = static_cast<int>(rng() % 500);
    std::sort(sorted.begin(), sorted.end());
    std::vector<int> probes(rng() % 50);
    for (int& p : probes) p = static_cast<int>(rng() % 520) - 10;
    std::sort(probes.begin(), probes.end());
    auto from = sorted.begin();
    for (int p : probes) {
      auto got = GallopLowerBound(from, sorted.end(), p);
      ASSERT_EQ(got, std::lower_bound(sorted.begin(), sorted.end(), p)) << "probe " << p;
      from = got;
    }
  }
}

}  // namespace
}  // namespace og
