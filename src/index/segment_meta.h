// How an index segment is recorded in a table version (table::IndexMeta), so a reader knows which
// sections a segment has, which fragments it covers and where its file is, without opening it:
//
//   id            path-safe ULID; the file is store::IndexPrefix(table_id, id) + "segment.ogi"
//   kind          "segment"
//   columns       section names: "fts:<column>", "vector:<column>", "key:<column>"
//   fragment_ids  the fragments whose rows the segment indexes
//   params_json   {"file": "<store key>", "bytes": <size>[, "fragment_map": [[table_id, file_id], ...]]}
//
// A segment adopted into another table version whose fragments got new ids (a merge adopts a
// branch's fragments by reference under fresh ids) keeps its file; `fragment_map` then says which
// fragment id of the version each fragment id inside the file stands for.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
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
  // (fragment id in the file, fragment id in the version), ascending by file id; empty when the
  // ids are the same.
  std::vector<std::pair<uint32_t, uint32_t>> file_to_table;

  /// The version's fragment id for `file_fragment`, or nullopt when the segment does not map it.
  std::optional<uint32_t> TableFragment(uint32_t file_fragment) const;
};

/// The IndexMeta of a new segment of table `table_id`.
table::IndexMeta MakeSegmentMeta(const std::string& table_id, const std::string& segment_id,
                                 uint64_t bytes, std::vector<std::string> section_names,
                                 std::vector<uint32_t> fragment_ids);

/// The IndexMeta that reuses the segment of `source` (an entry of another version) in a version
/// that adopted some of that version's fragments under new ids: `renumbered` maps each adopted
/// fragment's id in the source version to its id in the new one. Only those fragments are
/// covered. The file is shared, so the new entry records it, and a fragment_map.
Result<table::IndexMeta> AdoptSegmentMeta(const table::IndexMeta& source,
                                          const std::map<uint32_t, uint32_t>& renumbered,
                                          const std::string& new_id);

/// The store key of segment `segment_id` of `table_id`.
std::string SegmentFileKey(const std::string& table_id, const std::string& segment_id);

/// Where the segment `meta` describes lives. Corruption when params_json is not such a record.
Result<SegmentLocation> SegmentLocationOf(const table::IndexMeta& meta);

/// True when `meta` is a segment with section `section_name`.
bool HasSection(const table::IndexMeta& meta, const std::string& section_name);

}  // namespace og::index
