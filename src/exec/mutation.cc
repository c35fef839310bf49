#include "exec/mutation.h"
#include "common/utf8.h"

#include <set>
#include <unordered_map>
#include <unordered_set>

#include <arrow/api.h>
#include <arrow/record_batch.h>
#include <rapidjson/document.h>

#include "common/arrow_util.h"
#include "common/ids.h"
#include "exec/cell.h"
#include "exec/column_builder.h"
#include "exec/constraints.h"
#include "exec/graph_batch.h"
#include "exec/json_cells.h"
#include "exec/table_access.h"
#include "graph/table_schema.h"
#include "lang/temporal.h"

namespace og::exec {
namespace {

using Json = nlohmann::ordered_json;
using lang::MutationStatement;

// One table as the query sees it: its committed rows (some removed by this query) and the rows
// this query wrote, in table-schema column order, as JSON (dates as epoch numbers).
struct WorkTable {
  std::string key;
  std::string type;
  bool is_edge = false;
  std::shared_ptr<arrow::Schema> schema;
  std::shared_ptr<arrow::RecordBatch> committed;  // live rows at the base, plus row addresses
  std::vector<bool> removed;
  std::unordered_map<std::string, int64_t> committed_index;  // id → committed row
  std::vector<std::vector<Json>> pending;
  std::vector<bool> pending_alive;
  std::unordered_map<std::string, size_t> pending_index;  // id → live pending row
  bool changed = false;
  // A table that only inserts touched holds just the committed rows fetched by id (an id-pushdown
  // scan prunes every fragment whose id range misses), so a single-row write reads O(1) fragments
  // however long the history. Statements that need every row (predicates, cascades, uniqueness,
  // cardinality) load the full table.
  bool full = false;
  std::unordered_set<std::string> fetched;  // ids looked up while not full

  int Column(const std::string& name) const { return schema->GetFieldIndex(name); }
  std::string_view CommittedId(int64_t r) const {
    return static_cast<const arrow::StringArray&>(*committed->column(0)).GetView(r);
  }
};

Cell JsonCell(const Json& j, const arrow::DataType& type) {
  if (j.is_null()) return Cell::Null();
  if (j.is_string()) return Cell::String(j.get_ref<const std::string&>());
  if (j.is_boolean()) return Cell::Bool(j.get<bool>());
  if (j.is_number_integer() || j.is_number_unsigned()) {
    if (type.id() == arrow::Type::DATE32) return Cell::Date(j.get<int32_t>());
    if (type.id() == arrow::Type::DATE64) return Cell::DateTime(j.get<int64_t>());
    if (j.is_number_unsigned() && j.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
      return Cell::UInt(j.get<uint64_t>());
    }
    return Cell::Int(j.get<int64_t>());
  }
  if (j.is_number_float()) return Cell::Float(j.get<double>());
  return Cell::Null();
}

void ToRapid(const Json& j, rapidjson::Value* out, rapidjson::Document::AllocatorType& alloc) {
  if (j.is_null()) out->SetNull();
  else if (j.is_boolean()) out->SetBool(j.get<bool>());
  else if (j.is_number_unsigned()) out->SetUint64(j.get<uint64_t>());
  else if (j.is_number_integer()) out->SetInt64(j.get<int64_t>());
  else if (j.is_number_float()) out->SetDouble(j.get<double>());
  else if (j.is_string()) out->SetString(j.get_ref<const std::string&>().c_str(),
                                         static_cast<rapidjson::SizeType>(j.get_ref<const std::string&>().size()), alloc);
  else if (j.is_array()) {
    out->SetArray();
    for (const auto& item : j) {
      rapidjson::Value v;
      ToRapid(item, &v, alloc);
      out->PushBack(v, alloc);
    }
  } else {
    out->SetNull();
  }
}

bool Matches(lang::CompareOp op, const Cell& a, const Cell& b) {
  auto c = CompareCells(a, b);
  if (!c) return false;
  switch (op) {
    case lang::CompareOp::kEq: return *c == std::partial_ordering::equivalent;
    case lang::CompareOp::kNe: return *c != std::partial_ordering::equivalent;
    case lang::CompareOp::kLt: return *c == std::partial_ordering::less;
    case lang::CompareOp::kLe: return *c != std::partial_ordering::greater;
    case lang::CompareOp::kGt: return *c == std::partial_ordering::greater;
    case lang::CompareOp::kGe: return *c != std::partial_ordering::less;
    default: return false;
  }
}

class Mutator {
 public:
  Mutator(graph::GraphStore& graph, const graph::Snapshot& base, const lang::CheckedQuery& q,
          const lang::BoundParams& params, int64_t now_ms, const EmbedFn& embed)
      : graph_(graph), base_(base), catalog_(*base.catalog), q_(q), params_(params), now_ms_(now_ms),
        embed_(embed) {}

