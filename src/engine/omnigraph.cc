// og::Graph: the embedded API. Thin: resolves targets, calls exec/ and graph/, shapes DTOs.
#include "omnigraph/omnigraph.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <arrow/table.h>

#include "common/strict_json.h"
#include "engine/graph_impl.h"
#include "exec/exporter.h"
#include "exec/graph_merge.h"
#include "exec/loader.h"
#include "exec/memory_budget.h"
#include "graph/cleanup.h"
#include "graph/graph_store.h"
#include "graph/table_schema.h"
#include "store/failpoints.h"
#include "store/store_factory.h"

namespace og {

const char* Version() { return OG_VERSION; }

int StorageFormatVersion() { return graph::kFormatVersion; }

Result<nlohmann::json> ParseUserJson(const std::string& text, const std::string& origin) {
  return ParseJsonStrict(text, origin);
}

Result<int64_t> ParseByteSize(const std::string& text) { return exec::ParseByteSize(text); }

std::string JsonText(const OrderedJson& j, int indent) { return DumpJson(j, indent); }
std::string JsonText(const nlohmann::json& j, int indent) { return DumpJson(j, indent); }

std::vector<std::pair<std::string, std::string>> Failpoints() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& fp : store::AllFailpoints()) out.emplace_back(fp.name, fp.description);
  return out;
}

Result<LoadMode> ParseLoadMode(const std::string& text) {
  if (text == "overwrite") return LoadMode::kOverwrite;
  if (text == "append") return LoadMode::kAppend;
  if (text == "merge") return LoadMode::kMerge;
  return Status::BadRequest("unknown load mode '", text, "' (expected overwrite, append or merge)");
}

namespace engine {

exec::ExecServices GraphImpl::Services() {
  exec::ExecServices services;
  services.search_cache = &search_cache_;
  services.embed = [this](const std::vector<std::string>& texts, int dimension, bool query_role,
                          const std::string& model) { return Embed(texts, dimension, query_role, model); };
  return services;
}

Result<std::vector<std::vector<float>>> GraphImpl::Embed(const std::vector<std::string>& texts, int dimension,
                                                         bool query_role, const std::string& model) {
  embed::EmbeddingClient* client = nullptr;
  {
    std::lock_guard<std::mutex> lock(embed_mu_);
    if (!embedder_) {
      OG_ASSIGN_OR_RAISE(embed::EmbeddingConfig config, embed::EmbeddingConfig::FromEnv());
      OG_ASSIGN_OR_RAISE(embedder_, embed::EmbeddingClient::Make(std::move(config)));
    }
    client = embedder_.get();
  }
  if (!model.empty() && client->model() != model) {
    return Status::BadRequest("the vectors were embedded with model '", model,
                              "' (@embed), but the configured embedding model is '", client->model(),
                              "' (OMNIGRAPH_EMBED_MODEL)");
  }
  return client->Embed(texts, dimension, query_role ? embed::EmbedRole::kQuery : embed::EmbedRole::kDocument);
}

Result<graph::Snapshot> GraphImpl::Resolve(const ReadTarget& target) {
  if (!target.snapshot.empty()) {
    if (target.version) return Status::BadRequest("give a snapshot or a version, not both");
    return store_->OpenCommit(target.snapshot);
  }
  std::string branch = target.branch.empty() ? "main" : target.branch;
  if (target.version) return store_->OpenBranchVersion(branch, *target.version);
  return store_->OpenBranch(branch);
}

}  // namespace engine

namespace {

// Per-type counts sorted by type name (GraphBatchLoadOutput).
OrderedJson CountsJson(std::vector<std::pair<std::string, int64_t>> counts) {
  std::sort(counts.begin(), counts.end());
  OrderedJson arr = OrderedJson::array();
  for (const auto& [name, n] : counts) arr.push_back({{"name", name}, {"entities_loaded", n}});
  return arr;
}

CommitInfo ToCommitInfo(const graph::Commit& c) {
  CommitInfo info;
  info.id = c.id;
  info.branch = c.branch;
  info.seq = c.seq;
  info.parents = c.parents;
  info.kind = graph::CommitKindName(c.kind);
  info.actor = c.actor;
  info.created_at_us = c.created_at_us;
  info.touched_tables = c.touched;
  return info;
}

OrderedJson NullIfEmpty(const std::string& s) {
  return s.empty() ? OrderedJson(nullptr) : OrderedJson(s);
}

}  // namespace

OrderedJson LoadResult::ToJson() const {
  int64_t total = 0;
  for (const auto& [n, c] : nodes_loaded) total += c;
  for (const auto& [n, c] : edges_loaded) total += c;
  OrderedJson out = {{"branch", branch}};
  if (!base_branch.empty()) out["base_branch"] = base_branch;
  out["branch_created"] = branch_created;
  out["nodes"] = CountsJson(nodes_loaded);
  out["edges"] = CountsJson(edges_loaded);
  out["total_entities"] = total;
  out["commit"] = commit_id;
  return out;
}

