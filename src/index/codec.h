// Byte codecs shared by the index file formats: little-endian fixed-width integers, LEB128 varints,
// and CRC-32C (Castagnoli) checksums.
//
// Encoding appends to a std::string. Decoding goes through ByteCursor, which never reads past the
// bytes it was given: a read that would overrun (or a varint longer than its type allows) marks the
// cursor failed, returns 0, and every later read returns 0 too. A decoder reads a whole record and
// checks ok() once, turning a failure into Corruption at its own level, where it can say what it was
// reading.
//
// Thread-safety: free functions are pure; a ByteCursor is a value owned by one thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace og::index::codec {

// ---- encoding ----

inline void PutFixed32(std::string* out, uint32_t v) {
  char b[4];
  for (int i = 0; i < 4; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xff);
  out->append(b, 4);
}

inline void PutFixed64(std::string* out, uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xff);
  out->append(b, 8);
}

inline void PutVarint64(std::string* out, uint64_t v) {
  if (v < 0x80) {
    out->push_back(static_cast<char>(v));
    return;
  }
  char b[10];
  int n = 0;
  while (v >= 0x80) {
    b[n++] = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  b[n++] = static_cast<char>(v);
  out->append(b, n);
}

inline void PutVarint32(std::string* out, uint32_t v) { PutVarint64(out, v); }

/// Append a varint length followed by the bytes.
inline void PutLengthPrefixed(std::string* out, std::string_view bytes) {
  PutVarint64(out, bytes.size());
  out->append(bytes);
}

/// The number of bytes PutVarint64 writes for `v` (1..10).
inline int VarintLength(uint64_t v) {
  int n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

inline uint32_t DecodeFixed32(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<uint8_t>(p[i])) << (8 * i);
  return v;
}

inline uint64_t DecodeFixed64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(static_cast<uint8_t>(p[i])) << (8 * i);
  return v;
}

// ---- decoding ----

/// A bounds-checked reader over borrowed bytes, with a sticky failure flag (see the file comment).
class ByteCursor {
 public:
  ByteCursor() = default;
  explicit ByteCursor(std::string_view bytes) : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}

  bool ok() const { return ok_; }
  /// Bytes not yet consumed (0 once failed).
  size_t remaining() const { return ok_ ? static_cast<size_t>(end_ - p_) : 0; }
  bool empty() const { return remaining() == 0; }
  /// The unconsumed bytes.
  std::string_view rest() const { return ok_ ? std::string_view(p_, end_ - p_) : std::string_view(); }

  /// Mark the cursor failed (a decoder found a value out of its allowed range).
  void Fail() {
    ok_ = false;
    p_ = end_;
  }

  uint64_t Varint64() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ >= end_) break;
      uint8_t byte = static_cast<uint8_t>(*p_++);
      // The tenth byte may only carry the top bit of a 64-bit value.
      if (shift == 63 && byte > 1) break;
      v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return v;
    }
    Fail();
    return 0;
  }

  uint32_t Varint32() {
    uint64_t v = Varint64();
    if (v > UINT32_MAX) {
      Fail();
      return 0;
    }
    return static_cast<uint32_t>(v);
  }

  uint32_t Fixed32() {
    if (remaining() < 4) {
      Fail();
      return 0;
    }
    uint32_t v = DecodeFixed32(p_);
    p_ += 4;
    return v;
  }

  uint64_t Fixed64() {
    if (remaining() < 8) {
      Fail();
      return 0;
    }
    uint64_t v = DecodeFixed64(p_);
    p_ += 8;
    return v;
  }

  uint8_t Byte() {
    if (remaining() < 1) {
      Fail();
      return 0;
    }
    return static_cast<uint8_t>(*p_++);
  }

  /// The next `n` bytes (a view into the cursor's buffer).
  std::string_view Bytes(uint64_t n) {
    if (n > remaining()) {
      Fail();
      return {};
    }
    std::string_view v(p_, n);
    p_ += n;
    return v;
  }

  /// A varint length followed by that many bytes.
  std::string_view LengthPrefixed() { return Bytes(Varint64()); }

 private:
  const char* p_ = nullptr;
  const char* end_ = nullptr;
  bool ok_ = true;
};

// ---- CRC-32C ----

namespace internal {
constexpr uint32_t kCrc32cPoly = 0x82f63b78u;  // reflected Castagnoli polynomial

constexpr std::array<std::array<uint32_t, 256>, 8> MakeCrc32cTables() {
  std::array<std::array<uint32_t, 256>, 8> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ kCrc32cPoly : (c >> 1);
    t[0][i] = c;
  }
  for (int s = 1; s < 8; ++s) {
    for (uint32_t i = 0; i < 256; ++i) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xff];
  }
  return t;
}

inline constexpr auto kCrc32cTables = MakeCrc32cTables();
}  // namespace internal

/// Extend a CRC-32C in software (slicing-by-8, ~1-2 GB/s).
inline uint32_t Crc32cExtendPortable(uint32_t crc, std::string_view bytes) {
  const auto& t = internal::kCrc32cTables;
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  size_t n = bytes.size();
  uint32_t c = ~crc;
  while (n >= 8) {
    uint32_t lo = c ^ (static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
                       static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24);
    c = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^ t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^
        t[3][p[4]] ^ t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]];
    p += 8;
    n -= 8;
  }
  while (n--) c = (c >> 8) ^ t[0][(c ^ *p++) & 0xff];
  return ~c;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
/// Extend a CRC-32C with the SSE4.2 crc32 instruction (~10+ GB/s). REQUIRES: the CPU has SSE4.2.
__attribute__((target("sse4.2"))) inline uint32_t Crc32cExtendSse42(uint32_t crc, std::string_view bytes) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  size_t n = bytes.size();
  uint64_t c = ~crc;
  while (n >= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    c = __builtin_ia32_crc32di(c, word);
    p += 8;
    n -= 8;
  }
  auto c32 = static_cast<uint32_t>(c);
  while (n--) c32 = __builtin_ia32_crc32qi(c32, *p++);
  return ~c32;
}
#endif

/// Extend the CRC-32C `crc` (of earlier bytes; 0 to start) over `bytes`.
inline uint32_t Crc32cExtend(uint32_t crc, std::string_view bytes) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  static const bool has_sse42 = __builtin_cpu_supports("sse4.2");
  if (has_sse42) return Crc32cExtendSse42(crc, bytes);
#endif
  return Crc32cExtendPortable(crc, bytes);
}

/// The CRC-32C of `bytes`.
inline uint32_t Crc32c(std::string_view bytes) { return Crc32cExtend(0, bytes); }

}  // namespace og::index::codec
