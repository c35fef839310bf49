// The .gq typechecker (languages.md §2.3–2.6, §3.2, §4, §7.1): resolves every variable to a node or
// edge type, orients every traversal by its endpoint types, types every expression, and rejects
// ill-typed queries with the T-codes of §7.1 ("type error: T7: ...", located at file:line:col in
// the query). The result is what the planner lowers; it refers into the QueryDecl it was built
// from, which must outlive it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "lang/catalog.h"
#include "lang/gq_ast.h"

namespace og::lang {

/// A variable of the match block. Every `$_` is its own anonymous variable.
struct CheckedVar {
  std::string name;  // without '$'; "_1", "_2", ... for anonymous ones
  bool is_edge = false;
  std::string type;  // node or edge type name (declared spelling)
  bool anonymous = false;
};

/// A traversal with its endpoints resolved. `forward` is true when the stored edge direction goes
/// from `src` to `dst` as written, false when it goes from `dst` to `src`.
struct CheckedTraversal {
  int src = -1;
  int dst = -1;
  int edge_var = -1;
  std::string edge_type;
  bool forward = true;
  bool undirected = false;
  int min_hops = 1;
  int max_hops = 1;
};

/// The static type of an expression.
struct ExprType {
  enum class Kind { kScalar, kList, kVector, kNode, kEdge, kNull };
  Kind kind = Kind::kScalar;
  ScalarType scalar = ScalarType::kString;
  bool is_enum = false;
  std::vector<std::string> enum_values;
  int32_t vector_dim = 0;
  bool nullable = true;
  std::string ToString() const;
};

struct CheckedColumn {
  std::string name;  // alias, "var.prop", "var", parameter name, "literal", or function name
  ExprType type;
};

struct CheckedQuery {
  const QueryDecl* decl = nullptr;
  bool is_mutation = false;
  std::vector<CheckedVar> vars;
  // Resolution of AST nodes, keyed by address: variables named in expressions, and traversals.
  std::map<const Expr*, int> expr_vars;          // kVariable/kProperty expressions on variables
  std::map<const Traversal*, CheckedTraversal> traversals;
  std::map<const Binding*, int> bindings;        // binding → its variable
  std::vector<CheckedColumn> columns;            // return columns (reads)
  bool has_aggregate = false;
  bool uses_search = false;                      // nearest/search/fuzzy/match_text/bm25/rrf
};

/// Typecheck `query` against `catalog`. BadRequest "type error: Tnn: ..." with the query name and
/// location on the first error. Cost: O(size of the query).
Result<CheckedQuery> Typecheck(const QueryDecl& query, const Catalog& catalog);

/// A parameter value converted to its declared type: null; bool; integers as int64 (uint64 above
/// INT64_MAX); floats as double; String as string; Date as int epoch days; DateTime as int epoch
/// ms; lists and vectors as arrays of converted elements.
using BoundParams = std::map<std::string, nlohmann::json>;

/// Convert the JSON `params` object (keys without '$') to the query's declared parameter types.
/// BadRequest naming the parameter for a missing non-nullable parameter ("parameter 'x' not
/// provided"), null for a non-nullable one, or a value of the wrong type or out of range. Omitted
/// nullable parameters become null; keys the query does not declare are ignored.
Result<BoundParams> BindParams(const QueryDecl& query, const nlohmann::json& params);

/// Lint every query of a .gq source against a catalog (languages.md §7.2): the JSON report
/// {status, schema_source, query_path, queries_processed, errors, warnings, infos, results,
/// findings}. Never fails: parse and type errors become findings.
nlohmann::json LintQueries(const Catalog& catalog, std::string_view query_source,
                           const std::string& query_path, const std::string& schema_path);

/// Human-readable lint report: one line per finding, then a summary line.
std::string RenderLintText(const nlohmann::json& report);

}  // namespace og::lang
