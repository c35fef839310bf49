#include "graph/graph_store.h"

#include <chrono>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "common/ids.h"
#include "graph/ref_log.h"
#include "store/layout.h"

namespace og::graph {

const TableEntry* Snapshot::Table(const std::string& table_key) const {
  auto it = commit->tables.find(table_key);
  if (it == commit->tables.end() || it->second.manifest_key.empty()) return nullptr;
  return &it->second;
}

Result<std::unique_ptr<GraphStore>> GraphStore::Init(std::shared_ptr<store::ObjectStore> store,
                                                     const std::string& schema_source,
                                                     const std::string& schema_file) {
  OG_ASSIGN_OR_RAISE(lang::Catalog catalog, lang::ParseSchema(schema_source, schema_file));
  nlohmann::json format = {{"format", kFormatName}, {"version", kFormatVersion}};
  OG_ASSIGN_OR_RAISE(bool created, store->PutIfAbsent(store::FormatKey(), format.dump()));
  if (!created) return Status::Conflict("a graph already exists at ", store->uri());

  std::string hash = ContentHash(schema_source);
  OG_RETURN_NOT_OK(store->Put(store::SchemaSourceKey(hash), schema_source));
  OG_RETURN_NOT_OK(store->Put(store::SchemaCatalogKey(hash), catalog.ToJson().dump()));

  Commit genesis;
  genesis.id = NewUlid();
  genesis.branch = "main";
  genesis.seq = 0;
  genesis.kind = CommitKind::kInit;
  genesis.created_at_us = NowMicros();
  genesis.schema_hash = hash;
  OG_RETURN_NOT_OK(store->Put(store::CommitKey(genesis.id), genesis.ToJson().dump()));
  OG_ASSIGN_OR_RAISE(bool published, TryPublishRef(*store, "main", RefEntry{0, genesis.id, false}));
  if (!published) return Status::Conflict("a graph already exists at ", store->uri());
  return std::unique_ptr<GraphStore>(new GraphStore(std::move(store)));
}

Result<std::unique_ptr<GraphStore>> GraphStore::Open(std::shared_ptr<store::ObjectStore> store) {
  auto bytes = store->Get(store::FormatKey());
  if (!bytes.ok()) {
    if (bytes.status().IsNotFound()) return Status::NotFound("no graph at ", store->uri());
    return bytes.status();
  }
  nlohmann::json j = nlohmann::json::parse(*bytes, nullptr, false);
  if (j.is_discarded() || j.value("format", "") != kFormatName) {
    return Status::Corruption(store->uri(), " is not an omnigraph-cpp graph (bad _og/format.json)");
  }
  if (j.value("version", 0) != kFormatVersion) {
    return Status::Unsupported("graph format version ", j.value("version", 0),
                               " is not supported by this build (expects ", kFormatVersion, ")");
  }
  return std::unique_ptr<GraphStore>(new GraphStore(std::move(store)));
}

Result<Snapshot> GraphStore::SnapshotOf(std::shared_ptr<const Commit> commit, std::string branch,
                                        uint64_t seq) {
  Snapshot snap;
  snap.branch = std::move(branch);
  snap.seq = seq;
  OG_ASSIGN_OR_RAISE(snap.catalog, ReadCatalog(commit->schema_hash));
  snap.commit = std::move(commit);
  return snap;
}

Result<Snapshot> GraphStore::OpenBranch(const std::string& branch) {
  OG_ASSIGN_OR_RAISE(auto head, ReadBranchHead(*store_, branch, &refs_));
  if (!head || head->tombstone) return Status::NotFound("branch '", branch, "' not found");
  OG_ASSIGN_OR_RAISE(auto commit, ReadCommit(head->commit_id));
  return SnapshotOf(std::move(commit), branch, head->seq);
}

Result<Snapshot> GraphStore::OpenCommit(const std::string& commit_id) {
  OG_ASSIGN_OR_RAISE(auto commit, ReadCommit(commit_id));
  uint64_t seq = commit->seq;
  return SnapshotOf(std::move(commit), "", seq);
}

Result<std::shared_ptr<const Commit>> GraphStore::ReadCommit(const std::string& commit_id) {
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    auto it = commits_.find(commit_id);
    if (it != commits_.end()) return it->second;
  }
  std::string key = store::CommitKey(commit_id);
  auto bytes = store_->Get(key);
  if (!bytes.ok()) {
    if (bytes.status().IsNotFound()) return Status::NotFound("commit '", commit_id, "' not found");
    return bytes.status();
  }
  OG_ASSIGN_OR_RAISE(Commit commit, Commit::Parse(*bytes, key));
  auto shared = std::make_shared<const Commit>(std::move(commit));
  std::lock_guard<std::mutex> lock(cache_mu_);
  commits_.emplace(commit_id, shared);
  return shared;
}

