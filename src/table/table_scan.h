// Scanning one version of a table: projection, predicate pushdown, deletion vectors.
//
// ScanTable returns the live rows of a TableManifest that satisfy a conjunction of comparison
// predicates, with the requested columns, in fragment order then file order. It prunes in two
// steps before reading data: whole fragments by the manifest's column statistics (no request at
// all for a skipped fragment) and Parquet row groups by the file's statistics; it then filters
// exactly and drops deleted rows. Parquet is read through an arrow::io::RandomAccessFile over
// ObjectStore::GetRange, so any store works and every request is counted.
//
// Predicates have SQL semantics: a comparison with null is never true (a null column value or a
// null literal matches nothing), and NaN compares false except for !=. kIsNull / kIsNotNull test
// nullness. Literals are cast to the column's type; BadRequest if that is impossible.
//
// Cost per fragment that is not pruned: fragments of at most small_fragment_bytes cost 1 read
// (the whole object); larger ones cost 1 read for the footer (2 if the footer exceeds 64 KiB)
// plus 1 read per coalesced run of needed column chunks; plus 1 read for its deletion vector.
// Memory: the result is materialised (O(rows returned)).
//
// Thread-safety: ScanTable is reentrant; concurrent scans of one manifest are fine.
#pragma once

#include <arrow/type_fwd.h>

#include <cstdint>
#include <map>
#include <memory>
#include <roaring/roaring.hh>
#include <string>
#include <vector>

#include "common/result.h"
#include "store/object_store.h"
#include "table/predicate.h"
#include "table/table_manifest.h"

namespace og::table {

/// Names of the row-address columns that with_row_address appends.
inline constexpr const char* kFragmentColumn = "_fragment";  // uint32: FragmentMeta::id
inline constexpr const char* kOffsetColumn = "_offset";      // uint32: row offset in the fragment

/// What a scan did; for tests, EXPLAIN-style output and benchmarks.
struct ScanStats {
  uint64_t fragments_total = 0;
  uint64_t fragments_skipped = 0;   // pruned by manifest statistics (never read)
  uint64_t row_groups_total = 0;    // row groups of the fragments that were opened
  uint64_t row_groups_skipped = 0;  // pruned by Parquet statistics
  uint64_t rows_read = 0;           // rows decoded from Parquet
  uint64_t rows_returned = 0;

  ScanStats& operator+=(const ScanStats& other);
};

struct ScanOptions {
  /// Columns to return, in this order; empty = every column of the schema. Predicates may use
  /// columns that are not returned.
  std::vector<std::string> columns;
  /// A conjunction; empty = every live row.
  std::vector<Predicate> predicates;
  /// Append uint32 "_fragment" and uint32 "_offset" columns (the row's address, which
  /// TableWriter::DeleteRows takes).
  bool with_row_address = false;
  /// Scan only these fragments (empty = all). Ids not in the manifest are ignored.
  std::vector<uint32_t> fragment_ids;
  /// If set, return only these rows: fragment id -> row offsets (other fragments are skipped and
  /// row groups holding none of the offsets are not read). Deleted rows are still dropped. This is
  /// how a diff reads just the rows that changed, at a cost bounded by their row groups.
  const std::map<uint32_t, Roaring>* rows = nullptr;
  /// Fetch a fragment with a single whole-object read when it is at most this large.
  uint64_t small_fragment_bytes = 1 << 20;
  /// Disable statistics pruning (results must not change; for tests and the disable switch).
  bool disable_pruning = false;
  /// If set, receives what the scan did (overwritten, not accumulated).
  ScanStats* stats = nullptr;
};

/// Scan `manifest` as described above. The result's schema is the projection of the manifest's
/// schema (plus the address columns); a table without fragments gives zero rows of that schema.
/// NotFound if a referenced object is missing; Corruption if a file does not match the manifest;
/// BadRequest for an unknown column or an unusable predicate.
Result<std::shared_ptr<arrow::Table>> ScanTable(store::ObjectStore& store,
                                                const TableManifest& manifest,
                                                const ScanOptions& options = {});

/// Group the row addresses of a scan result (made with with_row_address) by fragment, ready for
/// TableWriter::DeleteRows. BadRequest if the address columns are missing. O(rows).
Result<std::map<uint32_t, Roaring>> RowAddressesOf(const arrow::Table& scanned);

}  // namespace og::table
