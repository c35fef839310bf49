#include "fuzz/check_util.h"

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace og::fuzz {

using nlohmann::json;

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (n >= s.size() - i) return false;  // truncated sequence
    for (size_t k = 1; k <= n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

Status CheckOrdinary(const Status& st, const char* what) {
  if (st.ok()) return st;
  switch (st.code()) {
    case StatusCode::BadRequest:
    case StatusCode::ResourceExhausted:
    case StatusCode::PayloadTooLarge:
      break;
    default:
      return Status::Internal(what, " failed with an unexpected code: ", st.ToString());
  }
  if (st.message().empty()) return Status::Internal(what, " failed with an empty message");
  if (!IsValidUtf8(st.message())) {
    return Status::Internal(what, " error message is not valid UTF-8 (no JSON surface can carry ",
                            "it): ", json(st.message()).dump(-1, ' ', false,
                                                               json::error_handler_t::replace));
  }
  return Status::OK();
}

}  // namespace og::fuzz
