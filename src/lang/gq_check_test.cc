// The .gq front end: parse errors with locations, every T-code of languages.md §7.1 on a minimal
// query, traversal orientation, column names, parameter binding, and lint over the shared files.
#include "lang/gq_check.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "lang/gq_parser.h"

namespace og::lang {
namespace {

constexpr const char* kSchema = R"(
node Person { name: String @key  age: I32?  tags: [String]?  emb: Vector(3)?  photo: Blob?
              role: enum(admin, member)? }
node Company { name: String @key }
edge Knows: Person -> Person { since: Date? }
edge WorksAt: Person -> Company
)";

const Catalog& TestCatalog() {
  static Catalog c = ParseSchema(kSchema, "s.pg").ValueOrDie();
  return c;
}

// Parse + typecheck one query; returns the status message ("" when OK).
std::string Check(const std::string& src, CheckedQuery* out = nullptr) {
  static std::vector<std::unique_ptr<QueryFile>> keep;  // checked queries point into their AST
  auto file = ParseQueries(src, "q.gq");
  if (!file.ok()) return file.status().message();
  keep.push_back(std::make_unique<QueryFile>(file.MoveValueUnsafe()));
  auto checked = Typecheck(keep.back()->queries.at(0), TestCatalog());
  if (!checked.ok()) return checked.status().message();
  if (out) *out = checked.MoveValueUnsafe();
  return "";
}

std::string Read(const std::string& match, const std::string& ret = "$p.name",
                 const std::string& tail = "", const std::string& params = "") {
  return "query q(" + params + ") { match { " + match + " } return { " + ret + " } " + tail + " }";
}

TEST(GqParser, SyntaxErrorsNameTheLineColumnAndQuery) {
  std::string msg = Check("query q() {\n  match { $p: Person }\n  return { $p.name }\n  limit x\n}");
  EXPECT_NE(msg.find("q.gq:4:9"), std::string::npos) << msg;
  EXPECT_NE(msg.find("query 'q'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("parse error: expected an integer after limit"), std::string::npos) << msg;
  EXPECT_NE(Check("query q() { match { $p: Person { name: } } return { $p } }").find("parse error"),
            std::string::npos);
  EXPECT_NE(Check(Read("$p: Person  $p.age > -3")).find("negative literals"), std::string::npos);
}

TEST(GqParser, ParsesEveryClauseKind) {
  auto file = ParseQueries(R"(
    query a($n: String, $v: Vector(3)?, $l: [I32]) @description("d") {
      match {
        $p: Person { name: $n, age: 3 }
        $p $w:knows $f
        $p <knows>{1,3} $g
        not { $p worksAt $_ }
        $f.age >= 2.5
        $f.name starts_with "A"
      }
      return { $p.name as who, count($f) }
      order { who desc } limit 5
    }
    query b() { insert Person { name: "x" } update Person set { age: 1 } where name = "x"
                delete Knows where from = "x" })", "f.gq");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_EQ(file->queries.size(), 2u);
  const QueryDecl& a = file->queries[0];
  EXPECT_EQ(a.description, "d");
  EXPECT_EQ(a.params[1].ToString(), "Vector(3)?");
  EXPECT_EQ(a.params[2].ToString(), "[I32]");
  ASSERT_EQ(a.match.size(), 6u);
  EXPECT_EQ(a.match[1].traversal.edge_var, "w");
  EXPECT_TRUE(a.match[2].traversal.undirected);
  EXPECT_EQ(*a.match[2].traversal.max_hops, 3);
  EXPECT_EQ(a.match[3].kind, Clause::Kind::kNegation);
  EXPECT_EQ(a.match[5].filter.op, CompareOp::kStartsWith);
  EXPECT_EQ(a.limit, 5);
  EXPECT_TRUE(file->queries[1].is_mutation);
  EXPECT_EQ(file->queries[1].statements.size(), 3u);
}

struct CodeCase {
  const char* code;
  std::string query;
};

TEST(GqCheck, EveryTypeErrorCarriesItsCode) {
  std::vector<CodeCase> cases = {
      {"T1", Read("$x: Ghost", "$x")},
      {"T2", Read("$p: Person { nickname: \"x\" }")},
      {"T3", Read("$p: Person { age: \"old\" }")},
      {"T3", Read("$p: Person { role: \"superadmin\" }")},
      {"T3", Read("$p: Person { tags: [\"a\"] }")},
      {"T4", Read("$p: Person  $p likes $f")},
      {"T5", Read("$c: Company  $c knows $f", "$f.name")},
      {"T6", Read("$p: Person", "$q.name")},
      {"T6", Read("$p: Person", "$p.nickname")},
      {"T7", Read("$p: Person  $p.age > \"thirty\"")},
      {"T7", Read("$p: Person  $p.tags = \"a\"")},
      {"T7", Read("$p: Person  $p = $p")},
      {"T7", Read("$p: Person { age: $n }", "$p.name", "", "$n: String")},
      {"T8", Read("$p: Person", "sum($p.name)")},
      {"T9", Read("$p: Person  not { $x: Person }")},
      {"T9", Read("$p: Person  $p knows $f", "\"x\", count($f)")},
      {"T10", "query q() { insert Ghost { name: \"x\" } }"},
      {"T11", "query q() { insert Person { name: \"x\", nick: \"y\" } }"},
      {"T11", "query q($n: String) { update Person set { name: $n } where age = 3 }"},
      {"T12", "query q() { insert Person { age: 3 } }"},
      {"T12", "query q($a: String) { insert Knows { from: $a } }"},
      {"T13", "query q() { insert Person { name: \"x\", name: \"y\" } }"},
      {"T14", "query q() { insert Person { name: $who } }"},
      {"T15", Read("$p: Person  $p knows{1,} $f")},
      {"T15", Read("$p: Person  $p knows{0,2} $f")},
      {"T15", Read("$p: Person  $p knows{3,1} $f")},
      {"T15", Read("$p: Person", "$p.name", "order { nearest($p.name, \"x\") } limit 3")},
      {"T16", "query q() { update Knows set { since: date(\"2020-01-01\") } where from = \"A\" }"},
      {"T17", Read("$p: Person", "$p.name", "order { nearest($p.emb, [1, 2, 3]) }")},
      {"T18", Read("$p: Person", "$p.name as n", "order { nearest($p.emb, [1, 2, 3]), n } limit 2")},
      {"T19", Read("$p: Person  search($p.age, \"x\")")},
      {"T20", Read("$p: Person", "$p.name", "order { bm25($p.age, \"x\") } limit 2")},
      {"T21", Read("$p: Person", "$p.name", "order { rrf(nearest($p.emb, [1, 2, 3]), bm25($p.name, \"x\")) }")},
      {"T21", Read("$p: Person", "$p.name", "order { rrf($p.name, bm25($p.name, \"x\")) } limit 2")},
      {"T22", Read("$p: Person  $p <worksAt> $c", "$c.name")},
      {"T23", Read("$p: Person  $p $w:knows{1,2} $f")},
      {"T23", Read("$p: Person  $p $w:knows $f", "$w")},
      {"T24", Read("$p: Person", "$p.photo")},
  };
  for (const auto& c : cases) {
    std::string msg = Check(c.query);
    EXPECT_NE(msg.find(std::string("type error: ") + c.code + ":"), std::string::npos)
        << c.code << " for " << c.query << "\n got: " << msg;
  }
}

TEST(GqCheck, ErrorsAreLocatedInTheQuery) {
  std::string msg = Check("query find() {\n  match {\n    $x: Ghost\n  }\n  return { $x }\n}");
  EXPECT_NE(msg.find("q.gq:3:5"), std::string::npos) << msg;
  EXPECT_NE(msg.find("in query 'find'"), std::string::npos) << msg;
}

TEST(GqCheck, TraversalDirectionFollowsTheBoundEndpointType) {
  CheckedQuery q;
  ASSERT_EQ(Check(Read("$c: Company { name: \"Acme\" }  $c worksAt $p", "$p.name"), &q), "");
  const CheckedTraversal& t = q.traversals.begin()->second;
  EXPECT_FALSE(t.forward);  // stored Person → Company, written $c → $p
  EXPECT_EQ(q.vars[t.dst].type, "Person");
  ASSERT_EQ(Check(Read("$p: Person  $p knows $f", "$f.name"), &q), "");
  EXPECT_TRUE(q.traversals.begin()->second.forward);
}

TEST(GqCheck, ColumnsAreNamedLikeTheEngine) {
  CheckedQuery q;
  ASSERT_EQ(Check(Read("$p: Person", "$p.name, $p, $n, \"x\", $p.age as years", "", "$n: String"), &q), "");
  std::vector<std::string> names;
  for (const auto& c : q.columns) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"p.name", "p", "n", "literal", "years"}));
}

