// FilterOperator: keeps the binding rows where a comparison holds (a comparison with null never
// holds).
#pragma once

#include "exec/operator.h"

namespace og::exec {

class FilterOperator : public Operator {
 public:
  FilterOperator(ExecContext& ctx, const FilterStep& filter, Operator* next)
      : Operator(ctx), filter_(filter), next_(next), emitter_(next) {}

  Status Push(const BindingChunk& in) override;
  Status Finish() override { return next_->Finish(); }

 private:
  const FilterStep& filter_;
  Operator* next_;
  ChunkEmitter emitter_;
};

}  // namespace og::exec
