#include "exec/text_search.h"

#include <algorithm>
#include <limits>
#include <map>
#include <mutex>

#include <arrow/api.h>

#include "exec/index_coverage.h"
#include "exec/search_cache.h"
#include "graph/table_schema.h"
#include "index/segment_file.h"
#include "index/segment_meta.h"

namespace og::exec {
namespace {

bool Contains(const std::vector<uint32_t>& sorted, uint32_t v) {
  return std::binary_search(sorted.begin(), sorted.end(), v);
}

// A segment file's directory, cached by its (immutable) key.
Result<std::shared_ptr<const index::SegmentReader>> OpenSegment(ExecContext& ctx, const SegmentSource& source) {
  SearchCache& cache = *ctx.services().search_cache;
  return cache.Get<index::SegmentReader>(
      "segment|" + source.location.key, [&](int64_t* bytes) -> Result<std::shared_ptr<const index::SegmentReader>> {
        *bytes = 1024;
        return index::SegmentReader::Open(
            index::StoreRangeReader(ctx.graph().store(), source.location.key, source.location.bytes));
      });
}

// The in-memory section over the rows of `fragments` (the unindexed part of a version).
Result<std::shared_ptr<const index::FtsSectionReader>> BuildUnindexed(const NodeData& data,
                                                                     const std::string& property,
                                                                     const std::vector<uint32_t>& fragments) {
  auto column = data.batch->GetColumnByName(property);
  if (!column || column->type_id() != arrow::Type::STRING) {
    return Status::Internal("property '", property, "' of ", data.type_name, " is not a String column");
  }
  const auto& text = static_cast<const arrow::StringArray&>(*column);
  index::FtsSectionBuilder builder(DefaultAnalyzer());
  for (const FragmentRun& run : data.runs) {
    if (!Contains(fragments, run.fragment_id)) continue;
    for (size_t i = 0; i < run.offsets.size(); ++i) {
      int64_t row = run.first_row + static_cast<int64_t>(i);
      if (text.IsNull(row)) continue;
      OG_RETURN_NOT_OK(builder.Add(run.fragment_id, run.offsets[i], text.GetView(row)));
    }
  }
  OG_ASSIGN_OR_RAISE(std::string bytes, builder.Finish());
  return index::FtsSectionReader::Open(index::MemoryRangeReader(std::move(bytes)));
}

Result<std::shared_ptr<const TextView>> BuildView(ExecContext& ctx, const NodeData& data,
                                                  const table::TableManifest* manifest,
                                                  const std::string& property, int64_t* bytes) {
  auto view = std::make_shared<TextView>();
  std::vector<uint32_t> unindexed;
  if (manifest) {
    OG_ASSIGN_OR_RAISE(SectionCoverage coverage,
                       CoverageOf(*manifest, index::SectionName(index::SectionKind::kFullText, property)));
    for (const SegmentSource& source : coverage.segments) {
      OG_ASSIGN_OR_RAISE(auto segment, OpenSegment(ctx, source));
      const index::SectionInfo* info = segment->Find(index::SectionKind::kFullText, property);
      if (!info) {
        return Status::Corruption("index segment '", source.location.key, "' has no full-text section for '",
                                  property, "' although its table manifest says so");
      }
      OG_ASSIGN_OR_RAISE(auto section, index::FtsSectionReader::Open(segment->SectionBytes(*info)));
      view->sources.push_back(TextView::Source{std::move(section), nullptr, source.fragments, source.location});
    }
    unindexed = coverage.unindexed;
  }
  if (!unindexed.empty()) {
    OG_ASSIGN_OR_RAISE(auto section, BuildUnindexed(data, property, unindexed));
    view->sources.push_back(TextView::Source{std::move(section), nullptr, unindexed, {}});
  }
  // Statistics over live documents only: a document of a deleted row, or of a fragment another
  // source answers for, does not count.
  for (TextView::Source& s : view->sources) {
    // Queries are analysed with the default analyzer; a section must have been built with it.
    if (s.section->analyzer_options().language != DefaultAnalyzer()->language()) {
      return Status::Unsupported("a full-text section of ", data.type_name, ".", property,
                                 " was built with the '", s.section->analyzer_options().language,
                                 "' analyzer; this build searches with '", DefaultAnalyzer()->language(), "'");
    }
    OG_ASSIGN_OR_RAISE(s.docs, s.section->DocLengths());
    const auto& docs = s.docs->docs();
    const auto& lengths = s.docs->lengths();
    for (size_t i = 0; i < docs.size(); ++i) {
      if (SourceRow(data, s.location, s.fragments, docs[i].fragment, docs[i].row) < 0) continue;
      ++view->stats.doc_count;
      view->stats.total_length += lengths[i];
    }
    view->memory_bytes += static_cast<int64_t>(docs.size() * 12 + 256);
  }
  *bytes = view->memory_bytes;
  return std::shared_ptr<const TextView>(std::move(view));
}

}  // namespace

const std::shared_ptr<const index::Analyzer>& DefaultAnalyzer() {
  static const std::shared_ptr<const index::Analyzer> analyzer = [] {
    auto made = index::Analyzer::Make();
    // The default (English) analyzer only fails if ICU or libstemmer is broken at install time.
    if (!made.ok()) internal::DieWithStatus(made.status(), "the default text analyzer");
    return *made;
  }();
  return analyzer;
}

Result<std::unique_ptr<TextSearcher>> TextSearcher::Make(ExecContext& ctx, int var, const std::string& property) {
  if (!ctx.services().search_cache) return Status::Internal("search needs the engine's search cache");
  const NodeData& data = ctx.nodes(var);
  if (!data.has_addresses) return Status::Internal("text search over rows without addresses");
  std::string table_key = graph::NodeTableKey(ctx.plan().vars[var].type_name);
  OG_ASSIGN_OR_RAISE(auto manifest, ctx.graph().ReadTable(ctx.snapshot(), table_key));
  std::string version = manifest ? manifest->key() : "empty:" + table_key;
  OG_ASSIGN_OR_RAISE(auto view, ctx.services().search_cache->Get<TextView>(
                                    "text|" + version + "|" + property, [&](int64_t* bytes) {
                                      return BuildView(ctx, data, manifest.get(), property, bytes);
                                    }));
  return std::unique_ptr<TextSearcher>(new TextSearcher(ctx, var, std::move(view)));
}

template <typename Visit>
void TextSearcher::ForEachLiveDoc(size_t source, const index::PostingList& postings, Visit&& visit) const {
  const NodeData& data = ctx_.nodes(var_);
  const TextView::Source& s = view_->sources[source];
  NodeData::RowCursor cursor;  // postings are in doc order
  for (size_t i = 0; i < postings.docs.size(); ++i) {
    const index::DocId& doc = postings.docs[i];
    int64_t row = SourceRow(data, s.location, s.fragments, doc.fragment, doc.row, &cursor);
    if (row >= 0) visit(row, i);
  }
}

Result<std::vector<uint8_t>> TextSearcher::Match(const TextMatch& match) {
  const NodeData& data = ctx_.nodes(var_);
  std::vector<uint8_t> out(data.num_rows(), 0);
  OG_RETURN_NOT_OK(ctx_.budget().Reserve(static_cast<int64_t>(out.size()), "text match rows"));
  std::vector<index::Token> tokens = DefaultAnalyzer()->Analyze(match.query);
  if (tokens.empty()) return out;  // only stop words or punctuation: nothing to find
  for (size_t s = 0; s < view_->sources.size(); ++s) {
    OG_RETURN_NOT_OK(ctx_.CheckDeadline());
    const index::FtsSectionReader& section = *view_->sources[s].section;
    switch (match.mode) {
      case TextMatch::Mode::kAnyTerm: {
        for (const index::Token& t : tokens) {
          OG_ASSIGN_OR_RAISE(index::PostingList p, section.Lookup(t.term, /*with_positions=*/false));
          ForEachLiveDoc(s, p, [&](int64_t row, size_t) { out[row] = 1; });
        }
        break;
      }
      case TextMatch::Mode::kFuzzy: {
        for (const index::Token& t : tokens) {
          OG_ASSIGN_OR_RAISE(auto terms, section.FuzzyTerms(t, match.max_edits));
          for (const index::FuzzyTerm& ft : terms) {
            OG_ASSIGN_OR_RAISE(index::PostingList p, section.Lookup(ft.term, /*with_positions=*/false));
            ForEachLiveDoc(s, p, [&](int64_t row, size_t) { out[row] = 1; });
          }
        }
        break;
      }
      case TextMatch::Mode::kPhrase: {
        // Documents holding every term, then their positions at the query's own gaps.
        std::map<std::string, index::PostingList> lists;
        bool all_present = true;
        for (const index::Token& t : tokens) {
          if (lists.count(t.term)) continue;
          OG_ASSIGN_OR_RAISE(index::PostingList p, section.Lookup(t.term, /*with_positions=*/true));
          if (p.docs.empty()) all_present = false;
          lists.emplace(t.term, std::move(p));
        }
        if (!all_present) break;
        const index::PostingList& first = lists.at(tokens[0].term);
        std::vector<uint32_t> query_positions;
        for (const index::Token& t : tokens) query_positions.push_back(t.position);
        std::vector<std::span<const uint32_t>> positions(tokens.size());
        for (size_t i = 0; i < first.docs.size(); ++i) {
          const index::DocId& doc = first.docs[i];
          const TextView::Source& src = view_->sources[s];
          int64_t row = SourceRow(data, src.location, src.fragments, doc.fragment, doc.row);
          if (row < 0) continue;
          bool in_all = true;
          for (size_t k = 0; k < tokens.size() && in_all; ++k) {
            const index::PostingList& p = lists.at(tokens[k].term);
            auto it = std::lower_bound(p.docs.begin(), p.docs.end(), doc);
            if (it == p.docs.end() || !(*it == doc)) {
              in_all = false;
            } else {
              positions[k] = p.positions_of(static_cast<size_t>(it - p.docs.begin()));
            }
          }
          if (in_all && index::PhraseMatches(positions, query_positions)) out[row] = 1;
        }
        break;
      }
    }
  }
  return out;
}

Result<std::vector<std::pair<int64_t, double>>> TextSearcher::Bm25(const std::string& query,
                                                                   const std::vector<uint8_t>* candidates) {
  const NodeData& data = ctx_.nodes(var_);
  std::vector<index::Token> tokens = DefaultAnalyzer()->Analyze(query);
  std::map<std::string, uint32_t> query_counts;  // term → occurrences in the query
  for (const index::Token& t : tokens) ++query_counts[t.term];
  // Dense per-row state and the list of rows touched: a posting costs O(1), no hashing. Scores
  // accumulate term by term in query_counts order, the order of index::Bm25Score, so they are the
  // same doubles it computes (an absent term adds 0).
  constexpr uint32_t kUnseen = std::numeric_limits<uint32_t>::max();
  const int64_t n = data.num_rows();
  BudgetLease lease(&ctx_.budget());
  OG_RETURN_NOT_OK(lease.GrowTo(n * 12, "bm25 scores"));
  std::vector<double> score(n, 0.0);
  std::vector<uint32_t> length(n, kUnseen);  // document length of a touched row
  std::vector<int64_t> touched;
  struct Hit {
    int64_t row;
    uint32_t tf;
  };
  std::vector<Hit> hits;  // one term's postings among the candidates
  const uint64_t doc_count = view_->stats.doc_count;
  const double avg_length = view_->stats.avg_length();
  for (const auto& [term, count] : query_counts) {
    hits.clear();
    uint64_t df = 0;  // live documents holding the term, candidates or not
    for (size_t s = 0; s < view_->sources.size(); ++s) {
      OG_RETURN_NOT_OK(ctx_.CheckDeadline());
      const TextView::Source& source = view_->sources[s];
      OG_ASSIGN_OR_RAISE(index::PostingList p, source.section->Lookup(term, /*with_positions=*/false));
      size_t doc_cursor = 0;  // postings are in doc order
      ForEachLiveDoc(s, p, [&](int64_t row, size_t i) {
        ++df;
        if (candidates && !(*candidates)[row]) return;
        if (length[row] == kUnseen) {
          length[row] = source.docs->Find(p.docs[i], &doc_cursor).value_or(0);
          touched.push_back(row);
        }
        hits.push_back({row, p.tfs[i]});
      });
    }
    OG_RETURN_NOT_OK(lease.GrowTo(n * 12 + static_cast<int64_t>((touched.size() + hits.size()) * 16),
                                  "bm25 candidates"));
    for (const Hit& h : hits) {
      score[h.row] += count * index::Bm25TermScore(h.tf, df, doc_count, length[h.row], avg_length);
    }
  }
  std::vector<std::pair<int64_t, double>> scored;
  scored.reserve(touched.size());
  for (int64_t row : touched) scored.emplace_back(row, score[row]);
  return scored;
}

}  // namespace og::exec
