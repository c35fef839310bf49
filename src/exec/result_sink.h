// Result sinks: the last operator of a read pipeline, which keeps the binding rows the answer
// needs and projects them into the result table.
//
// - CollectSink: no `order`. Keeps rows in arrival order; with a `limit` it raises done() once it
//   has that many, which stops the whole pipeline.
// - SortSink: `order` (non-aggregate). Orders by the order keys, then by every bound variable's id
//   (variables in name order), then by arrival — a total order, so `order … limit` is
//   deterministic. With a `limit` k it keeps only the best k rows as it goes (O(k) memory).
// - AggregateSink (aggregate_sink.h) groups instead.
//
// Every kept row is charged to the query's working-memory budget.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include <arrow/type_fwd.h>

#include "exec/memory_budget.h"
#include "exec/operator.h"

namespace og::exec {

class ResultSink : public Operator {
 public:
  using Operator::Operator;
  /// The answer, after Finish().
  virtual Result<std::shared_ptr<arrow::Table>> TakeResult() = 0;
};

/// Binding rows kept by a sink, with their arrival order.
class KeptRows {
 public:
  explicit KeptRows(MemoryBudget* budget) : lease_(budget) {}
  /// Append rows [begin, end) of `in`.
  Status Append(const BindingChunk& in, int64_t begin, int64_t end);
  /// Keep only the rows at `order` (indexes into this store), in that order.
  void Select(const std::vector<int64_t>& order);

  int64_t rows() const { return rows_.rows; }
  const BindingChunk& chunk() const { return rows_; }
  int64_t seq(int64_t i) const { return seq_[i]; }

 private:
  BindingChunk rows_;
  std::vector<int64_t> seq_;  // arrival number of each row
  int64_t next_seq_ = 0;
  BudgetLease lease_;
};

class CollectSink : public ResultSink {
 public:
  CollectSink(ExecContext& ctx, std::optional<int64_t> limit)
      : ResultSink(ctx), limit_(limit), kept_(&ctx.budget()) {}
  Status Push(const BindingChunk& in) override;
  Status Finish() override { return Status::OK(); }
  Result<std::shared_ptr<arrow::Table>> TakeResult() override;

 private:
  std::optional<int64_t> limit_;
  KeptRows kept_;
};

class SortSink : public ResultSink {
 public:
  SortSink(ExecContext& ctx, std::optional<int64_t> limit)
      : ResultSink(ctx), limit_(limit), kept_(&ctx.budget()) {}
  Status Push(const BindingChunk& in) override;
  Status Finish() override;
  Result<std::shared_ptr<arrow::Table>> TakeResult() override;

 private:
  /// Sort the kept rows (keeping the best `limit` when set).
  Status SortKept();
  Status PrepareKeys();

  std::optional<int64_t> limit_;
  KeptRows kept_;
  bool keys_ready_ = false;
  std::vector<BoundOperand> keys_;
  std::vector<int> tie_vars_;                      // bound variables, by name
  std::vector<const arrow::Array*> tie_ids_;       // their id columns
};

/// Project kept rows into the result columns of `ctx.plan()`.
Result<std::shared_ptr<arrow::Table>> ProjectKeptRows(ExecContext& ctx, const KeptRows& kept);

}  // namespace og::exec
