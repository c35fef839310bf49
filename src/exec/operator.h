// Read operators form a push pipeline: the executor pushes a unit chunk into the first operator;
// each operator turns the chunks it receives into chunks for the next one, and the last operator
// is a sink (result_sink.h, aggregate_sink.h) that keeps what the answer needs. Because a chunk is
// handed downstream as soon as it is full, the rows in flight are bounded by the pipeline's depth,
// and a sink that has enough rows raises ExecContext::done() to stop every operator early.
//
// Row order is preserved: an operator processes its input rows in order and emits the rows each
// one produces in order, so without `order` the answer comes in scan-then-expansion order, and a
// ranked scan's order survives the traversals after it.
#pragma once

#include <algorithm>
#include <memory>

#include "common/status.h"
#include "exec/binding_chunk.h"
#include "exec/exec_context.h"

namespace og::exec {

class Operator {
 public:
  explicit Operator(ExecContext& ctx) : ctx_(ctx) {}
  virtual ~Operator() = default;
  Operator(const Operator&) = delete;
  Operator& operator=(const Operator&) = delete;

  /// Process one chunk of binding rows (never empty). Returns OK early once ctx.done().
  virtual Status Push(const BindingChunk& in) = 0;
  /// No more input will come: sinks finalise; other operators forward.
  virtual Status Finish() = 0;

 protected:
  ExecContext& ctx_;
};

/// The output buffer of a streaming operator: rows derived from input rows, handed to `next` in
/// chunks of at most kChunkRows rows and about kChunkCells row slots.
class ChunkEmitter {
 public:
  explicit ChunkEmitter(Operator* next) : next_(next) {}

  /// Begin the output for input `in`: the output binds what `in` binds plus `var_a`/`var_b`
  /// (when >= 0).
  void Start(const BindingChunk& in, int var_a = -1, int var_b = -1) {
    out_.slots.resize(in.slots.size());
    out_.bound = in.bound;
    if (var_a >= 0) out_.bound[var_a] = true;
    if (var_b >= 0) out_.bound[var_b] = true;
    out_.Clear();
    int64_t bound = 0;
    for (bool b : out_.bound) bound += b;
    capacity_ = std::clamp<int64_t>(kChunkCells / std::max<int64_t>(bound, 1), kMinChunkRows, kChunkRows);
  }

  /// Append row `r` of `in`, with `var_a`/`var_b` (if >= 0) set to the given table rows. Hands a
  /// full chunk downstream.
  Status Emit(const BindingChunk& in, int64_t r, int var_a = -1, int64_t row_a = 0,
              int var_b = -1, int64_t row_b = 0) {
    for (size_t v = 0; v < out_.slots.size(); ++v) {
      if (!out_.bound[v]) continue;
      int iv = static_cast<int>(v);
      out_.slots[v].push_back(iv == var_a ? row_a : iv == var_b ? row_b : in.slots[v][r]);
    }
    out_.origin.push_back(in.origin[r]);
    if (++out_.rows >= capacity_) return Flush();
    return Status::OK();
  }

  /// Hand the buffered rows (if any) downstream.
  Status Flush() {
    if (out_.rows == 0) return Status::OK();
    Status st = next_->Push(out_);
    out_.Clear();
    return st;
  }

 private:
  Operator* next_;
  BindingChunk out_;
  int64_t capacity_ = kChunkRows;  // rows per output chunk (binding_chunk.h)
};

}  // namespace og::exec
