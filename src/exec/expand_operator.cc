#include "exec/expand_operator.h"

#include <algorithm>

namespace og::exec {

Result<int64_t> WalkMarks::Prepare(int64_t nodes, int64_t walks) {
  if (!dense_ && walks * 64 >= nodes) {
    OG_RETURN_NOT_OK(lease_.GrowTo(nodes * static_cast<int64_t>(sizeof(int64_t)), "traversal marks"));
    sparse_ = {};
    marks_.assign(nodes, -1);
    dense_ = true;
  }
  if (!dense_) sparse_.clear();
  int64_t first = next_walk_;
  next_walk_ += walks;
  return first;
}

Status WalkMarks::Account() {
  // An unordered_map node: key, value, next pointer, hash, plus the bucket array.
  constexpr int64_t kBytesPerEntry = 48;
  if (dense_) return Status::OK();
  return lease_.GrowTo(static_cast<int64_t>(sparse_.size()) * kBytesPerEntry, "traversal marks");
}

Status ExpandOperator::Push(const BindingChunk& in) {
  OG_RETURN_NOT_OK(ctx_.CheckDeadline());
  if (!edges_) {
    OG_ASSIGN_OR_RAISE(edges_, ctx_.cache().Edge(ctx_.graph(), ctx_.snapshot(), ex_.edge_type));
  }
  const EdgeData& ed = *edges_;
  // Neighbours of node `n` (row of the source variable's type) as (edge row, node row) pairs.
  auto for_each_neighbor = [&](int64_t n, auto&& fn) {
    if (ex_.dir == Direction::kOut || ex_.dir == Direction::kBoth) {
      for (int64_t k = ed.out_offsets[n]; k < ed.out_offsets[n + 1]; ++k) {
        int64_t e = ed.out_edges[k];
        if (ed.dst_row[e] >= 0) fn(e, ed.dst_row[e]);
      }
    }
    if (ex_.dir == Direction::kIn || ex_.dir == Direction::kBoth) {
      for (int64_t k = ed.in_offsets[n]; k < ed.in_offsets[n + 1]; ++k) {
        int64_t e = ed.in_edges[k];
        if (ed.src_row[e] >= 0) fn(e, ed.src_row[e]);
      }
    }
  };
  int64_t target_count = ex_.dir == Direction::kIn ? static_cast<int64_t>(ed.out_offsets.size()) - 1
                                                   : static_cast<int64_t>(ed.in_offsets.size()) - 1;
  int64_t source_count = ex_.dir == Direction::kIn ? static_cast<int64_t>(ed.in_offsets.size()) - 1
                                                   : static_cast<int64_t>(ed.out_offsets.size()) - 1;
  int64_t node_count = std::max(target_count, source_count);
  // A walk can only chain when the edge's endpoints share a type (then rows share one index
  // space); a cross-type edge is a single hop.
  const lang::EdgeType* etype = ctx_.snapshot().catalog->FindEdge(ex_.edge_type);
  bool chains = etype && etype->from == etype->to;
  int max_hops = chains ? ex_.max_hops : std::min(ex_.max_hops, 1);

  emitter_.Start(in, ex_.dst, ex_.edge_var);
  const std::vector<int64_t>& src_slot = in.slots[ex_.src];
  if (ex_.edge_var >= 0) {
    // An edge binding: one row per matching edge (single hop, no dedup).
    for (int64_t r = 0; r < in.rows; ++r) {
      int64_t want = ex_.dst_bound ? in.slots[ex_.dst][r] : -1;
      Status st;
      for_each_neighbor(src_slot[r], [&](int64_t e, int64_t n) {
        if (!st.ok() || ctx_.done() || (want >= 0 && n != want)) return;
        st = emitter_.Emit(in, r, ex_.dst, n, ex_.edge_var, e);
      });
      OG_RETURN_NOT_OK(st);
      if (ctx_.done()) return Status::OK();
    }
    return emitter_.Flush();
  }

  OG_ASSIGN_OR_RAISE(int64_t first_walk, visited_.Prepare(node_count, in.rows));
  OG_ASSIGN_OR_RAISE(int64_t first_report, reported_.Prepare(node_count, in.rows));
  for (int64_t r = 0; r < in.rows; ++r) {
    if (r % 64 == 63) OG_RETURN_NOT_OK(ctx_.CheckDeadline());
    int64_t walk = first_walk + r, report = first_report + r;
    int64_t s = src_slot[r];
    int64_t want = ex_.dst_bound ? in.slots[ex_.dst][r] : -1;
    // BFS: each node reported once per source row, at the hop it is first reached.
    frontier_.assign(1, s);
    if (chains) visited_.Set(s, walk);
    bool found_want = false;
    Status st;
    for (int hop = 1; hop <= max_hops && !frontier_.empty() && !found_want && st.ok(); ++hop) {
      next_frontier_.clear();
      bool in_bounds = hop >= ex_.min_hops;
      for (int64_t u : frontier_) {
        for_each_neighbor(u, [&](int64_t, int64_t n) {
          if (!st.ok() || ctx_.done()) return;
          bool first_visit = visited_.Get(n) != walk;
          // The source is seeded as visited, so cycles back to it never report it; only a
          // self-loop (a length-1 walk from a frontier node to itself) reports a visited node.
          if (!first_visit && !(chains && n == u && reported_.Get(n) != report)) return;
          if (first_visit) {
            visited_.Set(n, walk);
            next_frontier_.push_back(n);
          }
          if (!in_bounds || reported_.Get(n) == report) return;
          reported_.Set(n, report);
          if (want >= 0) {
            if (n == want) found_want = true;
          } else {
            st = emitter_.Emit(in, r, ex_.dst, n);
          }
        });
        if (!st.ok() || ctx_.done()) break;
      }
      frontier_.swap(next_frontier_);
      if (st.ok()) {
        st = scratch_.GrowTo(static_cast<int64_t>((frontier_.capacity() + next_frontier_.capacity()) *
                                                  sizeof(int64_t)),
                             "traversal frontier");
      }
    }
    OG_RETURN_NOT_OK(st);
    if (ctx_.done()) return Status::OK();
    if (found_want) {
      OG_RETURN_NOT_OK(emitter_.Emit(in, r));
      if (ctx_.done()) return Status::OK();
    }
    OG_RETURN_NOT_OK(visited_.Account());
    OG_RETURN_NOT_OK(reported_.Account());
  }
  return emitter_.Flush();
}

}  // namespace og::exec
