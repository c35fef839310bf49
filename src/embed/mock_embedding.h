// The deterministic mock embedding (surface.md §5.1): the same text always maps to the same unit
// vector, on every machine, with no network and no key. Used when OMNIGRAPH_EMBEDDINGS_MOCK is set
// or the provider is `mock`, so tests and demos of `nearest($v, "text")` are reproducible.
//
// Algorithm, exactly:
//   seed = FNV-1a-64 of the text's UTF-8 bytes (offset basis 0xcbf29ce484222325, prime
//          0x100000001b3);
//   for each of the `dimension` components in order:
//     seed = xorshift64(seed)  (x ^= x << 13; x ^= x >> 7; x ^= x << 17; all mod 2^64)
//     value = 2 * (double(seed) / double(2^64 - 1)) - 1     (in double precision)
//   then every value is divided by the Euclidean norm (sum of squares accumulated in double, in
//   component order) and rounded once to float.
// The role (query/document) does not change the mock vector. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace og::embed {

/// FNV-1a 64-bit hash of `bytes`.
uint64_t Fnv1a64(std::string_view bytes);

/// One xorshift64 step (13, 7, 17).
uint64_t XorShift64(uint64_t x);

/// The mock embedding of `text` with `dimension` components (unit L2 norm; all zeros in the
/// practically impossible zero-norm case, which callers refuse).
/// REQUIRES: dimension >= 1. Cost: O(|text| + dimension).
std::vector<float> MockEmbedding(std::string_view text, int dimension);

}  // namespace og::embed
