#include "exec/ranked_scan_operator.h"

#include <cmath>

#include "exec/text_search.h"
#include "exec/vector_search.h"

namespace og::exec {

Status RankedScanOperator::ComputeCandidates() {
  computed_ = true;
  const NodeData& data = ctx_.nodes(step_.var);
  const int64_t n = data.num_rows();
  candidates_.assign(n, 1);
  OG_RETURN_NOT_OK(ctx_.budget().Reserve(n, "ranking candidates"));
  OG_ASSIGN_OR_RAISE(BoundFilters filters, ctx_.BindFilters(step_.filters));
  for (int64_t row = 0; row < n; ++row) candidates_[row] = filters.Passes(row) ? 1 : 0;
  for (const TextMatch& m : step_.text) {
    OG_ASSIGN_OR_RAISE(auto searcher, TextSearcher::Make(ctx_, step_.var, m.property));
    OG_ASSIGN_OR_RAISE(std::vector<uint8_t> matched, searcher->Match(m));
    for (size_t row = 0; row < candidates_.size(); ++row) candidates_[row] &= matched[row];
  }
  return Status::OK();
}

Result<LazyRanking> RankedScanOperator::Rank(const Ranking& ranking) {
  std::vector<std::pair<int64_t, double>> scored;
  if (ranking.kind == Ranking::Kind::kBm25) {
    OG_ASSIGN_OR_RAISE(auto searcher, TextSearcher::Make(ctx_, step_.var, ranking.property));
    OG_ASSIGN_OR_RAISE(scored, searcher->Bm25(ranking.text, &candidates_));
    return LazyRanking(std::move(scored), &ctx_.nodes(step_.var).ids());
  } else {
    std::vector<float> query = ranking.vector;
    if (query.empty()) {
      // A String query: embedded with the query role at the property's dimension.
      if (!ctx_.services().embed) {
        return Status::BadRequest("nearest() over text needs an embedding provider (OMNIGRAPH_EMBED_*)");
      }
      OG_ASSIGN_OR_RAISE(auto vectors, ctx_.services().embed({ranking.text}, ranking.dimension,
                                                             /*query_role=*/true, ranking.model));
      if (vectors.size() != 1) return Status::Internal("the embedder returned ", vectors.size(), " vectors for 1 text");
      query = std::move(vectors[0]);
    }
    if (static_cast<int>(query.size()) != ranking.dimension) {
      return Status::BadRequest("nearest() query has ", query.size(), " dimensions; ", ranking.property,
                                " has ", ranking.dimension);
    }
    if (!step_.limit) return Status::BadRequest("nearest() needs a limit");
    OG_ASSIGN_OR_RAISE(auto searcher, VectorSearcher::Make(ctx_, step_.var, ranking.property));
    OG_ASSIGN_OR_RAISE(scored, searcher->Nearest(query, *step_.limit, &candidates_));
  }
  return LazyRanking::Sorted(std::move(scored));  // the k nearest, already in order
}

Status RankedScanOperator::EmitArm(const BindingChunk& in, size_t arm) {
  OG_RETURN_NOT_OK(ctx_.CheckDeadline());
  if (!computed_) OG_RETURN_NOT_OK(ComputeCandidates());
  OG_ASSIGN_OR_RAISE(LazyRanking ranked, Rank(step_.arms.at(arm)));
  emitter_.Start(in, step_.var);
  for (int64_t r = 0; r < in.rows; ++r) {
    for (size_t i = 0; i < ranked.size(); ++i) {
      OG_RETURN_NOT_OK(emitter_.Emit(in, r, step_.var, ranked.RowAt(i)));
      if (ctx_.done()) return Status::OK();
    }
  }
  return emitter_.Flush();
}

}  // namespace og::exec
