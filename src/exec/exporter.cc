#include "exec/exporter.h"

#include <algorithm>
#include <numeric>

#include <arrow/api.h>

#include "common/arrow_util.h"
#include "exec/json_cells.h"
#include "exec/table_access.h"
#include "graph/table_schema.h"

namespace og::exec {
namespace {

Status ExportTable(graph::GraphStore& graph, const graph::Snapshot& snap, const std::string& key,
                   const std::string& type_name, bool is_edge, std::ostream& out) {
  OG_ASSIGN_OR_RAISE(auto table, ReadTable(graph, snap, key, {}));
  if (table->num_rows() == 0) return Status::OK();
  OG_ARROW_ASSIGN_OR_RAISE(auto batch, table->CombineChunksToBatch());
  const auto& ids = static_cast<const arrow::StringArray&>(*batch->GetColumnByName("id"));
  std::vector<int64_t> order(batch->num_rows());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](int64_t a, int64_t b) { return ids.GetView(a) < ids.GetView(b); });
  const auto& schema = *batch->schema();
  int first_prop = is_edge ? 3 : 1;
  for (int64_t r : order) {
    nlohmann::ordered_json data = nlohmann::ordered_json::object();
    data["id"] = std::string(ids.GetView(r));
    for (int c = first_prop; c < schema.num_fields(); ++c) {
      data[schema.field(c)->name()] = CellToJson(*batch->column(c), r, TemporalStyle::kEpoch);
    }
    nlohmann::ordered_json line;
    if (is_edge) {
      line = {{"edge", type_name},
              {"from", CellToJson(*batch->GetColumnByName("src"), r, TemporalStyle::kEpoch)},
              {"to", CellToJson(*batch->GetColumnByName("dst"), r, TemporalStyle::kEpoch)},
              {"data", data}};
    } else {
      line = {{"type", type_name}, {"data", data}};
    }
    out << line.dump() << "\n";
  }
  return Status::OK();
}

}  // namespace

Status ExportJsonl(graph::GraphStore& graph, const graph::Snapshot& snap,
                   const std::vector<std::string>& types, std::ostream& out) {
  const lang::Catalog& catalog = *snap.catalog;
  for (const auto& t : types) {
    if (!catalog.FindNode(t) && !catalog.FindEdge(t)) {
      return Status::BadRequest("unknown node or edge type '", t, "'");
    }
  }
  auto wanted = [&](const std::string& name) {
    return types.empty() || std::find(types.begin(), types.end(), name) != types.end();
  };
  for (const auto& node : catalog.nodes) {
    if (!wanted(node.name)) continue;
    OG_RETURN_NOT_OK(ExportTable(graph, snap, graph::NodeTableKey(node.name), node.name, false, out));
  }
  for (const auto& edge : catalog.edges) {
    bool selected = types.empty() || std::any_of(types.begin(), types.end(), [&](const auto& t) {
                      return catalog.FindEdge(t) == &edge;
                    });
    if (!selected) continue;
    OG_RETURN_NOT_OK(ExportTable(graph, snap, graph::EdgeTableKey(edge.name), edge.name, true, out));
  }
  out.flush();
  return Status::OK();
}

}  // namespace og::exec
