#include "exec/projection.h"

#include <arrow/api.h>
#include <arrow/compute/api_vector.h>

#include "common/arrow_util.h"

namespace og::exec {
namespace {

int64_t ArrayBytes(const arrow::ArrayData& data) {
  int64_t bytes = 0;
  for (const auto& buf : data.buffers) {
    if (buf) bytes += buf->size();
  }
  for (const auto& child : data.child_data) bytes += ArrayBytes(*child);
  return bytes;
}

}  // namespace

Result<std::shared_ptr<arrow::Array>> GatherColumn(ExecContext& ctx, const Operand& op,
                                                   const std::vector<int64_t>& table_rows) {
  std::shared_ptr<arrow::Array> out;
  if (op.kind == Operand::Kind::kConst) {
    OG_ASSIGN_OR_RAISE(auto scalar, ConstantScalar(op.constant));
    OG_ARROW_ASSIGN_OR_RAISE(out, arrow::MakeArrayFromScalar(*scalar, table_rows.size()));
  } else {
    OG_ASSIGN_OR_RAISE(BoundOperand b, ctx.Bind(op));
    arrow::Int64Builder idx;
    OG_RETURN_NOT_OK(idx.Reserve(table_rows.size()));
    for (int64_t r : table_rows) {
      if (r < 0) idx.UnsafeAppendNull();
      else idx.UnsafeAppend(r);
    }
    OG_ARROW_ASSIGN_OR_RAISE(auto indices, idx.Finish());
    OG_ARROW_ASSIGN_OR_RAISE(out, arrow::compute::Take(*b.array, *indices));
  }
  // Held until the result is returned: the result itself counts against the working memory.
  OG_RETURN_NOT_OK(ctx.budget().Reserve(ArrayBytes(*out->data()), "result columns"));
  return out;
}

Result<std::shared_ptr<arrow::Table>> MakeResultTable(const Plan& plan, const arrow::ArrayVector& columns) {
  arrow::FieldVector fields;
  for (size_t i = 0; i < columns.size(); ++i) {
    fields.push_back(arrow::field(plan.projections[i].name, columns[i]->type()));
  }
  return arrow::Table::Make(arrow::schema(fields), columns);
}

}  // namespace og::exec
