// The embedded OmniGraph API: the only interface the CLI, the server and embedding programs use.
//
// A Graph is one graph root (a local directory; later an S3 prefix). It is safe to share across
// threads: every read works on an immutable snapshot, and every write stages immutable files and
// publishes one commit with a single put-if-absent of the branch's next ref entry (DESIGN.md).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace arrow {
class Table;
}

namespace og {

/// JSON whose object keys keep insertion order (output DTOs print fields in documented order).
using OrderedJson = nlohmann::ordered_json;

namespace engine {
class GraphImpl;
}

/// How a load treats rows already in the graph (languages.md §5.2).
enum class LoadMode { kOverwrite, kAppend, kMerge };
/// Parse "overwrite" | "append" | "merge".
Result<LoadMode> ParseLoadMode(const std::string& text);

/// Where a read looks: a branch head (default "main"), a version of a branch, or a commit id.
struct ReadTarget {
  std::string branch = "main";
  std::string snapshot;            // commit id; when set it wins over `branch`
  std::optional<uint64_t> version;  // a version (ref sequence number) of `branch` instead of its head
};

struct LoadOptions {
  std::string branch = "main";
  std::string actor;  // recorded on the commit; empty = none
  /// Called as the input is staged with (records done, records in all), from the loading thread;
  /// null: no progress reports. The engine prints nothing itself (the CLI draws a bar).
  std::function<void(size_t done, size_t total)> progress;
  /// When set and `branch` does not exist, fork it from this branch first (a ref entry, then the
  /// load's commit).
  std::string from;
};

struct LoadResult {
  std::string branch;
  std::string base_branch;     // the --from branch when the load forked `branch`
  bool branch_created = false;
  std::string commit_id;
  std::vector<std::pair<std::string, int64_t>> nodes_loaded;  // type → rows, schema order
  std::vector<std::pair<std::string, int64_t>> edges_loaded;
  OrderedJson ToJson() const;
};

/// A read's answer. `table` holds one column per return projection, named as in `columns`.
struct QueryResult {
  std::string query_name;
  ReadTarget target;
  std::vector<std::string> columns;
  std::shared_ptr<arrow::Table> table;
  std::string graph_commit_id;  // head commit of the snapshot that was read
  int64_t row_count() const;
  /// One JSON object per row, keyed by column name, values encoded per languages.md §6.
  OrderedJson RowsJson() const;
  /// The ReadOutput envelope: query_name, target, row_count, columns, rows, graph_commit_id.
  OrderedJson ToJson() const;
};

/// Resource limits of each read query (docs/QUERIES.md, "Limits"). Past a limit the query stops
/// with ResourceExhausted (HTTP 413, `resource_limit`) and the process is unaffected.
struct QueryLimits {
  /// Working memory for intermediate state (kept rows, groups, traversal marks). 0: the
  /// OMNIGRAPH_QUERY_MEMORY_LIMIT environment variable ("512MiB", "4GiB", bytes), else 2 GiB.
  int64_t memory_bytes = 0;
  /// Wall-time limit in milliseconds. 0: OMNIGRAPH_QUERY_TIMEOUT_MS, else none.
  int64_t timeout_ms = 0;
};

struct MutateOptions {
  std::string branch = "main";
  std::string actor;      // recorded on the commit; empty = none
  std::string if_commit;  // when set, the write happens only if the branch head is this commit
};

struct CommitInfo;

struct CommitInfo {
  std::string id;
  std::string branch;
  uint64_t seq = 0;  // the graph version on its branch
  std::vector<std::string> parents;
  std::string kind;  // init | load | mutation | merge | schema | optimize | index
  std::string actor;
  int64_t created_at_us = 0;
  std::vector<std::string> touched_tables;
  OrderedJson ToJson() const;
};

/// A mutation's answer (ChangeOutput). `commit` is empty when the mutation changed nothing.
struct MutationResult {
  std::string branch;
  std::string query_name;
  int64_t affected_nodes = 0;
  int64_t affected_edges = 0;
  std::string actor;
  std::optional<CommitInfo> commit;
  OrderedJson ToJson() const;
};

struct CleanupOptions {
  std::optional<uint64_t> keep;          // keep the newest N versions of each branch
  std::optional<int64_t> older_than_ms;  // keep versions committed less than this long ago
  int64_t grace_ms = 3600 * 1000;        // never delete objects younger than this (in-flight writes)
  bool confirm = false;                  // false: report only
};

struct CleanupResult {
  uint64_t commits_removed = 0, manifests_removed = 0, fragments_removed = 0;
  uint64_t deletion_vectors_removed = 0, other_removed = 0, bytes_removed = 0;
  uint64_t versions_retained = 0;
  bool dry_run = true;
  OrderedJson ToJson() const;
};

struct TableVersionInfo {
  std::string table_key;  // "node:Person", "edge:Knows"
  uint64_t version = 0;
  int64_t row_count = 0;
};

struct SnapshotInfo {
  std::string branch;
  std::string commit_id;
  uint64_t version = 0;
  std::vector<TableVersionInfo> tables;
  OrderedJson ToJson() const;
};

/// What `branch merge` did (BranchMergeOutput).
struct MergeResult {
  std::string source, target;
  std::string outcome;    // already_up_to_date | fast_forward | merged
  std::string actor;
  std::string commit_id;  // the merge commit; empty when already up to date
  bool branch_deleted = false;
  std::string branch_delete_error;  // a failed --delete-branch, reported, not fatal
  OrderedJson ToJson() const;
};

struct MergeOptions {
  std::string into = "main";  // the target branch
  std::string actor;
  bool delete_branch = false;  // delete the source after a successful merge
};

/// Which entity changes a diff reports (empty = all).
struct ChangeFilter {
  std::vector<std::string> kinds;  // "node" | "edge"
  std::vector<std::string> types;  // type names
  std::vector<std::string> ops;    // "insert" | "update" | "delete"
};

/// One entity that differs between two commits (EntityChange). `before` / `after` are
/// {"properties": {...}} plus "endpoints": {"from", "to"} for edges; null when absent.
struct EntityChangeInfo {
  std::string kind;  // node | edge
  std::string type;
  std::string id;
  std::string op;  // insert | update | delete
  OrderedJson before, after;
  OrderedJson ToJson() const;
};

/// What `optimize` did: per compacted table, its fragment counts before and after.
struct OptimizeResult {
  std::string branch;
  std::string commit_id;  // empty when no table needed compaction (nothing was written)
  struct Table {
    std::string table_key;
    uint32_t fragments_before = 0, fragments_after = 0;
    uint64_t rows_rewritten = 0;
  };
  std::vector<Table> tables;
  OrderedJson ToJson() const;
};

class Graph {
 public:
  ~Graph();
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  /// Create a new graph at `uri` with the given .pg schema (`schema_file` names it in errors).
  /// Writes the format file, the accepted schema and the first commit on `main`.
  /// Returns BadRequest for a schema error, Conflict if a graph already exists there.
  static Result<std::unique_ptr<Graph>> Init(const std::string& uri, const std::string& schema_source,
                                             const std::string& schema_file);
  /// Open an existing graph. NotFound if there is none at `uri`.
  static Result<std::unique_ptr<Graph>> Open(const std::string& uri);

