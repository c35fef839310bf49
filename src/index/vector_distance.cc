#include "index/vector_distance.h"

#include <cmath>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define OG_VECTOR_X86 1
#endif

namespace og::index {
namespace {

constexpr size_t kLanes = 16;

// Fold the 16 lane sums pairwise: lane j += lane j + 8, then + 4, + 2, + 1 (the canonical order).
float FoldLanes(float* acc) {
  for (size_t step = kLanes / 2; step >= 1; step /= 2) {
    for (size_t j = 0; j < step; ++j) acc[j] += acc[j + step];
  }
  return acc[0];
}

}  // namespace

float L2SquaredPortable(const float* a, const float* b, size_t dim) {
  float acc[kLanes] = {};
  size_t i = 0;
  for (; i + kLanes <= dim; i += kLanes) {
    for (size_t j = 0; j < kLanes; ++j) {
      float d = a[i + j] - b[i + j];
      acc[j] = std::fmaf(d, d, acc[j]);
    }
  }
  for (size_t j = 0; i + j < dim; ++j) {
    float d = a[i + j] - b[i + j];
    acc[j] = std::fmaf(d, d, acc[j]);
  }
  return FoldLanes(acc);
}

#ifdef OG_VECTOR_X86
namespace {

// 16 all-ones words then 16 zero words: the AVX2 tail mask for r remaining floats starts at 16 - r.
alignas(64) const int32_t kTailMask[2 * kLanes] = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                                   -1, -1, -1, -1, -1, 0,  0,  0,  0,  0,  0,
                                                   0,  0,  0,  0,  0,  0,  0,  0,  0,  0};

// Lanes 0..7 (lo) and 8..15 (hi) folded in the canonical order.
__attribute__((target("avx2,fma"))) inline float FoldAvx2(__m256 lo, __m256 hi) {
  __m256 s8 = _mm256_add_ps(lo, hi);                                                 // j + (j+8)
  __m128 s4 = _mm_add_ps(_mm256_castps256_ps128(s8), _mm256_extractf128_ps(s8, 1));  // j + (j+4)
  __m128 s2 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));                                 // j + (j+2)
  __m128 s1 = _mm_add_ss(s2, _mm_shuffle_ps(s2, s2, 1));                             // 0 + 1
  return _mm_cvtss_f32(s1);
}

__attribute__((target("avx2,fma"))) float L2SquaredAvx2(const float* a, const float* b,
                                                        size_t dim) {
  __m256 lo = _mm256_setzero_ps();
  __m256 hi = _mm256_setzero_ps();
  size_t i = 0;
  for (; i + kLanes <= dim; i += kLanes) {
    __m256 d0 = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
    __m256 d1 = _mm256_sub_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8));
    lo = _mm256_fmadd_ps(d0, d0, lo);
    hi = _mm256_fmadd_ps(d1, d1, hi);
  }
  size_t rest = dim - i;
  if (rest > 0) {
    // Masked-off lanes load 0 from both sides: fma(0, 0, acc) == acc, as if they were absent.
    const int32_t* m = kTailMask + kLanes - rest;
    __m256i m0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(m));
    __m256i m1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(m + 8));
    __m256 d0 = _mm256_sub_ps(_mm256_maskload_ps(a + i, m0), _mm256_maskload_ps(b + i, m0));
    __m256 d1 = _mm256_sub_ps(_mm256_maskload_ps(a + i + 8, m1), _mm256_maskload_ps(b + i + 8, m1));
    lo = _mm256_fmadd_ps(d0, d0, lo);
    hi = _mm256_fmadd_ps(d1, d1, hi);
  }
  return FoldAvx2(lo, hi);
}

__attribute__((target("avx512f,avx2,fma"))) float L2SquaredAvx512(const float* a, const float* b,
                                                                  size_t dim) {
  __m512 acc = _mm512_setzero_ps();
  size_t i = 0;
  for (; i + kLanes <= dim; i += kLanes) {
    __m512 d = _mm512_sub_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i));
    acc = _mm512_fmadd_ps(d, d, acc);
  }
  size_t rest = dim - i;
  if (rest > 0) {
    __mmask16 m = static_cast<__mmask16>((1u << rest) - 1);
    __m512 d = _mm512_sub_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i));
    acc = _mm512_fmadd_ps(d, d, acc);
  }
  // (Masked extracts avoid GCC 12's false -Wuninitialized inside _mm512_extractf64x4_pd and
  // _mm512_castps512_ps256.)
  __m512d all = _mm512_castps_pd(acc);
  __m256d lower = _mm512_mask_extractf64x4_pd(_mm256_setzero_pd(), 0xff, all, 0);
  __m256d upper = _mm512_mask_extractf64x4_pd(_mm256_setzero_pd(), 0xff, all, 1);
  return FoldAvx2(_mm256_castpd_ps(lower), _mm256_castpd_ps(upper));
}

struct Kernel {
  L2SquaredFn fn;
  const char* name;
};

Kernel SelectKernel() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") &&
      __builtin_cpu_supports("fma")) {
    return {&L2SquaredAvx512, "avx512"};
  }
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    return {&L2SquaredAvx2, "avx2"};
  }
  return {&L2SquaredPortable, "portable"};
}

}  // namespace
#else
namespace {
struct Kernel {
  L2SquaredFn fn;
  const char* name;
};
Kernel SelectKernel() { return {&L2SquaredPortable, "portable"}; }
}  // namespace
#endif

namespace {
const Kernel& Selected() {
  static const Kernel kernel = SelectKernel();
  return kernel;
}
}  // namespace

L2SquaredFn BestL2SquaredKernel() { return Selected().fn; }
const char* L2SquaredKernelName() { return Selected().name; }
float L2Squared(const float* a, const float* b, size_t dim) { return Selected().fn(a, b, dim); }

}  // namespace og::index
