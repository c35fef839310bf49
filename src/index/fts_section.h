// Full-text section: an immutable inverted index over one text column of one or more fragments,
// built once, read by ranged reads (local file or object store).
//
// A document is a row, (fragment_id, row), with a non-null text; the builder analyses the text with
// an Analyzer (analyzer.h) and records, per term, the documents holding it with their term
// frequencies and word positions, plus each document's length in terms. A text that yields no term
// (empty, only stop words) is not a document: it counts neither in doc_count nor in any length.
//
// Layout (offsets from the section's first byte; varint = LEB128; fixed = little-endian):
//
//   postings region   [0, P)      per term, in term order, unless inlined in the dictionary:
//                                   docs stream, positions stream, fixed32 crc32c(docs ‖ positions)
//   doc table         [P, P + D)  varint F; F × (varint fragment_id delta, varint n,
//                                   n × (varint row delta, varint length)); fixed32 crc32c(the rest)
//                                   -- fragment ids strictly increasing (first delta = the id);
//                                      rows strictly increasing per fragment (first delta = the row)
//   dictionary        [P + D, end) a sorted string table (sorted_strings.h), key = term, value =
//                                   varint df, varint docs_size, varint positions_size, byte kind,
//                                   kind 0 (external): varint offset of the term's postings;
//                                   kind 1 (inline):   docs stream bytes, positions stream bytes;
//                                   varint S, S × length-prefixed surface form
//                                 its metadata is the section header:
//                                   fixed32 version (1), varint doc_count, varint total_length,
//                                   varint P, varint D, varint num_terms, length-prefixed analyzer
//                                   language, varint W, W × length-prefixed stop word
//
//   docs stream      = df × (varint doc delta, varint tf)  -- doc = fragment_id << 32 | row; the
//                       first delta is the doc itself; later deltas are >= 1
//   positions stream = per doc, tf × varint position delta -- first = the position itself, later >= 1
//   surface forms    = the most frequent folded, unstemmed words (≠ the term) that produced the term,
//                       at most max_surface_forms; fuzzy matching compares query words with them.
//
// Reading: Open costs 1 ranged read (2 when the dictionary index exceeds the tail guess); Lookup costs
// 1 read of a dictionary block plus 1 read of the postings (none for inlined postings);
// DocLengths 1 read, once per reader; FuzzyTerms and ScanTerms read the dictionary blocks they
// visit. Checksums cover every byte; structure is validated as it is decoded; bad bytes give
// Corruption, and no allocation exceeds the bytes actually read.
//
// Thread-safety: a builder is single-threaded. A reader is immutable after Open (DocLengths loads
// once under a lock) and safe for concurrent use.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "index/analyzer.h"
#include "index/range_reader.h"
#include "index/sorted_strings.h"

namespace og::index {

/// A document: one row of one fragment. Ordered by (fragment, row).
struct DocId {
  uint32_t fragment = 0;
  uint32_t row = 0;

  uint64_t packed() const { return (static_cast<uint64_t>(fragment) << 32) | row; }
  static DocId FromPacked(uint64_t p) { return {static_cast<uint32_t>(p >> 32), static_cast<uint32_t>(p)}; }
  auto operator<=>(const DocId&) const = default;
};

/// The postings of one term. docs, tfs and (when loaded) the position ranges are parallel.
struct PostingList {
  std::vector<DocId> docs;                 ///< strictly increasing
  std::vector<uint32_t> tfs;               ///< occurrences in each doc (>= 1)
  std::vector<uint32_t> position_offsets;  ///< docs.size() + 1 entries; empty when not loaded
  std::vector<uint32_t> positions;         ///< each doc's positions, strictly increasing

  size_t df() const { return docs.size(); }
  bool has_positions() const { return !position_offsets.empty(); }
  /// Positions of the i-th document. REQUIRES: has_positions(), i < df().
  std::span<const uint32_t> positions_of(size_t i) const {
    return std::span<const uint32_t>(positions).subspan(position_offsets[i],
                                                        position_offsets[i + 1] - position_offsets[i]);
  }
};

/// The documents of a section with their lengths (in terms), sorted by DocId.
class DocTable {
 public:
  DocTable() = default;
  DocTable(std::vector<DocId> docs, std::vector<uint32_t> lengths, uint64_t total_length)
      : docs_(std::move(docs)), lengths_(std::move(lengths)), total_length_(total_length) {}

  size_t size() const { return docs_.size(); }
  uint64_t total_length() const { return total_length_; }
  const std::vector<DocId>& docs() const { return docs_; }
  const std::vector<uint32_t>& lengths() const { return lengths_; }
  /// The length of `doc`, or nullopt when it is not a document of the section. O(log n).
  std::optional<uint32_t> Find(DocId doc) const;
  /// Find for ascending probes (a posting list's docs): starts at *cursor (0 at first) and leaves
  /// it at `doc`'s position; a probe below the cursor searches the whole table. O(log distance).
  std::optional<uint32_t> Find(DocId doc, size_t* cursor) const;

 private:
  std::vector<DocId> docs_;
  std::vector<uint32_t> lengths_;
  uint64_t total_length_ = 0;
};

struct FtsBuildOptions {
  SortedStringsOptions dictionary;
  /// Postings whose docs and positions streams together fit in this many bytes live in the
  /// dictionary entry (no postings read, no per-term checksum). 0 disables inlining.
  size_t max_inline_postings = 24;
  /// Surface forms kept per term for fuzzy matching.
  size_t max_surface_forms = 8;
};

class FtsSectionBuilder {
 public:
  /// REQUIRES: analyzer != nullptr. Queries must use an analyzer with the same options
  /// (FtsSectionReader::analyzer_options()).
  explicit FtsSectionBuilder(std::shared_ptr<const Analyzer> analyzer, FtsBuildOptions options = {});
  ~FtsSectionBuilder();

