// Three-way merge of two versions of the whole graph that share a merge base: the engine of
// `branch merge`, and of the key-level rebase of a write that lost its publish race.
//
// Per table: a table only one side changed is adopted from that side as it is (no rows read); a
// table both changed is merged entity by entity (exec/entity_delta.h) — a change made on one side
// only is applied, the same change on both sides is applied once, and different changes to one
// entity are conflicts (divergent_insert, divergent_update, delete_vs_update). The merged graph
// must still hold every constraint that a combination of both sides' changes can break: no edge may
// point at a node the other side deleted (orphan_edge), @unique and @card over every table both
// sides changed (unique_violation, cardinality_violation). Cost: proportional to the rows changed
// since the base, plus a scan of a table both sides changed when it declares @unique or @card.
//
// The merged tables are staged (new immutable fragments / deletion vectors / manifests) but
// nothing is published: the caller commits the returned entries, or drops them on conflict.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/result.h"
#include "graph/graph_store.h"

namespace og::exec {

struct MergeConflict {
  std::string table_key;  // "node:Person"
  std::string entity_id;  // empty for a conflict that is not about one entity
  std::string kind;       // divergent_insert | divergent_update | delete_vs_update | orphan_edge |
                          // unique_violation | cardinality_violation | concurrent_write
  std::string message;    // names the entity and both sides' values
};

struct MergeOptions {
  /// Every entity both sides changed is a conflict (kind concurrent_write), even when the changes
  /// agree: the rule for rebasing a concurrent write, where the same key must conflict.
  bool strict = false;
};

struct MergeOutcome {
  /// Table key → merged entry, for every table whose merged state differs from the target's
  /// (an entry with an empty manifest key means the table is now empty).
  std::map<std::string, graph::TableEntry> tables;
  std::vector<MergeConflict> conflicts;  // non-empty: nothing must be published
};

/// Merge `source` into `target`, both descendants of `base` (all three under one schema;
/// Conflict otherwise).
Result<MergeOutcome> MergeSnapshots(graph::GraphStore& graph, const graph::Snapshot& base,
                                    const graph::Snapshot& source, const graph::Snapshot& target,
                                    const MergeOptions& options = {});

/// The CommitRequest::rebase of a write that staged `updated` on top of `base`: redo it onto a
/// moved head as a strict merge (an entity the winners also changed is a Conflict naming the table
/// and its expected and actual versions; so are broken constraints), else the merged entries.
std::function<Result<std::map<std::string, graph::TableEntry>>(const graph::Snapshot& head)>
RebaseWrite(graph::GraphStore& graph, const graph::Snapshot& base,
            const std::map<std::string, graph::TableEntry>& updated);

/// "merge conflicts: divergent_update on node:Person 'p1' (...); ... and N more" — the first
/// three conflicts in full.
std::string SummarizeConflicts(const std::vector<MergeConflict>& conflicts);

}  // namespace og::exec
