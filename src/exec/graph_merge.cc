#include "exec/graph_merge.h"

#include "common/ids.h"
#include "exec/index_build.h"
#include "index/segment_meta.h"
#include "store/put_all.h"
#include "common/utf8.h"

#include <set>

#include <arrow/api.h>
#include <arrow/compute/api.h>

#include "common/arrow_util.h"
#include "exec/constraints.h"
#include "exec/entity_delta.h"
#include "exec/json_cells.h"
#include "exec/table_access.h"
#include "graph/table_schema.h"
#include "table/table_scan.h"
#include "table/table_writer.h"

namespace og::exec {
namespace {

bool SameEntry(const graph::TableEntry* a, const graph::TableEntry* b) {
  if (!a || !b) return a == b;
  return a->manifest_key == b->manifest_key;
}

// One side's changes to one table since the base.
struct SideDelta {
  TableDelta rows;
  std::vector<EntityChange> changes;           // sorted by id
  std::map<std::string, const EntityChange*> by_id;
};

std::string StringAt(const arrow::Table& t, const char* column, int64_t row) {
  auto col = t.GetColumnByName(column);
  for (const auto& chunk : col->chunks()) {
    if (row < chunk->length()) {
      return std::string(static_cast<const arrow::StringArray&>(*chunk).GetView(row));
    }
    row -= chunk->length();
  }
  return "";
}

uint32_t UInt32At(const arrow::Table& t, const char* column, int64_t row) {
  auto col = t.GetColumnByName(column);
  for (const auto& chunk : col->chunks()) {
    if (row < chunk->length()) return static_cast<const arrow::UInt32Array&>(*chunk).Value(row);
    row -= chunk->length();
  }
  return 0;
}

// A row's values as compact JSON, without the row address.
std::string RowJson(const arrow::Table& t, int64_t row) {
  nlohmann::ordered_json obj = nlohmann::ordered_json::object();
  for (int c = 0; c < t.num_columns(); ++c) {
    const std::string& name = t.schema()->field(c)->name();
    if (name == table::kFragmentColumn || name == table::kOffsetColumn) continue;
    int64_t r = row;
    for (const auto& chunk : t.column(c)->chunks()) {
      if (r < chunk->length()) {
        obj[name] = CellToJson(*chunk, r, TemporalStyle::kIso);
        break;
      }
      r -= chunk->length();
    }
  }
  return obj.dump();
}

class Merger {
 public:
  Merger(graph::GraphStore& graph, const graph::Snapshot& base, const graph::Snapshot& source,
         const graph::Snapshot& target, const MergeOptions& options)
      : graph_(graph), base_(base), source_(source), target_(target), options_(options),
        catalog_(*target.catalog) {}

  Result<MergeOutcome> Run() {
    if (source_.commit->schema_hash != target_.commit->schema_hash ||
        base_.commit->schema_hash != target_.commit->schema_hash) {
      return Status::Conflict("cannot merge across a schema change (the two sides or their merge "
                              "base have different schemas)");
    }
    std::vector<std::string> keys;
    for (const auto& n : catalog_.nodes) keys.push_back(graph::NodeTableKey(n.name));
    for (const auto& e : catalog_.edges) keys.push_back(graph::EdgeTableKey(e.name));
    for (const auto& key : keys) {
      const graph::TableEntry* b = base_.Table(key);
      const graph::TableEntry* s = source_.Table(key);
      const graph::TableEntry* t = target_.Table(key);
      if (SameEntry(s, b) || SameEntry(s, t)) continue;  // nothing of the source's to bring
      source_changed_.insert(key);
      if (SameEntry(t, b)) {
        out_.tables[key] = s ? *s : graph::TableEntry{};  // adopt the source's table as it is
      }
    }
    for (const auto& key : keys) {
      if (!SameEntry(target_.Table(key), base_.Table(key))) target_changed_.insert(key);
    }
    for (const auto& key : source_changed_) {
      if (target_changed_.count(key)) OG_RETURN_NOT_OK(MergeTable(key));
    }
    OG_RETURN_NOT_OK(CheckOrphans());
    OG_RETURN_NOT_OK(CheckTableConstraints());
    return std::move(out_);
  }

 private:
  enum Side { kSource = 0, kTarget = 1 };

  const graph::Snapshot& SnapOf(Side side) const { return side == kSource ? source_ : target_; }

  Result<std::shared_ptr<arrow::Schema>> SchemaOf(const std::string& key) {
    return TableSchemaFor(catalog_, key);
  }

