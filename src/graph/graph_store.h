// GraphStore: the storage handle of one graph root. It opens snapshots (at a branch head or at any
// commit), reads immutable objects through an in-process cache, and publishes new commits.
//
// Thread-safety: all methods may be called concurrently. Cached objects are immutable and shared.
// Publishing is atomic across every table of the graph: a commit names the new manifest of every
// table it touched, and becomes visible only when the branch's next ref entry is created with
// put-if-absent (DESIGN.md, "one atomic commit per write").
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

#include "common/result.h"
#include "graph/commit.h"
#include "graph/ref_log.h"
#include "lang/catalog.h"
#include "store/object_store.h"
#include "table/table_manifest.h"

namespace og::graph {

/// A consistent, immutable view of the whole graph at one commit.
struct Snapshot {
  std::string branch;  // the branch whose head this is; empty when opened by commit id
  uint64_t seq = 0;    // the graph version (ref-log position of the commit on its branch)
  std::shared_ptr<const Commit> commit;
  std::shared_ptr<const lang::Catalog> catalog;

  /// The entry of `table_key`, or nullptr if the table is empty at this commit.
  const TableEntry* Table(const std::string& table_key) const;
};

/// What a write wants to publish: the new state of the tables it touched.
struct CommitRequest {
  CommitKind kind = CommitKind::kLoad;
  std::string actor;
  std::map<std::string, TableEntry> updated;  // table key → new entry (rows 0 + empty key = emptied)
  /// Tables the write read to decide or validate what it wrote (endpoint checks, cascades,
  /// uniqueness). If another writer changed one of them, the write cannot be rebased.
  std::set<std::string> read_tables;
  /// Objects the write staged but has not written yet (table files and manifests from writers
  /// with defer_writes): Publish writes them together with the commit object, concurrently, before
  /// the ref entry — one round trip for all of them.
  std::vector<std::pair<std::string, std::string>> staged_objects;
  /// A conditional write (--if-commit): if another writer publishes first, fail with
  /// PreconditionFailed instead of rebasing.
  bool require_base_head = false;
  /// For a merge: the source head, recorded as the commit's second parent.
  std::string merged_parent;
  /// How to redo this write on top of a head that moved: given that head, return the entries of
  /// every table whose state must differ from it (this write's changes merged onto the winners'),
  /// or a Conflict. Set, it replaces the table-level rule below, so writers of different entities
  /// of one table both publish (key-level fencing); unset, a touched or read table that changed
  /// is a Conflict.
  std::function<Result<std::map<std::string, TableEntry>>(const Snapshot& head)> rebase;
};

/// Branch names: 1-200 bytes of [A-Za-z0-9._/-], no empty, "." or ".." path segment, not
/// "main" for create/delete. Names starting with "__og" are reserved for internal use.
Status ValidateBranchName(const std::string& name);

class GraphStore {
 public:
  /// Create a graph in an empty root: format file, accepted schema, first commit on main.
  /// Conflict if a graph already exists there (entry 0 of main exists); a root left by an init that
  /// crashed before that entry is initialised afresh. Cost: 2 LIST + 1 GET + 5 PUTs (1 conditional).
  static Result<std::unique_ptr<GraphStore>> Init(std::shared_ptr<store::ObjectStore> store,
                                                  const std::string& schema_source,
                                                  const std::string& schema_file);
  /// Open an existing graph. NotFound if the root holds no graph. Cost: 1 GET.
  static Result<std::unique_ptr<GraphStore>> Open(std::shared_ptr<store::ObjectStore> store);

  store::ObjectStore& store() { return *store_; }
  const std::shared_ptr<store::ObjectStore>& shared_store() const { return store_; }

  /// The head of `branch`. NotFound if the branch does not exist.
  /// Cost: 1 LIST + 1 GET for the ref, plus cache misses for the commit and schema.
  Result<Snapshot> OpenBranch(const std::string& branch);
  /// Version `seq` of `branch` (its ref entry `seq`). Versions are never reused, so a number names
  /// the same state forever, also after the branch is deleted and re-created. NotFound if there is
  /// no such version or it is a deletion marker. Cost: 1 GET + cache misses.
  Result<Snapshot> OpenBranchVersion(const std::string& branch, uint64_t seq);
  /// The graph as of `commit_id` (any branch). NotFound if there is no such commit.
  Result<Snapshot> OpenCommit(const std::string& commit_id);

  Result<std::shared_ptr<const Commit>> ReadCommit(const std::string& commit_id);
  Result<std::shared_ptr<const lang::Catalog>> ReadCatalog(const std::string& schema_hash);
  Result<std::string> ReadSchemaSource(const std::string& schema_hash);
  /// The manifest of `table_key` at `snap`, or nullptr if the table is empty there.
  Result<std::shared_ptr<const table::TableManifest>> ReadTable(const Snapshot& snap,
                                                                const std::string& table_key);

  /// Write the commit object and publish it as the next entry of base.branch; returns the new
  /// snapshot. If other writers published first, the write is rebased onto the new head when none
  /// of the tables it wrote or read changed there (their new entries are kept, ours replace only
  /// our tables), and retried until kPublishDeadlineMs. Otherwise Conflict with a
  /// ConflictDetail naming the first such table, the version the write started from and the
  /// version now at the head; a schema change in between is a Conflict too. Nothing is visible
  /// when it fails. REQUIRES: base was opened by OpenBranch.
  /// Cost: 1 PUT per staged object and 1 for the commit, issued concurrently, then 1 conditional
  /// PUT (ref); each rebase adds 1 LIST + reads of the winners' commits and changed rows + 2 PUTs.
  Result<Snapshot> Publish(const Snapshot& base, const CommitRequest& request);

  /// Create `name` pointing at `from`'s commit: one put-if-absent ref entry, no data copied
  /// (tables fork lazily on their first write). A re-created name continues its old sequence, so
  /// old version numbers never resolve to the new branch. Conflict if it exists (or a concurrent
  /// create won); BadRequest for an invalid or reserved name.
  Result<Snapshot> CreateBranch(const std::string& name, const Snapshot& from);
  /// Delete `name` by appending a deletion marker to its ref log: its commits stay readable by id
  /// (and other branches forked from it keep every object they reference) until cleanup reclaims
  /// what no retained version needs. NotFound if it does not exist; BadRequest for main.
  Status DeleteBranch(const std::string& name);
  /// Live branch names, sorted. Cost: 1 LIST + 1 GET per branch not cached.
  Result<std::vector<std::string>> ListBranches();

  /// Rebases are cheap (no data is rewritten), so a writer that keeps losing to writers of other
  /// tables keeps retrying, with a short random pause that breaks lockstep, for up to this long
  /// (someone wins every round, so only a writer starved this long gives up).
  static constexpr int kPublishDeadlineMs = 30000;

 private:
  explicit GraphStore(std::shared_ptr<store::ObjectStore> store) : store_(std::move(store)) {}
  Result<Snapshot> SnapshotOf(std::shared_ptr<const Commit> commit, std::string branch, uint64_t seq);

  std::shared_ptr<store::ObjectStore> store_;
  std::mutex cache_mu_;
  std::unordered_map<std::string, std::shared_ptr<const Commit>> commits_;
  std::unordered_map<std::string, std::shared_ptr<const lang::Catalog>> catalogs_;
  std::unordered_map<std::string, std::shared_ptr<const table::TableManifest>> manifests_;
  RefEntryCache refs_;
};

/// The format file's content; a graph whose format differs is refused on open.
inline constexpr const char* kFormatName = "omnigraph-cpp";
inline constexpr int kFormatVersion = 1;

}  // namespace og::graph