  /// Load a JSONL file (languages.md §5) as one atomic commit. On any error nothing changes.
  Result<LoadResult> Load(const std::string& jsonl_path, LoadMode mode, const LoadOptions& options);
  /// Load JSONL text already in memory (`source_name` names it in errors).
  Result<LoadResult> LoadText(const std::string& jsonl, const std::string& source_name, LoadMode mode,
                              const LoadOptions& options);

  /// Run the read query `name` from .gq `source` (name may be empty when the source holds exactly
  /// one query). Params are a JSON object keyed by parameter name without '$'. `source_file`
  /// names the source in error locations (empty for inline text). ResourceExhausted when the
  /// query needs more than the graph's QueryLimits.
  Result<QueryResult> Query(const std::string& source, const std::string& name,
                            const nlohmann::json& params, const ReadTarget& target = {},
                            const std::string& source_file = "");

  /// Run the mutation `name` from .gq `source` as one atomic commit on options.branch. Statements
  /// run in order and see each other's writes; any error leaves the graph unchanged.
  /// PreconditionFailed when options.if_commit is set and the branch head differs.
  Result<MutationResult> Mutate(const std::string& source, const std::string& name,
                                const nlohmann::json& params, const MutateOptions& options = {},
                                const std::string& source_file = "");

  /// Limits applied to every later read query of this handle.
  void SetQueryLimits(const QueryLimits& limits);

