// ExpandOperator: follows an edge type from a bound variable, out, in or both ways, for
// min..max hops with BFS semantics — from each binding row, every node is reported once, at the
// hop it is first reached; the start node is never reported again by a cycle (only a self-loop
// reports it). An edge binding ($e: Edge) is a single hop with one row per matching edge. When the
// reached variable is already bound, the operator keeps only the rows whose nodes connect.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "exec/memory_budget.h"
#include "exec/operator.h"

namespace og::exec {

/// Per-node marks "seen in walk w" that never need clearing: a node is marked for walk w when
/// its mark equals w, and walk ids only grow. Dense (one slot per node, allocated once per
/// operator) when many walks run, a hash map (cleared per chunk) when a few walks touch a large
/// graph, so a point traversal does not allocate per node of the graph.
class WalkMarks {
 public:
  explicit WalkMarks(MemoryBudget* budget) : lease_(budget) {}
  /// Prepare for `walks` walks over `nodes` nodes; returns the id of the first walk.
  Result<int64_t> Prepare(int64_t nodes, int64_t walks);
  int64_t Get(int64_t node) const {
    if (dense_) return marks_[node];
    auto it = sparse_.find(node);
    return it == sparse_.end() ? -1 : it->second;
  }
  void Set(int64_t node, int64_t walk) {
    if (dense_) marks_[node] = walk;
    else sparse_[node] = walk;
  }
  /// Account the sparse map's growth against the budget.
  Status Account();

 private:
  BudgetLease lease_;
  bool dense_ = false;
  std::vector<int64_t> marks_;
  std::unordered_map<int64_t, int64_t> sparse_;
  int64_t next_walk_ = 0;
};

class ExpandOperator : public Operator {
 public:
  ExpandOperator(ExecContext& ctx, const ExpandStep& expand, Operator* next)
      : Operator(ctx), ex_(expand), next_(next), emitter_(next),
        visited_(&ctx.budget()), reported_(&ctx.budget()), scratch_(&ctx.budget()) {}

  Status Push(const BindingChunk& in) override;
  Status Finish() override { return next_->Finish(); }

 private:
  const ExpandStep& ex_;
  Operator* next_;
  ChunkEmitter emitter_;
  std::shared_ptr<const EdgeData> edges_;
  WalkMarks visited_, reported_;
  BudgetLease scratch_;  // frontier buffers
  std::vector<int64_t> frontier_, next_frontier_;
};

}  // namespace og::exec
