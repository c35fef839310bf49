// Lowering: a typechecked read query + bound parameters → the physical Plan the executor runs.
//
// Clause order in the source does not matter (languages.md §2.4): the lowerer starts from a binding
// (a scan with its inline filters and every single-variable filter pushed into it), expands along
// traversals from whichever endpoint is already bound, applies each filter as soon as its variables
// are bound, and runs each `not { }` as an anti-join once the outer variables it names are bound.
#pragma once

#include <cstdint>

#include "common/result.h"
#include "exec/plan.h"
#include "lang/gq_check.h"

namespace og::exec {

/// Build the plan of `query`. `now_ms` is the value of now() for this execution. A query ordered
/// by a ranking (bm25, nearest, rrf) starts with a RankedScanStep over the ranked variable, which
/// takes every filter and text predicate on that variable alone; BadRequest when the ranked
/// variable has no `$x: Type` binding, or rrf arms rank different variables.
Result<Plan> LowerRead(const lang::CheckedQuery& query, const lang::Catalog& catalog,
                       const lang::BoundParams& params, int64_t now_ms);

}  // namespace og::exec
