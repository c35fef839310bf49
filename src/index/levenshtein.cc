#include "index/levenshtein.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <cstdlib>

namespace og::index {

std::u32string DecodeUtf8(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto n = static_cast<int32_t>(std::min<size_t>(utf8.size(), INT32_MAX));
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    out.push_back(c < 0 ? U'\uFFFD' : static_cast<char32_t>(c));
  }
  return out;
}

int BoundedEditDistance(std::u32string_view a, std::u32string_view b, int max_edits) {
  const int inf = max_edits + 1;
  if (a.size() < b.size()) std::swap(a, b);  // rows over the longer string, columns over the shorter
  const size_t n = a.size(), m = b.size();
  if (n - m > static_cast<size_t>(max_edits)) return inf;
  if (m == 0) return static_cast<int>(n);
  const auto k = static_cast<size_t>(max_edits);
  // Three rows: row i-2, i-1, i. Only cells within k of the diagonal are computed; the cells just
  // outside the band are set to inf so the next rows never read stale values.
  std::vector<int> storage(3 * (m + 1));
  int* prev2 = storage.data();
  int* prev = prev2 + (m + 1);
  int* cur = prev + (m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = static_cast<int>(std::min<size_t>(j, inf));
  for (size_t i = 1; i <= n; ++i) {
    const size_t lo = i > k ? i - k : 1;
    const size_t hi = std::min(m, i + k);
    cur[0] = static_cast<int>(std::min<size_t>(i, inf));
    if (lo > 1) cur[lo - 1] = inf;
    int row_min = lo == 1 ? cur[0] : inf;
    for (size_t j = lo; j <= hi; ++j) {
      int v = std::min({prev[j - 1] + (a[i - 1] != b[j - 1] ? 1 : 0), prev[j] + 1, cur[j - 1] + 1});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = std::min(v, prev2[j - 2] + 1);
      cur[j] = std::min(v, inf);
      row_min = std::min(row_min, cur[j]);
    }
    if (hi < m) cur[hi + 1] = inf;
    if (row_min > max_edits) return inf;
    int* t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[m];
}

int BoundedEditDistance(std::string_view a_utf8, std::string_view b_utf8, int max_edits) {
  return BoundedEditDistance(DecodeUtf8(a_utf8), DecodeUtf8(b_utf8), max_edits);
}

FuzzyMatcher::FuzzyMatcher(std::string_view query_utf8, int max_edits)
    : query_(DecodeUtf8(query_utf8)), max_edits_(std::max(0, max_edits)) {
  const size_t width = query_.size() + 1;
  rows_.resize(width);
  for (size_t j = 0; j < width; ++j) rows_[j] = static_cast<int>(std::min<size_t>(j, max_edits_ + 1));
}

std::optional<int> FuzzyMatcher::Match(std::string_view candidate_utf8) {
  scratch_ = DecodeUtf8(candidate_utf8);
  const std::u32string& c = scratch_;
  size_t shared = 0;
  while (shared < c.size() && shared < prev_.size() && c[shared] == prev_[shared]) ++shared;

  const size_t m = query_.size();
  const size_t width = m + 1;
  const int inf = max_edits_ + 1;
  auto finish = [&](size_t valid, size_t dead) {
    valid_rows_ = valid;
    dead_depth_ = dead;
    prev_.swap(scratch_);
  };

  // Every extension of a prefix that is already beyond reach is beyond reach.
  if (dead_depth_ <= shared) {
    finish(std::min(valid_rows_, shared), dead_depth_);
    return std::nullopt;
  }
  size_t reuse = std::min(valid_rows_, shared);
  const size_t n = c.size();
  if ((n > m ? n - m : m - n) > static_cast<size_t>(max_edits_)) {
    finish(reuse, SIZE_MAX);
    return std::nullopt;
  }
  if (rows_.size() < (n + 1) * width) rows_.resize((n + 1) * width);
  for (size_t r = reuse + 1; r <= n; ++r) {
    int* row = &rows_[r * width];
    const int* up = row - width;
    const int* up2 = r >= 2 ? up - width : nullptr;
    row[0] = static_cast<int>(std::min<size_t>(r, inf));
    int row_min = row[0];
    for (size_t j = 1; j <= m; ++j) {
      int v = std::min({up[j - 1] + (c[r - 1] != query_[j - 1] ? 1 : 0), up[j] + 1, row[j - 1] + 1});
      if (r >= 2 && j >= 2 && c[r - 1] == query_[j - 2] && c[r - 2] == query_[j - 1]) {
        v = std::min(v, up2[j - 2] + 1);
      }
      row[j] = std::min(v, inf);
      row_min = std::min(row_min, row[j]);
    }
    // Row minima never decrease with depth (also with transpositions), so this prefix is dead.
    if (row_min > max_edits_) {
      finish(r, r);
      return std::nullopt;
    }
  }
  finish(n, SIZE_MAX);
  int d = rows_[n * width + m];
  if (d > max_edits_) return std::nullopt;
  return d;
}

}  // namespace og::index
