// GallopLowerBound: std::lower_bound for a sequence of ascending probes.
//
// Walking a sorted posting list against another sorted array (a document table, a fragment's row
// offsets) probes ascending values; each search starts where the last one ended and moves in
// doubling steps, costing O(log distance) instead of O(log n): near O(1) per probe when the probes
// are dense, never worse than a binary search when they are sparse.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <iterator>

namespace og {

/// The first position in [from, end) whose element is not less than `value`.
/// REQUIRES: [from, end) sorted by `less`, and every element before `from` less than `value`
/// (so the answer is at or after `from`).
template <typename It, typename T, typename Less = std::less<>>
It GallopLowerBound(It from, It end, const T& value, Less less = {}) {
  It lo = from;
  std::ptrdiff_t step = 1;
  while (end - lo > step && less(*(lo + step), value)) {
    lo += step;
    step *= 2;
  }
  It hi = end - lo > step ? lo + step + 1 : end;  // *(lo + step) >= value when hi != end
  return std::lower_bound(lo, hi, value, less);
}

}  // namespace og
