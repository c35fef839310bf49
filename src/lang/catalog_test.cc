// Catalog: scalar-type helpers, type spelling, lookups, and the lossless JSON form.

#include "lang/catalog.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/testing.h"

namespace og::lang {
namespace {

Result<Catalog> Schema(std::string_view src) { return ParseSchema(src, "t.pg"); }

TEST(ScalarType, NamesRoundTripForEveryType) {
#define OG_CHECK_NAME(name)                                 \
  EXPECT_STREQ(ScalarTypeName(ScalarType::k##name), #name); \
  EXPECT_EQ(ScalarTypeFromName(#name), ScalarType::k##name);
  OG_SCALAR_TYPES(OG_CHECK_NAME)
#undef OG_CHECK_NAME
}

TEST(ScalarType, FromNameIsExactAndCaseSensitive) {
  EXPECT_FALSE(ScalarTypeFromName("string").has_value());
  EXPECT_FALSE(ScalarTypeFromName("Vector").has_value());
  EXPECT_FALSE(ScalarTypeFromName("Dat").has_value());
  EXPECT_FALSE(ScalarTypeFromName("").has_value());
}

TEST(ScalarType, NumericClassification) {
  for (ScalarType t : {ScalarType::kI32, ScalarType::kI64, ScalarType::kU32, ScalarType::kU64}) {
    EXPECT_TRUE(IsInteger(t));
    EXPECT_TRUE(IsNumeric(t));
    EXPECT_FALSE(IsFloat(t));
  }
  for (ScalarType t : {ScalarType::kF32, ScalarType::kF64}) {
    EXPECT_TRUE(IsFloat(t));
    EXPECT_TRUE(IsNumeric(t));
    EXPECT_FALSE(IsInteger(t));
  }
  for (ScalarType t : {ScalarType::kString, ScalarType::kBlob, ScalarType::kBool, ScalarType::kDate,
                       ScalarType::kDateTime}) {
    EXPECT_FALSE(IsNumeric(t));
    EXPECT_FALSE(IsInteger(t));
    EXPECT_FALSE(IsFloat(t));
  }
}

TEST(Catalog, ReservedPropertyNames) {
  for (const char* n : {"id", "src", "dst", "_tombstone", "_rowid", "_rowaddr", "_rowoffset",
                        "_row_created_at_version", "_row_last_updated_at_version"}) {
    EXPECT_TRUE(IsReservedPropertyName(n)) << n;
  }
  for (const char* n : {"ids", "source", "_row", "name", "Id"}) {
    EXPECT_FALSE(IsReservedPropertyName(n)) << n;
  }
}

TEST(PropType, ToStringUsesThePgSpelling) {
  OG_ASSIGN_OR_FAIL(Catalog c, Schema(
      "node T { a: String  b: [I32]?  c: enum(b, a)  d: Vector(4)  e: DateTime?  f: enum(x)? }"));
  const auto& p = c.nodes[0].properties;
  EXPECT_EQ(p[0].type.ToString(), "String");
  EXPECT_EQ(p[1].type.ToString(), "[I32]?");
  EXPECT_EQ(p[2].type.ToString(), "enum(a, b)");
  EXPECT_EQ(p[3].type.ToString(), "Vector(4)");
  EXPECT_EQ(p[4].type.ToString(), "DateTime?");
  EXPECT_EQ(p[5].type.ToString(), "enum(x)?");
  EXPECT_TRUE(p[2].type.is_scalar());
  EXPECT_FALSE(p[1].type.is_scalar());
}

TEST(Catalog, NodeLookupIsCaseSensitiveEdgeLookupIsNot) {
  OG_ASSIGN_OR_FAIL(Catalog c, Schema(
      "node Person { name: String  age: I32? }\nnode Company { n: String }\n"
      "edge WorksAt: Person -> Company { since: Date? }\ninterface Named { n: String }"));
  EXPECT_NE(c.FindNode("Person"), nullptr);
  EXPECT_EQ(c.FindNode("person"), nullptr);
  EXPECT_EQ(c.FindNode("WorksAt"), nullptr);
  for (const char* n : {"WorksAt", "worksAt", "worksat", "WORKSAT"}) {
    const EdgeType* e = c.FindEdge(n);
    ASSERT_NE(e, nullptr) << n;
    EXPECT_EQ(e->name, "WorksAt");
  }
  EXPECT_EQ(c.FindEdge("works_at"), nullptr);
  EXPECT_EQ(c.FindEdge("Works"), nullptr);
  EXPECT_NE(c.FindInterface("Named"), nullptr);
  EXPECT_EQ(c.FindInterface("named"), nullptr);
}

TEST(Catalog, PropertyLookup) {
  OG_ASSIGN_OR_FAIL(Catalog c, Schema("node P { name: String  age: I32? }\nedge K: P -> P { since: Date? }"));
  const NodeType& p = c.nodes[0];
  EXPECT_EQ(p.PropertyIndex("age"), 1);
  EXPECT_EQ(p.PropertyIndex("id"), -1);
  EXPECT_EQ(p.FindProperty("name"), &p.properties[0]);
  EXPECT_EQ(p.FindProperty("Name"), nullptr);
  const EdgeType& k = c.edges[0];
  EXPECT_EQ(k.PropertyIndex("since"), 0);
  EXPECT_EQ(k.FindProperty("src"), nullptr);
}

constexpr const char* kRichSchema = R"(
interface Named { slug: String @key  title: String @index @rename_from("name") }
node Doc @description("A document") @instruction("cite it") @rename_from("Page")
    @ui("card", color="blue", width=2, ratio=0.75, shown=true) implements Named {
  body: String?
  tags: [String]?
  kind: enum(memo, data-eng, a1)
  score: F64?
  count: U64
  embedding: Vector(3) @embed("body", model="mini") @index
  raw: Blob?
  @range(score, -1.5..)
  @range(count, ..10)
  @check(body, "^[A-Z]")
  @unique(title, kind)
  @index(tags)
}
node Tag { name: String @key }
edge Tagged: Doc -> Tag @card(1..3) @description("tagging") {
  weight: F32? @custom(x)
  @unique(src, dst)
  @index(dst)
}
edge Cites: Doc -> Doc
)";

TEST(CatalogJson, RoundTripIsLossless) {
  OG_ASSIGN_OR_FAIL(Catalog c, Schema(kRichSchema));
  Result<Catalog> back = Catalog::FromJson(c.ToJson());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(*back == c);
  // Through text, as it is stored.
  Result<Catalog> reparsed = Catalog::FromJson(nlohmann::json::parse(c.ToJson().dump()));
  ASSERT_TRUE(reparsed.ok()) << reparsed.status().ToString();
  EXPECT_TRUE(*reparsed == c);
  EXPECT_EQ(reparsed->ToJson(), c.ToJson());
  // Spot checks that the fields compared above are populated.
  const NodeType* doc = reparsed->FindNode("Doc");
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(doc->key, (std::vector<std::string>{"slug"}));
  EXPECT_EQ(doc->ranges.at(0).min, -1.5);
  EXPECT_FALSE(doc->ranges.at(0).max.has_value());
  EXPECT_EQ(doc->FindProperty("embedding")->embed->model, "mini");
  EXPECT_EQ(doc->FindProperty("title")->rename_from, "name");
  EXPECT_EQ(reparsed->FindEdge("tagged")->card.max, 3);
  EXPECT_FALSE(reparsed->FindEdge("cites")->card.max.has_value());
}

TEST(CatalogJson, RoundTripOfEveryEmptyOptionalField) {
  OG_ASSIGN_OR_FAIL(Catalog c, Schema("node A { x: I32 }\nedge E: A -> A"));
  Result<Catalog> back = Catalog::FromJson(c.ToJson());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(*back == c);
  OG_EXPECT_OK(Catalog::FromJson(Catalog{}.ToJson()));
}

TEST(CatalogJson, SharedSchemasRoundTrip) {
  namespace fs = std::filesystem;
  fs::path root = OG_SHARED_DATA_DIR;
  OG_REQUIRE_SHARED_DATA((root / "fixtures").string());
  OG_REQUIRE_SHARED_DATA((root / "cookbooks").string());
  std::vector<fs::path> paths;
  for (const auto& e : fs::directory_iterator(root / "fixtures")) {
    if (e.path().extension() == ".pg") paths.push_back(e.path());
  }
  for (const auto& e : fs::directory_iterator(root / "cookbooks")) {
    if (fs::exists(e.path() / "schema.pg")) paths.push_back(e.path() / "schema.pg");
  }
  EXPECT_GE(paths.size(), 6u);  // the fixture schemas and two cookbooks
  for (const fs::path& p : paths) {
    SCOPED_TRACE(p.string());
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    OG_ASSIGN_OR_FAIL(Catalog c, ParseSchema(ss.str(), p.string()));
    OG_ASSIGN_OR_FAIL(Catalog back, Catalog::FromJson(nlohmann::json::parse(c.ToJson().dump())));
    EXPECT_TRUE(back == c);
  }
}

TEST(CatalogJson, MalformedDocumentsAreCorruptionNotExceptions) {
  OG_ASSIGN_OR_FAIL(Catalog rich, Schema(kRichSchema));
  nlohmann::json good = rich.ToJson();

  auto expect_corrupt = [](const nlohmann::json& j, const std::string& needle) {
    Result<Catalog> r = Catalog::FromJson(j);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::Corruption) << r.status().ToString();
    EXPECT_NE(r.status().message().find(needle), std::string::npos) << r.status().message();
  };
  expect_corrupt(nlohmann::json::array(), "catalog json");
  expect_corrupt(nlohmann::json("text"), "catalog json");

  nlohmann::json j = good;
  j["format_version"] = 99;
  expect_corrupt(j, "unsupported format_version 99");

  j = good;
  j.erase("nodes");
  expect_corrupt(j, "nodes");

  j = good;
  j["nodes"][0]["properties"][0]["type"]["kind"] = "tensor";
  expect_corrupt(j, "unknown property type kind 'tensor'");

  j = good;
  j["nodes"][0]["properties"][0]["type"]["scalar"] = "I128";
  expect_corrupt(j, "unknown scalar type 'I128'");

  j = good;
  j["nodes"][0]["annotations"][0]["args"][0]["kind"] = "regex";
  expect_corrupt(j, "unknown annotation argument kind 'regex'");

  j = good;
  j["edges"][0]["card"]["min"] = "one";
  expect_corrupt(j, "catalog json");

  j = good;
  j["nodes"][0]["properties"] = nlohmann::json::object();
  expect_corrupt(j, "catalog json");
}

TEST(Cardinality, DefaultIsZeroToUnbounded) {
  Cardinality c;
  EXPECT_TRUE(c.is_default());
  c.max = 5;
  EXPECT_FALSE(c.is_default());
  Cardinality d;
  d.min = 1;
  EXPECT_FALSE(d.is_default());
}

}  // namespace
}  // namespace og::lang
