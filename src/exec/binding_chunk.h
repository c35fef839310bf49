// BindingChunk: a batch of binding rows, the unit of data that flows between read operators.
//
// A binding row gives every bound query variable a row index into that variable's table (node or
// edge rows of the snapshot, see graph_data.h); unbound variables have no slot data. Operators
// receive a chunk, and append the rows they produce to a ChunkEmitter, which hands each full chunk
// (at most kChunkRows rows) to the next operator at once. So a pipeline holds O(steps × kChunkRows)
// binding rows whatever the query's result size, and a `limit` can stop every operator early.
#pragma once

#include <cstdint>
#include <vector>

namespace og::exec {

/// Rows per chunk: small enough that every operator's buffer fits in cache, large enough that
/// per-chunk overhead (virtual calls, budget checks) is negligible. A chunk binding many
/// variables holds fewer rows, so it stays within kChunkCells row slots (a 100-hop chain keeps
/// ~13 MB in flight, not ~165 MB).
inline constexpr int64_t kChunkRows = 2048;
inline constexpr int64_t kChunkCells = 16 * 1024;
inline constexpr int64_t kMinChunkRows = 64;

struct BindingChunk {
  int64_t rows = 0;
  std::vector<std::vector<int64_t>> slots;  // per plan variable; empty when unbound
  std::vector<bool> bound;                  // per plan variable
  // Per row: the row of the anti-join input chunk this row descends from (anti_join_operator.h).
  std::vector<int64_t> origin;

  /// A chunk of one row that binds none of `vars` variables: the input of a pipeline.
  static BindingChunk Unit(size_t vars) {
    BindingChunk c;
    c.rows = 1;
    c.slots.resize(vars);
    c.bound.assign(vars, false);
    c.origin.assign(1, 0);
    return c;
  }

  /// Drop every row, keeping which variables are bound and the allocated capacity.
  void Clear() {
    rows = 0;
    for (auto& s : slots) s.clear();
    origin.clear();
  }
};

}  // namespace og::exec