  Result<SnapshotInfo> Snapshot(const ReadTarget& target = {});
  /// The branch's history, newest first: its head, then first parents.
  Result<std::vector<CommitInfo>> ListCommits(const std::string& branch = "main");
  Result<CommitInfo> ShowCommit(const std::string& commit_id);
  /// Write the branch's entities as JSONL (surface.md §8.1); `types` empty = all types.
  Status Export(const ReadTarget& target, const std::vector<std::string>& types, std::ostream& out);
  /// Reclaim objects no retained version needs (see docs/CLI.md, cleanup). A policy (keep and/or
  /// older_than_ms) is required. Retained snapshots stay readable.
  Result<CleanupResult> Cleanup(const CleanupOptions& options);

  /// Create branch `name` at the head of `from`: O(1), copies no data. Conflict if it exists;
  /// BadRequest for main, a reserved or an invalid name; NotFound if `from` does not exist.
  Status CreateBranch(const std::string& name, const std::string& from = "main");
  /// Delete branch `name` (not main). Commits stay readable by id until cleanup reclaims them.
  Status DeleteBranch(const std::string& name);
  /// Live branch names, sorted.
  Result<std::vector<std::string>> ListBranches();
  /// Three-way merge of branch `source` into options.into as one commit with two parents
  /// (docs/BRANCHES.md). Conflict with a MergeConflictsDetail listing every conflict when the
  /// sides disagree or the result would break a constraint; then nothing changes.
  Result<MergeResult> Merge(const std::string& source, const MergeOptions& options = {});
  /// The entities commit `commit_id` changed relative to its first parent, ordered by kind (nodes
  /// first), type and id. Conflict for a commit without parent.
  Result<std::vector<EntityChangeInfo>> CommitChanges(const std::string& commit_id,
                                                      const ChangeFilter& filter = {});
  /// The entities that differ between two commits (any branches): what turns `from` into `to`.
  Result<std::vector<EntityChangeInfo>> Diff(const std::string& from_commit,
                                             const std::string& to_commit,
                                             const ChangeFilter& filter = {});
  /// One entity at the target, as {"id", properties..., "src"/"dst" for edges}; reads only the
  /// fragments of that type that may hold the id. NotFound if it does not exist there.
  Result<OrderedJson> EntityAt(const ReadTarget& target, const std::string& type,
                               const std::string& id);

  /// Compact every table of `branch` whose small or mostly-deleted fragments are worth
  /// rewriting (docs/CLI.md, optimize), as one commit of kind `optimize` that changes no entity.
  /// A concurrent write to the same branch wins; the compaction of a table it changed is dropped.
  Result<OptimizeResult> Optimize(const std::string& branch = "main", const std::string& actor = "");

  /// The accepted .pg source of the target's schema.
  Result<std::string> SchemaSource(const ReadTarget& target = {});

  /// Lint .gq source against the target's accepted schema.
  Result<nlohmann::json> Lint(const std::string& query_source, const std::string& query_path,
                              const ReadTarget& target = {});

  /// The store URI this graph was opened at.
  const std::string& uri() const;

  /// Object-store request counters since open, as one JSON line (see --io-stats).
  std::string IoStatsJson() const;

