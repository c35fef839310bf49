// Catalog lookups, scalar-type helpers and the catalog's JSON form (see catalog.h).
//
// The JSON form is structural (every field of every struct, positions included) so that
// FromJson(ToJson()) reproduces the catalog exactly without re-parsing the source.

#include "lang/catalog.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

namespace og::lang {

const char* ScalarTypeName(ScalarType t) {
  switch (t) {
#define OG_SCALAR_NAME(name) \
  case ScalarType::k##name:  \
    return #name;
    OG_SCALAR_TYPES(OG_SCALAR_NAME)
#undef OG_SCALAR_NAME
  }
  return "?";
}

std::optional<ScalarType> ScalarTypeFromName(std::string_view name) {
#define OG_SCALAR_FROM_NAME(n) \
  if (name == #n) return ScalarType::k##n;
  OG_SCALAR_TYPES(OG_SCALAR_FROM_NAME)
#undef OG_SCALAR_FROM_NAME
  return std::nullopt;
}

bool IsInteger(ScalarType t) {
  return t == ScalarType::kI32 || t == ScalarType::kI64 || t == ScalarType::kU32 ||
         t == ScalarType::kU64;
}

bool IsFloat(ScalarType t) { return t == ScalarType::kF32 || t == ScalarType::kF64; }

bool IsNumeric(ScalarType t) { return IsInteger(t) || IsFloat(t); }

bool IsReservedPropertyName(std::string_view name) {
  static constexpr std::array<std::string_view, 9> kReserved = {"id",
                                                                "src",
                                                                "dst",
                                                                "_tombstone",
                                                                "_rowid",
                                                                "_rowaddr",
                                                                "_rowoffset",
                                                                "_row_created_at_version",
                                                                "_row_last_updated_at_version"};
  return std::find(kReserved.begin(), kReserved.end(), name) != kReserved.end();
}

std::string PropType::ToString() const {
  std::string out;
  switch (kind) {
    case Kind::kScalar:
      out = ScalarTypeName(scalar);
      break;
    case Kind::kList:
      out = std::string("[") + ScalarTypeName(scalar) + "]";
      break;
    case Kind::kEnum:
      out = "enum(";
      for (size_t i = 0; i < enum_values.size(); ++i) {
        if (i > 0) out += ", ";
        out += enum_values[i];
      }
      out += ")";
      break;
    case Kind::kVector:
      out = "Vector(" + std::to_string(vector_dim) + ")";
      break;
  }
  if (nullable) out += "?";
  return out;
}

namespace {

int FindPropertyIndex(const std::vector<Property>& props, std::string_view name) {
  for (size_t i = 0; i < props.size(); ++i) {
    if (props[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) {
      return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

int NodeType::PropertyIndex(std::string_view prop) const {
  return FindPropertyIndex(properties, prop);
}

const Property* NodeType::FindProperty(std::string_view prop) const {
  int i = PropertyIndex(prop);
  return i < 0 ? nullptr : &properties[i];
}

int EdgeType::PropertyIndex(std::string_view prop) const {
  return FindPropertyIndex(properties, prop);
}

const Property* EdgeType::FindProperty(std::string_view prop) const {
  int i = PropertyIndex(prop);
  return i < 0 ? nullptr : &properties[i];
}

const NodeType* Catalog::FindNode(std::string_view name) const {
  for (const NodeType& n : nodes) {
    if (n.name == name) return &n;
  }
  return nullptr;
}

const EdgeType* Catalog::FindEdge(std::string_view name) const {
  for (const EdgeType& e : edges) {
    if (EqualsIgnoreAsciiCase(e.name, name)) return &e;
  }
  return nullptr;
}

const Interface* Catalog::FindInterface(std::string_view name) const {
  for (const Interface& i : interfaces) {
    if (i.name == name) return &i;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// JSON form

namespace {

using nlohmann::json;

// Bump when the document shape changes incompatibly; FromJson rejects other versions.
constexpr int kCatalogFormatVersion = 1;

constexpr std::array<std::pair<PropType::Kind, const char*>, 4> kPropKindNames = {{
    {PropType::Kind::kScalar, "scalar"},
    {PropType::Kind::kList, "list"},
    {PropType::Kind::kEnum, "enum"},
    {PropType::Kind::kVector, "vector"},
}};

constexpr std::array<std::pair<AnnotationArg::Kind, const char*>, 5> kArgKindNames = {{
    {AnnotationArg::Kind::kString, "string"},
    {AnnotationArg::Kind::kInteger, "integer"},
    {AnnotationArg::Kind::kFloat, "float"},
    {AnnotationArg::Kind::kBool, "bool"},
    {AnnotationArg::Kind::kIdent, "ident"},
}};

template <typename Kind, size_t N>
const char* KindToName(const std::array<std::pair<Kind, const char*>, N>& names, Kind k) {
  for (const auto& [kind, name] : names) {
    if (kind == k) return name;
  }
  return "?";
}

template <typename Kind, size_t N>
Result<Kind> KindFromName(const std::array<std::pair<Kind, const char*>, N>& names,
                          const std::string& s, const char* what) {
  for (const auto& [kind, name] : names) {
    if (s == name) return kind;
  }
  return Status::Corruption("catalog json: unknown ", what, " '", s, "'");
}

json OptionalToJson(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json ArgToJson(const AnnotationArg& a) {
  return {{"kind", KindToName(kArgKindNames, a.kind)}, {"text", a.text}};
}

json AnnotationToJson(const Annotation& a) {
  json args = json::array();
  for (const AnnotationArg& arg : a.args) args.push_back(ArgToJson(arg));
  json kwargs = json::array();
  for (const auto& [key, arg] : a.kwargs)
    kwargs.push_back({{"key", key}, {"value", ArgToJson(arg)}});
  return {
      {"name", a.name}, {"args", args}, {"kwargs", kwargs}, {"line", a.line}, {"column", a.column}};
}

json AnnotationsToJson(const std::vector<Annotation>& annotations) {
  json out = json::array();
  for (const Annotation& a : annotations) out.push_back(AnnotationToJson(a));
  return out;
}

json PropTypeToJson(const PropType& t) {
  return {{"kind", KindToName(kPropKindNames, t.kind)},
          {"scalar", ScalarTypeName(t.scalar)},
          {"enum_values", t.enum_values},
          {"vector_dim", t.vector_dim},
          {"nullable", t.nullable}};
}

json PropertyToJson(const Property& p) {
  json embed = nullptr;
  if (p.embed) embed = {{"source_property", p.embed->source_property}, {"model", p.embed->model}};
  return {{"name", p.name},
          {"type", PropTypeToJson(p.type)},
          {"annotations", AnnotationsToJson(p.annotations)},
          {"embed", embed},
          {"rename_from", p.rename_from},
          {"line", p.line},
          {"column", p.column}};
}

json PropertiesToJson(const std::vector<Property>& props) {
  json out = json::array();
  for (const Property& p : props) out.push_back(PropertyToJson(p));
  return out;
}

json NodeToJson(const NodeType& n) {
  json ranges = json::array();
  for (const RangeConstraint& r : n.ranges) {
    ranges.push_back(
        {{"property", r.property}, {"min", OptionalToJson(r.min)}, {"max", OptionalToJson(r.max)}});
  }
  json checks = json::array();
  for (const CheckConstraint& c : n.checks) {
    checks.push_back({{"property", c.property}, {"pattern", c.pattern}});
  }
  return {{"name", n.name},
          {"properties", PropertiesToJson(n.properties)},
          {"key", n.key},
          {"uniques", n.uniques},
          {"indexes", n.indexes},
          {"ranges", ranges},
          {"checks", checks},
          {"implements", n.implements},
          {"annotations", AnnotationsToJson(n.annotations)},
          {"description", n.description},
          {"instruction", n.instruction},
          {"rename_from", n.rename_from},
          {"line", n.line},
          {"column", n.column}};
}

json EdgeToJson(const EdgeType& e) {
  json card = {{"min", e.card.min}, {"max", e.card.max ? json(*e.card.max) : json(nullptr)}};
  return {{"name", e.name},
          {"from", e.from},
          {"to", e.to},
          {"card", card},
          {"properties", PropertiesToJson(e.properties)},
          {"uniques", e.uniques},
          {"indexes", e.indexes},
          {"annotations", AnnotationsToJson(e.annotations)},
          {"description", e.description},
          {"instruction", e.instruction},
          {"rename_from", e.rename_from},
          {"line", e.line},
          {"column", e.column}};
}

// Decoders. nlohmann's at()/get() throw on a missing or mistyped field; Catalog::FromJson is the
// seam that turns those into a Status. Unknown kind names are reported as Status directly.

// The array under `key`; throws (like at()) when it is missing or not an array.
const json::array_t& Arr(const json& obj, const char* key) {
  return obj.at(key).get_ref<const json::array_t&>();
}

std::optional<double> OptionalDoubleFromJson(const json& j) {
  if (j.is_null()) return std::nullopt;
  return j.get<double>();
}

Result<AnnotationArg> ArgFromJson(const json& j) {
  AnnotationArg a;
  OG_ASSIGN_OR_RAISE(a.kind, KindFromName(kArgKindNames, j.at("kind").get<std::string>(),
                                          "annotation argument kind"));
  a.text = j.at("text").get<std::string>();
  return a;
}

Result<std::vector<Annotation>> AnnotationsFromJson(const json& j) {
  std::vector<Annotation> out;
  for (const json& ja : j.get_ref<const json::array_t&>()) {
    Annotation a;
    a.name = ja.at("name").get<std::string>();
    for (const json& arg : Arr(ja, "args")) {
      OG_ASSIGN_OR_RAISE(AnnotationArg parsed, ArgFromJson(arg));
      a.args.push_back(std::move(parsed));
    }
    for (const json& kw : Arr(ja, "kwargs")) {
      OG_ASSIGN_OR_RAISE(AnnotationArg value, ArgFromJson(kw.at("value")));
      a.kwargs.emplace_back(kw.at("key").get<std::string>(), std::move(value));
    }
    a.line = ja.at("line").get<int>();
    a.column = ja.at("column").get<int>();
    out.push_back(std::move(a));
  }
  return out;
}

Result<PropType> PropTypeFromJson(const json& j) {
  PropType t;
  OG_ASSIGN_OR_RAISE(
      t.kind, KindFromName(kPropKindNames, j.at("kind").get<std::string>(), "property type kind"));
  std::string scalar = j.at("scalar").get<std::string>();
  std::optional<ScalarType> st = ScalarTypeFromName(scalar);
  if (!st) return Status::Corruption("catalog json: unknown scalar type '", scalar, "'");
  t.scalar = *st;
  t.enum_values = j.at("enum_values").get<std::vector<std::string>>();
  t.vector_dim = j.at("vector_dim").get<int32_t>();
  t.nullable = j.at("nullable").get<bool>();
  return t;
}

Result<std::vector<Property>> PropertiesFromJson(const json& j) {
  std::vector<Property> out;
  for (const json& jp : j.get_ref<const json::array_t&>()) {
    Property p;
    p.name = jp.at("name").get<std::string>();
    OG_ASSIGN_OR_RAISE(p.type, PropTypeFromJson(jp.at("type")));
    OG_ASSIGN_OR_RAISE(p.annotations, AnnotationsFromJson(jp.at("annotations")));
    const json& embed = jp.at("embed");
    if (!embed.is_null()) {
      p.embed = EmbedSpec{embed.at("source_property").get<std::string>(),
                          embed.at("model").get<std::string>()};
    }
    p.rename_from = jp.at("rename_from").get<std::string>();
    p.line = jp.at("line").get<int>();
    p.column = jp.at("column").get<int>();
    out.push_back(std::move(p));
  }
  return out;
}

using Groups = std::vector<std::vector<std::string>>;

Result<NodeType> NodeFromJson(const json& j) {
  NodeType n;
  n.name = j.at("name").get<std::string>();
  OG_ASSIGN_OR_RAISE(n.properties, PropertiesFromJson(j.at("properties")));
  n.key = j.at("key").get<std::vector<std::string>>();
  n.uniques = j.at("uniques").get<Groups>();
  n.indexes = j.at("indexes").get<Groups>();
  for (const json& r : Arr(j, "ranges")) {
    n.ranges.push_back(RangeConstraint{r.at("property").get<std::string>(),
                                       OptionalDoubleFromJson(r.at("min")),
                                       OptionalDoubleFromJson(r.at("max"))});
  }
  for (const json& c : Arr(j, "checks")) {
    n.checks.push_back(
        CheckConstraint{c.at("property").get<std::string>(), c.at("pattern").get<std::string>()});
  }
  n.implements = j.at("implements").get<std::vector<std::string>>();
  OG_ASSIGN_OR_RAISE(n.annotations, AnnotationsFromJson(j.at("annotations")));
  n.description = j.at("description").get<std::string>();
  n.instruction = j.at("instruction").get<std::string>();
  n.rename_from = j.at("rename_from").get<std::string>();
  n.line = j.at("line").get<int>();
  n.column = j.at("column").get<int>();
  return n;
}

Result<EdgeType> EdgeFromJson(const json& j) {
  EdgeType e;
  e.name = j.at("name").get<std::string>();
  e.from = j.at("from").get<std::string>();
  e.to = j.at("to").get<std::string>();
  const json& card = j.at("card");
  e.card.min = card.at("min").get<int64_t>();
  if (!card.at("max").is_null()) e.card.max = card.at("max").get<int64_t>();
  OG_ASSIGN_OR_RAISE(e.properties, PropertiesFromJson(j.at("properties")));
  e.uniques = j.at("uniques").get<Groups>();
  e.indexes = j.at("indexes").get<Groups>();
  OG_ASSIGN_OR_RAISE(e.annotations, AnnotationsFromJson(j.at("annotations")));
  e.description = j.at("description").get<std::string>();
  e.instruction = j.at("instruction").get<std::string>();
  e.rename_from = j.at("rename_from").get<std::string>();
  e.line = j.at("line").get<int>();
  e.column = j.at("column").get<int>();
  return e;
}

Result<Catalog> CatalogFromJson(const json& j) {
  int version = j.at("format_version").get<int>();
  if (version != kCatalogFormatVersion) {
    return Status::Corruption("catalog json: unsupported format_version ", version, " (expected ",
                              kCatalogFormatVersion, ")");
  }
  Catalog c;
  c.source = j.at("source").get<std::string>();
  for (const json& ji : Arr(j, "interfaces")) {
    Interface i;
    i.name = ji.at("name").get<std::string>();
    OG_ASSIGN_OR_RAISE(i.properties, PropertiesFromJson(ji.at("properties")));
    i.line = ji.at("line").get<int>();
    i.column = ji.at("column").get<int>();
    c.interfaces.push_back(std::move(i));
  }
  for (const json& jn : Arr(j, "nodes")) {
    OG_ASSIGN_OR_RAISE(NodeType n, NodeFromJson(jn));
    c.nodes.push_back(std::move(n));
  }
  for (const json& je : Arr(j, "edges")) {
    OG_ASSIGN_OR_RAISE(EdgeType e, EdgeFromJson(je));
    c.edges.push_back(std::move(e));
  }
  return c;
}

}  // namespace

json Catalog::ToJson() const {
  json ifaces = json::array();
  for (const Interface& i : interfaces) {
    ifaces.push_back({{"name", i.name},
                      {"properties", PropertiesToJson(i.properties)},
                      {"line", i.line},
                      {"column", i.column}});
  }
  json jnodes = json::array();
  for (const NodeType& n : nodes) jnodes.push_back(NodeToJson(n));
  json jedges = json::array();
  for (const EdgeType& e : edges) jedges.push_back(EdgeToJson(e));
  return {{"format_version", kCatalogFormatVersion},
          {"source", source},
          {"interfaces", ifaces},
          {"nodes", jnodes},
          {"edges", jedges}};
}

Result<Catalog> Catalog::FromJson(const json& j) {
  try {
    return CatalogFromJson(j);
  } catch (const json::exception& e) {
    return Status::Corruption("catalog json: ", e.what());
  }
}

}  // namespace og::lang
