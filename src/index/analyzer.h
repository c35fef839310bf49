// Analyzer: turns text into index terms. One analyzer serves both indexing and querying, so a query
// term and a document term meet in the same form.
//
// Pipeline, per input text:
//   1. Invalid UTF-8 is decoded with U+FFFD replacement (never an error, never a crash).
//   2. ICU's word BreakIterator (UAX #29, root locale) splits the text; only word segments are
//      kept (letters, numbers, kana, ideographs); spaces, punctuation and symbols are dropped. An
//      ideographic segment (ICU groups Chinese/Japanese by dictionary) is split further into one
//      word per code point, so CJK matching does not depend on ICU's dictionary.
//   3. Each word is normalised with NFKC_Casefold: full Unicode case folding ("Straße" → "strasse")
//      plus compatibility composition (decomposed "e\u0301" → "é", "ﬁ" → "fi"). U+2019 (’) becomes
//      an ASCII apostrophe, so "don’t" and "don't" agree. This folded word is the token's `surface`.
//   4. Every word takes the next position (0, 1, 2, ...), stop words and over-long words included,
//      so a phrase across a removed word keeps its gap.
//   5. Words longer than kMaxTermBytes (after folding) and stop words are dropped.
//   6. The Snowball stemmer of the configured language stems the rest; the stem is the `term`.
//
// The document length used by BM25 is the number of tokens emitted (after step 5).
//
// Thread-safety: an Analyzer is immutable after Make(); Analyze() is safe to call concurrently
// (each call borrows a private ICU break iterator and Snowball stemmer from a small pool).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace og::index {

/// One analysed word.
struct Token {
  std::string term;     ///< the indexed form: folded, then stemmed
  std::string surface;  ///< the folded word before stemming (fuzzy matching compares these)
  uint32_t position;    ///< word number in the text, counting stop words

  bool operator==(const Token&) const = default;
};

struct AnalyzerOptions {
  /// A Snowball algorithm name or ISO code ("english", "en", "german", "porter", ...), or "none"
  /// to keep folded words unstemmed.
  std::string language = "english";
  /// Words dropped after folding (compared with the folded, unstemmed word). nullopt means the
  /// built-in English list when `language` is English, and none for every other language.
  std::optional<std::vector<std::string>> stop_words;
};

class Analyzer {
 public:
  /// Words longer than this many UTF-8 bytes after folding are not indexed (their position counts).
  static constexpr size_t kMaxTermBytes = 255;

  /// Build an analyzer. BadRequest when `options.language` is not a Snowball algorithm, naming the
  /// available ones.
  static Result<std::shared_ptr<const Analyzer>> Make(AnalyzerOptions options = {});

  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  /// Analyse `text` into tokens in position order. O(text length).
  std::vector<Token> Analyze(std::string_view text) const;

  /// The stemmer name as given in the options ("english").
  const std::string& language() const { return language_; }
  /// The stop words in effect, sorted.
  const std::vector<std::string>& stop_words() const { return stop_words_; }
  /// True when `folded_word` is a stop word.
  bool IsStopWord(std::string_view folded_word) const;

  /// The built-in English stop-word list.
  static const std::vector<std::string>& EnglishStopWords();

 private:
  struct Workspace;
  Analyzer(std::string language, bool stem, std::vector<std::string> stop_words);

  std::unique_ptr<Workspace> Borrow() const;
  void Return(std::unique_ptr<Workspace> ws) const;

  const std::string language_;
  const bool stem_;
  const std::vector<std::string> stop_words_;  // sorted, unique
  size_t max_stop_word_bytes_ = 0;             // longer words skip the stop-word search

  mutable std::mutex pool_mu_;
  mutable std::vector<std::unique_ptr<Workspace>> pool_;  // GUARDED_BY(pool_mu_)
};

}  // namespace og::index
