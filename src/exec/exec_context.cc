#include "exec/exec_context.h"

#include <algorithm>
#include <map>

#include <arrow/api.h>

#include "common/arrow_util.h"
#include "exec/index_coverage.h"
#include "exec/scan_operator.h"
#include "exec/table_access.h"
#include "index/key_section.h"
#include "index/segment_file.h"
#include "index/segment_meta.h"
#include "graph/table_schema.h"

namespace og::exec {
namespace {

// Variables that a walk starts from or reaches, or that a search ranks or filters, need the whole
// table (topology and index segments address rows of the full table); remember each variable's
// scan.
void CollectWalked(const std::vector<Step>& steps, std::vector<bool>* walked,
                   std::vector<const ScanStep*>* scans) {
  for (const Step& step : steps) {
    if (auto* ex = std::get_if<ExpandStep>(&step.op)) {
      (*walked)[ex->src] = (*walked)[ex->dst] = true;
    } else if (auto* anti = std::get_if<AntiJoinStep>(&step.op)) {
      CollectWalked(anti->inner, walked, scans);
    } else if (auto* scan = std::get_if<ScanStep>(&step.op)) {
      (*scans)[scan->var] = scan;
    } else if (auto* text = std::get_if<TextFilterStep>(&step.op)) {
      (*walked)[text->match.var] = true;  // search maps index rows to rows of the full table
    } else if (auto* ranked = std::get_if<RankedScanStep>(&step.op)) {
      (*walked)[ranked->var] = true;
    }
  }
}

// A scan filter the table layer can apply while reading: property <op> constant with the
// constant's type matching the column exactly, so table-level and executor semantics agree.
std::optional<table::Predicate> Pushable(const Predicate& p, const arrow::Schema& schema) {
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

}  // namespace

ExecContext::ExecContext(graph::GraphStore& graph, const graph::Snapshot& snap,
                         GraphDataCache& cache, const Plan& plan, const ExecLimits& limits,
                         const ExecServices& services)
    : graph_(graph), snap_(snap), cache_(cache), plan_(plan), limits_(limits), services_(services),
      start_(std::chrono::steady_clock::now()), budget_(limits.memory_bytes) {}

Status ExecContext::LoadVariables() {
  size_t n = plan_.vars.size();
  nodes_.assign(n, nullptr);
  edges_.assign(n, nullptr);
  walked_.assign(n, false);
  scans_.assign(n, nullptr);
  CollectWalked(plan_.steps, &walked_, &scans_);
  for (size_t v = 0; v < n; ++v) {
    const VarInfo& info = plan_.vars[v];
    if (info.is_edge) {
      OG_ASSIGN_OR_RAISE(edges_[v], cache_.Edge(graph_, snap_, info.type_name));
    } else {
      OG_ASSIGN_OR_RAISE(nodes_[v], LoadNodes(static_cast<int>(v)));
    }
  }
  return Status::OK();
}

// The rows a node variable ranges over: the cached full table when the variable is walked, the
// table is already cached, or this process has read it filtered before (repeated reads: cache
// it); else only the rows its scan keeps, read with the scan's filters pushed into the table
// scan (fragments and row groups pruned by statistics) — the right call for a one-shot process.
Result<std::shared_ptr<const NodeData>> ExecContext::LoadNodes(int var) {
  const std::string& type = plan_.vars[var].type_name;
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
  if (auto id = KeyLookup(*snap_.catalog, plan_, *scans_[var])) {
    OG_ASSIGN_OR_RAISE(auto found, LookupByKey(type, *id, pushed));
    if (found) return found;
  }
  OG_ASSIGN_OR_RAISE(auto table, ReadTable(graph_, snap_, graph::NodeTableKey(type), {}, false, pushed));
  OG_ARROW_ASSIGN_OR_RAISE(auto batch, table->CombineChunksToBatch());
  return MakeNodeData(type, std::move(batch));
}

// A point lookup through the key sections of the table's index segments: one block of a sorted
// id table per segment, then only the row group of the row found; fragments no key section covers
// are scanned as usual. nullptr when no segment has a key section (the caller scans).
Result<std::shared_ptr<const NodeData>> ExecContext::LookupByKey(const std::string& type, std::string_view id,
                                                                 const std::vector<table::Predicate>& pushed) {
  std::string key = graph::NodeTableKey(type);
  OG_ASSIGN_OR_RAISE(auto manifest, graph_.ReadTable(snap_, key));
  if (!manifest) return std::shared_ptr<const NodeData>();
  OG_ASSIGN_OR_RAISE(SectionCoverage coverage,
                     CoverageOf(*manifest, index::SectionName(index::SectionKind::kKey, "id")));
  if (coverage.segments.empty()) return std::shared_ptr<const NodeData>();
  // A fragment whose id statistics exclude the id cannot hold it: its segment is not opened.
  auto may_hold = [&](uint32_t fragment_id) {
    const table::FragmentMeta* f = manifest->FindFragment(fragment_id);
    if (!f) return false;
    auto stats = f->stats.find("id");
    if (stats == f->stats.end() || !stats->second.min || !stats->second.max) return true;
    auto min = static_cast<const arrow::StringScalar&>(*stats->second.min).view();
    auto max = static_cast<const arrow::StringScalar&>(*stats->second.max).view();
    return min <= id && id <= max;
  };
  std::map<uint32_t, Roaring> rows;
  for (const SegmentSource& source : coverage.segments) {
    if (std::none_of(source.fragments.begin(), source.fragments.end(), may_hold)) continue;
    auto file = index::StoreRangeReader(graph_.store(), source.location.key, source.location.bytes);
    OG_ASSIGN_OR_RAISE(auto segment, index::SegmentReader::Open(file));
    const index::SectionInfo* info = segment->Find(index::SectionKind::kKey, "id");
    if (!info) return Status::Corruption("index segment '", source.location.key, "' has no key section");
    OG_ASSIGN_OR_RAISE(auto keys, index::KeySectionReader::Open(segment->SectionBytes(*info)));
    OG_ASSIGN_OR_RAISE(auto found, keys->Find(id));
    if (!found) continue;
    std::optional<uint32_t> fragment = source.location.TableFragment(found->fragment);
    if (fragment && std::binary_search(source.fragments.begin(), source.fragments.end(), *fragment)) {
      rows[*fragment].add(found->row);
    }
  }
  std::vector<std::shared_ptr<arrow::Table>> parts;
  table::ScanOptions options;
  options.predicates = pushed;
  if (!rows.empty()) {
    options.rows = &rows;
    OG_ASSIGN_OR_RAISE(auto hit, table::ScanTable(graph_.store(), *manifest, options));
    parts.push_back(std::move(hit));
  }
  if (!coverage.unindexed.empty()) {
    options.rows = nullptr;
    options.fragment_ids = coverage.unindexed;
    OG_ASSIGN_OR_RAISE(auto rest, table::ScanTable(graph_.store(), *manifest, options));
    parts.push_back(std::move(rest));
  }
  std::shared_ptr<arrow::Table> table;
  if (parts.empty()) {
    OG_ASSIGN_OR_RAISE(table, ReadTable(graph_, snap_, key, {}, false, pushed));  // schema of an empty answer
    OG_ARROW_ASSIGN_OR_RAISE(table, table->Slice(0, 0)->CombineChunks());
  } else {
    OG_ARROW_ASSIGN_OR_RAISE(table, arrow::ConcatenateTables(parts));
  }
  OG_ARROW_ASSIGN_OR_RAISE(auto batch, table->CombineChunksToBatch());
  return MakeNodeData(type, std::move(batch));
}

const arrow::RecordBatch& ExecContext::BatchOf(int var) const {
  return plan_.vars[var].is_edge ? *edges_[var]->batch : *nodes_[var]->batch;
}

Result<BoundOperand> ExecContext::Bind(const Operand& op) const {
  BoundOperand b;
  b.op = &op;
  if (op.kind == Operand::Kind::kConst) return b;
  const std::string column = op.kind == Operand::Kind::kId ? std::string("id") : op.property;
  auto arr = BatchOf(op.var).GetColumnByName(column);
  if (!arr) return Status::Internal("column '", column, "' missing from ", plan_.vars[op.var].type_name);
  b.array = arr.get();
  return b;
}

Result<BoundFilters> ExecContext::BindFilters(const std::vector<Predicate>& filters) const {
  BoundFilters out;
  for (const Predicate& p : filters) {
    OG_ASSIGN_OR_RAISE(auto l, Bind(p.left));
    OG_ASSIGN_OR_RAISE(auto r, Bind(p.right));
    out.ops.push_back(p.op);
    out.lefts.push_back(l);
    out.rights.push_back(r);
  }
  return out;
}

Status ExecContext::CheckDeadline() const {
  if (limits_.timeout_ms <= 0) return Status::OK();
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - start_).count();
  if (elapsed > limits_.timeout_ms) {
    return Status::ResourceExhausted("the query ran past its time limit of ", limits_.timeout_ms,
                                     " ms (OMNIGRAPH_QUERY_TIMEOUT_MS, --query-timeout-ms)")
        .WithDetail(std::make_shared<ResourceLimitDetail>("query_time_ms", limits_.timeout_ms, elapsed));
  }
  return Status::OK();
}

}  // namespace og::exec
