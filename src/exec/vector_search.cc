#include "exec/vector_search.h"

#include <algorithm>
#include <limits>

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

// An exact section over the vectors of `fragments` (the unindexed part of a version).
Result<std::shared_ptr<const index::VectorSectionReader>> BuildUnindexed(const NodeData& data,
                                                                        const std::string& property,
                                                                        const std::vector<uint32_t>& fragments) {
  auto column = data.batch->GetColumnByName(property);
  if (!column || column->type_id() != arrow::Type::FIXED_SIZE_LIST) {
    return Status::Internal("property '", property, "' of ", data.type_name, " is not a vector column");
  }
  const auto& list = static_cast<const arrow::FixedSizeListArray&>(*column);
  int32_t dim = list.value_length();
  const auto& values = static_cast<const arrow::FloatArray&>(*list.values());
  index::VectorIndexParams flat;
  flat.min_graph_vectors = std::numeric_limits<uint32_t>::max();
  index::VectorSectionBuilder builder(static_cast<uint32_t>(dim), flat);
  for (const FragmentRun& run : data.runs) {
    if (!Contains(fragments, run.fragment_id)) continue;
    for (size_t i = 0; i < run.offsets.size(); ++i) {
      int64_t row = run.first_row + static_cast<int64_t>(i);
      if (list.IsNull(row)) continue;
      const float* v = values.raw_values() + list.value_offset(row);
      OG_RETURN_NOT_OK(builder.Add(run.fragment_id, run.offsets[i], std::span<const float>(v, dim)));
    }
  }
  OG_ASSIGN_OR_RAISE(std::string bytes, builder.Finish());
  return index::VectorSectionReader::Open(index::MemoryRangeReader(std::move(bytes)));
}

Result<std::shared_ptr<const VectorView>> BuildView(ExecContext& ctx, const NodeData& data,
                                                    const table::TableManifest* manifest,
                                                    const std::string& property, int64_t* bytes) {
  auto view = std::make_shared<VectorView>();
  std::vector<uint32_t> unindexed;
  if (manifest) {
    OG_ASSIGN_OR_RAISE(SectionCoverage coverage,
                       CoverageOf(*manifest, index::SectionName(index::SectionKind::kVector, property)));
    for (const SegmentSource& source : coverage.segments) {
      auto file = index::StoreRangeReader(ctx.graph().store(), source.location.key, source.location.bytes);
      OG_ASSIGN_OR_RAISE(auto segment, index::SegmentReader::Open(file));
      const index::SectionInfo* info = segment->Find(index::SectionKind::kVector, property);
      if (!info) {
        return Status::Corruption("index segment '", source.location.key, "' has no vector section for '",
                                  property, "' although its table manifest says so");
      }
      OG_ASSIGN_OR_RAISE(auto section, index::VectorSectionReader::Open(segment->SectionBytes(*info)));
      view->memory_bytes += static_cast<int64_t>(section->memory_bytes());
      view->sources.push_back(VectorView::Source{std::move(section), source.fragments, source.location});
    }
    unindexed = coverage.unindexed;
  }
  if (!unindexed.empty()) {
    OG_ASSIGN_OR_RAISE(auto section, BuildUnindexed(data, property, unindexed));
    view->memory_bytes += static_cast<int64_t>(section->memory_bytes());
    view->sources.push_back(VectorView::Source{std::move(section), unindexed, {}});
  }
  *bytes = view->memory_bytes + 256;
  return std::shared_ptr<const VectorView>(std::move(view));
}

}  // namespace

Result<std::unique_ptr<VectorSearcher>> VectorSearcher::Make(ExecContext& ctx, int var, const std::string& property) {
  if (!ctx.services().search_cache) return Status::Internal("search needs the engine's search cache");
  const NodeData& data = ctx.nodes(var);
  if (!data.has_addresses) return Status::Internal("vector search over rows without addresses");
  std::string table_key = graph::NodeTableKey(ctx.plan().vars[var].type_name);
  OG_ASSIGN_OR_RAISE(auto manifest, ctx.graph().ReadTable(ctx.snapshot(), table_key));
  std::string version = manifest ? manifest->key() : "empty:" + table_key;
  OG_ASSIGN_OR_RAISE(auto view, ctx.services().search_cache->Get<VectorView>(
                                    "vector|" + version + "|" + property, [&](int64_t* bytes) {
                                      return BuildView(ctx, data, manifest.get(), property, bytes);
                                    }));
  return std::unique_ptr<VectorSearcher>(new VectorSearcher(ctx, var, std::move(view)));
}

Result<std::vector<std::pair<int64_t, double>>> VectorSearcher::Nearest(std::span<const float> query, int64_t k,
                                                                       const std::vector<uint8_t>* candidates) {
  const NodeData& data = ctx_.nodes(var_);
  std::vector<std::pair<int64_t, double>> hits;
  if (k <= 0) return hits;
  int kk = static_cast<int>(std::min<int64_t>(k, std::numeric_limits<int>::max()));
  for (const VectorView::Source& source : view_->sources) {
    OG_RETURN_NOT_OK(ctx_.CheckDeadline());
    // Admit a doc when this source answers for its fragment, its row is live and it passes the
    // filters: the search ranks exactly the admitted set.
    index::VectorSectionReader::AcceptFn accept = [&](uint32_t fragment, uint32_t offset) {
      int64_t row = SourceRow(data, source.location, source.fragments, fragment, offset);
      return row >= 0 && (!candidates || (*candidates)[row]);
    };
    // Ties rank by id, which a section does not know: fetch past the k-th distance until the
    // ties at it are all in (or the source is exhausted), then order by (distance, id) below.
    int64_t want = std::min<int64_t>(static_cast<int64_t>(kk) + 1, std::numeric_limits<int>::max());
    std::vector<index::VectorHit> found;
    while (true) {
      OG_ASSIGN_OR_RAISE(found, source.section->Search(query, static_cast<int>(want), &accept));
      if (static_cast<int64_t>(found.size()) < want || found.back().distance > found[kk - 1].distance ||
          want >= std::numeric_limits<int>::max() / 2) {
        break;
      }
      want *= 2;
    }
    for (const index::VectorHit& h : found) {
      hits.emplace_back(SourceRow(data, source.location, source.fragments, h.fragment_id, h.row),
                        static_cast<double>(h.distance));
    }
  }
  std::sort(hits.begin(), hits.end(), [&](const auto& a, const auto& b) {
    if (a.second != b.second) return a.second < b.second;
    return data.id(a.first) < data.id(b.first);
  });
  if (static_cast<int64_t>(hits.size()) > k) hits.resize(k);
  return hits;
}

}  // namespace og::exec
