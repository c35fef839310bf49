// Query lint (languages.md §7.2): the JSON report shape, Q000 for a file that does not parse, the
// T-code of each failing query, L201 and the parameterless-mutation warning, finding order, and the
// plain-text rendering; every shared query file lints clean against its schema.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/testing.h"
#include "lang/gq_check.h"

namespace og::lang {
namespace {

using nlohmann::json;

constexpr const char* kSchema = R"(
node Person { name: String @key  age: I32?  nick: String?  email: String  bio: String?
              bio_vec: Vector(2)? @embed("bio") }
node Company { name: String @key  city: String? }
edge Knows: Person -> Person
)";


std::vector<json> FindingsWithCode(const json& report, const std::string& code) {
  std::vector<json> out;
  for (const auto& f : report["findings"]) {
    if (f["code"] == code) out.push_back(f);
  }
  return out;
}

TEST(GqLint, ACleanFileReportsOkWithOneResultPerQuery) {
  OG_ASSIGN_OR_FAIL(const Catalog catalog, ParseSchema(kSchema, "s.pg"));
  json r = LintQueries(catalog,
                       "query a() { match { $p: Person } return { $p.name } }\n"
                       "query b($n: String) { delete Person where name = $n }",
                       "q.gq", "s.pg");
  EXPECT_EQ(r["status"], "ok");
  EXPECT_EQ(r["schema_source"], (json{{"kind", "file"}, {"path", "s.pg"}}));
  EXPECT_EQ(r["query_path"], "q.gq");
  EXPECT_EQ(r["queries_processed"], 2);
  EXPECT_EQ(r["errors"], 0);
  EXPECT_EQ(r["warnings"], 0);
  EXPECT_EQ(r["infos"], 0);
  EXPECT_TRUE(r["findings"].empty());
  ASSERT_EQ(r["results"].size(), 2u);
  EXPECT_EQ(r["results"][0], (json{{"name", "a"}, {"kind", "read"}, {"status", "ok"},
                                   {"warnings", json::array()}}));
  EXPECT_EQ(r["results"][1]["kind"], "mutation");
  EXPECT_FALSE(r["results"][1].contains("error"));
}

TEST(GqLint, AFileThatDoesNotParseIsOneQ000Finding) {
  OG_ASSIGN_OR_FAIL(const Catalog catalog, ParseSchema(kSchema, "s.pg"));
  json r = LintQueries(catalog, "query ok() { match { $p: Person } return { $p } }\nquery q( {",
                       "bad.gq", "s.pg");
  EXPECT_EQ(r["status"], "error");
  EXPECT_EQ(r["errors"], 1);
  EXPECT_EQ(r["queries_processed"], 0);
  EXPECT_TRUE(r["results"].empty());
  ASSERT_EQ(r["findings"].size(), 1u);
  const json& f = r["findings"][0];
  EXPECT_EQ(f["severity"], "error");
  EXPECT_EQ(f["code"], "Q000");
  EXPECT_NE(f["message"].get<std::string>().find("bad.gq:2:10 in query 'q': parse error"), std::string::npos)
      << f["message"];
  EXPECT_TRUE(f["query_names"].empty());
}

TEST(GqLint, EachFailingQueryReportsItsTypeErrorCode) {
  OG_ASSIGN_OR_FAIL(const Catalog catalog, ParseSchema(kSchema, "s.pg"));
  json r = LintQueries(catalog,
                       "query ok() { match { $p: Person } return { $p.name } }\n"
                       "query ghost() { match { $x: Ghost } return { $x } }\n"
                       "query cmp() { match { $p: Person  $p.age > \"x\" } return { $p } }\n",
                       "q.gq", "s.pg");
  EXPECT_EQ(r["status"], "error");
  EXPECT_EQ(r["queries_processed"], 3);
  EXPECT_EQ(r["errors"], 2);
  EXPECT_EQ(r["results"][0]["status"], "ok");
  EXPECT_EQ(r["results"][1]["status"], "error");
  EXPECT_EQ(r["results"][1]["error"],
            "q.gq:2:25 in query 'ghost': type error: T1: unknown node type 'Ghost'");
  ASSERT_EQ(FindingsWithCode(r, "T1").size(), 1u);
  EXPECT_EQ(FindingsWithCode(r, "T1")[0]["query_names"], json::array({"ghost"}));
  ASSERT_EQ(FindingsWithCode(r, "T7").size(), 1u);
  EXPECT_EQ(FindingsWithCode(r, "T7")[0]["query_names"], json::array({"cmp"}));
}

TEST(GqLint, L201NamesNullablePropertiesThatNoUpdateSets) {
  OG_ASSIGN_OR_FAIL(const Catalog catalog, ParseSchema(kSchema, "s.pg"));
  json r = LintQueries(catalog,
                       "query set_age($n: String, $a: I32) { update Person set { age: $a } where name = $n }\n"
                       "query set_nick($n: String, $k: String) {\n"
                       "  update Person set { nick: $k } where name = $n\n"
                       "  update Person set { nick: $k } where email = $n }\n"
                       "query add_company($n: String) { insert Company { name: $n } }\n",
                       "q.gq", "s.pg");
  EXPECT_EQ(r["status"], "ok");
  std::vector<json> l201 = FindingsWithCode(r, "L201");
  // Person.bio only: age and nick are set, name is the key, email is not nullable, bio_vec is
  // an @embed target. Company has no update query, so city is not reported.
  ASSERT_EQ(l201.size(), 1u) << r.dump(2);
  EXPECT_EQ(l201[0]["severity"], "warning");
  EXPECT_EQ(l201[0]["type_name"], "Person");
  EXPECT_EQ(l201[0]["property"], "bio");
  EXPECT_EQ(l201[0]["message"], "Person.bio exists in schema but no update query sets it");
  EXPECT_EQ(l201[0]["query_names"], json::array({"set_age", "set_nick"}));
  EXPECT_EQ(r["warnings"], 1);
}

TEST(GqLint, AMutationWithoutParametersIsWarnedAbout) {
  OG_ASSIGN_OR_FAIL(const Catalog catalog, ParseSchema(kSchema, "s.pg"));
  json r = LintQueries(catalog,
                       "query fixed() { insert Company { name: \"Acme\" } }\n"
                       "query read() { match { $p: Person } return { $p } }",
                       "q.gq", "s.pg");
  EXPECT_EQ(r["status"], "ok");
  EXPECT_EQ(r["warnings"], 1);
  const std::string w = "mutation declares no params; hardcoded mutations are easy to miss";
  EXPECT_EQ(r["results"][0]["warnings"], json::array({w}));
  EXPECT_TRUE(r["results"][1]["warnings"].empty());
  ASSERT_EQ(r["findings"].size(), 1u);
  EXPECT_EQ(r["findings"][0]["severity"], "warning");
  EXPECT_EQ(r["findings"][0]["message"], w);
  EXPECT_EQ(r["findings"][0]["query_names"], json::array({"fixed"}));
}

TEST(GqLint, FindingsAreSortedBySeverityTypePropertyAndMessage) {
  OG_ASSIGN_OR_FAIL(const Catalog catalog, ParseSchema(kSchema, "s.pg"));
  json r = LintQueries(catalog,
                       "query fixed() { update Company set { city: \"x\" } where name = \"a\" }\n"
                       "query u($n: String) { update Person set { age: 1 } where name = $n }\n"
                       "query bad() { match { $x: Ghost } return { $x } }",
                       "q.gq", "s.pg");
  std::vector<std::string> order;
  for (const auto& f : r["findings"]) {
    order.push_back(f["severity"].get<std::string>() + " " + f.value("type_name", std::string()) + "." +
                    f.value("property", std::string()));
  }
  EXPECT_EQ(order, (std::vector<std::string>{"error .", "warning .", "warning Person.bio",
                                             "warning Person.nick"}));
}

TEST(GqLint, TextRenderingIsOneLinePerFindingAndASummary) {
  OG_ASSIGN_OR_FAIL(const Catalog catalog, ParseSchema(kSchema, "s.pg"));
  json r = LintQueries(catalog,
                       "query fixed() { insert Company { name: \"Acme\" } }\n"
                       "query bad() { match { $x: Ghost } return { $x } }",
                       "q.gq", "s.pg");
  std::string text = RenderLintText(r);
  EXPECT_EQ(text,
            "error T1: q.gq:2:23 in query 'bad': type error: T1: unknown node type 'Ghost' (bad)\n"
            "warning: mutation declares no params; hardcoded mutations are easy to miss (fixed)\n"
            "q.gq: 2 queries, 1 errors, 1 warnings \xE2\x80\x94 error\n");
}

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(GqLint, SharedQueryFilesLintCleanAgainstTheirSchemas) {
  std::filesystem::path data = OG_SHARED_DATA_DIR;
  OG_REQUIRE_SHARED_DATA((data / "fixtures").string());
  OG_REQUIRE_SHARED_DATA((data / "cookbooks").string());
  int files = 0;
  auto lint = [&](const std::filesystem::path& schema, const std::filesystem::path& gq) {
    SCOPED_TRACE(gq.string());
    OG_ASSIGN_OR_FAIL(Catalog cat, ParseSchema(Slurp(schema), schema.string()));
    json r = LintQueries(cat, Slurp(gq), gq.string(), schema.string());
    EXPECT_EQ(r["status"], "ok") << gq << "\n" << r.dump(2);
    EXPECT_EQ(r["errors"], 0) << gq;
    ++files;
  };
  lint(data / "fixtures/test.pg", data / "fixtures/test.gq");
  lint(data / "fixtures/search.pg", data / "fixtures/search.gq");
  for (const auto& book : std::filesystem::directory_iterator(data / "cookbooks")) {
    if (!std::filesystem::exists(book.path() / "queries")) continue;
    for (const auto& f : std::filesystem::directory_iterator(book.path() / "queries")) {
      if (f.path().extension() == ".gq") lint(book.path() / "schema.pg", f.path());
    }
  }
  EXPECT_EQ(files, 18);
}

}  // namespace
}  // namespace og::lang
