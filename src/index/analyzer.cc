#include "index/analyzer.h"

#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/ubrk.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>

namespace og::index {
namespace {

bool IsEnglish(std::string_view language) {
  return language == "english" || language == "en" || language == "eng" || language == "porter";
}

[[noreturn]] void DieOutOfMemory(const char* what) {
  std::fprintf(stderr, "og::index::Analyzer: cannot create %s (out of memory)\n", what);
  std::abort();
}

const icu::Normalizer2& FoldingNormalizer() {
  static const icu::Normalizer2* normalizer = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status) || n == nullptr) {
      std::fprintf(stderr, "og::index::Analyzer: ICU NFKC_Casefold data unavailable: %s\n",
                   u_errorName(status));
      std::abort();
    }
    return n;
  }();
  return *normalizer;
}

}  // namespace

// Everything one Analyze call mutates: ICU break iterators and Snowball stemmers are not
// thread-safe, so each concurrent call holds its own.
struct Analyzer::Workspace {
  std::unique_ptr<icu::BreakIterator> words;
  sb_stemmer* stemmer = nullptr;
  UText utext = UTEXT_INITIALIZER;
  std::string folded;
  icu::UnicodeString wide;
  icu::UnicodeString wide_folded;

  ~Workspace() {
    utext_close(&utext);
    sb_stemmer_delete(stemmer);
  }
};

const std::vector<std::string>& Analyzer::EnglishStopWords() {
  static const std::vector<std::string> words = {
      "a",    "an",   "and",  "are",   "as",   "at",    "be",   "but",  "by",
      "for",  "if",   "in",   "into",  "is",   "it",    "no",   "not",  "of",
      "on",   "or",   "such", "that",  "the",  "their", "then", "there", "these",
      "they", "this", "to",   "was",   "will", "with"};
  return words;
}

Analyzer::Analyzer(std::string language, bool stem, std::vector<std::string> stop_words)
    : language_(std::move(language)), stem_(stem), stop_words_(std::move(stop_words)) {
  for (const auto& w : stop_words_) max_stop_word_bytes_ = std::max(max_stop_word_bytes_, w.size());
}

Analyzer::~Analyzer() = default;

Result<std::shared_ptr<const Analyzer>> Analyzer::Make(AnalyzerOptions options) {
  bool stem = options.language != "none";
  if (stem) {
    sb_stemmer* probe = sb_stemmer_new(options.language.c_str(), nullptr);
    if (probe == nullptr) {
      std::string names;
      for (const char** p = sb_stemmer_list(); *p != nullptr; ++p) {
        if (!names.empty()) names += ", ";
        names += *p;
      }
      return Status::BadRequest("unknown text analyzer language '", options.language,
                                "' (available: none, ", names, ")");
    }
    sb_stemmer_delete(probe);
  }
  std::vector<std::string> stop_words;
  if (options.stop_words) {
    stop_words = std::move(*options.stop_words);
  } else if (IsEnglish(options.language)) {
    stop_words = EnglishStopWords();
  }
  std::sort(stop_words.begin(), stop_words.end());
  stop_words.erase(std::unique(stop_words.begin(), stop_words.end()), stop_words.end());
  FoldingNormalizer();  // load ICU data now rather than inside the first Analyze
  auto analyzer = std::shared_ptr<Analyzer>(
      new Analyzer(std::move(options.language), stem, std::move(stop_words)));
  analyzer->Return(analyzer->Borrow());  // fail here, not later, if ICU has no word-break data
  return std::shared_ptr<const Analyzer>(std::move(analyzer));
}

bool Analyzer::IsStopWord(std::string_view folded_word) const {
  if (folded_word.size() > max_stop_word_bytes_) return false;
  auto it = std::lower_bound(stop_words_.begin(), stop_words_.end(), folded_word,
                             [](const std::string& a, std::string_view b) { return a < b; });
  return it != stop_words_.end() && *it == folded_word;
}

