// Which index segment answers for which fragment of a table version, for one section (say
// "fts:title"). Every fragment is answered by exactly one source — the newest segment that covers
// it and has the section — or is left to the exhaustive path, so no row is counted twice and none
// is missed whatever mix of old, merged and missing segments a version carries.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
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

}  // namespace og::exec
