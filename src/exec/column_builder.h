// ColumnBuilder: appends JSON input values of one declared property to an Arrow column, checking
// everything that can be checked on a single value: the JSON type, integer ranges, finiteness,
// vector dimensions, enum membership, @range and @check. Used by the loader (and by mutations for
// literal and parameter values) so every write path reports the same errors.
//
// Not thread-safe; one builder per column per write.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <arrow/array/builder_base.h>
#include <rapidjson/document.h>

#include "common/result.h"
#include "lang/catalog.h"
#include "lang/check_pattern.h"


namespace og::exec {

class ColumnBuilder {
 public:
  /// `owner` is the type name used in messages ("Person"). `range`/`check` may be null.
  static Result<std::unique_ptr<ColumnBuilder>> Make(const std::string& owner,
                                                     const lang::Property& prop,
                                                     const lang::RangeConstraint* range,
                                                     const lang::CheckConstraint* check);
  ~ColumnBuilder();

  /// Append one JSON value (null allowed only for nullable properties). On error nothing is
  /// appended and the message says what is wrong with the value (the caller adds the line).
  /// When `canonical` is non-null it receives the value's canonical id rendering (languages.md
  /// §1.6), used for key-derived ids.
  Status Append(const rapidjson::Value& value, std::string* canonical = nullptr);
  /// Append null, or fail if the property is not nullable ("missing").
  Status AppendMissing();

  int64_t length() const;
  Result<std::shared_ptr<arrow::Array>> Finish();
  const lang::Property& property() const { return prop_; }

 private:
  ColumnBuilder(std::string owner, lang::Property prop);
  Status AppendScalar(const rapidjson::Value& v, lang::ScalarType t, arrow::ArrayBuilder* b,
                      std::string* canonical);
  Status CheckRange(double v) const;
  Status CheckPattern(std::string_view s) const;

  std::string owner_;
  lang::Property prop_;
  std::optional<lang::RangeConstraint> range_;
  std::optional<lang::CheckPattern> check_;
  std::unique_ptr<arrow::ArrayBuilder> builder_;
};

/// Canonical id text of a float key (shortest round-trip spelling; both zeros → "0").
std::string CanonicalFloat(double v, bool is_f32);

}  // namespace og::exec
