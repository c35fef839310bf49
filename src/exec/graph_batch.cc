#include "exec/graph_batch.h"
#include "common/utf8.h"

#include <set>

#include <arrow/api.h>
#include <nlohmann/json.hpp>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "common/arrow_util.h"
#include "common/ids.h"
#include "exec/column_builder.h"
#include "graph/table_schema.h"

namespace og::exec {

using rapidjson::Value;

std::string KeyId(const std::vector<std::string>& parts) {
  if (parts.size() == 1) return parts[0];
  return nlohmann::json(parts).dump();
}

namespace {

// Property names that belong to the storage system and can never appear in data.
bool IsReservedField(std::string_view name) {
  static const std::set<std::string_view> kReserved = {
      "_rowid", "_rowaddr", "_rowoffset", "_row_created_at_version",
      "_row_last_updated_at_version", "_tombstone"};
  return kReserved.count(name) > 0;
}

// Builders for one type's rows while parsing.
struct TypeBuilder {
  std::string type_name;
  bool is_edge = false;
  const std::vector<lang::Property>* props = nullptr;
  std::vector<std::unique_ptr<ColumnBuilder>> columns;
  std::vector<int> key_columns;  // indexes into columns, in key order
  TypeRows out;

  static Result<TypeBuilder> Make(const std::string& name, bool is_edge,
                                  const std::vector<lang::Property>& props,
                                  const std::vector<lang::RangeConstraint>& ranges,
                                  const std::vector<lang::CheckConstraint>& checks,
                                  const std::vector<std::string>& key) {
    TypeBuilder b;
    b.type_name = name;
    b.is_edge = is_edge;
    b.props = &props;
    for (const auto& p : props) {
      const lang::RangeConstraint* range = nullptr;
      const lang::CheckConstraint* check = nullptr;
      for (const auto& r : ranges) {
        if (r.property == p.name) range = &r;
      }
      for (const auto& c : checks) {
        if (c.property == p.name) check = &c;
      }
      OG_ASSIGN_OR_RAISE(auto col, ColumnBuilder::Make(name, p, range, check));
      b.columns.push_back(std::move(col));
    }
    for (const auto& k : key) {
      for (size_t i = 0; i < props.size(); ++i) {
        if (props[i].name == k) b.key_columns.push_back(static_cast<int>(i));
      }
    }
    b.out.type_name = name;
    b.out.is_edge = is_edge;
    return b;
  }

  int ColumnIndex(std::string_view name) const {
    for (size_t i = 0; i < props->size(); ++i) {
      if ((*props)[i].name == name) return static_cast<int>(i);
    }
    return -1;
  }
};

class BatchParser {
 public:
  BatchParser(const lang::Catalog& catalog, const std::string& source)
      : catalog_(catalog), source_(source), pool_buffer_(kPoolBytes),
        pool_(pool_buffer_.data(), pool_buffer_.size()), doc_(&pool_) {}

  Status ParseLine(std::string_view line, int64_t line_no) {
    line_no_ = line_no;
    // Each line is parsed into the same fixed buffer; a typical record never touches malloc.
    pool_.Clear();
    // Strings must be valid UTF-8 (they become Parquet strings and JSON output); the iterative
    // parser keeps its own stack, so no nesting depth can overflow ours.
    doc_.Parse<rapidjson::kParseFullPrecisionFlag | rapidjson::kParseValidateEncodingFlag |
               rapidjson::kParseIterativeFlag>(line.data(), line.size());
    if (doc_.HasParseError()) {
      return Error("invalid JSON at column ", doc_.GetErrorOffset() + 1, ": ",
                   rapidjson::GetParseError_En(doc_.GetParseError()));
    }
    if (!doc_.IsObject()) return Error("expected a JSON object");
    std::set<std::string_view> seen;
    const Value *type = nullptr, *edge = nullptr, *from = nullptr, *to = nullptr, *data = nullptr;
    for (const auto& field : doc_.GetObject()) {
      std::string_view key(field.name.GetString(), field.name.GetStringLength());
      if (!seen.insert(key).second) return Error("duplicate field ", QuoteName(key));
      if (key == "type") type = &field.value;
      else if (key == "edge") edge = &field.value;
      else if (key == "from") from = &field.value;
      else if (key == "to") to = &field.value;
      else if (key == "data") data = &field.value;
      else return Error("unknown top-level graph batch field ", QuoteName(key));
    }
    if (data && !data->IsObject()) return Error("'data' must be an object");
    if (type && edge) return Error("a record has either 'type' or 'edge', not both");
    if (type) {
      if (from || to) return Error("node records take no 'from'/'to'");
      if (!type->IsString()) return Error("'type' must be a string");
      return ParseNode(Text(*type), data);
    }
    if (edge) {
      if (!edge->IsString()) return Error("'edge' must be a string");
      if (!from || !to) return Error("edge records need 'from' and 'to'");
      if (!from->IsString() || !to->IsString()) {
        return Error("edge 'from' and 'to' must be string ids");
      }
      return ParseEdge(Text(*edge), Text(*from), Text(*to), data);
    }
    return Error("expected 'type' or 'edge' field");
  }

