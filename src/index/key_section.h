// Key section: every row of a segment by id — id → (fragment, row) — as a sorted string table
// (sorted_strings.h). A point lookup by id or @key on a table nobody has read yet opens the
// section's small tail once, reads the one block that can hold the id, and then only the row
// group of the row it names, instead of scanning every fragment whose id range might hold it.
//
// Thread-safety: a reader is immutable; Find is safe from many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "index/range_reader.h"
#include "index/sorted_strings.h"

namespace og::index {

struct KeyLocation {
  uint32_t fragment = 0;
  uint32_t row = 0;
  bool operator==(const KeyLocation&) const = default;
};

class KeySectionBuilder {
 public:
  void Add(std::string_view id, uint32_t fragment, uint32_t row);
  /// The section bytes. BadRequest when an id was added twice (a table version holds each id
  /// once). Cost: O(n log n).
  Result<std::string> Finish();

 private:
  std::vector<std::pair<std::string, KeyLocation>> entries_;
};

class KeySectionReader {
 public:
  /// Cost: one ranged read of the table's tail (index and footer), 4 KiB for ordinary sections.
  static Result<std::shared_ptr<const KeySectionReader>> Open(std::shared_ptr<RangeReader> file);
  /// Where `id` is, or nullopt. Corruption on bad bytes. Cost: one ranged read of one block.
  Result<std::optional<KeyLocation>> Find(std::string_view id) const;

 private:
  std::shared_ptr<const SortedStringsReader> table_;
};

}  // namespace og::index
