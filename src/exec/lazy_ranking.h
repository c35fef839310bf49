// LazyRanking: scored rows handed out in rank order, sorted only as far as they are read.
//
// A ranked query usually stops after its first rows (`limit 10` over thousands of BM25 matches),
// so the order is established in growing prefixes — 64 rows, then 128, 256, ... — each by
// nth_element (linear) and a sort of the prefix: reading k rows of n costs O(n + k log k) instead
// of O(n log n). Reading them all costs about what one full sort does.
//
// Thread-safety: one user at a time.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace og::exec {

/// Strict weak order of (row, score) pairs: true when `a` ranks before `b`.
using RankLess = std::function<bool(const std::pair<int64_t, double>&, const std::pair<int64_t, double>&)>;

class LazyRanking {
 public:
  /// `rows` in any order, ranked by `less`.
  LazyRanking(std::vector<std::pair<int64_t, double>> rows, RankLess less)
      : rows_(std::move(rows)), less_(std::move(less)) {}
  /// `rows` already in rank order.
  static LazyRanking Sorted(std::vector<std::pair<int64_t, double>> rows) {
    LazyRanking r(std::move(rows), nullptr);
    r.sorted_ = r.rows_.size();
    return r;
  }

  size_t size() const { return rows_.size(); }

  /// The row ranked i-th (0-based). REQUIRES: i < size().
  int64_t RowAt(size_t i) {
    if (i >= sorted_) SortThrough(i);
    return rows_[i].first;
  }

 private:
  void SortThrough(size_t i) {
    size_t end = std::max({i + 1, 2 * sorted_, size_t{64}});
    end = std::min(end, rows_.size());
    auto first = rows_.begin() + static_cast<std::ptrdiff_t>(sorted_);
    auto last = rows_.begin() + static_cast<std::ptrdiff_t>(end);
    // Rows before sorted_ all rank before every row after it, so the prefix only grows.
    if (last != rows_.end()) std::nth_element(first, last - 1, rows_.end(), less_);
    std::sort(first, last, less_);
    sorted_ = end;
  }

  std::vector<std::pair<int64_t, double>> rows_;
  RankLess less_;
  size_t sorted_ = 0;
};

}  // namespace og::exec
