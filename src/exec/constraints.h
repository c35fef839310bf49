// Constraint checks over the final image of a written table, shared by every write path (load,
// mutation; later merge), so the same rule gives the same error whichever way data arrives.
//
// A final image is the table's committed live rows minus the ones the write removes (replaced or
// deleted), plus the rows it writes. Checks read only Arrow data and never touch storage.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <arrow/type_fwd.h>

#include "common/result.h"
#include "lang/catalog.h"

namespace og::exec {

struct FinalImage {
  const arrow::RecordBatch* committed = nullptr;  // committed live rows (id first)
  const std::vector<bool>* removed = nullptr;     // per committed row: removed by this write
  const arrow::Table* written = nullptr;          // the rows this write adds (table schema)
};

/// A violation found among the written rows: the error and the written row it concerns (so a
/// loader can name the source line).
struct Violation {
  Status status;
  int64_t written_row = -1;  // -1 when no written row is at fault
};

/// Every `@unique` group of `type_name` holds for the image: no two rows (by id) share a tuple
/// with no null part. "@unique violation on T.col: value 'v' held by 'a' and 'b'".
std::optional<Violation> CheckUnique(const std::string& type_name,
                                     const std::vector<std::vector<std::string>>& uniques,
                                     const FinalImage& image);

/// `@card` of `edge` holds for every source in `sources` that still exists (`source_exists`):
/// its count of edges in the image lies within [min, max].
/// "@card violation on edge E: source 'S' has N edges (max M)".
std::optional<Violation> CheckCardinality(const lang::EdgeType& edge, const FinalImage& image,
                                          const std::set<std::string>& sources,
                                          const std::function<bool(const std::string&)>& source_exists);

}  // namespace og::exec
