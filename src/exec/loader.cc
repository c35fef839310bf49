// Loader: ParseGraphBatch → per-table final images → constraint checks → staged table versions.
//
// Every check runs before anything is staged, over the final image of each touched table (its
// committed live rows, minus the rows this load replaces or truncates, plus the loaded rows), so a
// failed load writes nothing at all and a successful one is validated as the state it publishes.
#include "exec/loader.h"
#include "common/utf8.h"

#include <set>
#include <unordered_map>
#include <unordered_set>

#include <arrow/api.h>
#include <arrow/compute/api_vector.h>

#include "common/arrow_util.h"
#include "table/compute_init.h"
#include "exec/constraints.h"
#include "exec/graph_batch.h"
#include "exec/table_access.h"
#include "graph/table_schema.h"

namespace og::exec {
namespace {

// One touched table: what it held, what this load removes from it, and what it adds.
struct TableImage {
  std::string key;             // "node:Person"
  std::string type_name;
  bool is_edge = false;
  std::shared_ptr<arrow::RecordBatch> committed;  // live rows at the base, with _fragment/_offset
  std::vector<bool> removed;                // per committed row: replaced or truncated
  const TypeRows* loaded = nullptr;
  std::vector<int64_t> keep;                // indexes into loaded rows that survive dedup
  TableChange change;
};

Status LineError(const std::string& source, int64_t line, const std::string& msg) {
  return Status::AtSource(SourceSpan{source, static_cast<int>(line), 0, ""}, msg);
}

const arrow::StringArray& StringColumn(const arrow::Table& t, const std::string& name) {
  // Tables read here are single-chunk (ReadTable combines chunks).
  return static_cast<const arrow::StringArray&>(*t.GetColumnByName(name)->chunk(0));
}

const arrow::StringArray& StringColumn(const arrow::RecordBatch& b, const std::string& name) {
  return static_cast<const arrow::StringArray&>(*b.GetColumnByName(name));
}


class Loader {
 public:
  Loader(graph::GraphStore& graph, const graph::Snapshot& base, const std::string& source,
         LoadMode mode, const EmbedFn& embed)
      : graph_(graph), base_(base), catalog_(*base.catalog), source_(source), mode_(mode), embed_(embed) {}

  Result<StagedLoad> Run(std::string_view jsonl, const LoadProgressFn& progress) {
    OG_ASSIGN_OR_RAISE(batch_, ParseGraphBatch(catalog_, jsonl, source_, progress));
    for (const auto& [name, rows] : batch_.nodes) {
      OG_RETURN_NOT_OK(AddImage(graph::NodeTableKey(name), rows));
    }
    for (const auto& [name, rows] : batch_.edges) {
      OG_RETURN_NOT_OK(AddImage(graph::EdgeTableKey(name), rows));
    }
    for (auto& [key, img] : images_) {
      OG_ASSIGN_OR_RAISE(img.change.inserts, SelectRows(img.loaded->rows, img.keep));
    }
    OG_RETURN_NOT_OK(CheckEndpoints());
    OG_RETURN_NOT_OK(CheckRetainedEdges());
    for (auto& [key, img] : images_) OG_RETURN_NOT_OK(CheckUnique(img));
    for (auto& [key, img] : images_) OG_RETURN_NOT_OK(CheckCardinality(img));

    StagedLoad staged;
    staged.request.kind = graph::CommitKind::kLoad;
    staged.request.read_tables = read_;
    for (auto& [key, img] : images_) {
      OG_ASSIGN_OR_RAISE(graph::TableEntry entry,
                         StageTableChange(graph_, base_, key, img.change, &staged.request, &embed_));
      staged.request.updated[key] = entry;
      (img.is_edge ? staged.edges_loaded : staged.nodes_loaded)[img.type_name] =
          static_cast<int64_t>(img.keep.size());
    }
    return staged;
  }

 private:
  static Result<std::shared_ptr<arrow::Table>> SelectRows(
      const std::shared_ptr<arrow::Table>& rows, const std::vector<int64_t>& keep) {
    if (static_cast<int64_t>(keep.size()) == rows->num_rows()) return rows;
    OG_RETURN_NOT_OK(table::EnsureArrowCompute());
    arrow::Int64Builder idx;
    OG_RETURN_NOT_OK(idx.AppendValues(keep));
    OG_ARROW_ASSIGN_OR_RAISE(auto indices, idx.Finish());
    OG_ARROW_ASSIGN_OR_RAISE(arrow::Datum taken, arrow::compute::Take(arrow::Datum(rows), arrow::Datum(indices)));
    return taken.table();
  }