OrderedJson CommitInfo::ToJson() const {
  return {{"graph_commit_id", id},
          {"graph_branch", branch},
          {"graph_manifest_version", seq},
          {"parent_commit_id", parents.empty() ? OrderedJson(nullptr) : OrderedJson(parents[0])},
          {"merged_parent_commit_id",
           parents.size() > 1 ? OrderedJson(parents[1]) : OrderedJson(nullptr)},
          {"actor_id", NullIfEmpty(actor)},
          {"created_at", created_at_us},
          {"kind", kind},
          {"touched_tables", touched_tables}};
}

OrderedJson SnapshotInfo::ToJson() const {
  OrderedJson datasets = OrderedJson::array();
  for (const auto& t : tables) {
    auto colon = t.table_key.find(':');
    datasets.push_back({{"entity_kind", t.table_key.substr(0, colon)},
                        {"type_name", t.table_key.substr(colon + 1)},
                        {"entity_count", t.row_count},
                        {"published_dataset_version", t.version}});
  }
  return {{"graph_branch", branch},
          {"graph_commit_id", commit_id},
          {"graph_manifest_version", version},
          {"internal_schema_version", graph::kFormatVersion},
          {"datasets", datasets}};
}

Graph::Graph(std::unique_ptr<engine::GraphImpl> impl) : impl_(std::move(impl)) {}
Graph::~Graph() = default;

const std::string& Graph::uri() const { return impl_->uri(); }

Result<std::unique_ptr<Graph>> Graph::Init(const std::string& uri, const std::string& schema_source,
                                           const std::string& schema_file) {
  OG_ASSIGN_OR_RAISE(auto store, store::OpenStore(uri));
  OG_RETURN_NOT_OK(store::ArmFailpointsFromEnv(*store));
  OG_ASSIGN_OR_RAISE(auto gs, graph::GraphStore::Init(store, schema_source, schema_file));
  return std::unique_ptr<Graph>(
      new Graph(std::make_unique<engine::GraphImpl>(store->uri(), std::move(gs))));
}

Result<std::unique_ptr<Graph>> Graph::Open(const std::string& uri) {
  OG_ASSIGN_OR_RAISE(auto store, store::OpenStore(uri));
  OG_RETURN_NOT_OK(store::ArmFailpointsFromEnv(*store));
  OG_ASSIGN_OR_RAISE(auto gs, graph::GraphStore::Open(store));
  return std::unique_ptr<Graph>(
      new Graph(std::make_unique<engine::GraphImpl>(store->uri(), std::move(gs))));
}

Result<LoadResult> Graph::Load(const std::string& jsonl_path, LoadMode mode,
                               const LoadOptions& options) {
  std::ifstream in(jsonl_path, std::ios::binary);
  if (!in) return Status::NotFound("data file '", jsonl_path, "' cannot be read");
  std::ostringstream ss;
  ss << in.rdbuf();
  return LoadText(ss.str(), jsonl_path, mode, options);
}

Result<LoadResult> Graph::LoadText(const std::string& jsonl, const std::string& source_name,
                                   LoadMode mode, const LoadOptions& options) {
  std::lock_guard<std::mutex> write(impl_->WriteLock(options.branch));
  auto opened = impl_->store().OpenBranch(options.branch);
  bool created = false;
  if (!opened.ok() && opened.status().IsNotFound() && !options.from.empty()) {
    // Fork the missing branch first; a concurrent fork of the same name is as good as ours.
    OG_ASSIGN_OR_RAISE(graph::Snapshot from, impl_->store().OpenBranch(options.from));
    auto forked = impl_->store().CreateBranch(options.branch, from);
    created = forked.ok();
    if (!forked.ok() && !forked.status().IsConflict()) return forked.status();
    opened = impl_->store().OpenBranch(options.branch);
  }
  OG_ASSIGN_OR_RAISE(graph::Snapshot base, std::move(opened));
  exec::LoadMode exec_mode = mode == LoadMode::kOverwrite ? exec::LoadMode::kOverwrite
                             : mode == LoadMode::kAppend  ? exec::LoadMode::kAppend
                                                          : exec::LoadMode::kMerge;
  exec::LoadProgressFn progress = options.progress;
  OG_ASSIGN_OR_RAISE(exec::StagedLoad staged,
                     exec::StageLoad(impl_->store(), base, jsonl, source_name, exec_mode, progress,
                                     impl_->Services().embed));
  staged.request.actor = options.actor;
  // Append and merge loads rebase entity by entity onto a moved head; an overwrite replaces whole
  // tables, so a concurrent change to one of them is a conflict.
  if (mode != LoadMode::kOverwrite) {
    staged.request.rebase = exec::RebaseWrite(impl_->store(), base, staged.request.updated);
  }
  OG_ASSIGN_OR_RAISE(graph::Snapshot published, impl_->store().Publish(base, staged.request));
  LoadResult result;
  result.branch = options.branch;
  result.branch_created = created;
  if (created) result.base_branch = options.from;
  result.commit_id = published.commit->id;
  for (const auto& node : base.catalog->nodes) {
    auto it = staged.nodes_loaded.find(node.name);
    if (it != staged.nodes_loaded.end()) result.nodes_loaded.emplace_back(it->first, it->second);
  }
  for (const auto& edge : base.catalog->edges) {
    auto it = staged.edges_loaded.find(edge.name);
    if (it != staged.edges_loaded.end()) result.edges_loaded.emplace_back(it->first, it->second);
  }
  return result;
}

