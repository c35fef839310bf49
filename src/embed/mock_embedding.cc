#include "embed/mock_embedding.h"

#include <cmath>
#include <limits>

namespace og::embed {

uint64_t Fnv1a64(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : bytes) {
    h ^= static_cast<uint8_t>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

uint64_t XorShift64(uint64_t x) {
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return x;
}

std::vector<float> MockEmbedding(std::string_view text, int dimension) {
  if (dimension < 1) return {};
  const double max = static_cast<double>(std::numeric_limits<uint64_t>::max());
  std::vector<double> values(static_cast<size_t>(dimension));
  uint64_t seed = Fnv1a64(text);
  double sum_sq = 0;
  for (double& v : values) {
    seed = XorShift64(seed);
    v = 2.0 * (static_cast<double>(seed) / max) - 1.0;
    sum_sq += v * v;
  }
  // A zero norm needs every component to round to exactly 0 (seeds within ~2^10 of 2^63): for
  // practical purposes impossible, but then the zeros are returned and the caller's validation
  // refuses them rather than dividing by zero.
  const double norm = std::sqrt(sum_sq);
  if (norm == 0) return std::vector<float>(values.size(), 0.0f);
  std::vector<float> out(values.size());
  for (size_t i = 0; i < values.size(); ++i) out[i] = static_cast<float>(values[i] / norm);
  return out;
}

}  // namespace og::embed
