// Pipeline: the chain of operators that runs a list of plan steps (plan.h), feeding a sink.
#pragma once

#include <memory>
#include <vector>

#include "common/result.h"
#include "exec/operator.h"

namespace og::exec {

struct Pipeline {
  std::vector<std::unique_ptr<Operator>> operators;  // in step order
  Operator* entry = nullptr;  // the first operator, or the sink when there are no steps
};

/// Build the operators of `steps`, the last one feeding `sink` (not owned; must outlive the
/// pipeline).
Result<Pipeline> BuildPipeline(ExecContext& ctx, const std::vector<Step>& steps, Operator* sink);

}  // namespace og::exec
