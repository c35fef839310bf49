#include "index/fts_section.h"

#include <algorithm>

#include "common/gallop.h"
#include "index/codec.h"
#include "index/levenshtein.h"

namespace og::index {
namespace {

constexpr uint32_t kFtsFormatVersion = 1;
constexpr uint8_t kExternalPostings = 0;
constexpr uint8_t kInlinePostings = 1;
constexpr uint64_t kCrcSize = 4;

Status Corrupt(const std::string& what) { return Status::Corruption("full-text section: ", what); }

// One dictionary entry, as views into its value bytes.
struct DictEntry {
  uint64_t df = 0;
  uint64_t docs_size = 0;
  uint64_t positions_size = 0;
  bool inline_postings = false;
  uint64_t offset = 0;          // external postings: where they start
  std::string_view docs;        // inline postings
  std::string_view positions;   // inline postings
  std::vector<std::string_view> surfaces;
};

Result<DictEntry> ParseEntry(std::string_view value, uint64_t doc_count, uint64_t postings_size,
                             bool want_surfaces) {
  codec::ByteCursor c(value);
  DictEntry e;
  e.df = c.Varint64();
  e.docs_size = c.Varint64();
  e.positions_size = c.Varint64();
  const uint8_t kind = c.Byte();
  if (!c.ok()) return Corrupt("truncated dictionary entry");
  // Every posting takes at least two bytes (delta, tf) and one position byte.
  if (e.df == 0 || e.df > doc_count || e.docs_size / 2 < e.df || e.positions_size < e.df) {
    return Corrupt("dictionary entry sizes disagree with its document frequency");
  }
  if (kind == kExternalPostings) {
    e.offset = c.Varint64();
    if (!c.ok()) return Corrupt("truncated dictionary entry");
    const uint64_t need = e.docs_size + e.positions_size;  // each is bounded by P below
    if (e.docs_size > postings_size || e.positions_size > postings_size || e.offset > postings_size ||
        need + kCrcSize > postings_size - e.offset) {
      return Corrupt("postings range outside the postings region");
    }
  } else if (kind == kInlinePostings) {
    e.inline_postings = true;
    e.docs = c.Bytes(e.docs_size);
    e.positions = c.Bytes(e.positions_size);
    if (!c.ok()) return Corrupt("inline postings overrun the dictionary entry");
  } else {
    return Corrupt("unknown postings kind");
  }
  const uint64_t num_surfaces = c.Varint64();
  if (!c.ok() || num_surfaces > c.remaining()) return Corrupt("bad surface form count");
  if (want_surfaces) e.surfaces.reserve(num_surfaces);
  for (uint64_t i = 0; i < num_surfaces; ++i) {
    std::string_view s = c.LengthPrefixed();
    if (want_surfaces) e.surfaces.push_back(s);
  }
  if (!c.ok() || !c.empty()) return Corrupt("bad surface forms");
  return e;
}

Status DecodePostings(std::string_view docs, std::string_view positions, uint64_t df, bool with_positions,
                      PostingList* out) {
  codec::ByteCursor d(docs);
  out->docs.reserve(df);
  out->tfs.reserve(df);
  uint64_t doc = 0;
  uint64_t sum_tf = 0;
  for (uint64_t i = 0; i < df; ++i) {
    const uint64_t delta = d.Varint64();
    const uint32_t tf = d.Varint32();
    if (!d.ok()) return Corrupt("truncated docs stream");
    if (i > 0 && (delta == 0 || delta > UINT64_MAX - doc)) return Corrupt("documents out of order");
    doc = i == 0 ? delta : doc + delta;
    if (tf == 0) return Corrupt("zero term frequency");
    sum_tf += tf;
    if (sum_tf > positions.size()) return Corrupt("term frequencies exceed the positions stream");
    out->docs.push_back(DocId::FromPacked(doc));
    out->tfs.push_back(tf);
  }
  if (!d.empty()) return Corrupt("trailing bytes in a docs stream");
  if (!with_positions) return Status::OK();

  codec::ByteCursor p(positions);
  out->positions.reserve(sum_tf);
  out->position_offsets.reserve(df + 1);
  out->position_offsets.push_back(0);
  for (uint64_t i = 0; i < df; ++i) {
    uint64_t pos = 0;
    for (uint32_t j = 0; j < out->tfs[i]; ++j) {
      const uint64_t delta = p.Varint64();
      if (!p.ok()) return Corrupt("truncated positions stream");
      if (j > 0 && delta == 0) return Corrupt("positions out of order");
      pos = j == 0 ? delta : pos + delta;
      if (pos > UINT32_MAX) return Corrupt("position out of range");
      out->positions.push_back(static_cast<uint32_t>(pos));
    }
    out->position_offsets.push_back(static_cast<uint32_t>(out->positions.size()));
  }
  if (!p.empty()) return Corrupt("trailing bytes in a positions stream");
  return Status::OK();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// DocTable

std::optional<uint32_t> DocTable::Find(DocId doc) const {
  auto it = std::lower_bound(docs_.begin(), docs_.end(), doc);
  if (it == docs_.end() || *it != doc) return std::nullopt;
  return lengths_[it - docs_.begin()];
}

std::optional<uint32_t> DocTable::Find(DocId doc, size_t* cursor) const {
  size_t from = std::min(*cursor, docs_.size());
  if (from > 0 && !(docs_[from - 1] < doc)) from = 0;  // below the cursor: search everything
  auto it = GallopLowerBound(docs_.begin() + static_cast<std::ptrdiff_t>(from), docs_.end(), doc);
  *cursor = static_cast<size_t>(it - docs_.begin());
  if (it == docs_.end() || *it != doc) return std::nullopt;
  return lengths_[*cursor];
}

// ---------------------------------------------------------------------------------------------
// Builder

struct FtsSectionBuilder::TermState {
  std::string term;
  std::string docs;
  std::string positions;
  uint64_t last_doc = 0;
  uint64_t df = 0;
};

FtsSectionBuilder::FtsSectionBuilder(std::shared_ptr<const Analyzer> analyzer, FtsBuildOptions options)
    : analyzer_(std::move(analyzer)), options_(options) {}

FtsSectionBuilder::~FtsSectionBuilder() = default;

uint64_t FtsSectionBuilder::num_terms() const { return terms_.size(); }

Status FtsSectionBuilder::Add(uint32_t fragment_id, uint32_t row, std::string_view text) {
  std::vector<Token> tokens = analyzer_->Analyze(text);
  return AddTokens(fragment_id, row, tokens);
}

Status FtsSectionBuilder::AddTokens(uint32_t fragment_id, uint32_t row, std::span<const Token> tokens) {
  if (finished_) return Status::BadRequest("full-text section builder already finished");
  const uint64_t doc = DocId{fragment_id, row}.packed();
  if (any_doc_ && doc <= last_doc_) {
    return Status::BadRequest("full-text documents must be added in increasing (fragment, row) order; got (",
                              fragment_id, ", ", row, ") after (", last_doc_ >> 32, ", ",
                              static_cast<uint32_t>(last_doc_), ")");
  }
  for (size_t i = 1; i < tokens.size(); ++i) {
    if (tokens[i].position <= tokens[i - 1].position) {
      return Status::BadRequest("token positions must strictly increase");
    }
  }
  if (tokens.size() > UINT32_MAX) return Status::BadRequest("document has too many terms");
  any_doc_ = true;
  last_doc_ = doc;
  if (tokens.empty()) return Status::OK();  // no terms: not a document

  scratch_.clear();
  for (const Token& token : tokens) {
    // Fast path: this folded word was seen before (and, with tokens from elsewhere, produced the
    // same term then).
    auto seen = surfaces_.find(std::string_view(token.surface));
    if (seen != surfaces_.end() && terms_[seen->second.term_id].term == token.term) {
      ++seen->second.count;
      scratch_.emplace_back(seen->second.term_id, token.position);
      continue;
    }
    auto it = term_ids_.find(std::string_view(token.term));
    uint32_t id;
    if (it == term_ids_.end()) {
      id = static_cast<uint32_t>(terms_.size());
      term_ids_.emplace(token.term, id);
      terms_.emplace_back();
      terms_.back().term = token.term;
    } else {
      id = it->second;
    }
    if (seen == surfaces_.end()) surfaces_.emplace(token.surface, SurfaceInfo{id, 1});
    scratch_.emplace_back(id, token.position);
  }
  std::sort(scratch_.begin(), scratch_.end());
  for (size_t i = 0; i < scratch_.size();) {
    const uint32_t id = scratch_[i].first;
    size_t end = i;
    while (end < scratch_.size() && scratch_[end].first == id) ++end;
    TermState& t = terms_[id];
    codec::PutVarint64(&t.docs, t.df == 0 ? doc : doc - t.last_doc);
    codec::PutVarint64(&t.docs, end - i);
    uint32_t prev = 0;
    for (size_t j = i; j < end; ++j) {
      codec::PutVarint64(&t.positions, j == i ? scratch_[j].second : scratch_[j].second - prev);
      prev = scratch_[j].second;
    }
    t.last_doc = doc;
    ++t.df;
    i = end;
  }
  doc_lengths_.emplace_back(doc, static_cast<uint32_t>(tokens.size()));
  ++doc_count_;
  total_length_ += tokens.size();
  return Status::OK();
}

Result<std::string> FtsSectionBuilder::Finish() {
  if (finished_) return Status::BadRequest("full-text section builder already finished");
  finished_ = true;
  term_ids_ = {};
  std::vector<uint32_t> order(terms_.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return terms_[a].term < terms_[b].term; });

  // The most frequent folded words (≠ the term) of each term.
  std::vector<std::vector<std::pair<std::string_view, uint32_t>>> forms(terms_.size());
  if (options_.max_surface_forms > 0) {
    for (const auto& [surface, info] : surfaces_) {
      if (surface != terms_[info.term_id].term) forms[info.term_id].emplace_back(surface, info.count);
    }
  }

  std::string out;
  SortedStringsBuilder dictionary(options_.dictionary);
  std::string value;
  for (uint32_t id : order) {
    TermState& t = terms_[id];
    value.clear();
    codec::PutVarint64(&value, t.df);
    codec::PutVarint64(&value, t.docs.size());
    codec::PutVarint64(&value, t.positions.size());
    if (t.docs.size() + t.positions.size() <= options_.max_inline_postings) {
      value.push_back(static_cast<char>(kInlinePostings));
      value.append(t.docs);
      value.append(t.positions);
    } else {
      value.push_back(static_cast<char>(kExternalPostings));
      codec::PutVarint64(&value, out.size());
      out.append(t.docs);
      out.append(t.positions);
      codec::PutFixed32(&out, codec::Crc32cExtend(codec::Crc32c(t.docs), t.positions));
    }
    auto& f = forms[id];
    std::sort(f.begin(), f.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    const size_t kept = std::min(f.size(), options_.max_surface_forms);
    codec::PutVarint64(&value, kept);
    for (size_t i = 0; i < kept; ++i) codec::PutLengthPrefixed(&value, f[i].first);
    OG_RETURN_NOT_OK(dictionary.Add(t.term, value));
    t = TermState();  // release its streams as we go
  }
  const uint64_t postings_size = out.size();

  std::string doc_table;
  {
    uint64_t fragments = 0;
    for (size_t i = 0; i < doc_lengths_.size(); ++i) {
      if (i == 0 || (doc_lengths_[i].first >> 32) != (doc_lengths_[i - 1].first >> 32)) ++fragments;
    }
    codec::PutVarint64(&doc_table, fragments);
    uint64_t prev_fragment = 0;
    for (size_t i = 0; i < doc_lengths_.size();) {
      const uint64_t fragment = doc_lengths_[i].first >> 32;
      size_t end = i;
      while (end < doc_lengths_.size() && (doc_lengths_[end].first >> 32) == fragment) ++end;
      codec::PutVarint64(&doc_table, i == 0 ? fragment : fragment - prev_fragment);
      codec::PutVarint64(&doc_table, end - i);
      uint32_t prev_row = 0;
      for (size_t j = i; j < end; ++j) {
        const auto row = static_cast<uint32_t>(doc_lengths_[j].first);
        codec::PutVarint64(&doc_table, j == i ? row : row - prev_row);
        codec::PutVarint64(&doc_table, doc_lengths_[j].second);
        prev_row = row;
      }
      prev_fragment = fragment;
      i = end;
    }
    codec::PutFixed32(&doc_table, codec::Crc32c(doc_table));
  }
  out.append(doc_table);

  std::string header;
  codec::PutFixed32(&header, kFtsFormatVersion);
  codec::PutVarint64(&header, doc_count_);
  codec::PutVarint64(&header, total_length_);
  codec::PutVarint64(&header, postings_size);
  codec::PutVarint64(&header, doc_table.size());
  codec::PutVarint64(&header, terms_.size());
  codec::PutLengthPrefixed(&header, analyzer_->language());
  codec::PutVarint64(&header, analyzer_->stop_words().size());
  for (const auto& w : analyzer_->stop_words()) codec::PutLengthPrefixed(&header, w);
  out.append(dictionary.Finish(header));

  forms.clear();
  surfaces_.clear();
  terms_.clear();
  doc_lengths_.clear();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reader

Result<std::shared_ptr<const FtsSectionReader>> FtsSectionReader::Open(std::shared_ptr<RangeReader> file,
                                                                       SortedStringsReadOptions options) {
  auto reader = std::shared_ptr<FtsSectionReader>(new FtsSectionReader());
  auto dictionary = SortedStringsReader::Open(file, options);
  if (!dictionary.ok()) return dictionary.status().Prepend("full-text section dictionary: ");
  reader->dictionary_ = *dictionary;
  reader->file_ = std::move(file);

  codec::ByteCursor h(reader->dictionary_->metadata());
  const uint32_t version = h.Fixed32();
  reader->doc_count_ = h.Varint64();
  reader->total_length_ = h.Varint64();
  reader->postings_size_ = h.Varint64();
  reader->doc_table_size_ = h.Varint64();
  reader->num_terms_ = h.Varint64();
  reader->analyzer_options_.language = std::string(h.LengthPrefixed());
  const uint64_t num_stop_words = h.Varint64();
  if (!h.ok() || num_stop_words > h.remaining()) return Corrupt("truncated header");
  std::vector<std::string> stop_words;
  stop_words.reserve(num_stop_words);
  for (uint64_t i = 0; i < num_stop_words; ++i) stop_words.emplace_back(h.LengthPrefixed());
  if (!h.ok() || !h.empty()) return Corrupt("bad header");
  if (version != kFtsFormatVersion) return Status::Corruption("full-text section: unsupported version ", version);
  reader->analyzer_options_.stop_words = std::move(stop_words);

  const uint64_t dict_offset = reader->dictionary_->table_offset();
  if (reader->postings_size_ > dict_offset || reader->doc_table_size_ != dict_offset - reader->postings_size_) {
    return Corrupt("regions do not tile the section");
  }
  if (reader->doc_table_size_ < kCrcSize + 1 || reader->doc_count_ > reader->doc_table_size_ / 2) {
    return Corrupt("document table too small for its documents");
  }
  if (reader->num_terms_ != reader->dictionary_->num_entries()) return Corrupt("term count mismatch");
  if (reader->total_length_ < reader->doc_count_) return Corrupt("total length below document count");
  if ((reader->doc_count_ == 0) != (reader->num_terms_ == 0)) return Corrupt("terms without documents");
  return std::shared_ptr<const FtsSectionReader>(std::move(reader));
}

Result<PostingList> FtsSectionReader::Lookup(std::string_view term, bool with_positions) const {
  PostingList list;
  OG_ASSIGN_OR_RAISE(std::optional<std::string> value, dictionary_->Find(term));
  if (!value) return list;
  OG_ASSIGN_OR_RAISE(DictEntry e, ParseEntry(*value, doc_count_, postings_size_, false));
  std::string bytes;
  if (!e.inline_postings) {
    const uint64_t length = e.docs_size + e.positions_size;
    OG_ASSIGN_OR_RAISE(bytes, file_->Read(e.offset, length + kCrcSize));
    if (bytes.size() != length + kCrcSize) return Corrupt("short postings read");
    std::string_view body(bytes.data(), length);
    if (codec::DecodeFixed32(bytes.data() + length) != codec::Crc32c(body)) {
      return Corrupt("postings checksum mismatch");
    }
    e.docs = body.substr(0, e.docs_size);
    e.positions = body.substr(e.docs_size);
  }
  OG_RETURN_NOT_OK(DecodePostings(e.docs, e.positions, e.df, with_positions, &list));
  return list;
}

Result<uint64_t> FtsSectionReader::DocFrequency(std::string_view term) const {
  OG_ASSIGN_OR_RAISE(std::optional<std::string> value, dictionary_->Find(term));
  if (!value) return uint64_t{0};
  OG_ASSIGN_OR_RAISE(DictEntry e, ParseEntry(*value, doc_count_, postings_size_, false));
  return e.df;
}

Result<std::vector<FuzzyTerm>> FtsSectionReader::FuzzyTerms(const Token& query, int max_edits,
                                                            size_t max_terms) const {
  if (max_edits < 0) return Status::BadRequest("fuzzy max_edits must be >= 0, got ", max_edits);
  // Three matchers so the two scanning sorted keys keep their prefix reuse.
  FuzzyMatcher stem_vs_term(query.term, max_edits);
  FuzzyMatcher word_vs_term(query.surface, max_edits);
  FuzzyMatcher word_vs_form(query.surface, max_edits);
  const bool distinct_surface = !query.surface.empty() && query.surface != query.term;
  std::vector<FuzzyTerm> found;
  Status error;
  OG_RETURN_NOT_OK(dictionary_->ForEach([&](std::string_view term, std::string_view value) {
    auto e = ParseEntry(value, doc_count_, postings_size_, true);
    if (!e.ok()) {
      error = e.status();
      return false;
    }
    std::optional<int> best = stem_vs_term.Match(term);
    auto consider = [&](std::optional<int> d) {
      if (d && (!best || *d < *best)) best = d;
    };
    if (distinct_surface) consider(word_vs_term.Match(term));
    if (!query.surface.empty()) {
      for (std::string_view form : e->surfaces) consider(word_vs_form.Match(form));
    }
    if (best) found.push_back({std::string(term), *best});
    return true;
  }));
  OG_RETURN_NOT_OK(error);
  std::sort(found.begin(), found.end(), [](const FuzzyTerm& a, const FuzzyTerm& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.term < b.term;
  });
  if (found.size() > max_terms) found.resize(max_terms);
  return found;
}

Status FtsSectionReader::ScanTerms(std::string_view prefix,
                                   const std::function<bool(std::string_view, uint64_t)>& visit) const {
  Status error;
  OG_RETURN_NOT_OK(dictionary_->ScanPrefix(prefix, [&](std::string_view term, std::string_view value) {
    auto e = ParseEntry(value, doc_count_, postings_size_, false);
    if (!e.ok()) {
      error = e.status();
      return false;
    }
    return visit(term, e->df);
  }));
  return error;
}

Result<std::shared_ptr<const DocTable>> FtsSectionReader::DocLengths() const {
  std::lock_guard<std::mutex> lock(doc_table_mu_);
  if (doc_table_) return doc_table_;
  OG_ASSIGN_OR_RAISE(std::string bytes, file_->Read(postings_size_, doc_table_size_));
  if (bytes.size() != doc_table_size_) return Corrupt("short document table read");
  std::string_view body(bytes.data(), bytes.size() - kCrcSize);
  if (codec::DecodeFixed32(bytes.data() + body.size()) != codec::Crc32c(body)) {
    return Corrupt("document table checksum mismatch");
  }
  codec::ByteCursor c(body);
  const uint64_t fragments = c.Varint64();
  if (!c.ok() || fragments > c.remaining() / 2 || fragments > doc_count_) return Corrupt("bad fragment count");
  std::vector<DocId> docs;
  std::vector<uint32_t> lengths;
  docs.reserve(doc_count_);
  lengths.reserve(doc_count_);
  uint64_t total = 0;
  uint64_t fragment = 0;
  for (uint64_t f = 0; f < fragments; ++f) {
    const uint64_t delta = c.Varint64();
    const uint64_t n = c.Varint64();
    if (!c.ok()) return Corrupt("truncated document table");
    if (f > 0 && delta == 0) return Corrupt("fragments out of order");
    fragment = f == 0 ? delta : fragment + delta;
    if (fragment > UINT32_MAX || delta > UINT32_MAX) return Corrupt("fragment id out of range");
    if (n == 0 || n > doc_count_ - docs.size()) return Corrupt("more documents than the header says");
    uint64_t row = 0;
    for (uint64_t i = 0; i < n; ++i) {
      const uint64_t row_delta = c.Varint64();
      const uint32_t length = c.Varint32();
      if (!c.ok()) return Corrupt("truncated document table");
      if (i > 0 && row_delta == 0) return Corrupt("rows out of order");
      row = i == 0 ? row_delta : row + row_delta;
      if (row > UINT32_MAX) return Corrupt("row out of range");
      if (length == 0) return Corrupt("document of length 0");
      docs.push_back({static_cast<uint32_t>(fragment), static_cast<uint32_t>(row)});
      lengths.push_back(length);
      total += length;
    }
  }
  if (!c.empty()) return Corrupt("trailing bytes in the document table");
  if (docs.size() != doc_count_ || total != total_length_) return Corrupt("document table disagrees with the header");
  doc_table_ = std::make_shared<const DocTable>(std::move(docs), std::move(lengths), total);
  return doc_table_;
}

// ---------------------------------------------------------------------------------------------
// Phrases

uint32_t CountPhraseMatches(std::span<const std::span<const uint32_t>> positions,
                            std::span<const uint32_t> query_positions) {
  const size_t n = positions.size();
  if (n == 0 || n != query_positions.size()) return 0;
  std::vector<size_t> cursor(n, 0);
  uint32_t count = 0;
  for (uint32_t first : positions[0]) {
    // Where every term must be for an occurrence anchored at `first`; targets only grow, so each
    // list's cursor only moves forward.
    const int64_t base = static_cast<int64_t>(first) - static_cast<int64_t>(query_positions[0]);
    bool all = true;
    for (size_t i = 1; i < n && all; ++i) {
      const int64_t want = base + static_cast<int64_t>(query_positions[i]);
      std::span<const uint32_t> list = positions[i];
      size_t& c = cursor[i];
      while (c < list.size() && static_cast<int64_t>(list[c]) < want) ++c;
      if (c == list.size()) return count;  // this term has no later positions: no more occurrences
      all = static_cast<int64_t>(list[c]) == want;
    }
    if (all) ++count;
  }
  return count;
}

}  // namespace og::index
