// Cell: one scalar value during execution — a borrowed view into an Arrow array or a constant
// from the query (literal, parameter, now()). Strings are views, so a Cell never outlives the
// array or constant it came from. Comparisons follow the query language: numbers compare by value
// across integer and float types, strings byte-wise, and any comparison with null is unknown.
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <arrow/type_fwd.h>

namespace og::exec {

struct Cell {
  enum class Kind { kNull, kBool, kInt, kUInt, kFloat, kString, kDate, kDateTime, kList };
  Kind kind = Kind::kNull;
  bool b = false;
  int64_t i = 0;      // kInt, kDate (days), kDateTime (ms)
  uint64_t u = 0;     // kUInt
  double f = 0;       // kFloat
  std::string_view s;  // kString
  // kList: elements [list_begin, list_end) of list_values.
  const arrow::Array* list_values = nullptr;
  int64_t list_begin = 0, list_end = 0;

  bool is_null() const { return kind == Kind::kNull; }
  bool is_numeric() const { return kind == Kind::kInt || kind == Kind::kUInt || kind == Kind::kFloat; }

  static Cell Null() { return Cell{}; }
  static Cell Bool(bool v) { Cell c; c.kind = Kind::kBool; c.b = v; return c; }
  static Cell Int(int64_t v) { Cell c; c.kind = Kind::kInt; c.i = v; return c; }
  static Cell UInt(uint64_t v) { Cell c; c.kind = Kind::kUInt; c.u = v; return c; }
  static Cell Float(double v) { Cell c; c.kind = Kind::kFloat; c.f = v; return c; }
  static Cell String(std::string_view v) { Cell c; c.kind = Kind::kString; c.s = v; return c; }
  static Cell Date(int32_t days) { Cell c; c.kind = Kind::kDate; c.i = days; return c; }
  static Cell DateTime(int64_t ms) { Cell c; c.kind = Kind::kDateTime; c.i = ms; return c; }
};

/// Read `array[row]` as a Cell (views into the array).
Cell CellAt(const arrow::Array& array, int64_t row);

/// Three-way comparison; nullopt when either side is null or the kinds are not comparable.
std::optional<std::partial_ordering> CompareCells(const Cell& a, const Cell& b);

/// Total order for sorting: nulls first, then by CompareCells; incomparable kinds by kind tag.
int SortCompare(const Cell& a, const Cell& b);

/// A constant owned by the plan (literal, parameter or now()). A string constant's cell views
/// `text`; copies and moves re-point the view at their own `text`.
struct Constant {
  Cell cell;
  std::string text;                    // backing store for a string cell
  std::shared_ptr<arrow::Array> list;  // backing store for a list constant (projection)
  std::vector<Constant> items;         // list elements (membership tests)

  Constant() = default;
  static Constant String(std::string value) {
    Constant c;
    c.text = std::move(value);
    c.cell = Cell::String(c.text);
    return c;
  }
  static Constant Of(Cell cell) {
    Constant c;
    c.cell = cell;
    return c;
  }
  Constant(const Constant& o) : cell(o.cell), text(o.text), list(o.list), items(o.items) { Repoint(); }
  Constant(Constant&& o) noexcept
      : cell(o.cell), text(std::move(o.text)), list(std::move(o.list)), items(std::move(o.items)) {
    Repoint();
  }
  Constant& operator=(const Constant& o) {
    if (this != &o) {
      cell = o.cell;
      text = o.text;
      list = o.list;
      items = o.items;
      Repoint();
    }
    return *this;
  }
  Constant& operator=(Constant&& o) noexcept {
    cell = o.cell;
    text = std::move(o.text);
    list = std::move(o.list);
    items = std::move(o.items);
    Repoint();
    return *this;
  }

 private:
  void Repoint() {
    if (cell.kind == Cell::Kind::kString) cell.s = text;
  }
};

}  // namespace og::exec