  Result<GraphBatch> Finish() {
    GraphBatch batch;
    for (auto& [name, b] : nodes_) {
      OG_ASSIGN_OR_RAISE(b.out.rows, Assemble(b, graph::NodeTableSchema(*catalog_.FindNode(name))));
      batch.nodes.emplace(name, std::move(b.out));
    }
    for (auto& [name, b] : edges_) {
      OG_ASSIGN_OR_RAISE(b.out.rows, Assemble(b, graph::EdgeTableSchema(*catalog_.FindEdge(name))));
      batch.edges.emplace(name, std::move(b.out));
    }
    return batch;
  }

 private:
  template <typename... Args>
  Status Error(Args&&... args) const {
    return Status::AtSource(SourceSpan{source_, static_cast<int>(line_no_), 0, ""},
                            internal::StrCat(std::forward<Args>(args)...));
  }

  static std::string_view Text(const Value& v) {
    return std::string_view(v.GetString(), v.GetStringLength());
  }

  // Fill every column from `data`; returns the canonical renderings of the key columns.
  Status FillColumns(TypeBuilder& b, const Value* data, std::string* explicit_id,
                     std::vector<std::string>* key_parts) {
    std::vector<bool> set(b.columns.size(), false);
    std::vector<std::string> canon(b.columns.size());
    std::vector<const Value*> values(b.columns.size(), nullptr);
    if (data) {
      std::set<std::string_view> seen;
      for (const auto& field : data->GetObject()) {
        std::string_view key = Text(field.name);
        if (!seen.insert(key).second) return Error("duplicate data field ", QuoteName(key));
        if (key == "id") {
          if (!field.value.IsString()) return Error("'id' must be a string");
          *explicit_id = std::string(Text(field.value));
          continue;
        }
        if (IsReservedField(key)) return Error("", QuoteName(key), " is a reserved field");
        if (b.is_edge && (key == "src" || key == "dst")) {
          return Error("", QuoteName(key), " cannot be set in edge data; use 'from'/'to'");
        }
        int idx = b.ColumnIndex(key);
        if (idx < 0) return Error("unknown property ", QuoteName(key), " for ", b.type_name);
        values[idx] = &field.value;
        set[idx] = true;
      }
    }
    for (size_t i = 0; i < b.columns.size(); ++i) {
      if (!set[i] && !b.columns[i]->property().type.nullable) {
        return Error("non-nullable property ", QuoteName(b.columns[i]->property().name), " of ",
                     b.type_name, " is missing");
      }
    }
    // A failing value leaves the builders of this type ragged; that is harmless because any
    // error discards the whole batch before anything is staged.
    for (size_t i = 0; i < b.columns.size(); ++i) {
      Status st = set[i] ? b.columns[i]->Append(*values[i], &canon[i]) : b.columns[i]->AppendMissing();
      if (!st.ok()) return Error(st.message());
    }
    for (int k : b.key_columns) {
      if (!set[k]) return Error("key property ", QuoteName((*b.props)[k].name), " of ", b.type_name, " is null");
      key_parts->push_back(canon[k]);
    }
    return Status::OK();
  }

  Status ParseNode(std::string_view type_name, const Value* data) {
    const lang::NodeType* node = catalog_.FindNode(type_name);
    if (!node) return Error("unknown node type ", QuoteName(type_name));
    auto it = nodes_.find(node->name);
    if (it == nodes_.end()) {
      OG_ASSIGN_OR_RAISE(TypeBuilder b, TypeBuilder::Make(node->name, false, node->properties,
                                                          node->ranges, node->checks, node->key));
      it = nodes_.emplace(node->name, std::move(b)).first;
    }
    TypeBuilder& b = it->second;
    std::string explicit_id;
    std::vector<std::string> key_parts;
    OG_RETURN_NOT_OK(FillColumns(b, data, &explicit_id, &key_parts));
    std::string id;
    if (!node->key.empty()) {
      id = KeyId(key_parts);
      if (!explicit_id.empty() && explicit_id != id) {
        return Error("data.id ", QuoteName(explicit_id), " does not match the @key id ", QuoteName(id), " of ",
                     node->name);
      }
    } else {
      id = explicit_id.empty() ? NewUlid() : explicit_id;
    }
    b.out.generated_id.push_back(node->key.empty() && explicit_id.empty());
    b.out.ids.push_back(std::move(id));
    b.out.lines.push_back(line_no_);
    return Status::OK();
  }