  Result<StagedMutation> Run() {
    for (const MutationStatement& st : q_.decl->statements) {
      Status s = RunStatement(st);
      if (!s.ok()) {
        if (s.message().find(q_.decl->name) != std::string::npos) return s;
        return s.Prepend("mutation ", QuoteName(q_.decl->name), ": ");
      }
    }
    std::map<std::string, std::shared_ptr<arrow::Table>> inserts;
    for (auto& [key, wt] : tables_) {
      if (!wt.changed) continue;
      OG_ASSIGN_OR_RAISE(inserts[key], BuildPending(wt));
    }
    OG_RETURN_NOT_OK(CheckEndpoints());
    for (auto& [key, table] : inserts) {
      WorkTable& wt = tables_.at(key);
      const auto& uniques = wt.is_edge ? catalog_.FindEdge(wt.type)->uniques
                                       : catalog_.FindNode(wt.type)->uniques;
      bool carded = wt.is_edge && !catalog_.FindEdge(wt.type)->card.is_default();
      if (!uniques.empty() || carded) OG_RETURN_NOT_OK(EnsureFull(wt));
    }
    for (auto& [key, table] : inserts) OG_RETURN_NOT_OK(CheckUnique(tables_.at(key), *table));
    for (auto& [key, table] : inserts) OG_RETURN_NOT_OK(CheckCardinality(tables_.at(key), *table));

    StagedMutation out;
    out.request.kind = graph::CommitKind::kMutation;
    for (const auto& [key, wt] : tables_) out.request.read_tables.insert(key);
    for (auto& [key, table] : inserts) {
      WorkTable& wt = tables_.at(key);
      TableChange change;
      change.inserts = table;
      change.deletes = DeletesOf(*wt.committed, wt.removed);
      OG_ASSIGN_OR_RAISE(out.request.updated[key],
                         StageTableChange(graph_, base_, key, change, &out.request, &embed_));
    }
    out.affected_nodes = written_nodes_;
    out.affected_edges = written_edges_;
    for (const auto& [key, ids] : deleted_) {
      (key.rfind("node:", 0) == 0 ? out.affected_nodes : out.affected_edges) += ids.size();
    }
    return out;
  }

 private:
  // ---- tables ----------------------------------------------------------------------------------
  Result<WorkTable*> Table(const std::string& type, bool is_edge) {
    std::string key = is_edge ? graph::EdgeTableKey(type) : graph::NodeTableKey(type);
    auto it = tables_.find(key);
    if (it != tables_.end()) return &it->second;
    WorkTable wt;
    wt.key = key;
    wt.type = type;
    wt.is_edge = is_edge;
    wt.schema = is_edge ? graph::EdgeTableSchema(*catalog_.FindEdge(type))
                        : graph::NodeTableSchema(*catalog_.FindNode(type));
    OG_ASSIGN_OR_RAISE(auto empty, ReadTable(graph_, base_, key, {}, /*with_address=*/true,
                                             {table::Predicate{"id", table::CompareOp::kIsNull, nullptr}}));
    OG_ARROW_ASSIGN_OR_RAISE(wt.committed, empty->CombineChunksToBatch());
    return &tables_.emplace(key, std::move(wt)).first->second;
  }

