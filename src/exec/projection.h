// Projection: turning kept binding rows into the result's Arrow columns.
#pragma once

#include <memory>
#include <vector>

#include <arrow/type_fwd.h>

#include "common/result.h"
#include "exec/exec_context.h"

namespace og::exec {

/// The column of `op` for the given table rows of its variable (-1 gives null); a constant is
/// repeated. The gathered bytes are charged to the context's budget.
Result<std::shared_ptr<arrow::Array>> GatherColumn(ExecContext& ctx, const Operand& op,
                                                   const std::vector<int64_t>& table_rows);

/// The result table: one column per plan projection, named as projected.
Result<std::shared_ptr<arrow::Table>> MakeResultTable(const Plan& plan, const arrow::ArrayVector& columns);

}  // namespace og::exec
