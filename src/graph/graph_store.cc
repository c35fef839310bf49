#include "graph/graph_store.h"

#include <chrono>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "common/ids.h"
#include "graph/ref_log.h"
#include "store/layout.h"
#include "store/put_all.h"

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
  // The graph exists once entry 0 of main exists: that put-if-absent is init's commit point, like
  // every write's. Everything before it is idempotent (same format file, content-addressed schema,
  // a fresh commit id), so an init that crashed before it leaves a root a new init accepts, and of
  // two concurrent inits exactly one publishes.
  OG_ASSIGN_OR_RAISE(auto main_head, ReadBranchHead(*store, "main"));
  if (main_head) return Status::Conflict("a graph already exists at ", store->uri());
  auto existing = store->Get(store::FormatKey());
  if (existing.ok()) {
    nlohmann::json j = nlohmann::json::parse(*existing, nullptr, false);
    if (j.is_discarded() || j.value("format", "") != kFormatName) {
      return Status::Conflict(store->uri(), " holds something that is not an omnigraph-cpp graph");
    }
  } else if (!existing.status().IsNotFound()) {
    return existing.status();
  }
  nlohmann::json format = {{"format", kFormatName}, {"version", kFormatVersion}};
  OG_RETURN_NOT_OK(store->Put(store::FormatKey(), format.dump()));

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

Result<Snapshot> GraphStore::OpenBranchVersion(const std::string& branch, uint64_t seq) {
  std::string key = store::BranchRefKey(branch, seq);
  std::optional<RefEntry> entry = refs_.Find(key);
  if (!entry) {
    auto read = ReadRefEntry(*store_, branch, seq);
    if (!read.ok()) {
      if (read.status().IsNotFound()) {
        return Status::NotFound("branch '", branch, "' has no version ", seq);
      }
      return read.status();
    }
    entry = *read;
    refs_.Put(key, *entry);
  }
  if (entry->tombstone) {
    return Status::NotFound("version ", seq, " of branch '", branch, "' marks its deletion");
  }
  OG_ASSIGN_OR_RAISE(auto commit, ReadCommit(entry->commit_id));
  return SnapshotOf(std::move(commit), branch, seq);
}

Status ValidateBranchName(const std::string& name) {
  if (name.empty() || name.size() > 200) {
    return Status::BadRequest("invalid branch name '", name, "': it must be 1 to 200 bytes long");
  }
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-' || c == '/';
    if (!ok) {
      return Status::BadRequest("invalid branch name '", name, "': only letters, digits, '.', '_', "
                                "'-' and '/' are allowed");
    }
  }
  size_t start = 0;
  while (true) {
    size_t slash = name.find('/', start);
    std::string segment = name.substr(start, slash == std::string::npos ? slash : slash - start);
    if (segment.empty() || segment == "." || segment == "..") {
      return Status::BadRequest("invalid branch name '", name,
                                "': empty, '.' or '..' path segments are not allowed");
    }
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  if (name.rfind("__og", 0) == 0) {
    return Status::BadRequest("branch name '", name, "' is reserved for internal use");
  }
  return Status::OK();
}

Result<Snapshot> GraphStore::CreateBranch(const std::string& name, const Snapshot& from) {
  OG_RETURN_NOT_OK(ValidateBranchName(name));
  if (name == "main") return Status::BadRequest("branch 'main' always exists and cannot be created");
  OG_ASSIGN_OR_RAISE(auto head, ReadBranchHead(*store_, name, &refs_));
  if (head && !head->tombstone) return Status::Conflict("branch '", name, "' already exists");
  RefEntry entry{head ? head->seq + 1 : 0, from.commit->id, false};
  OG_ASSIGN_OR_RAISE(bool created, TryPublishRef(*store_, name, entry));
  if (!created) return Status::Conflict("branch '", name, "' was created concurrently");
  refs_.Put(store::BranchRefKey(name, entry.seq), entry);
  Snapshot out = from;
  out.branch = name;
  out.seq = entry.seq;
  return out;
}

Status GraphStore::DeleteBranch(const std::string& name) {
  if (name == "main") return Status::BadRequest("branch 'main' cannot be deleted");
  OG_RETURN_NOT_OK(ValidateBranchName(name));
  // A write may publish between our read and our marker; then the marker goes after it.
  for (int attempt = 0; attempt < 100; ++attempt) {
    OG_ASSIGN_OR_RAISE(auto head, ReadBranchHead(*store_, name, &refs_));
    if (!head || head->tombstone) return Status::NotFound("branch '", name, "' not found");
    RefEntry marker{head->seq + 1, head->commit_id, true};
    OG_ASSIGN_OR_RAISE(bool done, TryPublishRef(*store_, name, marker));
    if (done) {
      refs_.Put(store::BranchRefKey(name, marker.seq), marker);
      return Status::OK();
    }
  }
  return Status::Conflict("branch '", name, "' kept changing; it was not deleted");
}

Result<std::vector<std::string>> GraphStore::ListBranches() { return ListLiveBranches(*store_); }

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
  std::map<std::string, TableEntry> updated = request.updated;  // relative to `parent`
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kPublishDeadlineMs);
  for (int attempt = 0;; ++attempt) {
    Commit commit;
    commit.id = NewUlid();
    commit.branch = base.branch;
    commit.seq = seq + 1;
    commit.parents = {parent->id};
    if (!request.merged_parent.empty()) commit.parents.push_back(request.merged_parent);
    commit.kind = request.kind;
    commit.actor = request.actor;
    commit.created_at_us = NowMicros();
    commit.schema_hash = parent->schema_hash;
    commit.tables = parent->tables;
    for (const auto& [key, entry] : updated) {
      if (entry.manifest_key.empty()) {
        commit.tables.erase(key);
      } else {
        commit.tables[key] = entry;
      }
    }
    for (const auto& [key, entry] : request.updated) commit.touched.push_back(key);
    std::vector<std::pair<std::string, std::string>> batch;
    if (attempt == 0) batch = request.staged_objects;
    batch.emplace_back(store::CommitKey(commit.id), commit.ToJson().dump());
    OG_RETURN_NOT_OK(store::PutAll(*store_, batch));
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
    if (request.require_base_head) {
      return Status(StatusCode::PreconditionFailed,
                    internal::StrCat("precondition failed: branch '", base.branch, "' head is ",
                                     head->commit_id, ", expected ", base.commit->id),
                    std::make_shared<PreconditionFailureDetail>(base.commit->id, head->commit_id));
    }
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
    if (request.rebase) ours.clear();  // the rebase decides, entity by entity
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
    if (request.rebase) {
      OG_ASSIGN_OR_RAISE(Snapshot head_snap, SnapshotOf(head_commit, base.branch, head->seq));
      OG_ASSIGN_OR_RAISE(updated, request.rebase(head_snap));
    }
    parent = head_commit;  // rebase: the winners' tables plus ours
    seq = head->seq;
    std::this_thread::sleep_for(std::chrono::microseconds(RandomPauseMicros(attempt)));
  }
}
}  // namespace og::graph