  // Add committed rows to `wt` (rows already present are skipped).
  Status AddCommitted(WorkTable& wt, const std::shared_ptr<arrow::Table>& rows) {
    OG_ARROW_ASSIGN_OR_RAISE(auto batch, rows->CombineChunksToBatch());
    if (batch->num_rows() == 0) return Status::OK();
    OG_ARROW_ASSIGN_OR_RAISE(wt.committed, arrow::ConcatenateRecordBatches({wt.committed, batch}));
    wt.removed.resize(wt.committed->num_rows(), false);
    for (int64_t r = wt.committed->num_rows() - batch->num_rows(); r < wt.committed->num_rows(); ++r) {
      wt.committed_index.emplace(std::string(wt.CommittedId(r)), r);
    }
    return Status::OK();
  }

  // Make every committed row of `wt` present (rows removed so far stay removed).
  Status EnsureFull(WorkTable& wt) {
    if (wt.full) return Status::OK();
    std::unordered_set<std::string> removed;
    for (int64_t r = 0; r < wt.committed->num_rows(); ++r) {
      if (wt.removed[r]) removed.emplace(wt.CommittedId(r));
    }
    OG_ASSIGN_OR_RAISE(auto all, ReadTable(graph_, base_, wt.key, {}, /*with_address=*/true));
    OG_ARROW_ASSIGN_OR_RAISE(wt.committed, all->CombineChunksToBatch());
    wt.removed.assign(wt.committed->num_rows(), false);
    wt.committed_index.clear();
    for (int64_t r = 0; r < wt.committed->num_rows(); ++r) {
      std::string id(wt.CommittedId(r));
      if (removed.count(id)) wt.removed[r] = true;
      wt.committed_index.emplace(std::move(id), r);
    }
    wt.full = true;
    return Status::OK();
  }

  // Make the committed row of `id`, if there is one, present.
  Status EnsureId(WorkTable& wt, const std::string& id) {
    if (wt.full || !wt.fetched.insert(id).second) return Status::OK();
    auto value = std::make_shared<arrow::StringScalar>(id);
    OG_ASSIGN_OR_RAISE(auto rows, ReadTable(graph_, base_, wt.key, {}, /*with_address=*/true,
                                            {table::Predicate{"id", table::CompareOp::kEq, value}}));
    return AddCommitted(wt, rows);
  }

  // Whether node `id` of `type` exists in the final image (committed and not removed, or written).
  Result<bool> NodeExists(const std::string& type, const std::string& id) {
    OG_ASSIGN_OR_RAISE(WorkTable * wt, Table(type, false));
    if (wt->pending_index.count(id)) return true;
    OG_RETURN_NOT_OK(EnsureId(*wt, id));
    auto c = wt->committed_index.find(id);
    return c != wt->committed_index.end() && !wt->removed[c->second];
  }

  std::vector<Json> CommittedRow(const WorkTable& wt, int64_t r) const {
    std::vector<Json> row;
    for (int c = 0; c < wt.schema->num_fields(); ++c) {
      row.push_back(CellToJson(*wt.committed->column(c), r, TemporalStyle::kEpoch));
    }
    return row;
  }

  // Insert `row` as the row of `id`, replacing whatever row holds that id now (an upsert).
  // REQUIRES: the committed row of `id`, if any, is present (EnsureId / EnsureFull).
  void Upsert(WorkTable& wt, const std::string& id, std::vector<Json> row) {
    wt.changed = true;
    auto p = wt.pending_index.find(id);
    if (p != wt.pending_index.end()) {
      wt.pending[p->second] = std::move(row);
      return;
    }
    auto c = wt.committed_index.find(id);
    if (c != wt.committed_index.end()) wt.removed[c->second] = true;
    wt.pending_index[id] = wt.pending.size();
    wt.pending.push_back(std::move(row));
    wt.pending_alive.push_back(true);
  }

