#include "exec/executor.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <unordered_map>

#include <arrow/api.h>
#include <arrow/compute/api_vector.h>

#include "common/arrow_util.h"
#include "exec/table_access.h"
#include "graph/table_schema.h"
#include "table/compute_init.h"

namespace og::exec {
namespace {

// The rows being built: one slot per plan variable (row indexes into that variable's table), plus
// `origin`, the row of the enclosing frame each row descends from (used by anti-joins).
struct Frame {
  int64_t rows = 1;  // the unit frame: one row binding nothing
  std::vector<std::vector<int64_t>> slots;
  std::vector<bool> bound;
  std::vector<int64_t> origin{0};

  void Keep(const std::vector<int64_t>& keep) {
    for (size_t v = 0; v < slots.size(); ++v) {
      if (!bound[v]) continue;
      std::vector<int64_t> next;
      next.reserve(keep.size());
      for (int64_t r : keep) next.push_back(slots[v][r]);
      slots[v] = std::move(next);
    }
    std::vector<int64_t> next_origin;
    next_origin.reserve(keep.size());
    for (int64_t r : keep) next_origin.push_back(origin[r]);
    origin = std::move(next_origin);
    rows = static_cast<int64_t>(keep.size());
  }
};

// Appends rows to a new frame derived from `in` (same bound slots, optionally one or two more).
class FrameBuilder {
 public:
  explicit FrameBuilder(const Frame& in) : in_(in) {
    out_.slots.resize(in.slots.size());
    out_.bound = in.bound;
    out_.rows = 0;
    out_.origin.clear();
  }
  void Bind(int var) {
    if (var >= 0) out_.bound[var] = true;
  }
  // Copy row `r` of the input, setting `var_a`/`var_b` (if >= 0) to the given rows.
  void Emit(int64_t r, int var_a = -1, int64_t row_a = 0, int var_b = -1, int64_t row_b = 0) {
    for (size_t v = 0; v < in_.slots.size(); ++v) {
      if (static_cast<int>(v) == var_a) out_.slots[v].push_back(row_a);
      else if (static_cast<int>(v) == var_b) out_.slots[v].push_back(row_b);
      else if (in_.bound[v]) out_.slots[v].push_back(in_.slots[v][r]);
    }
    out_.origin.push_back(in_.origin[r]);
    ++out_.rows;
  }
  Frame Finish() { return std::move(out_); }

 private:
  const Frame& in_;
  Frame out_;
};

// Per-node marks "seen while walking from frame row r" that never need clearing: a node is marked
// for row r when its mark equals r. Dense (one slot per node) when many rows walk, a hash map when
// a few rows walk a large graph, so a point traversal does not allocate per node of the graph.
class RowMarks {
 public:
  RowMarks(int64_t nodes, int64_t rows) : dense_(rows * 64 >= nodes) {
    if (dense_) marks_.assign(nodes, -1);
  }
  int64_t Get(int64_t node) const {
    if (dense_) return marks_[node];
    auto it = sparse_.find(node);
    return it == sparse_.end() ? -1 : it->second;
  }
  void Set(int64_t node, int64_t row) {
    if (dense_) marks_[node] = row;
    else sparse_[node] = row;
  }

