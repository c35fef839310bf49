// Bounded edit distance for fuzzy term matching.
//
// Distance: optimal string alignment (Levenshtein plus adjacent transpositions, each edit costing 1,
// no substring edited twice), over Unicode code points, not bytes: "nueral" is 1 edit from "neural",
// "café" 1 from "cafe". This is the distance Lucene's FuzzyQuery uses by default (transpositions on).
// Invalid UTF-8 bytes count as one U+FFFD each.
//
// Thread-safety: the free functions are pure; a FuzzyMatcher holds scratch state and belongs to one
// thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace og::index {

/// Decode UTF-8 into code points (invalid sequences become U+FFFD).
std::u32string DecodeUtf8(std::string_view utf8);

/// The edit distance between `a` and `b` when it is at most `max_edits`, else max_edits + 1.
/// O(min(|a|,|b|) · max_edits) after an O(1) length check. REQUIRES: max_edits >= 0.
int BoundedEditDistance(std::u32string_view a, std::u32string_view b, int max_edits);
int BoundedEditDistance(std::string_view a_utf8, std::string_view b_utf8, int max_edits);

/// Matches many candidates against one query within `max_edits`. Candidates may come in any order;
/// in sorted order (a term dictionary) consecutive candidates share prefixes, and the matcher reuses
/// the dynamic-programming rows of the shared prefix and rejects at once every candidate extending a
/// prefix already beyond reach: a scan of a sorted dictionary behaves like a walk of a trie.
class FuzzyMatcher {
 public:
  /// REQUIRES: max_edits >= 0.
  FuzzyMatcher(std::string_view query_utf8, int max_edits);

  /// The distance from the query to `candidate_utf8` if it is <= max_edits, else nullopt.
  std::optional<int> Match(std::string_view candidate_utf8);

  int max_edits() const { return max_edits_; }
  const std::u32string& query() const { return query_; }

 private:
  std::u32string query_;
  int max_edits_;
  std::u32string prev_;         // the previous candidate
  size_t valid_rows_ = 0;       // rows_[1..valid_rows_] hold the DP rows of prev_'s prefixes
  size_t dead_depth_ = SIZE_MAX;  // prev_'s prefix of this length is already beyond max_edits
  std::vector<int> rows_;       // (|candidate| + 1) rows of (|query| + 1) cells, row-major
  std::u32string scratch_;
};

}  // namespace og::index
