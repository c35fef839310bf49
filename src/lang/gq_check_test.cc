// The .gq typechecker (languages.md §2.3–2.6, §3.2, §4, §7.1): every T-code and every uncoded error
// with its location, the negative cases 48–58c and the positive examples 1–47 of §8 (resolved
// orientation, variables and columns), and every query of the shared fixtures and cookbooks.
#include "lang/gq_check.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "common/testing.h"
#include "lang/gq_parser.h"

namespace og::lang {
namespace {

// A schema with one property of every shape the checks distinguish.
constexpr const char* kSchema = R"(
node Person { name: String @key  age: I32?  tags: [String]?  emb: Vector(3)?  photo: Blob?
              role: enum(admin, member)?  seen: DateTime?  bio: String?  active: Bool? }
node Company { name: String @key }
edge Knows: Person -> Person { since: Date?  note: String?  emb: Vector(3)? }
edge WorksAt: Person -> Company
edge Rated: Person -> Company { stars: I32 }
)";

// languages.md §8, schemas S1 (tests/fixtures/test.pg), S3 and S4.
constexpr const char* kS1 = R"(
node Person { name: String @key  age: I32? }
node Company { name: String @key }
edge Knows: Person -> Person { since: Date? }
edge WorksAt: Person -> Company
)";
constexpr const char* kS3 = R"(
node Metric { name: String @key  label: String? @index  score: F64?  ratio: F32?
              count: I32?  active: Bool?  born: Date?  seen: DateTime? }
node Tag { tname: String @key }
edge Tagged: Metric -> Tag
)";
constexpr const char* kS4 = R"(
node Doc { slug: String @key  title: String @index  body: String @index  embedding: Vector(4)
           status: String? }
)";

Result<Catalog> Schema(const char* text) { return ParseSchema(text, "s.pg"); }

// Parses and typechecks queries, keeping each AST alive as long as its CheckedQuery (which points
// into it).
class Front {
 public:
  explicit Front(const Catalog& catalog) : catalog_(catalog) {}

  /// Typecheck the first query of `src`.
  Result<CheckedQuery> Check(const std::string& src) {
    OG_ASSIGN_OR_RAISE(QueryFile file, ParseQueries(src, "q.gq"));
    if (file.queries.empty()) return Status::BadRequest("no query in: ", src);
    files_.push_back(std::make_unique<QueryFile>(std::move(file)));
    return Typecheck(files_.back()->queries[0], catalog_);
  }

 private:
  const Catalog& catalog_;
  std::vector<std::unique_ptr<QueryFile>> files_;
};

std::string Read(const std::string& match, const std::string& ret = "$p.name",
                 const std::string& tail = "", const std::string& params = "") {
  return "query q(" + params + ") { match { " + match + " } return { " + ret + " } " + tail + " }";
}

// An expected type error: its code ("" for the uncoded ones) and where it points: the first
// occurrence of `anchor` in the (single-line) query.
struct ErrorCase {
  const char* code;
  std::string query;
  std::string anchor;
};

void ExpectTypeError(const Catalog& catalog, const ErrorCase& c) {
  SCOPED_TRACE(std::string(c.code[0] ? c.code : "uncoded") + " for: " + c.query);
  size_t at = c.query.find(c.anchor);
  ASSERT_NE(at, std::string::npos) << "anchor '" << c.anchor << "' is not in the query";
  Front front(catalog);
  auto r = front.Check(c.query);
  ASSERT_FALSE(r.ok());
  const Status& st = r.status();
  EXPECT_TRUE(st.IsBadRequest()) << st.ToString();
  std::string prefix = c.code[0] ? std::string("type error: ") + c.code + ": " : "type error: ";
  EXPECT_NE(st.message().find(prefix), std::string::npos) << st.message();
  if (!c.code[0]) {
    EXPECT_EQ(st.message().find("type error: T"), std::string::npos) << st.message();
  }
  auto* detail = dynamic_cast<const SourceDetail*>(st.detail().get());
  ASSERT_NE(detail, nullptr) << st.ToString();
  EXPECT_EQ(detail->span().file, "q.gq");
  EXPECT_EQ(detail->span().query, "q");
  EXPECT_EQ(detail->span().line, 1);
  EXPECT_EQ(detail->span().column, static_cast<int>(at) + 1) << st.message();
}

