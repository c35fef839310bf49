// Column statistics: computing them from Arrow data, converting them to and from the manifest's
// JSON, and deciding whether a predicate can match a fragment or row group that has them.
//
// Internal to the table layer (TableWriter computes them, TableManifest stores them, ScanTable
// prunes with them). Pure functions; thread-safe.
#pragma once

#include <arrow/type_fwd.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/result.h"
#include "table/predicate.h"
#include "table/table_manifest.h"

namespace og::table {

/// Longest string/binary min kept exactly; longer mins are truncated (still a lower bound) and
/// longer maxes are dropped (unknown).
inline constexpr size_t kMaxStatBytes = 256;

/// Compute stats of `column` (which must have a type for which HasScalarStats is true).
/// Floating columns with NaN, and infinite extremes, get unknown min/max. O(rows).
Result<ColumnStats> ComputeColumnStats(const arrow::ChunkedArray& column);

/// Render a stats scalar as the manifest's typed JSON value (null for nullptr).
Result<nlohmann::json> StatValueToJson(const std::shared_ptr<arrow::Scalar>& value);
/// Parse a manifest JSON stats value as a scalar of `type` (nullptr for JSON null).
Result<std::shared_ptr<arrow::Scalar>> StatValueFromJson(
    const nlohmann::json& value, const std::shared_ptr<arrow::DataType>& type);

/// Compare two non-null scalars whose types are both integral/temporal, both floating, both
/// string/binary or both bool (the types may differ within a family: a date64 statistic and a
/// timestamp[ms] Parquet statistic compare by their tick value). nullopt if they cannot be
/// compared. Returns <0, 0, >0.
std::optional<int> CompareScalars(const arrow::Scalar& a, const arrow::Scalar& b);

/// What pruning may assume about a set of rows.
struct RangeStats {
  const arrow::Scalar* min = nullptr;  // nullptr = unknown
  const arrow::Scalar* max = nullptr;  // nullptr = unknown
  std::optional<uint64_t> null_count;  // nullopt = unknown
  uint64_t rows = 0;
  /// min/max exclude NaN although NaN values may be present (Parquet statistics).
  bool may_hide_nan = false;
};

/// Return false only if no row described by `stats` can satisfy `column op value` under SQL
/// semantics; true when it may. `value` is non-null and has the column's type (ignored for
/// is null / is not null).
bool MayMatch(const RangeStats& stats, CompareOp op, const arrow::Scalar* value);

}  // namespace og::table
