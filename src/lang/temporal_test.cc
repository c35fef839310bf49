#include "lang/temporal.h"

#include <utility>

#include <gtest/gtest.h>

#include "common/testing.h"

namespace og::lang {
namespace {

TEST(Temporal, DatesRoundTripThroughEpochDays) {
  OG_ASSIGN_OR_FAIL(auto epoch, ParseDate("1970-01-01"));
  EXPECT_EQ(epoch, 0);
  OG_ASSIGN_OR_FAIL(auto june, ParseDate("2024-06-01"));
  EXPECT_EQ(june, 19875);
  OG_ASSIGN_OR_FAIL(auto before, ParseDate("1969-12-31"));
  EXPECT_EQ(before, -1);
  EXPECT_EQ(FormatDate(19875), "2024-06-01");
  EXPECT_EQ(FormatDate(-1), "1969-12-31");
  for (int d = -700000; d < 2900000; d += 997) {
    OG_ASSIGN_OR_FAIL(auto back, ParseDate(FormatDate(d)));
    EXPECT_EQ(back, d);
  }
}

TEST(Temporal, InvalidDatesAreRejectedWithTheText) {
  for (const char* bad : {"2024-02-30", "2023-02-29", "2024-13-01", "24-06-01", "2024/06/01", ""}) {
    auto r = ParseDate(bad);
    EXPECT_TRUE(r.status().IsBadRequest()) << bad;
    EXPECT_NE(r.status().message().find("invalid date"), std::string::npos);
  }
  OG_EXPECT_OK(ParseDate("2024-02-29"));
}

TEST(Temporal, DateTimesParseRfc3339WithZonesAndFractions) {
  const std::pair<const char*, int64_t> cases[] = {
      {"2024-06-01T12:00:00Z", 1717243200000},      {"2024-06-01T14:00:00+02:00", 1717243200000},
      {"2024-06-01T12:00:00.123Z", 1717243200123},  {"2024-06-01T12:00:00.5Z", 1717243200500},
      {"2024-06-01", 1717200000000}};
  for (const auto& [text, ms] : cases) {
    OG_ASSIGN_OR_FAIL(auto parsed, ParseDateTime(text));
    EXPECT_EQ(parsed, ms) << text;
  }
  EXPECT_EQ(FormatDateTime(1717243200123), "2024-06-01T12:00:00.123Z");
  EXPECT_EQ(FormatDateTime(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_TRUE(ParseDateTime("2024-06-01T12:00:00").status().IsBadRequest());  // no zone
  EXPECT_TRUE(ParseDateTime("2024-06-01T25:00:00Z").status().IsBadRequest());
}

TEST(Temporal, DateTimesRoundTripThroughEpochMilliseconds) {
  for (int64_t ms = -62135596800000; ms < 253402300799999; ms += 987654321987) {
    OG_ASSIGN_OR_FAIL(auto back, ParseDateTime(FormatDateTime(ms)));
    EXPECT_EQ(back, ms) << FormatDateTime(ms);
  }
  EXPECT_EQ(FormatDateTime(0), "1970-01-01T00:00:00.000Z");
  OG_ASSIGN_OR_FAIL(auto plus_two, ParseDateTime("2024-06-01T12:00:00.123+02:00"));
  EXPECT_EQ(plus_two, 1717236000123);
  EXPECT_EQ(FormatDateTime(plus_two), "2024-06-01T10:00:00.123Z");
  OG_ASSIGN_OR_FAIL(auto minus_half, ParseDateTime("2024-06-01T06:30:00-05:30"));
  EXPECT_EQ(minus_half, 1717243200000);
  // A bare date is midnight UTC, the same instant as its Date at day granularity.
  OG_ASSIGN_OR_FAIL(auto leap_instant, ParseDateTime("2024-02-29"));
  OG_ASSIGN_OR_FAIL(auto leap_day, ParseDate("2024-02-29"));
  EXPECT_EQ(leap_instant, int64_t{leap_day} * 86400000);
}

}  // namespace
}  // namespace og::lang
