#include "table/table_manifest.h"

#include <arrow/api.h>

#include <set>

#include "common/arrow_util.h"
#include "store/layout.h"
#include "table/column_stats.h"

namespace og::table {
namespace {

using arrow::Type;
using nlohmann::json;

// ---- schema <-> JSON ---------------------------------------------------------------------------

const char* UnitName(arrow::TimeUnit::type unit) {
  switch (unit) {
    case arrow::TimeUnit::SECOND:
      return "s";
    case arrow::TimeUnit::MILLI:
      return "ms";
    case arrow::TimeUnit::MICRO:
      return "us";
    case arrow::TimeUnit::NANO:
      return "ns";
  }
  return "?";
}

Result<arrow::TimeUnit::type> ParseUnit(const json& j) {
  std::string s = j.is_string() ? j.get<std::string>() : "";
  if (s == "s") return arrow::TimeUnit::SECOND;
  if (s == "ms") return arrow::TimeUnit::MILLI;
  if (s == "us") return arrow::TimeUnit::MICRO;
  if (s == "ns") return arrow::TimeUnit::NANO;
  return Status::Corruption("unknown time unit ", j.dump());
}

// Parameterless types, spelled as a plain JSON string.
struct SimpleType {
  const char* name;
  const std::shared_ptr<arrow::DataType>& (*make)();
};
const SimpleType kSimpleTypes[] = {
    {"null", arrow::null},
    {"bool", arrow::boolean},
    {"int8", arrow::int8},
    {"int16", arrow::int16},
    {"int32", arrow::int32},
    {"int64", arrow::int64},
    {"uint8", arrow::uint8},
    {"uint16", arrow::uint16},
    {"uint32", arrow::uint32},
    {"uint64", arrow::uint64},
    {"float16", arrow::float16},
    {"float32", arrow::float32},
    {"float64", arrow::float64},
    {"utf8", arrow::utf8},
    {"large_utf8", arrow::large_utf8},
    {"binary", arrow::binary},
    {"large_binary", arrow::large_binary},
    {"date32", arrow::date32},
    {"date64", arrow::date64},
};

json MetadataToJson(const arrow::KeyValueMetadata& md) {
  json out = json::array();
  for (int64_t i = 0; i < md.size(); ++i) out.push_back(json::array({md.key(i), md.value(i)}));
  return out;
}

Result<std::shared_ptr<const arrow::KeyValueMetadata>> MetadataFromJson(const json& j) {
  if (!j.is_array()) return Status::Corruption("metadata is not an array of [key, value] pairs");
  std::vector<std::string> keys, values;
  for (const auto& kv : j) {
    if (!kv.is_array() || kv.size() != 2 || !kv[0].is_string() || !kv[1].is_string()) {
      return Status::Corruption("metadata entry ", kv.dump(), " is not a [key, value] pair");
    }
    keys.push_back(kv[0].get<std::string>());
    values.push_back(kv[1].get<std::string>());
  }
  return std::shared_ptr<const arrow::KeyValueMetadata>(
      arrow::key_value_metadata(std::move(keys), std::move(values)));
}

Result<json> FieldToJson(const arrow::Field& field);

Result<json> TypeToJson(const arrow::DataType& type) {
  for (const auto& simple : kSimpleTypes) {
    if (type.id() == simple.make()->id()) return json(simple.name);
  }
  switch (type.id()) {
    case Type::FIXED_SIZE_BINARY:
      return json{{"id", "fixed_size_binary"},
                  {"width", static_cast<const arrow::FixedSizeBinaryType&>(type).byte_width()}};
    case Type::TIME32:
      return json{{"id", "time32"},
                  {"unit", UnitName(static_cast<const arrow::Time32Type&>(type).unit())}};
    case Type::TIME64:
      return json{{"id", "time64"},
                  {"unit", UnitName(static_cast<const arrow::Time64Type&>(type).unit())}};
    case Type::DURATION:
      return json{{"id", "duration"},
                  {"unit", UnitName(static_cast<const arrow::DurationType&>(type).unit())}};
    case Type::TIMESTAMP: {
      const auto& t = static_cast<const arrow::TimestampType&>(type);
      json j{{"id", "timestamp"}, {"unit", UnitName(t.unit())}};
      if (!t.timezone().empty()) j["timezone"] = t.timezone();
      return j;
    }
    case Type::DECIMAL128:
    case Type::DECIMAL256: {
      const auto& t = static_cast<const arrow::DecimalType&>(type);
      return json{{"id", type.id() == Type::DECIMAL128 ? "decimal128" : "decimal256"},
                  {"precision", t.precision()},
                  {"scale", t.scale()}};
    }
    case Type::LIST:
    case Type::LARGE_LIST: {
      OG_ASSIGN_OR_RAISE(json item, FieldToJson(*type.field(0)));
      return json{{"id", type.id() == Type::LIST ? "list" : "large_list"}, {"item", item}};
    }
    case Type::FIXED_SIZE_LIST: {
      OG_ASSIGN_OR_RAISE(json item, FieldToJson(*type.field(0)));
      return json{{"id", "fixed_size_list"},
                  {"size", static_cast<const arrow::FixedSizeListType&>(type).list_size()},
                  {"item", item}};
    }
    case Type::STRUCT: {
      json fields = json::array();
      for (const auto& f : type.fields()) {
        OG_ASSIGN_OR_RAISE(json fj, FieldToJson(*f));
        fields.push_back(std::move(fj));
      }
      return json{{"id", "struct"}, {"fields", fields}};
    }
    case Type::MAP: {
      const auto& t = static_cast<const arrow::MapType&>(type);
      OG_ASSIGN_OR_RAISE(json key, FieldToJson(*t.key_field()));
      OG_ASSIGN_OR_RAISE(json item, FieldToJson(*t.item_field()));
      return json{{"id", "map"}, {"key", key}, {"item", item}, {"keys_sorted", t.keys_sorted()}};
    }
    default:
      return Status::BadRequest("column type ", type.ToString(), " cannot be stored in a table");
  }
}

Result<json> FieldToJson(const arrow::Field& field) {
  OG_ASSIGN_OR_RAISE(json type, TypeToJson(*field.type()));
  json j{{"name", field.name()}, {"type", std::move(type)}, {"nullable", field.nullable()}};
  if (field.metadata() && field.metadata()->size() > 0)
    j["metadata"] = MetadataToJson(*field.metadata());
  return j;
}

Result<std::shared_ptr<arrow::Field>> FieldFromJson(const json& j);

Result<std::shared_ptr<arrow::DataType>> TypeFromJson(const json& j) {
  if (j.is_string()) {
    std::string name = j.get<std::string>();
    for (const auto& simple : kSimpleTypes) {
      if (name == simple.name) return simple.make();
    }
    return Status::Corruption("unknown column type '", name, "'");
  }
  if (!j.is_object() || !j.contains("id") || !j["id"].is_string()) {
    return Status::Corruption("malformed column type ", j.dump());
  }
  std::string id = j["id"].get<std::string>();
  auto int_param = [&](const char* name) -> Result<int64_t> {
    if (!j.contains(name) || !j[name].is_number_integer()) {
      return Status::Corruption("column type ", id, " lacks integer '", name, "'");
    }
    return j[name].get<int64_t>();
  };
  auto field_param = [&](const char* name) -> Result<std::shared_ptr<arrow::Field>> {
    if (!j.contains(name)) return Status::Corruption("column type ", id, " lacks '", name, "'");
    return FieldFromJson(j[name]);
  };
  if (id == "fixed_size_binary") {
    OG_ASSIGN_OR_RAISE(int64_t w, int_param("width"));
    OG_ARROW_ASSIGN_OR_RAISE(auto t, arrow::FixedSizeBinaryType::Make(static_cast<int32_t>(w)));
    return t;
  }
  if (id == "time32" || id == "time64" || id == "duration" || id == "timestamp") {
    OG_ASSIGN_OR_RAISE(auto unit, ParseUnit(j.value("unit", json())));
    if (id == "time32") {
      if (unit != arrow::TimeUnit::SECOND && unit != arrow::TimeUnit::MILLI) {
        return Status::Corruption("time32 needs unit s or ms");
      }
      return arrow::time32(unit);
    }
    if (id == "time64") {
      if (unit != arrow::TimeUnit::MICRO && unit != arrow::TimeUnit::NANO) {
        return Status::Corruption("time64 needs unit us or ns");
      }
      return arrow::time64(unit);
    }
    if (id == "duration") return arrow::duration(unit);
    std::string tz;
    if (j.contains("timezone")) {
      if (!j["timezone"].is_string())
        return Status::Corruption("timestamp timezone is not a string");
      tz = j["timezone"].get<std::string>();
    }
    return arrow::timestamp(unit, tz);
  }
  if (id == "decimal128" || id == "decimal256") {
    OG_ASSIGN_OR_RAISE(int64_t p, int_param("precision"));
    OG_ASSIGN_OR_RAISE(int64_t s, int_param("scale"));
    if (id == "decimal128") {
      OG_ARROW_ASSIGN_OR_RAISE(
          auto t, arrow::Decimal128Type::Make(static_cast<int32_t>(p), static_cast<int32_t>(s)));
      return t;
    }
    OG_ARROW_ASSIGN_OR_RAISE(
        auto t, arrow::Decimal256Type::Make(static_cast<int32_t>(p), static_cast<int32_t>(s)));
    return t;
  }
  if (id == "list" || id == "large_list") {
    OG_ASSIGN_OR_RAISE(auto item, field_param("item"));
    if (id == "list") return arrow::list(item);
    return arrow::large_list(item);
  }
  if (id == "fixed_size_list") {
    OG_ASSIGN_OR_RAISE(auto item, field_param("item"));
    OG_ASSIGN_OR_RAISE(int64_t size, int_param("size"));
    if (size < 0 || size > INT32_MAX) return Status::Corruption("bad fixed_size_list size ", size);
    return arrow::fixed_size_list(item, static_cast<int32_t>(size));
  }
  if (id == "struct") {
    if (!j.contains("fields") || !j["fields"].is_array())
      return Status::Corruption("struct lacks fields");
    arrow::FieldVector fields;
    for (const auto& fj : j["fields"]) {
      OG_ASSIGN_OR_RAISE(auto f, FieldFromJson(fj));
      fields.push_back(std::move(f));
    }
    return arrow::struct_(fields);
  }
  if (id == "map") {
    OG_ASSIGN_OR_RAISE(auto key, field_param("key"));
    OG_ASSIGN_OR_RAISE(auto item, field_param("item"));
    OG_ARROW_ASSIGN_OR_RAISE(
        auto t, arrow::MapType::Make(arrow::field("entries", arrow::struct_({key, item}), false),
                                     j.value("keys_sorted", false)));
    return t;
  }
  return Status::Corruption("unknown column type '", id, "'");
}

Result<std::shared_ptr<arrow::Field>> FieldFromJson(const json& j) {
  if (!j.is_object() || !j.contains("name") || !j["name"].is_string() || !j.contains("type")) {
    return Status::Corruption("malformed field ", j.dump());
  }
  OG_ASSIGN_OR_RAISE(auto type, TypeFromJson(j["type"]));
  bool nullable = j.value("nullable", true);
  std::shared_ptr<const arrow::KeyValueMetadata> md;
  if (j.contains("metadata")) {
    OG_ASSIGN_OR_RAISE(md, MetadataFromJson(j["metadata"]));
  }
  return arrow::field(j["name"].get<std::string>(), std::move(type), nullable, std::move(md));
}

Result<json> SchemaToJsonValue(const arrow::Schema& schema) {
  json fields = json::array();
  for (const auto& f : schema.fields()) {
    OG_ASSIGN_OR_RAISE(json fj, FieldToJson(*f));
    fields.push_back(std::move(fj));
  }
  json j{{"fields", std::move(fields)}};
  if (schema.metadata() && schema.metadata()->size() > 0)
    j["metadata"] = MetadataToJson(*schema.metadata());
  return j;
}

Result<std::shared_ptr<arrow::Schema>> SchemaFromJsonValue(const json& j) {
  if (!j.is_object() || !j.contains("fields") || !j["fields"].is_array()) {
    return Status::Corruption("malformed schema");
  }
  arrow::FieldVector fields;
  std::set<std::string> names;
  for (const auto& fj : j["fields"]) {
    OG_ASSIGN_OR_RAISE(auto f, FieldFromJson(fj));
    if (!names.insert(f->name()).second)
      return Status::Corruption("duplicate column '", f->name(), "'");
    fields.push_back(std::move(f));
  }
  std::shared_ptr<const arrow::KeyValueMetadata> md;
  if (j.contains("metadata")) {
    OG_ASSIGN_OR_RAISE(md, MetadataFromJson(j["metadata"]));
  }
  return arrow::schema(std::move(fields), std::move(md));
}

// Dump JSON; nlohmann throws on invalid UTF-8, which is input we refuse.
Result<std::string> Dump(const json& j) {
  try {
    return j.dump();
  } catch (const json::exception& e) {
    return Status::BadRequest("cannot encode as JSON (is every name and string valid UTF-8?): ",
                              e.what());
  }
}

bool ScalarEq(const std::shared_ptr<arrow::Scalar>& a, const std::shared_ptr<arrow::Scalar>& b) {
  if (!a || !b) return !a && !b;
  return a->Equals(*b);
}

// ---- manifest parsing helpers -------------------------------------------------------------------

template <typename T>
Result<T> Get(const json& j, const char* name) {
  if (!j.contains(name)) return Status::Corruption("missing '", name, "'");
  const json& v = j[name];
  if constexpr (std::is_same_v<T, std::string>) {
    if (!v.is_string()) return Status::Corruption("'", name, "' is not a string");
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!v.is_boolean()) return Status::Corruption("'", name, "' is not a bool");
  } else if constexpr (std::is_unsigned_v<T>) {
    if (!v.is_number_unsigned() || v.get<uint64_t>() > std::numeric_limits<T>::max()) {
      return Status::Corruption("'", name, "' is not an unsigned integer in range");
    }
  } else {
    if (!v.is_number_integer()) return Status::Corruption("'", name, "' is not an integer");
  }
  return v.get<T>();
}

Result<TableManifest> ParseJson(const json& j) {
  if (!j.is_object()) return Status::Corruption("not a JSON object");
  OG_ASSIGN_OR_RAISE(std::string format, Get<std::string>(j, "format"));
  if (format != kManifestFormat)
    return Status::Corruption("format is '", format, "', not ", kManifestFormat);
  OG_ASSIGN_OR_RAISE(int64_t format_version, Get<int64_t>(j, "format_version"));
  if (format_version != kManifestFormatVersion) {
    return Status::Corruption("format_version ", format_version,
                              " is not supported (this build reads ", kManifestFormatVersion, ")");
  }
  TableManifest m;
  OG_ASSIGN_OR_RAISE(m.table_id, Get<std::string>(j, "table_id"));
  OG_ASSIGN_OR_RAISE(m.id, Get<std::string>(j, "id"));
  OG_ASSIGN_OR_RAISE(m.version, Get<uint64_t>(j, "version"));
  if (j.contains("parent") && !j["parent"].is_null()) {
    OG_ASSIGN_OR_RAISE(m.parent_key, Get<std::string>(j, "parent"));
  }
  OG_ASSIGN_OR_RAISE(m.created_at_us, Get<int64_t>(j, "created_at_us"));
  OG_ASSIGN_OR_RAISE(m.next_fragment_id, Get<uint32_t>(j, "next_fragment_id"));
  OG_ASSIGN_OR_RAISE(m.rows, Get<uint64_t>(j, "rows"));
  if (!j.contains("schema")) return Status::Corruption("missing 'schema'");
  OG_ASSIGN_OR_RAISE(m.schema, SchemaFromJsonValue(j["schema"]));
  if (!store::IsPathSafeId(m.table_id))
    return Status::Corruption("table_id '", m.table_id, "' is not path-safe");
  if (m.version == 0) return Status::Corruption("version 0");
  if (m.parent_key.empty() != (m.version == 1)) {
    return Status::Corruption("version ", m.version,
                              (m.parent_key.empty() ? " has no parent" : " 1 has a parent"));
  }

  if (!j.contains("fragments") || !j["fragments"].is_array())
    return Status::Corruption("missing 'fragments'");
  uint64_t live = 0;
  for (const json& fj : j["fragments"]) {
    FragmentMeta f;
    OG_ASSIGN_OR_RAISE(f.id, Get<uint32_t>(fj, "id"));
    OG_ASSIGN_OR_RAISE(f.data_key, Get<std::string>(fj, "data"));
    OG_ASSIGN_OR_RAISE(f.data_bytes, Get<uint64_t>(fj, "data_bytes"));
    OG_ASSIGN_OR_RAISE(f.physical_rows, Get<uint64_t>(fj, "physical_rows"));
    OG_ASSIGN_OR_RAISE(f.created_version, Get<uint64_t>(fj, "created_version"));
    if (fj.contains("deletion") && !fj["deletion"].is_null()) {
      OG_ASSIGN_OR_RAISE(f.deletion_key, Get<std::string>(fj, "deletion"));
    }
    OG_ASSIGN_OR_RAISE(f.deleted_rows, Get<uint64_t>(fj, "deleted_rows"));
    if (f.deleted_rows > f.physical_rows)
      return Status::Corruption("fragment ", f.id, " deletes more rows than it has");
    if ((f.deleted_rows > 0) != !f.deletion_key.empty()) {
      return Status::Corruption("fragment ", f.id, ": deleted_rows and deletion file disagree");
    }
    if (!m.fragments.empty() && f.id <= m.fragments.back().id) {
      return Status::Corruption("fragment ids are not ascending at ", f.id);
    }
    if (f.id >= m.next_fragment_id)
      return Status::Corruption("fragment id ", f.id, " >= next_fragment_id");
    if (fj.contains("stats")) {
      if (!fj["stats"].is_object())
        return Status::Corruption("fragment ", f.id, ": stats is not an object");
      for (const auto& [column, sj] : fj["stats"].items()) {
        auto field = m.schema->GetFieldByName(column);
        if (!field || !HasScalarStats(*field->type())) {
          return Status::Corruption("fragment ", f.id, ": stats for unknown or non-scalar column '",
                                    column, "'");
        }
        ColumnStats cs;
        OG_ASSIGN_OR_RAISE(cs.null_count, Get<uint64_t>(sj, "null_count"));
        auto min = StatValueFromJson(sj.value("min", json()), field->type());
        auto max = StatValueFromJson(sj.value("max", json()), field->type());
        if (!min.ok()) return min.status().Prepend("fragment ", f.id, " column ", column, ": ");
        if (!max.ok()) return max.status().Prepend("fragment ", f.id, " column ", column, ": ");
        cs.min = *min;
        cs.max = *max;
        f.stats.emplace(column, std::move(cs));
      }
    }
    live += f.live_rows();
    m.fragments.push_back(std::move(f));
  }
  if (live != m.rows)
    return Status::Corruption("rows is ", m.rows, " but fragments hold ", live, " live rows");

  if (j.contains("indexes")) {
    if (!j["indexes"].is_array()) return Status::Corruption("'indexes' is not an array");
    for (const json& ij : j["indexes"]) {
      IndexMeta idx;
      OG_ASSIGN_OR_RAISE(idx.id, Get<std::string>(ij, "id"));
      OG_ASSIGN_OR_RAISE(idx.kind, Get<std::string>(ij, "kind"));
      if (!ij.contains("columns") || !ij["columns"].is_array() || !ij.contains("fragments") ||
          !ij["fragments"].is_array()) {
        return Status::Corruption("index ", idx.id, " lacks columns or fragments");
      }
      for (const json& c : ij["columns"]) {
        if (!c.is_string()) return Status::Corruption("index ", idx.id, ": column is not a string");
        idx.columns.push_back(c.get<std::string>());
      }
      for (const json& fid : ij["fragments"]) {
        if (!fid.is_number_unsigned() || fid.get<uint64_t>() > UINT32_MAX) {
          return Status::Corruption("index ", idx.id, ": bad fragment id");
        }
        idx.fragment_ids.push_back(fid.get<uint32_t>());
      }
      idx.params_json = ij.contains("params") ? ij["params"].dump() : "{}";
      m.indexes.push_back(std::move(idx));
    }
  }
  return m;
}

}  // namespace

