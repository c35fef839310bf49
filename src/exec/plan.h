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

struct Step {
  std::variant<ScanStep, ExpandStep, FilterStep, AntiJoinStep> op;
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
