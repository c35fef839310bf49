// og::Graph diffs and point lookups across history: commit changes, diff between any two
// commits, one entity at a past version.
#include <algorithm>

#include <arrow/api.h>

#include "engine/graph_impl.h"
#include "exec/entity_delta.h"
#include "exec/json_cells.h"
#include "exec/table_access.h"
#include "graph/table_schema.h"
#include "omnigraph/omnigraph.h"
#include "table/table_scan.h"

namespace og {
namespace {

bool Wanted(const std::vector<std::string>& filter, const std::string& value) {
  return filter.empty() || std::find(filter.begin(), filter.end(), value) != filter.end();
}

Status ValidateFilter(const ChangeFilter& f) {
  for (const auto& k : f.kinds) {
    if (k != "node" && k != "edge") return Status::BadRequest("unknown kind '", k, "' (node or edge)");
  }
  for (const auto& o : f.ops) {
    if (o != "insert" && o != "update" && o != "delete") {
      return Status::BadRequest("unknown op '", o, "' (insert, update or delete)");
    }
  }
  return Status::OK();
}

// {"properties": {...}} (+ "endpoints" for an edge) of one delta row.
OrderedJson Image(const arrow::Table& rows, int64_t row, bool is_edge) {
  OrderedJson props = OrderedJson::object();
  OrderedJson endpoints = OrderedJson::object();
  for (int c = 0; c < rows.num_columns(); ++c) {
    const std::string& name = rows.schema()->field(c)->name();
    if (name == "id" || name == table::kFragmentColumn || name == table::kOffsetColumn) continue;
    int64_t r = row;
    OrderedJson value;
    for (const auto& chunk : rows.column(c)->chunks()) {
      if (r < chunk->length()) {
        value = exec::CellToJson(*chunk, r, exec::TemporalStyle::kIso);
        break;
      }
      r -= chunk->length();
    }
    if (is_edge && name == "src") {
      endpoints["from"] = value;
    } else if (is_edge && name == "dst") {
      endpoints["to"] = value;
    } else {
      props[name] = value;
    }
  }
  OrderedJson out = {{"properties", props}};
  if (is_edge) out["endpoints"] = endpoints;
  return out;
}

// Entity changes that turn `from` into `to` (same schema), in the documented order.
Result<std::vector<EntityChangeInfo>> DiffSnapshots(graph::GraphStore& store,
                                                    const graph::Snapshot& from,
                                                    const graph::Snapshot& to,
                                                    const ChangeFilter& filter) {
  OG_RETURN_NOT_OK(ValidateFilter(filter));
  if (from.commit->schema_hash != to.commit->schema_hash) {
    return Status::Conflict("cannot diff across a schema change (commits ", from.commit->id, " and ",
                            to.commit->id, " have different schemas)");
  }
  std::vector<EntityChangeInfo> out;
  auto diff_table = [&](const std::string& kind, const std::string& type) -> Status {
    std::string key = kind + ":" + type;
    if (!Wanted(filter.kinds, kind) || !Wanted(filter.types, type)) return Status::OK();
    const graph::TableEntry* a = from.Table(key);
    const graph::TableEntry* b = to.Table(key);
    if ((!a && !b) || (a && b && a->manifest_key == b->manifest_key)) return Status::OK();
    OG_ASSIGN_OR_RAISE(auto schema, exec::TableSchemaFor(*to.catalog, key));
    OG_ASSIGN_OR_RAISE(auto ma, store.ReadTable(from, key));
    OG_ASSIGN_OR_RAISE(auto mb, store.ReadTable(to, key));
    OG_ASSIGN_OR_RAISE(exec::TableDelta delta,
                       exec::DiffTableVersions(store.store(), ma.get(), mb.get(), schema));
    OG_ASSIGN_OR_RAISE(auto changes, exec::EntityChangesOf(delta));
    bool is_edge = kind == "edge";
    for (const auto& c : changes) {
      std::string op = exec::ChangeOpName(c.op);
      if (!Wanted(filter.ops, op)) continue;
      EntityChangeInfo info;
      info.kind = kind;
      info.type = type;
      info.id = c.id;
      info.op = op;
      if (c.before >= 0) info.before = Image(*delta.removed, c.before, is_edge);
      if (c.after >= 0) info.after = Image(*delta.added, c.after, is_edge);
      out.push_back(std::move(info));
    }
    return Status::OK();
  };
  std::vector<std::string> nodes, edges;
  for (const auto& n : to.catalog->nodes) nodes.push_back(n.name);
  for (const auto& e : to.catalog->edges) edges.push_back(e.name);
  std::sort(nodes.begin(), nodes.end());
  std::sort(edges.begin(), edges.end());
  for (const auto& n : nodes) OG_RETURN_NOT_OK(diff_table("node", n));
  for (const auto& e : edges) OG_RETURN_NOT_OK(diff_table("edge", e));
  return out;
}

}  // namespace

OrderedJson EntityChangeInfo::ToJson() const {
  OrderedJson out = {{"kind", kind},
                     {"type", {{"id", kind + ":" + type}, {"name", type}}},
                     {"id", id},
                     {"op", op}};
  if (!before.is_null()) out["before"] = before;
  if (!after.is_null()) out["after"] = after;
  return out;
}

Result<std::vector<EntityChangeInfo>> Graph::CommitChanges(const std::string& commit_id,
                                                           const ChangeFilter& filter) {
  OG_ASSIGN_OR_RAISE(graph::Snapshot to, impl_->store().OpenCommit(commit_id));
  if (to.commit->parents.empty()) {
    return Status::Conflict("commit ", commit_id, " has no parent to compare with (it created the graph)");
  }
  OG_ASSIGN_OR_RAISE(graph::Snapshot from, impl_->store().OpenCommit(to.commit->parents[0]));
  return DiffSnapshots(impl_->store(), from, to, filter);
}

Result<std::vector<EntityChangeInfo>> Graph::Diff(const std::string& from_commit,
                                                  const std::string& to_commit,
                                                  const ChangeFilter& filter) {
  OG_ASSIGN_OR_RAISE(graph::Snapshot from, impl_->store().OpenCommit(from_commit));
  OG_ASSIGN_OR_RAISE(graph::Snapshot to, impl_->store().OpenCommit(to_commit));
  return DiffSnapshots(impl_->store(), from, to, filter);
}

Result<OrderedJson> Graph::EntityAt(const ReadTarget& target, const std::string& type,
                                    const std::string& id) {
  OG_ASSIGN_OR_RAISE(graph::Snapshot snap, impl_->Resolve(target));
  std::string key;
  if (snap.catalog->FindNode(type)) {
    key = graph::NodeTableKey(type);
  } else if (snap.catalog->FindEdge(type)) {
    key = graph::EdgeTableKey(type);
  } else {
    return Status::NotFound("no node or edge type '", type, "' in the schema");
  }
  table::Predicate by_id{"id", table::CompareOp::kEq, std::make_shared<arrow::StringScalar>(id)};
  OG_ASSIGN_OR_RAISE(auto rows,
                     exec::ReadTable(impl_->store(), snap, key, {}, false, {by_id}));
  if (rows->num_rows() == 0) {
    return Status::NotFound(type, " '", id, "' does not exist at commit ", snap.commit->id);
  }
  OrderedJson out = OrderedJson::object();
  for (int c = 0; c < rows->num_columns(); ++c) {
    out[rows->schema()->field(c)->name()] =
        exec::CellToJson(*rows->column(c)->chunk(0), 0, exec::TemporalStyle::kIso);
  }
  return out;
}

}  // namespace og
