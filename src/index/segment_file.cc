#include "index/segment_file.h"

#include <array>
#include <cstring>

namespace og::index {
namespace {

constexpr char kMagic[8] = {'O', 'G', 'S', 'E', 'G', 1, 0, 0};
constexpr char kEndMagic[8] = {'O', 'G', 'S', 'E', 'G', 'E', 'N', 'D'};
constexpr size_t kFooterBytes = 24;
constexpr uint64_t kTailGuess = 16 * 1024;
constexpr uint32_t kMaxSections = 4096;

void PutU8(std::string* out, uint8_t v) { out->push_back(static_cast<char>(v)); }
void PutU16(std::string* out, uint16_t v) {
  for (int i = 0; i < 2; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}
void PutU32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}
void PutU64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}

// Reads little-endian fields from a byte range, failing (not crashing) past its end.
class Cursor {
 public:
  explicit Cursor(std::string_view bytes) : b_(bytes) {}
  bool U8(uint8_t* v) { return Fixed(v, 1); }
  bool U16(uint16_t* v) { return Fixed(v, 2); }
  bool U32(uint32_t* v) { return Fixed(v, 4); }
  bool U64(uint64_t* v) { return Fixed(v, 8); }
  bool Bytes(size_t n, std::string* out) {
    if (n > b_.size() - pos_) return false;
    out->assign(b_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  bool done() const { return pos_ == b_.size(); }

 private:
  template <typename T>
  bool Fixed(T* v, size_t n) {
    if (n > b_.size() - pos_) return false;
    uint64_t x = 0;
    for (size_t i = 0; i < n; ++i) x |= static_cast<uint64_t>(static_cast<uint8_t>(b_[pos_ + i])) << (8 * i);
    *v = static_cast<T>(x);
    pos_ += n;
    return true;
  }
  std::string_view b_;
  size_t pos_ = 0;
};

const std::array<uint32_t, 256>& CrcTable() {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  return table;
}

Status Bad(const std::string& why) { return Status::Corruption("index segment: ", why); }

// `base`, with the bytes [tail_offset, size) already fetched: reads inside them cost nothing.
class TailCachedReader : public RangeReader {
 public:
  TailCachedReader(std::shared_ptr<RangeReader> base, uint64_t tail_offset, std::string tail)
      : base_(std::move(base)), tail_offset_(tail_offset), tail_(std::move(tail)) {}
  uint64_t size() const override { return base_->size(); }
  Result<std::string> Read(uint64_t offset, uint64_t length) const override {
    if (offset >= tail_offset_ && offset - tail_offset_ <= tail_.size() && length <= tail_.size() - (offset - tail_offset_)) {
      return tail_.substr(offset - tail_offset_, length);
    }
    return base_->Read(offset, length);
  }

 private:
  std::shared_ptr<RangeReader> base_;
  uint64_t tail_offset_;
  std::string tail_;
};

}  // namespace

const char* SectionKindName(SectionKind kind) {
  switch (kind) {
    case SectionKind::kFullText: return "fts";
    case SectionKind::kVector: return "vector";
    case SectionKind::kKey: return "key";
  }
  return "unknown";
}

uint32_t Crc32(std::string_view bytes, uint32_t crc) {
  const auto& t = CrcTable();
  crc = ~crc;
  for (unsigned char c : bytes) crc = t[(crc ^ c) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

Status SegmentWriter::AddSection(SectionKind kind, const std::string& column, std::string payload) {
  for (const auto& s : sections_) {
    if (s.kind == kind && s.column == column) {
      return Status::Internal("segment already has a ", SectionKindName(kind), " section for '", column, "'");
    }
  }
  if (column.size() > UINT16_MAX) return Status::BadRequest("column name too long for an index section");
  SectionInfo info;
  info.kind = kind;
  info.column = column;
  info.offset = sizeof(kMagic) + body_.size();
  info.length = payload.size();
  info.crc32 = Crc32(payload);
  body_ += payload;
  sections_.push_back(std::move(info));
  return Status::OK();
}

std::string SegmentWriter::Finish() && {
  std::string out(kMagic, sizeof(kMagic));
  out += body_;
  std::string dir;
  PutU32(&dir, static_cast<uint32_t>(sections_.size()));
  for (const auto& s : sections_) {
    PutU8(&dir, static_cast<uint8_t>(s.kind));
    PutU16(&dir, static_cast<uint16_t>(s.column.size()));
    dir += s.column;
    PutU64(&dir, s.offset);
    PutU64(&dir, s.length);
    PutU32(&dir, s.crc32);
  }
  uint64_t dir_offset = out.size();
  out += dir;
  PutU64(&out, dir_offset);
  PutU32(&out, static_cast<uint32_t>(dir.size()));
  PutU32(&out, Crc32(dir));
  out.append(kEndMagic, sizeof(kEndMagic));
  return out;
}

Result<std::shared_ptr<const SegmentReader>> SegmentReader::Open(std::shared_ptr<RangeReader> file) {
  uint64_t size = file->size();
  if (size < sizeof(kMagic) + kFooterBytes) return Bad("file of " + std::to_string(size) + " bytes is too short");
  uint64_t tail_len = std::min(size, kTailGuess);
  OG_ASSIGN_OR_RAISE(std::string tail, file->Read(size - tail_len, tail_len));
  std::string_view footer(tail.data() + tail.size() - kFooterBytes, kFooterBytes);
  if (std::memcmp(footer.data() + 16, kEndMagic, sizeof(kEndMagic)) != 0) return Bad("no end marker");
  Cursor fc(footer);
  uint64_t dir_offset = 0;
  uint32_t dir_len = 0, dir_crc = 0;
  fc.U64(&dir_offset);
  fc.U32(&dir_len);
  fc.U32(&dir_crc);
  uint64_t dir_end = size - kFooterBytes;
  if (dir_offset < sizeof(kMagic) || dir_offset > dir_end || dir_len != dir_end - dir_offset) {
    return Bad("directory out of bounds");
  }
  std::string dir;
  if (dir_offset >= size - tail_len) {
    dir = tail.substr(dir_offset - (size - tail_len), dir_len);
  } else {
    OG_ASSIGN_OR_RAISE(dir, file->Read(dir_offset, dir_len));
  }
  if (Crc32(dir) != dir_crc) return Bad("directory checksum mismatch");
  auto reader = std::shared_ptr<SegmentReader>(new SegmentReader());
  reader->file_ = std::make_shared<TailCachedReader>(file, size - tail_len, tail);
  Cursor c(dir);
  uint32_t count = 0;
  if (!c.U32(&count) || count > kMaxSections) return Bad("bad section count");
  for (uint32_t i = 0; i < count; ++i) {
    SectionInfo s;
    uint8_t kind = 0;
    uint16_t name_len = 0;
    if (!c.U8(&kind) || !c.U16(&name_len) || !c.Bytes(name_len, &s.column) || !c.U64(&s.offset) ||
        !c.U64(&s.length) || !c.U32(&s.crc32)) {
      return Bad("truncated directory");
    }
    if (kind < 1 || kind > 3) return Bad("unknown section kind " + std::to_string(kind));
    s.kind = static_cast<SectionKind>(kind);
    if (s.offset < sizeof(kMagic) || s.offset > dir_offset || s.length > dir_offset - s.offset) {
      return Bad("section '" + s.column + "' out of bounds");
    }
    reader->sections_.push_back(std::move(s));
  }
  if (!c.done()) return Bad("trailing bytes in the directory");
  return std::shared_ptr<const SegmentReader>(std::move(reader));
}

const SectionInfo* SegmentReader::Find(SectionKind kind, const std::string& column) const {
  for (const auto& s : sections_) {
    if (s.kind == kind && s.column == column) return &s;
  }
  return nullptr;
}

std::shared_ptr<RangeReader> SegmentReader::SectionBytes(const SectionInfo& section) const {
  return SubRangeReader(file_, section.offset, section.length);
}

Result<std::string> SegmentReader::ReadVerified(const SectionInfo& section) const {
  OG_ASSIGN_OR_RAISE(std::string bytes, file_->Read(section.offset, section.length));
  if (Crc32(bytes) != section.crc32) {
    return Bad("checksum mismatch in the " + std::string(SectionKindName(section.kind)) + " section of '" +
               section.column + "'");
  }
  return bytes;
}

}  // namespace og::index