TEST(GqCheck, EveryTypeErrorCarriesItsCodeAndLocation) {
  OG_ASSIGN_OR_FAIL(const Catalog catalog, Schema(kSchema));
  const std::vector<ErrorCase> cases = {
      // T1–T6: unknown names.
      {"T1", Read("$x: Ghost", "$x"), "$x: Ghost"},
      {"T2", Read("$p: Person { nickname: \"x\" }"), "nickname"},
      {"T3", Read("$p: Person { age: \"old\" }"), "\"old\""},
      {"T3", Read("$p: Person { role: \"superadmin\" }"), "\"superadmin\""},
      {"T3", Read("$p: Person { tags: [\"a\"] }"), "[\"a\"]"},
      {"T3", Read("$p: Person { photo: \"x\" }"), "photo"},
      {"T3", Read("$p: Person { emb: [1, 2] }"), "[1, 2]"},
      {"T3", Read("$p: Person { seen: datetime(\"yesterday\") }"), "datetime("},
      {"T3", "query q() { insert Person { name: 3 } }", "3 }"},
      {"T3", "query q() { insert Person { name: \"x\", role: \"root\" } }", "\"root\""},
      {"T4", Read("$p: Person  $p likes $f"), "likes"},
      {"T5", Read("$c: Company  $c knows $f", "$f.name"), "$c knows"},
      {"T5", Read("$c: Company  $f knows $c", "$f.name"), "$c }"},
      {"T5", Read("$p: Person  $q: Person  $p worksAt $q"), "$q }"},
      {"T6", Read("$p: Person", "$q.name"), "$q.name"},
      {"T6", Read("$p: Person", "$p.nickname"), "$p.nickname"},
      {"T6", Read("$p: Person  $p $w:knows $f", "$w.weight"), "$w.weight"},
      {"T6", Read("$p: Person", "$p.name", "order { nm }"), "nm }"},
      // T7: operands and assignments.
      {"T7", Read("$p: Person  $p.age > \"thirty\""), "$p.age >"},
      {"T7", Read("$p: Person  $p.tags = \"a\""), "$p.tags ="},
      {"T7", Read("$p: Person  $p = $p"), "$p = "},
      {"T7", Read("$p: Person { age: $n }", "$p.name", "", "$n: String"), "$n }"},
      {"T7", Read("$p: Person { name: now() }"), "now()"},
      {"T7", Read("$p: Person  $p.age contains 3"), "$p.age contains"},
      {"T7", Read("$p: Person  $p.tags contains 3"), "$p.tags contains"},
      {"T7", Read("$p: Person  $p.age starts_with \"x\""), "$p.age starts_with"},
      {"T7", Read("$p: Person  $p.emb = $v", "$p.name", "", "$v: Vector(3)"), "$p.emb ="},
      {"T7", Read("$p: Person  $p.photo = \"x\""), "$p.photo ="},
      {"T7", Read("$p: Person  $p.seen > date(\"2024-01-01\")"), "$p.seen >"},
      {"T7", "query q($a: String) { insert Person { name: \"x\", age: $a } }", "$a }"},
      {"T7", "query q() { insert Person { name: now() } }", "now()"},
      // T8, T9: aggregates and negation.
      {"T8", Read("$p: Person", "sum($p.name)"), "sum("},
      {"T8", Read("$p: Person", "avg($p.tags)"), "avg("},
      {"T8", Read("$p: Person", "min($p.active)"), "min("},
      {"T9", Read("$p: Person  not { $x: Person }"), "not {"},
      {"T9", Read("$p: Person  not { $x: Person  not { $x.name = \"a\" } }"), "not { $x"},
      {"T9", Read("$p: Person  $p knows $f", "\"x\", count($f)"), "\"x\""},
      {"T9", Read("$p: Person", "$n, count($p)", "", "$n: String"), "$n, count"},
      // T10–T16: mutations.
      {"T10", "query q() { insert Ghost { name: \"x\" } }", "insert"},
      {"T10", "query q() { update Person set { } where name = \"x\" }", "update"},
      {"T10", "query q() { insert Company { } }", "insert"},
      {"T11", "query q() { insert Person { name: \"x\", nick: \"y\" } }", "nick"},
      {"T11", "query q() { delete Person where nick = \"x\" }", "nick"},
      {"T11", "query q() { delete Person where photo = \"x\" }", "photo"},
      {"T11", "query q($n: String) { update Person set { name: $n } where age = 3 }", "name: $n"},
      {"T12", "query q() { insert Person { age: 3 } }", "insert"},
      {"T12", "query q($a: String) { insert Knows { from: $a } }", "insert"},
      {"T12", "query q() { insert Rated { from: \"a\", to: \"b\" } }", "insert"},
      {"T13", "query q() { insert Person { name: \"x\", name: \"y\" } }", "name: \"y\""},
      {"T14", "query q() { insert Person { name: $who } }", "$who"},
      {"T14", "query q() { delete Person where name = $who }", "$who"},
      {"T14", Read("$p: Person { name: $who }"), "$who"},
      {"T15", Read("$p: Person  $p knows{1,} $f"), "knows"},
      {"T15", Read("$p: Person  $p knows{0,2} $f"), "knows"},
      {"T15", Read("$p: Person  $p knows{3,1} $f"), "knows"},
      {"T15", Read("$p: Person", "$p.name", "order { nearest($p.name, \"x\") } limit 3"), "$p.name, \"x\""},
      {"T15", Read("$p: Person", "$p.name", "order { nearest($z.emb, [1, 2, 3]) } limit 3"), "$z.emb"},
      {"T15", Read("$p: Person", "$p.name", "order { nearest($p.emb, [1, 2]) } limit 3"), "[1, 2]"},
      {"T15", Read("$p: Person", "$p.name", "order { nearest($p.emb, $v) } limit 3", "$v: Vector(4)"), "$v)"},
      {"T15", Read("$p: Person", "$p.name", "order { nearest($p.emb, 3) } limit 3"), "3)"},
      {"T15", Read("$p: Person", "$p.name", "order { nearest($p.tags, \"x\") } limit 3"), "$p.tags"},
      {"T16", "query q() { update Knows set { since: date(\"2020-01-01\") } where from = \"A\" }", "update"},
      // T17–T21: search functions.
      {"T17", Read("$p: Person", "$p.name", "order { nearest($p.emb, [1, 2, 3]) }"), "nearest("},
      {"T18", Read("$p: Person", "$p.name as n", "order { nearest($p.emb, [1, 2, 3]), n } limit 2"), "nearest("},
      {"T19", Read("$p: Person  search($p.age, \"x\")"), "$p.age"},
      {"T19", Read("$p: Person  search($p.name, 3)"), "3)"},
      {"T19", Read("$p: Person  fuzzy($p.name, \"x\", \"two\")"), "\"two\""},
      {"T19", Read("$p: Person  fuzzy($p.tags, \"x\")"), "$p.tags"},
      {"T20", Read("$p: Person", "$p.name", "order { bm25($p.age, \"x\") } limit 2"), "$p.age"},
      {"T20", Read("$p: Person  match_text($p.name, $n)", "$p.name", "", "$n: I32"), "$n)"},
      {"T21", Read("$p: Person", "$p.name", "order { rrf(nearest($p.emb, [1, 2, 3]), bm25($p.name, \"x\")) }"), "rrf("},
      {"T21", Read("$p: Person", "$p.name", "order { rrf($p.name, bm25($p.name, \"x\")) } limit 2"), "$p.name, bm25"},
      {"T21", Read("$p: Person", "$p.name", "order { rrf(bm25($p.name, \"x\"), bm25($p.bio, \"y\"), 0) } limit 2"), "0)"},
      {"T21", Read("$p: Person", "$p.name", "order { rrf(bm25($p.name, \"x\"), bm25($p.bio, \"y\"), \"k\") } limit 2"), "\"k\""},
      // T22–T24.
      {"T22", Read("$p: Person  $p <worksAt> $c", "$c.name"), "<worksAt>"},
      {"T23", Read("$p: Person  $p $w:knows{1,2} $f"), "knows{1,2}"},
      {"T23", Read("$p: Person  $p $w:knows $f", "$w"), "$w }"},
      {"T23", Read("$p: Person  $p $w:knows $f", "count($w)"), "$w)"},
      {"T23", Read("$p: Person  $p $w:knows $f  $w = $w"), "$w = "},
      {"T23", Read("$p: Person  $p $p:knows $f"), "knows"},
      {"T23", Read("$p: Person  $f: Person  $p $f:knows $g"), "knows"},
      {"T23", Read("$p: Person  $p $w:knows $f  $w knows $g"), "$w knows"},
      {"T23", Read("$p: Person  $p $w:knows $f  $g knows $w"), "$w }"},
      {"T23", Read("$p: Person  $p $w:knows $f  $w: Person"), "$w: Person"},
      {"T23", Read("$p: Person  $p $w:knows $f  search($w.note, \"x\")"), "$w.note"},
      {"T23", Read("$p: Person  $p $w:knows $f", "$f.name", "order { nearest($w.emb, [1, 2, 3]) } limit 2"), "$w.emb"},
      {"T24", Read("$p: Person", "$p.photo"), "$p.photo"},
      {"T24", Read("$p: Person", "$p.name", "order { $p.photo }"), "$p.photo"},
      {"T24", Read("$p: Person", "count($p.photo)"), "count("},
      {"T24", Read("$p: Person", "$b", "", "$b: Blob"), "$b }"},
      // The uncoded errors of §7.1.
      {"", Read("$p: Person  $p: Company"), "$p: Company"},
      {"", Read("$p: Person  $p.name = $zz"), "$zz"},
      {"", Read("$p: Person", "$p.name", "", "$__nanograph_now: DateTime"), "$__nanograph_now"},
      {"", Read("$p: Person  $p.tags contains [[1]]"), "[[1]]"},
      {"", Read("$p: Person  $p.name = [\"a\", 1]"), "1]"},
      {"", Read("$p: Person  bm25($p.name, \"x\")"), "bm25("},
      {"", Read("$p: Person", "count(count($p))"), "count(count"},
      {"", Read("$p: Person  count($p) > 1"), "count("},
      {"", Read("$p: Person", "$p.name", "order { max($p.age) }"), "max("},
      {"", Read("$p: Person  search($p.name, min($p.name))"), "min("},
  };
  for (const auto& c : cases) ExpectTypeError(catalog, c);
}