 private:
  bool dense_;
  std::vector<int64_t> marks_;
  std::unordered_map<int64_t, int64_t> sparse_;
};

// An operand with its column resolved for the current step.
struct BoundOperand {
  const Operand* op = nullptr;
  const arrow::Array* array = nullptr;  // property/id column of the variable's table
};

std::string CellKey(const Cell& c) {
  using K = Cell::Kind;
  switch (c.kind) {
    case K::kNull: return "N";
    case K::kBool: return c.b ? "T" : "F";
    case K::kInt: return "I" + std::to_string(c.i);
    case K::kUInt: return "U" + std::to_string(c.u);
    case K::kFloat: return "D" + std::to_string(c.f);
    case K::kString: return "S" + std::to_string(c.s.size()) + ":" + std::string(c.s);
    case K::kDate: return "d" + std::to_string(c.i);
    case K::kDateTime: return "t" + std::to_string(c.i);
    case K::kList: {
      std::string k = "L[";
      for (int64_t j = c.list_begin; j < c.list_end; ++j) k += CellKey(CellAt(*c.list_values, j)) + ",";
      return k + "]";
    }
  }
  return "?";
}

Result<std::shared_ptr<arrow::Scalar>> ConstantScalar(const Constant& c) {
  using K = Cell::Kind;
  switch (c.cell.kind) {
    case K::kNull: return std::static_pointer_cast<arrow::Scalar>(std::make_shared<arrow::NullScalar>());
    case K::kBool: return std::static_pointer_cast<arrow::Scalar>(std::make_shared<arrow::BooleanScalar>(c.cell.b));
    case K::kInt: return std::static_pointer_cast<arrow::Scalar>(std::make_shared<arrow::Int64Scalar>(c.cell.i));
    case K::kUInt: return std::static_pointer_cast<arrow::Scalar>(std::make_shared<arrow::UInt64Scalar>(c.cell.u));
    case K::kFloat: return std::static_pointer_cast<arrow::Scalar>(std::make_shared<arrow::DoubleScalar>(c.cell.f));
    case K::kString: return std::static_pointer_cast<arrow::Scalar>(std::make_shared<arrow::StringScalar>(c.text));
    case K::kDate: return std::static_pointer_cast<arrow::Scalar>(std::make_shared<arrow::Date32Scalar>(static_cast<int32_t>(c.cell.i)));
    case K::kDateTime: return std::static_pointer_cast<arrow::Scalar>(std::make_shared<arrow::Date64Scalar>(c.cell.i));
    case K::kList: break;
  }
  if (c.list) {
    return std::static_pointer_cast<arrow::Scalar>(std::make_shared<arrow::ListScalar>(c.list));
  }
  return Status::Unsupported("list constants cannot be projected");
}

class Executor {
 public:
  Executor(graph::GraphStore& graph, const graph::Snapshot& snap, GraphDataCache& cache,
           const Plan& plan)
      : graph_(graph), snap_(snap), cache_(cache), plan_(plan) {}

  Result<std::shared_ptr<arrow::Table>> Run() {
    OG_RETURN_NOT_OK(table::EnsureArrowCompute());
    nodes_.resize(plan_.vars.size());
    edges_.resize(plan_.vars.size());
    for (size_t v = 0; v < plan_.vars.size(); ++v) {
      const VarInfo& info = plan_.vars[v];
      if (info.is_edge) {
        OG_ASSIGN_OR_RAISE(edges_[v], cache_.Edge(graph_, snap_, info.type_name));
      } else {
        OG_ASSIGN_OR_RAISE(nodes_[v], LoadNodes(static_cast<int>(v)));
      }
    }
    Frame frame;
    frame.slots.resize(plan_.vars.size());
    frame.bound.assign(plan_.vars.size(), false);
    OG_RETURN_NOT_OK(RunSteps(plan_.steps, &frame));
    return plan_.has_aggregate ? ProjectAggregate(frame) : ProjectRows(frame);
  }

 private:
  // ---- loading -------------------------------------------------------------------------------
  // Variables that a walk starts from or reaches: they need the whole table (topology indexes
  // node rows of the full table).
  static void CollectWalked(const std::vector<Step>& steps, std::vector<bool>* walked,
                            std::vector<const ScanStep*>* scans) {
    for (const Step& step : steps) {
      if (auto* ex = std::get_if<ExpandStep>(&step.op)) {
        (*walked)[ex->src] = (*walked)[ex->dst] = true;
      } else if (auto* anti = std::get_if<AntiJoinStep>(&step.op)) {
        CollectWalked(anti->inner, walked, scans);
      } else if (auto* scan = std::get_if<ScanStep>(&step.op)) {
        (*scans)[scan->var] = scan;
      }
    }
  }

