// How an index segment is recorded in a table version (table::IndexMeta), so a reader knows which
// sections a segment has, which fragments it covers and where its file is, without opening it:
//
//   id            path-safe ULID; the file is store::IndexPrefix(table_id, id) + "segment.ogi"
//   kind          "segment"
//   columns       section names: "fts:<column>", "vector:<column>", "key:<column>"
//   fragment_ids  the fragments whose rows the segment indexes
//   params_json   {"file": "<store key>", "bytes": <size>}
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "index/segment_file.h"
#include "table/table_manifest.h"

namespace og::index {

inline constexpr const char* kSegmentIndexKind = "segment";

/// "fts:title", "vector:embedding", "key:id".
std::string SectionName(SectionKind kind, const std::string& column);

struct SegmentLocation {
  std::string key;     // store key of the segment file
  uint64_t bytes = 0;  // its size
};

/// The IndexMeta of a new segment of table `table_id`.
table::IndexMeta MakeSegmentMeta(const std::string& table_id, const std::string& segment_id,
                                 uint64_t bytes, std::vector<std::string> section_names,
                                 std::vector<uint32_t> fragment_ids);

/// The store key of segment `segment_id` of `table_id`.
std::string SegmentFileKey(const std::string& table_id, const std::string& segment_id);

/// Where the segment `meta` describes lives. Corruption when params_json is not such a record.
Result<SegmentLocation> SegmentLocationOf(const table::IndexMeta& meta);

/// True when `meta` is a segment with section `section_name`.
bool HasSection(const table::IndexMeta& meta, const std::string& section_name);

}  // namespace og::index