TEST(GqCheck, ErrorsAreLocatedOnTheirOwnLineOfAMultiLineQuery) {
  OG_ASSIGN_OR_FAIL(const Catalog catalog, Schema(kSchema));
  Front front(catalog);
  auto r = front.Check("query find() {\n  match {\n    $x: Ghost\n  }\n  return { $x }\n}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "q.gq:3:5 in query 'find': type error: T1: unknown node type 'Ghost'");
}

TEST(GqCheck, UpdatingAKeyIsRejectedStaticallyWithTheReferenceMessage) {
  OG_ASSIGN_OR_FAIL(const Catalog catalog, Schema(kSchema));
  Front front(catalog);
  auto r = front.Check("query q($n: String) { update Person set { name: $n } where name = \"a\" }");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(
                "cannot update @key property 'name' \xE2\x80\x94 delete and re-insert instead"),
            std::string::npos)
      << r.status().message();
}

// languages.md §8, negative cases 48–58c on S1.
TEST(GqCheck, NegativeExamples48To58c) {
  OG_ASSIGN_OR_FAIL(const Catalog s1_catalog, Schema(kS1));
  const std::vector<ErrorCase> cases = {
      {"T1", Read("$x: Ghost", "$x"), "$x: Ghost"},                                      // 48
      {"T2", Read("$p: Person { nickname: \"x\" }"), "nickname"},                         // 49
      {"T7", Read("$p: Person  $p.age > \"thirty\""), "$p.age"},                          // 50
      {"T15", Read("$p: Person  $p knows{1,} $f"), "knows"},                              // 51
      {"T15", Read("$p: Person  $p knows{0,2} $f"), "knows"},                             // 51
      {"T15", Read("$p: Person  $p knows{3,1} $f"), "knows"},                             // 51
      {"T22", Read("$p: Person  $p <worksAt> $c"), "<worksAt>"},                          // 52
      {"T23", Read("$p: Person  $p $w:knows{1,2} $f"), "knows"},                          // 53
      {"T23", Read("$p: Person  $p $w:knows $f", "$w"), "$w }"},                          // 53
      {"T16", "query q() { update Knows set { since: date(\"2020-01-01\") } where from = \"Alice\" }",
       "update"},                                                                          // 54
      {"T12", "query q() { insert Person { age: 3 } }", "insert"},                        // 55
      {"T12", "query q($a: String) { insert Knows { from: $a } }", "insert"},             // 56
      {"T9", Read("$p: Person  not { $x: Person }"), "not"},                              // 57
      {"T8", Read("$p: Person", "sum($p.name)"), "sum"},                                  // 58
      {"T9", Read("$p: Person  $p knows $f", "\"x\", count($f)"), "\"x\""},               // 58b
      {"T15", Read("$p: Person", "$p.name", "order { nearest($p.name, $q) } limit 3", "$q: String"),
       "$p.name, $q"},                                                                     // 58c
  };
  for (const auto& c : cases) ExpectTypeError(s1_catalog, c);
  // 58c, second half: on a Vector property but without a limit.
  OG_ASSIGN_OR_FAIL(const Catalog s4, Schema(kS4));
  ExpectTypeError(s4, {"T17", Read("$p: Doc", "$p.slug", "order { nearest($p.embedding, $q) }",
                                   "$q: Vector(4)"),
                       "nearest"});
}

