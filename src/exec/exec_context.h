// ExecContext: the state one execution of a read Plan shares across its operators — the snapshot,
// each variable's table data, the working-memory budget, the deadline, and the "done" flag a sink
// raises once it has every row it needs (a satisfied `limit`), which stops every operator early.
//
// Thread-compatible: one execution runs on one thread.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <memory>
#include <optional>
#include <vector>

#include <arrow/type_fwd.h>

#include "common/result.h"
#include "exec/graph_data.h"
#include "exec/memory_budget.h"
#include "exec/operand.h"
#include "exec/plan.h"
#include "graph/graph_store.h"
#include "table/predicate.h"

namespace og::exec {

class SearchCache;

/// Embeds texts with the configured provider: vectors of `dimension`, query or document role,
/// `model` the @embed model the vectors must come from ("" when unrecorded). Set by the engine.
using EmbedFn = std::function<Result<std::vector<std::vector<float>>>(
    const std::vector<std::string>& texts, int dimension, bool query_role, const std::string& model)>;

/// What search steps need beyond the snapshot: caches and the embedding client.
struct ExecServices {
  SearchCache* search_cache = nullptr;  // required by search steps
  EmbedFn embed;                        // empty: nearest() over text fails with a clear error
};

/// Resource limits of one read execution.
struct ExecLimits {
  int64_t memory_bytes = int64_t{2} << 30;  // working memory (memory_budget.h)
  int64_t timeout_ms = 0;                   // wall-time limit; 0: none
};

class ExecContext {
 public:
  ExecContext(graph::GraphStore& graph, const graph::Snapshot& snap, GraphDataCache& cache,
              const Plan& plan, const ExecLimits& limits, const ExecServices& services = {});

  /// Resolve every plan variable to its rows: the cached full table when the variable is walked
  /// (topology indexes full tables), else possibly only the rows its scan's pushed-down filters
  /// keep. Cost: at most one table scan per variable type (none when cached).
  Status LoadVariables();

  const Plan& plan() const { return plan_; }
  const graph::Snapshot& snapshot() const { return snap_; }
  graph::GraphStore& graph() { return graph_; }
  GraphDataCache& cache() { return cache_; }
  MemoryBudget& budget() { return budget_; }
  const ExecServices& services() const { return services_; }

  const NodeData& nodes(int var) const { return *nodes_[var]; }
  const arrow::RecordBatch& BatchOf(int var) const;
  /// Resolve an operand's column. Internal if the column is missing (the typechecker vouched).
  Result<BoundOperand> Bind(const Operand& op) const;
  /// Bind every operand of `filters` (predicates over one variable).
  Result<BoundFilters> BindFilters(const std::vector<Predicate>& filters) const;

  /// True once the result needs no more rows; operators return as soon as they see it.
  bool done() const { return done_; }
  void set_done() { done_ = true; }

  /// ResourceExhausted once the deadline has passed. Called once per chunk.
  Status CheckDeadline() const;

 private:
  Result<std::shared_ptr<const NodeData>> LoadNodes(int var);
  Result<std::shared_ptr<const NodeData>> LookupByKey(const std::string& type, std::string_view id,
                                                      const std::vector<table::Predicate>& pushed);

  graph::GraphStore& graph_;
  const graph::Snapshot& snap_;
  GraphDataCache& cache_;
  const Plan& plan_;
  ExecLimits limits_;
  ExecServices services_;
  std::chrono::steady_clock::time_point start_;
  MemoryBudget budget_;
  bool done_ = false;
  std::vector<std::shared_ptr<const NodeData>> nodes_;
  std::vector<std::shared_ptr<const EdgeData>> edges_;
  std::vector<bool> walked_;              // per variable: an endpoint of some expand
  std::vector<const ScanStep*> scans_;    // per variable: its scan, if any
};

}  // namespace og::exec