  // The side's changes to `key` since the base (cached; empty when the side left it alone).
  Result<const SideDelta*> Delta(Side side, const std::string& key) {
    auto& cache = deltas_[side];
    auto it = cache.find(key);
    if (it != cache.end()) return it->second.get();
    OG_ASSIGN_OR_RAISE(auto schema, SchemaOf(key));
    OG_ASSIGN_OR_RAISE(auto from, graph_.ReadTable(base_, key));
    OG_ASSIGN_OR_RAISE(auto to, graph_.ReadTable(SnapOf(side), key));
    auto delta = std::make_unique<SideDelta>();
    OG_ASSIGN_OR_RAISE(delta->rows, DiffTableVersions(graph_.store(), from.get(), to.get(), schema));
    OG_ASSIGN_OR_RAISE(delta->changes, EntityChangesOf(delta->rows));
    for (const auto& c : delta->changes) delta->by_id.emplace(c.id, &c);
    return cache.emplace(key, std::move(delta)).first->second.get();
  }

  // Whether the source's change to `id` in `key` lands in the merged graph.
  bool Applied(const std::string& key, const std::string& id) const {
    if (!source_changed_.count(key)) return false;
    if (!target_changed_.count(key)) return true;
    auto it = applied_.find(key);
    return it != applied_.end() && it->second.count(id) > 0;
  }

  void AddConflict(const std::string& key, const std::string& id, std::string kind,
                   std::string message) {
    out_.conflicts.push_back(MergeConflict{key, id, std::move(kind), std::move(message)});
  }

  std::string Describe(const SideDelta& d, const EntityChange& c) const {
    if (c.op == ChangeOp::kDelete) return "deleted";
    return std::string(c.op == ChangeOp::kInsert ? "inserted " : "set to ") +
           RowJson(*d.rows.added, c.after);
  }

  // Entity-level merge of a table both sides changed; stages the merged version.
  Status MergeTable(const std::string& key) {
    OG_ASSIGN_OR_RAISE(const SideDelta* s, Delta(kSource, key));
    OG_ASSIGN_OR_RAISE(const SideDelta* t, Delta(kTarget, key));
    OG_ASSIGN_OR_RAISE(auto schema, SchemaOf(key));
    size_t conflicts_before = out_.conflicts.size();
    std::set<std::string>& apply = applied_[key];
    for (const EntityChange& sc : s->changes) {
      auto other = t->by_id.find(sc.id);
      if (other == t->by_id.end()) {
        apply.insert(sc.id);
        continue;
      }
      const EntityChange& tc = *other->second;
      std::string kind;
      if (options_.strict) {
        kind = "concurrent_write";
      } else if (sc.op == ChangeOp::kDelete && tc.op == ChangeOp::kDelete) {
        continue;  // deleted on both sides
      } else if (sc.op != ChangeOp::kDelete && tc.op != ChangeOp::kDelete &&
                 SameRow(*s->rows.added, sc.after, *t->rows.added, tc.after, *schema)) {
        continue;  // the same change on both sides
      } else if (sc.op == ChangeOp::kDelete || tc.op == ChangeOp::kDelete) {
        kind = "delete_vs_update";
      } else if (sc.op == ChangeOp::kInsert) {
        kind = "divergent_insert";
      } else {
        kind = "divergent_update";
      }
      AddConflict(key, sc.id, kind,
                  kind + " on " + key + " '" + sc.id + "': source " + Describe(*s, sc) +
                      ", target " + Describe(*t, tc));
    }
    // A table with conflicts is not staged: the merge fails, and staged files would be orphans.
    if (out_.conflicts.size() > conflicts_before) return Status::OK();
    return StageMerged(key, *s, apply);
  }

