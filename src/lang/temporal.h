// Date and DateTime text forms (languages.md §1.2, §6): parse "YYYY-MM-DD" to days since the Unix
// epoch and RFC 3339 date-times to milliseconds since the epoch (UTC), and format them back as
// "YYYY-MM-DD" and "YYYY-MM-DDTHH:MM:SS.mmmZ". Proleptic Gregorian calendar; pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace og::lang {

/// Days since 1970-01-01 of "YYYY-MM-DD". BadRequest naming the text if it is not a valid date.
Result<int32_t> ParseDate(std::string_view text);
/// Milliseconds since the epoch of an RFC 3339 date-time ("2024-06-01T12:00:00Z",
/// "2024-06-01T12:00:00.5+02:00", "2024-06-01 12:00:00Z"); a bare date means midnight UTC.
/// BadRequest naming the text if it is not valid.
Result<int64_t> ParseDateTime(std::string_view text);
/// "YYYY-MM-DD".
std::string FormatDate(int32_t days);
/// "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string FormatDateTime(int64_t ms);

}  // namespace og::lang