std::vector<std::string> ColumnNames(const CheckedQuery& q) {
  std::vector<std::string> names;
  for (const auto& c : q.columns) names.push_back(c.name);
  return names;
}

const CheckedTraversal& OnlyTraversal(const CheckedQuery& q) {
  static const CheckedTraversal kNone;
  EXPECT_EQ(q.traversals.size(), 1u);
  return q.traversals.empty() ? kNone : q.traversals.begin()->second;
}

// languages.md §8, examples 1–22 on S1: every read typechecks; orientation, variables, columns.
TEST(GqCheck, ReadExamplesOnS1ResolveOrientationVariablesAndColumns) {
  OG_ASSIGN_OR_FAIL(const Catalog s1_catalog, Schema(kS1));
  Front f(s1_catalog);
  OG_ASSIGN_OR_FAIL(CheckedQuery q, f.Check(
      "query get_person($name: String) { match { $p: Person { name: $name } } return { $p.name, $p.age } }"));
  EXPECT_EQ(ColumnNames(q), (std::vector<std::string>{"p.name", "p.age"}));
  EXPECT_EQ(q.columns[0].type.scalar, ScalarType::kString);
  EXPECT_EQ(q.columns[1].type.scalar, ScalarType::kI32);
  EXPECT_TRUE(q.columns[1].type.nullable);
  EXPECT_FALSE(q.is_mutation);

  OG_EXPECT_OK(f.Check(Read("$p: Person  $p.age > 30", "$p.name, $p.age", "order { $p.age desc }")));  // 2

  OG_ASSIGN_OR_FAIL(q, f.Check(Read("$p: Person { name: $name }  $p knows $f", "$f.name, $f.age", "",
                       "$name: String")));  // 3
  EXPECT_TRUE(OnlyTraversal(q).forward);
  EXPECT_EQ(OnlyTraversal(q).edge_type, "Knows");
  EXPECT_EQ(q.vars[OnlyTraversal(q).dst].name, "f");
  EXPECT_EQ(q.vars[OnlyTraversal(q).dst].type, "Person");

  // 4: the bound endpoint is the edge's target, so the written source gets the edge's source type.
  OG_ASSIGN_OR_FAIL(q, f.Check(Read("$c: Company { name: $company }  $p worksAt $c", "$p.name", "",
                       "$company: String")));
  EXPECT_TRUE(OnlyTraversal(q).forward);
  EXPECT_EQ(q.vars[OnlyTraversal(q).src].type, "Person");
  // ... and written the other way round it runs against the stored direction.
  OG_ASSIGN_OR_FAIL(q, f.Check(Read("$c: Company { name: $company }  $c worksAt $p", "$p.name", "",
                       "$company: String")));
  EXPECT_FALSE(OnlyTraversal(q).forward);
  EXPECT_EQ(q.vars[OnlyTraversal(q).dst].type, "Person");

  OG_ASSIGN_OR_FAIL(q, f.Check(Read("$p: Person { name: $name }  $p knows $mid  $mid knows $fof", "$fof.name", "",
                       "$name: String")));  // 5
  EXPECT_EQ(q.traversals.size(), 2u);
  EXPECT_EQ(q.vars.size(), 3u);

  OG_ASSIGN_OR_FAIL(q, f.Check(Read("$p: Person  not { $p worksAt $_ }")));  // 6
  ASSERT_EQ(q.vars.size(), 2u);
  EXPECT_TRUE(q.vars[1].anonymous);
  EXPECT_EQ(q.vars[1].type, "Company");
  EXPECT_NE(q.vars[1].name, "_");

  OG_ASSIGN_OR_FAIL(q, f.Check(Read("$p: Person  $p knows $f", "$p.name  count($f) as friends",
                       "order { friends desc } limit 20")));  // 7
  EXPECT_TRUE(q.has_aggregate);
  EXPECT_EQ(ColumnNames(q), (std::vector<std::string>{"p.name", "friends"}));
  EXPECT_EQ(q.columns[1].type.scalar, ScalarType::kI64);

  OG_EXPECT_OK(f.Check(Read("$p: Person", "$p.name, $p.age", "order { $p.age desc } limit 2")));  // 8
  OG_ASSIGN_OR_FAIL(q, f.Check(Read("$p: Person", "count($p) as total")));                             // 9
  EXPECT_EQ(ColumnNames(q), (std::vector<std::string>{"total"}));

  OG_ASSIGN_OR_FAIL(q, f.Check(Read("$p: Person  $p worksAt $c",
                       "$c.name  sum($p.age) as total_age  avg($p.age) as avg_age  "
                       "min($p.age) as youngest  max($p.age) as oldest  count($p) as headcount")));  // 10
  EXPECT_EQ(ColumnNames(q), (std::vector<std::string>{"c.name", "total_age", "avg_age", "youngest",
                                                      "oldest", "headcount"}));
  EXPECT_EQ(q.columns[1].type.scalar, ScalarType::kF64);
  EXPECT_EQ(q.columns[2].type.scalar, ScalarType::kF64);
  EXPECT_EQ(q.columns[3].type.scalar, ScalarType::kI32);
  EXPECT_EQ(q.columns[5].type.scalar, ScalarType::kI64);

  OG_ASSIGN_OR_FAIL(q, f.Check(Read("$p: Person", "min($p.name) as first_name  max($p.name) as last_name")));  // 11
  EXPECT_EQ(q.columns[0].type.scalar, ScalarType::kString);
  OG_EXPECT_OK(f.Check(Read("$p: Person", "$p.name", "order { $p.age desc }")));  // 12

  OG_ASSIGN_OR_FAIL(q, f.Check(Read("$p: Person { name: $name }  $p <knows> $f", "$f.name", "", "$name: String")));  // 13
  EXPECT_TRUE(OnlyTraversal(q).undirected);
  OG_ASSIGN_OR_FAIL(q, f.Check(Read("$p: Person { name: $name }  $p <knows>{1,2} $f", "$f.name", "",
                       "$name: String")));  // 14
  EXPECT_EQ(OnlyTraversal(q).min_hops, 1);
  EXPECT_EQ(OnlyTraversal(q).max_hops, 2);
  OG_EXPECT_OK(f.Check(Read("$p: Person  not { $p <knows> $x }")));                                  // 15
  OG_EXPECT_OK(f.Check(Read("$p: Person  not { $p worksAt $c  $c.name = \"Acme\" }")));              // 16
  OG_EXPECT_OK(f.Check(Read("$p: Person  not { $p worksAt $c  not { $c.name = \"Acme\" } }")));      // 17

  OG_ASSIGN_OR_FAIL(q, f.Check(Read("$p: Person  $p worksAt $c  $c: Company { name: \"Acme\" }")));      // 18
  EXPECT_EQ(q.vars[OnlyTraversal(q).dst].type, "Company");
  EXPECT_EQ(q.bindings.size(), 2u);
  OG_ASSIGN_OR_FAIL(q, f.Check(Read("$p: Person  $p worksAt $c  $c: Company", "$p.name, $c.name")));     // 19
  EXPECT_EQ(ColumnNames(q), (std::vector<std::string>{"p.name", "c.name"}));

  OG_ASSIGN_OR_FAIL(q, f.Check(Read("$p: Person { name: \"Alice\" }  $p $w:knows $f  $w.since >= date(\"2023-01-01\")",
                       "$f.name, $w.since")));  // 20
  const CheckedTraversal& t = OnlyTraversal(q);
  ASSERT_GE(t.edge_var, 0);
  EXPECT_TRUE(q.vars[t.edge_var].is_edge);
  EXPECT_EQ(q.vars[t.edge_var].name, "w");
  EXPECT_EQ(q.vars[t.edge_var].type, "Knows");
  EXPECT_EQ(ColumnNames(q), (std::vector<std::string>{"f.name", "w.since"}));
  EXPECT_EQ(q.columns[1].type.scalar, ScalarType::kDate);
  OG_ASSIGN_OR_FAIL(q, f.Check(Read("$p: Person { name: \"Alice\" }  $p $w:knows $f", "$f.name, count($w.since)")));
  EXPECT_EQ(ColumnNames(q), (std::vector<std::string>{"f.name", "count"}));

  OG_EXPECT_OK(f.Check(Read("$p: Person", "$p.name", "order { $p.age asc }")));                     // 21
  OG_EXPECT_OK(f.Check(Read("$p: Person", "$p.name", "order { $p.age desc, $p.name asc }")));       // 21, 22
}