  // The target's version of `key` with the source's applied changes on top.
  Status StageMerged(const std::string& key, const SideDelta& s, const std::set<std::string>& apply) {
    OG_ASSIGN_OR_RAISE(auto base_m, graph_.ReadTable(base_, key));
    OG_ASSIGN_OR_RAISE(auto source_m, graph_.ReadTable(source_, key));
    OG_ASSIGN_OR_RAISE(auto target_m, graph_.ReadTable(target_, key));
    OG_ASSIGN_OR_RAISE(auto schema, SchemaOf(key));
    std::unique_ptr<table::TableWriter> writer;
    if (target_m) {
      OG_ASSIGN_OR_RAISE(writer, table::TableWriter::Open(graph_.shared_store(), target_m));
    } else {
      OG_ASSIGN_OR_RAISE(writer, table::TableWriter::Create(graph_.shared_store(),
                                                            graph::TableIdFor(key), schema));
    }
    std::map<std::string, const table::FragmentMeta*> target_by_file, base_by_file;
    if (target_m) for (const auto& f : target_m->fragments) target_by_file.emplace(f.data_key, &f);
    if (base_m) for (const auto& f : base_m->fragments) base_by_file.emplace(f.data_key, &f);

    // Rows the source replaced or deleted: the same immutable row in the target's fragments, or
    // (when the target rewrote that fragment, e.g. by compaction) the row holding that id.
    DeleteSet deletes;
    std::set<std::string> find_by_id;
    for (const EntityChange& c : s.changes) {
      if (c.before < 0 || !apply.count(c.id)) continue;
      uint32_t frag = UInt32At(*s.rows.removed, table::kFragmentColumn, c.before);
      uint32_t offset = UInt32At(*s.rows.removed, table::kOffsetColumn, c.before);
      const table::FragmentMeta* bf = base_m ? base_m->FindFragment(frag) : nullptr;
      auto tf = bf ? target_by_file.find(bf->data_key) : target_by_file.end();
      if (tf != target_by_file.end()) {
        deletes[tf->second->id].add(offset);
      } else {
        find_by_id.insert(c.id);
      }
    }
    if (!find_by_id.empty() && target_m) {
      table::ScanOptions scan;
      scan.columns = {"id"};
      scan.with_row_address = true;
      OG_ASSIGN_OR_RAISE(auto ids, table::ScanTable(graph_.store(), *target_m, scan));
      for (int64_t r = 0; r < ids->num_rows(); ++r) {
        if (find_by_id.count(StringAt(*ids, "id", r))) {
          deletes[UInt32At(*ids, table::kFragmentColumn, r)].add(
              UInt32At(*ids, table::kOffsetColumn, r));
        }
      }
    }
    OG_RETURN_NOT_OK(writer->DeleteRows(deletes));

    // Rows the source wrote: whole new fragments are adopted by reference; the rest are copied.
    std::map<uint32_t, std::pair<int64_t, int64_t>> per_fragment;  // fragment → (rows, applied)
    std::vector<int64_t> copy;
    for (const EntityChange& c : s.changes) {
      if (c.after < 0) continue;
      uint32_t frag = UInt32At(*s.rows.added, table::kFragmentColumn, c.after);
      auto& counts = per_fragment[frag];
      counts.second += apply.count(c.id) ? 1 : 0;
    }
    for (int64_t r = 0; r < s.rows.added->num_rows(); ++r) {
      per_fragment[UInt32At(*s.rows.added, table::kFragmentColumn, r)].first++;
    }
    std::set<uint32_t> adopted;
    std::map<uint32_t, uint32_t> renumbered;  // adopted fragment: source id → id in the merge
    for (const auto& [frag, counts] : per_fragment) {
      const table::FragmentMeta* sf = source_m ? source_m->FindFragment(frag) : nullptr;
      bool whole = sf && !base_by_file.count(sf->data_key) && !target_by_file.count(sf->data_key) &&
                   counts.first == counts.second &&
                   sf->live_rows() == static_cast<uint64_t>(counts.first);
      if (whole) {
        OG_ASSIGN_OR_RAISE(renumbered[frag], writer->AdoptFragment(*sf));
        adopted.insert(frag);
      }
    }
    // Adopted fragments keep their index segments, by reference, under their new ids.
    if (!renumbered.empty() && source_m) {
      OG_ASSIGN_OR_RAISE(auto preview, writer->Preview());
      std::vector<table::IndexMeta> indexes = preview->indexes;
      for (const table::IndexMeta& idx : source_m->indexes) {
        if (idx.kind != index::kSegmentIndexKind) continue;
        OG_ASSIGN_OR_RAISE(table::IndexMeta reused, index::AdoptSegmentMeta(idx, renumbered, NewUlid()));
        if (!reused.fragment_ids.empty()) indexes.push_back(std::move(reused));
      }
      OG_RETURN_NOT_OK(writer->SetIndexes(std::move(indexes)));
    }
    for (const EntityChange& c : s.changes) {
      if (c.after < 0 || !apply.count(c.id)) continue;
      if (!adopted.count(UInt32At(*s.rows.added, table::kFragmentColumn, c.after))) {
        copy.push_back(c.after);
      }
    }
    if (!copy.empty()) {
      arrow::Int64Builder idx;
      OG_RETURN_NOT_OK(FromArrow(idx.AppendValues(copy)));
      OG_ARROW_ASSIGN_OR_RAISE(auto indices, idx.Finish());
      OG_ARROW_ASSIGN_OR_RAISE(arrow::Datum taken,
                               arrow::compute::Take(s.rows.added, arrow::Datum(indices)));
      std::vector<int> keep;
      for (int c = 0; c < schema->num_fields(); ++c) keep.push_back(c);
      OG_ARROW_ASSIGN_OR_RAISE(auto rows, taken.table()->SelectColumns(keep));
      OG_ASSIGN_OR_RAISE(std::vector<uint32_t> ids, writer->Append(*rows));
      std::vector<std::pair<std::string, std::string>> segment;
      OG_RETURN_NOT_OK(IndexAppendedRows(catalog_, key, *writer, *rows, ids,
                                         table::WriterOptions{}.max_rows_per_fragment, &segment));
      OG_RETURN_NOT_OK(store::PutAll(graph_.store(), segment));
    }
    OG_ASSIGN_OR_RAISE(auto merged, writer->Finish());
    merged_[key] = merged;
    out_.tables[key] = graph::TableEntry{merged->table_id, merged->key(), merged->version,
                                         static_cast<int64_t>(merged->rows)};
    return Status::OK();
  }

