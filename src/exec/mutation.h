// Mutation execution (languages.md §3): the statements of one mutation query run in order over one
// pinned snapshot plus the query's own pending writes (read-your-writes), then every constraint is
// checked once over the final image of the touched tables, and the new table versions are staged.
// Nothing is visible until the caller publishes the returned commit request, so a failing statement
// or constraint leaves the graph exactly as it was.
//
// Unlike OmniGraph's D₂ rule, inserts, updates and deletes may be mixed in one query: a later
// statement sees the rows earlier statements inserted or updated and does not see rows they deleted
// (docs/MUTATIONS.md).
#pragma once

#include <cstdint>

#include "common/result.h"
#include "exec/exec_context.h"
#include "graph/graph_store.h"
#include "lang/gq_check.h"

namespace og::exec {

struct StagedMutation {
  graph::CommitRequest request;  // kind = mutation; empty `updated` when nothing changed
  int64_t affected_nodes = 0;
  int64_t affected_edges = 0;
};

/// Execute mutation `query` (typechecked, `is_mutation`) against `base` and stage its effect.
/// BadRequest for a violated constraint (enum, @range, @check, @unique, dangling endpoint, @card)
/// or a bad value, naming the type, property and value. `now_ms` is the value of now().
/// Cost: one scan of every table a statement reads or writes, then one fragment, the changed
/// deletion vectors and one manifest per changed table.
/// Inserted or updated node rows with an empty @embed vector are embedded through `embed`; an
/// update that sets an @embed source but not its vector clears the vector, so it is re-embedded.
Result<StagedMutation> StageMutation(graph::GraphStore& graph, const graph::Snapshot& base,
                                     const lang::CheckedQuery& query,
                                     const lang::BoundParams& params, int64_t now_ms,
                                     const EmbedFn& embed = {});

}  // namespace og::exec
