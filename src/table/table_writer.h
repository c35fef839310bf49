// TableWriter: stages one new version of a table.
//
// A writer starts from a base manifest (or from nothing and a schema), and accumulates changes:
// appended rows become new immutable Parquet fragments, deleted rows become new deletion
// vectors, Truncate drops every fragment. Finish writes a NEW manifest object and returns it.
// Nothing the writer writes is visible to anyone until a caller (a graph commit) references the
// returned manifest; the writer never modifies or deletes an existing object, and the base
// manifest is untouched. If the caller abandons the writer (or its commit loses a race), the
// files it wrote are orphans for cleanup.
//
// Fragments are plain Parquet (zstd, row groups of row_group_rows rows, column statistics on),
// readable by DuckDB, pandas or Spark as they are. One deviation from Arrow's default mapping:
// date64 columns are stored as Parquet TIMESTAMP(MILLIS) (Arrow would store date64 as DATE and
// drop the time of day); scans convert them back to date64.
//
// Thread-safety: a writer is used by one thread at a time (thread-compatible).
#pragma once

#include <arrow/type_fwd.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <roaring/roaring.hh>
#include <set>
#include <string>
#include <vector>

#include "common/result.h"
#include "store/object_store.h"
#include "table/deletion_vector.h"
#include "table/table_manifest.h"

namespace og::table {

struct WriterOptions {
  /// Rows per Parquet row group (the unit of row-group pruning).
  int64_t row_group_rows = 64 * 1024;
  /// An Append of more rows than this is split into several fragments.
  int64_t max_rows_per_fragment = 1 << 20;
  /// "zstd" or "snappy" (or "uncompressed").
  std::string compression = "zstd";
  /// Finish stages the manifest without writing anything: the caller takes every object with
  /// TakePendingWrites and must write them before it publishes a reference to the manifest (so a
  /// graph commit goes out in the same concurrent batch as its tables' files).
  bool defer_writes = false;
};

class TableWriter {
 public:
  /// Stage the next version of the table `base` describes. Cost: none until something is written.
  /// BadRequest if base is null.
  static Result<std::unique_ptr<TableWriter>> Open(std::shared_ptr<store::ObjectStore> store,
                                                   std::shared_ptr<const TableManifest> base,
                                                   WriterOptions options = {});
  /// Stage the first version (version 1) of a new, empty table. BadRequest if table_id is not
  /// path-safe (store::IsPathSafeId), if the schema cannot be stored (see SchemaToJson), has
  /// duplicate column names, or uses a name reserved for scan output ("_fragment", "_offset").
  static Result<std::unique_ptr<TableWriter>> Create(std::shared_ptr<store::ObjectStore> store,
                                                     std::string table_id,
                                                     std::shared_ptr<arrow::Schema> schema,
                                                     WriterOptions options = {});

  /// Stage `data` as one new fragment (or several, above max_rows_per_fragment) and return the
  /// new fragment ids. The files are written by Preview or Finish (or early, once 64 MiB are
  /// pending). Its columns must match the table schema by name and type, in any order;
  /// a non-nullable column must have no nulls. Zero rows write nothing and return {}.
  /// BadRequest on a mismatch; IOError from the store. Cost: 1 write per fragment.
  Result<std::vector<uint32_t>> Append(const arrow::Table& data);
  Result<std::vector<uint32_t>> Append(const arrow::RecordBatch& data);

  /// Mark rows `offsets` of fragment `fragment_id` deleted (union with what is already deleted;
  /// deleting a deleted row is a no-op). The fragment may be one this writer appended. A fragment
  /// whose rows are all deleted is dropped from the new version. NotFound if the fragment is not in
  /// the staged table; BadRequest if an offset is >= its physical rows.
  /// Cost: 1 read (the existing deletion vector) the first time a fragment that has one is
  /// touched; the new deletion file is written by Finish (or Preview).
  Status DeleteRows(uint32_t fragment_id, const Roaring& offsets);
  /// DeleteRows for each (fragment id → offsets) pair, e.g. from RowAddressesOf(scan result).
  Status DeleteRows(const std::map<uint32_t, Roaring>& row_addresses);

