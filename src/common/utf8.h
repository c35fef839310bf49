// UTF-8 checks and safe quoting of user values in messages.
//
// Every text input (schemas, queries, JSONL, parameters) is validated as UTF-8 where it enters, so
// everything downstream — Parquet strings, JSON output — only ever sees valid text. Values quoted
// back in error messages go through QuoteForMessage, which bounds their length and escapes what
// is not printable, so an error line stays short and valid whatever the input was.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace og {

/// Byte offset of the first byte that does not start a well-formed UTF-8 sequence (overlongs,
/// surrogates and code points past U+10FFFF are ill-formed), or nullopt when all of `text` is
/// valid. Cost: O(n).
std::optional<size_t> FindInvalidUtf8(std::string_view text);

/// Length in bytes of the well-formed UTF-8 sequence starting at `text[0]`, or 0 if none does.
size_t Utf8SequenceLength(std::string_view text);

/// `value` in quotes (`quote`: '"' for values, '\'' for names) for an error message: at most
/// `max_chars` characters (then "…" and the total length), control characters and ill-formed
/// bytes escaped (\n, \t, \xFF).
std::string QuoteForMessage(std::string_view value, size_t max_chars = 64, char quote = '"');

/// A name (identifier, type, property) quoted for a message: 'name', bounded like QuoteForMessage.
inline std::string QuoteName(std::string_view name) { return QuoteForMessage(name, 64, '\''); }

/// Replace every ill-formed byte of `text` by U+FFFD, so it can be put into JSON output.
std::string ToValidUtf8(std::string_view text);

}  // namespace og
