#include "exec/index_coverage.h"

#include <algorithm>
#include <map>
#include <set>

namespace og::exec {

Result<SectionCoverage> CoverageOf(const table::TableManifest& manifest, const std::string& section_name) {
  std::set<uint32_t> open;
  for (const auto& f : manifest.fragments) open.insert(f.id);
  SectionCoverage out;
  // Newest first: a segment added later (a merge of older ones, or a rebuild) wins.
  for (auto it = manifest.indexes.rbegin(); it != manifest.indexes.rend(); ++it) {
    if (!index::HasSection(*it, section_name)) continue;
    SegmentSource source;
    for (uint32_t f : it->fragment_ids) {
      if (open.erase(f)) source.fragments.push_back(f);
    }
    if (source.fragments.empty()) continue;
    OG_ASSIGN_OR_RAISE(source.location, index::SegmentLocationOf(*it));
    source.segment_id = it->id;
    out.segments.push_back(std::move(source));
  }
  out.unindexed.assign(open.begin(), open.end());
  return out;
}

}  // namespace og::exec
