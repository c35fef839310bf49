// Squared L2 distance between float vectors: the one kernel every vector search, build and test
// uses, so an ANN graph, a flat scan and a brute-force check all rank by the very same numbers.
//
// The result is bit-identical on every code path (AVX-512, AVX2+FMA, portable): the sum is defined
// as 16 lanes, lane j accumulating fma(d_i, d_i, acc_j) for i ≡ j (mod 16) in increasing i, then
// the lanes folded pairwise (j += j + 8, then + 4, + 2, + 1). A machine with wider registers
// therefore builds the same graph bytes and returns the same distances as one without them. The
// path is chosen once per process from the CPU's features.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>

namespace og::index {

/// Signature of a squared-L2 kernel over `dim` floats.
using L2SquaredFn = float (*)(const float* a, const float* b, size_t dim);

/// Return sum_i (a[i] - b[i])^2 in the canonical order above. Cost: O(dim).
float L2Squared(const float* a, const float* b, size_t dim);

/// The kernel L2Squared dispatches to on this CPU (call it directly in hot loops).
L2SquaredFn BestL2SquaredKernel();

/// Name of the selected kernel ("avx512", "avx2", "portable"), for benchmarks and logs.
const char* L2SquaredKernelName();

/// The portable kernel (reference for the equality tests of the SIMD paths).
float L2SquaredPortable(const float* a, const float* b, size_t dim);

}  // namespace og::index