TEST(GqParams, BindingConvertsAndValidatesEveryDeclaredParameter) {
  auto file = ParseQueries(
      "query q($s: String, $i: I32, $d: Date, $t: DateTime, $v: Vector(2), $o: I64?) "
      "{ match { $p: Person } return { $p.name } }", "q.gq").MoveValueUnsafe();
  const QueryDecl& q = file.queries[0];
  auto ok = BindParams(q, nlohmann::json::parse(
      R"({"s":"a","i":7,"d":"1970-01-02","t":"1970-01-01T00:00:01Z","v":[1,2.5],"extra":1})"));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ((*ok)["d"], 1);
  EXPECT_EQ((*ok)["t"], 1000);
  EXPECT_TRUE((*ok)["o"].is_null());
  auto missing = BindParams(q, nlohmann::json::parse(R"({"i":1,"d":"1970-01-01","t":"1970-01-01","v":[1,2]})"));
  EXPECT_NE(missing.status().message().find("parameter 's' not provided"), std::string::npos);
  auto range = BindParams(q, nlohmann::json::parse(
      R"({"s":"a","i":3000000000,"d":"1970-01-01","t":"1970-01-01","v":[1,2]})"));
  EXPECT_NE(range.status().message().find("out of range"), std::string::npos);
  auto dims = BindParams(q, nlohmann::json::parse(
      R"({"s":"a","i":1,"d":"1970-01-01","t":"1970-01-01","v":[1]})"));
  EXPECT_NE(dims.status().message().find("expects 2 numbers"), std::string::npos);
  auto type = BindParams(q, nlohmann::json::parse(
      R"({"s":5,"i":1,"d":"1970-01-01","t":"1970-01-01","v":[1,2]})"));
  EXPECT_NE(type.status().message().find("parameter 's' expects a string"), std::string::npos);
}

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(GqLint, SharedQueryFilesLintCleanAgainstTheirSchemas) {
  std::filesystem::path data = OG_SHARED_DATA_DIR;
  if (!std::filesystem::exists(data)) GTEST_SKIP() << "shared data not found at " << data;
  int files = 0;
  auto lint_dir = [&](const std::filesystem::path& schema, const std::filesystem::path& dir) {
    Catalog cat = ParseSchema(Slurp(schema), schema.string()).ValueOrDie();
    for (const auto& f : std::filesystem::directory_iterator(dir)) {
      if (f.path().extension() != ".gq") continue;
      nlohmann::json r = LintQueries(cat, Slurp(f.path()), f.path().string(), schema.string());
      EXPECT_EQ(r["status"], "ok") << f.path() << "\n" << r.dump(2);
      ++files;
    }
  };
  lint_dir(data / "cookbooks/industry-intel/schema.pg", data / "cookbooks/industry-intel/queries");
  lint_dir(data / "cookbooks/second-brain/schema.pg", data / "cookbooks/second-brain/queries");
  EXPECT_EQ(files, 16);
}

