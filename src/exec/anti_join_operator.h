// AntiJoinOperator: `not { ... }` — keeps the binding rows for which the inner steps produce no
// row (a correlated NOT EXISTS). Each input chunk runs through the inner pipeline with its rows
// numbered in `origin`; the rows the inner pipeline reaches are the ones to drop.
#pragma once

#include <vector>

#include "exec/operator.h"
#include "exec/pipeline.h"

namespace og::exec {

class AntiJoinOperator : public Operator {
 public:
  AntiJoinOperator(ExecContext& ctx, Operator* next)
      : Operator(ctx), next_(next), emitter_(next), marks_(ctx) {}

  /// Build the inner pipeline of `anti`.
  Status Init(const AntiJoinStep& anti);

  Status Push(const BindingChunk& in) override;
  Status Finish() override { return next_->Finish(); }

 private:
  // The inner pipeline's sink: marks the input rows (by origin) that produced a row.
  class MarkSink : public Operator {
   public:
    explicit MarkSink(ExecContext& ctx) : Operator(ctx) {}
    void Reset(int64_t rows) { matched.assign(rows, false); }
    Status Push(const BindingChunk& in) override {
      for (int64_t r = 0; r < in.rows; ++r) matched[in.origin[r]] = true;
      return Status::OK();
    }
    Status Finish() override { return Status::OK(); }
    std::vector<bool> matched;
  };

  Operator* next_;
  ChunkEmitter emitter_;
  MarkSink marks_;
  Pipeline inner_;
  BindingChunk probe_;
};

}  // namespace og::exec
