// TableManifest: one immutable version of a table — its schema and the list of immutable
// fragments (Parquet files, each with an optional deletion vector) whose live rows are the table.
//
// A manifest is a value: written once under store::TableManifestKey(table_id, id) as JSON and
// never changed. A new table version is a new manifest whose `parent` names the previous one
// (TableWriter builds them). A graph commit makes a manifest visible by naming it; branching a
// table is pointing at the same manifest. Share manifests as std::shared_ptr<const TableManifest>.
//
// Invariants (checked by Parse; a writer upholds them):
//   - version == parent's version + 1 (1 for a manifest without parent);
//   - fragment ids are unique, ascending, and < next_fragment_id;
//   - 0 <= deleted_rows <= physical_rows, and deleted_rows > 0 iff deletion_key is set;
//   - rows == sum over fragments of (physical_rows - deleted_rows);
//   - every stats entry names a column of the schema.
//
// Column statistics are kept for scalar columns only (bool, integers, floats, strings, binary,
// dates, timestamps) as Arrow scalars of the column's exact type; min/max are null when unknown
// (no non-null values, floating column with NaN, or a string too long to keep exactly).
// In JSON they are typed by the column: integers and dates as JSON integers (date32 = days,
// date64/timestamp = ticks since the epoch), floats as JSON numbers, bool as JSON bool, strings as
// JSON strings, binary as lower-case hex strings.
//
// Thread-safety: immutable after construction; share freely.
#pragma once

#include <arrow/type_fwd.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "store/object_store.h"

namespace og::table {

inline constexpr const char* kManifestFormat = "og-table-manifest";
inline constexpr int kManifestFormatVersion = 1;

/// Min, max and null count of one column of one fragment.
struct ColumnStats {
  std::shared_ptr<arrow::Scalar> min;  // nullptr = unknown
  std::shared_ptr<arrow::Scalar> max;  // nullptr = unknown
  uint64_t null_count = 0;

  bool Equals(const ColumnStats& other) const;
};

/// One immutable Parquet file of a table, plus the rows of it that are deleted.
struct FragmentMeta {
  uint32_t id = 0;               // unique in the table, never reused (next_fragment_id)
  std::string data_key;          // store key of the Parquet file
  uint64_t data_bytes = 0;       // size of the Parquet file (saves a HEAD when reading it)
  uint64_t physical_rows = 0;    // rows in the file
  uint64_t created_version = 0;  // table version whose write added this fragment
  std::string deletion_key;      // store key of the deletion vector; empty = none
  uint64_t deleted_rows = 0;     // cardinality of the deletion vector
  std::map<std::string, ColumnStats> stats;  // column name → stats (scalar columns only)

  uint64_t live_rows() const { return physical_rows - deleted_rows; }
  bool Equals(const FragmentMeta& other) const;
};

/// A derived index recorded in a table version (built by the index layer). The table layer keeps
/// entries across writes and drops fragment ids that leave the table; it never reads the files.
struct IndexMeta {
  std::string id;                      // path-safe; files live under store::IndexPrefix(table, id)
  std::string kind;                    // "btree", "fts", "ngram", "vector", ...
  std::vector<std::string> columns;    // indexed columns
  std::vector<uint32_t> fragment_ids;  // fragments whose rows the index covers, ascending
  std::string params_json;             // opaque JSON object text owned by the index layer ("{}")

  bool operator==(const IndexMeta&) const = default;
};

struct TableManifest {
  std::string table_id;    // path-safe id chosen by the caller ("node-Person")
  std::string id;          // ULID; the manifest's key is store::TableManifestKey(table_id, id)
  uint64_t version = 0;    // parent's version + 1; 1 for the first version
  std::string parent_key;  // key of the parent manifest; empty for the first version
  std::shared_ptr<arrow::Schema> schema;
  std::vector<FragmentMeta> fragments;  // ascending by id
  std::vector<IndexMeta> indexes;
  uint32_t next_fragment_id = 0;
  uint64_t rows = 0;          // live rows
  int64_t created_at_us = 0;  // wall clock, microseconds since the Unix epoch

  /// store::TableManifestKey(table_id, id).
  std::string key() const;
  /// The fragment with `fragment_id`, or nullptr.
  const FragmentMeta* FindFragment(uint32_t fragment_id) const;
  bool Equals(const TableManifest& other) const;

  /// Render as the JSON object text stored in the manifest file (deterministic).
  /// BadRequest if the schema uses a type the format cannot express (see SchemaToJson).
  Result<std::string> Serialize() const;
  /// Parse manifest bytes. Corruption naming `key` (may be empty) if they are malformed or break
  /// an invariant; BadRequest (via Corruption) for a format version this build cannot read.
  static Result<TableManifest> Parse(const std::string& bytes, const std::string& key = "");
};

/// Read and parse the manifest stored under `key`. NotFound if absent, Corruption if malformed.
/// Cost: 1 read.
Result<std::shared_ptr<const TableManifest>> ReadManifest(store::ObjectStore& store,
                                                          const std::string& key);

/// Serialize `manifest` and Put it under manifest.key(). Cost: 1 write.
Status WriteManifest(store::ObjectStore& store, const TableManifest& manifest);

/// Render an Arrow schema as the manifest's JSON field list (text), and parse it back. Lossless
/// for: null, bool, int8..int64, uint8..uint64, float16/32/64, utf8, large_utf8, binary,
/// large_binary, fixed_size_binary, date32, date64, time32/64, timestamp (unit + timezone),
/// duration, decimal128/256, list, large_list, fixed_size_list, struct, map, with nullability and
/// field/schema metadata. BadRequest for other types (dictionary, union, extension types).
Result<std::string> SchemaToJson(const arrow::Schema& schema);
Result<std::shared_ptr<arrow::Schema>> SchemaFromJson(const std::string& text);

/// Return true if the manifest keeps min/max statistics for columns of `type`.
bool HasScalarStats(const arrow::DataType& type);

}  // namespace og::table
