#include "index/sorted_strings.h"

#include <algorithm>

#include "index/codec.h"

namespace og::index {
namespace {

constexpr uint32_t kMagic = 0x5353474Fu;  // "OGSS" little-endian
constexpr uint32_t kFormatVersion = 1;
constexpr uint64_t kFooterSize = 56;
constexpr uint64_t kBlockTrailerSize = 4;  // crc32c
constexpr uint64_t kMinEntrySize = 3;       // three one-byte varints

size_t SharedPrefix(std::string_view a, std::string_view b) {
  size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

Status Corrupt(const std::string& what) { return Status::Corruption("sorted string table: ", what); }

// Walks the entries of one checksum-verified block, checking their structure and order.
class BlockEntries {
 public:
  explicit BlockEntries(std::string_view entries) : cursor_(entries) {}

  /// Advance to the next entry; false at the end or on an error (see status()).
  bool Next() {
    if (!status_.ok() || cursor_.empty()) return false;
    uint64_t shared = cursor_.Varint64();
    uint64_t unshared = cursor_.Varint64();
    uint64_t value_size = cursor_.Varint64();
    std::string_view suffix = cursor_.Bytes(unshared);
    value_ = cursor_.Bytes(value_size);
    if (!cursor_.ok()) return Fail("entry overruns its block");
    if (first_ ? shared != 0 : shared > key_.size()) return Fail("bad key prefix length");
    if (!first_) {
      // The keys agree on `shared` bytes, so the new key is greater iff its suffix is greater than
      // the rest of the previous key.
      std::string_view rest = std::string_view(key_).substr(shared);
      bool greater = !suffix.empty() && !rest.empty() && suffix[0] != rest[0]
                         ? static_cast<uint8_t>(suffix[0]) > static_cast<uint8_t>(rest[0])
                         : suffix > rest;
      if (!greater) return Fail("keys out of order in a block");
    }
    key_.resize(shared);
    key_.append(suffix);
    first_ = false;
    return true;
  }

  std::string_view key() const { return key_; }
  std::string_view value() const { return value_; }
  const Status& status() const { return status_; }

 private:
  bool Fail(const char* what) {
    status_ = Corrupt(what);
    return false;
  }

  codec::ByteCursor cursor_;
  std::string key_;
  std::string_view value_;
  bool first_ = true;
  Status status_;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Builder

SortedStringsBuilder::SortedStringsBuilder(SortedStringsOptions options) : options_(options) {
  if (options_.block_size == 0) options_.block_size = 1;
}

Status SortedStringsBuilder::Add(std::string_view key, std::string_view value) {
  if (num_entries_ > 0 && key <= std::string_view(last_key_)) {
    return Status::BadRequest("sorted string table keys must be strictly increasing");
  }
  size_t shared = 0;
  if (block_.empty()) {
    block_first_key_.assign(key);
  } else {
    shared = SharedPrefix(last_key_, key);
  }
  codec::PutVarint64(&block_, shared);
  codec::PutVarint64(&block_, key.size() - shared);
  codec::PutVarint64(&block_, value.size());
  block_.append(key.substr(shared));
  block_.append(value);
  last_key_.assign(key);
  ++num_entries_;
  if (block_.size() >= options_.block_size) FlushBlock();
  return Status::OK();
}

void SortedStringsBuilder::FlushBlock() {
  if (block_.empty()) return;
  codec::PutFixed32(&block_, codec::Crc32c(block_));
  out_.append(block_);
  block_sizes_.push_back(block_.size());
  first_keys_.push_back(std::move(block_first_key_));
  block_first_key_.clear();
  block_.clear();
}

std::string SortedStringsBuilder::Finish(std::string_view metadata) {
  FlushBlock();
  const uint64_t index_offset = out_.size();
  std::string tail;
  codec::PutVarint64(&tail, first_keys_.size());
  std::string_view prev;
  for (size_t i = 0; i < first_keys_.size(); ++i) {
    size_t shared = SharedPrefix(prev, first_keys_[i]);
    codec::PutVarint64(&tail, shared);
    codec::PutVarint64(&tail, first_keys_[i].size() - shared);
    tail.append(first_keys_[i], shared);
    codec::PutVarint64(&tail, block_sizes_[i]);
    prev = first_keys_[i];
  }
  const uint64_t index_size = tail.size();
  tail.append(metadata);
  const uint32_t tail_crc = codec::Crc32c(tail);
  out_.append(tail);

  std::string footer;
  codec::PutFixed64(&footer, out_.size() + kFooterSize);
  codec::PutFixed64(&footer, index_offset);
  codec::PutFixed64(&footer, num_entries_);
  codec::PutFixed64(&footer, index_size);
  codec::PutFixed64(&footer, metadata.size());
  codec::PutFixed32(&footer, tail_crc);
  codec::PutFixed32(&footer, kFormatVersion);
  codec::PutFixed32(&footer, codec::Crc32c(footer));
  codec::PutFixed32(&footer, kMagic);
  out_.append(footer);

  std::string result = std::move(out_);
  *this = SortedStringsBuilder(options_);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Reader

Result<std::shared_ptr<const SortedStringsReader>> SortedStringsReader::Open(
    std::shared_ptr<RangeReader> file, SortedStringsReadOptions options) {
  const uint64_t file_size = file->size();
  if (file_size < kFooterSize) return Corrupt("object too small for a footer");
  const uint64_t guess = std::clamp<uint64_t>(options.tail_read_bytes, kFooterSize, file_size);
  OG_ASSIGN_OR_RAISE(std::string tail, file->Read(file_size - guess, guess));
  if (tail.size() != guess) return Corrupt("short read of the tail");

  std::string_view footer = std::string_view(tail).substr(tail.size() - kFooterSize);
  codec::ByteCursor f(footer);
  const uint64_t table_size = f.Fixed64();
  const uint64_t index_offset = f.Fixed64();
  const uint64_t num_entries = f.Fixed64();
  const uint64_t index_size = f.Fixed64();
  const uint64_t metadata_size = f.Fixed64();
  const uint32_t tail_crc = f.Fixed32();
  const uint32_t version = f.Fixed32();
  const uint32_t footer_crc = f.Fixed32();
  const uint32_t magic = f.Fixed32();
  if (magic != kMagic) return Corrupt("bad magic");
  if (footer_crc != codec::Crc32c(footer.substr(0, kFooterSize - 8))) return Corrupt("footer checksum mismatch");
  if (version != kFormatVersion) {
    return Status::Corruption("sorted string table: unsupported format version ", version);
  }
  if (table_size > file_size || table_size < kFooterSize) return Corrupt("bad table size");
  const uint64_t body = table_size - kFooterSize;
  if (index_size > body || metadata_size > body - index_size || index_offset != body - index_size - metadata_size) {
    return Corrupt("bad index bounds");
  }

  auto reader = std::shared_ptr<SortedStringsReader>(new SortedStringsReader());
  reader->file_ = std::move(file);
  reader->options_ = options;
  reader->base_ = file_size - table_size;
  reader->table_size_ = table_size;
  reader->num_entries_ = num_entries;

  // Index and metadata: from the tail when it holds them, else one more read.
  const uint64_t tail_bytes = index_size + metadata_size;
  std::string fetched;
  std::string_view index_and_meta;
  if (tail_bytes + kFooterSize <= tail.size()) {
    index_and_meta = std::string_view(tail).substr(tail.size() - kFooterSize - tail_bytes, tail_bytes);
  } else {
    OG_ASSIGN_OR_RAISE(fetched, reader->file_->Read(reader->base_ + index_offset, tail_bytes));
    if (fetched.size() != tail_bytes) return Corrupt("short read of the index");
    index_and_meta = fetched;
  }
  if (codec::Crc32c(index_and_meta) != tail_crc) return Corrupt("index checksum mismatch");
  reader->metadata_.assign(index_and_meta.substr(index_size));

  codec::ByteCursor ix(index_and_meta.substr(0, index_size));
  const uint64_t num_blocks = ix.Varint64();
  if (!ix.ok() || num_blocks > index_size / 3) return Corrupt("bad block count");
  if (num_blocks > num_entries) return Corrupt("more blocks than entries");
  reader->first_key_ends_.reserve(num_blocks);
  reader->block_offsets_.reserve(num_blocks + 1);
  reader->block_offsets_.push_back(0);
  std::string key;
  for (uint64_t i = 0; i < num_blocks; ++i) {
    const uint64_t shared = ix.Varint64();
    const uint64_t unshared = ix.Varint64();
    std::string_view suffix = ix.Bytes(unshared);
    const uint64_t block_size = ix.Varint64();
    if (!ix.ok()) return Corrupt("index entry overruns the index");
    if (shared > key.size() || (i == 0 && shared != 0)) return Corrupt("bad index key prefix length");
    if (i > 0 && suffix <= std::string_view(key).substr(shared)) return Corrupt("index keys out of order");
    key.resize(shared);
    key.append(suffix);
    const uint64_t start = reader->block_offsets_.back();
    if (block_size < kBlockTrailerSize + kMinEntrySize || block_size > index_offset - start) {
      return Corrupt("bad block size");
    }
    reader->first_keys_.append(key);
    reader->first_key_ends_.push_back(reader->first_keys_.size());
    reader->block_offsets_.push_back(start + block_size);
  }
  if (!ix.empty()) return Corrupt("trailing bytes after the index");
  if (reader->block_offsets_.back() != index_offset) return Corrupt("blocks do not end at the index");
  if (num_blocks == 0 && num_entries != 0) return Corrupt("entries without blocks");
  return std::shared_ptr<const SortedStringsReader>(std::move(reader));
}

std::string_view SortedStringsReader::first_key(size_t block) const {
  uint64_t begin = block == 0 ? 0 : first_key_ends_[block - 1];
  return std::string_view(first_keys_).substr(begin, first_key_ends_[block] - begin);
}

int64_t SortedStringsReader::BlockFor(std::string_view key) const {
  // Binary search for the first block whose first key is > key; the block before it may hold key.
  size_t lo = 0, hi = num_blocks();
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (first_key(mid) <= key) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return static_cast<int64_t>(lo) - 1;
}

Result<std::string> SortedStringsReader::ReadBlocks(size_t first, size_t last) const {
  const uint64_t begin = block_offsets_[first];
  const uint64_t length = block_offsets_[last] - begin;
  OG_ASSIGN_OR_RAISE(std::string bytes, file_->Read(base_ + begin, length));
  if (bytes.size() != length) return Corrupt("short read of a block");
  return bytes;
}

Result<std::string_view> SortedStringsReader::VerifyBlock(std::string_view bytes) {
  std::string_view entries = bytes.substr(0, bytes.size() - kBlockTrailerSize);
  if (codec::DecodeFixed32(bytes.data() + entries.size()) != codec::Crc32c(entries)) {
    return Corrupt("block checksum mismatch");
  }
  return entries;
}

Result<bool> SortedStringsReader::VisitBlock(size_t block, std::string_view bytes, std::string_view start,
                                             const Visitor& visit) const {
  OG_ASSIGN_OR_RAISE(std::string_view entries, VerifyBlock(bytes));
  const bool has_next = block + 1 < num_blocks();
  BlockEntries it(entries);
  bool first = true;
  bool go_on = true;
  std::string_view last_key;
  while (it.Next()) {
    if (first && it.key() != first_key(block)) return Corrupt("block does not start with its index key");
    first = false;
    if (go_on && it.key() >= start) go_on = visit(it.key(), it.value());
    last_key = it.key();
  }
  OG_RETURN_NOT_OK(it.status());
  if (first) return Corrupt("empty block");
  if (has_next && last_key >= first_key(block + 1)) return Corrupt("block overlaps the next one");
  return go_on;
}

Result<std::optional<std::string>> SortedStringsReader::Find(std::string_view key) const {
  int64_t block = BlockFor(key);
  if (block < 0) return std::optional<std::string>();
  OG_ASSIGN_OR_RAISE(std::string bytes, ReadBlocks(block, block + 1));
  OG_ASSIGN_OR_RAISE(std::string_view entries, VerifyBlock(bytes));
  // Walk the block up to the first key >= `key`, checking every entry passed on the way.
  BlockEntries it(entries);
  bool first = true;
  while (it.Next()) {
    if (first && it.key() != first_key(block)) return Corrupt("block does not start with its index key");
    first = false;
    if (it.key() >= key) {
      if (it.key() == key) return std::optional<std::string>(std::string(it.value()));
      return std::optional<std::string>();
    }
  }
  OG_RETURN_NOT_OK(it.status());
  if (first) return Corrupt("empty block");
  return std::optional<std::string>();
}

Status SortedStringsReader::Scan(std::string_view start, const Visitor& visit) const {
  const size_t n = num_blocks();
  size_t next = static_cast<size_t>(std::max<int64_t>(BlockFor(start), 0));
  size_t run = 1;
  while (next < n) {
    // A run of consecutive blocks: doubling, bounded by max_scan_read_bytes (at least one block).
    size_t last = next + 1;
    while (last < n && last - next < run &&
           block_offsets_[last + 1] - block_offsets_[next] <= options_.max_scan_read_bytes) {
      ++last;
    }
    OG_ASSIGN_OR_RAISE(std::string bytes, ReadBlocks(next, last));
    for (size_t b = next; b < last; ++b) {
      std::string_view block_bytes = std::string_view(bytes).substr(
          block_offsets_[b] - block_offsets_[next], block_offsets_[b + 1] - block_offsets_[b]);
      OG_ASSIGN_OR_RAISE(bool go_on, VisitBlock(b, block_bytes, start, visit));
      if (!go_on) return Status::OK();
    }
    next = last;
    run *= 2;
  }
  return Status::OK();
}

Status SortedStringsReader::ScanPrefix(std::string_view prefix, const Visitor& visit) const {
  return Scan(prefix, [&](std::string_view key, std::string_view value) {
    if (key.substr(0, prefix.size()) != prefix) return false;
    return visit(key, value);
  });
}

}  // namespace og::index
