// The physical plan of a read query: what the executor runs. Built from a typechecked query by
// lower.h; immutable once built, so one plan can be executed many times (against any snapshot of
// the same schema) and shared between threads.
//
// Rows are bindings: one slot per query variable, each holding a row index into the node (or edge)
// table of that variable's type. Steps run in order over that set of rows:
//   ScanStep     cross-joins every row of a node type that passes the scan's filters
//   ExpandStep   follows an edge type (out, in or both ways) for min..max hops with BFS semantics
//   FilterStep   keeps rows where a comparison holds (SQL semantics: null is never a match)
//   AntiJoinStep keeps rows for which the inner steps produce no row (correlated NOT EXISTS)
//   TextFilterStep keeps rows whose text property matches a search/fuzzy/match_text query
//   RankedScanStep (first step only) binds a node variable to its rows that pass its filters,
//                  in the order of a ranking (bm25, nearest, or rrf of two) — the answer's order
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "exec/cell.h"

namespace og::exec {

struct VarInfo {
  std::string name;       // without '$'; internal names for anonymous variables
  bool is_edge = false;
  std::string type_name;  // node or edge type
};

/// A value in an expression: a property of a bound variable, a variable's id, or a constant.
struct Operand {
  enum class Kind { kProperty, kId, kConst };
  Kind kind = Kind::kConst;
  int var = -1;
  std::string property;
  Constant constant;

  static Operand Property(int var, std::string property) {
    Operand o;
    o.kind = Kind::kProperty;
    o.var = var;
    o.property = std::move(property);
    return o;
  }
  static Operand Id(int var) {
    Operand o;
    o.kind = Kind::kId;
    o.var = var;
    return o;
  }
  static Operand Const(Constant c) {
    Operand o;
    o.kind = Kind::kConst;
    o.constant = std::move(c);
    return o;
  }
};

enum class CmpOp { kEq, kNe, kLt, kLe, kGt, kGe, kContains, kStartsWith, kListContains };

struct Predicate {
  Operand left;
  CmpOp op = CmpOp::kEq;
  Operand right;
};

enum class Direction { kOut, kIn, kBoth };

struct Step;

/// A full-text predicate on a String property of a node variable (languages.md §4).
struct TextMatch {
  enum class Mode {
    kAnyTerm,  // search(): the text holds at least one query term
    kPhrase,   // match_text(): the query terms occur adjacent and in order
    kFuzzy,    // fuzzy(): some query term is within max_edits edits of a term of the text
  };
  Mode mode = Mode::kAnyTerm;
  int var = -1;
  std::string property;
  std::string query;
  int max_edits = 2;
};

/// One ranking of a node variable's rows.
struct Ranking {
  enum class Kind {
    kBm25,     // rows matching at least one query term, by BM25 score descending
    kNearest,  // rows by L2 distance of a vector property to the query, ascending
  };
  Kind kind = Kind::kBm25;
  std::string property;
  std::string text;           // bm25: the query; nearest: text to embed when `vector` is empty
  std::vector<float> vector;  // nearest: the query vector
  int dimension = 0;          // nearest: the property's Vector(N)
  std::string model;          // nearest: the @embed model recorded on the property, if any
};

struct ScanStep {
  int var = -1;
  std::vector<Predicate> filters;  // refer only to `var` and constants
};

struct ExpandStep {
  int src = -1;       // bound variable the walk starts from
  int dst = -1;       // variable reached; if already bound the step keeps only connected rows
  int edge_var = -1;  // edge binding ($w:edge), single hop only; -1 if none
  std::string edge_type;
  Direction dir = Direction::kOut;  // relative to `src`: kOut follows stored src→dst
  int min_hops = 1;
  int max_hops = 1;
  bool dst_bound = false;
};

struct FilterStep {
  Predicate pred;
};

struct AntiJoinStep {
  std::vector<Step> inner;
};

struct TextFilterStep {
  TextMatch match;
};

/// Ties rank by the variable's id ascending, so a ranking is a total order. `arms` holds one
/// ranking, or two fused by reciprocal rank (rrf, with constant rrf_k). `limit` is the query's:
/// nearest keeps the `limit` closest rows; rrf keeps `limit` entities.
struct RankedScanStep {
  int var = -1;
  std::vector<Predicate> filters;  // on `var` alone, applied before ranking
  std::vector<TextMatch> text;     // on `var` alone, applied before ranking
  std::vector<Ranking> arms;
  int64_t rrf_k = 60;
  std::optional<int64_t> limit;
};

struct Step {
  std::variant<ScanStep, ExpandStep, FilterStep, AntiJoinStep, TextFilterStep, RankedScanStep> op;
};

enum class AggKind { kNone, kCount, kSum, kAvg, kMin, kMax };

struct ProjectionSpec {
  std::string name;  // output column name
  Operand value;
  AggKind agg = AggKind::kNone;
};

struct OrderSpec {
  int projection = -1;  // order by a projection (alias), or...
  Operand value;        // ...by an operand when projection < 0
  bool desc = false;
};

struct Plan {
  std::string query_name;
  std::vector<VarInfo> vars;
  std::vector<Step> steps;
  std::vector<ProjectionSpec> projections;
  std::vector<OrderSpec> order;
  std::optional<int64_t> limit;
  bool has_aggregate = false;
};

}  // namespace og::exec