  // Node ids of `type` that `side`'s applied changes delete.
  Result<std::set<std::string>> DeletedNodes(Side side, const std::string& type) {
    std::string key = graph::NodeTableKey(type);
    std::set<std::string> out;
    bool changed = side == kSource ? source_changed_.count(key) : target_changed_.count(key);
    if (!changed) return out;
    OG_ASSIGN_OR_RAISE(const SideDelta* d, Delta(side, key));
    for (const auto& c : d->changes) {
      if (c.op == ChangeOp::kDelete && (side == kTarget || Applied(key, c.id))) out.insert(c.id);
    }
    return out;
  }

  // An edge one side adds may not point at a node the other side deletes.
  Status CheckOrphans() {
    for (const auto& edge : catalog_.edges) {
      std::string key = graph::EdgeTableKey(edge.name);
      std::string from_key = graph::NodeTableKey(edge.from), to_key = graph::NodeTableKey(edge.to);
      for (Side side : {kSource, kTarget}) {
        Side other = side == kSource ? kTarget : kSource;
        const auto& changed = side == kSource ? source_changed_ : target_changed_;
        const auto& other_changed = other == kSource ? source_changed_ : target_changed_;
        if (!changed.count(key) || (!other_changed.count(from_key) && !other_changed.count(to_key))) {
          continue;
        }
        OG_ASSIGN_OR_RAISE(auto gone_from, DeletedNodes(other, edge.from));
        OG_ASSIGN_OR_RAISE(auto gone_to, DeletedNodes(other, edge.to));
        if (gone_from.empty() && gone_to.empty()) continue;
        OG_ASSIGN_OR_RAISE(const SideDelta* d, Delta(side, key));
        for (const auto& c : d->changes) {
          if (c.after < 0 || (side == kSource && !Applied(key, c.id))) continue;
          std::string src = StringAt(*d->rows.added, "src", c.after);
          std::string dst = StringAt(*d->rows.added, "dst", c.after);
          bool src_gone = gone_from.count(src) > 0, dst_gone = gone_to.count(dst) > 0;
          if (!src_gone && !dst_gone) continue;
          AddConflict(key, c.id, "orphan_edge",
                      "orphan_edge on " + key + " '" + c.id + "': the " +
                          (side == kSource ? "source" : "target") + " adds an edge " + src +
                          " -> " + dst + " but the " + (other == kSource ? "source" : "target") +
                          " deletes " + edge.name + "'s " + (src_gone ? "src '" + src : "dst '" + dst) +
                          "'");
        }
      }
    }
    return Status::OK();
  }

