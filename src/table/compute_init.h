// Arrow ≥ 21 ships its compute kernels in a separate library that must be registered once
// before any arrow::compute function is called. Internal to the table layer.
#pragma once

#include "common/status.h"

namespace og::table {

/// Register Arrow's compute kernels (once per process; later calls are free). Thread-safe.
Status EnsureArrowCompute();

}  // namespace og::table