 private:
  explicit Graph(std::unique_ptr<engine::GraphImpl> impl);
  std::unique_ptr<engine::GraphImpl> impl_;
};

/// Lint .gq source against a .pg schema without a graph (languages.md §7.2): the lint JSON
/// report (status, results, findings). BadRequest if the schema itself does not compile.
Result<nlohmann::json> LintQueries(const std::string& schema_source, const std::string& schema_path,
                                   const std::string& query_source, const std::string& query_path);
/// Human-readable lint report: one line per finding and a summary line.
std::string RenderLintText(const nlohmann::json& report);

/// The offline `omnigraph embed` pipeline over JSONL files (surface.md §5.4).
struct EmbedJsonlOptions {
  std::string input, output;
  std::string spec_json;    // {"dimension": N, "types": {"T": {"target": "embedding", "fields": [...]}}}
  std::string spec_origin;  // names the spec in errors (its file)
  std::vector<std::string> types;    // --type: only these node types (empty = every spec type)
  std::vector<std::string> selects;  // --select [Type:]field=value: only matching records
  bool reembed_all = false;          // embed every record of the spec's types
  bool clean = false;                // remove the target vectors instead
};
struct EmbedJsonlSummary {
  std::string input, output, mode, model;
  int64_t records = 0, selected_records = 0, embedded_records = 0, cleaned_records = 0;
  int dimension = 0;
  OrderedJson ToJson() const;
};
/// Embed (or clean) the target vectors of the spec's node records of `input` into `output`
/// (written to <output>.tmp, then renamed). Default mode fills missing vectors; with selects it
/// re-embeds the selected records; lines of other types pass through byte for byte. The text is
/// "type: T" then "field: value" lines; document role; provider from OMNIGRAPH_EMBED_*.
Result<EmbedJsonlSummary> EmbedJsonl(const EmbedJsonlOptions& options);
/// The options a seed manifest (YAML) gives: sources.raw_seed (or seed.data) as input,
/// artifacts.embedded_seed (default ./build/seed.embedded.jsonl) as output, `embeddings` as the
/// spec; relative paths are relative to the manifest. Unknown top-level keys are errors.
Result<EmbedJsonlOptions> EmbedOptionsFromSeedManifest(const std::string& manifest_path);

/// Parse JSON a user supplied (parameters, request bodies) strictly: one value, no duplicate
/// keys, nesting at most 64 deep, numbers within double range, valid UTF-8. BadRequest naming
/// `origin` otherwise.
Result<nlohmann::json> ParseUserJson(const std::string& text, const std::string& origin);

/// Parse a byte size ("512MiB", "4GiB", "1048576"; K/M/G/T suffixes are powers of 1024).
Result<int64_t> ParseByteSize(const std::string& text);

/// Serialise JSON for output (`indent` < 0: one line). Never throws: text that is not valid
/// UTF-8 (only possible from data written by other tools) is replaced by U+FFFD.
std::string JsonText(const OrderedJson& j, int indent = -1);
std::string JsonText(const nlohmann::json& j, int indent = -1);

/// The wire body of an error (OmniGraph's ErrorOutput, surface.md §2.5), shared by the CLI's --json
/// output and the server: {error, code?, merge_conflicts: [...], and the structured field of the
/// error's detail: precondition_failure {expected, actual}, resource_limit {resource, limit,
/// actual}, published_dataset_version_conflict {...}}. `code` is the closed vocabulary
/// (bad_request, not_found, conflict, ...), absent for 412. HttpStatusFor(status.code()) is the
/// status that goes with it.
OrderedJson ErrorOutputJson(const Status& status);

/// Every crash failpoint (name, when it fires), armed with OMNIGRAPH_FAILPOINTS=name[,name].
std::vector<std::pair<std::string, std::string>> Failpoints();

/// The engine version string ("0.1.0").
const char* Version();
/// The on-disk format version this build reads and writes (`_og/format.json`).
int StorageFormatVersion();

}  // namespace og
