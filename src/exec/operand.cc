#include "exec/operand.h"

#include <arrow/api.h>

namespace og::exec {

bool TestComparison(CmpOp op, const Cell& l, const Cell& r) {
  switch (op) {
    case CmpOp::kContains:
    case CmpOp::kListContains:
      if (l.is_null() || r.is_null()) return false;
      if (l.kind == Cell::Kind::kList) {
        for (int64_t j = l.list_begin; j < l.list_end; ++j) {
          auto c = CompareCells(CellAt(*l.list_values, j), r);
          if (c && *c == std::partial_ordering::equivalent) return true;
        }
        return false;
      }
      if (l.kind == Cell::Kind::kString && r.kind == Cell::Kind::kString) {
        return l.s.find(r.s) != std::string_view::npos;
      }
      return false;
    case CmpOp::kStartsWith:
      return l.kind == Cell::Kind::kString && r.kind == Cell::Kind::kString &&
             l.s.substr(0, r.s.size()) == r.s;
    default:
      break;
  }
  auto c = CompareCells(l, r);
  if (!c) return false;
  switch (op) {
    case CmpOp::kEq: return *c == std::partial_ordering::equivalent;
    case CmpOp::kNe: return *c != std::partial_ordering::equivalent;
    case CmpOp::kLt: return *c == std::partial_ordering::less;
    case CmpOp::kLe: return *c != std::partial_ordering::greater;
    case CmpOp::kGt: return *c == std::partial_ordering::greater;
    case CmpOp::kGe: return *c != std::partial_ordering::less;
    default: return false;
  }
}

std::string CellKey(const Cell& c) {
  using K = Cell::Kind;
  switch (c.kind) {
    case K::kNull: return "N";
    case K::kBool: return c.b ? "T" : "F";
    case K::kInt: return "I" + std::to_string(c.i);
    case K::kUInt: return "U" + std::to_string(c.u);
    case K::kFloat: return "D" + std::to_string(c.f);
    case K::kString: return "S" + std::to_string(c.s.size()) + ":" + std::string(c.s);
    case K::kDate: return "d" + std::to_string(c.i);
    case K::kDateTime: return "t" + std::to_string(c.i);
    case K::kList: {
      std::string k = "L[";
      for (int64_t j = c.list_begin; j < c.list_end; ++j) k += CellKey(CellAt(*c.list_values, j)) + ",";
      return k + "]";
    }
  }
  return "?";
}

Result<std::shared_ptr<arrow::Scalar>> ConstantScalar(const Constant& c) {
  using K = Cell::Kind;
  std::shared_ptr<arrow::Scalar> s;
  switch (c.cell.kind) {
    case K::kNull: s = std::make_shared<arrow::NullScalar>(); break;
    case K::kBool: s = std::make_shared<arrow::BooleanScalar>(c.cell.b); break;
    case K::kInt: s = std::make_shared<arrow::Int64Scalar>(c.cell.i); break;
    case K::kUInt: s = std::make_shared<arrow::UInt64Scalar>(c.cell.u); break;
    case K::kFloat: s = std::make_shared<arrow::DoubleScalar>(c.cell.f); break;
    case K::kString: s = std::make_shared<arrow::StringScalar>(c.text); break;
    case K::kDate: s = std::make_shared<arrow::Date32Scalar>(static_cast<int32_t>(c.cell.i)); break;
    case K::kDateTime: s = std::make_shared<arrow::Date64Scalar>(c.cell.i); break;
    case K::kList:
      if (c.list) s = std::make_shared<arrow::ListScalar>(c.list);
      break;
  }
  if (!s) return Status::Unsupported("list constants cannot be projected");
  return s;
}

}  // namespace og::exec
