#include "exec/json_cells.h"

#include <cmath>

#include <arrow/api.h>

#include "lang/temporal.h"

namespace og::exec {
namespace {

nlohmann::ordered_json FloatJson(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  return v;
}

std::string Base64(std::string_view bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(kAlphabet[(n >> s) & 63]);
  }
  if (i < bytes.size()) {
    uint32_t n = uint8_t(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= uint8_t(bytes[i + 1]) << 8;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

}  // namespace

nlohmann::ordered_json CellToJson(const arrow::Array& array, int64_t row, TemporalStyle style) {
  if (array.IsNull(row)) return nullptr;
  switch (array.type_id()) {
    case arrow::Type::BOOL:
      return static_cast<const arrow::BooleanArray&>(array).Value(row);
    case arrow::Type::INT32:
      return static_cast<const arrow::Int32Array&>(array).Value(row);
    case arrow::Type::INT64:
      return static_cast<const arrow::Int64Array&>(array).Value(row);
    case arrow::Type::UINT32:
      return static_cast<const arrow::UInt32Array&>(array).Value(row);
    case arrow::Type::UINT64:
      return static_cast<const arrow::UInt64Array&>(array).Value(row);
    case arrow::Type::FLOAT:
      return FloatJson(static_cast<const arrow::FloatArray&>(array).Value(row));
    case arrow::Type::DOUBLE:
      return FloatJson(static_cast<const arrow::DoubleArray&>(array).Value(row));
    case arrow::Type::STRING:
      return std::string(static_cast<const arrow::StringArray&>(array).GetView(row));
    case arrow::Type::LARGE_STRING:
      return std::string(static_cast<const arrow::LargeStringArray&>(array).GetView(row));
    case arrow::Type::BINARY:
      return "base64:" + Base64(static_cast<const arrow::BinaryArray&>(array).GetView(row));
    case arrow::Type::DATE32: {
      int32_t days = static_cast<const arrow::Date32Array&>(array).Value(row);
      if (style == TemporalStyle::kEpoch) return days;
      return lang::FormatDate(days);
    }
    case arrow::Type::DATE64: {
      int64_t ms = static_cast<const arrow::Date64Array&>(array).Value(row);
      if (style == TemporalStyle::kEpoch) return ms;
      return lang::FormatDateTime(ms);
    }
    case arrow::Type::LIST: {
      const auto& list = static_cast<const arrow::ListArray&>(array);
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      auto values = list.values();
      for (int64_t i = list.value_offset(row); i < list.value_offset(row + 1); ++i) {
        out.push_back(CellToJson(*values, i, style));
      }
      return out;
    }
    case arrow::Type::FIXED_SIZE_LIST: {
      const auto& list = static_cast<const arrow::FixedSizeListArray&>(array);
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      auto values = list.values();
      for (int64_t i = list.value_offset(row); i < list.value_offset(row) + list.value_length(); ++i) {
        out.push_back(CellToJson(*values, i, style));
      }
      return out;
    }
    default:
      return array.GetScalar(row).ValueOrDie()->ToString();
  }
}

}  // namespace og::exec
