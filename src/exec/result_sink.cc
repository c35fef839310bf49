#include "exec/result_sink.h"

#include <algorithm>
#include <numeric>

#include <arrow/api.h>

#include "exec/projection.h"

namespace og::exec {

Status KeptRows::Append(const BindingChunk& in, int64_t begin, int64_t end) {
  if (rows_.slots.empty()) {
    rows_.slots.resize(in.slots.size());
    rows_.bound = in.bound;
  }
  int64_t n = end - begin;
  if (n <= 0) return Status::OK();
  int64_t bound_vars = std::count(rows_.bound.begin(), rows_.bound.end(), true);
  int64_t want = rows_.rows + n;
  // Reserve geometrically so the budget check is amortised like the vectors' growth.
  int64_t bytes_per_row = (bound_vars + 2) * static_cast<int64_t>(sizeof(int64_t));
  if (want * bytes_per_row > lease_.held()) {
    OG_RETURN_NOT_OK(lease_.GrowTo(std::max(want, rows_.rows * 3 / 2) * bytes_per_row, "kept result rows"));
  }
  for (size_t v = 0; v < rows_.slots.size(); ++v) {
    if (!rows_.bound[v]) continue;
    rows_.slots[v].insert(rows_.slots[v].end(), in.slots[v].begin() + begin, in.slots[v].begin() + end);
  }
  rows_.origin.insert(rows_.origin.end(), in.origin.begin() + begin, in.origin.begin() + end);
  for (int64_t i = 0; i < n; ++i) seq_.push_back(next_seq_++);
  rows_.rows = want;
  return Status::OK();
}

void KeptRows::Select(const std::vector<int64_t>& order) {
  for (size_t v = 0; v < rows_.slots.size(); ++v) {
    if (!rows_.bound[v]) continue;
    std::vector<int64_t> next;
    next.reserve(order.size());
    for (int64_t i : order) next.push_back(rows_.slots[v][i]);
    rows_.slots[v] = std::move(next);
  }
  std::vector<int64_t> next_seq, next_origin;
  next_seq.reserve(order.size());
  next_origin.reserve(order.size());
  for (int64_t i : order) {
    next_seq.push_back(seq_[i]);
    next_origin.push_back(rows_.origin[i]);
  }
  seq_ = std::move(next_seq);
  rows_.origin = std::move(next_origin);
  rows_.rows = static_cast<int64_t>(order.size());
}

Result<std::shared_ptr<arrow::Table>> ProjectKeptRows(ExecContext& ctx, const KeptRows& kept) {
  const Plan& plan = ctx.plan();
  arrow::ArrayVector columns;
  std::vector<int64_t> table_rows;
  for (const ProjectionSpec& p : plan.projections) {
    table_rows.clear();
    if (kept.rows() == 0) {
      // nothing kept (perhaps no chunk ever arrived): an empty column
    } else if (p.value.kind != Operand::Kind::kConst) {
      const auto& slot = kept.chunk().slots[p.value.var];
      table_rows.assign(slot.begin(), slot.begin() + kept.rows());
    } else {
      table_rows.assign(kept.rows(), 0);
    }
    OG_ASSIGN_OR_RAISE(auto column, GatherColumn(ctx, p.value, table_rows));
    columns.push_back(std::move(column));
  }
  return MakeResultTable(plan, columns);
}

// ---- CollectSink --------------------------------------------------------------------------------

Status CollectSink::Push(const BindingChunk& in) {
  OG_RETURN_NOT_OK(ctx_.CheckDeadline());
  int64_t take = in.rows;
  if (limit_) take = std::min(take, *limit_ - kept_.rows());
  OG_RETURN_NOT_OK(kept_.Append(in, 0, take));
  if (limit_ && kept_.rows() >= *limit_) ctx_.set_done();
  return Status::OK();
}

Result<std::shared_ptr<arrow::Table>> CollectSink::TakeResult() { return ProjectKeptRows(ctx_, kept_); }

// ---- SortSink -----------------------------------------------------------------------------------

Status SortSink::PrepareKeys() {
  keys_ready_ = true;
  const Plan& plan = ctx_.plan();
  for (const OrderSpec& o : plan.order) {
    const Operand& op = o.projection >= 0 ? plan.projections[o.projection].value : o.value;
    OG_ASSIGN_OR_RAISE(auto b, ctx_.Bind(op));
    keys_.push_back(b);
  }
  const BindingChunk& rows = kept_.chunk();
  for (size_t v = 0; v < plan.vars.size(); ++v) {
    if (v < rows.bound.size() && rows.bound[v]) tie_vars_.push_back(static_cast<int>(v));
  }
  std::sort(tie_vars_.begin(), tie_vars_.end(),
            [&](int a, int b) { return plan.vars[a].name < plan.vars[b].name; });
  for (int v : tie_vars_) tie_ids_.push_back(ctx_.BatchOf(v).GetColumnByName("id").get());
  return Status::OK();
}

Status SortSink::SortKept() {
  if (!keys_ready_) OG_RETURN_NOT_OK(PrepareKeys());
  const Plan& plan = ctx_.plan();
  const BindingChunk& rows = kept_.chunk();
  auto less = [&](int64_t a, int64_t b) {
    for (size_t k = 0; k < keys_.size(); ++k) {
      int c = SortCompare(keys_[k].At(rows, a), keys_[k].At(rows, b));
      if (c != 0) return plan.order[k].desc ? c > 0 : c < 0;
    }
    for (size_t t = 0; t < tie_vars_.size(); ++t) {
      const auto* ids = static_cast<const arrow::StringArray*>(tie_ids_[t]);
      int v = tie_vars_[t];
      int c = ids->GetView(rows.slots[v][a]).compare(ids->GetView(rows.slots[v][b]));
      if (c != 0) return c < 0;
    }
    return kept_.seq(a) < kept_.seq(b);  // identical bindings: arrival order
  };
  std::vector<int64_t> order(kept_.rows());
  std::iota(order.begin(), order.end(), 0);
  if (limit_ && *limit_ < static_cast<int64_t>(order.size())) {
    std::partial_sort(order.begin(), order.begin() + *limit_, order.end(), less);
    order.resize(*limit_);
  } else {
    std::sort(order.begin(), order.end(), less);
  }
  kept_.Select(order);
  return Status::OK();
}

Status SortSink::Push(const BindingChunk& in) {
  OG_RETURN_NOT_OK(ctx_.CheckDeadline());
  OG_RETURN_NOT_OK(kept_.Append(in, 0, in.rows));
  // Top-k: once the buffer holds well over k rows, keep the best k (amortised O(n log k)).
  if (limit_ && kept_.rows() >= std::max<int64_t>(2 * *limit_, *limit_ + kChunkRows)) {
    OG_RETURN_NOT_OK(SortKept());
  }
  return Status::OK();
}

Status SortSink::Finish() { return kept_.rows() > 0 ? SortKept() : Status::OK(); }

Result<std::shared_ptr<arrow::Table>> SortSink::TakeResult() { return ProjectKeptRows(ctx_, kept_); }

}  // namespace og::exec
