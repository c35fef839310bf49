#include "exec/column_builder.h"
#include "common/utf8.h"

#include <charconv>
#include <cmath>
#include <limits>

#include <arrow/api.h>

#include "common/arrow_util.h"
#include "graph/table_schema.h"
#include "lang/temporal.h"

namespace og::exec {

using rapidjson::Value;

std::string CanonicalFloat(double v, bool is_f32) {
  if (v == 0) return "0";
  char buf[64];
  std::to_chars_result r = is_f32 ? std::to_chars(buf, buf + sizeof(buf), static_cast<float>(v))
                                  : std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, r.ptr);
}

namespace {

// Standard base64 (RFC 4648, padded or not); BadRequest on any other character or a bad length.
Result<std::string> DecodeBase64(std::string_view text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return Status::BadRequest("invalid base64 in a Blob value (bad length)");
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = value(c);
    if (v < 0) return Status::BadRequest("invalid base64 in a Blob value (character '", c, "')");
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

const char* JsonTypeName(const Value& v) {
  if (v.IsNull()) return "null";
  if (v.IsBool()) return "boolean";
  if (v.IsInt64() || v.IsUint64()) return "integer";
  if (v.IsNumber()) return "number";
  if (v.IsString()) return "string";
  if (v.IsArray()) return "array";
  return "object";
}

// Read a JSON integer range-checked into T.
template <typename T>
Result<T> IntegerIn(const Value& v, const char* type_name) {
  if (v.IsInt64()) {
    int64_t x = v.GetInt64();
    if constexpr (std::is_signed_v<T>) {
      if (x < static_cast<int64_t>(std::numeric_limits<T>::min()) ||
          x > static_cast<int64_t>(std::numeric_limits<T>::max())) {
        return Status::BadRequest("value ", x, " is out of range for ", type_name);
      }
    } else {
      if (x < 0 || static_cast<uint64_t>(x) > std::numeric_limits<T>::max()) {
        return Status::BadRequest("value ", x, " is out of range for ", type_name);
      }
    }
    return static_cast<T>(x);
  }
  if (v.IsUint64()) {
    uint64_t x = v.GetUint64();
    if (x > static_cast<uint64_t>(std::numeric_limits<T>::max())) {
      return Status::BadRequest("value ", x, " is out of range for ", type_name);
    }
    return static_cast<T>(x);
  }
  if (v.IsNumber()) {
    return Status::BadRequest("expected an integer for ", type_name, ", got ", v.GetDouble());
  }
  return Status::BadRequest("expected an integer for ", type_name, ", got ", JsonTypeName(v));
}

Result<double> NumberOf(const Value& v, const char* type_name) {
  if (v.IsNumber()) return v.GetDouble();
  return Status::BadRequest("expected a number for ", type_name, ", got ", JsonTypeName(v));
}

std::string_view StringOf(const Value& v) { return std::string_view(v.GetString(), v.GetStringLength()); }

}  // namespace

ColumnBuilder::ColumnBuilder(std::string owner, lang::Property prop)
    : owner_(std::move(owner)), prop_(std::move(prop)) {}
ColumnBuilder::~ColumnBuilder() = default;

Result<std::unique_ptr<ColumnBuilder>> ColumnBuilder::Make(const std::string& owner,
                                                           const lang::Property& prop,
                                                           const lang::RangeConstraint* range,
                                                           const lang::CheckConstraint* check) {
  std::unique_ptr<ColumnBuilder> b(new ColumnBuilder(owner, prop));
  // An @embed vector may arrive empty: it is filled from its source text when the write is staged
  // (embedding_fill.h), which then enforces the property's own nullability.
  if (prop.embed) b->prop_.type.nullable = true;
  if (range) b->range_ = *range;
  if (check) {
    auto compiled = lang::CheckPattern::Compile(check->pattern);
    if (!compiled.ok()) {
      return compiled.status().Prepend("@check pattern ", QuoteName(check->pattern), " on ", owner, ".",
                                       prop.name, ": ");
    }
    b->check_ = compiled.MoveValueUnsafe();
  }
  std::unique_ptr<arrow::ArrayBuilder> builder;
  OG_RETURN_NOT_OK(arrow::MakeBuilder(arrow::default_memory_pool(),
                                      graph::ArrowTypeFor(prop.type), &builder));
  b->builder_ = std::move(builder);
  return b;
}

int64_t ColumnBuilder::length() const { return builder_->length(); }

Result<std::shared_ptr<arrow::Array>> ColumnBuilder::Finish() {
  std::shared_ptr<arrow::Array> out;
  OG_RETURN_NOT_OK(builder_->Finish(&out));
  return out;
}

Status ColumnBuilder::AppendMissing() {
  if (!prop_.type.nullable) {
    return Status::BadRequest("non-nullable property ", QuoteName(prop_.name), " of ", owner_,
                              " is missing or null");
  }
  return FromArrow(builder_->AppendNull());
}

Status ColumnBuilder::CheckRange(double v) const {
  if (!range_) return Status::OK();
  if (std::isnan(v)) return Status::BadRequest("@range violation on ", owner_, ".", prop_.name, ": value is NaN");
  if (range_->min && v < *range_->min) {
    return Status::BadRequest("@range violation on ", owner_, ".", prop_.name, ": value ", v,
                              " < min ", *range_->min);
  }
  if (range_->max && v > *range_->max) {
    return Status::BadRequest("@range violation on ", owner_, ".", prop_.name, ": value ", v,
                              " > max ", *range_->max);
  }
  return Status::OK();
}

Status ColumnBuilder::CheckPattern(std::string_view s) const {
  if (!check_) return Status::OK();
  auto matches = check_->Matches(s);
  if (!matches.ok()) {
    return matches.status().Prepend("@check on ", owner_, ".", prop_.name, ": value ", QuoteName(s), ": ");
  }
  if (!*matches) {
    return Status::BadRequest("@check violation on ", owner_, ".", prop_.name, ": value ", QuoteName(s), " does not match pattern ", QuoteName(check_->pattern()));
  }
  return Status::OK();
}

Status ColumnBuilder::AppendScalar(const Value& v, lang::ScalarType t, arrow::ArrayBuilder* b,
                                   std::string* canonical) {
  using lang::ScalarType;
  const char* tn = lang::ScalarTypeName(t);
  switch (t) {
    case ScalarType::kString: {
      if (!v.IsString()) {
        return Status::BadRequest("expected a string, got ", JsonTypeName(v));
      }
      std::string_view s = StringOf(v);
      OG_RETURN_NOT_OK(CheckPattern(s));
      if (canonical) *canonical = std::string(s);
      return FromArrow(static_cast<arrow::StringBuilder*>(b)->Append(s));
    }
    case ScalarType::kBlob: {
      if (!v.IsString()) {
        return Status::BadRequest("expected a \"base64:...\" string or a URI for Blob, got ",
                                  JsonTypeName(v));
      }
      std::string_view text = StringOf(v);
      if (text.substr(0, 7) != "base64:") {
        return Status::BadRequest("a Blob value must be \"base64:<data>\"; external Blob URIs are "
                                  "not supported yet");
      }
      OG_ASSIGN_OR_RAISE(std::string bytes, DecodeBase64(text.substr(7)));
      return FromArrow(static_cast<arrow::BinaryBuilder*>(b)->Append(bytes));
    }
    case ScalarType::kBool: {
      if (!v.IsBool()) {
        return Status::BadRequest("expected a boolean, got ", JsonTypeName(v));
      }
      bool x = v.GetBool();
      if (canonical) *canonical = x ? "true" : "false";
      return FromArrow(static_cast<arrow::BooleanBuilder*>(b)->Append(x));
    }
    case ScalarType::kI32: {
      OG_ASSIGN_OR_RAISE(int32_t x, IntegerIn<int32_t>(v, tn));
      OG_RETURN_NOT_OK(CheckRange(x));
      if (canonical) *canonical = std::to_string(x);
      return FromArrow(static_cast<arrow::Int32Builder*>(b)->Append(x));
    }
    case ScalarType::kI64: {
      OG_ASSIGN_OR_RAISE(int64_t x, IntegerIn<int64_t>(v, tn));
      OG_RETURN_NOT_OK(CheckRange(static_cast<double>(x)));
      if (canonical) *canonical = std::to_string(x);
      return FromArrow(static_cast<arrow::Int64Builder*>(b)->Append(x));
    }
    case ScalarType::kU32: {
      OG_ASSIGN_OR_RAISE(uint32_t x, IntegerIn<uint32_t>(v, tn));
      OG_RETURN_NOT_OK(CheckRange(x));
      if (canonical) *canonical = std::to_string(x);
      return FromArrow(static_cast<arrow::UInt32Builder*>(b)->Append(x));
    }
    case ScalarType::kU64: {
      OG_ASSIGN_OR_RAISE(uint64_t x, IntegerIn<uint64_t>(v, tn));
      OG_RETURN_NOT_OK(CheckRange(static_cast<double>(x)));
      if (canonical) *canonical = std::to_string(x);
      return FromArrow(static_cast<arrow::UInt64Builder*>(b)->Append(x));
    }
    case ScalarType::kF32:
    case ScalarType::kF64: {
      OG_ASSIGN_OR_RAISE(double x, NumberOf(v, tn));
      if (!std::isfinite(x) || (t == ScalarType::kF32 && !std::isfinite(static_cast<float>(x)))) {
        return Status::BadRequest("value ", x, " is not a finite ", tn);
      }
      OG_RETURN_NOT_OK(CheckRange(x));
      if (canonical) *canonical = CanonicalFloat(x, t == ScalarType::kF32);
      if (t == ScalarType::kF32) {
        return FromArrow(static_cast<arrow::FloatBuilder*>(b)->Append(static_cast<float>(x)));
      }
      return FromArrow(static_cast<arrow::DoubleBuilder*>(b)->Append(x));
    }
    case ScalarType::kDate: {
      int32_t days;
      if (v.IsString()) {
        OG_ASSIGN_OR_RAISE(days, lang::ParseDate(StringOf(v)));
      } else {
        OG_ASSIGN_OR_RAISE(days, IntegerIn<int32_t>(v, tn));
      }
      if (canonical) *canonical = std::to_string(days);
      return FromArrow(static_cast<arrow::Date32Builder*>(b)->Append(days));
    }
    case ScalarType::kDateTime: {
      int64_t ms;
      if (v.IsString()) {
        OG_ASSIGN_OR_RAISE(ms, lang::ParseDateTime(StringOf(v)));
      } else {
        OG_ASSIGN_OR_RAISE(ms, IntegerIn<int64_t>(v, tn));
      }
      if (canonical) *canonical = std::to_string(ms);
      return FromArrow(static_cast<arrow::Date64Builder*>(b)->Append(ms));
    }
  }
  return Status::Internal("unhandled scalar type");
}

Status ColumnBuilder::Append(const Value& v, std::string* canonical) {
  if (v.IsNull()) return AppendMissing();
  const lang::PropType& type = prop_.type;
  auto context = [&](const Status& st) {
    return st.Prepend("property ", QuoteName(prop_.name), " of ", owner_, ": ");
  };
  switch (type.kind) {
    case lang::PropType::Kind::kScalar: {
      Status st = AppendScalar(v, type.scalar, builder_.get(), canonical);
      if (!st.ok() && st.message().rfind("@", 0) != 0) return context(st);
      return st;
    }
    case lang::PropType::Kind::kEnum: {
      if (!v.IsString()) {
        return context(Status::BadRequest("expected a string, got ", JsonTypeName(v)));
      }
      std::string_view s = StringOf(v);
      if (!std::binary_search(type.enum_values.begin(), type.enum_values.end(), s)) {
        std::string expected;
        for (const auto& e : type.enum_values) expected += (expected.empty() ? "" : ", ") + e;
        return Status::BadRequest("invalid enum value ", QuoteName(s), " for ", owner_, ".", prop_.name,
                                  " (expected: ", expected, ")");
      }
      if (canonical) *canonical = std::string(s);
      return FromArrow(static_cast<arrow::StringBuilder*>(builder_.get())->Append(s));
    }
    case lang::PropType::Kind::kVector: {
      if (!v.IsArray()) {
        return context(Status::BadRequest("expected an array of ", type.vector_dim, " numbers, got ",
                                          JsonTypeName(v)));
      }
      size_t n = v.Size();
      if (n != static_cast<size_t>(type.vector_dim)) {
        return Status::BadRequest("vector property ", QuoteName(prop_.name), " expects ", type.vector_dim,
                                  " dimensions, got ", n);
      }
      auto* list = static_cast<arrow::FixedSizeListBuilder*>(builder_.get());
      auto* values = static_cast<arrow::FloatBuilder*>(list->value_builder());
      std::vector<float> buf;
      buf.reserve(n);
      for (const Value& e : v.GetArray()) {
        if (!e.IsNumber()) {
          return Status::BadRequest("vector property ", QuoteName(prop_.name), ": elements must be numeric");
        }
        double x = NumberOf(e, "F32").ValueOrDie();
        if (!std::isfinite(static_cast<float>(x))) {
          return Status::BadRequest("vector property ", QuoteName(prop_.name), ": elements must be finite");
        }
        buf.push_back(static_cast<float>(x));
      }
      OG_RETURN_NOT_OK(FromArrow(list->Append()));
      return FromArrow(values->AppendValues(buf));
    }
    case lang::PropType::Kind::kList: {
      if (!v.IsArray()) {
        return context(Status::BadRequest("expected an array, got ", JsonTypeName(v)));
      }
      auto* list = static_cast<arrow::ListBuilder*>(builder_.get());
      // Validate every element before appending anything, so a bad element leaves no partial row.
      std::unique_ptr<arrow::ArrayBuilder> scratch;
      OG_RETURN_NOT_OK(FromArrow(arrow::MakeBuilder(
          arrow::default_memory_pool(), list->value_builder()->type(), &scratch)));
      for (const Value& e : v.GetArray()) {
        if (e.IsNull()) {
          return context(Status::BadRequest("list elements cannot be null"));
        }
        Status st = AppendScalar(e, type.scalar, scratch.get(), nullptr);
        if (!st.ok()) return context(st);
      }
      std::shared_ptr<arrow::Array> items;
      OG_RETURN_NOT_OK(FromArrow(scratch->Finish(&items)));
      OG_RETURN_NOT_OK(FromArrow(list->Append()));
      return FromArrow(list->value_builder()->AppendArraySlice(*items->data(), 0, items->length()));
    }
  }
  return Status::Internal("unhandled property kind");
}

}  // namespace og::exec
