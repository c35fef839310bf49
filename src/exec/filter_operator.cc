#include "exec/filter_operator.h"

namespace og::exec {

Status FilterOperator::Push(const BindingChunk& in) {
  OG_RETURN_NOT_OK(ctx_.CheckDeadline());
  OG_ASSIGN_OR_RAISE(auto left, ctx_.Bind(filter_.pred.left));
  OG_ASSIGN_OR_RAISE(auto right, ctx_.Bind(filter_.pred.right));
  emitter_.Start(in);
  for (int64_t r = 0; r < in.rows; ++r) {
    if (!TestComparison(filter_.pred.op, left.At(in, r), right.At(in, r))) continue;
    OG_RETURN_NOT_OK(emitter_.Emit(in, r));
    if (ctx_.done()) return Status::OK();
  }
  return emitter_.Flush();
}

}  // namespace og::exec