  // A scan filter the table layer can apply while reading: property <op> constant with the
  // constant's type matching the column exactly, so table-level and executor semantics agree.
  static std::optional<table::Predicate> Pushable(const Predicate& p, const arrow::Schema& schema) {
    static const std::map<CmpOp, table::CompareOp> kOps = {
        {CmpOp::kEq, table::CompareOp::kEq}, {CmpOp::kNe, table::CompareOp::kNe},
        {CmpOp::kLt, table::CompareOp::kLt}, {CmpOp::kLe, table::CompareOp::kLe},
        {CmpOp::kGt, table::CompareOp::kGt}, {CmpOp::kGe, table::CompareOp::kGe}};
    auto op = kOps.find(p.op);
    if (op == kOps.end() || p.right.kind != Operand::Kind::kConst ||
        p.left.kind == Operand::Kind::kConst) {
      return std::nullopt;
    }
    std::string column = p.left.kind == Operand::Kind::kId ? "id" : p.left.property;
    auto field = schema.GetFieldByName(column);
    if (!field) return std::nullopt;
    const Cell& c = p.right.constant.cell;
    std::shared_ptr<arrow::Scalar> value;
    switch (field->type()->id()) {
      case arrow::Type::STRING:
        if (c.kind == Cell::Kind::kString) value = std::make_shared<arrow::StringScalar>(std::string(c.s));
        break;
      case arrow::Type::BOOL:
        if (c.kind == Cell::Kind::kBool) value = std::make_shared<arrow::BooleanScalar>(c.b);
        break;
      case arrow::Type::INT32:
        if (c.kind == Cell::Kind::kInt && c.i >= INT32_MIN && c.i <= INT32_MAX) {
          value = std::make_shared<arrow::Int32Scalar>(static_cast<int32_t>(c.i));
        }
        break;
      case arrow::Type::INT64:
        if (c.kind == Cell::Kind::kInt) value = std::make_shared<arrow::Int64Scalar>(c.i);
        break;
      case arrow::Type::DOUBLE:
        if (c.kind == Cell::Kind::kFloat) value = std::make_shared<arrow::DoubleScalar>(c.f);
        break;
      case arrow::Type::DATE32:
        if (c.kind == Cell::Kind::kDate) value = std::make_shared<arrow::Date32Scalar>(static_cast<int32_t>(c.i));
        break;
      case arrow::Type::DATE64:
        if (c.kind == Cell::Kind::kDateTime) value = std::make_shared<arrow::Date64Scalar>(c.i);
        break;
      default:
        break;
    }
    if (!value) return std::nullopt;
    return table::Predicate{column, op->second, value};
  }

  // The rows a node variable ranges over: the cached full table when the variable is walked, the
  // table is already cached, or this process has read it filtered before (repeated reads: cache
  // it); else only the rows its scan keeps, read with the scan's filters pushed into the table
  // scan (fragments and row groups pruned by statistics) — the right call for a one-shot process.
  Result<std::shared_ptr<const NodeData>> LoadNodes(int var) {
    const std::string& type = plan_.vars[var].type_name;
    if (walked_.empty()) {
      walked_.assign(plan_.vars.size(), false);
      scans_.assign(plan_.vars.size(), nullptr);
      CollectWalked(plan_.steps, &walked_, &scans_);
    }
    if (walked_[var] || !scans_[var] || scans_[var]->filters.empty()) {
      return cache_.Node(graph_, snap_, type);
    }
    if (auto cached = cache_.PeekNode(snap_, type)) return cached;
    if (cache_.NoteFilteredRead(snap_, type)) return cache_.Node(graph_, snap_, type);
    const lang::NodeType* node = snap_.catalog->FindNode(type);
    if (!node) return Status::NotFound("unknown node type '", type, "'");
    auto schema = graph::NodeTableSchema(*node);
    std::vector<table::Predicate> pushed;
    for (const Predicate& p : scans_[var]->filters) {
      if (auto tp = Pushable(p, *schema)) pushed.push_back(std::move(*tp));
    }
    if (pushed.empty()) return cache_.Node(graph_, snap_, type);
    OG_ASSIGN_OR_RAISE(auto table, ReadTable(graph_, snap_, graph::NodeTableKey(type), {}, false, pushed));
    OG_ARROW_ASSIGN_OR_RAISE(auto batch, table->CombineChunksToBatch());
    return MakeNodeData(type, std::move(batch));
  }

  // ---- expressions ---------------------------------------------------------------------------
  const arrow::RecordBatch& BatchOf(int var) const {
    return plan_.vars[var].is_edge ? *edges_[var]->batch : *nodes_[var]->batch;
  }

  Result<BoundOperand> Bind(const Operand& op) const {
    BoundOperand b;
    b.op = &op;
    if (op.kind == Operand::Kind::kConst) return b;
    const std::string& column = op.kind == Operand::Kind::kId ? std::string("id") : op.property;
    auto arr = BatchOf(op.var).GetColumnByName(column);
    if (!arr) {
      return Status::Internal("column '", column, "' missing from ", plan_.vars[op.var].type_name);
    }
    b.array = arr.get();
    return b;
  }