  Status AddImage(const std::string& key, const TypeRows& rows) {
    TableImage img;
    img.key = key;
    img.type_name = rows.type_name;
    img.is_edge = rows.is_edge;
    img.loaded = &rows;
    // Duplicates inside the file: merge keeps the last occurrence, the other modes refuse. Fresh
    // ULIDs cannot collide, so only given or key-derived ids are tracked.
    std::unordered_map<std::string, int64_t> last;
    int64_t n = static_cast<int64_t>(rows.ids.size());
    for (int64_t i = 0; i < n; ++i) {
      if (rows.generated_id[i]) continue;
      auto [it, inserted] = last.emplace(rows.ids[i], i);
      if (!inserted) {
        if (mode_ != LoadMode::kMerge) {
          return LineError(source_, rows.lines[i],
                           internal::StrCat("duplicate id ", QuoteName(rows.ids[i]), " for ", rows.type_name,
                                            " (first on line ", rows.lines[it->second], ")"));
        }
        it->second = i;
      }
    }
    img.keep.reserve(n);
    for (int64_t i = 0; i < n; ++i) {
      if (rows.generated_id[i] || last[rows.ids[i]] == i) img.keep.push_back(i);
    }
    OG_ASSIGN_OR_RAISE(auto committed, ReadTable(graph_, base_, key, {}, /*with_address=*/true));
    OG_ARROW_ASSIGN_OR_RAISE(img.committed, committed->CombineChunksToBatch());
    img.removed.assign(img.committed->num_rows(), mode_ == LoadMode::kOverwrite);
    img.change.truncate = mode_ == LoadMode::kOverwrite;
    if (mode_ != LoadMode::kOverwrite && img.committed->num_rows() > 0) {
      const auto& ids = StringColumn(*img.committed, "id");
      for (int64_t r = 0; r < ids.length(); ++r) {
        auto it = last.find(std::string(ids.GetView(r)));
        if (it == last.end()) continue;
        if (mode_ == LoadMode::kAppend) {
          return Status::Conflict(source_, ":", rows.lines[it->second], ": key_conflict: ",
                                  rows.type_name, " ", QuoteName(it->first), " already exists");
        }
        img.removed[r] = true;
      }
      img.change.deletes = DeletesOf(*img.committed, img.removed);
    }
    images_.emplace(key, std::move(img));
    return Status::OK();
  }

  // Ids of a node type in the state this load would publish.
  Result<const std::unordered_set<std::string>*> FinalIds(const std::string& node_type) {
    auto cached = final_ids_.find(node_type);
    if (cached != final_ids_.end()) return &cached->second;
    std::unordered_set<std::string>& ids = final_ids_[node_type];
    std::string key = graph::NodeTableKey(node_type);
    auto it = images_.find(key);
    if (it != images_.end()) {
      const TableImage& img = it->second;
      if (img.committed->num_rows() > 0) {
        const auto& col = StringColumn(*img.committed, "id");
        for (int64_t r = 0; r < col.length(); ++r) {
          if (!img.removed[r]) ids.emplace(col.GetView(r));
        }
      }
      for (int64_t i : img.keep) ids.insert(img.loaded->ids[i]);
    } else {
      read_.insert(key);
      OG_ASSIGN_OR_RAISE(auto t, ReadTable(graph_, base_, key, {"id"}));
      if (t->num_rows() > 0) {
        const auto& col = StringColumn(*t, "id");
        for (int64_t r = 0; r < col.length(); ++r) ids.emplace(col.GetView(r));
      }
    }
    return &ids;
  }

  Status CheckEndpoints() {
    for (const auto& [key, img] : images_) {
      if (!img.is_edge) continue;
      const lang::EdgeType* edge = catalog_.FindEdge(img.type_name);
      OG_ASSIGN_OR_RAISE(auto from_ids, FinalIds(edge->from));
      OG_ASSIGN_OR_RAISE(auto to_ids, FinalIds(edge->to));
      for (int64_t i : img.keep) {
        const std::string& src = img.loaded->src[i];
        const std::string& dst = img.loaded->dst[i];
        if (!from_ids->count(src)) {
          return LineError(source_, img.loaded->lines[i],
                           internal::StrCat("src ", QuoteName(src), " not found in ", edge->from));
        }
        if (!to_ids->count(dst)) {
          return LineError(source_, img.loaded->lines[i],
                           internal::StrCat("dst ", QuoteName(dst), " not found in ", edge->to));
        }
      }
    }
    return Status::OK();
  }

