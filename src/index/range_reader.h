// RangeReader: random access to the bytes of one immutable object (or a section of one), the only
// way index readers touch storage. Readers fetch a small header once, then only the byte ranges a
// query needs, so an index works on object storage with ranged GETs, not only on a local disk.
//
// Thread-safety: implementations are safe for concurrent Read calls.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/result.h"
#include "store/object_store.h"

namespace og::index {

class RangeReader {
 public:
  virtual ~RangeReader() = default;
  /// Total bytes.
  virtual uint64_t size() const = 0;
  /// Bytes [offset, offset + length). Corruption when the range is past the end.
  virtual Result<std::string> Read(uint64_t offset, uint64_t length) const = 0;
};

/// The bytes of `key` in `store` (of known `size`; no HEAD is made). Each Read is one ranged GET.
std::shared_ptr<RangeReader> StoreRangeReader(store::ObjectStore& store, std::string key, uint64_t size);

/// Bytes held in memory (tests, freshly built segments).
std::shared_ptr<RangeReader> MemoryRangeReader(std::string bytes);

/// The window [offset, offset + length) of `base` as a reader of its own (a section of a segment).
/// Corruption on Read past the window.
std::shared_ptr<RangeReader> SubRangeReader(std::shared_ptr<RangeReader> base, uint64_t offset, uint64_t length);

}  // namespace og::index