Result<SnapshotInfo> Graph::Snapshot(const ReadTarget& target) {
  OG_ASSIGN_OR_RAISE(graph::Snapshot snap, impl_->Resolve(target));
  SnapshotInfo info;
  info.branch = snap.branch.empty() ? snap.commit->branch : snap.branch;
  info.commit_id = snap.commit->id;
  info.version = snap.seq;
  auto add = [&](const std::string& key) {
    const graph::TableEntry* e = snap.Table(key);
    info.tables.push_back(TableVersionInfo{key, e ? e->version : 0, e ? e->rows : 0});
  };
  for (const auto& n : snap.catalog->nodes) add(graph::NodeTableKey(n.name));
  for (const auto& e : snap.catalog->edges) add(graph::EdgeTableKey(e.name));
  return info;
}

Result<std::vector<CommitInfo>> Graph::ListCommits(const std::string& branch) {
  OG_ASSIGN_OR_RAISE(graph::Snapshot snap, impl_->store().OpenBranch(branch));
  std::vector<CommitInfo> out;
  std::shared_ptr<const graph::Commit> c = snap.commit;
  while (c) {
    out.push_back(ToCommitInfo(*c));
    if (c->parents.empty()) break;
    auto parent = impl_->store().ReadCommit(c->parents[0]);
    if (!parent.ok() && parent.status().IsNotFound()) break;  // history reclaimed by cleanup
    OG_ASSIGN_OR_RAISE(c, std::move(parent));
  }
  return out;
}

Result<CommitInfo> Graph::ShowCommit(const std::string& commit_id) {
  OG_ASSIGN_OR_RAISE(auto c, impl_->store().ReadCommit(commit_id));
  return ToCommitInfo(*c);
}

Status Graph::Export(const ReadTarget& target, const std::vector<std::string>& types,
                     std::ostream& out) {
  OG_ASSIGN_OR_RAISE(graph::Snapshot snap, impl_->Resolve(target));
  return exec::ExportJsonl(impl_->store(), snap, types, out);
}

Result<std::string> Graph::SchemaSource(const ReadTarget& target) {
  OG_ASSIGN_OR_RAISE(graph::Snapshot snap, impl_->Resolve(target));
  return impl_->store().ReadSchemaSource(snap.commit->schema_hash);
}

OrderedJson CleanupResult::ToJson() const {
  return {{"dry_run", dry_run},
          {"versions_retained", versions_retained},
          {"commits_removed", commits_removed},
          {"manifests_removed", manifests_removed},
          {"fragments_removed", fragments_removed},
          {"deletion_vectors_removed", deletion_vectors_removed},
          {"other_removed", other_removed},
          {"bytes_removed", bytes_removed}};
}

Result<CleanupResult> Graph::Cleanup(const CleanupOptions& options) {
  graph::CleanupOptions o;
  o.keep = options.keep;
  o.older_than_ms = options.older_than_ms;
  o.grace_ms = options.grace_ms;
  o.confirm = options.confirm;
  OG_ASSIGN_OR_RAISE(graph::CleanupReport r, graph::Cleanup(impl_->store(), o));
  CleanupResult out;
  out.commits_removed = r.commits_removed;
  out.manifests_removed = r.manifests_removed;
  out.fragments_removed = r.fragments_removed;
  out.deletion_vectors_removed = r.deletion_vectors_removed;
  out.other_removed = r.other_removed;
  out.bytes_removed = r.bytes_removed;
  out.versions_retained = r.versions_retained;
  out.dry_run = r.dry_run;
  return out;
}

std::string Graph::IoStatsJson() const { return impl_->store().store().stats().ToJson(); }

}  // namespace og