Result<std::shared_ptr<const lang::Catalog>> GraphStore::ReadCatalog(const std::string& hash) {
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    auto it = catalogs_.find(hash);
    if (it != catalogs_.end()) return it->second;
  }
  std::string key = store::SchemaCatalogKey(hash);
  OG_ASSIGN_OR_RAISE(std::string bytes, store_->Get(key));
  nlohmann::json j = nlohmann::json::parse(bytes, nullptr, false);
  if (j.is_discarded()) return Status::Corruption("schema catalog ", key, " is not valid JSON");
  OG_ASSIGN_OR_RAISE(lang::Catalog catalog, lang::Catalog::FromJson(j));
  auto shared = std::make_shared<const lang::Catalog>(std::move(catalog));
  std::lock_guard<std::mutex> lock(cache_mu_);
  catalogs_.emplace(hash, shared);
  return shared;
}

Result<std::string> GraphStore::ReadSchemaSource(const std::string& schema_hash) {
  return store_->Get(store::SchemaSourceKey(schema_hash));
}

Result<std::shared_ptr<const table::TableManifest>> GraphStore::ReadTable(
    const Snapshot& snap, const std::string& table_key) {
  const TableEntry* entry = snap.Table(table_key);
  if (!entry) return std::shared_ptr<const table::TableManifest>();
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    auto it = manifests_.find(entry->manifest_key);
    if (it != manifests_.end()) return it->second;
  }
  OG_ASSIGN_OR_RAISE(auto manifest, table::ReadManifest(*store_, entry->manifest_key));
  std::lock_guard<std::mutex> lock(cache_mu_);
  manifests_.emplace(entry->manifest_key, manifest);
  return manifest;
}

namespace {
// Random, growing to at most 5 ms: writers that lost together do not retry together.
int64_t RandomPauseMicros(int attempt) {
  thread_local std::mt19937 rng(std::random_device{}());
  return std::uniform_int_distribution<int64_t>(0, 500 * std::min(attempt + 1, 10))(rng);
}
}  // namespace

Result<Snapshot> GraphStore::Publish(const Snapshot& base, const CommitRequest& request) {
  if (base.branch.empty()) return Status::BadRequest("cannot write to a snapshot opened by commit id");
  std::shared_ptr<const Commit> parent = base.commit;
  uint64_t seq = base.seq;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kPublishDeadlineMs);
  for (int attempt = 0;; ++attempt) {
    Commit commit;
    commit.id = NewUlid();
    commit.branch = base.branch;
    commit.seq = seq + 1;
    commit.parents = {parent->id};
    commit.kind = request.kind;
    commit.actor = request.actor;
    commit.created_at_us = NowMicros();
    commit.schema_hash = parent->schema_hash;
    commit.tables = parent->tables;
    for (const auto& [key, entry] : request.updated) {
      if (entry.manifest_key.empty()) {
        commit.tables.erase(key);
      } else {
        commit.tables[key] = entry;
      }
      commit.touched.push_back(key);
    }
    OG_RETURN_NOT_OK(store_->Put(store::CommitKey(commit.id), commit.ToJson().dump()));
    OG_ASSIGN_OR_RAISE(bool published,
                       TryPublishRef(*store_, base.branch, RefEntry{commit.seq, commit.id, false}));
    if (published) {
      refs_.Put(store::BranchRefKey(base.branch, commit.seq), RefEntry{commit.seq, commit.id, false});
      auto shared = std::make_shared<const Commit>(std::move(commit));
      {
        std::lock_guard<std::mutex> lock(cache_mu_);
        commits_.emplace(shared->id, shared);
      }
      Snapshot out;
      out.branch = base.branch;
      out.seq = shared->seq;
      out.commit = shared;
      out.catalog = base.catalog;
      return out;
    }
    // Lost the race: look at what the winners changed since our base.
    OG_ASSIGN_OR_RAISE(auto head, ReadBranchHead(*store_, base.branch, &refs_));
    if (!head || head->tombstone) return Status::Conflict("branch '", base.branch, "' was deleted");
    OG_ASSIGN_OR_RAISE(auto head_commit, ReadCommit(head->commit_id));
    if (head_commit->schema_hash != base.commit->schema_hash) {
      return Status::Conflict("the schema of branch '", base.branch, "' changed during the write");
    }
    auto version_at = [](const Commit& c, const std::string& key) -> uint64_t {
      auto it = c.tables.find(key);
      return it == c.tables.end() ? 0 : it->second.version;
    };
    std::set<std::string> ours = request.read_tables;
    for (const auto& [key, entry] : request.updated) ours.insert(key);
    for (const auto& key : ours) {
      auto before = base.commit->tables.find(key);
      auto now = head_commit->tables.find(key);
      bool same = (before == base.commit->tables.end()) == (now == head_commit->tables.end()) &&
                  (before == base.commit->tables.end() || before->second == now->second);
      if (!same) {
        uint64_t expected = version_at(*base.commit, key), actual = version_at(*head_commit, key);
        return Status(StatusCode::Conflict,
                      internal::StrCat("concurrent write to ", key, " on branch '", base.branch,
                                       "': expected table version ", expected, ", found ", actual,
                                       "; nothing was published"),
                      std::make_shared<ConflictDetail>(key, expected, actual));
      }
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return Status::Conflict("publish on branch '", base.branch, "' lost ", attempt + 1,
                              " races in a row; nothing was published");
    }
    parent = head_commit;  // rebase: the winners' tables plus ours
    seq = head->seq;
    std::this_thread::sleep_for(std::chrono::microseconds(RandomPauseMicros(attempt)));
  }
}
}  // namespace og::graph
