#include "common/utf8.h"

#include <cstdint>
#include <cstdio>

namespace og {

size_t Utf8SequenceLength(std::string_view t) {
  if (t.empty()) return 0;
  auto b = [&](size_t i) { return static_cast<uint8_t>(t[i]); };
  auto cont = [&](size_t i) { return i < t.size() && (b(i) & 0xC0) == 0x80; };
  uint8_t c = b(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(1) >= 0xA0) return 0;  // UTF-16 surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(1) >= 0x90) return 0;  // past U+10FFFF
    return 4;
  }
  return 0;
}

std::optional<size_t> FindInvalidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    if (static_cast<uint8_t>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t n = Utf8SequenceLength(text.substr(i));
    if (n == 0) return i;
    i += n;
  }
  return std::nullopt;
}

std::string QuoteForMessage(std::string_view value, size_t max_chars, char quote) {
  std::string out(1, quote);
  size_t chars = 0, i = 0;
  while (i < value.size() && chars < max_chars) {
    uint8_t c = static_cast<uint8_t>(value[i]);
    size_t n = c < 0x80 ? 1 : Utf8SequenceLength(value.substr(i));
    char buf[8];
    if (n == 0) {
      std::snprintf(buf, sizeof(buf), "\\x%02X", c);
      out += buf;
      n = 1;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == static_cast<uint8_t>(quote) || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20 || c == 0x7F) {
      std::snprintf(buf, sizeof(buf), "\\x%02X", c);
      out += buf;
    } else {
      out.append(value.substr(i, n));
    }
    i += n;
    ++chars;
  }
  out.push_back(quote);
  if (i < value.size()) out += "… (" + std::to_string(value.size()) + " bytes)";
  return out;
}

std::string ToValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t n = static_cast<uint8_t>(text[i]) < 0x80 ? 1 : Utf8SequenceLength(text.substr(i));
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace og