bool ColumnStats::Equals(const ColumnStats& o) const {
  return null_count == o.null_count && ScalarEq(min, o.min) && ScalarEq(max, o.max);
}

bool FragmentMeta::Equals(const FragmentMeta& o) const {
  if (id != o.id || data_key != o.data_key || data_bytes != o.data_bytes ||
      physical_rows != o.physical_rows || created_version != o.created_version ||
      deletion_key != o.deletion_key || deleted_rows != o.deleted_rows ||
      stats.size() != o.stats.size()) {
    return false;
  }
  for (const auto& [name, s] : stats) {
    auto it = o.stats.find(name);
    if (it == o.stats.end() || !s.Equals(it->second)) return false;
  }
  return true;
}

std::string TableManifest::key() const { return store::TableManifestKey(table_id, id); }

const FragmentMeta* TableManifest::FindFragment(uint32_t fragment_id) const {
  auto it = std::lower_bound(fragments.begin(), fragments.end(), fragment_id,
                             [](const FragmentMeta& f, uint32_t v) { return f.id < v; });
  if (it == fragments.end() || it->id != fragment_id) return nullptr;
  return &*it;
}

bool TableManifest::Equals(const TableManifest& o) const {
  if (table_id != o.table_id || id != o.id || version != o.version || parent_key != o.parent_key ||
      next_fragment_id != o.next_fragment_id || rows != o.rows ||
      created_at_us != o.created_at_us || indexes != o.indexes ||
      fragments.size() != o.fragments.size()) {
    return false;
  }
  if (!schema || !o.schema) {
    if (schema || o.schema) return false;
  } else if (!schema->Equals(*o.schema, /*check_metadata=*/true)) {
    return false;
  }
  for (size_t i = 0; i < fragments.size(); ++i) {
    if (!fragments[i].Equals(o.fragments[i])) return false;
  }
  return true;
}

