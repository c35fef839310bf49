#include "exec/cell.h"

#include <cmath>

#include <arrow/api.h>

namespace og::exec {

Cell CellAt(const arrow::Array& array, int64_t row) {
  if (array.IsNull(row)) return Cell::Null();
  switch (array.type_id()) {
    case arrow::Type::BOOL: return Cell::Bool(static_cast<const arrow::BooleanArray&>(array).Value(row));
    case arrow::Type::INT32: return Cell::Int(static_cast<const arrow::Int32Array&>(array).Value(row));
    case arrow::Type::INT64: return Cell::Int(static_cast<const arrow::Int64Array&>(array).Value(row));
    case arrow::Type::UINT32: return Cell::Int(static_cast<const arrow::UInt32Array&>(array).Value(row));
    case arrow::Type::UINT64: {
      uint64_t v = static_cast<const arrow::UInt64Array&>(array).Value(row);
      return v <= static_cast<uint64_t>(INT64_MAX) ? Cell::Int(static_cast<int64_t>(v)) : Cell::UInt(v);
    }
    case arrow::Type::FLOAT: return Cell::Float(static_cast<const arrow::FloatArray&>(array).Value(row));
    case arrow::Type::DOUBLE: return Cell::Float(static_cast<const arrow::DoubleArray&>(array).Value(row));
    case arrow::Type::STRING: return Cell::String(static_cast<const arrow::StringArray&>(array).GetView(row));
    case arrow::Type::BINARY: return Cell::String(static_cast<const arrow::BinaryArray&>(array).GetView(row));
    case arrow::Type::DATE32: return Cell::Date(static_cast<const arrow::Date32Array&>(array).Value(row));
    case arrow::Type::DATE64: return Cell::DateTime(static_cast<const arrow::Date64Array&>(array).Value(row));
    case arrow::Type::LIST: {
      const auto& list = static_cast<const arrow::ListArray&>(array);
      Cell c;
      c.kind = Cell::Kind::kList;
      c.list_values = list.values().get();
      c.list_begin = list.value_offset(row);
      c.list_end = list.value_offset(row + 1);
      return c;
    }
    case arrow::Type::FIXED_SIZE_LIST: {
      const auto& list = static_cast<const arrow::FixedSizeListArray&>(array);
      Cell c;
      c.kind = Cell::Kind::kList;
      c.list_values = list.values().get();
      c.list_begin = list.value_offset(row);
      c.list_end = c.list_begin + list.value_length();
      return c;
    }
    default:
      return Cell::Null();
  }
}

namespace {

std::partial_ordering CompareNumbers(const Cell& a, const Cell& b) {
  using K = Cell::Kind;
  if (a.kind == K::kInt && b.kind == K::kInt) return a.i <=> b.i;
  if (a.kind == K::kUInt || b.kind == K::kUInt) {
    // At least one side exceeds INT64_MAX.
    if (a.kind == K::kUInt && b.kind == K::kUInt) return a.u <=> b.u;
    if (a.kind == K::kUInt) {
      if (b.kind == K::kInt) return std::partial_ordering::greater;
      return static_cast<double>(a.u) <=> b.f;
    }
    if (a.kind == K::kInt) return std::partial_ordering::less;
    return a.f <=> static_cast<double>(b.u);
  }
  if (a.kind == K::kInt && b.kind == K::kFloat) {
    // Compare exactly: a fractional float never equals an integer.
    double ai = static_cast<double>(a.i);
    if (ai != b.f) return ai <=> b.f;
    double fl = std::floor(b.f);
    if (fl != b.f) return std::partial_ordering::less;
    return std::partial_ordering::equivalent;
  }
  if (a.kind == K::kFloat && b.kind == K::kInt) {
    auto r = CompareNumbers(b, a);
    if (r == std::partial_ordering::less) return std::partial_ordering::greater;
    if (r == std::partial_ordering::greater) return std::partial_ordering::less;
    return r;
  }
  return a.f <=> b.f;
}

}  // namespace

std::optional<std::partial_ordering> CompareCells(const Cell& a, const Cell& b) {
  using K = Cell::Kind;
  if (a.is_null() || b.is_null()) return std::nullopt;
  if (a.is_numeric() && b.is_numeric()) return CompareNumbers(a, b);
  if (a.kind != b.kind) return std::nullopt;
  switch (a.kind) {
    case K::kBool: return a.b <=> b.b;
    case K::kString: {
      int c = a.s.compare(b.s);
      return c < 0 ? std::partial_ordering::less
                   : c > 0 ? std::partial_ordering::greater : std::partial_ordering::equivalent;
    }
    case K::kDate:
    case K::kDateTime: return a.i <=> b.i;
    default: return std::nullopt;
  }
}

int SortCompare(const Cell& a, const Cell& b) {
  if (a.is_null() || b.is_null()) {
    if (a.is_null() && b.is_null()) return 0;
    return a.is_null() ? -1 : 1;
  }
  auto c = CompareCells(a, b);
  if (!c) return static_cast<int>(a.kind) - static_cast<int>(b.kind);
  if (*c == std::partial_ordering::less) return -1;
  if (*c == std::partial_ordering::greater) return 1;
  return 0;
}

}  // namespace og::exec
