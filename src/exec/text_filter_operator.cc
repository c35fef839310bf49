#include "exec/text_filter_operator.h"

#include "exec/text_search.h"

namespace og::exec {

Status TextFilterOperator::Push(const BindingChunk& in) {
  OG_RETURN_NOT_OK(ctx_.CheckDeadline());
  if (!computed_) {
    OG_ASSIGN_OR_RAISE(auto searcher, TextSearcher::Make(ctx_, step_.match.var, step_.match.property));
    OG_ASSIGN_OR_RAISE(matched_, searcher->Match(step_.match));
    computed_ = true;
  }
  const std::vector<int64_t>& slot = in.slots[step_.match.var];
  emitter_.Start(in);
  for (int64_t r = 0; r < in.rows; ++r) {
    if (!matched_[slot[r]]) continue;
    OG_RETURN_NOT_OK(emitter_.Emit(in, r));
    if (ctx_.done()) return Status::OK();
  }
  return emitter_.Flush();
}

}  // namespace og::exec
