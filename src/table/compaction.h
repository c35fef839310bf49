// Compaction: a new version of a table with the same live rows in fewer, fuller fragments.
//
// Every write adds at least one fragment (and rewrites deletion vectors), so a table written one
// row at a time grows a long fragment list: its manifest grows with every write, and scans open
// more files. Compaction rewrites the small fragments, and the fragments whose deletion vectors
// hide a large share of their rows, into fragments of up to target_rows rows; fragments that are
// already full and clean are kept by reference, so the cost is proportional to what is rewritten.
// The live rows keep their values; rewritten rows keep their relative order and move after the
// kept fragments. Like every table write it only adds objects: the base version stays readable.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "common/result.h"
#include "store/object_store.h"
#include "table/table_manifest.h"
#include "table/table_writer.h"

namespace og::table {

struct CompactionOptions {
  /// Fragments with fewer live rows than this are "small" and get merged; output fragments hold
  /// up to this many rows.
  int64_t target_rows = 1 << 20;
  /// Compact only when at least this many fragments would be rewritten.
  uint32_t min_fragments = 2;
  /// A fragment with more than this fraction of its rows deleted is rewritten even when it is
  /// large (and even alone).
  double max_deleted_fraction = 0.1;
  WriterOptions writer;  // defer_writes is honoured, like for any writer
  /// Called with the rewritten rows and the ids of the fragments they went to (consecutive slices
  /// of at most target_rows rows) before the version is finished, so a caller can add derived
  /// state (index segments) to the writer. Optional.
  std::function<Status(TableWriter& writer, const arrow::Table& rows, const std::vector<uint32_t>& fragment_ids)>
      on_rewrite;
};

struct CompactionResult {
  /// The new version; nullptr when the table needed no compaction (nothing was written).
  std::shared_ptr<const TableManifest> manifest;
  uint32_t fragments_before = 0;
  uint32_t fragments_after = 0;
  uint32_t fragments_rewritten = 0;
  uint64_t rows_rewritten = 0;
  /// Objects staged but unwritten (with writer.defer_writes); the caller writes them.
  std::vector<std::pair<std::string, std::string>> pending_writes;
};

/// The ids of the fragments CompactTable would rewrite (empty: nothing to do).
std::vector<uint32_t> FragmentsToCompact(const TableManifest& base, const CompactionOptions& options);

/// Stage the compacted version (base.version + 1) of `base`. Cost: one read of each rewritten
/// fragment (and its deletion vector), one write per output fragment, one manifest write.
Result<CompactionResult> CompactTable(std::shared_ptr<store::ObjectStore> store,
                                      std::shared_ptr<const TableManifest> base,
                                      const CompactionOptions& options = {});

}  // namespace og::table