  /// Add a fragment of another version of this table (a branch's version, or a concurrent
  /// writer's, forked from a common ancestor) without copying anything: it gets a fresh id here
  /// and keeps its data file, deletion vector and statistics. BadRequest if the fragment's files
  /// belong to another table or the staged table already holds its data file. Cost: none.
  Result<uint32_t> AdoptFragment(const FragmentMeta& fragment);

  /// Drop every fragment (and index) of the staged table: an overwrite then appends afresh.
  /// Fragment ids keep increasing. Cost: none.
  void Truncate();

  /// Replace the staged index list (the index layer records its builds this way). Fragment ids
  /// not in the staged table are dropped at Finish. BadRequest if an id is not path-safe.
  Status SetIndexes(std::vector<IndexMeta> indexes);

  /// Write the deletion vectors changed since the last Preview/Finish and return the staged table
  /// as an unwritten manifest (its key() names nothing yet), so the caller can scan its own
  /// writes. Cost: 1 write per pending fragment and changed deletion vector, concurrently.
  Result<std::shared_ptr<const TableManifest>> Preview();

  /// Write pending deletion vectors and the new manifest (a fresh key, version = base + 1) and
  /// return it. The writer is spent afterwards: every further call returns BadRequest.
  /// Cost: 1 write per pending fragment and changed deletion vector + 1 write (the manifest), all
  /// issued concurrently (one round trip).
  Result<std::shared_ptr<const TableManifest>> Finish();

  /// The objects staged but not yet written (with defer_writes: everything Finish produced),
  /// handed over to the caller, who must write them. Empty afterwards.
  std::vector<std::pair<std::string, std::string>> TakePendingWrites();

  /// The manifest this writer started from (nullptr for a new table).
  const std::shared_ptr<const TableManifest>& base() const { return base_; }
  const std::shared_ptr<arrow::Schema>& schema() const;
  /// Live rows of the staged table.
  uint64_t rows() const;
  /// The table id of the version being written.
  const std::string& table_id() const { return staged_.table_id; }

  ~TableWriter();

 private:
  TableWriter(std::shared_ptr<store::ObjectStore> store, std::shared_ptr<const TableManifest> base,
              TableManifest staged, WriterOptions options);
  Result<std::shared_ptr<arrow::Table>> Conform(const arrow::Table& data) const;
  Result<uint32_t> WriteFragment(const std::shared_ptr<arrow::Table>& data);
  FragmentMeta* FindStaged(uint32_t fragment_id);
  Status FlushDeletes();
  /// Write every object staged so far, concurrently (store::PutAll).
  Status FlushPending();
  Status CheckLive() const;
  /// staged_ with live rows recomputed and index coverage pruned to the staged fragments.
  TableManifest Snapshot() const;

  std::shared_ptr<store::ObjectStore> store_;
  std::shared_ptr<const TableManifest> base_;
  TableManifest staged_;  // id and created_at are set by Finish
  WriterOptions options_;
  std::map<uint32_t, DeletionVector> deletes_;  // fragment id → its full deletion vector, loaded
  std::set<uint32_t> dirty_;                    // fragments whose deletes_ entry is unwritten
  bool finished_ = false;
  // Objects staged but not yet written: fragments and deletion vectors wait for Preview or Finish
  // so that they and the manifest go out as one concurrent batch (one round trip, not one each);
  // past kMaxPendingBytes (a large load) they are written early to bound memory.
  std::vector<std::pair<std::string, std::string>> pending_;
  uint64_t pending_bytes_ = 0;
  static constexpr uint64_t kMaxPendingBytes = 64 << 20;
};

}  // namespace og::table
