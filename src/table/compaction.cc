#include "table/compaction.h"

#include <algorithm>

#include <arrow/table.h>

#include "table/table_scan.h"

namespace og::table {

std::vector<uint32_t> FragmentsToCompact(const TableManifest& base, const CompactionOptions& options) {
  std::vector<uint32_t> small, dirty;
  for (const FragmentMeta& f : base.fragments) {
    bool is_dirty = f.physical_rows > 0 &&
                    static_cast<double>(f.deleted_rows) >
                        options.max_deleted_fraction * static_cast<double>(f.physical_rows);
    if (is_dirty) {
      dirty.push_back(f.id);
    } else if (static_cast<int64_t>(f.live_rows()) < options.target_rows) {
      small.push_back(f.id);
    }
  }
  // Small fragments are worth merging only together (or into a rewrite that happens anyway).
  if (dirty.empty() && small.size() < std::max<uint32_t>(options.min_fragments, 2)) return {};
  std::vector<uint32_t> out;
  for (const FragmentMeta& f : base.fragments) {  // manifest order: rows keep their order
    if (std::find(dirty.begin(), dirty.end(), f.id) != dirty.end() ||
        std::find(small.begin(), small.end(), f.id) != small.end()) {
      out.push_back(f.id);
    }
  }
  return out;
}

Result<CompactionResult> CompactTable(std::shared_ptr<store::ObjectStore> store,
                                      std::shared_ptr<const TableManifest> base,
                                      const CompactionOptions& options) {
  if (!base) return Status::BadRequest("CompactTable needs a base manifest");
  if (options.target_rows <= 0) return Status::BadRequest("target_rows must be positive");
  CompactionResult result;
  result.fragments_before = static_cast<uint32_t>(base->fragments.size());
  result.fragments_after = result.fragments_before;
  std::vector<uint32_t> ids = FragmentsToCompact(*base, options);
  if (ids.empty()) return result;

  ScanOptions scan;
  scan.fragment_ids = ids;
  OG_ASSIGN_OR_RAISE(auto rows, ScanTable(*store, *base, scan));
  WriterOptions writer_options = options.writer;
  writer_options.max_rows_per_fragment = options.target_rows;
  OG_ASSIGN_OR_RAISE(auto writer, TableWriter::Open(store, base, writer_options));
  for (uint32_t id : ids) {
    const FragmentMeta* f = base->FindFragment(id);
    Roaring all;
    all.addRange(0, f->physical_rows);
    OG_RETURN_NOT_OK(writer->DeleteRows(id, all));  // a fully deleted fragment is dropped
  }
  OG_ASSIGN_OR_RAISE(std::vector<uint32_t> new_ids, writer->Append(*rows));
  if (options.on_rewrite) OG_RETURN_NOT_OK(options.on_rewrite(*writer, *rows, new_ids));
  OG_ASSIGN_OR_RAISE(result.manifest, writer->Finish());
  result.pending_writes = writer->TakePendingWrites();
  result.fragments_after = static_cast<uint32_t>(result.manifest->fragments.size());
  result.fragments_rewritten = static_cast<uint32_t>(ids.size());
  result.rows_rewritten = static_cast<uint64_t>(rows->num_rows());
  return result;
}

}  // namespace og::table