  // @unique and @card over every table that both sides changed (elsewhere the merged table is one
  // side's own, already valid).
  Status CheckTableConstraints() {
    for (const auto& [key, merged] : merged_) {
      bool is_node = key.rfind("node:", 0) == 0;
      std::string type = key.substr(5);
      const std::vector<std::vector<std::string>>& uniques =
          is_node ? catalog_.FindNode(type)->uniques : catalog_.FindEdge(type)->uniques;
      const lang::EdgeType* edge = is_node ? nullptr : catalog_.FindEdge(type);
      bool carded = edge && !edge->card.is_default();
      if (uniques.empty() && !carded) continue;
      OG_ASSIGN_OR_RAISE(auto rows, table::ScanTable(graph_.store(), *merged, {}));
      OG_ARROW_ASSIGN_OR_RAISE(auto batch, rows->CombineChunksToBatch());
      FinalImage image{batch.get(), nullptr, nullptr};
      if (auto v = CheckUnique(type, uniques, image)) {
        AddConflict(key, "", "unique_violation", v->status.message());
      }
      if (carded) {
        std::set<std::string> sources;
        for (Side side : {kSource, kTarget}) {
          OG_ASSIGN_OR_RAISE(const SideDelta* d, Delta(side, key));
          for (const auto& c : d->changes) {
            if (c.before >= 0) sources.insert(StringAt(*d->rows.removed, "src", c.before));
            if (c.after >= 0) sources.insert(StringAt(*d->rows.added, "src", c.after));
          }
        }
        OG_ASSIGN_OR_RAISE(auto gone_s, DeletedNodes(kSource, edge->from));
        OG_ASSIGN_OR_RAISE(auto gone_t, DeletedNodes(kTarget, edge->from));
        auto exists = [&](const std::string& id) { return !gone_s.count(id) && !gone_t.count(id); };
        if (auto v = CheckCardinality(*edge, image, sources, exists)) {
          AddConflict(key, "", "cardinality_violation", v->status.message());
        }
      }
    }
    return Status::OK();
  }

  graph::GraphStore& graph_;
  const graph::Snapshot& base_;
  const graph::Snapshot& source_;
  const graph::Snapshot& target_;
  MergeOptions options_;
  const lang::Catalog& catalog_;
  std::set<std::string> source_changed_, target_changed_;
  std::map<std::string, std::unique_ptr<SideDelta>> deltas_[2];
  std::map<std::string, std::set<std::string>> applied_;  // table → source ids applied (both changed)
  std::map<std::string, std::shared_ptr<const table::TableManifest>> merged_;
  MergeOutcome out_;
};

}  // namespace

Result<MergeOutcome> MergeSnapshots(graph::GraphStore& graph, const graph::Snapshot& base,
                                    const graph::Snapshot& source, const graph::Snapshot& target,
                                    const MergeOptions& options) {
  return Merger(graph, base, source, target, options).Run();
}

std::function<Result<std::map<std::string, graph::TableEntry>>(const graph::Snapshot& head)>
RebaseWrite(graph::GraphStore& graph, const graph::Snapshot& base,
            const std::map<std::string, graph::TableEntry>& updated) {
  // The write's own state: the base with its staged tables.
  auto mine = std::make_shared<graph::Commit>(*base.commit);
  for (const auto& [key, entry] : updated) {
    if (entry.manifest_key.empty()) {
      mine->tables.erase(key);
    } else {
      mine->tables[key] = entry;
    }
  }
  graph::Snapshot ours = base;
  ours.commit = mine;
  return [&graph, base, ours](const graph::Snapshot& head)
             -> Result<std::map<std::string, graph::TableEntry>> {
    OG_ASSIGN_OR_RAISE(MergeOutcome merged,
                       MergeSnapshots(graph, base, ours, head, MergeOptions{/*strict=*/true}));
    if (!merged.conflicts.empty()) {
      const MergeConflict& first = merged.conflicts.front();
      auto version = [&](const graph::Snapshot& s) -> uint64_t {
        const graph::TableEntry* e = s.Table(first.table_key);
        return e ? e->version : 0;
      };
      uint64_t expected = version(base), actual = version(head);
      std::string what = first.kind == "concurrent_write"
                             ? "entity '" + first.entity_id + "' was also changed"
                             : first.message;
      return Status(StatusCode::Conflict,
                    internal::StrCat("concurrent write to ", first.table_key, " on branch ", QuoteName(head.branch), ": ", what, " (expected table version ",
                                     expected, ", found ", actual, "); nothing was published"),
                    std::make_shared<ConflictDetail>(first.table_key, expected, actual));
    }
    return std::move(merged.tables);
  };
}

std::string SummarizeConflicts(const std::vector<MergeConflict>& conflicts) {
  std::string out = "merge conflicts: ";
  for (size_t i = 0; i < conflicts.size() && i < 3; ++i) {
    out += (i ? "; " : "") + conflicts[i].message;
  }
  if (conflicts.size() > 3) out += "; and " + std::to_string(conflicts.size() - 3) + " more";
  return out;
}

}  // namespace og::exec