// languages.md §8, mutations 23–33 on S1.
TEST(GqCheck, MutationExamplesOnS1) {
  OG_ASSIGN_OR_FAIL(const Catalog s1_catalog, Schema(kS1));
  Front f(s1_catalog);
  const std::vector<std::string> ok = {
      "query insert_person($name: String, $age: I32) { insert Person { name: $name, age: $age } }",
      "query add_friend($from: String, $to: String) { insert Knows { from: $from, to: $to } }",
      "query insert_person_and_friend($name: String, $age: I32, $friend: String) {\n"
      "  insert Person { name: $name, age: $age }\n  insert Knows { from: $name, to: $friend } }",
      "query set_age($name: String, $age: I32) { update Person set { age: $age } where name = $name }",
      "query remove_person($name: String) { delete Person where name = $name }",
      "query unfriend($from: String) { delete Knows where from = $from }",
      "query mixed($name: String, $victim: String) {\n"
      "  insert Person { name: $name }  delete Person where name = $victim }",
      "query two($name: String, $threshold: I32) {\n"
      "  delete Person where name = $name  delete Person where age > $threshold }",
      "query up($name: String, $insert_age: I32, $update_age: I32) {\n"
      "  insert Person { name: $name, age: $insert_age }\n"
      "  update Person set { age: $update_age } where name = $name }",
      "query stamp() { update Person set { age: 3 } where id = \"x\" }",
      "query since($a: String, $b: String) {\n"
      "  insert Knows { from: $a, to: $b, since: date(\"2020-05-01\") } }",
  };
  for (const auto& src : ok) {
    SCOPED_TRACE(src);
    OG_ASSIGN_OR_FAIL(CheckedQuery q, f.Check(src));
    EXPECT_TRUE(q.is_mutation) << src;
    EXPECT_TRUE(q.columns.empty()) << src;
  }
  // 28: renaming through the key is a static error naming @key.
  auto r = f.Check("query rename($old: String, $new: String) { update Person set { name: $new } where name = $old }");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("@key"), std::string::npos);
}

