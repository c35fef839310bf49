// Test-only helpers shared by the index layer's tests (not part of og_index).
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "index/range_reader.h"

namespace og::index::testing {

/// Counts the Read calls (and bytes) made through it on the way to another reader: how the tests
/// pin the ranged-read cost of every reader.
class CountingReader : public RangeReader {
 public:
  explicit CountingReader(std::shared_ptr<RangeReader> base) : base_(std::move(base)) {}
  explicit CountingReader(std::string bytes) : base_(MemoryRangeReader(std::move(bytes))) {}
  uint64_t size() const override { return base_->size(); }
  Result<std::string> Read(uint64_t offset, uint64_t length) const override {
    ++reads;
    bytes += length;
    return base_->Read(offset, length);
  }
  mutable std::atomic<int> reads{0};
  mutable std::atomic<uint64_t> bytes{0};

 private:
  std::shared_ptr<RangeReader> base_;
};

}  // namespace og::index::testing
