// How a table's Arrow types map onto the Parquet files of its fragments, and back.
//
// Fragments are plain Parquet written by Arrow, with one adjustment: Arrow would write date64 as
// Parquet DATE (days) and lose the time of day, so date64 is stored as TIMESTAMP(MILLIS) (no
// zone) — the same 64-bit millisecond values, which DuckDB reads as TIMESTAMP. Reading converts
// back without copying. Internal to the table layer; pure functions, thread-safe.
#pragma once

#include <arrow/type_fwd.h>

#include <memory>

#include "common/result.h"

namespace og::table {

/// The Arrow type a column of `type` has inside a fragment file (date64 → timestamp[ms],
/// recursively through nested types; everything else unchanged).
std::shared_ptr<arrow::DataType> StorageType(const std::shared_ptr<arrow::DataType>& type);
/// StorageType applied to every field (names, nullability and metadata kept).
std::shared_ptr<arrow::Schema> StorageSchema(const arrow::Schema& schema);

/// True if arrays of type `from` can be reinterpreted as `to` without copying: equal types, or
/// types that differ only in the names/nullability of nested list/map children, or (when
/// `date64_as_timestamp`) date64 vs timestamp[ms] without zone, recursively.
bool SameLayout(const arrow::DataType& from, const arrow::DataType& to,
                bool date64_as_timestamp = true);

/// Reinterpret `column` as `type`. REQUIRES: SameLayout(column type, type). O(chunks).
Result<std::shared_ptr<arrow::ChunkedArray>> ViewAs(
    const std::shared_ptr<arrow::ChunkedArray>& column,
    const std::shared_ptr<arrow::DataType>& type);

}  // namespace og::table
