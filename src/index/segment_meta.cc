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

std::optional<uint32_t> SegmentLocation::TableFragment(uint32_t file_fragment) const {
  if (file_to_table.empty()) return file_fragment;
  auto it = std::lower_bound(file_to_table.begin(), file_to_table.end(), std::make_pair(file_fragment, uint32_t{0}));
  if (it == file_to_table.end() || it->first != file_fragment) return std::nullopt;
  return it->second;
}

Result<SegmentLocation> SegmentLocationOf(const table::IndexMeta& meta) {
  nlohmann::json j = nlohmann::json::parse(meta.params_json, nullptr, /*allow_exceptions=*/false);
  auto bad = [&]() {
    return Status::Corruption("index '", meta.id, "' has no valid segment file record: ",
                              meta.params_json.substr(0, 200));
  };
  if (j.is_discarded() || !j.is_object() || !j.contains("file") || !j["file"].is_string() ||
      !j.contains("bytes") || !j["bytes"].is_number_unsigned()) {
    return bad();
  }
  SegmentLocation out{j["file"].get<std::string>(), j["bytes"].get<uint64_t>(), {}};
  if (j.contains("fragment_map")) {
    const auto& map = j["fragment_map"];
    if (!map.is_array()) return bad();
    for (const auto& pair : map) {
      if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number_unsigned() || !pair[1].is_number_unsigned() ||
          pair[0].get<uint64_t>() > UINT32_MAX || pair[1].get<uint64_t>() > UINT32_MAX) {
        return bad();
      }
      out.file_to_table.emplace_back(static_cast<uint32_t>(pair[1].get<uint64_t>()),
                                     static_cast<uint32_t>(pair[0].get<uint64_t>()));
    }
    std::sort(out.file_to_table.begin(), out.file_to_table.end());
  }
  return out;
}

Result<table::IndexMeta> AdoptSegmentMeta(const table::IndexMeta& source,
                                          const std::map<uint32_t, uint32_t>& renumbered,
                                          const std::string& new_id) {
  OG_ASSIGN_OR_RAISE(SegmentLocation location, SegmentLocationOf(source));
  table::IndexMeta meta = source;
  meta.id = new_id;
  meta.fragment_ids.clear();
  nlohmann::json map = nlohmann::json::array();
  for (uint32_t version_id : source.fragment_ids) {
    // `source` may itself be adopted: resolve its version ids to ids inside the file first.
    std::optional<uint32_t> in_file;
    for (const auto& [file_id, table_id] : location.file_to_table) {
      if (table_id == version_id) in_file = file_id;
    }
    if (location.file_to_table.empty()) in_file = version_id;
    auto it = renumbered.find(version_id);
    if (!in_file || it == renumbered.end()) continue;
    meta.fragment_ids.push_back(it->second);
    map.push_back({it->second, *in_file});
  }
  std::sort(meta.fragment_ids.begin(), meta.fragment_ids.end());
  meta.params_json = nlohmann::json{{"file", location.key}, {"bytes", location.bytes}, {"fragment_map", map}}.dump();
  return meta;
}

bool HasSection(const table::IndexMeta& meta, const std::string& section_name) {
  return meta.kind == kSegmentIndexKind &&
         std::find(meta.columns.begin(), meta.columns.end(), section_name) != meta.columns.end();
}

}  // namespace og::index