std::unique_ptr<Analyzer::Workspace> Analyzer::Borrow() const {
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    if (!pool_.empty()) {
      auto ws = std::move(pool_.back());
      pool_.pop_back();
      return ws;
    }
  }
  auto ws = std::make_unique<Workspace>();
  UErrorCode status = U_ZERO_ERROR;
  ws->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || ws->words == nullptr) DieOutOfMemory("an ICU word break iterator");
  if (stem_) {
    ws->stemmer = sb_stemmer_new(language_.c_str(), nullptr);
    if (ws->stemmer == nullptr) DieOutOfMemory("a Snowball stemmer");
  }
  return ws;
}

void Analyzer::Return(std::unique_ptr<Workspace> ws) const {
  constexpr size_t kMaxPooled = 64;
  std::lock_guard<std::mutex> lock(pool_mu_);
  if (pool_.size() < kMaxPooled) pool_.push_back(std::move(ws));
}

std::vector<Token> Analyzer::Analyze(std::string_view text) const {
  std::vector<Token> tokens;
  if (text.empty()) return tokens;
  // ICU indexes text with int32_t; longer inputs are analysed up to that bound.
  if (text.size() > static_cast<size_t>(INT32_MAX)) text = text.substr(0, INT32_MAX);

  std::unique_ptr<Workspace> ws = Borrow();
  UErrorCode status = U_ZERO_ERROR;
  utext_openUTF8(&ws->utext, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_SUCCESS(status)) ws->words->setText(&ws->utext, status);
  if (U_FAILURE(status)) {
    Return(std::move(ws));
    return tokens;
  }
  uint32_t position = 0;

  // Fold, filter and stem one word (`word` is a slice of `text`, maybe holding invalid bytes).
  auto emit = [&](std::string_view word) {
    std::string& folded = ws->folded;
    folded.clear();
    bool ascii = std::all_of(word.begin(), word.end(),
                             [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) {
      // NFKC_Casefold of ASCII is ASCII lower-casing.
      folded.resize(word.size());
      std::transform(word.begin(), word.end(), folded.begin(), [](char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      });
    } else {
      ws->wide = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
      UErrorCode st = U_ZERO_ERROR;
      FoldingNormalizer().normalize(ws->wide, ws->wide_folded, st);
      if (U_FAILURE(st)) ws->wide_folded = ws->wide;
      ws->wide_folded.findAndReplace(icu::UnicodeString(static_cast<UChar>(0x2019)),
                                     icu::UnicodeString(static_cast<UChar>(u'\'')));
      ws->wide_folded.toUTF8String(folded);
    }
    uint32_t pos = position++;
    if (folded.empty() || folded.size() > kMaxTermBytes || IsStopWord(folded)) return;
    Token token;
    token.position = pos;
    token.surface = folded;
    if (ws->stemmer != nullptr) {
      const sb_symbol* stemmed = sb_stemmer_stem(
          ws->stemmer, reinterpret_cast<const sb_symbol*>(folded.data()), static_cast<int>(folded.size()));
      if (stemmed != nullptr) {
        token.term.assign(reinterpret_cast<const char*>(stemmed),
                          static_cast<size_t>(sb_stemmer_length(ws->stemmer)));
      }
      if (token.term.empty()) token.term = folded;  // out of memory in Snowball: index unstemmed
    } else {
      token.term = folded;
    }
    tokens.push_back(std::move(token));
  };

  icu::BreakIterator& words = *ws->words;
  int32_t start = words.first();
  for (int32_t end = words.next(); end != icu::BreakIterator::DONE; start = end, end = words.next()) {
    int32_t rule = words.getRuleStatus();
    if (rule < UBRK_WORD_NONE_LIMIT) continue;  // space, punctuation, symbols
    std::string_view word = text.substr(start, end - start);
    if (rule >= UBRK_WORD_IDEO && rule < UBRK_WORD_IDEO_LIMIT) {
      // One word per code point.
      int32_t i = 0;
      const auto* bytes = reinterpret_cast<const uint8_t*>(word.data());
      auto length = static_cast<int32_t>(word.size());
      while (i < length) {
        int32_t from = i;
        UChar32 c;
        U8_NEXT(bytes, i, length, c);
        (void)c;
        emit(word.substr(from, i - from));
      }
    } else {
      emit(word);
    }
  }
  Return(std::move(ws));
  return tokens;
}

}  // namespace og::index
