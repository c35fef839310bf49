#include "embed/embedding_vector.h"

#include <cmath>
#include <limits>

namespace og::embed {

Result<std::vector<float>> NormalizeEmbedding(std::span<const double> raw, int dimension) {
  if (raw.size() != static_cast<size_t>(dimension)) {
    return Status::IOError("dimension mismatch: the provider returned ", raw.size(),
                           " values, the target is Vector(", dimension,
                           ") (does the model produce this dimension?)");
  }
  constexpr double kFloatMax = std::numeric_limits<float>::max();
  double sum_sq = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    double v = raw[i];
    if (!std::isfinite(v) || std::fabs(v) > kFloatMax) {
      return Status::IOError("the provider returned a non-finite value (NaN, infinity, or ",
                             "beyond the float range) at component ", i);
    }
    sum_sq += v * v;
  }
  // |v| <= FLT_MAX, so the squares (<= 1.2e77 each) cannot overflow a double's sum.
  if (sum_sq == 0) {
    return Status::IOError("the provider returned a vector with zero norm");
  }
  const double norm = std::sqrt(sum_sq);
  std::vector<float> out(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) out[i] = static_cast<float>(raw[i] / norm);
  return out;
}

}  // namespace og::embed
