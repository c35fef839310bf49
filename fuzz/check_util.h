// Helpers shared by the fuzz targets (targets.h).
#pragma once

#include <string_view>

#include "common/status.h"

namespace og::fuzz {

/// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF):
/// what nlohmann::json::dump() and every JSON client require of a string.
bool IsValidUtf8(std::string_view s);

/// OK when `st` is success or an ordinary rejection of user input (BadRequest, ResourceExhausted,
/// PayloadTooLarge with a non-empty, valid UTF-8 message); Internal naming `what` otherwise.
Status CheckOrdinary(const Status& st, const char* what);

}  // namespace og::fuzz
