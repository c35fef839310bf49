// The catalog: the compiled, validated form of a .pg schema (languages.md §1).
//
// A Catalog is built once by ParseSchema() and is immutable afterwards; share it as
// std::shared_ptr<const Catalog>. It knows nothing of storage: table/ and exec/ map it to Arrow
// schemas. Node type names are case-sensitive; edge type names are looked up case-insensitively
// (`knows`, `Knows` and `KNOWS` all find `Knows`).
//
// Every node table has the system column `id` (String, non-null) before its properties; every edge
// table has `id`, `src`, `dst`. These are not listed in `properties`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.h"

namespace og::lang {

#define OG_SCALAR_TYPES(X) \
  X(String) X(Blob) X(Bool) X(I32) X(I64) X(U32) X(U64) X(F32) X(F64) X(Date) X(DateTime)

enum class ScalarType {
#define OG_SCALAR_ENUM(name) k##name,
  OG_SCALAR_TYPES(OG_SCALAR_ENUM)
#undef OG_SCALAR_ENUM
};

/// The .pg spelling ("String", "I32", "DateTime", ...).
const char* ScalarTypeName(ScalarType t);
/// Parse a .pg base type spelling; nullopt if it is not one.
std::optional<ScalarType> ScalarTypeFromName(std::string_view name);
bool IsNumeric(ScalarType t);   // I32 I64 U32 U64 F32 F64
bool IsInteger(ScalarType t);   // I32 I64 U32 U64
bool IsFloat(ScalarType t);     // F32 F64

/// True for names no .pg property may take: the system columns `id`, `src`, `dst`, the loader's
/// `_tombstone`, and the reference engine's storage columns (`_rowid`, `_rowaddr`, ...).
bool IsReservedPropertyName(std::string_view name);

/// A property's declared type.
struct PropType {
  enum class Kind { kScalar, kList, kEnum, kVector };
  Kind kind = Kind::kScalar;
  // kScalar: the type. kList: the element type. kEnum: kString. kVector: kF32.
  ScalarType scalar = ScalarType::kString;
  std::vector<std::string> enum_values;  // kEnum only: sorted, deduplicated
  int32_t vector_dim = 0;                // kVector only
  bool nullable = false;

  bool is_list() const { return kind == Kind::kList; }
  bool is_vector() const { return kind == Kind::kVector; }
  bool is_enum() const { return kind == Kind::kEnum; }
  bool is_scalar() const { return kind == Kind::kScalar || kind == Kind::kEnum; }
  /// .pg spelling: "String", "[I32]?", "enum(a, b)", "Vector(4)".
  std::string ToString() const;
  bool operator==(const PropType& o) const = default;
};

/// A literal argument of an annotation or constraint.
struct AnnotationArg {
  enum class Kind { kString, kInteger, kFloat, kBool, kIdent };
  Kind kind = Kind::kString;
  std::string text;  // decoded string value, or the spelling of the number/bool/ident
  bool operator==(const AnnotationArg& o) const = default;
};

/// `@name`, `@name(arg, ...)` or `@name(arg, key="v")`. Unknown annotations are kept here.
struct Annotation {
  std::string name;
  std::vector<AnnotationArg> args;
  std::vector<std::pair<std::string, AnnotationArg>> kwargs;
  int line = 0;
  int column = 0;
  bool operator==(const Annotation& o) const = default;
};

/// `@embed("src")` / `@embed("src", model="m")` on a Vector property.
struct EmbedSpec {
  std::string source_property;
  std::string model;  // empty when not given
  bool operator==(const EmbedSpec& o) const = default;
};

struct Property {
  std::string name;
  PropType type;
  std::vector<Annotation> annotations;  // as written (including @key/@unique/@index sugar)
  std::optional<EmbedSpec> embed;
  std::string rename_from;               // @rename_from("Old"), empty if absent
  int line = 0;
  int column = 0;
  bool operator==(const Property& o) const = default;
};

/// `@range(p, min..max)`: inclusive bounds; either may be open.
struct RangeConstraint {
  std::string property;
  std::optional<double> min;
  std::optional<double> max;
  bool operator==(const RangeConstraint& o) const = default;
};

/// `@check(p, "regex")`: every non-null value must contain a match (unanchored).
struct CheckConstraint {
  std::string property;
  std::string pattern;
  bool operator==(const CheckConstraint& o) const = default;
};

/// `@card(min..max)` on an edge: out-degree bound per source node. Default 0.. (unbounded).
struct Cardinality {
  int64_t min = 0;
  std::optional<int64_t> max;
  bool is_default() const { return min == 0 && !max; }
  bool operator==(const Cardinality& o) const = default;
};

struct NodeType {
  std::string name;
  std::vector<Property> properties;  // declared order, then interface-injected properties
  // @key columns in property declaration order, which is the id tuple order (languages.md §1.6).
  // Empty: keyless type, ids explicit or generated.
  std::vector<std::string> key;
  std::vector<std::vector<std::string>> uniques;
  // One group per @key column first, then the declared @index groups; no group twice.
  std::vector<std::vector<std::string>> indexes;
  std::vector<RangeConstraint> ranges;
  std::vector<CheckConstraint> checks;
  std::vector<std::string> implements;
  std::vector<Annotation> annotations;  // type-level annotations as written
  std::string description;              // @description, empty if absent
  std::string instruction;              // @instruction, empty if absent
  std::string rename_from;
  int line = 0;  // position of the type name in the source
  int column = 0;