TEST(GqLint, ReportsParseAndTypeErrorsAndWarnings) {
  nlohmann::json bad = LintQueries(TestCatalog(), "query q( {", "x.gq", "s.pg");
  EXPECT_EQ(bad["status"], "error");
  EXPECT_EQ(bad["findings"][0]["code"], "Q000");
  nlohmann::json r = LintQueries(
      TestCatalog(),
      "query ok() { match { $p: Person } return { $p.name } }\n"
      "query broken() { match { $x: Ghost } return { $x } }\n"
      "query fix() { update Person set { age: 3 } where name = \"a\" }",
      "x.gq", "s.pg");
  EXPECT_EQ(r["status"], "error");
  EXPECT_EQ(r["queries_processed"], 3);
  EXPECT_EQ(r["errors"], 1);
  EXPECT_EQ(r["results"][1]["status"], "error");
  bool l201 = false, no_params = false;
  for (const auto& f : r["findings"]) {
    if (f["code"] == "L201") l201 = true;
    if (f["message"].get<std::string>().find("declares no params") != std::string::npos) no_params = true;
  }
  EXPECT_TRUE(l201) << r.dump(2);
  EXPECT_TRUE(no_params);
  EXPECT_NE(RenderLintText(r).find("T1"), std::string::npos);
}

}  // namespace
}  // namespace og::lang
