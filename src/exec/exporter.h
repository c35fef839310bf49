// JSONL export of a snapshot (surface.md §8.1): one entity per line, nodes as
// {"type","data":{"id",...props}} and edges as {"edge","from","to","data":{"id",...props}}, in the
// load format so an export loads back unchanged. Dates as epoch days, DateTimes as epoch ms.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "common/result.h"
#include "graph/graph_store.h"

namespace og::exec {

/// Write the entities of `snap` (all types, or only `types`: node or edge type names) to `out`.
/// Types in schema order, edges after nodes; rows by id. BadRequest for an unknown type name.
Status ExportJsonl(graph::GraphStore& graph, const graph::Snapshot& snap,
                   const std::vector<std::string>& types, std::ostream& out);

}  // namespace og::exec
