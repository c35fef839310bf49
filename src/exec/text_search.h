// Full-text search over one String property of a node table version (languages.md §4): the
// search / fuzzy / match_text predicates and bm25 ranking.
//
// Documents are the live rows of the version. Each fragment is answered by exactly one source
// (index_coverage.h): the index segment that covers it, or — for fragments no segment covers — a
// section built in memory from the rows themselves with the same analyzer and cached per table
// version. So an answer, and every BM25 score, is the same whichever fragments are indexed.
//
// BM25 (k1 1.2, b 0.75, Lucene's idf) uses statistics over every live document of the version —
// document count, total length, document frequencies — never per fragment or per segment, so
// scores do not depend on how the data is split. Deleted rows are never returned or counted.
//
// Thread-compatible: one TextSearcher per query step.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "exec/exec_context.h"
#include "index/analyzer.h"
#include "index/bm25.h"
#include "index/fts_section.h"
#include "index/segment_meta.h"

namespace og::exec {

/// The analyzer of every full-text section and query (English: ICU words, case folding, stop
/// words, Snowball stems; index/analyzer.h).
const std::shared_ptr<const index::Analyzer>& DefaultAnalyzer();

/// One property's documents at one table version: where each fragment's postings come from, and
/// the collection statistics. Immutable; cached per (table version, property).
struct TextView {
  struct Source {
    std::shared_ptr<const index::FtsSectionReader> section;
    std::shared_ptr<const index::DocTable> docs;
    std::vector<uint32_t> fragments;   // ascending: the version's fragments this source answers for
    index::SegmentLocation location;   // its fragment map (empty for an in-memory source)
  };
  std::vector<Source> sources;
  index::Bm25Stats stats;  // over live documents
  int64_t memory_bytes = 0;
};

class TextSearcher {
 public:
  /// The searcher of `property` of node variable `var` (whose rows must be the full table, with
  /// row addresses). Builds the text view on a cache miss: opens the covering segments' sections
  /// (a few ranged reads each) and analyses the rows of unindexed fragments.
  static Result<std::unique_ptr<TextSearcher>> Make(ExecContext& ctx, int var, const std::string& property);

  /// Per row of the variable's data: 1 when the row matches.
  Result<std::vector<uint8_t>> Match(const TextMatch& match);

  /// Rows holding at least one query term, with their BM25 scores, in no particular order (a
  /// LazyRanking over the variable's ids orders them as far as the caller reads). Only rows with
  /// candidates[row] != 0 are scored when `candidates` is given; statistics stay those of the
  /// whole version. Cost: O(postings of the query's terms + rows of the variable).
  Result<std::vector<std::pair<int64_t, double>>> Bm25(const std::string& query,
                                                       const std::vector<uint8_t>* candidates);

 private:
  TextSearcher(ExecContext& ctx, int var, std::shared_ptr<const TextView> view)
      : ctx_(ctx), var_(var), view_(std::move(view)) {}

  // Calls visit(row, source index, posting index) for each live doc of `postings` a source answers for.
  template <typename Visit>
  void ForEachLiveDoc(size_t source, const index::PostingList& postings, Visit&& visit) const;

  ExecContext& ctx_;
  int var_;
  std::shared_ptr<const TextView> view_;
};

}  // namespace og::exec
