// ParseJsonStrict: user-supplied JSON (query parameters, request bodies) is one value with no
// duplicate keys, bounded nesting, in-range numbers and valid UTF-8 — each refusal a BadRequest
// naming the origin, never an exception or a silent "last key wins".
#include "common/strict_json.h"

#include <gtest/gtest.h>

#include "common/testing.h"
#include "common/utf8.h"

namespace og {
namespace {

std::string Error(std::string_view text) {
  auto r = ParseJsonStrict(text, "--params");
  EXPECT_FALSE(r.ok()) << "accepted: " << text;
  EXPECT_EQ(r.status().code(), StatusCode::BadRequest);
  return r.status().message();
}

TEST(StrictJson, AcceptsOrdinaryJson) {
  OG_ASSIGN_OR_FAIL(auto j, ParseJsonStrict(R"( {"a": [1, 2.5, "x", null, true], "b": {"c": -3}} )", "p"));
  EXPECT_EQ(j["a"][2], "x");
  EXPECT_EQ(j["b"]["c"], -3);
  OG_ASSIGN_OR_FAIL(auto scalar, ParseJsonStrict("42", "p"));
  EXPECT_EQ(scalar, 42);
}

TEST(StrictJson, DuplicateKeysAreRefusedAtAnyDepth) {
  EXPECT_EQ(Error(R"({"a": 1, "a": 2})"), "--params: duplicate key \"a\"");
  EXPECT_EQ(Error(R"({"x": {"b": 1, "b": 1}})"), "--params: duplicate key \"b\"");
  // The same key in sibling objects is fine.
  EXPECT_TRUE(ParseJsonStrict(R"([{"a": 1}, {"a": 2}])", "p").ok());
}

TEST(StrictJson, NumbersOutOfRangeSaySo) {
  EXPECT_EQ(Error(R"({"f": 1e400})"), "--params: number out of range (at byte 11)");
  EXPECT_NE(Error("-1e400").find("number out of range"), std::string::npos);
}

TEST(StrictJson, NestingIsBounded) {
  std::string deep(20000, '[');
  EXPECT_EQ(Error(deep), "--params: nested deeper than 64 levels");
  std::string at_limit = std::string(64, '[') + std::string(64, ']');
  EXPECT_TRUE(ParseJsonStrict(at_limit, "p").ok());
}

TEST(StrictJson, InvalidUtf8AndTrailingTextAreRefused) {
  std::string msg = Error("{\"name\": \"\xFF\"}");
  EXPECT_NE(msg.find("invalid UTF-8 in a string"), std::string::npos) << msg;
  EXPECT_FALSE(FindInvalidUtf8(msg).has_value());  // the message itself is valid text
  EXPECT_NE(Error(R"({"a": 1} {"b": 2})").find("not valid JSON"), std::string::npos);
  EXPECT_NE(Error("").find("not valid JSON"), std::string::npos);
}

TEST(StrictJson, SizeIsBounded) {
  JsonLimits small;
  small.max_bytes = 8;
  auto r = ParseJsonStrict(R"({"a": "long"})", "body", small);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("over the limit of 8"), std::string::npos);
}

TEST(StrictJson, DumpJsonNeverThrowsOnIllFormedText) {
  nlohmann::json j = {{"k", std::string("a\xFF")}};
  EXPECT_EQ(DumpJson(j), "{\"k\":\"a\xEF\xBF\xBD\"}");
}

}  // namespace
}  // namespace og
