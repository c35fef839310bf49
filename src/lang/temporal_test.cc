#include "lang/temporal.h"

#include <gtest/gtest.h>

namespace og::lang {
namespace {

TEST(Temporal, DatesRoundTripThroughEpochDays) {
  EXPECT_EQ(ParseDate("1970-01-01").ValueOrDie(), 0);
  EXPECT_EQ(ParseDate("2024-06-01").ValueOrDie(), 19875);
  EXPECT_EQ(ParseDate("1969-12-31").ValueOrDie(), -1);
  EXPECT_EQ(FormatDate(19875), "2024-06-01");
  EXPECT_EQ(FormatDate(-1), "1969-12-31");
  for (int d = -700000; d < 2900000; d += 997) EXPECT_EQ(ParseDate(FormatDate(d)).ValueOrDie(), d);
}

TEST(Temporal, InvalidDatesAreRejectedWithTheText) {
  for (const char* bad : {"2024-02-30", "2023-02-29", "2024-13-01", "24-06-01", "2024/06/01", ""}) {
    auto r = ParseDate(bad);
    EXPECT_TRUE(r.status().IsBadRequest()) << bad;
    EXPECT_NE(r.status().message().find("invalid date"), std::string::npos);
  }
  EXPECT_TRUE(ParseDate("2024-02-29").ok());
}

TEST(Temporal, DateTimesParseRfc3339WithZonesAndFractions) {
  EXPECT_EQ(ParseDateTime("2024-06-01T12:00:00Z").ValueOrDie(), 1717243200000);
  EXPECT_EQ(ParseDateTime("2024-06-01T14:00:00+02:00").ValueOrDie(), 1717243200000);
  EXPECT_EQ(ParseDateTime("2024-06-01T12:00:00.123Z").ValueOrDie(), 1717243200123);
  EXPECT_EQ(ParseDateTime("2024-06-01T12:00:00.5Z").ValueOrDie(), 1717243200500);
  EXPECT_EQ(ParseDateTime("2024-06-01").ValueOrDie(), 1717200000000);
  EXPECT_EQ(FormatDateTime(1717243200123), "2024-06-01T12:00:00.123Z");
  EXPECT_EQ(FormatDateTime(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_TRUE(ParseDateTime("2024-06-01T12:00:00").status().IsBadRequest());  // no zone
  EXPECT_TRUE(ParseDateTime("2024-06-01T25:00:00Z").status().IsBadRequest());
}

TEST(Temporal, DateTimesRoundTripThroughEpochMilliseconds) {
  for (int64_t ms = -62135596800000; ms < 253402300799999; ms += 987654321987) {
    EXPECT_EQ(ParseDateTime(FormatDateTime(ms)).ValueOrDie(), ms) << FormatDateTime(ms);
  }
  EXPECT_EQ(FormatDateTime(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(ParseDateTime("2024-06-01T12:00:00.123+02:00").ValueOrDie(), 1717236000123);
  EXPECT_EQ(ParseDateTime("2024-06-01T06:30:00-05:30").ValueOrDie(), 1717243200000);
  EXPECT_EQ(FormatDateTime(ParseDateTime("2024-06-01T12:00:00.123+02:00").ValueOrDie()),
            "2024-06-01T10:00:00.123Z");
  // A bare date is midnight UTC, the same instant as its Date at day granularity.
  EXPECT_EQ(ParseDateTime("2024-02-29").ValueOrDie(),
            int64_t{ParseDate("2024-02-29").ValueOrDie()} * 86400000);
}

}  // namespace
}  // namespace og::lang
