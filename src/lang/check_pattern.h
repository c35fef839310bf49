// CheckPattern: the regular expression of a `@check(p, "regex")` constraint. Matching is an
// unanchored search ("find" semantics), as languages.md §1.4 requires.
//
// Built on std::regex (ECMAScript syntax, which covers the Rust-regex subset schemas use: classes,
// anchors, quantifiers, alternation, groups). Not RE2: the pyarrow wheel's libarrow_compute exports
// its own bundled RE2 symbols, which interpose on a system RE2 and corrupt memory
// (docs/ARCHITECTURE.md, "Dependencies and symbol clashes").
//
// Immutable after Compile; Matches is safe to call from many threads.
#pragma once

#include <memory>
#include <regex>
#include <string>
#include <string_view>

#include "common/result.h"

namespace og::lang {

class CheckPattern {
 public:
  /// Compile `pattern`. BadRequest with the regex library's reason if it is not valid.
  static Result<CheckPattern> Compile(const std::string& pattern);

  /// True if some substring of `text` matches.
  bool Matches(std::string_view text) const;
  const std::string& pattern() const { return pattern_; }

 private:
  CheckPattern(std::string pattern, std::shared_ptr<const std::regex> re)
      : pattern_(std::move(pattern)), re_(std::move(re)) {}
  std::string pattern_;
  std::shared_ptr<const std::regex> re_;
};

}  // namespace og::lang
