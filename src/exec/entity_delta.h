// Entity-level differences between two versions of one graph table: the shared basis of diff,
// three-way merge and the key-level rebase of concurrent writes.
//
// Two versions of a table that descend from a common one share their immutable fragments, so
// the rows that differ are found structurally, without reading shared data: fragments only one
// side holds, and rows one side's deletion vector removes and the other's does not. Only those
// rows are read (row groups holding none of them are skipped), so the cost is proportional to what
// changed, not to the table. An update is stored as "old row deleted + new row appended"; pairing
// the two by entity id turns row changes into inserts, updates and deletes, and a row rewritten
// with identical values (an idempotent upsert, a compaction) is no change at all.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <arrow/type_fwd.h>

#include "common/result.h"
#include "store/object_store.h"
#include "table/table_manifest.h"

namespace og::exec {

/// The rows that differ between two versions of one table.
struct TableDelta {
  /// Rows live in `from` but not in `to`: every column, plus "_fragment"/"_offset" (their address
  /// in `from`).
  std::shared_ptr<arrow::Table> removed;
  /// Rows live in `to` but not in `from`: every column, plus their address in `to`.
  std::shared_ptr<arrow::Table> added;
};

/// Diff two versions of a table with the given schema; either may be null (an empty table).
/// The versions need not be ancestor and descendant: siblings forked from one version share its
/// fragments too. Cost: reads only the fragments (and row groups) holding differing rows, plus
/// the deletion vectors that differ.
Result<TableDelta> DiffTableVersions(store::ObjectStore& store, const table::TableManifest* from,
                                     const table::TableManifest* to,
                                     const std::shared_ptr<arrow::Schema>& schema);

enum class ChangeOp { kInsert, kUpdate, kDelete };
const char* ChangeOpName(ChangeOp op);  // "insert" | "update" | "delete"

/// One entity that differs. `before` / `after` index rows of TableDelta::removed / ::added
/// (-1 when absent: an insert has no before, a delete no after).
struct EntityChange {
  std::string id;
  ChangeOp op = ChangeOp::kInsert;
  int64_t before = -1;
  int64_t after = -1;
};

/// Pair the delta's rows by entity id ("id", the first column). Sorted by id. An id removed and
/// re-added with identical values (every column equal, null vs empty and NaN respected) is left
/// out. Corruption if an id appears twice on one side.
Result<std::vector<EntityChange>> EntityChangesOf(const TableDelta& delta);

/// True when row `a` of `x` and row `b` of `y` hold equal values in every column of `schema`.
bool SameRow(const arrow::Table& x, int64_t a, const arrow::Table& y, int64_t b,
             const arrow::Schema& schema);

}  // namespace og::exec
