// The read executor: runs a Plan against a snapshot and returns the result as an Arrow table with
// one column per projection.
//
// Execution is a push pipeline of operators over chunks of binding rows (operator.h): a scan, an
// expand, a filter or an anti-join per plan step, ending in a sink that collects, sorts (top-k
// with a limit) or aggregates. Intermediate state is bounded by ExecLimits::memory_bytes — past
// it the query stops with ResourceExhausted, never by exhausting the process — and a `limit`
// without `order` stops the pipeline as soon as enough rows exist.
//
// Stateless apart from the shared GraphDataCache; safe to call from many threads at once.
#pragma once

#include <memory>

#include <arrow/type_fwd.h>

#include "common/result.h"
#include "exec/exec_context.h"
#include "exec/graph_data.h"
#include "exec/plan.h"
#include "graph/graph_store.h"

namespace og::exec {

/// Run `plan` on `snap`. Result rows are ordered per the plan (with the total tie-break on the ids
/// of every bound variable) and truncated to its limit. Cost: O(rows touched); node and edge
/// tables come from `cache` (scanned once per table version). ResourceExhausted when the query
/// needs more than `limits` allow.
Result<std::shared_ptr<arrow::Table>> ExecuteRead(graph::GraphStore& graph,
                                                  const graph::Snapshot& snap,
                                                  GraphDataCache& cache, const Plan& plan,
                                                  const ExecLimits& limits = {},
                                                  const ExecServices& services = {});

}  // namespace og::exec