  static Cell Eval(const BoundOperand& b, const Frame& f, int64_t row) {
    if (!b.array) return b.op->constant.cell;
    return CellAt(*b.array, f.slots[b.op->var][row]);
  }

  static bool Test(CmpOp op, const Cell& l, const Cell& r, const Constant* right_const) {
    switch (op) {
      case CmpOp::kContains:
      case CmpOp::kListContains:
        if (l.is_null() || r.is_null()) return false;
        if (l.kind == Cell::Kind::kList) {
          for (int64_t j = l.list_begin; j < l.list_end; ++j) {
            auto c = CompareCells(CellAt(*l.list_values, j), r);
            if (c && *c == std::partial_ordering::equivalent) return true;
          }
          return false;
        }
        if (l.kind == Cell::Kind::kString && r.kind == Cell::Kind::kString) {
          return l.s.find(r.s) != std::string_view::npos;
        }
        return false;
      case CmpOp::kStartsWith:
        return l.kind == Cell::Kind::kString && r.kind == Cell::Kind::kString &&
               l.s.substr(0, r.s.size()) == r.s;
      default:
        break;
    }
    auto c = CompareCells(l, r);
    if (!c) return false;
    switch (op) {
      case CmpOp::kEq: return *c == std::partial_ordering::equivalent;
      case CmpOp::kNe: return *c != std::partial_ordering::equivalent;
      case CmpOp::kLt: return *c == std::partial_ordering::less;
      case CmpOp::kLe: return *c != std::partial_ordering::greater;
      case CmpOp::kGt: return *c == std::partial_ordering::greater;
      case CmpOp::kGe: return *c != std::partial_ordering::less;
      default: return false;
    }
  }

  // ---- steps ---------------------------------------------------------------------------------
  Status RunSteps(const std::vector<Step>& steps, Frame* frame) {
    for (const Step& step : steps) {
      if (frame->rows == 0) break;  // nothing can come back from an empty frame
      Status st = std::visit([&](const auto& s) { return Apply(s, frame); }, step.op);
      OG_RETURN_NOT_OK(st);
    }
    return Status::OK();
  }

  // A scan filter `key = "value"` on a single-String-key type can use the id index.
  std::optional<std::string_view> KeyLookup(const ScanStep& scan) const {
    const lang::NodeType* node = snap_.catalog->FindNode(plan_.vars[scan.var].type_name);
    for (const Predicate& p : scan.filters) {
      if (p.op != CmpOp::kEq || p.right.kind != Operand::Kind::kConst ||
          p.right.constant.cell.kind != Cell::Kind::kString) {
        continue;
      }
      if (p.left.kind == Operand::Kind::kId) return p.right.constant.cell.s;
      if (p.left.kind == Operand::Kind::kProperty && node && node->key.size() == 1 &&
          node->key[0] == p.left.property) {
        const lang::Property* prop = node->FindProperty(p.left.property);
        if (prop && prop->type.kind == lang::PropType::Kind::kScalar &&
            prop->type.scalar == lang::ScalarType::kString) {
          return p.right.constant.cell.s;
        }
      }
    }
    return std::nullopt;
  }

  Status Apply(const ScanStep& scan, Frame* frame) {
    const NodeData& data = *nodes_[scan.var];
    std::vector<BoundOperand> lefts, rights;
    for (const Predicate& p : scan.filters) {
      OG_ASSIGN_OR_RAISE(auto l, Bind(p.left));
      OG_ASSIGN_OR_RAISE(auto r, Bind(p.right));
      lefts.push_back(l);
      rights.push_back(r);
    }
    // Candidate rows of the scanned type, filtered with the variable bound alone.
    Frame probe;
    probe.slots.resize(plan_.vars.size());
    probe.bound.assign(plan_.vars.size(), false);
    probe.bound[scan.var] = true;
    std::vector<int64_t>& cand = probe.slots[scan.var];
    if (auto key = KeyLookup(scan)) {
      int64_t row = data.Find(*key);
      if (row >= 0) cand.push_back(row);
    } else {
      cand.resize(data.num_rows());
      std::iota(cand.begin(), cand.end(), 0);
    }
    std::vector<int64_t> matches;
    for (int64_t i = 0; i < static_cast<int64_t>(cand.size()); ++i) {
      bool ok = true;
      for (size_t k = 0; k < scan.filters.size() && ok; ++k) {
        ok = Test(scan.filters[k].op, Eval(lefts[k], probe, i), Eval(rights[k], probe, i),
                  &scan.filters[k].right.constant);
      }
      if (ok) matches.push_back(cand[i]);
    }
    FrameBuilder out(*frame);
    out.Bind(scan.var);
    for (int64_t r = 0; r < frame->rows; ++r) {
      for (int64_t m : matches) out.Emit(r, scan.var, m);
    }
    *frame = out.Finish();
    return Status::OK();
  }

