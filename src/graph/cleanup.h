// Cleanup: reclaims storage that no retained version of the graph needs (mark and sweep).
//
// Mark: for every branch, the ref entries kept by the retention policy (always the head; the
// newest `keep` entries; entries whose commit is newer than `older_than`), then their commits,
// schemas, table manifests, fragments and deletion vectors. Sweep: every other object under
// commits/, schema/ and tables/ that is older than the grace period — unreferenced versions and
// the orphans of failed or crashed writes. The grace period protects files that an in-flight
// write has staged but not yet published. Ref entries are never deleted (they are tiny, and
// tombstones must survive); history walks stop at the first reclaimed commit.
#pragma once

#include <cstdint>
#include <optional>

#include "common/result.h"
#include "graph/graph_store.h"

namespace og::graph {

struct CleanupOptions {
  std::optional<uint64_t> keep;         // keep the newest N versions of each branch
  std::optional<int64_t> older_than_ms;  // keep versions committed less than this long ago
  int64_t grace_ms = 3600 * 1000;        // never delete objects younger than this
  bool confirm = false;                  // false: only report what would be removed
};

struct CleanupReport {
  uint64_t commits_removed = 0;
  uint64_t manifests_removed = 0;
  uint64_t fragments_removed = 0;
  uint64_t deletion_vectors_removed = 0;
  uint64_t other_removed = 0;  // schemas, index files
  uint64_t bytes_removed = 0;
  uint64_t versions_retained = 0;
  bool dry_run = true;
};

/// Run cleanup on `graph`. BadRequest if neither `keep` nor `older_than_ms` is given (a retention
/// policy is required) or keep == 0. A version is removed only when every given policy lets it go.
/// Cost: 1 LIST of refs + 1 GET per retained ref entry, commit and manifest (cached), 3 LISTs to
/// sweep, 1 DELETE per removed object.
Result<CleanupReport> Cleanup(GraphStore& graph, const CleanupOptions& options);

}  // namespace og::graph
