#include "table/predicate.h"

#include <arrow/scalar.h>

namespace og::table {

const char* CompareOpName(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return "=";
    case CompareOp::kNe:
      return "!=";
    case CompareOp::kLt:
      return "<";
    case CompareOp::kLe:
      return "<=";
    case CompareOp::kGt:
      return ">";
    case CompareOp::kGe:
      return ">=";
    case CompareOp::kIsNull:
      return "is null";
    case CompareOp::kIsNotNull:
      return "is not null";
  }
  return "?";
}

std::string Predicate::ToString() const {
  std::string out = column + " " + CompareOpName(op);
  if (op != CompareOp::kIsNull && op != CompareOp::kIsNotNull) {
    out += " ";
    out += value ? value->ToString() : "null";
  }
  return out;
}

}  // namespace og::table
