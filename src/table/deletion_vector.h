// DeletionVector: the set of deleted row offsets of one fragment, as a Roaring bitmap.
//
// A fragment's rows are numbered 0..physical_rows-1 in file order; a row whose offset is in the
// fragment's deletion vector is not part of the table. Deletion vectors are immutable objects like
// fragments: deleting more rows writes a NEW deletion file (the union) and a new manifest names it.
//
// File format (store::DeletionKey, ".roar"): exactly the Roaring "portable" serialization
// (https://github.com/RoaringBitmap/RoaringFormatSpec), readable by every Roaring implementation
// (CRoaring, Java, Go, pyroaring). No header; the manifest records the cardinality.
//
// Thread-safety: const methods are safe concurrently; mutation needs external synchronization.
#pragma once

#include <cstdint>
#include <roaring/roaring.hh>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "store/object_store.h"

namespace og::table {

class DeletionVector {
 public:
  DeletionVector() = default;
  explicit DeletionVector(Roaring bitmap) : bitmap_(std::move(bitmap)) {}

  /// Mark row `offset` deleted.
  void Add(uint32_t offset) { bitmap_.add(offset); }
  /// Mark every row in [begin, end) deleted.
  void AddRange(uint64_t begin, uint64_t end);
  /// Mark every row of `offsets` deleted.
  void Union(const Roaring& offsets) { bitmap_ |= offsets; }
  void Union(const DeletionVector& other) { bitmap_ |= other.bitmap_; }

  bool Contains(uint32_t offset) const { return bitmap_.contains(offset); }
  uint64_t cardinality() const { return bitmap_.cardinality(); }
  bool empty() const { return bitmap_.isEmpty(); }
  /// Largest deleted offset. REQUIRES: !empty().
  uint32_t maximum() const { return bitmap_.maximum(); }
  const Roaring& bitmap() const { return bitmap_; }
  /// The deleted offsets, ascending. O(cardinality).
  std::vector<uint32_t> ToVector() const;

  bool operator==(const DeletionVector& other) const { return bitmap_ == other.bitmap_; }

  /// Encode in the portable Roaring format (after run-length optimisation). O(size).
  std::string Serialize() const;
  /// Decode portable Roaring bytes. Corruption if they are not a valid bitmap.
  static Result<DeletionVector> Deserialize(std::string_view bytes);

  /// Read the deletion vector stored under `key`. NotFound if absent, Corruption if malformed.
  /// Cost: 1 read.
  static Result<DeletionVector> Read(store::ObjectStore& store, const std::string& key);
  /// Store this deletion vector under `key` (a fresh name). Cost: 1 write.
  Status Write(store::ObjectStore& store, const std::string& key) const;

 private:
  Roaring bitmap_;
};

}  // namespace og::table