  // Overwriting a node table must not strand edges the load keeps.
  Status CheckRetainedEdges() {
    if (mode_ != LoadMode::kOverwrite) return Status::OK();
    for (const auto& edge : catalog_.edges) {
      std::string ekey = graph::EdgeTableKey(edge.name);
      if (images_.count(ekey)) continue;  // the edge table itself is replaced
      bool from_replaced = images_.count(graph::NodeTableKey(edge.from)) > 0;
      bool to_replaced = images_.count(graph::NodeTableKey(edge.to)) > 0;
      if (!from_replaced && !to_replaced) continue;
      read_.insert(ekey);
      OG_ASSIGN_OR_RAISE(auto t, ReadTable(graph_, base_, ekey, {"id", "src", "dst"}));
      if (t->num_rows() == 0) continue;
      OG_ASSIGN_OR_RAISE(auto from_ids, FinalIds(edge.from));
      OG_ASSIGN_OR_RAISE(auto to_ids, FinalIds(edge.to));
      const auto& ids = StringColumn(*t, "id");
      const auto& src = StringColumn(*t, "src");
      const auto& dst = StringColumn(*t, "dst");
      for (int64_t r = 0; r < t->num_rows(); ++r) {
        if (from_replaced && !from_ids->count(std::string(src.GetView(r)))) {
          return Status::BadRequest(source_, ": overwriting ", edge.from, " removes node ", QuoteName(src.GetView(r)), " still referenced by ", edge.name, " edge ", QuoteName(ids.GetView(r)));
        }
        if (to_replaced && !to_ids->count(std::string(dst.GetView(r)))) {
          return Status::BadRequest(source_, ": overwriting ", edge.to, " removes node ", QuoteName(dst.GetView(r)), " still referenced by ", edge.name, " edge ", QuoteName(ids.GetView(r)));
        }
      }
    }
    return Status::OK();
  }

  // A violation among loaded rows names their source line.
  Status Report(const TableImage& img, const Violation& v) const {
    if (v.written_row < 0) return v.status.Prepend(source_, ": ");
    return LineError(source_, img.loaded->lines[img.keep[v.written_row]], v.status.message());
  }

  FinalImage ImageOf(const TableImage& img) const {
    return FinalImage{img.committed.get(), &img.removed, img.change.inserts.get()};
  }

  Status CheckUnique(const TableImage& img) {
    const auto& uniques = img.is_edge ? catalog_.FindEdge(img.type_name)->uniques
                                      : catalog_.FindNode(img.type_name)->uniques;
    if (auto v = exec::CheckUnique(img.type_name, uniques, ImageOf(img))) return Report(img, *v);
    return Status::OK();
  }

  Status CheckCardinality(const TableImage& img) {
    if (!img.is_edge) return Status::OK();
    const lang::EdgeType* edge = catalog_.FindEdge(img.type_name);
    if (edge->card.is_default()) return Status::OK();
    // Sources touched by this write: the src of every loaded edge and of every removed edge.
    std::set<std::string> sources;
    for (int64_t i : img.keep) sources.insert(img.loaded->src[i]);
    const auto& src = StringColumn(*img.committed, "src");
    for (int64_t r = 0; r < img.committed->num_rows(); ++r) {
      if (img.removed[r]) sources.emplace(src.GetView(r));
    }
    OG_ASSIGN_OR_RAISE(auto from_ids, FinalIds(edge->from));
    auto exists = [&](const std::string& id) { return from_ids->count(id) > 0; };
    if (auto v = exec::CheckCardinality(*edge, ImageOf(img), sources, exists)) return Report(img, *v);
    return Status::OK();
  }

  graph::GraphStore& graph_;
  const graph::Snapshot& base_;
  const lang::Catalog& catalog_;
  const std::string& source_;
  LoadMode mode_;
  const EmbedFn& embed_;
  GraphBatch batch_;
  std::map<std::string, TableImage> images_;
  std::set<std::string> read_;  // tables read only to validate (not written)
  std::unordered_map<std::string, std::unordered_set<std::string>> final_ids_;
};

}  // namespace

Result<StagedLoad> StageLoad(graph::GraphStore& graph, const graph::Snapshot& base,
                             std::string_view jsonl, const std::string& source_name, LoadMode mode,
                             const LoadProgressFn& progress, const EmbedFn& embed) {
  Loader loader(graph, base, source_name, mode, embed);
  return loader.Run(jsonl, progress);
}

}  // namespace og::exec
