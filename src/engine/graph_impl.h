// The state behind og::Graph: the graph's storage handle and the per-snapshot caches that reads
// share. Internal to engine/; the public face is include/omnigraph/omnigraph.h.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "exec/graph_data.h"
#include "graph/graph_store.h"
#include "omnigraph/omnigraph.h"

namespace og::engine {

class GraphImpl {
 public:
  GraphImpl(std::string uri, std::unique_ptr<graph::GraphStore> store)
      : uri_(std::move(uri)), store_(std::move(store)) {}

  const std::string& uri() const { return uri_; }
  graph::GraphStore& store() { return *store_; }
  /// Node/edge data and topology shared by every read of this graph.
  exec::GraphDataCache& data_cache() { return data_cache_; }

  /// Held by a write for its whole stage-and-publish, so writers to one branch in this process
  /// queue instead of losing publish races; other processes are fenced by put-if-absent alone.
  std::mutex& WriteLock(const std::string& branch) {
    std::lock_guard<std::mutex> lock(locks_mu_);
    return write_locks_[branch];
  }

  QueryLimits query_limits;  // set before sharing the handle across threads

  /// The snapshot a read target names: the branch head, or the commit when `snapshot` is set.
  Result<graph::Snapshot> Resolve(const ReadTarget& target);

 private:
  std::string uri_;
  std::unique_ptr<graph::GraphStore> store_;
  exec::GraphDataCache data_cache_;
  std::mutex locks_mu_;
  std::map<std::string, std::mutex> write_locks_;  // GUARDED_BY(locks_mu_) for insertion
};

}  // namespace og::engine
