// TextFilterOperator: keeps the binding rows whose text property matches a search(), fuzzy() or
// match_text() predicate (text_search.h). The matching rows of the variable's table are found once,
// from the index where it covers, then each chunk is filtered by lookup.
#pragma once

#include <memory>
#include <vector>

#include "exec/operator.h"

namespace og::exec {

class TextFilterOperator : public Operator {
 public:
  TextFilterOperator(ExecContext& ctx, const TextFilterStep& step, Operator* next)
      : Operator(ctx), step_(step), next_(next), emitter_(next) {}

  Status Push(const BindingChunk& in) override;
  Status Finish() override { return next_->Finish(); }

 private:
  const TextFilterStep& step_;
  Operator* next_;
  ChunkEmitter emitter_;
  bool computed_ = false;
  std::vector<uint8_t> matched_;  // per row of the variable's table
};

}  // namespace og::exec