  Status Apply(const FilterStep& filter, Frame* frame) {
    OG_ASSIGN_OR_RAISE(auto l, Bind(filter.pred.left));
    OG_ASSIGN_OR_RAISE(auto r, Bind(filter.pred.right));
    std::vector<int64_t> keep;
    for (int64_t i = 0; i < frame->rows; ++i) {
      if (Test(filter.pred.op, Eval(l, *frame, i), Eval(r, *frame, i), &filter.pred.right.constant)) {
        keep.push_back(i);
      }
    }
    frame->Keep(keep);
    return Status::OK();
  }

  Status Apply(const AntiJoinStep& anti, Frame* frame) {
    Frame inner = *frame;
    std::iota(inner.origin.begin(), inner.origin.end(), 0);
    OG_RETURN_NOT_OK(RunSteps(anti.inner, &inner));
    std::vector<bool> matched(frame->rows, false);
    for (int64_t o : inner.origin) matched[o] = true;
    std::vector<int64_t> keep;
    for (int64_t i = 0; i < frame->rows; ++i) {
      if (!matched[i]) keep.push_back(i);
    }
    frame->Keep(keep);
    return Status::OK();
  }

  Status Apply(const ExpandStep& ex, Frame* frame) {
    OG_ASSIGN_OR_RAISE(auto edge, cache_.Edge(graph_, snap_, ex.edge_type));
    const EdgeData& ed = *edge;
    // Neighbours of node `n` (row of the source variable's type) as (edge row, node row) pairs.
    auto for_each_neighbor = [&](int64_t n, auto&& fn) {
      if (ex.dir == Direction::kOut || ex.dir == Direction::kBoth) {
        for (int64_t k = ed.out_offsets[n]; k < ed.out_offsets[n + 1]; ++k) {
          int64_t e = ed.out_edges[k];
          if (ed.dst_row[e] >= 0) fn(e, ed.dst_row[e]);
        }
      }
      if (ex.dir == Direction::kIn || ex.dir == Direction::kBoth) {
        for (int64_t k = ed.in_offsets[n]; k < ed.in_offsets[n + 1]; ++k) {
          int64_t e = ed.in_edges[k];
          if (ed.src_row[e] >= 0) fn(e, ed.src_row[e]);
        }
      }
    };
    int64_t target_count = ex.dir == Direction::kIn ? static_cast<int64_t>(ed.out_offsets.size()) - 1
                                                    : static_cast<int64_t>(ed.in_offsets.size()) - 1;
    int64_t source_count = ex.dir == Direction::kIn ? static_cast<int64_t>(ed.in_offsets.size()) - 1
                                                    : static_cast<int64_t>(ed.out_offsets.size()) - 1;
    int64_t node_count = std::max(target_count, source_count);
    // A walk can only chain when the edge's endpoints share a type (then rows share one index
    // space); a cross-type edge is a single hop.
    const lang::EdgeType* etype = snap_.catalog->FindEdge(ex.edge_type);
    bool chains = etype && etype->from == etype->to;
    int max_hops = chains ? ex.max_hops : std::min(ex.max_hops, 1);
    // Per-row marks without clearing: a node is marked for row r when mark[node] == r.
    RowMarks visited(node_count, frame->rows), reported(node_count, frame->rows);

    FrameBuilder out(*frame);
    out.Bind(ex.dst);
    out.Bind(ex.edge_var);
    const std::vector<int64_t>& src_slot = frame->slots[ex.src];
    std::vector<int64_t> frontier, next;
    for (int64_t r = 0; r < frame->rows; ++r) {
      int64_t s = src_slot[r];
      int64_t want = ex.dst_bound ? frame->slots[ex.dst][r] : -1;
      if (ex.edge_var >= 0) {
        // An edge binding: one row per matching edge (single hop, no dedup).
        for_each_neighbor(s, [&](int64_t e, int64_t n) {
          if (want >= 0 && n != want) return;
          out.Emit(r, ex.dst, n, ex.edge_var, e);
        });
        continue;
      }
      // BFS: each node reported once per source row, at the hop it is first reached.
      frontier.assign(1, s);
      if (chains) visited.Set(s, r);
      bool found_want = false;
      for (int hop = 1; hop <= max_hops && !frontier.empty() && !found_want; ++hop) {
        next.clear();
        bool in_bounds = hop >= ex.min_hops;
        for (int64_t u : frontier) {
          for_each_neighbor(u, [&](int64_t, int64_t n) {
            bool first_visit = visited.Get(n) != r;
            // The source is seeded as visited, so cycles back to it never report it; only a
            // self-loop (a length-1 walk from a frontier node to itself) reports a visited node.
            if (!first_visit && !(chains && n == u && reported.Get(n) != r)) return;
            if (first_visit) {
              visited.Set(n, r);
              next.push_back(n);
            }
            if (!in_bounds || reported.Get(n) == r) return;
            reported.Set(n, r);
            if (want >= 0) {
              if (n == want) found_want = true;
            } else {
              out.Emit(r, ex.dst, n);
            }
          });
        }
        frontier.swap(next);
      }
      if (found_want) out.Emit(r);
    }
    *frame = out.Finish();
    return Status::OK();
  }

