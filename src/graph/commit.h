// A graph commit: the immutable object that names, for every table of the graph, the table
// manifest to read. Written once under commits/<id>.json and never changed; a commit becomes
// visible only when a branch ref entry points at it (see ref_log.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.h"

namespace og::graph {

/// The state of one table in a commit. A table absent from Commit::tables is empty.
struct TableEntry {
  std::string table_id;      // path-safe storage id ("node-Person")
  std::string manifest_key;  // store key of the immutable table manifest
  uint64_t version = 0;      // table version (increments on each write of this table)
  int64_t rows = 0;          // live rows

  bool operator==(const TableEntry&) const = default;
};

#define OG_COMMIT_KINDS(X) \
  X(Init, "init") X(Load, "load") X(Mutation, "mutation") X(Merge, "merge") X(Schema, "schema") \
  X(Optimize, "optimize") X(Index, "index")

enum class CommitKind {
#define OG_COMMIT_KIND_ENUM(name, str) k##name,
  OG_COMMIT_KINDS(OG_COMMIT_KIND_ENUM)
#undef OG_COMMIT_KIND_ENUM
};
const char* CommitKindName(CommitKind kind);
Result<CommitKind> ParseCommitKind(const std::string& text);

struct Commit {
  std::string id;       // ULID
  std::string branch;   // the branch it was written for
  uint64_t seq = 0;     // the ref-log position it was written for (the graph version)
  std::vector<std::string> parents;  // 0 for the first commit, 1 normally, 2 for merges
  CommitKind kind = CommitKind::kInit;
  std::string actor;    // empty = none
  int64_t created_at_us = 0;
  std::string schema_hash;  // names schema/<hash>.pg and schema/<hash>.json
  std::map<std::string, TableEntry> tables;  // table key ("node:Person") → entry
  std::vector<std::string> touched;          // table keys this commit changed

  nlohmann::json ToJson() const;
  static Result<Commit> FromJson(const nlohmann::json& j);
  /// Parse the bytes of a commit object; Corruption names `key` on malformed input.
  static Result<Commit> Parse(const std::string& bytes, const std::string& key);
};

}  // namespace og::graph
