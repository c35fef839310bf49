// BM25 relevance scoring (Robertson/Sparck Jones, in Lucene's form). Pure functions.
//
//   idf(df, N)   = ln(1 + (N - df + 0.5) / (df + 0.5))                  (never negative)
//   term score   = idf · tf · (k1 + 1) / (tf + k1 · (1 - b + b · doc_len / avg_len))
//   doc score    = Σ over query terms, once per occurrence in the query, of the term score
//
// Defaults k1 = 1.2, b = 0.75. Differences from Lucene, on purpose:
// - The (k1 + 1) factor is kept (Lucene 8+ drops it). It scales every score by the same constant,
//   so rankings are identical; scores are the textbook BM25 values.
// - Document lengths are exact (Lucene stores them lossily in one byte).
// - A query term repeated in the query counts once per occurrence, as Lucene's query parser makes
//   one SHOULD clause per occurrence: "graph graph database" weighs "graph" twice.
// - df is clamped to [0, N] (statistics computed over live documents can fall below a df counted
//   before deletions), so idf is never negative; N = 0 or tf = 0 scores 0.
#pragma once

#include <cstdint>
#include <span>

namespace og::index {

struct Bm25Params {
  double k1 = 1.2;
  double b = 0.75;
};

/// Collection statistics of the documents being ranked.
struct Bm25Stats {
  uint64_t doc_count = 0;     ///< N: documents that have the field (at least one term)
  uint64_t total_length = 0;  ///< sum of their lengths in terms

  /// Average document length; 0 when there are no documents.
  double avg_length() const {
    return doc_count == 0 ? 0.0 : static_cast<double>(total_length) / static_cast<double>(doc_count);
  }
};

/// Lucene's BM25 idf. O(1).
double Bm25Idf(uint64_t df, uint64_t doc_count);

/// The score one query term contributes to one document. O(1).
double Bm25TermScore(uint32_t tf, uint64_t df, uint64_t doc_count, uint32_t doc_len, double avg_len,
                     const Bm25Params& params = {});

/// One query term as seen by one document.
struct Bm25TermMatch {
  uint32_t tf = 0;           ///< occurrences in the document (0: absent)
  uint64_t df = 0;           ///< documents containing the term
  uint32_t query_count = 1;  ///< occurrences in the query
};

/// The document's score: the sum of its term scores, each weighted by query_count. O(terms).
double Bm25Score(std::span<const Bm25TermMatch> terms, uint32_t doc_len, const Bm25Stats& stats,
                 const Bm25Params& params = {});

}  // namespace og::index
