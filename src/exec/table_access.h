// Table access for the execution layer: read the live rows of a graph table at a snapshot, and
// stage a new version of a table. The one place exec/ talks to table/, so readers and writers
// (loader, executor, mutations) share scanning and staging code.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <arrow/type_fwd.h>
#include <roaring/roaring.hh>

#include "common/result.h"
#include "exec/exec_context.h"
#include "graph/graph_store.h"
#include "table/table_scan.h"

namespace og::exec {

/// Live rows of `table_key` at `snap`, restricted to `columns` (empty = all) and filtered by
/// `predicates`. With `with_address`, adds "_fragment" and "_offset" columns locating each row.
/// A table that is empty at `snap` yields an empty table with the requested columns.
/// Cost: one manifest read (cached) + the fragment reads the scan cannot prune.
Result<std::shared_ptr<arrow::Table>> ReadTable(graph::GraphStore& graph,
                                                const graph::Snapshot& snap,
                                                const std::string& table_key,
                                                const std::vector<std::string>& columns,
                                                bool with_address = false,
                                                const std::vector<table::Predicate>& predicates = {},
                                                table::ScanStats* stats = nullptr);

/// Row addresses to delete, per fragment id.
using DeleteSet = std::map<uint32_t, Roaring>;

/// The addresses of the `removed` rows of `committed` (a scan with row addresses).
DeleteSet DeletesOf(const arrow::RecordBatch& committed, const std::vector<bool>& removed);

/// What one write does to one table.
struct TableChange {
  bool truncate = false;                    // drop every existing row first (overwrite)
  DeleteSet deletes;                        // existing rows to delete
  std::shared_ptr<arrow::Table> inserts;    // new rows (table schema); may be null
};

/// Stage a new immutable version of `table_key` from its state at `snap` and return the commit
/// entry naming it. Nothing is visible until a commit referencing the entry is published. The new
/// files are not written here but added to request->staged_objects, which Publish writes with the
/// commit object in one concurrent batch.
/// Cost: none here; at publish one PUT for the inserts' fragment, one per changed deletion vector
/// and one for the manifest.
/// Inserted node rows with an empty @embed vector are embedded first through `embed`
/// (embedding_fill.h); their new fragments are indexed in the same commit (index_build.h).
Result<graph::TableEntry> StageTableChange(graph::GraphStore& graph, const graph::Snapshot& snap,
                                           const std::string& table_key, const TableChange& change,
                                           graph::CommitRequest* request, const EmbedFn* embed = nullptr);

/// The Arrow schema of `table_key` under `catalog` ("node:T" / "edge:E").
Result<std::shared_ptr<arrow::Schema>> TableSchemaFor(const lang::Catalog& catalog,
                                                      const std::string& table_key);

}  // namespace og::exec
