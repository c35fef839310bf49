// Sorted string table: an immutable map from byte-string keys to byte-string values, laid out for
// ranged reads. Used for the full-text term dictionary and meant for any key → value index (a
// key → row index, ...).
//
// Layout (all integers little-endian; varint = LEB128; offsets relative to the table's first byte):
//
//   data block 0 .. data block B-1     each ~block_size bytes, contiguous from offset 0
//   index                              one entry per block
//   metadata                           opaque bytes given to Finish (the owner's header)
//   footer                             56 bytes
//
//   data block   = entry* , fixed32 crc32c(entries)
//   entry        = varint shared, varint unshared, varint value_size, key[shared:] (unshared bytes),
//                  value (value_size bytes)       -- shared: bytes in common with the previous key of
//                                                     the block; 0 for a block's first entry
//   index        = varint B, B × (varint shared, varint unshared, first-key suffix, varint block_size)
//                  -- first keys prefix-compressed against the previous block's first key; block i
//                     starts where block i-1 ends
//   footer       = fixed64 table_size   (all bytes from the first block through the footer)
//                  fixed64 index_offset
//                  fixed64 num_entries
//                  fixed64 index_size
//                  fixed64 metadata_size
//                  fixed32 crc32c(index ‖ metadata)
//                  fixed32 format version (1)
//                  fixed32 crc32c(the 48 bytes above)
//                  fixed32 magic 0x5353474F ("OGSS")
//
// Keys are unique and strictly increasing (bytewise). The table is self-locating: it may be the
// tail of a larger object (a section written after other data), since the footer records its size.
//
// Reading: Open reads the object's tail once (footer, index and metadata, when they fit in the tail
// guess) or twice; Find reads exactly one block; scans read consecutive blocks in growing ranges.
// Everything read is checked (checksums, lengths, offsets, key order): bad bytes give Corruption,
// never a crash, and no allocation exceeds the object's size.
//
// Thread-safety: the builder is single-threaded; a reader is immutable after Open and safe for
// concurrent use.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "index/range_reader.h"

namespace og::index {

struct SortedStringsOptions {
  /// A data block is closed once it holds at least this many bytes.
  size_t block_size = 4096;
};

class SortedStringsBuilder {
 public:
  explicit SortedStringsBuilder(SortedStringsOptions options = {});

  /// Append an entry. BadRequest unless `key` is greater than the previous key. Amortised O(size).
  Status Add(std::string_view key, std::string_view value);

  /// Finish the table and return its bytes. `metadata` is stored beside the index and handed back
  /// by the reader's metadata() without extra reads. The builder is empty afterwards.
  std::string Finish(std::string_view metadata = {});

  uint64_t num_entries() const { return num_entries_; }

 private:
  void FlushBlock();

  SortedStringsOptions options_;
  std::string out_;
  std::string block_;
  std::string last_key_;
  std::string block_first_key_;
  std::vector<std::string> first_keys_;
  std::vector<uint64_t> block_sizes_;
  uint64_t num_entries_ = 0;
};

struct SortedStringsReadOptions {
  /// Open reads this many bytes from the end of the object first; when the index and metadata fit,
  /// that is the only read.
  uint64_t tail_read_bytes = 32 * 1024;
  /// Scans read runs of consecutive blocks, doubling from one block up to this many bytes per read.
  uint64_t max_scan_read_bytes = 1 << 20;
};

class SortedStringsReader {
 public:
  /// Called for each entry of a scan, in key order; return false to stop.
  using Visitor = std::function<bool(std::string_view key, std::string_view value)>;

  /// Open the table ending at the end of `file`. Corruption if the tail is not a valid table.
  /// Cost: 1 ranged read, or 2 when the index and metadata exceed options.tail_read_bytes.
  static Result<std::shared_ptr<const SortedStringsReader>> Open(std::shared_ptr<RangeReader> file,
                                                                 SortedStringsReadOptions options = {});

  /// The value of `key`, or nullopt. Corruption on bad bytes. Cost: 0 reads when the key sorts
  /// before every key, else exactly 1 ranged read (one block).
  Result<std::optional<std::string>> Find(std::string_view key) const;

  /// Visit entries with key >= `start` in order until `visit` returns false or the table ends.
  /// Cost: reads from the block that may hold `start` on, one block at first, then doubling.
  Status Scan(std::string_view start, const Visitor& visit) const;
  /// Visit the entries whose key starts with `prefix`.
  Status ScanPrefix(std::string_view prefix, const Visitor& visit) const;
  /// Visit every entry.
  Status ForEach(const Visitor& visit) const { return Scan({}, visit); }

  /// The metadata given to SortedStringsBuilder::Finish.
  const std::string& metadata() const { return metadata_; }
  uint64_t num_entries() const { return num_entries_; }
  size_t num_blocks() const { return block_offsets_.empty() ? 0 : block_offsets_.size() - 1; }
  /// Where the table starts in the object, and its size.
  uint64_t table_offset() const { return base_; }
  uint64_t table_size() const { return table_size_; }

 private:
  SortedStringsReader() = default;

  std::string_view first_key(size_t block) const;
  /// Index of the last block whose first key is <= key, or -1 when key sorts before all of them.
  int64_t BlockFor(std::string_view key) const;
  /// Read blocks [first, last) with one ranged read; returns their bytes.
  Result<std::string> ReadBlocks(size_t first, size_t last) const;
  /// Check a block's checksum; returns its entries (without the trailer). REQUIRES: size >= 4.
  static Result<std::string_view> VerifyBlock(std::string_view bytes);
  /// Verify block `block` (its bytes in `bytes`) and call visit for its keys >= start. Returns
  /// false when visit asked to stop.
  Result<bool> VisitBlock(size_t block, std::string_view bytes, std::string_view start,
                          const Visitor& visit) const;

  std::shared_ptr<RangeReader> file_;
  SortedStringsReadOptions options_;
  uint64_t base_ = 0;
  uint64_t table_size_ = 0;
  uint64_t num_entries_ = 0;
  std::string metadata_;
  std::string first_keys_;                // concatenated first keys of the blocks
  std::vector<uint64_t> first_key_ends_;  // end of block i's first key in first_keys_
  std::vector<uint64_t> block_offsets_;   // B + 1 offsets relative to base_
};

}  // namespace og::index
