// CheckPattern: the regular expression of a `@check(p, "regex")` constraint. Matching is an
// unanchored search ("find" semantics), as languages.md §1.4 requires.
//
// Built on PCRE2 (UTF mode), whose matcher keeps its backtracking state on the heap under explicit
// limits, so neither a deeply nested pattern nor a long value can exhaust the stack: compiling
// refuses groups nested deeper than kMaxGroupNesting, and a match that exceeds its step or memory
// budget is an error, not a crash. (std::regex recursed per character and per group and crashed on
// both; RE2 is out because the pyarrow wheel's libarrow_compute exports its own RE2 symbols —
// docs/ARCHITECTURE.md, "Dependencies and symbol clashes".)
//
// Immutable after Compile; Matches is safe to call from many threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"

namespace og::lang {

class CheckPattern {
 public:
  static constexpr int kMaxGroupNesting = 64;
  static constexpr size_t kMaxPatternBytes = 4096;

  /// Compile `pattern`. BadRequest with the reason and offset if it is not valid or too complex.
  static Result<CheckPattern> Compile(const std::string& pattern);

  /// True if some substring of `text` matches. BadRequest when the match exceeds its limits (a
  /// pathological pattern for this value) or `text` is not valid UTF-8.
  Result<bool> Matches(std::string_view text) const;
  const std::string& pattern() const { return pattern_; }

 private:
  struct Compiled;
  CheckPattern(std::string pattern, std::shared_ptr<const Compiled> re)
      : pattern_(std::move(pattern)), re_(std::move(re)) {}
  std::string pattern_;
  std::shared_ptr<const Compiled> re_;
};

}  // namespace og::lang
