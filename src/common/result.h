// og::Result<T>: a value or an error Status. The return type of everything that can fail and
// produces something. Mirrors arrow::Result: check ok(), then take the value with *, -> or
// MoveValueUnsafe(); or propagate with OG_ASSIGN_OR_RAISE.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "common/status.h"

namespace og {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).ok() && "Result built from an OK status");
  }
  template <typename U, typename = std::enable_if_t<std::is_convertible_v<U&&, T> &&
                                                    !std::is_same_v<std::decay_t<U>, Status> &&
                                                    !std::is_same_v<std::decay_t<U>, T>>>
  Result(U&& value) : v_(T(std::forward<U>(value))) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(v_); }
  Status status() const { return ok() ? Status::OK() : std::get<Status>(v_); }

  const T& operator*() const& { return std::get<T>(v_); }
  T& operator*() & { return std::get<T>(v_); }
  T&& operator*() && { return std::get<T>(std::move(v_)); }
  const T* operator->() const { return &std::get<T>(v_); }
  T* operator->() { return &std::get<T>(v_); }
  /// The value; on an error, print the status to stderr and abort (never a bare
  /// std::bad_variant_access). For tests and for values known to be present.
  const T& ValueOrDie() const& {
    if (!ok()) internal::DieWithStatus(std::get<Status>(v_), "ValueOrDie");
    return std::get<T>(v_);
  }
  /// Move the value out. REQUIRES: ok(); checked, with the same abort as ValueOrDie.
  T MoveValueUnsafe() {
    if (!ok()) internal::DieWithStatus(std::get<Status>(v_), "MoveValueUnsafe");
    return std::get<T>(std::move(v_));
  }

 private:
  std::variant<T, Status> v_;
};

template <typename T>
inline Status ToStatus(const Result<T>& r) {
  return r.status();
}

}  // namespace og

#define OG_ASSIGN_OR_RAISE_IMPL(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                            \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).MoveValueUnsafe();

/// Evaluate `rexpr` (a Result<T>); on error return its status, else assign the value to `lhs`
/// (which may be a declaration: `OG_ASSIGN_OR_RAISE(auto x, F());`).
#define OG_ASSIGN_OR_RAISE(lhs, rexpr) \
  OG_ASSIGN_OR_RAISE_IMPL(OG_CONCAT(_og_result_, __LINE__), lhs, rexpr)
