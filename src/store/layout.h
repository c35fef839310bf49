// Storage layout: the ONE place that builds and parses the keys of a graph's objects
// (DESIGN.md, "Storage layout"). No other code concatenates storage paths.
//
//   _og/format.json                                   format name + version, written once at init
//   refs/branches/<esc(branch)>/<seq:020>.json        branch ref log entry (put-if-absent)
//   commits/<commit-id>.json                          immutable graph commit
//   schema/<hash>.pg, schema/<hash>.json              schema source and compiled catalog
//   tables/<table-id>/manifests/<id>.json             immutable table manifest
//   tables/<table-id>/data/<id>.parquet               immutable fragment (plain Parquet)
//   tables/<table-id>/deletions/<id>.roar             immutable deletion vector (portable Roaring)
//   tables/<table-id>/indexes/<id>/...                immutable index files
//
// esc(branch): every byte outside [A-Za-z0-9._-] is percent-encoded as %XX (upper-case hex), and
// so is a leading '.', so any branch name ("feature/x", ".", "..") becomes exactly one path segment
// that is neither hidden nor special. Sequence numbers are zero-padded to 20 digits so that key
// order is numeric order.
//
// table_id and object ids must be path-safe: non-empty, only [A-Za-z0-9._-], not starting with
// '.'. The functions below assume it (REQUIRES); IsPathSafeId checks it.
//
// All functions are pure (no I/O) and thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "common/result.h"

namespace og::store {

inline constexpr const char* kFormatKey = "_og/format.json";
inline constexpr const char* kBranchRefRoot = "refs/branches/";
inline constexpr const char* kCommitRoot = "commits/";
inline constexpr const char* kSchemaRoot = "schema/";
inline constexpr const char* kTableRoot = "tables/";
inline constexpr int kRefSeqDigits = 20;

/// Return true if `id` is non-empty, uses only [A-Za-z0-9._-] and does not start with '.'.
bool IsPathSafeId(const std::string& id);

/// Escape a branch name into one path segment (see above). Total and injective.
std::string EscapeBranch(const std::string& branch);
/// Invert EscapeBranch. BadRequest on a malformed escape (bad %XX, or a byte that needs escaping).
Result<std::string> UnescapeBranch(const std::string& segment);

/// "_og/format.json".
std::string FormatKey();

/// "refs/branches/<esc(branch)>/": lists exactly the ref entries of `branch`.
std::string BranchRefPrefix(const std::string& branch);
/// "refs/branches/<esc(branch)>/<seq:020>.json".
std::string BranchRefKey(const std::string& branch, uint64_t seq);

/// A parsed branch ref key.
struct BranchRefKeyInfo {
  std::string branch;  // unescaped
  uint64_t seq = 0;
};
/// Parse a key built by BranchRefKey. BadRequest if `key` is anything else.
Result<BranchRefKeyInfo> ParseBranchRefKey(const std::string& key);

/// "commits/<id>.json".
std::string CommitKey(const std::string& commit_id);
/// "schema/<hash>.pg".
std::string SchemaSourceKey(const std::string& hash);
/// "schema/<hash>.json".
std::string SchemaCatalogKey(const std::string& hash);

/// "tables/<table_id>/": every object of one table.
std::string TablePrefix(const std::string& table_id);
/// "tables/<table_id>/manifests/<id>.json".
std::string TableManifestKey(const std::string& table_id, const std::string& id);
/// "tables/<table_id>/data/<id>.parquet".
std::string FragmentKey(const std::string& table_id, const std::string& id);
/// "tables/<table_id>/deletions/<id>.roar".
std::string DeletionKey(const std::string& table_id, const std::string& id);
/// "tables/<table_id>/indexes/<id>/": the files of one index build live under this prefix.
std::string IndexPrefix(const std::string& table_id, const std::string& id);

/// What a key names, for cleanup and tooling.
enum class KeyKind {
  kFormat,
  kBranchRef,
  kCommit,
  kSchemaSource,
  kSchemaCatalog,
  kTableManifest,
  kFragment,
  kDeletion,
  kIndexFile,
};

/// A parsed key. Fields not meaningful for `kind` are empty/zero.
struct KeyInfo {
  KeyKind kind = KeyKind::kFormat;
  std::string branch;    // kBranchRef (unescaped)
  uint64_t seq = 0;      // kBranchRef
  std::string id;        // commit id, schema hash, manifest/fragment/deletion/index id
  std::string table_id;  // table kinds
  std::string rest;      // kIndexFile: the path below IndexPrefix
};

/// Parse any key of the layout. BadRequest naming the key if it is not one.
Result<KeyInfo> ParseKey(const std::string& key);

}  // namespace og::store
