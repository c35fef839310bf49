#include "exec/index_build.h"

#include <algorithm>

#include <arrow/api.h>

#include "common/arrow_util.h"
#include "common/ids.h"
#include "exec/text_search.h"
#include "index/fts_section.h"
#include "index/key_section.h"
#include "index/segment_meta.h"
#include "index/vector_section.h"

namespace og::exec {

std::vector<std::pair<index::SectionKind, std::string>> IndexedSections(const lang::Catalog& catalog,
                                                                        const std::string& table_key) {
  std::vector<std::pair<index::SectionKind, std::string>> out;
  if (table_key.rfind("node:", 0) != 0) return out;
  const lang::NodeType* node = catalog.FindNode(table_key.substr(5));
  if (!node) return out;
  for (const auto& group : node->indexes) {
    if (group.size() != 1) continue;
    const lang::Property* prop = node->FindProperty(group[0]);
    if (!prop) continue;
    if (prop->type.is_vector()) {
      out.emplace_back(index::SectionKind::kVector, prop->name);
    } else if (prop->type.kind == lang::PropType::Kind::kScalar && prop->type.scalar == lang::ScalarType::kString &&
               std::find(node->key.begin(), node->key.end(), prop->name) == node->key.end()) {
      // A String @index is free text; a String @key is an identifier, not searched as text.
      out.emplace_back(index::SectionKind::kFullText, prop->name);
    }
  }
  // A keyed type's rows are found by id through a key section (point lookups on cold tables). It
  // goes last, so its index and footer usually arrive with the segment's own tail.
  if (!node->key.empty()) out.emplace_back(index::SectionKind::kKey, "id");
  return out;
}

namespace {

Result<std::string> BuildText(const arrow::Array& column, const std::vector<FragmentSlice>& fragments) {
  const auto& text = static_cast<const arrow::StringArray&>(column);
  index::FtsSectionBuilder builder(DefaultAnalyzer());
  for (const FragmentSlice& f : fragments) {
    for (int64_t i = 0; i < f.length; ++i) {
      if (text.IsNull(f.offset + i)) continue;
      OG_RETURN_NOT_OK(builder.Add(f.id, static_cast<uint32_t>(i), text.GetView(f.offset + i)));
    }
  }
  return builder.Finish();
}

Result<std::string> BuildKeys(const arrow::Array& column, const std::vector<FragmentSlice>& fragments) {
  const auto& ids = static_cast<const arrow::StringArray&>(column);
  index::KeySectionBuilder builder;
  for (const FragmentSlice& f : fragments) {
    for (int64_t i = 0; i < f.length; ++i) builder.Add(ids.GetView(f.offset + i), f.id, static_cast<uint32_t>(i));
  }
  return builder.Finish();
}

Result<std::string> BuildVectors(const arrow::Array& column, const std::vector<FragmentSlice>& fragments) {
  const auto& list = static_cast<const arrow::FixedSizeListArray&>(column);
  const auto& values = static_cast<const arrow::FloatArray&>(*list.values());
  uint32_t dim = static_cast<uint32_t>(list.value_length());
  index::VectorSectionBuilder builder(dim);
  for (const FragmentSlice& f : fragments) {
    for (int64_t i = 0; i < f.length; ++i) {
      int64_t row = f.offset + i;
      if (list.IsNull(row)) continue;
      const float* v = values.raw_values() + list.value_offset(row);
      OG_RETURN_NOT_OK(builder.Add(f.id, static_cast<uint32_t>(i), std::span<const float>(v, dim)));
    }
  }
  return builder.Finish();
}

}  // namespace

Result<BuiltSegment> BuildSegment(const std::string& table_id,
                                  const std::vector<std::pair<index::SectionKind, std::string>>& sections,
                                  const arrow::Table& rows, const std::vector<FragmentSlice>& fragments) {
  index::SegmentWriter writer;
  std::vector<std::string> names;
  for (const auto& [kind, column_name] : sections) {
    auto column = rows.GetColumnByName(column_name);
    if (!column) return Status::Internal("indexed column '", column_name, "' is missing from the rows of ", table_id);
    std::shared_ptr<arrow::Array> combined;
    if (column->num_chunks() == 1) {
      combined = column->chunk(0);
    } else {
      OG_ARROW_ASSIGN_OR_RAISE(combined, arrow::Concatenate(column->chunks()));
    }
    std::string payload;
    if (kind == index::SectionKind::kFullText) {
      OG_ASSIGN_OR_RAISE(payload, BuildText(*combined, fragments));
    } else if (kind == index::SectionKind::kKey) {
      OG_ASSIGN_OR_RAISE(payload, BuildKeys(*combined, fragments));
    } else {
      OG_ASSIGN_OR_RAISE(payload, BuildVectors(*combined, fragments));
    }
    OG_RETURN_NOT_OK(writer.AddSection(kind, column_name, std::move(payload)));
    names.push_back(index::SectionName(kind, column_name));
  }
  BuiltSegment out;
  out.bytes = std::move(writer).Finish();
  std::string id = NewUlid();
  out.key = index::SegmentFileKey(table_id, id);
  std::vector<uint32_t> ids;
  for (const FragmentSlice& f : fragments) ids.push_back(f.id);
  out.meta = index::MakeSegmentMeta(table_id, id, out.bytes.size(), std::move(names), std::move(ids));
  return out;
}

Status IndexAppendedRows(const lang::Catalog& catalog, const std::string& table_key, table::TableWriter& writer,
                         const arrow::Table& rows, const std::vector<uint32_t>& ids, int64_t rows_per_fragment,
                         std::vector<std::pair<std::string, std::string>>* staged) {
  auto sections = IndexedSections(catalog, table_key);
  if (sections.empty() || ids.empty()) return Status::OK();
  std::vector<FragmentSlice> slices;
  int64_t total = rows.num_rows();
  for (size_t i = 0; i < ids.size(); ++i) {
    int64_t offset = static_cast<int64_t>(i) * rows_per_fragment;
    slices.push_back(FragmentSlice{ids[i], offset, std::min(rows_per_fragment, total - offset)});
  }
  OG_ASSIGN_OR_RAISE(BuiltSegment segment, BuildSegment(writer.table_id(), sections, rows, slices));
  OG_ASSIGN_OR_RAISE(auto preview, writer.Preview());
  std::vector<table::IndexMeta> indexes = preview->indexes;
  indexes.push_back(std::move(segment.meta));
  OG_RETURN_NOT_OK(writer.SetIndexes(std::move(indexes)));
  staged->emplace_back(std::move(segment.key), std::move(segment.bytes));
  return Status::OK();
}

}  // namespace og::exec
