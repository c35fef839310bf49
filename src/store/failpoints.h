// Failpoints: named crash sites at every durable step of every writer, for crash-safety tests.
//
// Compiled in when the CMake option OG_FAILPOINTS is ON (the default, so `make test` can crash a
// real binary at each of them); see docs/ARCHITECTURE.md for why release binaries may keep them.
//
// A failpoint is armed by naming it in the environment variable OMNIGRAPH_FAILPOINTS
// ("name[,name...]"). When the process reaches an armed failpoint it writes one line to stderr and
// exits immediately with kFailpointExitCode, without running destructors or flushing anything —
// as a crash would. Unarmed failpoints cost nothing: when the variable is unset no hook is
// installed at all.
//
// Every step of a write is an object-store request, so the failpoints are tied to requests by the
// kind of object they write (store/layout.h): e.g. `after_table_manifest` fires right after a table
// manifest has been durably written, `before_ref` right before the put-if-absent that publishes a
// commit. The list below is the single source of their names.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "store/object_store.h"

namespace og::store {

// name, when it fires.
#define OG_FAILPOINTS_LIST(X)                                                                  \
  X(after_fragment, "after a Parquet fragment is written")                                    \
  X(after_deletion_vector, "after a deletion vector is written")                              \
  X(after_index_segment, "after an index segment is written")                                \
  X(after_table_manifest, "after a table manifest is written")                                \
  X(after_commit, "after a commit object is written, before its ref entry")                   \
  X(before_ref, "before the put-if-absent of a branch ref entry (the commit point)")          \
  X(after_ref, "after a branch ref entry is created (the write is committed)")                \
  X(before_delete, "before cleanup deletes an object")

inline constexpr int kFailpointExitCode = 86;

struct FailpointInfo {
  const char* name;
  const char* description;
};

/// Every failpoint, in the order of a write.
const std::vector<FailpointInfo>& AllFailpoints();

/// Arm the failpoints named in OMNIGRAPH_FAILPOINTS on `store` (installs a request hook). No-op
/// when the variable is unset or empty. BadRequest naming an unknown failpoint; Unsupported when
/// the variable is set but the build has none (CMake option OG_FAILPOINTS=OFF).
Status ArmFailpointsFromEnv(ObjectStore& store);

}  // namespace og::store
