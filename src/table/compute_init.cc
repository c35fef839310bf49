#include "table/compute_init.h"

#include <arrow/compute/initialize.h>

#include <mutex>

#include "common/arrow_util.h"

namespace og::table {

Status EnsureArrowCompute() {
  static std::once_flag once;
  static arrow::Status status;
  std::call_once(once, [] { status = arrow::compute::Initialize(); });
  return FromArrow(status);
}

}  // namespace og::table