  // ---- projection ----------------------------------------------------------------------------
  Result<std::shared_ptr<arrow::Array>> Gather(const Operand& op, const std::vector<int64_t>& rows,
                                               const Frame& frame) {
    if (op.kind == Operand::Kind::kConst) {
      OG_ASSIGN_OR_RAISE(auto scalar, ConstantScalar(op.constant));
      OG_ARROW_ASSIGN_OR_RAISE(auto arr, arrow::MakeArrayFromScalar(*scalar, rows.size()));
      return arr;
    }
    OG_ASSIGN_OR_RAISE(BoundOperand b, Bind(op));
    arrow::Int64Builder idx;
    OG_RETURN_NOT_OK(idx.Reserve(rows.size()));
    for (int64_t r : rows) {
      if (r < 0) idx.UnsafeAppendNull();
      else idx.UnsafeAppend(frame.slots[op.var][r]);
    }
    OG_ARROW_ASSIGN_OR_RAISE(auto indices, idx.Finish());
    OG_ARROW_ASSIGN_OR_RAISE(auto taken, arrow::compute::Take(*b.array, *indices));
    return taken;
  }

  // Frame rows in output order: user keys, then every bound variable's id ascending, variables in
  // name order, so `order ... limit` is deterministic.
  Result<std::vector<int64_t>> OrderRows(const Frame& frame) {
    std::vector<int64_t> rows(frame.rows);
    std::iota(rows.begin(), rows.end(), 0);
    if (plan_.order.empty()) return rows;
    std::vector<BoundOperand> keys;
    for (const OrderSpec& o : plan_.order) {
      const Operand& op = o.projection >= 0 ? plan_.projections[o.projection].value : o.value;
      OG_ASSIGN_OR_RAISE(auto b, Bind(op));
      keys.push_back(b);
    }
    std::vector<int> tie_vars;
    for (size_t v = 0; v < plan_.vars.size(); ++v) {
      if (frame.bound[v]) tie_vars.push_back(static_cast<int>(v));
    }
    std::sort(tie_vars.begin(), tie_vars.end(),
              [&](int a, int b) { return plan_.vars[a].name < plan_.vars[b].name; });
    std::vector<const arrow::StringArray*> tie_ids;
    for (int v : tie_vars) {
      tie_ids.push_back(static_cast<const arrow::StringArray*>(BatchOf(v).GetColumnByName("id").get()));
    }
    auto less = [&](int64_t a, int64_t b) {
      for (size_t k = 0; k < keys.size(); ++k) {
        int c = SortCompare(Eval(keys[k], frame, a), Eval(keys[k], frame, b));
        if (c != 0) return plan_.order[k].desc ? c > 0 : c < 0;
      }
      for (size_t t = 0; t < tie_vars.size(); ++t) {
        int v = tie_vars[t];
        int c = tie_ids[t]->GetView(frame.slots[v][a]).compare(tie_ids[t]->GetView(frame.slots[v][b]));
        if (c != 0) return c < 0;
      }
      return a < b;  // identical bindings (possible only without ids to tell them apart)
    };
    // With a limit only the first rows matter: a top-k partial sort is O(n log k).
    if (plan_.limit && *plan_.limit < static_cast<int64_t>(rows.size())) {
      std::partial_sort(rows.begin(), rows.begin() + *plan_.limit, rows.end(), less);
      rows.resize(*plan_.limit);
    } else {
      std::sort(rows.begin(), rows.end(), less);
    }
    return rows;
  }

