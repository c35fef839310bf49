#include "exec/aggregate_sink.h"

#include <algorithm>
#include <numeric>

#include <arrow/api.h>
#include <arrow/compute/api_vector.h>

#include "common/arrow_util.h"
#include "exec/projection.h"

namespace og::exec {

Status AggregateSink::Init() {
  const Plan& plan = ctx_.plan();
  for (const ProjectionSpec& p : plan.projections) {
    OG_ASSIGN_OR_RAISE(auto b, ctx_.Bind(p.value));
    ops_.push_back(b);
    if (p.agg == AggKind::kNone) has_keys_ = true;
  }
  if (!has_keys_) NewGroup();  // a global aggregate has one row even over no input
  return Status::OK();
}

size_t AggregateSink::NewGroup() {
  size_t np = ops_.size();
  Group g;
  g.row.assign(np, -1);
  g.count.assign(np, 0);
  g.sum.assign(np, 0);
  groups_.push_back(std::move(g));
  return groups_.size() - 1;
}

Status AggregateSink::Push(const BindingChunk& in) {
  OG_RETURN_NOT_OK(ctx_.CheckDeadline());
  const Plan& plan = ctx_.plan();
  size_t np = ops_.size();
  // Per group: its key, the hash entry and the per-projection vectors.
  const int64_t group_overhead = 96 + static_cast<int64_t>(np) * 3 * sizeof(int64_t);
  std::string key;
  for (int64_t r = 0; r < in.rows; ++r) {
    size_t gi = 0;
    if (has_keys_) {
      key.clear();
      for (size_t i = 0; i < np; ++i) {
        if (plan.projections[i].agg == AggKind::kNone) key += CellKey(ops_[i].At(in, r)) + "\x1f";
      }
      auto it = index_.find(key);
      if (it == index_.end()) {
        charged_ += group_overhead + static_cast<int64_t>(key.size());
        OG_RETURN_NOT_OK(lease_.GrowTo(charged_, "aggregate groups"));
        gi = NewGroup();
        index_.emplace(key, gi);
        for (size_t i = 0; i < np; ++i) {
          const ProjectionSpec& p = plan.projections[i];
          if (p.agg == AggKind::kNone && p.value.kind != Operand::Kind::kConst) {
            groups_[gi].row[i] = in.slots[p.value.var][r];
          }
        }
      } else {
        gi = it->second;
      }
    }
    Group& g = groups_[gi];
    for (size_t i = 0; i < np; ++i) {
      AggKind agg = plan.projections[i].agg;
      if (agg == AggKind::kNone) continue;
      Cell c = ops_[i].At(in, r);
      if (c.is_null()) continue;
      ++g.count[i];
      if (agg == AggKind::kSum || agg == AggKind::kAvg) {
        g.sum[i] += c.kind == Cell::Kind::kFloat ? c.f
                    : c.kind == Cell::Kind::kUInt ? static_cast<double>(c.u)
                                                  : static_cast<double>(c.i);
      } else if (agg == AggKind::kMin || agg == AggKind::kMax) {
        const Operand& v = plan.projections[i].value;
        int64_t table_row = v.kind == Operand::Kind::kConst ? 0 : in.slots[v.var][r];
        if (g.row[i] < 0) {
          g.row[i] = table_row;
        } else {
          int cmp = SortCompare(c, ops_[i].AtTableRow(g.row[i]));
          if ((agg == AggKind::kMin && cmp < 0) || (agg == AggKind::kMax && cmp > 0)) g.row[i] = table_row;
        }
      }
    }
  }
  return Status::OK();
}

Result<std::shared_ptr<arrow::Table>> AggregateSink::TakeResult() {
  const Plan& plan = ctx_.plan();
  size_t np = plan.projections.size();
  arrow::ArrayVector columns;
  for (size_t i = 0; i < np; ++i) {
    const ProjectionSpec& p = plan.projections[i];
    switch (p.agg) {
      case AggKind::kNone:
      case AggKind::kMin:
      case AggKind::kMax: {
        std::vector<int64_t> rows;
        rows.reserve(groups_.size());
        for (const Group& g : groups_) rows.push_back(g.row[i]);
        if (p.value.kind == Operand::Kind::kConst && p.agg == AggKind::kNone) {
          std::fill(rows.begin(), rows.end(), 0);
        }
        OG_ASSIGN_OR_RAISE(auto arr, GatherColumn(ctx_, p.value, rows));
        columns.push_back(arr);
        break;
      }
      case AggKind::kCount: {
        arrow::Int64Builder b;
        for (const Group& g : groups_) OG_RETURN_NOT_OK(b.Append(g.count[i]));
        OG_ARROW_ASSIGN_OR_RAISE(auto arr, b.Finish());
        columns.push_back(arr);
        break;
      }
      case AggKind::kSum:
      case AggKind::kAvg: {
        arrow::DoubleBuilder b;
        for (const Group& g : groups_) {
          if (g.count[i] == 0) OG_RETURN_NOT_OK(b.AppendNull());
          else OG_RETURN_NOT_OK(b.Append(p.agg == AggKind::kSum ? g.sum[i] : g.sum[i] / g.count[i]));
        }
        OG_ARROW_ASSIGN_OR_RAISE(auto arr, b.Finish());
        columns.push_back(arr);
        break;
      }
    }
  }
  OG_ASSIGN_OR_RAISE(auto table, MakeResultTable(plan, columns));
  // Output group order: by the order keys (returned columns), else first occurrence.
  std::vector<size_t> order(groups_.size());
  std::iota(order.begin(), order.end(), 0);
  if (!plan.order.empty()) {
    OG_ARROW_ASSIGN_OR_RAISE(auto batch, table->CombineChunksToBatch());
    std::vector<const arrow::Array*> key_cols;
    for (const OrderSpec& o : plan.order) {
      int pi = o.projection;
      if (pi < 0) {
        for (size_t i = 0; i < np; ++i) {
          const Operand& v = plan.projections[i].value;
          if (plan.projections[i].agg == AggKind::kNone && v.kind == o.value.kind &&
              v.var == o.value.var && v.property == o.value.property) {
            pi = static_cast<int>(i);
          }
        }
      }
      if (pi < 0) return Status::BadRequest("in an aggregate query, order by a returned column or alias");
      key_cols.push_back(batch->column(pi).get());
    }
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      for (size_t k = 0; k < key_cols.size(); ++k) {
        int c = SortCompare(CellAt(*key_cols[k], a), CellAt(*key_cols[k], b));
        if (c != 0) return plan.order[k].desc ? c > 0 : c < 0;
      }
      return false;
    });
  }
  if (plan.limit && static_cast<int64_t>(order.size()) > *plan.limit) order.resize(*plan.limit);
  bool identity = order.size() == groups_.size();
  for (size_t i = 0; i < order.size() && identity; ++i) identity = order[i] == i;
  if (identity) return table;
  arrow::Int64Builder idx;
  for (size_t o : order) OG_RETURN_NOT_OK(idx.Append(static_cast<int64_t>(o)));
  OG_ARROW_ASSIGN_OR_RAISE(auto indices, idx.Finish());
  OG_ARROW_ASSIGN_OR_RAISE(arrow::Datum taken, arrow::compute::Take(table, indices));
  return taken.table();
}

}  // namespace og::exec