// languages.md §8, S2 (34–35), S3 (36–41) and S4 (42–47).
TEST(GqCheck, TraversalFilterAndSearchExamples) {
  OG_ASSIGN_OR_FAIL(const Catalog s1_catalog, Schema(kS1));
  Front s1(s1_catalog);
  for (const char* bounds : {"{1,3}", "{2,3}", "{2,2}"}) {
    OG_ASSIGN_OR_FAIL(CheckedQuery q, s1.Check(Read(std::string("$p: Person { name: \"A\" }  $p knows") + bounds + " $f",
                                       "$f.name")));
    EXPECT_EQ(OnlyTraversal(q).min_hops, bounds[1] - '0');
    EXPECT_EQ(OnlyTraversal(q).max_hops, bounds[3] - '0');
  }
  OG_EXPECT_OK(s1.Check(Read("$p: Person  not { $p knows{2,2} $x }")));

  OG_ASSIGN_OR_FAIL(const Catalog s3, Schema(kS3));
  Front f3(s3);
  for (const char* match : {
           "$m.score > 1.5", "$m.ratio <= 0.25", "$m: Metric { score: 3.0 }", "$m: Metric { count: 2 }",
           "$m.count >= 3", "$m: Metric { count: 2.7 }", "$m.active = true", "$m.active != true",
           "$m.born >= date(\"2024-01-01\")", "$m.seen < datetime(\"2024-01-01T00:00:00Z\")",
           "$m: Metric { born: date(\"2024-06-01\") }", "$m.label starts_with \"alp\"",
           "$m.label contains \"ta r\"", "$m.name starts_with \"m\"",
           "$m tagged $t  $t.tname contains \"sal\"", "$m tagged $t  $t.tname starts_with \"alp\"",
           "not { $m tagged $t  $t.tname contains \"sal\" }"}) {
    SCOPED_TRACE(match);
    OG_EXPECT_OK(f3.Check(Read(std::string("$m: Metric  ") + match, "$m.name")));
  }

  OG_ASSIGN_OR_FAIL(const Catalog s4, Schema(kS4));
  Front f4(s4);
  OG_EXPECT_OK(f4.Check(Read("$d: Doc", "$d.slug, $d.title", "order { nearest($d.embedding, $q) } limit 3",
                    "$q: Vector(4)")));  // 42
  OG_EXPECT_OK(f4.Check(Read("$d: Doc  search($d.title, $q)", "$d.slug", "", "$q: String")));      // 43
  OG_EXPECT_OK(f4.Check(Read("$d: Doc  match_text($d.body, $q)", "$d.slug", "", "$q: String")));   // 44
  OG_EXPECT_OK(f4.Check(Read("$d: Doc  fuzzy($d.title, $q, 2)", "$d.slug", "", "$q: String")));
  OG_EXPECT_OK(f4.Check(Read("$d: Doc", "$d.slug", "order { bm25($d.title, $q) } limit 3", "$q: String")));  // 45
  OG_ASSIGN_OR_FAIL(CheckedQuery q, f4.Check(Read(
      "$d: Doc", "$d.slug", "order { rrf(nearest($d.embedding, $q1), nearest($d.embedding, $q2)) } limit 3",
      "$q1: Vector(4), $q2: Vector(4)")));  // 46
  EXPECT_TRUE(q.uses_search);
  for (const char* filter : {"$d: Doc { status: \"hit\" }", "$d: Doc  $d.status = \"hit\"",
                             "$d: Doc  $d.status <= \"hit\""}) {  // 47
    SCOPED_TRACE(filter);
    OG_EXPECT_OK(f4.Check(Read(filter, "$d.slug", "order { nearest($d.embedding, [1, 0, 0, 0]) } limit 3")));
  }
  // A nearest query may also be a String (embedded at query time) and rrf may take k.
  OG_EXPECT_OK(f4.Check(Read("$d: Doc", "$d.slug", "order { nearest($d.embedding, \"ml\") } limit 3")));
  OG_EXPECT_OK(f4.Check(Read("$d: Doc", "$d.slug",
                    "order { rrf(nearest($d.embedding, $q), bm25($d.body, \"x\"), 10) } limit 3",
                    "$q: Vector(4)")));
}

