// Vector search over one Vector(N) property of a node table version: nearest() by L2 distance.
//
// As for text (text_search.h), each fragment is answered by exactly one source: the index segment
// covering it, or — for unindexed fragments — an exact (flat) section built in memory from the rows
// and cached per table version. Filters are applied before ranking: the answer is the k nearest
// among the admitted rows, never a filtered remainder of a global top k. Distances come from one
// canonical kernel (index/vector_distance.h), so indexed and unindexed rows compare exactly; an
// HNSW segment may miss a true neighbour (recall@10 ≥ 0.95 at the defaults), never misreport one.
//
// Thread-compatible: one VectorSearcher per query step.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "exec/exec_context.h"
#include "index/segment_meta.h"
#include "index/vector_section.h"

namespace og::exec {

struct VectorView {
  struct Source {
    std::shared_ptr<const index::VectorSectionReader> section;
    std::vector<uint32_t> fragments;  // ascending: the version's fragments this source answers for
    index::SegmentLocation location;  // its fragment map (empty for an in-memory source)
  };
  std::vector<Source> sources;
  int64_t memory_bytes = 0;
};

class VectorSearcher {
 public:
  /// The searcher of `property` (a Vector(N)) of node variable `var`, whose rows must be the full
  /// table with row addresses.
  static Result<std::unique_ptr<VectorSearcher>> Make(ExecContext& ctx, int var, const std::string& property);

  /// The `k` rows nearest to `query` among those with candidates[row] != 0 (all when null), by L2
  /// distance ascending, ties by id. Rows whose vector is null are never returned.
  Result<std::vector<std::pair<int64_t, double>>> Nearest(std::span<const float> query, int64_t k,
                                                          const std::vector<uint8_t>* candidates);

 private:
  VectorSearcher(ExecContext& ctx, int var, std::shared_ptr<const VectorView> view)
      : ctx_(ctx), var_(var), view_(std::move(view)) {}

  ExecContext& ctx_;
  int var_;
  std::shared_ptr<const VectorView> view_;
};

}  // namespace og::exec
