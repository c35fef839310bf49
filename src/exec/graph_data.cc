#include "exec/graph_data.h"

#include <algorithm>

#include <arrow/api.h>

#include "common/arrow_util.h"
#include "common/gallop.h"
#include "exec/table_access.h"
#include "graph/table_schema.h"

namespace og::exec {
namespace {

const arrow::StringArray& Strings(const arrow::RecordBatch& b, const char* name) {
  return static_cast<const arrow::StringArray&>(*b.GetColumnByName(name));
}

Result<std::shared_ptr<arrow::RecordBatch>> ReadBatch(graph::GraphStore& graph,
                                                      const graph::Snapshot& snap,
                                                      const std::string& key) {
  OG_ASSIGN_OR_RAISE(auto table, ReadTable(graph, snap, key, {}));
  OG_ARROW_ASSIGN_OR_RAISE(auto batch, table->CombineChunksToBatch());
  return batch;
}

// Offsets + items of a compressed adjacency over `n` nodes from per-edge endpoint rows.
void BuildAdjacency(const std::vector<int64_t>& endpoint, int64_t n, std::vector<int64_t>* offsets,
                    std::vector<int64_t>* items) {
  offsets->assign(n + 1, 0);
  for (int64_t e : endpoint) {
    if (e >= 0) ++(*offsets)[e + 1];
  }
  for (int64_t i = 0; i < n; ++i) (*offsets)[i + 1] += (*offsets)[i];
  items->assign((*offsets)[n], 0);
  std::vector<int64_t> cursor(offsets->begin(), offsets->end() - 1);
  for (int64_t edge = 0; edge < static_cast<int64_t>(endpoint.size()); ++edge) {
    int64_t node = endpoint[edge];
    if (node >= 0) (*items)[cursor[node]++] = edge;
  }
}

}  // namespace

int64_t NodeData::num_rows() const { return batch->num_rows(); }

int64_t NodeData::Find(std::string_view id) const {
  auto it = id_index.find(id);
  return it == id_index.end() ? -1 : it->second;
}

std::string_view NodeData::id(int64_t row) const { return Strings(*batch, "id").GetView(row); }

const arrow::StringArray& NodeData::ids() const { return Strings(*batch, "id"); }

int64_t NodeData::RowAt(uint32_t fragment_id, uint32_t offset) const {
  auto run = std::lower_bound(runs.begin(), runs.end(), fragment_id,
                              [](const FragmentRun& r, uint32_t f) { return r.fragment_id < f; });
  if (run == runs.end() || run->fragment_id != fragment_id) return -1;
  auto it = std::lower_bound(run->offsets.begin(), run->offsets.end(), offset);
  if (it == run->offsets.end() || *it != offset) return -1;
  return run->first_row + (it - run->offsets.begin());
}

int64_t NodeData::RowAt(uint32_t fragment_id, uint32_t offset, RowCursor* cursor) const {
  if (cursor->run >= runs.size() || runs[cursor->run].fragment_id != fragment_id) {
    auto run = std::lower_bound(runs.begin(), runs.end(), fragment_id,
                                [](const FragmentRun& r, uint32_t f) { return r.fragment_id < f; });
    if (run == runs.end() || run->fragment_id != fragment_id) return -1;
    *cursor = {static_cast<size_t>(run - runs.begin()), 0};
  }
  const FragmentRun& run = runs[cursor->run];
  size_t from = std::min(cursor->offset, run.offsets.size());
  if (from > 0 && !(run.offsets[from - 1] < offset)) from = 0;  // below the cursor
  auto it = GallopLowerBound(run.offsets.begin() + static_cast<std::ptrdiff_t>(from), run.offsets.end(), offset);
  cursor->offset = static_cast<size_t>(it - run.offsets.begin());
  if (it == run.offsets.end() || *it != offset) return -1;
  return run.first_row + static_cast<int64_t>(cursor->offset);
}

int64_t EdgeData::num_rows() const { return batch->num_rows(); }

std::string_view EdgeData::id(int64_t row) const { return Strings(*batch, "id").GetView(row); }

std::shared_ptr<const NodeData> MakeNodeData(std::string type,
                                             std::shared_ptr<arrow::RecordBatch> batch) {
  auto data = std::make_shared<NodeData>();
  data->type_name = std::move(type);
  data->batch = std::move(batch);
  const auto& ids = Strings(*data->batch, "id");
  data->id_index.reserve(ids.length());
  for (int64_t r = 0; r < ids.length(); ++r) data->id_index.emplace(ids.GetView(r), r);
  return data;
}

namespace {
std::string NodeCacheKey(const graph::Snapshot& snap, const std::string& type) {
  const graph::TableEntry* entry = snap.Table(graph::NodeTableKey(type));
  return "n|" + type + "|" + (entry ? entry->manifest_key : "");
}
}  // namespace

std::shared_ptr<const NodeData> GraphDataCache::PeekNode(const graph::Snapshot& snap,
                                                         const std::string& type) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = nodes_.find(NodeCacheKey(snap, type));
  return it == nodes_.end() ? nullptr : it->second;
}

