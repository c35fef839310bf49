#include "index/bm25.h"

#include <algorithm>
#include <cmath>

namespace og::index {

double Bm25Idf(uint64_t df, uint64_t doc_count) {
  const double n = static_cast<double>(doc_count);
  const double d = static_cast<double>(std::min(df, doc_count));
  return std::log1p((n - d + 0.5) / (d + 0.5));
}

double Bm25TermScore(uint32_t tf, uint64_t df, uint64_t doc_count, uint32_t doc_len, double avg_len,
                     const Bm25Params& params) {
  if (tf == 0 || doc_count == 0) return 0.0;
  // With no meaningful average (no documents, or only empty ones) length normalisation is neutral.
  const double length_ratio = avg_len > 0.0 ? static_cast<double>(doc_len) / avg_len : 1.0;
  const double f = static_cast<double>(tf);
  const double norm = params.k1 * (1.0 - params.b + params.b * length_ratio);
  return Bm25Idf(df, doc_count) * f * (params.k1 + 1.0) / (f + norm);
}

double Bm25Score(std::span<const Bm25TermMatch> terms, uint32_t doc_len, const Bm25Stats& stats,
                 const Bm25Params& params) {
  const double avg = stats.avg_length();
  double score = 0.0;
  for (const auto& t : terms) {
    score += t.query_count * Bm25TermScore(t.tf, t.df, stats.doc_count, doc_len, avg, params);
  }
  return score;
}

}  // namespace og::index