TEST(GqCheck, SearchScoresInReturnAreFloatColumns) {
  // languages.md §10.1: bm25/nearest/rrf in return are score columns.
  OG_ASSIGN_OR_FAIL(const Catalog s4, Schema(kS4));
  Front f(s4);
  OG_ASSIGN_OR_FAIL(CheckedQuery q, f.Check(Read(
      "$d: Doc", "$d.slug, bm25($d.title, $q) as score, nearest($d.embedding, $v) as d, "
                 "rrf(nearest($d.embedding, $v), bm25($d.body, $q)) as s",
      "order { bm25($d.title, $q) } limit 3", "$q: String, $v: Vector(4)")));
  EXPECT_EQ(ColumnNames(q), (std::vector<std::string>{"d.slug", "score", "d", "s"}));
  for (size_t i = 1; i < 4; ++i) EXPECT_EQ(q.columns[i].type.scalar, ScalarType::kF64);
  EXPECT_TRUE(q.uses_search);
}

TEST(GqCheck, ColumnsAreNamedLikeTheEngine) {
  OG_ASSIGN_OR_FAIL(const Catalog catalog, Schema(kSchema));
  Front f(catalog);
  OG_ASSIGN_OR_FAIL(CheckedQuery q, f.Check(Read("$p: Person", "$p.name, $p, $n, \"x\", $p.age as years, now()", "",
                                    "$n: String")));
  EXPECT_EQ(ColumnNames(q), (std::vector<std::string>{"p.name", "p", "n", "literal", "years", "now"}));
  EXPECT_EQ(q.columns[1].type.kind, ExprType::Kind::kNode);
  EXPECT_EQ(q.columns[5].type.scalar, ScalarType::kDateTime);
}

TEST(GqCheck, VariablesAndExpressionsResolveToTheirBindings) {
  OG_ASSIGN_OR_FAIL(const Catalog catalog, Schema(kSchema));
  Front f(catalog);
  OG_ASSIGN_OR_FAIL(CheckedQuery q, f.Check(Read("$p: Person  $p knows $_  $_ knows $p  $p.age > 3", "$p.name")));
  // $p, then one fresh anonymous variable per `$_`: two `$_` never join.
  ASSERT_EQ(q.vars.size(), 3u);
  EXPECT_EQ(q.vars[0].name, "p");
  EXPECT_TRUE(q.vars[1].anonymous);
  EXPECT_TRUE(q.vars[2].anonymous);
  EXPECT_NE(q.vars[1].name, q.vars[2].name);
  // Every variable and property expression of the query maps to its variable.
  const QueryDecl& decl = *q.decl;
  EXPECT_EQ(q.expr_vars.at(&decl.match[3].filter.left), 0);
  EXPECT_EQ(q.expr_vars.at(&decl.returns[0].expr), 0);
  EXPECT_EQ(q.bindings.at(&decl.match[0].binding), 0);
  EXPECT_EQ(q.traversals.at(&decl.match[1].traversal).src, 0);
  EXPECT_EQ(q.traversals.at(&decl.match[2].traversal).dst, 0);
}

