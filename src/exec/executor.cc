#include "exec/executor.h"

#include "exec/aggregate_sink.h"
#include "exec/pipeline.h"
#include "exec/result_sink.h"
#include "table/compute_init.h"

namespace og::exec {

Result<std::shared_ptr<arrow::Table>> ExecuteRead(graph::GraphStore& graph,
                                                  const graph::Snapshot& snap,
                                                  GraphDataCache& cache, const Plan& plan,
                                                  const ExecLimits& limits) {
  OG_RETURN_NOT_OK(table::EnsureArrowCompute());
  ExecContext ctx(graph, snap, cache, plan, limits);
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
  OG_ASSIGN_OR_RAISE(Pipeline pipeline, BuildPipeline(ctx, plan.steps, sink.get()));
  bool nothing_to_do = plan.limit && *plan.limit == 0 && !plan.has_aggregate;
  if (!nothing_to_do) {
    OG_RETURN_NOT_OK(pipeline.entry->Push(BindingChunk::Unit(plan.vars.size())));
  }
  OG_RETURN_NOT_OK(pipeline.entry->Finish());
  return sink->TakeResult();
}

}  // namespace og::exec
