#include "exec/executor.h"

#include "exec/aggregate_sink.h"
#include "exec/pipeline.h"
#include "exec/ranked_scan_operator.h"
#include "exec/rrf_fusion.h"
#include "exec/result_sink.h"
#include "table/compute_init.h"

namespace og::exec {
namespace {

// rrf(): run the pipeline after the ranked scan once per arm into an RrfFusion, then fuse.
Status RunFused(ExecContext& ctx, const RankedScanStep& ranked, Operator* sink, bool nothing_to_do) {
  const Plan& plan = ctx.plan();
  if (!ranked.limit) return Status::BadRequest("rrf() needs a limit");
  RrfFusion fusion(ctx, ranked.var, ranked.rrf_k, *ranked.limit);
  std::vector<Step> rest(plan.steps.begin() + 1, plan.steps.end());
  OG_ASSIGN_OR_RAISE(Pipeline downstream, BuildPipeline(ctx, rest, &fusion));
  RankedScanOperator scan(ctx, ranked, downstream.entry);
  if (nothing_to_do) return sink->Finish();
  for (size_t arm = 0; arm < 2; ++arm) {
    fusion.BeginArm(arm);
    OG_RETURN_NOT_OK(scan.EmitArm(BindingChunk::Unit(plan.vars.size()), arm));
  }
  return fusion.Emit(sink);
}

}  // namespace

Result<std::shared_ptr<arrow::Table>> ExecuteRead(graph::GraphStore& graph,
                                                  const graph::Snapshot& snap,
                                                  GraphDataCache& cache, const Plan& plan,
                                                  const ExecLimits& limits,
                                                  const ExecServices& services) {
  OG_RETURN_NOT_OK(table::EnsureArrowCompute());
  ExecContext ctx(graph, snap, cache, plan, limits, services);
  OG_RETURN_NOT_OK(ctx.LoadVariables());
  std::unique_ptr<ResultSink> sink;
  if (plan.has_aggregate) {
    auto agg = std::make_unique<AggregateSink>(ctx);
    OG_RETURN_NOT_OK(agg->Init());
    sink = std::move(agg);
  } else if (!plan.order.empty()) {
    sink = std::make_unique<SortSink>(ctx, plan.limit);
  } else {
    sink = std::make_unique<CollectSink>(ctx, plan.limit);
  }
  bool nothing_to_do = plan.limit && *plan.limit == 0 && !plan.has_aggregate;
  const auto* ranked = plan.steps.empty() ? nullptr : std::get_if<RankedScanStep>(&plan.steps[0].op);
  if (ranked && ranked->arms.size() == 2) {
    OG_RETURN_NOT_OK(RunFused(ctx, *ranked, sink.get(), nothing_to_do));
    return sink->TakeResult();
  }
  OG_ASSIGN_OR_RAISE(Pipeline pipeline, BuildPipeline(ctx, plan.steps, sink.get()));
  if (!nothing_to_do) {
    OG_RETURN_NOT_OK(pipeline.entry->Push(BindingChunk::Unit(plan.vars.size())));
  }
  OG_RETURN_NOT_OK(pipeline.entry->Finish());
  return sink->TakeResult();
}

}  // namespace og::exec
