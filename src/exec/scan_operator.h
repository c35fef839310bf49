// ScanOperator: binds a node variable to every row of its type that passes the scan's filters
// (a cross join with the rows it receives; the first scan of a query receives the unit chunk).
// A `key = "value"` filter on a single-String-key type probes the id index instead of scanning.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "exec/memory_budget.h"
#include "exec/operator.h"

namespace og::exec {

/// The id a scan looks up: the value of a filter `id = "v"`, or `key = "v"` on a type whose @key
/// is that single String property; nullopt when the scan has no such filter.
std::optional<std::string_view> KeyLookup(const lang::Catalog& catalog, const Plan& plan, const ScanStep& scan);

class ScanOperator : public Operator {
 public:
  ScanOperator(ExecContext& ctx, const ScanStep& scan, Operator* next)
      : Operator(ctx), scan_(scan), next_(next), emitter_(next), lease_(&ctx.budget()) {}

  Status Push(const BindingChunk& in) override;
  Status Finish() override { return next_->Finish(); }

 private:
  /// The rows of the scanned type that pass every filter, computed on the first Push.
  Status ComputeMatches();

  const ScanStep& scan_;
  Operator* next_;
  ChunkEmitter emitter_;
  BudgetLease lease_;
  bool computed_ = false;
  std::vector<int64_t> matches_;
};

}  // namespace og::exec
