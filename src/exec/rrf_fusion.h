// RrfFusion: reciprocal rank fusion of the two arms of rrf(r1, r2[, k]) (languages.md §4).
//
// It is the sink of each arm's run of the pipeline after the ranked scan (so an arm's answer is
// exactly what the query would return ranked by that arm alone), then fuses them:
//   1. in each arm, distinct entities of the ranked variable get 0-based ranks in row order
//      (fan-out rows share their entity's rank);
//   2. score(e) = Σ over the arms holding e of 1 / (k + rank + 1);
//   3. entities by score, descending; ties keep first appearance (arm 1 in its order, then the
//      entities only arm 2 holds, in its order); the first `limit` entities win;
//   4. every row of each winner, from arm 1 when it has the entity, else from arm 2, in entity
//      order, goes to the final sink (which keeps `limit` rows).
#pragma once

#include <array>
#include <cstdint>

#include "exec/operator.h"
#include "exec/result_sink.h"

namespace og::exec {

class RrfFusion : public Operator {
 public:
  RrfFusion(ExecContext& ctx, int var, int64_t k, int64_t limit)
      : Operator(ctx), var_(var), k_(k), limit_(limit),
        arms_{KeptRows(&ctx.budget()), KeptRows(&ctx.budget())} {}

  /// The rows pushed from now on belong to arm `arm` (0 or 1).
  void BeginArm(size_t arm) { arm_ = arm; }
  Status Push(const BindingChunk& in) override { return arms_[arm_].Append(in, 0, in.rows); }
  Status Finish() override { return Status::OK(); }

  /// Fuse the two arms and push the winning rows into `sink`, then finish it.
  Status Emit(Operator* sink);

 private:
  int var_;
  int64_t k_;
  int64_t limit_;
  size_t arm_ = 0;
  std::array<KeptRows, 2> arms_;
};

}  // namespace og::exec
