#include "index/bm25.h"

#include <cmath>
#include <vector>

#include "common/testing.h"

namespace og::index {
namespace {

// Guarantee: idf is Lucene's ln(1 + (N - df + 0.5) / (df + 0.5)), positive even for df = N.
TEST(Bm25Test, IdfHandComputed) {
  // N = 10, df = 2: ln(1 + 8.5 / 2.5) = ln 4.4
  EXPECT_NEAR(Bm25Idf(2, 10), 1.4816045409242156, 1e-12);
  // N = 1, df = 1: ln(1 + 0.5 / 1.5) = ln(4/3)
  EXPECT_NEAR(Bm25Idf(1, 1), 0.28768207245178085, 1e-12);
  EXPECT_GT(Bm25Idf(100, 100), 0.0);
  // df above N (stale statistics) is clamped to N, never a negative idf.
  EXPECT_DOUBLE_EQ(Bm25Idf(150, 100), Bm25Idf(100, 100));
  EXPECT_GT(Bm25Idf(1, 100), Bm25Idf(50, 100));  // rarer terms weigh more
}

// Guarantee: term score = idf · tf · (k1 + 1) / (tf + k1 · (1 - b + b · dl / avgdl)), k1 1.2, b 0.75.
TEST(Bm25Test, TermScoreHandComputed) {
  // tf 3, df 2, N 10, dl 8, avgdl 10: norm = 1.2 · (0.25 + 0.75 · 0.8) = 1.02;
  // score = ln 4.4 · 3 · 2.2 / 4.02
  EXPECT_NEAR(Bm25TermScore(3, 2, 10, 8, 10.0), 2.432485067189011, 1e-12);
  // dl = avgdl, tf 1: the tf factor is (k1 + 1) / (1 + k1) = 1, the score is idf.
  EXPECT_NEAR(Bm25TermScore(1, 1, 1, 7, 7.0), 0.28768207245178085, 1e-12);
  EXPECT_EQ(Bm25TermScore(0, 2, 10, 8, 10.0), 0.0);
  EXPECT_EQ(Bm25TermScore(1, 0, 0, 8, 10.0), 0.0);
  // Longer documents score lower for the same tf; higher tf scores higher, saturating below k1 + 1.
  EXPECT_GT(Bm25TermScore(2, 2, 10, 5, 10.0), Bm25TermScore(2, 2, 10, 20, 10.0));
  EXPECT_GT(Bm25TermScore(5, 2, 10, 10, 10.0), Bm25TermScore(4, 2, 10, 10, 10.0));
  EXPECT_LT(Bm25TermScore(1000, 2, 10, 10, 10.0), Bm25Idf(2, 10) * 2.2);
  // avgdl 0 (only empty documents): neutral normalisation, no division by zero.
  EXPECT_TRUE(std::isfinite(Bm25TermScore(1, 1, 3, 0, 0.0)));
}

// Guarantee: a document's score sums its term scores, a term repeated in the query counting once
// per occurrence.
TEST(Bm25Test, DocumentScoreSumsPerQueryOccurrence) {
  // N 4, total length 20 (avgdl 5), dl 10, so norm = 1.2 · (0.25 + 0.75 · 2) = 2.1.
  // "a" (tf 1, df 1) twice in the query: 2 · ln(1 + 3.5/1.5) · 2.2 / 3.1
  // "b" (tf 2, df 3) once:                  ln(1 + 1.5/3.5) · 4.4 / 4.1
  std::vector<Bm25TermMatch> terms = {{.tf = 1, .df = 1, .query_count = 2}, {.tf = 2, .df = 3, .query_count = 1}};
  Bm25Stats stats{.doc_count = 4, .total_length = 20};
  EXPECT_DOUBLE_EQ(stats.avg_length(), 5.0);
  EXPECT_NEAR(Bm25Score(terms, 10, stats), 2.091637736063273, 1e-12);
  // A query term absent from the document adds nothing.
  terms.push_back({.tf = 0, .df = 2, .query_count = 1});
  EXPECT_NEAR(Bm25Score(terms, 10, stats), 2.091637736063273, 1e-12);
}

}  // namespace
}  // namespace og::index