  /// Analyse `text` and add it as document (fragment_id, row). Documents must come in strictly
  /// increasing (fragment_id, row) order: BadRequest otherwise. Null cells: do not call Add.
  Status Add(uint32_t fragment_id, uint32_t row, std::string_view text);
  /// Add a document from tokens analysed elsewhere (e.g. on worker threads) with the same analyzer.
  /// BadRequest when out of order or when positions do not strictly increase.
  Status AddTokens(uint32_t fragment_id, uint32_t row, std::span<const Token> tokens);

  /// Encode the section. The builder is spent afterwards. O(postings + terms · log terms).
  Result<std::string> Finish();

  uint64_t doc_count() const { return doc_count_; }
  uint64_t num_terms() const;

 private:
  struct TermState;
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::shared_ptr<const Analyzer> analyzer_;
  FtsBuildOptions options_;
  struct SurfaceInfo {
    uint32_t term_id;
    uint32_t count;
  };
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> term_ids_;
  // Folded word → its term and how often it occurred: one hash probe per token in the common case.
  std::unordered_map<std::string, SurfaceInfo, StringHash, std::equal_to<>> surfaces_;
  std::vector<TermState> terms_;
  std::vector<std::pair<uint64_t, uint32_t>> doc_lengths_;  // (packed doc, length)
  std::vector<std::pair<uint32_t, uint32_t>> scratch_;      // (term id, position) of one doc
  uint64_t doc_count_ = 0;
  uint64_t total_length_ = 0;
  uint64_t last_doc_ = 0;
  bool any_doc_ = false;
  bool finished_ = false;
};

/// A dictionary term close to a fuzzy query word.
struct FuzzyTerm {
  std::string term;
  int distance = 0;
  bool operator==(const FuzzyTerm&) const = default;
};

class FtsSectionReader {
 public:
  /// Open the section occupying all of `file`. Corruption on bad bytes.
  /// Cost: 1 ranged read, or 2 when the dictionary index exceeds options.tail_read_bytes.
  static Result<std::shared_ptr<const FtsSectionReader>> Open(std::shared_ptr<RangeReader> file,
                                                              SortedStringsReadOptions options = {});

  uint64_t doc_count() const { return doc_count_; }
  uint64_t total_length() const { return total_length_; }
  uint64_t num_terms() const { return num_terms_; }
  /// The analyzer the section was built with; build the query analyzer from these.
  const AnalyzerOptions& analyzer_options() const { return analyzer_options_; }

  /// The postings of analysed term `term` (empty when absent). Positions are decoded only when
  /// `with_positions`. Corruption on bad bytes. Cost: <= 2 ranged reads (dictionary block, postings).
  Result<PostingList> Lookup(std::string_view term, bool with_positions = true) const;
  /// The document frequency of `term` (0 when absent). Cost: <= 1 ranged read.
  Result<uint64_t> DocFrequency(std::string_view term) const;

  /// Dictionary terms within `max_edits` (optimal string alignment over code points) of the query
  /// word, closest first (ties by term), at most `max_terms`. A term matches when its stem is close
  /// to the query's stem (`query.term`), or when the query's folded word (`query.surface`) is close
  /// to the term or to one of the words it was stemmed from, so a typo in a suffix ("learnign")
  /// still finds "learning". The distance reported is the smallest of these. Cost: reads the whole
  /// dictionary in a few growing ranged reads; O(dictionary) matcher steps.
  Result<std::vector<FuzzyTerm>> FuzzyTerms(const Token& query, int max_edits, size_t max_terms = 64) const;

  /// Visit (term, df) for terms starting with `prefix`, in order, until visit returns false.
  Status ScanTerms(std::string_view prefix, const std::function<bool(std::string_view, uint64_t)>& visit) const;

  /// Every document with its length. Loaded on first use, then shared. Cost: 1 ranged read, once.
  Result<std::shared_ptr<const DocTable>> DocLengths() const;

 private:
  FtsSectionReader() = default;

  std::shared_ptr<RangeReader> file_;
  std::shared_ptr<const SortedStringsReader> dictionary_;
  uint64_t doc_count_ = 0;
  uint64_t total_length_ = 0;
  uint64_t num_terms_ = 0;
  uint64_t postings_size_ = 0;
  uint64_t doc_table_size_ = 0;
  AnalyzerOptions analyzer_options_;

  mutable std::mutex doc_table_mu_;
  mutable std::shared_ptr<const DocTable> doc_table_;  // GUARDED_BY(doc_table_mu_)
};

/// Count the places where a phrase occurs in one document. `positions[i]` are the document's
/// positions of the phrase's i-th term (ascending); `query_positions[i]` is that term's position
/// in the analysed query. An occurrence needs every term at the same offset from the first one as
/// in the query, so stop words removed from both sides keep their gaps: "state of the art" matches
/// "state of the art" (and "state in an art"), while "networks layers" does not match "networks
/// with many layers". An empty phrase matches nothing. O(Σ |positions[i]|).
/// REQUIRES: positions.size() == query_positions.size().
uint32_t CountPhraseMatches(std::span<const std::span<const uint32_t>> positions,
                            std::span<const uint32_t> query_positions);

inline bool PhraseMatches(std::span<const std::span<const uint32_t>> positions,
                          std::span<const uint32_t> query_positions) {
  return CountPhraseMatches(positions, query_positions) > 0;
}

}  // namespace og::index
