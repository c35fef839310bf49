#include "index/segment_meta.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "store/layout.h"

namespace og::index {

std::string SectionName(SectionKind kind, const std::string& column) {
  return std::string(SectionKindName(kind)) + ":" + column;
}

std::string SegmentFileKey(const std::string& table_id, const std::string& segment_id) {
  return store::IndexPrefix(table_id, segment_id) + "segment.ogi";
}

table::IndexMeta MakeSegmentMeta(const std::string& table_id, const std::string& segment_id,
                                 uint64_t bytes, std::vector<std::string> section_names,
                                 std::vector<uint32_t> fragment_ids) {
  table::IndexMeta meta;
  meta.id = segment_id;
  meta.kind = kSegmentIndexKind;
  meta.columns = std::move(section_names);
  std::sort(fragment_ids.begin(), fragment_ids.end());
  meta.fragment_ids = std::move(fragment_ids);
  meta.params_json = nlohmann::json{{"file", SegmentFileKey(table_id, segment_id)}, {"bytes", bytes}}.dump();
  return meta;
}

Result<SegmentLocation> SegmentLocationOf(const table::IndexMeta& meta) {
  nlohmann::json j = nlohmann::json::parse(meta.params_json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || !j.contains("file") || !j["file"].is_string() ||
      !j.contains("bytes") || !j["bytes"].is_number_unsigned()) {
    return Status::Corruption("index '", meta.id, "' has no segment file record: ", meta.params_json.substr(0, 200));
  }
  return SegmentLocation{j["file"].get<std::string>(), j["bytes"].get<uint64_t>()};
}

bool HasSection(const table::IndexMeta& meta, const std::string& section_name) {
  return meta.kind == kSegmentIndexKind &&
         std::find(meta.columns.begin(), meta.columns.end(), section_name) != meta.columns.end();
}

}  // namespace og::index
