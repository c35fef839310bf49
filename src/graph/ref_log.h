// Branch ref logs: refs/branches/<escaped name>/<seq>.json, one immutable entry per published
// commit. An entry is created with put-if-absent, which is the only mutable step of every write and
// therefore the commit point: exactly one writer can create entry N+1 after entry N. The branch head
// is the entry with the highest sequence number.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "store/object_store.h"

namespace og::graph {

struct RefEntry {
  uint64_t seq = 0;
  std::string commit_id;
  bool tombstone = false;  // a deleted branch; re-creating it continues the sequence
};

/// Ref entries already read, by key. Entries never change once created, so they can be cached
/// forever. Thread-safe.
class RefEntryCache {
 public:
  std::optional<RefEntry> Find(const std::string& key) const;
  void Put(const std::string& key, const RefEntry& entry);

 private:
  mutable std::mutex mu_;
  std::map<std::string, RefEntry> entries_;
};

/// Read the newest entry of `branch`, or nullopt if the branch has never existed.
/// Cost: one LIST of the branch's ref prefix, plus one GET unless `cache` holds that entry (so a
/// warm check of an unchanged head is a single LIST).
Result<std::optional<RefEntry>> ReadBranchHead(store::ObjectStore& store, const std::string& branch,
                                               RefEntryCache* cache = nullptr);

/// Read entry `seq` of `branch`. NotFound if it does not exist. Cost: one GET.
Result<RefEntry> ReadRefEntry(store::ObjectStore& store, const std::string& branch, uint64_t seq);

/// Publish `entry` at entry.seq with put-if-absent. Returns true if this call created it, false if
/// another writer got there first (nothing is changed then). Cost: one conditional PUT.
Result<bool> TryPublishRef(store::ObjectStore& store, const std::string& branch, const RefEntry& entry);

/// Names of branches whose newest entry is not a tombstone, sorted. Cost: one LIST of refs/.
Result<std::vector<std::string>> ListLiveBranches(store::ObjectStore& store);

}  // namespace og::graph
