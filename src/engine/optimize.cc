// og::Graph::Optimize: table compaction as one commit.
#include "engine/graph_impl.h"
#include "exec/graph_merge.h"
#include "exec/index_build.h"
#include "graph/graph_store.h"
#include "graph/table_schema.h"
#include "omnigraph/omnigraph.h"
#include "table/compaction.h"

namespace og {

OrderedJson OptimizeResult::ToJson() const {
  OrderedJson list = OrderedJson::array();
  for (const auto& t : tables) {
    list.push_back({{"table_key", t.table_key},
                    {"fragments_before", t.fragments_before},
                    {"fragments_after", t.fragments_after},
                    {"rows_rewritten", t.rows_rewritten}});
  }
  return {{"branch", branch},
          {"tables", list},
          {"commit", commit_id.empty() ? OrderedJson(nullptr) : OrderedJson(commit_id)}};
}

Result<OptimizeResult> Graph::Optimize(const std::string& branch_name, const std::string& actor) {
  std::string branch = branch_name.empty() ? "main" : branch_name;
  std::lock_guard<std::mutex> write(impl_->WriteLock(branch));
  graph::GraphStore& store = impl_->store();
  OG_ASSIGN_OR_RAISE(graph::Snapshot base, store.OpenBranch(branch));
  OptimizeResult result;
  result.branch = branch;
  graph::CommitRequest request;
  request.kind = graph::CommitKind::kOptimize;
  request.actor = actor;
  table::CompactionOptions options;
  options.writer.defer_writes = true;
  for (const auto& [key, entry] : base.commit->tables) {
    OG_ASSIGN_OR_RAISE(auto manifest, store.ReadTable(base, key));
    if (!manifest) continue;
    // Rewritten fragments get one new index segment; the segments of the fragments they replace
    // drop out of the version with them.
    options.on_rewrite = [&, table_key = key](table::TableWriter& writer, const arrow::Table& rows,
                                              const std::vector<uint32_t>& ids) {
      return exec::IndexAppendedRows(*base.catalog, table_key, writer, rows, ids, options.target_rows,
                                     &request.staged_objects);
    };
    OG_ASSIGN_OR_RAISE(table::CompactionResult compacted,
                       table::CompactTable(store.shared_store(), manifest, options));
    if (!compacted.manifest) continue;
    for (auto& object : compacted.pending_writes) request.staged_objects.push_back(std::move(object));
    const auto& m = *compacted.manifest;
    request.updated[key] = graph::TableEntry{m.table_id, m.key(), m.version, static_cast<int64_t>(m.rows)};
    result.tables.push_back({key, compacted.fragments_before, compacted.fragments_after,
                             compacted.rows_rewritten});
  }
  if (request.updated.empty()) return result;
  // Compaction changes no entity, so a rebase onto a concurrent write keeps that write's tables
  // as they are (the strict merge finds nothing of ours to apply where both changed a table).
  request.rebase = exec::RebaseWrite(store, base, request.updated);
  OG_ASSIGN_OR_RAISE(graph::Snapshot published, store.Publish(base, request));
  result.commit_id = published.commit->id;
  return result;
}

}  // namespace og