TEST(GqCheck, RebindingTheSameTypeAddsFiltersAndEdgeLookupIgnoresCase) {
  OG_ASSIGN_OR_FAIL(const Catalog catalog, Schema(kSchema));
  Front f(catalog);
  OG_ASSIGN_OR_FAIL(CheckedQuery q, f.Check(Read("$p: Person { name: \"a\" }  $p: Person { age: 3 }  $p kNOWS $f")));
  EXPECT_EQ(q.vars.size(), 2u);
  EXPECT_EQ(OnlyTraversal(q).edge_type, "Knows");
}

TEST(GqCheck, ListPropertiesMatchByMembership) {
  OG_ASSIGN_OR_FAIL(const Catalog catalog, Schema(kSchema));
  Front f(catalog);
  OG_EXPECT_OK(f.Check(Read("$p: Person { tags: \"x\" }")));
  OG_EXPECT_OK(f.Check(Read("$p: Person { tags: $t }", "$p.name", "", "$t: String")));
  OG_EXPECT_OK(f.Check(Read("$p: Person  $p.tags contains \"x\"")));
  OG_EXPECT_OK(f.Check(Read("$p: Person  \"abc\" contains $p.name")));
  // A list parameter on a list property would be list equality.
  ExpectTypeError(catalog, {"T7", Read("$p: Person { tags: $t }", "$p.name", "", "$t: [String]"), "$t }"});
}

TEST(GqCheck, NowIsADateTime) {
  OG_ASSIGN_OR_FAIL(const Catalog catalog, Schema(kSchema));
  Front f(catalog);
  OG_EXPECT_OK(f.Check(Read("$p: Person { seen: now() }")));
  OG_EXPECT_OK(f.Check(Read("$p: Person  $p.seen < now()")));
  OG_EXPECT_OK(f.Check("query q() { update Person set { seen: now() } where name = \"a\" }"));
}

TEST(GqCheck, NumericTypesAreMutuallyCompatible) {
  OG_ASSIGN_OR_FAIL(const Catalog catalog, Schema(kSchema));
  Front f(catalog);
  OG_EXPECT_OK(f.Check(Read("$p: Person { age: 3.5 }")));
  OG_EXPECT_OK(f.Check(Read("$p: Person  $p.age > $x", "$p.name", "", "$x: F64")));
  OG_EXPECT_OK(f.Check(Read("$p: Person  $p.age = $x", "$p.name", "", "$x: U64?")));
  OG_EXPECT_OK(f.Check("query q($x: I64) { update Person set { age: $x } where name = \"a\" }"));
  // Enum properties compare as strings; an unknown value in a filter simply matches nothing.
  OG_EXPECT_OK(f.Check(Read("$p: Person  $p.role = \"nobody\"")));
}

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(GqCheck, EverySharedQueryTypechecksAgainstItsSchema) {
  std::filesystem::path data = OG_SHARED_DATA_DIR;
  OG_REQUIRE_SHARED_DATA((data / "fixtures").string());
  OG_REQUIRE_SHARED_DATA((data / "cookbooks").string());
  std::vector<std::pair<std::filesystem::path, std::filesystem::path>> files;  // (schema, query file)
  for (const char* name : {"test", "search"}) {
    files.emplace_back(data / "fixtures" / (std::string(name) + ".pg"),
                       data / "fixtures" / (std::string(name) + ".gq"));
  }
  for (const auto& book : std::filesystem::directory_iterator(data / "cookbooks")) {
    if (!std::filesystem::exists(book.path() / "queries")) continue;
    for (const auto& f : std::filesystem::directory_iterator(book.path() / "queries")) {
      if (f.path().extension() == ".gq") files.emplace_back(book.path() / "schema.pg", f.path());
    }
  }
  size_t queries = 0;
  for (const auto& [schema_path, query_path] : files) {
    SCOPED_TRACE(query_path.string());
    OG_ASSIGN_OR_FAIL(Catalog catalog, ParseSchema(Slurp(schema_path), schema_path.string()));
    OG_ASSIGN_OR_FAIL(QueryFile file, ParseQueries(Slurp(query_path), query_path.string()));
    EXPECT_FALSE(file.queries.empty());
    for (const QueryDecl& decl : file.queries) {
      SCOPED_TRACE(decl.name);
      OG_EXPECT_OK(Typecheck(decl, catalog));
      ++queries;
    }
  }
  EXPECT_GE(files.size(), 18u);
  EXPECT_GT(queries, 100u);
}

}  // namespace
}  // namespace og::lang
