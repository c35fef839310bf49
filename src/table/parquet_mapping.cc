#include "table/parquet_mapping.h"

#include <arrow/api.h>

#include "common/arrow_util.h"

namespace og::table {

using arrow::Type;

std::shared_ptr<arrow::DataType> StorageType(const std::shared_ptr<arrow::DataType>& type) {
  switch (type->id()) {
    case Type::DATE64:
      return arrow::timestamp(arrow::TimeUnit::MILLI);
    case Type::LIST:
    case Type::LARGE_LIST:
    case Type::FIXED_SIZE_LIST:
    case Type::STRUCT:
    case Type::MAP: {
      arrow::FieldVector children;
      bool changed = false;
      for (const auto& f : type->fields()) {
        auto t = StorageType(f->type());
        changed = changed || t != f->type();
        children.push_back(f->WithType(t));
      }
      if (!changed) return type;
      switch (type->id()) {
        case Type::LIST:
          return arrow::list(children[0]);
        case Type::LARGE_LIST:
          return arrow::large_list(children[0]);
        case Type::FIXED_SIZE_LIST:
          return arrow::fixed_size_list(
              children[0], static_cast<const arrow::FixedSizeListType&>(*type).list_size());
        case Type::STRUCT:
          return arrow::struct_(children);
        default: {
          const auto& map = static_cast<const arrow::MapType&>(*type);
          auto entries = children[0];
          return std::make_shared<arrow::MapType>(entries, map.keys_sorted());
        }
      }
    }
    default:
      return type;
  }
}

std::shared_ptr<arrow::Schema> StorageSchema(const arrow::Schema& schema) {
  arrow::FieldVector fields;
  for (const auto& f : schema.fields()) fields.push_back(f->WithType(StorageType(f->type())));
  return arrow::schema(fields, schema.metadata());
}

bool SameLayout(const arrow::DataType& from, const arrow::DataType& to, bool date64_as_timestamp) {
  if (from.Equals(to)) return true;
  auto is_ms_ts = [](const arrow::DataType& t) {
    if (t.id() != Type::TIMESTAMP) return false;
    const auto& ts = static_cast<const arrow::TimestampType&>(t);
    return ts.unit() == arrow::TimeUnit::MILLI && ts.timezone().empty();
  };
  if (date64_as_timestamp && ((from.id() == Type::DATE64 && is_ms_ts(to)) ||
                              (to.id() == Type::DATE64 && is_ms_ts(from)))) {
    return true;
  }
  if (from.id() != to.id() || from.num_fields() != to.num_fields() || from.num_fields() == 0) {
    return false;
  }
  if (from.id() == Type::FIXED_SIZE_LIST &&
      static_cast<const arrow::FixedSizeListType&>(from).list_size() !=
          static_cast<const arrow::FixedSizeListType&>(to).list_size()) {
    return false;
  }
  for (int i = 0; i < from.num_fields(); ++i) {
    if (from.id() == Type::STRUCT && from.field(i)->name() != to.field(i)->name()) return false;
    if (!SameLayout(*from.field(i)->type(), *to.field(i)->type(), date64_as_timestamp))
      return false;
  }
  return true;
}

Result<std::shared_ptr<arrow::ChunkedArray>> ViewAs(
    const std::shared_ptr<arrow::ChunkedArray>& column,
    const std::shared_ptr<arrow::DataType>& type) {
  if (column->type()->Equals(*type)) return column;
  arrow::ArrayVector chunks;
  for (const auto& chunk : column->chunks()) {
    OG_ARROW_ASSIGN_OR_RAISE(auto view, chunk->View(type));
    chunks.push_back(std::move(view));
  }
  OG_ARROW_ASSIGN_OR_RAISE(auto out, arrow::ChunkedArray::Make(std::move(chunks), type));
  return out;
}

}  // namespace og::table
