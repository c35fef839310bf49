// Operand evaluation shared by the read operators: resolve an Operand (property, id or constant)
// to its column once per operator, read it as a Cell per binding row, and apply a comparison with
// the query language's semantics (numbers across types, SQL nulls: a comparison with null never
// holds).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <arrow/type_fwd.h>

#include "common/result.h"
#include "exec/binding_chunk.h"
#include "exec/cell.h"
#include "exec/plan.h"

namespace og::exec {

/// An operand with its column resolved against the variables' data.
struct BoundOperand {
  const Operand* op = nullptr;
  const arrow::Array* array = nullptr;  // property/id column of the variable's table; null for a constant

  /// The value for table row `table_row` of the operand's variable (ignored for a constant).
  Cell AtTableRow(int64_t table_row) const {
    return array ? CellAt(*array, table_row) : op->constant.cell;
  }
  /// The value in binding row `row` of `chunk`.
  Cell At(const BindingChunk& chunk, int64_t row) const {
    return array ? CellAt(*array, chunk.slots[op->var][row]) : op->constant.cell;
  }
};

/// Whether `left op right` holds (false when either side is null or they do not compare).
bool TestComparison(CmpOp op, const Cell& left, const Cell& right);

/// A conjunction of predicates over one variable, with operands bound to its table
/// (ExecContext::BindFilters).
struct BoundFilters {
  std::vector<CmpOp> ops;
  std::vector<BoundOperand> lefts, rights;

  /// Whether table row `row` of the variable passes every predicate.
  bool Passes(int64_t row) const {
    for (size_t k = 0; k < ops.size(); ++k) {
      if (!TestComparison(ops[k], lefts[k].AtTableRow(row), rights[k].AtTableRow(row))) return false;
    }
    return true;
  }
};

/// A string that identifies a value for grouping: equal values (by the grouping rules) give equal
/// keys.
std::string CellKey(const Cell& c);

/// An Arrow scalar for a constant (projecting a literal or parameter).
Result<std::shared_ptr<arrow::Scalar>> ConstantScalar(const Constant& c);

}  // namespace og::exec
