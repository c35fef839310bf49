// AggregateSink: the sink of a query with aggregates (count, sum, avg, min, max). Rows are
// grouped by the values of the non-aggregate projections (one global group when there are none,
// which yields one row even over no input); groups come out in first-occurrence order unless the
// query orders them by returned columns. Each group is charged to the working-memory budget.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "exec/result_sink.h"

namespace og::exec {

class AggregateSink : public ResultSink {
 public:
  explicit AggregateSink(ExecContext& ctx) : ResultSink(ctx), lease_(&ctx.budget()) {}

  Status Init();
  Status Push(const BindingChunk& in) override;
  Status Finish() override { return Status::OK(); }
  Result<std::shared_ptr<arrow::Table>> TakeResult() override;

 private:
  struct Group {
    // Per projection: for a group key, the table row of its first occurrence; for min/max, the
    // table row holding the current best (-1 while none).
    std::vector<int64_t> row;
    std::vector<int64_t> count;  // non-null inputs per aggregate projection
    std::vector<double> sum;
  };
  size_t NewGroup();

  std::vector<BoundOperand> ops_;
  bool has_keys_ = false;
  std::vector<Group> groups_;
  std::unordered_map<std::string, size_t> index_;
  BudgetLease lease_;
  int64_t charged_ = 0;
};

}  // namespace og::exec
