// RankedScanOperator: the first step of a query ordered by a ranking (languages.md §4). It binds
// the ranked variable to the rows that pass its filters and text predicates (applied before
// ranking), ranked by bm25 (rows holding a query term, best score first) or nearest (the `limit`
// closest rows by L2 distance), ties by id, and emits them in that order; the operators after it
// keep the order, so the rank is the answer's order.
//
// For rrf() each arm is ranked separately (EmitArm), its rows run through the rest of the pipeline
// into an RrfFusion, which fuses the two answers by reciprocal rank (rrf_fusion.h).
#pragma once

#include <memory>
#include <vector>

#include "exec/lazy_ranking.h"
#include "exec/operator.h"

namespace og::exec {

class RankedScanOperator : public Operator {
 public:
  RankedScanOperator(ExecContext& ctx, const RankedScanStep& step, Operator* next)
      : Operator(ctx), step_(step), next_(next), emitter_(next) {}

  /// Emit the first (only) arm's ranking for the unit chunk.
  Status Push(const BindingChunk& in) override { return EmitArm(in, 0); }
  Status Finish() override { return next_->Finish(); }

  /// Emit arm `arm`'s ranking for the unit chunk `in`.
  Status EmitArm(const BindingChunk& in, size_t arm);

 private:
  /// Rows of the ranked variable that pass every filter and text predicate.
  Status ComputeCandidates();
  /// The ranked rows of one arm (ordered as they are read).
  Result<LazyRanking> Rank(const Ranking& ranking);

  const RankedScanStep& step_;
  Operator* next_;
  ChunkEmitter emitter_;
  bool computed_ = false;
  std::vector<uint8_t> candidates_;  // per row of the variable's table
};

}  // namespace og::exec
