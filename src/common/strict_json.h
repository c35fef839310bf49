// Strict parsing of JSON that users hand us (query parameters, request bodies): one JSON value,
// with duplicate object keys refused (a silent "last one wins" hides typos), nesting bounded (so
// nothing downstream can recurse without limit), numbers outside the double range reported as
// such, and invalid UTF-8 refused. Errors are BadRequest naming `origin` and the byte offset.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace og {

struct JsonLimits {
  int max_depth = 64;                 // nested arrays/objects
  size_t max_bytes = size_t{64} << 20;
};

/// Parse `text` as exactly one JSON value (surrounding whitespace allowed). Cost: O(n).
Result<nlohmann::json> ParseJsonStrict(std::string_view text, const std::string& origin,
                                       const JsonLimits& limits = {});

/// Serialise `j` with ill-formed UTF-8 replaced by U+FFFD instead of throwing (`indent` < 0:
/// compact). For every JSON we print or send.
template <typename BasicJson>
std::string DumpJson(const BasicJson& j, int indent = -1) {
  return j.dump(indent, ' ', false, BasicJson::error_handler_t::replace);
}

}  // namespace og
