// Arrow cell → JSON value, the one conversion every JSON surface uses: query results (dates as
// ISO strings, languages.md §6) and export (dates as epoch integers, surface.md §8.1).
#pragma once

#include <cstdint>

#include <arrow/type_fwd.h>
#include <nlohmann/json.hpp>

namespace og::exec {

enum class TemporalStyle {
  kIso,    // Date "YYYY-MM-DD", DateTime "YYYY-MM-DDTHH:MM:SS.mmmZ"
  kEpoch,  // Date as days since epoch, DateTime as milliseconds since epoch
};

/// The JSON form of `array[row]`: null; bool; integers as numbers; floats as numbers (NaN and
/// infinities as "NaN"/"Infinity"/"-Infinity"); strings; binary as "base64:..."; lists and vectors
/// as arrays; dates per `style`.
nlohmann::ordered_json CellToJson(const arrow::Array& array, int64_t row, TemporalStyle style);

}  // namespace og::exec
