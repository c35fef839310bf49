#include "exec/rrf_fusion.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

namespace og::exec {

Status RrfFusion::Emit(Operator* sink) {
  // Per arm: each entity's rank and its rows, in order.
  struct ArmIndex {
    std::vector<int64_t> entities;                            // distinct, first-appearance order
    std::unordered_map<int64_t, std::vector<int64_t>> rows;  // entity → row indexes in the arm
  };
  std::array<ArmIndex, 2> index;
  for (size_t a = 0; a < 2; ++a) {
    const BindingChunk& rows = arms_[a].chunk();
    for (int64_t r = 0; r < arms_[a].rows(); ++r) {
      int64_t e = rows.slots[var_][r];
      auto [it, fresh] = index[a].rows.try_emplace(e);
      if (fresh) index[a].entities.push_back(e);
      it->second.push_back(r);
    }
  }
  std::unordered_map<int64_t, double> score;
  std::vector<int64_t> order;  // first appearance: arm 1, then arm-2-only entities
  for (size_t a = 0; a < 2; ++a) {
    for (size_t rank = 0; rank < index[a].entities.size(); ++rank) {
      int64_t e = index[a].entities[rank];
      auto [it, fresh] = score.try_emplace(e, 0.0);
      if (fresh) order.push_back(e);
      it->second += 1.0 / static_cast<double>(k_ + static_cast<int64_t>(rank) + 1);
    }
  }
  std::stable_sort(order.begin(), order.end(), [&](int64_t x, int64_t y) { return score[x] > score[y]; });
  if (static_cast<int64_t>(order.size()) > limit_) order.resize(limit_);

  ChunkEmitter emitter(sink);
  bool started = false;
  for (int64_t e : order) {
    size_t a = index[0].rows.count(e) ? 0 : 1;
    const BindingChunk& rows = arms_[a].chunk();
    if (!started) {
      emitter.Start(rows);
      started = true;
    }
    for (int64_t r : index[a].rows.at(e)) {
      OG_RETURN_NOT_OK(emitter.Emit(rows, r));
      if (ctx_.done()) return sink->Finish();
    }
  }
  OG_RETURN_NOT_OK(emitter.Flush());
  return sink->Finish();
}

}  // namespace og::exec
