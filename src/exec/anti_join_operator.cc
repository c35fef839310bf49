#include "exec/anti_join_operator.h"

#include <numeric>

namespace og::exec {

Status AntiJoinOperator::Init(const AntiJoinStep& anti) {
  OG_ASSIGN_OR_RAISE(inner_, BuildPipeline(ctx_, anti.inner, &marks_));
  return Status::OK();
}

Status AntiJoinOperator::Push(const BindingChunk& in) {
  OG_RETURN_NOT_OK(ctx_.CheckDeadline());
  probe_ = in;
  std::iota(probe_.origin.begin(), probe_.origin.end(), 0);
  marks_.Reset(in.rows);
  OG_RETURN_NOT_OK(inner_.entry->Push(probe_));
  emitter_.Start(in);
  for (int64_t r = 0; r < in.rows; ++r) {
    if (marks_.matched[r]) continue;
    OG_RETURN_NOT_OK(emitter_.Emit(in, r));
    if (ctx_.done()) return Status::OK();
  }
  return emitter_.Flush();
}

}  // namespace og::exec