  // ---- values ----------------------------------------------------------------------------------
  Result<Json> LiteralJson(const lang::Literal& lit) const {
    switch (lit.kind) {
      case lang::Literal::Kind::kString: return Json(lit.text);
      case lang::Literal::Kind::kInteger: return Json(lit.integer);
      case lang::Literal::Kind::kFloat: return Json(lit.number);
      case lang::Literal::Kind::kBool: return Json(lit.boolean);
      case lang::Literal::Kind::kDate: {
        OG_ASSIGN_OR_RAISE(int32_t d, lang::ParseDate(lit.text));
        return Json(d);
      }
      case lang::Literal::Kind::kDateTime: {
        OG_ASSIGN_OR_RAISE(int64_t ms, lang::ParseDateTime(lit.text));
        return Json(ms);
      }
      case lang::Literal::Kind::kList: {
        Json arr = Json::array();
        for (const auto& item : lit.items) {
          OG_ASSIGN_OR_RAISE(Json v, LiteralJson(item));
          arr.push_back(std::move(v));
        }
        return arr;
      }
    }
    return Json(nullptr);
  }

  Result<Json> ValueJson(const lang::Expr& e) const {
    switch (e.kind) {
      case lang::Expr::Kind::kLiteral: return LiteralJson(e.literal);
      case lang::Expr::Kind::kNow: return Json(now_ms_);
      case lang::Expr::Kind::kVariable: {
        auto it = params_.find(e.name);
        if (it == params_.end()) return Status::BadRequest("parameter ", QuoteName(e.name), " not provided");
        return Json::parse(it->second.dump());
      }
      default: return Status::Internal("unexpected mutation value");
    }
  }

  // The canonical id text of a key value (languages.md §1.6).
  static Result<std::string> CanonicalKeyPart(const Json& v, const arrow::DataType& type,
                                              const std::string& prop) {
    if (v.is_null()) return Status::BadRequest("key property ", QuoteName(prop), " is null");
    if (v.is_string()) return v.get<std::string>();
    if (v.is_boolean()) return std::string(v.get<bool>() ? "true" : "false");
    if (v.is_number_unsigned()) return std::to_string(v.get<uint64_t>());
    if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
    return CanonicalFloat(v.get<double>(), type.id() == arrow::Type::FLOAT);
  }

  // Rows of `wt` matching `where` (live committed rows, then live pending rows).
  Result<std::pair<std::vector<int64_t>, std::vector<size_t>>> Match(
      WorkTable& wt, const lang::MutationPredicate& where) {
    OG_RETURN_NOT_OK(EnsureFull(wt));
    std::string column = where.property;
    if (wt.is_edge && column == "from") column = "src";
    if (wt.is_edge && column == "to") column = "dst";
    int col = wt.Column(column);
    if (col < 0) return Status::BadRequest(wt.type, " has no property ", QuoteName(where.property));
    const arrow::DataType& type = *wt.schema->field(col)->type();
    OG_ASSIGN_OR_RAISE(Json value, ValueJson(where.value));
    Cell want = JsonCell(value, type);
    std::pair<std::vector<int64_t>, std::vector<size_t>> out;
    const arrow::Array& arr = *wt.committed->column(col);
    for (int64_t r = 0; r < wt.committed->num_rows(); ++r) {
      if (!wt.removed[r] && Matches(where.op, CellAt(arr, r), want)) out.first.push_back(r);
    }
    for (size_t i = 0; i < wt.pending.size(); ++i) {
      if (wt.pending_alive[i] && Matches(where.op, JsonCell(wt.pending[i][col], type), want)) {
        out.second.push_back(i);
      }
    }
    return out;
  }

  // ---- statements ------------------------------------------------------------------------------
  Status RunStatement(const MutationStatement& st) {
    const lang::NodeType* node = catalog_.FindNode(st.type);
    const lang::EdgeType* edge = node ? nullptr : catalog_.FindEdge(st.type);
    OG_ASSIGN_OR_RAISE(WorkTable * wt, Table(node ? node->name : edge->name, edge != nullptr));
    switch (st.kind) {
      case MutationStatement::Kind::kInsert: return Insert(*wt, st, node);
      case MutationStatement::Kind::kUpdate: return Update(*wt, st);
      case MutationStatement::Kind::kDelete: return Delete(*wt, st, node);
    }
    return Status::OK();
  }

