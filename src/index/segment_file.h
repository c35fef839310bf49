// SegmentFile: the container of one index segment — every index section (full-text, vector, key)
// built over the same fragments of one table, in one immutable object, so a write that adds a
// fragment adds exactly one index object however many columns are indexed.
//
// Layout (little-endian):
//   "OGSEG\x01\0\0"                         8-byte magic + format version
//   section payloads                         back to back, each owned by its section's reader
//   directory                                u32 count, then per section: u8 kind, u16 column length,
//                                            column bytes, u64 offset, u64 length, u32 crc32 of payload
//   footer (24 bytes)                        u64 directory offset, u32 directory length,
//                                            u32 crc32 of directory, "OGSEGEND"
// Open reads the last 16 KiB in one ranged read (footer + directory for any ordinary segment) and
// a second read only for a larger directory. Those bytes are kept: a section whose reads fall in
// them (the index and footer of the last section, typically) is served from memory. Every offset and length is validated: bad bytes are
// Corruption, never a crash.
//
// Thread-safety: a SegmentReader is immutable after Open; share it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "index/range_reader.h"

namespace og::index {

enum class SectionKind : uint8_t {
  kFullText = 1,  // fts_section.h
  kVector = 2,    // vector_section.h
  kKey = 3,       // sorted id → row offsets
};

const char* SectionKindName(SectionKind kind);

struct SectionInfo {
  SectionKind kind = SectionKind::kFullText;
  std::string column;
  uint64_t offset = 0;  // in the segment file
  uint64_t length = 0;
  uint32_t crc32 = 0;   // of the payload
};

/// CRC-32 (IEEE) of `bytes`, continuing from `crc` (0 to start).
uint32_t Crc32(std::string_view bytes, uint32_t crc = 0);

class SegmentWriter {
 public:
  /// Append a section. At most one section per (kind, column).
  Status AddSection(SectionKind kind, const std::string& column, std::string payload);
  /// The whole file.
  std::string Finish() &&;

 private:
  std::vector<SectionInfo> sections_;
  std::string body_;
};

class SegmentReader {
 public:
  /// Read and validate the directory. Cost: 1 ranged read (2 for a directory over ~4 KiB).
  static Result<std::shared_ptr<const SegmentReader>> Open(std::shared_ptr<RangeReader> file);

  const std::vector<SectionInfo>& sections() const { return sections_; }
  /// The section of (kind, column), or nullptr.
  const SectionInfo* Find(SectionKind kind, const std::string& column) const;
  /// A reader over one section's payload (ranged reads stay inside it).
  std::shared_ptr<RangeReader> SectionBytes(const SectionInfo& section) const;
  /// The whole payload of a section, checked against its crc32 (Corruption on mismatch).
  Result<std::string> ReadVerified(const SectionInfo& section) const;

 private:
  std::shared_ptr<RangeReader> file_;   // reads inside the fetched tail are served from it
  std::vector<SectionInfo> sections_;
};

}  // namespace og::index
