#include "exec/pipeline.h"

#include "exec/anti_join_operator.h"
#include "exec/expand_operator.h"
#include "exec/filter_operator.h"
#include "exec/ranked_scan_operator.h"
#include "exec/scan_operator.h"
#include "exec/text_filter_operator.h"

namespace og::exec {

Result<Pipeline> BuildPipeline(ExecContext& ctx, const std::vector<Step>& steps, Operator* sink) {
  Pipeline p;
  p.operators.resize(steps.size());
  Operator* next = sink;
  // Built back to front: each operator is constructed knowing the one it feeds.
  for (size_t i = steps.size(); i-- > 0;) {
    const Step& step = steps[i];
    std::unique_ptr<Operator> op;
    if (auto* scan = std::get_if<ScanStep>(&step.op)) {
      op = std::make_unique<ScanOperator>(ctx, *scan, next);
    } else if (auto* ex = std::get_if<ExpandStep>(&step.op)) {
      op = std::make_unique<ExpandOperator>(ctx, *ex, next);
    } else if (auto* filter = std::get_if<FilterStep>(&step.op)) {
      op = std::make_unique<FilterOperator>(ctx, *filter, next);
    } else if (auto* anti = std::get_if<AntiJoinStep>(&step.op)) {
      auto aj = std::make_unique<AntiJoinOperator>(ctx, next);
      OG_RETURN_NOT_OK(aj->Init(*anti));
      op = std::move(aj);
    } else if (auto* text = std::get_if<TextFilterStep>(&step.op)) {
      op = std::make_unique<TextFilterOperator>(ctx, *text, next);
    } else if (auto* ranked = std::get_if<RankedScanStep>(&step.op)) {
      op = std::make_unique<RankedScanOperator>(ctx, *ranked, next);
    }
    next = op.get();
    p.operators[i] = std::move(op);
  }
  p.entry = next;
  return p;
}

}  // namespace og::exec