  Status Insert(WorkTable& wt, const MutationStatement& st, const lang::NodeType* node) {
    std::vector<Json> row(wt.schema->num_fields(), Json(nullptr));
    for (const auto& a : st.assignments) {
      std::string column = a.property;
      if (wt.is_edge && column == "from") column = "src";
      if (wt.is_edge && column == "to") column = "dst";
      OG_ASSIGN_OR_RAISE(row[wt.Column(column)], ValueJson(a.value));
    }
    std::string id;
    if (node && !node->key.empty()) {
      std::vector<std::string> parts;
      for (const auto& k : node->key) {
        int c = wt.Column(k);
        OG_ASSIGN_OR_RAISE(std::string part, CanonicalKeyPart(row[c], *wt.schema->field(c)->type(), k));
        parts.push_back(std::move(part));
      }
      id = KeyId(parts);
      OG_RETURN_NOT_OK(EnsureId(wt, id));
    } else {
      id = NewUlid();  // fresh: no committed row can hold it
    }
    row[0] = id;
    if (wt.is_edge) {
      for (int c : {1, 2}) {
        if (!row[c].is_string()) {
          return Status::BadRequest("insert ", wt.type, ": '", c == 1 ? "from" : "to",
                                    "' must be a node id string");
        }
      }
      ++written_edges_;
    } else {
      ++written_nodes_;
    }
    Upsert(wt, id, std::move(row));
    return Status::OK();
  }

  Status Update(WorkTable& wt, const MutationStatement& st) {
    OG_ASSIGN_OR_RAISE(auto matches, Match(wt, *st.where));
    std::vector<std::pair<int, Json>> sets;
    std::set<std::string> assigned;
    for (const auto& a : st.assignments) {
      OG_ASSIGN_OR_RAISE(Json v, ValueJson(a.value));
      sets.emplace_back(wt.Column(a.property), std::move(v));
      assigned.insert(a.property);
    }
    // A new @embed source text makes the stored vector stale: clear it to be re-embedded.
    if (const lang::NodeType* node = wt.is_edge ? nullptr : catalog_.FindNode(wt.type)) {
      for (const lang::Property& p : node->properties) {
        if (p.embed && assigned.count(p.embed->source_property) && !assigned.count(p.name)) {
          sets.emplace_back(wt.Column(p.name), Json(nullptr));
        }
      }
    }
    for (size_t i : matches.second) {
      for (const auto& [c, v] : sets) wt.pending[i][c] = v;
      wt.changed = true;
    }
    for (int64_t r : matches.first) {
      std::vector<Json> row = CommittedRow(wt, r);
      for (const auto& [c, v] : sets) row[c] = v;
      Upsert(wt, std::string(wt.CommittedId(r)), std::move(row));
    }
    written_nodes_ += static_cast<int64_t>(matches.first.size() + matches.second.size());
    return Status::OK();
  }

  // Remove the row of `id` (committed or pending) and remember it for the affected count.
  void Remove(WorkTable& wt, const std::string& id) {
    wt.changed = true;
    deleted_[wt.key].insert(id);
    auto p = wt.pending_index.find(id);
    if (p != wt.pending_index.end()) {
      wt.pending_alive[p->second] = false;
      if (wt.is_edge) vacated_[wt.type].insert(wt.pending[p->second][1].get<std::string>());
      wt.pending_index.erase(p);
    }
    auto c = wt.committed_index.find(id);
    if (c != wt.committed_index.end() && !wt.removed[c->second]) {
      wt.removed[c->second] = true;
      if (wt.is_edge) {
        vacated_[wt.type].insert(std::string(
            static_cast<const arrow::StringArray&>(*wt.committed->column(1)).GetView(c->second)));
      }
    }
  }

