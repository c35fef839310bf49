// LazyRanking: scored rows handed out in rank order — best score first, ties by id — sorted only
// as far as they are read.
//
// A ranked query usually stops after its first rows (`limit 10` over thousands of BM25 matches),
// so the order is established in growing prefixes — 64 rows, then 128, 256, ... — each by
// selecting the best rows by score (nth_element: linear, double comparisons only) and sorting just
// those, with the rows tied at the threshold score: reading k rows of n costs O(n + k log k), and
// ids (string comparisons) are only compared among the rows sorted.
//
// Thread-safety: one user at a time.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include <arrow/array.h>

namespace og::exec {

class LazyRanking {
 public:
  using Scored = std::pair<int64_t, double>;  // (row, score)

  /// `rows` in any order; higher scores rank first, ties by the rows' ids in `ids` (by row
  /// number when null). `ids` must outlive the ranking.
  LazyRanking(std::vector<Scored> rows, const arrow::StringArray* ids) : rows_(std::move(rows)), less_{ids} {}
  /// `rows` already in rank order.
  static LazyRanking Sorted(std::vector<Scored> rows) {
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
  struct Less {
    const arrow::StringArray* ids;
    bool operator()(const Scored& a, const Scored& b) const {
      if (a.second != b.second) return a.second > b.second;
      return ids ? ids->GetView(a.first) < ids->GetView(b.first) : a.first < b.first;
    }
  };

  void SortThrough(size_t i) {
    size_t want = std::min(std::max({i + 1, 2 * sorted_, size_t{64}}), rows_.size());
    auto first = rows_.begin() + static_cast<std::ptrdiff_t>(sorted_);
    auto nth = rows_.begin() + static_cast<std::ptrdiff_t>(want - 1);
    // Select by score alone (cheap double comparisons), then take every row tied with the
    // threshold score too: ids are compared only within that set, when it is sorted in full.
    std::nth_element(first, nth, rows_.end(), [](const Scored& a, const Scored& b) { return a.second > b.second; });
    const double threshold = nth->second;
    auto ties_end = std::partition(nth + 1, rows_.end(), [threshold](const Scored& r) { return r.second == threshold; });
    // Rows before sorted_ all rank before every row after it, so the prefix only grows.
    std::sort(first, ties_end, less_);
    sorted_ = static_cast<size_t>(ties_end - rows_.begin());
  }

  std::vector<Scored> rows_;
  Less less_;
  size_t sorted_ = 0;
};

}  // namespace og::exec
