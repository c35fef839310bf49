// GraphData: the in-memory form of a snapshot's tables that reads work on — every live row of a node
// type with an id → row index, and every edge type with its endpoints resolved to node rows and a
// CSR (outgoing) and CSC (incoming) topology index. Derived state only: built from immutable table
// manifests and cached by their keys, so one build serves every snapshot (and branch) that shares
// those manifests.
//
// Thread-safety: GraphDataCache is safe to share; the data it returns is immutable.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <arrow/type_fwd.h>

#include "common/result.h"
#include "graph/graph_store.h"

namespace og::exec {

/// Where rows live in a table version: rows [first_row, first_row + offsets.size()) are the live
/// rows of fragment `fragment_id`, at those row offsets (ascending). Index segments name rows by
/// (fragment, offset); this maps them to rows of the data.
struct FragmentRun {
  uint32_t fragment_id = 0;
  int64_t first_row = 0;
  std::vector<uint32_t> offsets;
};

struct NodeData {
  std::string type_name;
  std::shared_ptr<arrow::RecordBatch> batch;  // id + properties of every live row
  std::unordered_map<std::string_view, int64_t> id_index;  // views into batch's id column
  // In fragment order; empty for the filtered rows of a pushed-down scan (has_addresses false).
  std::vector<FragmentRun> runs;
  bool has_addresses = false;

  int64_t num_rows() const;
  /// Row of `id`, or -1.
  int64_t Find(std::string_view id) const;
  std::string_view id(int64_t row) const;
  /// The id column (String), for loops that compare many ids.
  const arrow::StringArray& ids() const;
  /// Row at (fragment, offset), or -1 when that row is deleted or the fragment is not in the
  /// version. REQUIRES: has_addresses. Cost: O(log fragments + log rows of the fragment).
  int64_t RowAt(uint32_t fragment_id, uint32_t offset) const;
  /// RowAt for ascending (fragment, offset) probes, as a posting list makes them: resumes from
  /// `cursor` (default-constructed at first). O(log distance) per probe.
  struct RowCursor {
    size_t run = 0;
    size_t offset = 0;
  };
  int64_t RowAt(uint32_t fragment_id, uint32_t offset, RowCursor* cursor) const;
};

/// Build NodeData over `batch` (id + properties). Used for the filtered rows of a pushed-down
/// scan (no row addresses).
std::shared_ptr<const NodeData> MakeNodeData(std::string type,
                                             std::shared_ptr<arrow::RecordBatch> batch);

struct EdgeData {
  std::string type_name;
  std::shared_ptr<arrow::RecordBatch> batch;  // id, src, dst + properties of every live row
  std::vector<int64_t> src_row;  // per edge: row of its source in the from-type NodeData (-1: none)
  std::vector<int64_t> dst_row;  // per edge: row of its target in the to-type NodeData (-1: none)
  // CSR over source rows: edges out_edges[out_offsets[s] .. out_offsets[s+1]) leave node s.
  std::vector<int64_t> out_offsets, out_edges;
  // CSC over target rows: edges in_edges[in_offsets[t] .. in_offsets[t+1]) enter node t.
  std::vector<int64_t> in_offsets, in_edges;

  int64_t num_rows() const;
  std::string_view id(int64_t row) const;
};

class GraphDataCache {
 public:
  explicit GraphDataCache(size_t max_entries = 64) : max_entries_(max_entries) {}

  /// Every live row of node type `type` at `snap`. Cost on a miss: one scan of the table.
  Result<std::shared_ptr<const NodeData>> Node(graph::GraphStore& graph, const graph::Snapshot& snap,
                                               const std::string& type);
  /// Edge type `type` at `snap` with its topology. Cost on a miss: one scan of the edge table
  /// (plus its endpoint node tables when they are not cached) and an O(E + V) CSR/CSC build.
  Result<std::shared_ptr<const EdgeData>> Edge(graph::GraphStore& graph, const graph::Snapshot& snap,
                                               const std::string& type);

  /// The cached data of node type `type` at `snap`, or nullptr (no I/O).
  std::shared_ptr<const NodeData> PeekNode(const graph::Snapshot& snap, const std::string& type);

  /// Record that a read of `type` at `snap` is about to bypass the cache with a filtered scan.
  /// Returns true when this table version was read that way before in this process: a process
  /// that asks twice is serving repeated reads, and should load and cache the whole table.
  bool NoteFilteredRead(const graph::Snapshot& snap, const std::string& type);

  /// Cache counters for tests: builds performed.
  int64_t node_builds() const { return node_builds_; }
  int64_t edge_builds() const { return edge_builds_; }

 private:
  template <typename T>
  void Remember(std::unordered_map<std::string, std::shared_ptr<const T>>& map,
                const std::string& key, std::shared_ptr<const T> value);

  size_t max_entries_;
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const NodeData>> nodes_;
  std::unordered_map<std::string, std::shared_ptr<const EdgeData>> edges_;
  std::unordered_map<std::string, int> filtered_reads_;  // node cache key → filtered scans
  std::list<std::string> order_;  // insertion order of keys ("n|..." / "e|...") for eviction
  int64_t node_builds_ = 0;
  int64_t edge_builds_ = 0;
};

}  // namespace og::exec