  Status Delete(WorkTable& wt, const MutationStatement& st, const lang::NodeType* node) {
    OG_ASSIGN_OR_RAISE(auto matches, Match(wt, *st.where));
    std::unordered_set<std::string> ids;
    for (int64_t r : matches.first) ids.emplace(wt.CommittedId(r));
    for (size_t i : matches.second) ids.insert(wt.pending[i][0].get<std::string>());
    for (const auto& id : ids) Remove(wt, id);
    if (!node) return Status::OK();
    // Cascade to every edge that starts or ends at a deleted node.
    for (const auto& edge : catalog_.edges) {
      bool from = edge.from == node->name, to = edge.to == node->name;
      if (!from && !to) continue;
      OG_ASSIGN_OR_RAISE(WorkTable * et, Table(edge.name, true));
      OG_RETURN_NOT_OK(EnsureFull(*et));
      std::vector<std::string> doomed;
      const auto& src = static_cast<const arrow::StringArray&>(*et->committed->column(1));
      const auto& dst = static_cast<const arrow::StringArray&>(*et->committed->column(2));
      for (int64_t r = 0; r < et->committed->num_rows(); ++r) {
        if (et->removed[r]) continue;
        if ((from && ids.count(std::string(src.GetView(r)))) || (to && ids.count(std::string(dst.GetView(r))))) {
          doomed.emplace_back(et->CommittedId(r));
        }
      }
      for (size_t i = 0; i < et->pending.size(); ++i) {
        if (!et->pending_alive[i]) continue;
        const auto& row = et->pending[i];
        if ((from && ids.count(row[1].get<std::string>())) || (to && ids.count(row[2].get<std::string>()))) {
          doomed.push_back(row[0].get<std::string>());
        }
      }
      for (const auto& id : doomed) Remove(*et, id);
    }
    return Status::OK();
  }

  // ---- final image -----------------------------------------------------------------------------
  // The pending rows as an Arrow table, every value checked (type, range, enum, @range, @check).
  Result<std::shared_ptr<arrow::Table>> BuildPending(const WorkTable& wt) {
    const std::vector<lang::Property>& props =
        wt.is_edge ? catalog_.FindEdge(wt.type)->properties : catalog_.FindNode(wt.type)->properties;
    static const std::vector<lang::RangeConstraint> kNoRanges;
    static const std::vector<lang::CheckConstraint> kNoChecks;
    const auto& ranges = wt.is_edge ? kNoRanges : catalog_.FindNode(wt.type)->ranges;
    const auto& checks = wt.is_edge ? kNoChecks : catalog_.FindNode(wt.type)->checks;
    int first = wt.is_edge ? 3 : 1;
    std::vector<std::unique_ptr<ColumnBuilder>> builders;
    for (const auto& p : props) {
      const lang::RangeConstraint* range = nullptr;
      const lang::CheckConstraint* check = nullptr;
      for (const auto& r : ranges) if (r.property == p.name) range = &r;
      for (const auto& c : checks) if (c.property == p.name) check = &c;
      OG_ASSIGN_OR_RAISE(auto b, ColumnBuilder::Make(wt.type, p, range, check));
      builders.push_back(std::move(b));
    }
    std::vector<arrow::StringBuilder> system(first);
    rapidjson::Document doc;
    for (size_t i = 0; i < wt.pending.size(); ++i) {
      if (!wt.pending_alive[i]) continue;
      const auto& row = wt.pending[i];
      for (int c = 0; c < first; ++c) OG_RETURN_NOT_OK(FromArrow(system[c].Append(row[c].get<std::string>())));
      for (size_t p = 0; p < builders.size(); ++p) {
        rapidjson::Value v;
        ToRapid(row[first + p], &v, doc.GetAllocator());
        Status st = builders[p]->Append(v);
        if (!st.ok()) return st.Prepend(wt.type, " ", QuoteName(row[0].get<std::string>()), ": ");
      }
    }
    arrow::ArrayVector arrays;
    for (auto& b : system) {
      std::shared_ptr<arrow::Array> a;
      OG_RETURN_NOT_OK(FromArrow(b.Finish(&a)));
      arrays.push_back(a);
    }
    for (auto& b : builders) {
      OG_ASSIGN_OR_RAISE(auto a, b->Finish());
      arrays.push_back(a);
    }
    return arrow::Table::Make(wt.schema, arrays);
  }

  Result<std::unordered_set<std::string>> FinalIds(const std::string& node_type) {
    OG_ASSIGN_OR_RAISE(WorkTable * wt, Table(node_type, false));
    OG_RETURN_NOT_OK(EnsureFull(*wt));
    std::unordered_set<std::string> ids;
    for (int64_t r = 0; r < wt->committed->num_rows(); ++r) {
      if (!wt->removed[r]) ids.emplace(wt->CommittedId(r));
    }
    for (const auto& [id, i] : wt->pending_index) ids.insert(id);
    return ids;
  }

