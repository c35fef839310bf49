#include "exec/scan_operator.h"

#include <numeric>
#include <optional>
#include <string_view>

namespace og::exec {

// A scan filter `key = "value"` (or `id = "value"`) on a single-String-key type: the value to
// look up in the id index.
std::optional<std::string_view> KeyLookup(const lang::Catalog& catalog, const Plan& plan, const ScanStep& scan) {
  const lang::NodeType* node = catalog.FindNode(plan.vars[scan.var].type_name);
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

Status ScanOperator::ComputeMatches() {
  computed_ = true;
  const NodeData& data = ctx_.nodes(scan_.var);
  OG_ASSIGN_OR_RAISE(BoundFilters filters, ctx_.BindFilters(scan_.filters));
  auto passes = [&](int64_t row) { return filters.Passes(row); };
  if (auto key = KeyLookup(*ctx_.snapshot().catalog, ctx_.plan(), scan_)) {
    int64_t row = data.Find(*key);
    if (row >= 0 && passes(row)) matches_.push_back(row);
    return Status::OK();
  }
  int64_t n = data.num_rows();
  for (int64_t row = 0; row < n; ++row) {
    if (!passes(row)) continue;
    if (matches_.size() == matches_.capacity()) {
      OG_RETURN_NOT_OK(lease_.GrowTo(static_cast<int64_t>(std::max<size_t>(64, 2 * matches_.size()) *
                                                          sizeof(int64_t)),
                                     "scan candidates"));
      matches_.reserve(std::max<size_t>(64, 2 * matches_.size()));
    }
    matches_.push_back(row);
  }
  return Status::OK();
}

Status ScanOperator::Push(const BindingChunk& in) {
  OG_RETURN_NOT_OK(ctx_.CheckDeadline());
  if (!computed_) OG_RETURN_NOT_OK(ComputeMatches());
  emitter_.Start(in, scan_.var);
  for (int64_t r = 0; r < in.rows; ++r) {
    if (r % 64 == 63) OG_RETURN_NOT_OK(ctx_.CheckDeadline());
    for (int64_t m : matches_) {
      OG_RETURN_NOT_OK(emitter_.Emit(in, r, scan_.var, m));
      if (ctx_.done()) return Status::OK();
    }
  }
  return emitter_.Flush();
}

}  // namespace og::exec