  Status ParseEdge(std::string_view edge_name, std::string_view from, std::string_view to,
                   const Value* data) {
    const lang::EdgeType* edge = catalog_.FindEdge(edge_name);
    if (!edge) return Error("unknown edge type ", QuoteName(edge_name));
    auto it = edges_.find(edge->name);
    if (it == edges_.end()) {
      static const std::vector<lang::RangeConstraint> kNoRanges;
      static const std::vector<lang::CheckConstraint> kNoChecks;
      OG_ASSIGN_OR_RAISE(TypeBuilder b, TypeBuilder::Make(edge->name, true, edge->properties,
                                                          kNoRanges, kNoChecks, {}));
      it = edges_.emplace(edge->name, std::move(b)).first;
    }
    TypeBuilder& b = it->second;
    std::string explicit_id;
    std::vector<std::string> unused;
    OG_RETURN_NOT_OK(FillColumns(b, data, &explicit_id, &unused));
    b.out.generated_id.push_back(explicit_id.empty());
    b.out.ids.push_back(explicit_id.empty() ? NewUlid() : explicit_id);
    b.out.src.emplace_back(from);
    b.out.dst.emplace_back(to);
    b.out.lines.push_back(line_no_);
    return Status::OK();
  }

  static Result<std::shared_ptr<arrow::Array>> StringArray(const std::vector<std::string>& v) {
    arrow::StringBuilder sb;
    OG_RETURN_NOT_OK(FromArrow(sb.AppendValues(v)));
    std::shared_ptr<arrow::Array> out;
    OG_RETURN_NOT_OK(FromArrow(sb.Finish(&out)));
    return out;
  }

  Result<std::shared_ptr<arrow::Table>> Assemble(TypeBuilder& b,
                                                 const std::shared_ptr<arrow::Schema>& schema) {
    arrow::ArrayVector arrays;
    OG_ASSIGN_OR_RAISE(auto ids, StringArray(b.out.ids));
    arrays.push_back(ids);
    if (b.is_edge) {
      OG_ASSIGN_OR_RAISE(auto src, StringArray(b.out.src));
      OG_ASSIGN_OR_RAISE(auto dst, StringArray(b.out.dst));
      arrays.push_back(src);
      arrays.push_back(dst);
    }
    for (auto& c : b.columns) {
      OG_ASSIGN_OR_RAISE(auto arr, c->Finish());
      arrays.push_back(arr);
    }
    return arrow::Table::Make(schema, arrays);
  }

  const lang::Catalog& catalog_;
  const std::string& source_;
  static constexpr size_t kPoolBytes = 64 * 1024;
  std::vector<char> pool_buffer_;
  rapidjson::MemoryPoolAllocator<> pool_;
  rapidjson::Document doc_;
  int64_t line_no_ = 0;
  std::map<std::string, TypeBuilder> nodes_;
  std::map<std::string, TypeBuilder> edges_;
};

}  // namespace

Result<GraphBatch> ParseGraphBatch(const lang::Catalog& catalog, std::string_view jsonl,
                                   const std::string& source_name,
                                   const std::function<void(size_t, size_t)>& progress) {
  BatchParser parser(catalog, source_name);
  size_t pos = 0;
  int64_t line_no = 0;
  size_t next_report = 0;
  while (pos < jsonl.size()) {
    size_t end = jsonl.find('\n', pos);
    if (end == std::string_view::npos) end = jsonl.size();
    std::string_view line = jsonl.substr(pos, end - pos);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") != std::string_view::npos) {
      OG_RETURN_NOT_OK(parser.ParseLine(line, line_no));
    }
    pos = end + 1;
    if (progress && pos >= next_report) {
      progress(std::min(pos, jsonl.size()), jsonl.size());
      next_report = pos + (1 << 20);
    }
  }
  if (progress) progress(jsonl.size(), jsonl.size());
  return parser.Finish();
}

}  // namespace og::exec