  Status CheckEndpoints() {
    std::vector<std::string> keys;
    for (const auto& [key, wt] : tables_) {
      if (wt.is_edge && wt.changed) keys.push_back(key);
    }
    for (const auto& key : keys) {
      const WorkTable& wt = tables_.at(key);
      const lang::EdgeType* edge = catalog_.FindEdge(wt.type);
      for (size_t i = 0; i < wt.pending.size(); ++i) {
        if (!wt.pending_alive[i]) continue;
        const std::string src = wt.pending[i][1].get<std::string>();
        const std::string dst = wt.pending[i][2].get<std::string>();
        OG_ASSIGN_OR_RAISE(bool src_ok, NodeExists(edge->from, src));
        if (!src_ok) {
          return Status::BadRequest("mutation ", QuoteName(q_.decl->name), ": src ", QuoteName(src), " not found in ", edge->from);
        }
        OG_ASSIGN_OR_RAISE(bool dst_ok, NodeExists(edge->to, dst));
        if (!dst_ok) {
          return Status::BadRequest("mutation ", QuoteName(q_.decl->name), ": dst ", QuoteName(dst), " not found in ", edge->to);
        }
      }
    }
    return Status::OK();
  }

  Status CheckUnique(const WorkTable& wt, const arrow::Table& inserted) {
    const auto& uniques = wt.is_edge ? catalog_.FindEdge(wt.type)->uniques : catalog_.FindNode(wt.type)->uniques;
    if (auto v = exec::CheckUnique(wt.type, uniques, FinalImage{wt.committed.get(), &wt.removed, &inserted})) {
      return v->status;
    }
    return Status::OK();
  }

  Status CheckCardinality(const WorkTable& wt, const arrow::Table& inserted) {
    if (!wt.is_edge) return Status::OK();
    const lang::EdgeType* edge = catalog_.FindEdge(wt.type);
    if (edge->card.is_default()) return Status::OK();
    // Sources touched by this write: the src of every written edge and of every removed one.
    std::set<std::string> sources;
    for (size_t i = 0; i < wt.pending.size(); ++i) {
      if (wt.pending_alive[i]) sources.insert(wt.pending[i][1].get<std::string>());
    }
    auto vacated = vacated_.find(wt.type);
    if (vacated != vacated_.end()) sources.insert(vacated->second.begin(), vacated->second.end());
    OG_ASSIGN_OR_RAISE(auto from_ids, FinalIds(edge->from));
    auto exists = [&](const std::string& id) { return from_ids.count(id) > 0; };
    if (auto v = exec::CheckCardinality(*edge, FinalImage{wt.committed.get(), &wt.removed, &inserted},
                                        sources, exists)) {
      return v->status;
    }
    return Status::OK();
  }

  graph::GraphStore& graph_;
  const graph::Snapshot& base_;
  const lang::Catalog& catalog_;
  const lang::CheckedQuery& q_;
  const lang::BoundParams& params_;
  int64_t now_ms_;
  const EmbedFn& embed_;
  std::map<std::string, WorkTable> tables_;
  std::map<std::string, std::unordered_set<std::string>> deleted_;  // table key → deleted ids
  std::map<std::string, std::unordered_set<std::string>> vacated_;  // edge type → srcs losing an edge
  int64_t written_nodes_ = 0;
  int64_t written_edges_ = 0;
};

}  // namespace

Result<StagedMutation> StageMutation(graph::GraphStore& graph, const graph::Snapshot& base,
                                     const lang::CheckedQuery& query,
                                     const lang::BoundParams& params, int64_t now_ms,
                                     const EmbedFn& embed) {
  if (!query.is_mutation) return Status::BadRequest("query ", QuoteName(query.decl->name), " is not a mutation");
  return Mutator(graph, base, query, params, now_ms, embed).Run();
}

}  // namespace og::exec
