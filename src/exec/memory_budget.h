// MemoryBudget: the working memory one read query may hold in intermediate state (collected or
// sorted rows, aggregate groups, traversal marks, scan candidates). Operators reserve before they
// grow and release what they free; a reservation past the limit fails with ResourceExhausted and a
// ResourceLimitDetail {"query_memory_bytes", limit, needed}, so an over-large query stops with a
// clear error instead of exhausting the process.
//
// The figure is an estimate of the big structures (8 bytes per row slot, bytes per hash entry),
// not an allocator count: it bounds growth, it is not an exact RSS limit.
//
// Thread-safety: Reserve/Release may be called from several threads at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "common/result.h"

namespace og::exec {

/// The default limit: OMNIGRAPH_QUERY_MEMORY_LIMIT if set (BadRequest naming the variable when it
/// is not a byte size), else 2 GiB.
Result<int64_t> DefaultQueryMemoryLimit();

/// Parse a byte size: a number with an optional suffix B, KB/KiB, MB/MiB, GB/GiB (powers of 1024;
/// case-insensitive). BadRequest for anything else or a value of 0.
Result<int64_t> ParseByteSize(const std::string& text);

/// "1.5 GiB", "512 KiB", "100 B".
std::string FormatBytes(int64_t bytes);

class MemoryBudget {
 public:
  explicit MemoryBudget(int64_t limit_bytes) : limit_(limit_bytes) {}

  /// Reserve `bytes` for `what` (named in the error). ResourceExhausted past the limit; then
  /// nothing is reserved.
  Status Reserve(int64_t bytes, const char* what);
  void Release(int64_t bytes) { used_.fetch_sub(bytes, std::memory_order_relaxed); }

  int64_t used() const { return used_.load(std::memory_order_relaxed); }
  int64_t limit() const { return limit_; }

 private:
  int64_t limit_;
  std::atomic<int64_t> used_{0};
};

/// A reservation that follows a structure's size: Grow(n) reserves up to n bytes in total, and
/// the destructor releases everything reserved.
class BudgetLease {
 public:
  explicit BudgetLease(MemoryBudget* budget) : budget_(budget) {}
  BudgetLease(const BudgetLease&) = delete;
  BudgetLease& operator=(const BudgetLease&) = delete;
  ~BudgetLease() {
    if (budget_) budget_->Release(held_);
  }
  /// Make the lease hold at least `total_bytes`.
  Status GrowTo(int64_t total_bytes, const char* what) {
    if (total_bytes <= held_) return Status::OK();
    OG_RETURN_NOT_OK(budget_->Reserve(total_bytes - held_, what));
    held_ = total_bytes;
    return Status::OK();
  }
  int64_t held() const { return held_; }

 private:
  MemoryBudget* budget_;
  int64_t held_ = 0;
};

}  // namespace og::exec