  Result<std::shared_ptr<arrow::Table>> MakeTable(const arrow::ArrayVector& columns) {
    arrow::FieldVector fields;
    for (size_t i = 0; i < columns.size(); ++i) {
      fields.push_back(arrow::field(plan_.projections[i].name, columns[i]->type()));
    }
    return arrow::Table::Make(arrow::schema(fields), columns);
  }

  Result<std::shared_ptr<arrow::Table>> ProjectRows(const Frame& frame) {
    OG_ASSIGN_OR_RAISE(std::vector<int64_t> rows, OrderRows(frame));
    if (plan_.limit && static_cast<int64_t>(rows.size()) > *plan_.limit) rows.resize(*plan_.limit);
    arrow::ArrayVector columns;
    for (const ProjectionSpec& p : plan_.projections) {
      OG_ASSIGN_OR_RAISE(auto arr, Gather(p.value, rows, frame));
      columns.push_back(arr);
    }
    return MakeTable(columns);
  }

  struct Group {
    int64_t first_row = 0;
    std::vector<int64_t> count;     // non-null inputs per aggregate projection
    std::vector<double> sum;
    std::vector<int64_t> best_row;  // min/max: frame row holding the current best, -1 if none
  };

  Result<std::shared_ptr<arrow::Table>> ProjectAggregate(const Frame& frame) {
    size_t np = plan_.projections.size();
    std::vector<BoundOperand> ops;
    for (const ProjectionSpec& p : plan_.projections) {
      OG_ASSIGN_OR_RAISE(auto b, Bind(p.value));
      ops.push_back(b);
    }
    bool has_keys = std::any_of(plan_.projections.begin(), plan_.projections.end(),
                                [](const ProjectionSpec& p) { return p.agg == AggKind::kNone; });
    std::vector<Group> groups;
    std::unordered_map<std::string, size_t> index;
    auto new_group = [&](int64_t row) {
      Group g;
      g.first_row = row;
      g.count.assign(np, 0);
      g.sum.assign(np, 0);
      g.best_row.assign(np, -1);
      groups.push_back(std::move(g));
      return groups.size() - 1;
    };
    if (!has_keys) new_group(-1);  // a global aggregate has one row even over no input
    for (int64_t r = 0; r < frame.rows; ++r) {
      size_t gi = 0;
      if (has_keys) {
        std::string key;
        for (size_t i = 0; i < np; ++i) {
          if (plan_.projections[i].agg == AggKind::kNone) key += CellKey(Eval(ops[i], frame, r)) + "\x1f";
        }
        auto [it, inserted] = index.emplace(key, groups.size());
        if (inserted) new_group(r);
        gi = it->second;
      }
      Group& g = groups[gi];
      for (size_t i = 0; i < np; ++i) {
        AggKind agg = plan_.projections[i].agg;
        if (agg == AggKind::kNone) continue;
        Cell c = Eval(ops[i], frame, r);
        if (c.is_null()) continue;
        ++g.count[i];
        if (agg == AggKind::kSum || agg == AggKind::kAvg) {
          g.sum[i] += c.kind == Cell::Kind::kFloat ? c.f
                      : c.kind == Cell::Kind::kUInt ? static_cast<double>(c.u)
                                                    : static_cast<double>(c.i);
        } else if (agg == AggKind::kMin || agg == AggKind::kMax) {
          if (g.best_row[i] < 0) {
            g.best_row[i] = r;
          } else {
            int cmp = SortCompare(c, Eval(ops[i], frame, g.best_row[i]));
            if ((agg == AggKind::kMin && cmp < 0) || (agg == AggKind::kMax && cmp > 0)) g.best_row[i] = r;
          }
        }
      }
    }
    // Output group order: by the order keys (aliases or group-key operands), else first occurrence.
    std::vector<size_t> order(groups.size());
    std::iota(order.begin(), order.end(), 0);
    arrow::ArrayVector columns;
    for (size_t i = 0; i < np; ++i) {
      const ProjectionSpec& p = plan_.projections[i];
      switch (p.agg) {
        case AggKind::kNone: {
          std::vector<int64_t> rows;
          for (const Group& g : groups) rows.push_back(g.first_row);
          OG_ASSIGN_OR_RAISE(auto arr, Gather(p.value, rows, frame));
          columns.push_back(arr);
          break;
        }
        case AggKind::kCount: {
          arrow::Int64Builder b;
          for (const Group& g : groups) OG_RETURN_NOT_OK(b.Append(g.count[i]));
          OG_ARROW_ASSIGN_OR_RAISE(auto arr, b.Finish());
          columns.push_back(arr);
          break;
        }
        case AggKind::kSum:
        case AggKind::kAvg: {
          arrow::DoubleBuilder b;
          for (const Group& g : groups) {
            if (g.count[i] == 0) OG_RETURN_NOT_OK(b.AppendNull());
            else OG_RETURN_NOT_OK(b.Append(p.agg == AggKind::kSum ? g.sum[i] : g.sum[i] / g.count[i]));
          }
          OG_ARROW_ASSIGN_OR_RAISE(auto arr, b.Finish());
          columns.push_back(arr);
          break;
        }
        case AggKind::kMin:
        case AggKind::kMax: {
          std::vector<int64_t> rows;
          for (const Group& g : groups) rows.push_back(g.best_row[i]);
          OG_ASSIGN_OR_RAISE(auto arr, Gather(p.value, rows, frame));
          columns.push_back(arr);
          break;
        }
      }
    }
    OG_ASSIGN_OR_RAISE(auto table, MakeTable(columns));
    if (!plan_.order.empty()) {
      // Sort the aggregated rows by output columns (an order key must name a projection here).
      OG_ARROW_ASSIGN_OR_RAISE(auto batch, table->CombineChunksToBatch());
      std::vector<const arrow::Array*> key_cols;
      for (const OrderSpec& o : plan_.order) {
        int pi = o.projection;
        if (pi < 0) {
          for (size_t i = 0; i < np; ++i) {
            const Operand& v = plan_.projections[i].value;
            if (plan_.projections[i].agg == AggKind::kNone && v.kind == o.value.kind &&
                v.var == o.value.var && v.property == o.value.property) {
              pi = static_cast<int>(i);
            }
          }
        }
        if (pi < 0) {
          return Status::BadRequest("in an aggregate query, order by a returned column or alias");
        }
        key_cols.push_back(batch->column(pi).get());
      }
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        for (size_t k = 0; k < key_cols.size(); ++k) {
          int c = SortCompare(CellAt(*key_cols[k], a), CellAt(*key_cols[k], b));
          if (c != 0) return plan_.order[k].desc ? c > 0 : c < 0;
        }
        return false;
      });
    }
    if (plan_.limit && static_cast<int64_t>(order.size()) > *plan_.limit) order.resize(*plan_.limit);
    bool identity = true;
    for (size_t i = 0; i < order.size(); ++i) identity = identity && order[i] == i;
    if (identity && order.size() == groups.size()) return table;
    arrow::Int64Builder idx;
    for (size_t o : order) OG_RETURN_NOT_OK(idx.Append(static_cast<int64_t>(o)));
    OG_ARROW_ASSIGN_OR_RAISE(auto indices, idx.Finish());
    OG_ARROW_ASSIGN_OR_RAISE(arrow::Datum taken, arrow::compute::Take(table, indices));
    return taken.table();
  }

  graph::GraphStore& graph_;
  const graph::Snapshot& snap_;
  GraphDataCache& cache_;
  const Plan& plan_;
  std::vector<std::shared_ptr<const NodeData>> nodes_;
  std::vector<std::shared_ptr<const EdgeData>> edges_;
  std::vector<bool> walked_;                // per variable: an endpoint of some expand
  std::vector<const ScanStep*> scans_;      // per variable: its scan, if any
};

}  // namespace

Result<std::shared_ptr<arrow::Table>> ExecuteRead(graph::GraphStore& graph,
                                                  const graph::Snapshot& snap,
                                                  GraphDataCache& cache, const Plan& plan) {
  return Executor(graph, snap, cache, plan).Run();
}

}  // namespace og::exec