Result<std::string> TableManifest::Serialize() const {
  if (!schema) return Status::BadRequest("manifest of table '", table_id, "' has no schema");
  json j;
  j["format"] = kManifestFormat;
  j["format_version"] = kManifestFormatVersion;
  j["table_id"] = table_id;
  j["id"] = id;
  j["version"] = version;
  j["parent"] = parent_key.empty() ? json(nullptr) : json(parent_key);
  j["created_at_us"] = created_at_us;
  OG_ASSIGN_OR_RAISE(j["schema"], SchemaToJsonValue(*schema));
  json frags = json::array();
  for (const FragmentMeta& f : fragments) {
    json fj{{"id", f.id},
            {"data", f.data_key},
            {"data_bytes", f.data_bytes},
            {"physical_rows", f.physical_rows},
            {"created_version", f.created_version},
            {"deletion", f.deletion_key.empty() ? json(nullptr) : json(f.deletion_key)},
            {"deleted_rows", f.deleted_rows}};
    json stats = json::object();
    for (const auto& [column, cs] : f.stats) {
      OG_ASSIGN_OR_RAISE(json min, StatValueToJson(cs.min));
      OG_ASSIGN_OR_RAISE(json max, StatValueToJson(cs.max));
      stats[column] = json{{"min", min}, {"max", max}, {"null_count", cs.null_count}};
    }
    fj["stats"] = std::move(stats);
    frags.push_back(std::move(fj));
  }
  j["fragments"] = std::move(frags);
  json idxs = json::array();
  for (const IndexMeta& idx : indexes) {
    json params = json::parse(idx.params_json.empty() ? "{}" : idx.params_json, nullptr, false);
    if (params.is_discarded())
      return Status::BadRequest("index ", idx.id, ": params are not valid JSON");
    idxs.push_back(json{{"id", idx.id},
                        {"kind", idx.kind},
                        {"columns", idx.columns},
                        {"fragments", idx.fragment_ids},
                        {"params", params}});
  }
  j["indexes"] = std::move(idxs);
  j["next_fragment_id"] = next_fragment_id;
  j["rows"] = rows;
  return Dump(j);
}

