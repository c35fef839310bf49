#include "index/vector_distance.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

namespace og::index {
namespace {

// The selected SIMD kernel returns bit-identical sums to the portable one for every dimension
// (including every tail length), so graphs and distances do not depend on the CPU.
TEST(VectorDistance, SimdKernelIsBitIdenticalToPortable) {
  std::mt19937 rng(7);
  std::normal_distribution<float> g(0.f, 3.f);
  for (size_t dim = 1; dim <= 130; ++dim) {
    for (int trial = 0; trial < 20; ++trial) {
      std::vector<float> a(dim), b(dim);
      for (size_t i = 0; i < dim; ++i) {
        a[i] = g(rng);
        b[i] = g(rng);
      }
      float fast = L2Squared(a.data(), b.data(), dim);
      float slow = L2SquaredPortable(a.data(), b.data(), dim);
      uint32_t fb, sb;
      std::memcpy(&fb, &fast, 4);
      std::memcpy(&sb, &slow, 4);
      ASSERT_EQ(fb, sb) << "kernel " << L2SquaredKernelName() << " dim " << dim;
    }
  }
}

// The kernel is a squared Euclidean distance (within float rounding of a double reference).
TEST(VectorDistance, ComputesSquaredL2) {
  std::mt19937 rng(8);
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  for (size_t dim : {1, 3, 16, 17, 64, 100, 768}) {
    std::vector<float> a(dim), b(dim);
    double want = 0;
    for (size_t i = 0; i < dim; ++i) {
      a[i] = u(rng);
      b[i] = u(rng);
      want += (double{a[i]} - b[i]) * (double{a[i]} - b[i]);
    }
    EXPECT_NEAR(L2Squared(a.data(), b.data(), dim), want, 1e-4 * want) << "dim " << dim;
    EXPECT_EQ(L2Squared(a.data(), a.data(), dim), 0.f);
  }
}

}  // namespace
}  // namespace og::index