bool GraphDataCache::NoteFilteredRead(const graph::Snapshot& snap, const std::string& type) {
  std::lock_guard<std::mutex> lock(mu_);
  return ++filtered_reads_[NodeCacheKey(snap, type)] > 1;
}

template <typename T>
void GraphDataCache::Remember(std::unordered_map<std::string, std::shared_ptr<const T>>& map,
                              const std::string& key, std::shared_ptr<const T> value) {
  if (!map.emplace(key, std::move(value)).second) return;
  order_.push_back(key);
  while (order_.size() > max_entries_) {
    const std::string& victim = order_.front();
    if (victim[0] == 'n') nodes_.erase(victim);
    else edges_.erase(victim);
    order_.pop_front();
  }
}

Result<std::shared_ptr<const NodeData>> GraphDataCache::Node(graph::GraphStore& graph,
                                                             const graph::Snapshot& snap,
                                                             const std::string& type) {
  std::string key = NodeCacheKey(snap, type);
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = nodes_.find(key);
    if (it != nodes_.end()) return it->second;
  }
  OG_ASSIGN_OR_RAISE(auto table, ReadTable(graph, snap, graph::NodeTableKey(type), {}, /*with_address=*/true));
  OG_ARROW_ASSIGN_OR_RAISE(auto batch, table->CombineChunksToBatch());
  // Split off the row addresses into fragment runs (the scan returns fragments in id order).
  std::vector<FragmentRun> runs;
  {
    int fi = batch->schema()->GetFieldIndex(table::kFragmentColumn);
    int oi = batch->schema()->GetFieldIndex(table::kOffsetColumn);
    if (fi < 0 || oi < 0) return Status::Internal("scan of ", type, " returned no row addresses");
    const auto& frag = static_cast<const arrow::UInt32Array&>(*batch->column(fi));
    const auto& off = static_cast<const arrow::UInt32Array&>(*batch->column(oi));
    for (int64_t r = 0; r < batch->num_rows(); ++r) {
      if (runs.empty() || runs.back().fragment_id != frag.Value(r)) {
        if (!runs.empty() && runs.back().fragment_id > frag.Value(r)) {
          return Status::Internal("scan of ", type, " returned fragments out of order");
        }
        runs.push_back(FragmentRun{frag.Value(r), r, {}});
      }
      runs.back().offsets.push_back(off.Value(r));
    }
    OG_ARROW_ASSIGN_OR_RAISE(batch, batch->RemoveColumn(std::max(fi, oi)));
    OG_ARROW_ASSIGN_OR_RAISE(batch, batch->RemoveColumn(std::min(fi, oi)));
  }
  auto built = std::const_pointer_cast<NodeData>(MakeNodeData(type, std::move(batch)));
  built->runs = std::move(runs);
  built->has_addresses = true;
  std::shared_ptr<const NodeData> shared = std::move(built);
  std::lock_guard<std::mutex> lock(mu_);
  ++node_builds_;
  Remember(nodes_, key, shared);
  return shared;
}

Result<std::shared_ptr<const EdgeData>> GraphDataCache::Edge(graph::GraphStore& graph,
                                                             const graph::Snapshot& snap,
                                                             const std::string& type) {
  const lang::EdgeType* edge = snap.catalog->FindEdge(type);
  if (!edge) return Status::NotFound("unknown edge type '", type, "'");
  auto manifest_of = [&](const std::string& table_key) {
    const graph::TableEntry* e = snap.Table(table_key);
    return e ? e->manifest_key : std::string();
  };
  // The topology indexes node rows, so it is valid only for the same endpoint tables too.
  std::string key = "e|" + edge->name + "|" + manifest_of(graph::EdgeTableKey(edge->name)) + "|" +
                    manifest_of(graph::NodeTableKey(edge->from)) + "|" +
                    manifest_of(graph::NodeTableKey(edge->to));
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = edges_.find(key);
    if (it != edges_.end()) return it->second;
  }
  OG_ASSIGN_OR_RAISE(auto from, Node(graph, snap, edge->from));
  OG_ASSIGN_OR_RAISE(auto to, Node(graph, snap, edge->to));
  auto data = std::make_shared<EdgeData>();
  data->type_name = edge->name;
  OG_ASSIGN_OR_RAISE(data->batch, ReadBatch(graph, snap, graph::EdgeTableKey(edge->name)));
  const auto& src = Strings(*data->batch, "src");
  const auto& dst = Strings(*data->batch, "dst");
  int64_t n = data->batch->num_rows();
  data->src_row.resize(n);
  data->dst_row.resize(n);
  for (int64_t e = 0; e < n; ++e) {
    data->src_row[e] = from->Find(src.GetView(e));
    data->dst_row[e] = to->Find(dst.GetView(e));
  }
  BuildAdjacency(data->src_row, from->num_rows(), &data->out_offsets, &data->out_edges);
  BuildAdjacency(data->dst_row, to->num_rows(), &data->in_offsets, &data->in_edges);
  std::shared_ptr<const EdgeData> shared = data;
  std::lock_guard<std::mutex> lock(mu_);
  ++edge_builds_;
  Remember(edges_, key, shared);
  return shared;
}

}  // namespace og::exec
