// Seam between Arrow's error type and ours. Header-only so og_common itself does not link Arrow.
#pragma once

#include <arrow/result.h>
#include <arrow/status.h>

#include "common/result.h"

namespace og {

/// Convert an arrow::Status (IOError → IOError, Invalid/TypeError → BadRequest, else Internal).
inline Status FromArrow(const arrow::Status& st) {
  if (st.ok()) return Status::OK();
  if (st.IsIOError()) return Status::IOError(st.message());
  if (st.IsInvalid() || st.IsTypeError()) return Status::BadRequest(st.message());
  if (st.IsKeyError() || st.IsIndexError()) return Status::NotFound(st.message());
  return Status::Internal("arrow: ", st.ToString());
}
inline Status ToStatus(const arrow::Status& st) { return FromArrow(st); }
template <typename T>
inline Status ToStatus(const arrow::Result<T>& r) {
  return FromArrow(r.status());
}

}  // namespace og

/// Like OG_ASSIGN_OR_RAISE for an arrow::Result<T>.
#define OG_ARROW_ASSIGN_OR_RAISE_IMPL(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                                  \
  if (!tmp.ok()) return ::og::FromArrow(tmp.status()); \
  lhs = std::move(tmp).ValueUnsafe();
#define OG_ARROW_ASSIGN_OR_RAISE(lhs, rexpr) \
  OG_ARROW_ASSIGN_OR_RAISE_IMPL(OG_CONCAT(_og_aresult_, __LINE__), lhs, rexpr)

