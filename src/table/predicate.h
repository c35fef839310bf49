// Comparison predicates that scans push down: `column op literal`, with SQL semantics (a
// comparison involving null is never true; NaN compares false except for !=).
#pragma once

#include <arrow/type_fwd.h>

#include <memory>
#include <string>

namespace og::table {

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe, kIsNull, kIsNotNull };
/// "=", "!=", "<", "<=", ">", ">=", "is null", "is not null".
const char* CompareOpName(CompareOp op);

/// `column op value`. value is ignored for kIsNull / kIsNotNull.
struct Predicate {
  std::string column;
  CompareOp op = CompareOp::kEq;
  std::shared_ptr<arrow::Scalar> value;

  /// "age >= 30", "name is null".
  std::string ToString() const;
};

}  // namespace og::table
