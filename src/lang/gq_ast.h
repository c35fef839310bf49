// The parsed form of a .gq file (languages.md §2.1, §3.1, §4): query declarations with their
// parameters, and either a read body (match / return / order / limit) or mutation statements.
// Produced by ParseQueries (gq_parser.h); resolved against a catalog by Typecheck (gq_check.h).
// Every node records the line and column it starts at.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lang/catalog.h"
#include "lang/functions.h"

namespace og::lang {

struct Pos {
  int line = 0;
  int column = 0;
};

struct Literal {
  enum class Kind { kString, kInteger, kFloat, kBool, kDate, kDateTime, kList };
  Kind kind = Kind::kString;
  std::string text;  // string value, or the spelling of a number / date / datetime argument
  int64_t integer = 0;
  double number = 0;
  bool boolean = false;
  std::vector<Literal> items;  // kList
  Pos pos;
};

struct Expr {
  enum class Kind {
    kProperty,  // $var.prop
    kVariable,  // $name: a match variable or a parameter (resolved by the typechecker)
    kLiteral,
    kNow,       // now()
    kAlias,     // a bare identifier naming a return alias
    kCall,      // a function of functions.h
  };
  Kind kind = Kind::kLiteral;
  std::string name;      // variable/parameter name (no '$'), alias, or function name
  std::string property;  // kProperty
  Literal literal;       // kLiteral
  const FunctionInfo* fn = nullptr;  // kCall: the function called (never null for a kCall)
  std::vector<Expr> args;            // kCall
  Pos pos;

  bool IsCall(FunctionId id) const { return kind == Kind::kCall && fn->id == id; }
  bool IsCallOf(FunctionRole role) const { return kind == Kind::kCall && fn->role == role; }
  bool IsAggregate() const { return IsCallOf(FunctionRole::kAggregate); }
};

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe, kContains, kStartsWith };
const char* CompareOpText(CompareOp op);

struct Clause;

struct PropMatch {
  std::string property;
  Expr value;  // literal, $param or now()
  Pos pos;
};

struct Binding {
  std::string var;
  std::string type;
  std::vector<PropMatch> props;
};

struct Traversal {
  std::string src;
  std::string edge_var;  // "" when the edge is not bound
  std::string edge;      // as written (lookup is case-insensitive)
  bool undirected = false;
  bool has_bounds = false;
  int64_t min_hops = 1;
  std::optional<int64_t> max_hops = 1;  // nullopt for `{1,}` (rejected by the typechecker)
  std::string dst;
  Pos edge_pos;  // the edge name ('<' of an undirected edge)
  Pos src_pos;   // the source variable (also the clause's position)
  Pos dst_pos;   // the target variable
};

struct Filter {
  Expr left;
  CompareOp op = CompareOp::kEq;
  Expr right;
};

struct Negation {
  std::vector<Clause> clauses;
};

struct Clause {
  enum class Kind { kBinding, kTraversal, kFilter, kNegation, kSearch };
  Kind kind = Kind::kBinding;
  Binding binding;
  Traversal traversal;
  Filter filter;
  std::shared_ptr<Negation> negation;  // kNegation
  Expr search;                          // kSearch: a bare search/fuzzy/match_text call
  Pos pos;
};

struct Projection {
  Expr expr;
  std::string alias;  // "" when none
};

struct Ordering {
  Expr expr;
  bool desc = false;
  bool explicit_direction = false;
};

struct Assignment {
  std::string property;
  Expr value;
  Pos pos;
};

struct MutationPredicate {
  std::string property;
  CompareOp op = CompareOp::kEq;
  Expr value;
  Pos pos;
};

struct MutationStatement {
  enum class Kind { kInsert, kUpdate, kDelete };
  Kind kind = Kind::kInsert;
  std::string type;
  std::vector<Assignment> assignments;
  std::optional<MutationPredicate> where;
  Pos pos;
};

struct ParamDecl {
  std::string name;  // without '$'
  enum class Kind { kScalar, kList, kVector };
  Kind kind = Kind::kScalar;
  ScalarType scalar = ScalarType::kString;  // element type for lists; F32 for vectors
  int32_t vector_dim = 0;
  bool nullable = false;
  Pos pos;

  /// "String", "[I32]?", "Vector(4)".
  std::string ToString() const;
};

struct QueryDecl {
  std::string name;
  std::vector<ParamDecl> params;
  std::string description;
  std::string instruction;
  bool is_mutation = false;
  // read body
  std::vector<Clause> match;
  std::vector<Projection> returns;
  std::vector<Ordering> order;
  std::optional<int64_t> limit;
  // mutation body
  std::vector<MutationStatement> statements;
  Pos pos;
  std::string file;

  const ParamDecl* FindParam(const std::string& name) const;
};

struct QueryFile {
  std::vector<QueryDecl> queries;
};

}  // namespace og::lang
