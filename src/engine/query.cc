// og::Graph read queries and lint: parse → typecheck → bind parameters → lower → execute.
#include <cstdlib>

#include <arrow/api.h>

#include "common/ids.h"
#include "engine/graph_impl.h"
#include "exec/graph_merge.h"
#include "exec/executor.h"
#include "exec/json_cells.h"
#include "exec/lower.h"
#include "exec/memory_budget.h"
#include "exec/mutation.h"
#include "lang/gq_check.h"
#include "lang/gq_parser.h"

namespace og {

int64_t QueryResult::row_count() const { return table ? table->num_rows() : 0; }

OrderedJson QueryResult::RowsJson() const {
  OrderedJson rows = OrderedJson::array();
  if (!table) return rows;
  auto batch = table->CombineChunksToBatch().ValueOrDie();
  for (int64_t r = 0; r < batch->num_rows(); ++r) {
    OrderedJson row = OrderedJson::object();
    for (int c = 0; c < batch->num_columns(); ++c) {
      row[columns[c]] = exec::CellToJson(*batch->column(c), r, exec::TemporalStyle::kIso);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

OrderedJson QueryResult::ToJson() const {
  // ReadTargetOutput: both keys, the one not read from null (OmniGraph's shape).
  OrderedJson t = OrderedJson::object();
  if (!target.snapshot.empty()) {
    t["branch"] = nullptr;
    t["snapshot"] = target.snapshot;
  } else {
    t["branch"] = target.branch;
    t["snapshot"] = nullptr;
  }
  return {{"query_name", query_name},
          {"target", t},
          {"row_count", row_count()},
          {"columns", columns},
          {"rows", RowsJson()},
          {"graph_commit_id", graph_commit_id}};
}

namespace engine {

/// Find the declaration to run: by name, or the only one when no name is given.
Result<const lang::QueryDecl*> SelectQuery(const lang::QueryFile& file, const std::string& name) {
  if (name.empty()) {
    if (file.queries.size() == 1) return &file.queries[0];
    if (file.queries.empty()) return Status::BadRequest("the query source declares no query");
    std::string names;
    for (const auto& q : file.queries) names += (names.empty() ? "" : ", ") + q.name;
    return Status::BadRequest("the source declares several queries (", names,
                              "); name the one to run");
  }
  for (const auto& q : file.queries) {
    if (q.name == name) return &q;
  }
  return Status::NotFound("query '", name, "' not found");
}

}  // namespace engine

void Graph::SetQueryLimits(const QueryLimits& limits) { impl_->query_limits = limits; }

namespace engine {

/// The executor's limits: the handle's, else the environment's defaults.
Result<exec::ExecLimits> EffectiveLimits(const QueryLimits& limits) {
  exec::ExecLimits out;
  if (limits.memory_bytes > 0) {
    out.memory_bytes = limits.memory_bytes;
  } else {
    OG_ASSIGN_OR_RAISE(out.memory_bytes, exec::DefaultQueryMemoryLimit());
  }
  out.timeout_ms = limits.timeout_ms;
  if (out.timeout_ms <= 0) {
    const char* env = std::getenv("OMNIGRAPH_QUERY_TIMEOUT_MS");
    if (env && *env) {
      char* end = nullptr;
      long long ms = std::strtoll(env, &end, 10);
      if (*end != '\0' || ms <= 0) {
        return Status::BadRequest("OMNIGRAPH_QUERY_TIMEOUT_MS: '", env,
                                  "' is not a positive number of milliseconds");
      }
      out.timeout_ms = ms;
    }
  }
  return out;
}

}  // namespace engine

Result<QueryResult> Graph::Query(const std::string& source, const std::string& name,
                                 const nlohmann::json& params, const ReadTarget& target,
                                 const std::string& source_file) {
  OG_ASSIGN_OR_RAISE(exec::ExecLimits limits, engine::EffectiveLimits(impl_->query_limits));
  OG_ASSIGN_OR_RAISE(lang::QueryFile file, lang::ParseQueries(source, source_file));
  OG_ASSIGN_OR_RAISE(const lang::QueryDecl* decl, engine::SelectQuery(file, name));
  OG_ASSIGN_OR_RAISE(graph::Snapshot snap, impl_->Resolve(target));
  OG_ASSIGN_OR_RAISE(lang::CheckedQuery checked, lang::Typecheck(*decl, *snap.catalog));
  if (checked.is_mutation) {
    return Status::BadRequest("query '", decl->name,
                              "' is a mutation; run it with `omnigraph mutate`");
  }
  OG_ASSIGN_OR_RAISE(auto bound, lang::BindParams(*decl, params));
  OG_ASSIGN_OR_RAISE(exec::Plan plan,
                     exec::LowerRead(checked, *snap.catalog, bound, NowMillis()));
  OG_ASSIGN_OR_RAISE(auto table, exec::ExecuteRead(impl_->store(), snap, impl_->data_cache(), plan, limits,
                                                       impl_->Services()));
  QueryResult result;
  result.query_name = decl->name;
  result.target = target;
  if (result.target.snapshot.empty() && result.target.branch.empty()) result.target.branch = "main";
  for (const auto& p : plan.projections) result.columns.push_back(p.name);
  result.table = std::move(table);
  result.graph_commit_id = snap.commit->id;
  return result;
}

OrderedJson MutationResult::ToJson() const {
  OrderedJson commit_json = nullptr;
  if (commit) {
    commit_json = {{"graph_commit_id", commit->id},
                   {"graph_branch", commit->branch},
                   {"graph_manifest_version", commit->seq},
                   {"parent_commit_id", commit->parents.empty() ? OrderedJson(nullptr)
                                                                : OrderedJson(commit->parents[0])},
                   {"merged_parent_commit_id", nullptr},
                   {"actor_id", commit->actor.empty() ? OrderedJson(nullptr) : OrderedJson(commit->actor)},
                   {"created_at", commit->created_at_us}};
  }
  return {{"branch", branch},
          {"query_name", query_name},
          {"affected_nodes", affected_nodes},
          {"affected_edges", affected_edges},
          {"actor_id", actor.empty() ? OrderedJson(nullptr) : OrderedJson(actor)},
          {"commit", commit_json}};
}

Result<MutationResult> Graph::Mutate(const std::string& source, const std::string& name,
                                     const nlohmann::json& params, const MutateOptions& options,
                                     const std::string& source_file) {
  OG_ASSIGN_OR_RAISE(lang::QueryFile file, lang::ParseQueries(source, source_file));
  OG_ASSIGN_OR_RAISE(const lang::QueryDecl* decl, engine::SelectQuery(file, name));
  std::string branch = options.branch.empty() ? "main" : options.branch;
  std::lock_guard<std::mutex> write(impl_->WriteLock(branch));
  OG_ASSIGN_OR_RAISE(graph::Snapshot base, impl_->store().OpenBranch(branch));
  if (!options.if_commit.empty() && options.if_commit != base.commit->id) {
    return Status(StatusCode::PreconditionFailed,
                  internal::StrCat("precondition failed: branch '", branch, "' head is ",
                                   base.commit->id, ", expected ", options.if_commit),
                  std::make_shared<PreconditionFailureDetail>(options.if_commit, base.commit->id));
  }
  OG_ASSIGN_OR_RAISE(lang::CheckedQuery checked, lang::Typecheck(*decl, *base.catalog));
  if (!checked.is_mutation) {
    return Status::BadRequest("query '", decl->name, "' is a read; run it with `omnigraph query`");
  }
  OG_ASSIGN_OR_RAISE(auto bound, lang::BindParams(*decl, params));
  OG_ASSIGN_OR_RAISE(exec::StagedMutation staged,
                     exec::StageMutation(impl_->store(), base, checked, bound, NowMillis(),
                                         impl_->Services().embed));
  MutationResult result;
  result.branch = branch;
  result.query_name = decl->name;
  result.actor = options.actor;
  result.affected_nodes = staged.affected_nodes;
  result.affected_edges = staged.affected_edges;
  if (staged.request.updated.empty()) return result;  // nothing changed: nothing to publish
  staged.request.actor = options.actor;
  // A conditional write is pinned to its head; any other moves on to a moved head when no entity
  // it changed was changed there too.
  if (options.if_commit.empty()) {
    staged.request.rebase = exec::RebaseWrite(impl_->store(), base, staged.request.updated);
  } else {
    staged.request.require_base_head = true;
  }
  OG_ASSIGN_OR_RAISE(graph::Snapshot published, impl_->store().Publish(base, staged.request));
  OG_ASSIGN_OR_RAISE(result.commit, ShowCommit(published.commit->id));
  return result;
}

Result<nlohmann::json> LintQueries(const std::string& schema_source, const std::string& schema_path,
                                   const std::string& query_source, const std::string& query_path) {
  OG_ASSIGN_OR_RAISE(lang::Catalog catalog, lang::ParseSchema(schema_source, schema_path));
  return lang::LintQueries(catalog, query_source, query_path, schema_path);
}

std::string RenderLintText(const nlohmann::json& report) { return lang::RenderLintText(report); }

Result<nlohmann::json> Graph::Lint(const std::string& query_source, const std::string& query_path,
                                   const ReadTarget& target) {
  OG_ASSIGN_OR_RAISE(graph::Snapshot snap, impl_->Resolve(target));
  nlohmann::json report = lang::LintQueries(*snap.catalog, query_source, query_path, "");
  report["schema_source"] = {{"kind", "graph"}, {"uri", impl_->uri()}};
  return report;
}

}  // namespace og
