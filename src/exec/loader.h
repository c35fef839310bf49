// The JSONL loader (languages.md §5): parses a strict graph batch, validates it against the catalog
// and the base snapshot, and stages new table versions. Staging writes only fresh immutable files;
// nothing becomes visible until the caller publishes the returned commit request, so a failed load
// leaves the graph exactly as it was.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "common/result.h"
#include "exec/exec_context.h"
#include "graph/graph_store.h"

namespace og::exec {

enum class LoadMode { kOverwrite, kAppend, kMerge };

struct StagedLoad {
  graph::CommitRequest request;               // kind = load; the touched tables' new entries
  std::map<std::string, int64_t> nodes_loaded;  // node type → rows in the file
  std::map<std::string, int64_t> edges_loaded;  // edge type → rows in the file
};

/// Called with (bytes parsed so far, total bytes) while parsing; may be empty.
using LoadProgressFn = std::function<void(size_t, size_t)>;

/// Validate `jsonl` against `base` and stage the tables it changes. `source_name` names the input in
/// errors ("data.jsonl:12: ..."). Returns BadRequest naming the line and the problem for any invalid
/// record or violated constraint (types, unknown/missing properties, enum, @range, @check, @key and
/// @unique, edge endpoints, @card); Conflict("key_conflict ...") for an existing id in append mode.
/// Cost: one read of every table the file touches (or validates against), plus one fragment, one
/// deletion vector per changed fragment and one manifest per changed table.
/// Node rows with an empty @embed vector are embedded through `embed` (embedding_fill.h).
Result<StagedLoad> StageLoad(graph::GraphStore& graph, const graph::Snapshot& base,
                             std::string_view jsonl, const std::string& source_name, LoadMode mode,
                             const LoadProgressFn& progress = {}, const EmbedFn& embed = {});

}  // namespace og::exec
