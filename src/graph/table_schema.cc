#include "graph/table_schema.h"

#include <arrow/api.h>

namespace og::graph {

std::string NodeTableKey(const std::string& type_name) { return "node:" + type_name; }
std::string EdgeTableKey(const std::string& type_name) { return "edge:" + type_name; }

std::string TableIdFor(const std::string& table_key) {
  std::string id = table_key;
  for (char& c : id) {
    if (c == ':') c = '-';
  }
  return id;
}

namespace {

std::shared_ptr<arrow::DataType> ScalarArrowType(lang::ScalarType t) {
  switch (t) {
    case lang::ScalarType::kString: return arrow::utf8();
    case lang::ScalarType::kBlob: return arrow::binary();
    case lang::ScalarType::kBool: return arrow::boolean();
    case lang::ScalarType::kI32: return arrow::int32();
    case lang::ScalarType::kI64: return arrow::int64();
    case lang::ScalarType::kU32: return arrow::uint32();
    case lang::ScalarType::kU64: return arrow::uint64();
    case lang::ScalarType::kF32: return arrow::float32();
    case lang::ScalarType::kF64: return arrow::float64();
    case lang::ScalarType::kDate: return arrow::date32();
    case lang::ScalarType::kDateTime: return arrow::date64();
  }
  return arrow::null();
}

void AppendProperties(const std::vector<lang::Property>& props, arrow::FieldVector* fields) {
  for (const auto& p : props) {
    fields->push_back(arrow::field(p.name, ArrowTypeFor(p.type), p.type.nullable));
  }
}

}  // namespace

std::shared_ptr<arrow::DataType> ArrowTypeFor(const lang::PropType& type) {
  switch (type.kind) {
    case lang::PropType::Kind::kScalar: return ScalarArrowType(type.scalar);
    case lang::PropType::Kind::kEnum: return arrow::utf8();
    case lang::PropType::Kind::kList: return arrow::list(ScalarArrowType(type.scalar));
    case lang::PropType::Kind::kVector:
      return arrow::fixed_size_list(arrow::float32(), type.vector_dim);
  }
  return arrow::null();
}

std::shared_ptr<arrow::Schema> NodeTableSchema(const lang::NodeType& node) {
  arrow::FieldVector fields = {arrow::field("id", arrow::utf8(), false)};
  AppendProperties(node.properties, &fields);
  return arrow::schema(fields);
}

std::shared_ptr<arrow::Schema> EdgeTableSchema(const lang::EdgeType& edge) {
  arrow::FieldVector fields = {arrow::field("id", arrow::utf8(), false),
                               arrow::field("src", arrow::utf8(), false),
                               arrow::field("dst", arrow::utf8(), false)};
  AppendProperties(edge.properties, &fields);
  return arrow::schema(fields);
}

}  // namespace og::graph
