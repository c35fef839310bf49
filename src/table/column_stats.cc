#include "table/column_stats.h"

#include <arrow/api.h>
#include <arrow/compute/api.h>
#include <arrow/util/utf8.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "common/arrow_util.h"
#include "table/compute_init.h"

namespace og::table {
namespace {

using arrow::Type;

bool IsIntegerId(Type::type id) {
  switch (id) {
    case Type::INT8:
    case Type::INT16:
    case Type::INT32:
    case Type::INT64:
    case Type::UINT8:
    case Type::UINT16:
    case Type::UINT32:
    case Type::UINT64:
      return true;
    default:
      return false;
  }
}

bool IsTemporalTickId(Type::type id) {
  switch (id) {
    case Type::DATE32:
    case Type::DATE64:
    case Type::TIMESTAMP:
    case Type::TIME32:
    case Type::TIME64:
    case Type::DURATION:
      return true;
    default:
      return false;
  }
}

bool IsBinaryLikeId(Type::type id) {
  return id == Type::STRING || id == Type::LARGE_STRING || id == Type::BINARY ||
         id == Type::LARGE_BINARY || id == Type::FIXED_SIZE_BINARY;
}

bool IsFloatId(Type::type id) { return id == Type::FLOAT || id == Type::DOUBLE; }

// The value of an integral or tick scalar as signed (if it fits) or unsigned 64-bit.
struct IntValue {
  bool negative = false;
  uint64_t magnitude = 0;  // |value| for negative, value otherwise
};

IntValue IntOf(const arrow::Scalar& s) {
  auto from_signed = [](int64_t v) {
    IntValue out;
    out.negative = v < 0;
    out.magnitude = v < 0 ? static_cast<uint64_t>(-(v + 1)) + 1 : static_cast<uint64_t>(v);
    return out;
  };
  switch (s.type->id()) {
    case Type::INT8:
      return from_signed(static_cast<const arrow::Int8Scalar&>(s).value);
    case Type::INT16:
      return from_signed(static_cast<const arrow::Int16Scalar&>(s).value);
    case Type::INT32:
      return from_signed(static_cast<const arrow::Int32Scalar&>(s).value);
    case Type::INT64:
      return from_signed(static_cast<const arrow::Int64Scalar&>(s).value);
    case Type::UINT8:
      return IntValue{false, static_cast<const arrow::UInt8Scalar&>(s).value};
    case Type::UINT16:
      return IntValue{false, static_cast<const arrow::UInt16Scalar&>(s).value};
    case Type::UINT32:
      return IntValue{false, static_cast<const arrow::UInt32Scalar&>(s).value};
    case Type::UINT64:
      return IntValue{false, static_cast<const arrow::UInt64Scalar&>(s).value};
    case Type::DATE32:
      return from_signed(static_cast<const arrow::Date32Scalar&>(s).value);
    case Type::DATE64:
      return from_signed(static_cast<const arrow::Date64Scalar&>(s).value);
    case Type::TIMESTAMP:
      return from_signed(static_cast<const arrow::TimestampScalar&>(s).value);
    case Type::TIME32:
      return from_signed(static_cast<const arrow::Time32Scalar&>(s).value);
    case Type::TIME64:
      return from_signed(static_cast<const arrow::Time64Scalar&>(s).value);
    case Type::DURATION:
      return from_signed(static_cast<const arrow::DurationScalar&>(s).value);
    default:
      return IntValue{};
  }
}

int CompareInt(const IntValue& a, const IntValue& b) {
  if (a.negative != b.negative) return a.negative ? -1 : 1;
  int c = a.magnitude < b.magnitude ? -1 : (a.magnitude > b.magnitude ? 1 : 0);
  return a.negative ? -c : c;
}

double DoubleOf(const arrow::Scalar& s) {
  if (s.type->id() == Type::FLOAT) return static_cast<const arrow::FloatScalar&>(s).value;
  return static_cast<const arrow::DoubleScalar&>(s).value;
}

std::string_view BytesOf(const arrow::Scalar& s) {
  const auto& b = static_cast<const arrow::BaseBinaryScalar&>(s);
  if (!b.value) return {};
  return std::string_view(reinterpret_cast<const char*>(b.value->data()),
                          static_cast<size_t>(b.value->size()));
}

bool IsNaN(const arrow::Scalar& s) { return IsFloatId(s.type->id()) && std::isnan(DoubleOf(s)); }

// Longest prefix of `s` of at most `limit` bytes that does not split a UTF-8 sequence.
std::string Utf8Prefix(std::string_view s, size_t limit) {
  size_t n = std::min(limit, s.size());
  while (n > 0 && n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

std::shared_ptr<arrow::Scalar> BinaryLikeScalar(const std::shared_ptr<arrow::DataType>& type,
                                                std::string bytes) {
  auto buf = arrow::Buffer::FromString(std::move(bytes));
  switch (type->id()) {
    case Type::STRING:
      return std::make_shared<arrow::StringScalar>(buf);
    case Type::LARGE_STRING:
      return std::make_shared<arrow::LargeStringScalar>(buf);
    case Type::BINARY:
      return std::make_shared<arrow::BinaryScalar>(buf);
    case Type::LARGE_BINARY:
      return std::make_shared<arrow::LargeBinaryScalar>(buf);
    default:
      return nullptr;
  }
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

Result<std::string> HexDecode(const std::string& hex) {
  auto val = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) return Status::Corruption("odd-length hex statistic");
  std::string out(hex.size() / 2, '\0');
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = val(hex[2 * i]);
    int lo = val(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return Status::Corruption("bad hex statistic '", hex, "'");
    out[i] = static_cast<char>(hi * 16 + lo);
  }
  return out;
}

template <typename T>
Result<std::shared_ptr<arrow::Scalar>> IntScalar(const nlohmann::json& j,
                                                 const std::shared_ptr<arrow::DataType>& type) {
  if (!j.is_number_integer())
    return Status::Corruption("statistic for ", type->ToString(), " is not an integer");
  bool fits;
  T v;
  if (j.is_number_unsigned()) {
    uint64_t u = j.get<uint64_t>();
    fits = u <= static_cast<uint64_t>(std::numeric_limits<T>::max());
    v = static_cast<T>(u);
  } else {
    int64_t s = j.get<int64_t>();
    if constexpr (std::is_signed_v<T>) {
      fits = s >= std::numeric_limits<T>::min() && s <= std::numeric_limits<T>::max();
    } else {
      fits = s >= 0 && static_cast<uint64_t>(s) <= std::numeric_limits<T>::max();
    }
    v = static_cast<T>(s);
  }
  if (!fits)
    return Status::Corruption("statistic ", j.dump(), " out of range for ", type->ToString());
  OG_ARROW_ASSIGN_OR_RAISE(auto scalar, arrow::MakeScalar(type, v));
  return scalar;
}

}  // namespace

bool HasScalarStats(const arrow::DataType& type) {
  switch (type.id()) {
    case Type::BOOL:
    case Type::FLOAT:
    case Type::DOUBLE:
    case Type::STRING:
    case Type::LARGE_STRING:
    case Type::BINARY:
    case Type::LARGE_BINARY:
    case Type::DATE32:
    case Type::DATE64:
    case Type::TIMESTAMP:
      return true;
    default:
      return IsIntegerId(type.id());
  }
}

Result<ColumnStats> ComputeColumnStats(const arrow::ChunkedArray& column) {
  OG_RETURN_NOT_OK(EnsureArrowCompute());
  ColumnStats stats;
  stats.null_count = static_cast<uint64_t>(column.null_count());
  if (column.length() == column.null_count()) return stats;
  Type::type id = column.type()->id();
  auto datum = arrow::Datum(std::make_shared<arrow::ChunkedArray>(column.chunks(), column.type()));
  if (IsFloatId(id)) {
    OG_ARROW_ASSIGN_OR_RAISE(arrow::Datum nan, arrow::compute::CallFunction("is_nan", {datum}));
    OG_ARROW_ASSIGN_OR_RAISE(arrow::Datum any, arrow::compute::Any(nan));
    const auto& any_scalar = any.scalar_as<arrow::BooleanScalar>();
    if (any_scalar.is_valid && any_scalar.value) return stats;  // NaN: min/max unknown
  }
  arrow::compute::ScalarAggregateOptions options(/*skip_nulls=*/true, /*min_count=*/1);
  OG_ARROW_ASSIGN_OR_RAISE(arrow::Datum mm, arrow::compute::MinMax(datum, options));
  const auto& pair = mm.scalar_as<arrow::StructScalar>();
  std::shared_ptr<arrow::Scalar> min = pair.value[0];
  std::shared_ptr<arrow::Scalar> max = pair.value[1];
  if (!min->is_valid || !max->is_valid) return stats;
  if (IsFloatId(id)) {
    if (std::isinf(DoubleOf(*min))) min = nullptr;
    if (std::isinf(DoubleOf(*max))) max = nullptr;
  } else if (IsBinaryLikeId(id)) {
    bool is_text = id == Type::STRING || id == Type::LARGE_STRING;
    std::string_view lo = BytesOf(*min);
    std::string_view hi = BytesOf(*max);
    if (is_text && (!arrow::util::ValidateUTF8(lo) || !arrow::util::ValidateUTF8(hi))) {
      return stats;  // not representable as JSON text
    }
    if (lo.size() > kMaxStatBytes) {
      min = BinaryLikeScalar(column.type(), is_text ? Utf8Prefix(lo, kMaxStatBytes)
                                                    : std::string(lo.substr(0, kMaxStatBytes)));
    }
    if (hi.size() > kMaxStatBytes) max = nullptr;
  }
  stats.min = std::move(min);
  stats.max = std::move(max);
  return stats;
}

Result<nlohmann::json> StatValueToJson(const std::shared_ptr<arrow::Scalar>& value) {
  if (!value || !value->is_valid) return nlohmann::json(nullptr);
  Type::type id = value->type->id();
  if (id == Type::BOOL)
    return nlohmann::json(static_cast<const arrow::BooleanScalar&>(*value).value);
  if (IsIntegerId(id) || IsTemporalTickId(id)) {
    IntValue v = IntOf(*value);
    if (!v.negative) return nlohmann::json(v.magnitude);
    return nlohmann::json(-static_cast<int64_t>(v.magnitude - 1) - 1);
  }
  if (IsFloatId(id)) {
    double d = DoubleOf(*value);
    if (!std::isfinite(d)) return nlohmann::json(nullptr);
    return nlohmann::json(d);
  }
  if (id == Type::STRING || id == Type::LARGE_STRING)
    return nlohmann::json(std::string(BytesOf(*value)));
  if (id == Type::BINARY || id == Type::LARGE_BINARY)
    return nlohmann::json(HexEncode(BytesOf(*value)));
  return Status::BadRequest("no statistics for type ", value->type->ToString());
}

Result<std::shared_ptr<arrow::Scalar>> StatValueFromJson(
    const nlohmann::json& j, const std::shared_ptr<arrow::DataType>& type) {
  if (j.is_null()) return std::shared_ptr<arrow::Scalar>();
  switch (type->id()) {
    case Type::BOOL:
      if (!j.is_boolean()) return Status::Corruption("bool statistic is not a JSON bool");
      return std::shared_ptr<arrow::Scalar>(std::make_shared<arrow::BooleanScalar>(j.get<bool>()));
    case Type::INT8:
      return IntScalar<int8_t>(j, type);
    case Type::INT16:
      return IntScalar<int16_t>(j, type);
    case Type::INT32:
      return IntScalar<int32_t>(j, type);
    case Type::INT64:
      return IntScalar<int64_t>(j, type);
    case Type::UINT8:
      return IntScalar<uint8_t>(j, type);
    case Type::UINT16:
      return IntScalar<uint16_t>(j, type);
    case Type::UINT32:
      return IntScalar<uint32_t>(j, type);
    case Type::UINT64:
      return IntScalar<uint64_t>(j, type);
    case Type::DATE32:
      return IntScalar<int32_t>(j, type);
    case Type::DATE64:
    case Type::TIMESTAMP:
      return IntScalar<int64_t>(j, type);
    case Type::FLOAT:
      if (!j.is_number()) return Status::Corruption("float statistic is not a JSON number");
      return std::shared_ptr<arrow::Scalar>(std::make_shared<arrow::FloatScalar>(j.get<float>()));
    case Type::DOUBLE:
      if (!j.is_number()) return Status::Corruption("double statistic is not a JSON number");
      return std::shared_ptr<arrow::Scalar>(std::make_shared<arrow::DoubleScalar>(j.get<double>()));
    case Type::STRING:
    case Type::LARGE_STRING:
      if (!j.is_string()) return Status::Corruption("string statistic is not a JSON string");
      return BinaryLikeScalar(type, j.get<std::string>());
    case Type::BINARY:
    case Type::LARGE_BINARY: {
      if (!j.is_string()) return Status::Corruption("binary statistic is not a hex string");
      OG_ASSIGN_OR_RAISE(std::string bytes, HexDecode(j.get<std::string>()));
      return BinaryLikeScalar(type, std::move(bytes));
    }
    default:
      return Status::Corruption("statistics recorded for column type ", type->ToString(),
                                ", which has none");
  }
}

std::optional<int> CompareScalars(const arrow::Scalar& a, const arrow::Scalar& b) {
  if (!a.is_valid || !b.is_valid) return std::nullopt;
  Type::type ia = a.type->id();
  Type::type ib = b.type->id();
  if (IsIntegerId(ia) && IsIntegerId(ib)) return CompareInt(IntOf(a), IntOf(b));
  if (IsTemporalTickId(ia) || IsTemporalTickId(ib)) {
    bool same = a.type->Equals(*b.type) ||
                // date64 and timestamp[ms] without zone both count milliseconds since the epoch
                ((ia == Type::DATE64 || ib == Type::DATE64) &&
                 (ia == Type::TIMESTAMP || ib == Type::TIMESTAMP) &&
                 static_cast<const arrow::TimestampType&>(ia == Type::TIMESTAMP ? *a.type : *b.type)
                         .unit() == arrow::TimeUnit::MILLI);
    if (!same) return std::nullopt;
    return CompareInt(IntOf(a), IntOf(b));
  }
  if (IsFloatId(ia) && IsFloatId(ib)) {
    double x = DoubleOf(a);
    double y = DoubleOf(b);
    if (std::isnan(x) || std::isnan(y)) return std::nullopt;
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (IsBinaryLikeId(ia) && IsBinaryLikeId(ib)) {
    std::string_view x = BytesOf(a);
    std::string_view y = BytesOf(b);
    int c = std::memcmp(x.data(), y.data(), std::min(x.size(), y.size()));  // unsigned bytes
    if (c != 0) return c < 0 ? -1 : 1;
    return x.size() < y.size() ? -1 : (x.size() > y.size() ? 1 : 0);
  }
  if (ia == Type::BOOL && ib == Type::BOOL) {
    bool x = static_cast<const arrow::BooleanScalar&>(a).value;
    bool y = static_cast<const arrow::BooleanScalar&>(b).value;
    return static_cast<int>(x) - static_cast<int>(y);
  }
  return std::nullopt;
}

bool MayMatch(const RangeStats& stats, CompareOp op, const arrow::Scalar* value) {
  if (stats.rows == 0) return false;
  bool all_null = stats.null_count && *stats.null_count >= stats.rows;
  switch (op) {
    case CompareOp::kIsNull:
      return !stats.null_count || *stats.null_count > 0;
    case CompareOp::kIsNotNull:
      return !all_null;
    default:
      break;
  }
  if (all_null) return false;  // a comparison with null is never true
  if (value == nullptr || !value->is_valid) return false;
  if (IsNaN(*value)) return op == CompareOp::kNe;  // NaN equals and orders with nothing
  auto cmp = [](const arrow::Scalar* x, const arrow::Scalar& y) -> std::optional<int> {
    if (x == nullptr) return std::nullopt;
    return CompareScalars(*x, y);
  };
  std::optional<int> vs_min = cmp(stats.min, *value);  // sign of (min - value)
  std::optional<int> vs_max = cmp(stats.max, *value);  // sign of (max - value)
  switch (op) {
    case CompareOp::kEq:
      if (vs_min && *vs_min > 0) return false;
      if (vs_max && *vs_max < 0) return false;
      return true;
    case CompareOp::kNe:
      if (stats.may_hide_nan) return true;
      return !(vs_min && vs_max && *vs_min == 0 && *vs_max == 0);
    case CompareOp::kLt:
      return !(vs_min && *vs_min >= 0);
    case CompareOp::kLe:
      return !(vs_min && *vs_min > 0);
    case CompareOp::kGt:
      return !(vs_max && *vs_max <= 0);
    case CompareOp::kGe:
      return !(vs_max && *vs_max < 0);
    default:
      return true;
  }
}

}  // namespace og::table