  const Property* FindProperty(std::string_view name) const;
  /// Index into `properties`, or -1.
  int PropertyIndex(std::string_view name) const;
  bool operator==(const NodeType& o) const = default;
};

struct EdgeType {
  std::string name;
  std::string from;  // node type name
  std::string to;    // node type name
  Cardinality card;
  std::vector<Property> properties;
  std::vector<std::vector<std::string>> uniques;  // may name src/dst
  std::vector<std::vector<std::string>> indexes;  // may name src/dst
  std::vector<Annotation> annotations;
  std::string description;
  std::string instruction;
  std::string rename_from;
  int line = 0;  // position of the type name in the source
  int column = 0;

  const Property* FindProperty(std::string_view name) const;
  int PropertyIndex(std::string_view name) const;
  bool operator==(const EdgeType& o) const = default;
};

struct Interface {
  std::string name;
  std::vector<Property> properties;
  int line = 0;  // position of the interface name in the source
  int column = 0;
  bool operator==(const Interface& o) const = default;
};

class Catalog {
 public:
  std::vector<Interface> interfaces;
  std::vector<NodeType> nodes;  // declaration order
  std::vector<EdgeType> edges;  // declaration order
  std::string source;           // the .pg text it was compiled from

  /// Exact, case-sensitive lookup. nullptr if absent.
  const NodeType* FindNode(std::string_view name) const;
  /// Case-insensitive lookup. nullptr if absent.
  const EdgeType* FindEdge(std::string_view name) const;
  const Interface* FindInterface(std::string_view name) const;

  /// Serialise to JSON (stored as schema/<hash>.json next to the source). Lossless:
  /// FromJson(ToJson()) == *this.
  nlohmann::json ToJson() const;
  /// Rebuild a catalog from ToJson() output. Returns Corruption if `j` is not such a document
  /// (missing or mistyped field, unknown kind, unsupported format_version). Does not re-validate
  /// the schema rules: the document is trusted to come from a compiled catalog.
  static Result<Catalog> FromJson(const nlohmann::json& j);

  bool operator==(const Catalog& o) const = default;
};

/// Parse and validate a .pg schema. `file` names the source in errors ("schema.pg:12:5: ...").
/// Returns BadRequest with file:line:col and what is wrong for any syntax or validation error
/// listed in languages.md §1. Cost: O(size of source).
///
/// Syntax errors read "parse error: expected <what> ..., found <token>"; rule violations read
/// "catalog error: ...". The location is the offending token and is also carried as a SourceDetail.
/// The first error found is returned. On success `source` holds `source` verbatim.
Result<Catalog> ParseSchema(std::string_view source, const std::string& file);

}  // namespace og::lang
