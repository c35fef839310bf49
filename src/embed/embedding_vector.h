// Output validation of provider embeddings (surface.md §5.1): a vector must have exactly the
// requested dimension (the target property's Vector(N)), hold only finite values that fit a
// float, and have a non-zero norm; it is then L2-normalised. Every vector the client returns has
// been through here, so callers can compare vectors by dot product or L2 distance directly.
// Pure functions; thread-safe.
#pragma once

#include <span>
#include <vector>

#include "common/result.h"

namespace og::embed {

/// Check `raw` and return it divided by its Euclidean norm (computed in double; one rounding to
/// float per component). Errors (IOError, never retried): length != `dimension` ("dimension
/// mismatch"), a NaN, an infinity or a magnitude beyond the float range ("non-finite"), or a
/// zero norm. Cost: O(dimension).
Result<std::vector<float>> NormalizeEmbedding(std::span<const double> raw, int dimension);

}  // namespace og::embed
