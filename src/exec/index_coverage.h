// Which index segment answers for which fragment of a table version, for one section (say
// "fts:title"). Every fragment is answered by exactly one source — the newest segment that covers
// it and has the section — or is left to the exhaustive path, so no row is counted twice and none
// is missed whatever mix of old, merged and missing segments a version carries.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <algorithm>
#include <optional>

#include "common/result.h"
#include "exec/graph_data.h"
#include "index/segment_meta.h"
#include "table/table_manifest.h"

namespace og::exec {

struct SegmentSource {
  std::string segment_id;
  index::SegmentLocation location;
  std::vector<uint32_t> fragments;  // ascending; the fragments this segment answers for
};

struct SectionCoverage {
  std::vector<SegmentSource> segments;
  std::vector<uint32_t> unindexed;  // ascending; fragments no segment answers for
};

/// Coverage of `section_name` over the fragments of `manifest`. Corruption for a malformed segment
/// record.
Result<SectionCoverage> CoverageOf(const table::TableManifest& manifest, const std::string& section_name);

/// The row of `data` that document (file_fragment, offset) of a source names — translated through
/// the source's fragment map — or -1 when the row is deleted or another source answers for its
/// fragment. `fragments` are the version's fragment ids the source answers for, ascending.
inline int64_t SourceRow(const NodeData& data, const index::SegmentLocation& location,
                         const std::vector<uint32_t>& fragments, uint32_t file_fragment, uint32_t offset) {
  std::optional<uint32_t> fragment = location.TableFragment(file_fragment);
  if (!fragment || !std::binary_search(fragments.begin(), fragments.end(), *fragment)) return -1;
  return data.RowAt(*fragment, offset);
}

/// SourceRow for ascending probes (a posting list's docs), resuming from `cursor`.
inline int64_t SourceRow(const NodeData& data, const index::SegmentLocation& location,
                         const std::vector<uint32_t>& fragments, uint32_t file_fragment, uint32_t offset,
                         NodeData::RowCursor* cursor) {
  std::optional<uint32_t> fragment = location.TableFragment(file_fragment);
  if (!fragment || !std::binary_search(fragments.begin(), fragments.end(), *fragment)) return -1;
  return data.RowAt(*fragment, offset, cursor);
}

}  // namespace og::exec
