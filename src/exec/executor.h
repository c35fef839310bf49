// The read executor: runs a Plan against a snapshot and returns the result as an Arrow table with
// one column per projection. Stateless apart from the shared GraphDataCache; safe to call from
// many threads at once.
#pragma once

#include <memory>

#include <arrow/type_fwd.h>

#include "common/result.h"
#include "exec/graph_data.h"
#include "exec/plan.h"
#include "graph/graph_store.h"

namespace og::exec {

/// Run `plan` on `snap`. Result rows are ordered per the plan (with the total tie-break on the ids
/// of every bound variable) and truncated to its limit. Cost: O(rows touched); node and edge
/// tables come from `cache` (scanned once per table version).
Result<std::shared_ptr<arrow::Table>> ExecuteRead(graph::GraphStore& graph,
                                                  const graph::Snapshot& snap,
                                                  GraphDataCache& cache, const Plan& plan);

}  // namespace og::exec