Result<TableManifest> TableManifest::Parse(const std::string& bytes, const std::string& key) {
  json j = json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  std::string where = key.empty() ? "table manifest" : "table manifest " + key;
  if (j.is_discarded()) return Status::Corruption(where, " is not valid JSON");
  Result<TableManifest> m = [&]() -> Result<TableManifest> {
    try {
      return ParseJson(j);
    } catch (const json::exception& e) {
      return Status::Corruption(e.what());
    }
  }();
  if (!m.ok()) return m.status().Prepend(where, ": ");
  if (!key.empty() && m->key() != key) {
    return Status::Corruption(where, " names itself ", m->key());
  }
  return m;
}

Result<std::shared_ptr<const TableManifest>> ReadManifest(store::ObjectStore& store,
                                                          const std::string& key) {
  OG_ASSIGN_OR_RAISE(std::string bytes, store.Get(key));
  OG_ASSIGN_OR_RAISE(TableManifest m, TableManifest::Parse(bytes, key));
  return std::make_shared<const TableManifest>(std::move(m));
}

Status WriteManifest(store::ObjectStore& store, const TableManifest& manifest) {
  if (!store::IsPathSafeId(manifest.table_id) || !store::IsPathSafeId(manifest.id)) {
    return Status::BadRequest("manifest ids must be path-safe: table '", manifest.table_id,
                              "', id '", manifest.id, "'");
  }
  OG_ASSIGN_OR_RAISE(std::string bytes, manifest.Serialize());
  return store.Put(manifest.key(), bytes);
}

Result<std::string> SchemaToJson(const arrow::Schema& schema) {
  OG_ASSIGN_OR_RAISE(json j, SchemaToJsonValue(schema));
  return Dump(j);
}

Result<std::shared_ptr<arrow::Schema>> SchemaFromJson(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return Status::Corruption("schema is not valid JSON");
  try {
    return SchemaFromJsonValue(j);
  } catch (const json::exception& e) {
    return Status::Corruption("schema: ", e.what());
  }
}

}  // namespace og::table
