// The state behind og::Graph: the graph's storage handle and the per-snapshot caches that reads
// share. Internal to engine/; the public face is include/omnigraph/omnigraph.h.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "embed/embedding_client.h"
#include "exec/exec_context.h"
#include "exec/graph_data.h"
#include "exec/search_cache.h"
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
  /// Index readers and search views shared by every read of this graph.
  exec::SearchCache& search_cache() { return search_cache_; }

  /// The services of a read: caches and the embedding client (made on first use from the
  /// OMNIGRAPH_EMBED_* environment, then reused).
  exec::ExecServices Services();
  /// Embed texts with the graph's client (created on first use). `model`, when not empty, must
  /// equal the client's model (an @embed(model=...) recorded on the property).
  Result<std::vector<std::vector<float>>> Embed(const std::vector<std::string>& texts, int dimension,
                                                bool query_role, const std::string& model);

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
  exec::SearchCache search_cache_;
  std::mutex embed_mu_;
  std::unique_ptr<embed::EmbeddingClient> embedder_;  // GUARDED_BY(embed_mu_) for creation
  std::mutex locks_mu_;
  std::map<std::string, std::mutex> write_locks_;  // GUARDED_BY(locks_mu_) for insertion
};

}  // namespace og::engine
