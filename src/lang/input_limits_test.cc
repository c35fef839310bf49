// No input crashes the .pg and .gq front ends (issue: found by fuzzing the CLI). Each case here
// once aborted or overflowed the stack, or produced output that could not be serialised:
// - invalid UTF-8 anywhere in a source is a parse error at its file:line:col, so no later stage
//   (catalog JSON, lint JSON, stored schema) ever sees ill-formed text;
// - 20,000 nested `[` (or `not {`, or call arguments) stop at the nesting limit with a message;
// - names and values quoted back in messages are bounded, so a 1 MB token gives a short error.
// Plus the .pg comma OmniGraph's README writes between body members.
#include <gtest/gtest.h>

#include <string>

#include "common/testing.h"
#include "common/utf8.h"
#include "lang/catalog.h"
#include "lang/gq_check.h"
#include "lang/gq_parser.h"
#include "lang/limits.h"

namespace og::lang {
namespace {

constexpr const char* kSchema = "node Person { name: String @key  age: I32? }\nedge Knows: Person -> Person\n";

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

Status QueryError(const std::string& gq) {
  auto r = ParseQueries(gq, "q.gq");
  return r.ok() ? Status::OK() : r.status();
}

TEST(InputLimits, InvalidUtf8InASchemaCommentIsAParseErrorAtItsPosition) {
  auto r = ParseSchema("node Person { name: String @key }\n// caf\xE9\n", "s.pg");
  ASSERT_EQ(r.status().code(), StatusCode::BadRequest);
  EXPECT_EQ(r.status().message(), "s.pg:2:7: parse error: invalid UTF-8 (byte 0xE9)");
}

TEST(InputLimits, InvalidUtf8InAQueryIsAParseErrorAtItsPosition) {
  // In an identifier position, in a string literal, and a truncated multi-byte sequence at the end.
  Status a = QueryError("query q() {\n  match { $p\xFF: Person } return { $p } }");
  EXPECT_EQ(a.message(), "q.gq:2:13: parse error: invalid UTF-8 (byte 0xFF)");
  Status b = QueryError("query q() { match { $p: Person { name: \"\xC3\x28\" } } return { $p } }");
  EXPECT_EQ(b.message(), "q.gq:1:41: parse error: invalid UTF-8 (byte 0xC3)");
  Status c = QueryError("query q() { match { $p: Person } return { $p } } \xE2\x82");
  EXPECT_EQ(c.message(), "q.gq:1:50: parse error: invalid UTF-8 (byte 0xE2)");
  // Overlong encodings and UTF-16 surrogates are ill-formed too.
  EXPECT_FALSE(QueryError("query q() { match { $p: Person { name: \"\xC0\xAF\" } } return { $p } }").ok());
  EXPECT_FALSE(QueryError("query q() { match { $p: Person { name: \"\xED\xA0\x80\" } } return { $p } }").ok());
  // Well-formed multi-byte text is fine.
  EXPECT_TRUE(QueryError("query q() { match { $p: Person { name: \"caf\xC3\xA9 \xF0\x9F\x98\x80\" } } "
                         "return { $p } }").ok());
}

TEST(InputLimits, LintJsonOfAnInvalidUtf8SourceSerialises) {
  OG_ASSIGN_OR_FAIL(Catalog catalog, ParseSchema(kSchema, "s.pg"));
  nlohmann::json report = LintQueries(catalog, "query q\xFF() {}", "bad\xFF.gq", "s.pg");
  std::string text = report.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  EXPECT_NE(text.find("invalid UTF-8"), std::string::npos) << text;
}

TEST(InputLimits, DeepListLiteralsStopAtTheNestingLimit) {
  std::string deep = "query q() { match { $p: Person { name: " + Repeat("[", 20000) + " } } return { $p } }";
  Status st = QueryError(deep);
  ASSERT_EQ(st.code(), StatusCode::BadRequest);
  EXPECT_NE(st.message().find("nesting is deeper than 64 levels"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("q.gq:1:"), std::string::npos);
  // At the limit it still parses (the typechecker then judges the value).
  std::string ok = "query q() { match { $p: Person { name: " + Repeat("[", kMaxNestingDepth) +
                   Repeat("]", kMaxNestingDepth) + " } } return { $p } }";
  EXPECT_TRUE(QueryError(ok).ok()) << QueryError(ok).ToString();
}

TEST(InputLimits, DeepNegationsAndCallsStopAtTheNestingLimit) {
  std::string nots = "query q() { match { $p: Person " + Repeat("not { ", 20000) + "$p.age > 1" +
                     Repeat(" }", 20000) + " } return { $p } }";
  EXPECT_NE(QueryError(nots).message().find("nesting is deeper than"), std::string::npos);
  std::string calls = "query q() { match { $p: Person } return { " + Repeat("count(", 20000) + "$p" +
                      Repeat(")", 20000) + " } }";
  EXPECT_NE(QueryError(calls).message().find("nesting is deeper than"), std::string::npos);
}

TEST(InputLimits, LongNamesAndValuesGiveShortMessages) {
  std::string name(1 << 20, 'x');
  Status a = QueryError("query q() { match { $" + name + ": Person } return { $p } }");
  EXPECT_NE(a.message().find("name longer than 1024 characters"), std::string::npos);
  EXPECT_LT(a.message().size(), 200u);
  // A 1 MB string where a declaration is expected: quoted, cut to 64 characters.
  Status b = QueryError("query q() { match { $p: Person } return { $p } } \"" + name + "\"");
  ASSERT_FALSE(b.ok());
  EXPECT_LT(b.message().size(), 300u) << b.message().substr(0, 300);
  EXPECT_NE(b.message().find("(1048576 bytes)"), std::string::npos);
  // An enum value from the source, quoted back by the typechecker.
  OG_ASSIGN_OR_FAIL(Catalog catalog, ParseSchema("node T { k: String @key  c: enum(red, blue) }", "s.pg"));
  OG_ASSIGN_OR_FAIL(QueryFile file, ParseQueries("query q() { match { $t: T { c: \"" + name + "\" } } return { $t } }", "q.gq"));
  auto checked = Typecheck(file.queries[0], catalog);
  ASSERT_FALSE(checked.ok());
  EXPECT_LT(checked.status().message().size(), 300u);
}

TEST(InputLimits, ASchemaBodyMayUseCommasBetweenMembers) {
  // OmniGraph's README quickstart writes a comma after `@key`.
  OG_ASSIGN_OR_FAIL(Catalog c, ParseSchema("node Signal { slug: String @key, title: String }\n"
                                           "edge Cites: Signal -> Signal { weight: F64?, note: String?, }",
                                           "s.pg"));
  ASSERT_NE(c.FindNode("Signal"), nullptr);
  EXPECT_EQ(c.FindNode("Signal")->properties.size(), 2u);
  EXPECT_EQ(c.FindEdge("Cites")->properties.size(), 2u);
  // One comma between members, not two, and not before the first.
  EXPECT_FALSE(ParseSchema("node A { x: I32,, y: I32 }", "s.pg").ok());
  EXPECT_FALSE(ParseSchema("node A { , x: I32 }", "s.pg").ok());
}

TEST(InputLimits, OversizedSourcesAreRefused) {
  std::string big(kMaxSourceBytes + 1, ' ');
  Status st = QueryError(big);
  ASSERT_EQ(st.code(), StatusCode::BadRequest);
  EXPECT_NE(st.message().find("larger than the limit"), std::string::npos);
}

TEST(Utf8, QuoteForMessageBoundsAndEscapes) {
  EXPECT_EQ(QuoteForMessage("plain"), "\"plain\"");
  EXPECT_EQ(QuoteName("it's"), "'it\\'s'");
  EXPECT_EQ(QuoteForMessage("a\nb\t\x01\xFF"), "\"a\\nb\\t\\x01\\xFF\"");
  std::string quoted = QuoteForMessage(std::string(1000, 'z'), 10);
  EXPECT_EQ(quoted, "\"zzzzzzzzzz\"… (1000 bytes)");
  // Multi-byte characters count as one and are never cut in half.
  EXPECT_EQ(QuoteForMessage("\xC3\xA9\xC3\xA9\xC3\xA9", 2), "\"\xC3\xA9\xC3\xA9\"… (6 bytes)");
  EXPECT_FALSE(FindInvalidUtf8(QuoteForMessage("\xFF\xFE")).has_value());
  EXPECT_EQ(ToValidUtf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
}

}  // namespace
}  // namespace og::lang
