// Parameter binding (languages.md §2.2): JSON values converted to the declared types, integers
// range-checked, dates parsed, vectors of exact length, lists element-wise, nulls only where
// declared nullable, every missing non-nullable parameter rejected before execution, extra keys
// ignored, and every error naming the parameter, what was expected and what came.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/testing.h"
#include "lang/gq_check.h"
#include "lang/gq_parser.h"

namespace og::lang {
namespace {

using nlohmann::json;

// The declaration of `query q(<params>) { match { $p: P } return { $p } }`.
Result<QueryDecl> Decl(const std::string& params) {
  OG_ASSIGN_OR_RAISE(QueryFile file,
                     ParseQueries("query q(" + params + ") { match { $p: P } return { $p } }", "q.gq"));
  if (file.queries.size() != 1) return Status::Internal("expected one query");
  return std::move(file.queries[0]);
}

// The bound value of the single parameter `x` declared as `type`.
Result<json> BindOne(const std::string& type, const json& value) {
  OG_ASSIGN_OR_RAISE(QueryDecl decl, Decl("$x: " + type));
  OG_ASSIGN_OR_RAISE(BoundParams bound, BindParams(decl, json{{"x", value}}));
  return bound.at("x");
}

// BindOne's value; when binding fails, the test fails with the Status and this returns a JSON
// object naming the error (so comparisons with it fail too).
json Bound(const std::string& type, const json& value) {
  auto r = BindOne(type, value);
  if (!r.ok()) {
    ADD_FAILURE() << "binding " << value.dump() << " as " << type << ": " << r.status().ToString();
    return json{{"bind_error", r.status().ToString()}};
  }
  return *r;
}

std::string BindError(const std::string& type, const json& value) {
  auto r = BindOne(type, value);
  return r.ok() ? "" : r.status().message();
}

TEST(GqParams, BindingConvertsAndValidatesEveryDeclaredParameter) {
  OG_ASSIGN_OR_FAIL(QueryDecl q, Decl("$s: String, $i: I32, $d: Date, $t: DateTime, $v: Vector(2), $o: I64?"));
  auto ok = BindParams(q, json::parse(
      R"({"s":"a","i":7,"d":"1970-01-02","t":"1970-01-01T00:00:01Z","v":[1,2.5],"extra":1})"));
  OG_ASSERT_OK(ok);
  EXPECT_EQ((*ok)["d"], 1);
  EXPECT_EQ((*ok)["t"], 1000);
  EXPECT_TRUE((*ok)["o"].is_null());
  EXPECT_EQ(ok->count("extra"), 0u);
  auto missing = BindParams(q, json::parse(R"({"i":1,"d":"1970-01-01","t":"1970-01-01","v":[1,2]})"));
  EXPECT_NE(missing.status().message().find("parameter 's' not provided"), std::string::npos);
  auto range = BindParams(q, json::parse(
      R"({"s":"a","i":3000000000,"d":"1970-01-01","t":"1970-01-01","v":[1,2]})"));
  EXPECT_NE(range.status().message().find("out of range"), std::string::npos);
  auto dims = BindParams(q, json::parse(
      R"({"s":"a","i":1,"d":"1970-01-01","t":"1970-01-01","v":[1]})"));
  EXPECT_NE(dims.status().message().find("expects 2 numbers"), std::string::npos);
  auto type = BindParams(q, json::parse(
      R"({"s":5,"i":1,"d":"1970-01-01","t":"1970-01-01","v":[1,2]})"));
  EXPECT_NE(type.status().message().find("parameter 's' expects a string"), std::string::npos);
}

TEST(GqParams, EachScalarTypeTakesItsJsonKind) {
  EXPECT_EQ(Bound("String", "x"), "x");
  EXPECT_EQ(Bound("Blob", "base64:AAEC"), "base64:AAEC");
  EXPECT_EQ(Bound("Bool", true), true);
  EXPECT_EQ(Bound("I32", -5), -5);
  EXPECT_EQ(Bound("I64", 1), 1);
  EXPECT_EQ(Bound("U32", 7), 7);
  EXPECT_EQ(Bound("F64", 2.5), 2.5);
  // Integers widen to floats.
  json f = Bound("F32", 3);
  EXPECT_TRUE(f.is_number_float());
  EXPECT_EQ(f.get<double>(), 3.0);
  EXPECT_EQ(Bound("Date", "2024-06-01"), 19875);
  EXPECT_EQ(Bound("DateTime", "2024-06-01T12:00:00Z"), int64_t{1717243200000});
  EXPECT_EQ(Bound("DateTime", "2024-06-01T12:00:00.123+02:00"), int64_t{1717236000123});
  EXPECT_EQ(Bound("DateTime", "2024-06-01"), int64_t{1717200000000});
}

TEST(GqParams, AWrongKindNamesTheParameterTheExpectedTypeAndWhatCame) {
  EXPECT_NE(BindError("String", 3).find("parameter 'x' expects a string, got an integer"), std::string::npos);
  EXPECT_NE(BindError("Bool", "true").find("parameter 'x' expects a boolean, got a string"), std::string::npos);
  EXPECT_NE(BindError("I64", 2.5).find("parameter 'x' expects an integer, got a number"), std::string::npos);
  EXPECT_NE(BindError("F64", "1.5").find("parameter 'x' expects a number, got a string"), std::string::npos);
  EXPECT_NE(BindError("Date", true).find("parameter 'x' expects a date string"), std::string::npos);
  EXPECT_NE(BindError("[I32]", 3).find("parameter 'x' expects an array, got an integer"), std::string::npos);
  EXPECT_NE(BindError("Vector(2)", json::object()).find("parameter 'x' expects an array, got an object"),
            std::string::npos);
}

TEST(GqParams, IntegersAreRangeCheckedAgainstTheDeclaredWidth) {
  const int64_t i32_max = std::numeric_limits<int32_t>::max();
  const int64_t i32_min = std::numeric_limits<int32_t>::min();
  EXPECT_EQ(Bound("I32", i32_max), i32_max);
  EXPECT_EQ(Bound("I32", i32_min), i32_min);
  EXPECT_NE(BindError("I32", i32_max + 1).find("parameter 'x' value 2147483648 is out of range for I32"),
            std::string::npos);
  EXPECT_NE(BindError("I32", i32_min - 1).find("out of range for I32"), std::string::npos);
  EXPECT_EQ(Bound("U32", uint64_t{4294967295u}), 4294967295u);
  EXPECT_NE(BindError("U32", uint64_t{4294967296u}).find("out of range for U32"), std::string::npos);
  EXPECT_NE(BindError("U32", -1).find("out of range for U32"), std::string::npos);
  EXPECT_NE(BindError("U64", -1).find("out of range for U64"), std::string::npos);
  EXPECT_EQ(Bound("I64", std::numeric_limits<int64_t>::min()), std::numeric_limits<int64_t>::min());
  EXPECT_NE(BindError("I64", uint64_t{9223372036854775808u}).find("out of range for I64"), std::string::npos);
  // U64 takes the whole unsigned range; values above INT64_MAX stay unsigned.
  json big = Bound("U64", std::numeric_limits<uint64_t>::max());
  EXPECT_TRUE(big.is_number_unsigned());
  EXPECT_EQ(big.get<uint64_t>(), std::numeric_limits<uint64_t>::max());
}

TEST(GqParams, SixtyFourBitIntegersMayArriveAsDecimalStrings) {
  // JavaScript clients send integers beyond 2^53 as strings (surface.md: bigint travels as a
  // JSON string). 32-bit integers fit a JSON number exactly, so a string there is a mistake.
  EXPECT_EQ(Bound("I64", "9007199254740993"), int64_t{9007199254740993});
  EXPECT_NE(BindError("I32", "-12").find("expects an integer (a JSON number, not a string), got a string"),
            std::string::npos);
  EXPECT_NE(BindError("U32", "3").find("expects an integer (a JSON number, not a string)"),
            std::string::npos);
  EXPECT_NE(BindError("I64", "12abc").find("parameter 'x' expects an integer, got a string"),
            std::string::npos);
  EXPECT_NE(BindError("I32", 3000000000LL).find("out of range for I32"), std::string::npos);
  EXPECT_EQ(Bound("U64", "18446744073709551615").get<uint64_t>(), std::numeric_limits<uint64_t>::max());
  EXPECT_NE(BindError("I64", "18446744073709551615").find("out of range for I64"), std::string::npos);
  EXPECT_NE(BindError("U64", "18446744073709551616").find("expects an integer, got a string"),
            std::string::npos);
}

TEST(GqParams, FloatsMustBeFinite) {
  EXPECT_NE(BindError("F64", std::nan("")).find("parameter 'x' must be finite"), std::string::npos);
  EXPECT_NE(BindError("Vector(1)", json::array({INFINITY})).find("must be finite"), std::string::npos);
}

TEST(GqParams, InvalidDatesAreRejectedNamingTheParameter) {
  std::string msg = BindError("Date", "2024-02-30");
  EXPECT_NE(msg.find("parameter 'x'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("2024-02-30"), std::string::npos) << msg;
  EXPECT_NE(BindError("DateTime", "noon").find("parameter 'x'"), std::string::npos);
}

TEST(GqParams, ListsConvertElementWiseAndVectorsHaveExactLength) {
  EXPECT_EQ(Bound("[I32]", json::array({1, 2, 3})), json::array({1, 2, 3}));
  EXPECT_EQ(Bound("[Date]", json::array({"1970-01-02"})), json::array({1}));
  EXPECT_EQ(Bound("[String]", json::array()), json::array());
  EXPECT_NE(BindError("[I32]", json::array({1, true})).find("parameter 'x' element 1 expects an integer, got a boolean"),
            std::string::npos);
  EXPECT_NE(BindError("[I32]", json::array({1, 5000000000})).find("element 1"), std::string::npos);
  json v = Bound("Vector(3)", json::array({1, 0.5, -2}));
  ASSERT_EQ(v.size(), 3u);
  EXPECT_TRUE(v[0].is_number_float());
  EXPECT_NE(BindError("Vector(3)", json::array({1, 2})).find("parameter 'x' expects 3 numbers, got 2"),
            std::string::npos);
  EXPECT_NE(BindError("Vector(3)", json::array({1, 2, 3, 4})).find("expects 3 numbers, got 4"),
            std::string::npos);
  EXPECT_NE(BindError("Vector(2)", json::array({1, "a"})).find("element 1 expects a number"), std::string::npos);
}

TEST(GqParams, NullIsOnlyForNullableParameters) {
  EXPECT_TRUE(Bound("I32?", nullptr).is_null());
  EXPECT_TRUE(Bound("[String]?", nullptr).is_null());
  EXPECT_TRUE(Bound("Vector(2)?", nullptr).is_null());
  EXPECT_NE(BindError("I32", nullptr).find("parameter 'x' of type I32 cannot be null"), std::string::npos);
  EXPECT_NE(BindError("[String]", nullptr).find("cannot be null"), std::string::npos);
  // An omitted nullable parameter is null; an omitted non-nullable one is an error even when the
  // query would not evaluate it (languages.md §10.13).
  OG_ASSIGN_OR_FAIL(QueryDecl nullable, Decl("$a: String?, $b: I32?"));
  OG_ASSIGN_OR_FAIL(auto bound, BindParams(nullable, json::object()));
  EXPECT_TRUE(bound.at("a").is_null());
  EXPECT_TRUE(bound.at("b").is_null());
  OG_ASSIGN_OR_FAIL(QueryDecl one, Decl("$a: String?"));
  OG_EXPECT_OK(BindParams(one, json()));  // no parameters at all
}

TEST(GqParams, AMissingParameterIsABadRequestLocatedAtItsDeclaration) {
  OG_ASSIGN_OR_FAIL(QueryDecl q, Decl("$a: String?, $name: String"));
  auto r = BindParams(q, json{{"a", "x"}, {"other", 1}});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsBadRequest());
  EXPECT_EQ(r.status().message(), "q.gq:1:22 in query 'q': parameter 'name' not provided");
  auto* detail = dynamic_cast<const SourceDetail*>(r.status().detail().get());
  ASSERT_NE(detail, nullptr);
  EXPECT_EQ(detail->span().query, "q");
  EXPECT_EQ(detail->span().column, 22);
  EXPECT_FALSE(BindParams(q, json()).ok());
}

TEST(GqParams, ParametersMustBeAJsonObject) {
  OG_ASSIGN_OR_FAIL(QueryDecl q, Decl("$a: String?"));
  auto r = BindParams(q, json::array({1}));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsBadRequest());
  EXPECT_NE(r.status().message().find("must be a JSON object"), std::string::npos);
}

TEST(GqParams, AQueryWithoutParametersIgnoresEveryKey) {
  OG_ASSIGN_OR_FAIL(QueryDecl q, Decl(""));
  OG_ASSIGN_OR_FAIL(auto r, BindParams(q, json{{"unused", 1}}));
  EXPECT_TRUE(r.empty());
}

}  // namespace
}  // namespace og::lang
