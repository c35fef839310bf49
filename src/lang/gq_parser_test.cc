// The .gq parser (languages.md §2.1, §3.1): the PEG grammar with its first-match-wins clause
// disambiguation, optional and required separators, literal forms, and parse errors that name
// file:line:col, the query and what was expected.
#include "lang/gq_parser.h"

#include <gtest/gtest.h>

#include "common/testing.h"

namespace og::lang {
namespace {

Result<QueryFile> Parse(const std::string& src) { return ParseQueries(src, "p.gq"); }

// The message of the parse error `src` must raise ("" if it parses).
std::string ParseError(const std::string& src) {
  auto file = ParseQueries(src, "p.gq");
  return file.ok() ? "" : file.status().message();
}

// The clauses of `query q($n: String) { match { <match> } return { $p } }`.
Result<std::vector<Clause>> Clauses(const std::string& match) {
  OG_ASSIGN_OR_RAISE(QueryFile f, Parse("query q($n: String) { match { " + match + " } return { $p } }"));
  if (f.queries.size() != 1) return Status::Internal("expected one query, got ", f.queries.size());
  return std::move(f.queries[0].match);
}

TEST(GqParser, SyntaxErrorsNameTheLineColumnAndQuery) {
  std::string msg = ParseError("query q() {\n  match { $p: Person }\n  return { $p.name }\n  limit x\n}");
  EXPECT_NE(msg.find("p.gq:4:9"), std::string::npos) << msg;
  EXPECT_NE(msg.find("query 'q'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("parse error: expected an integer after limit"), std::string::npos) << msg;
  EXPECT_NE(ParseError("query q() { match { $p: Person { name: } } return { $p } }").find("parse error"),
            std::string::npos);
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

TEST(GqParser, TheTokenAfterTheFirstVariableChoosesTheClauseKind) {
  OG_ASSIGN_OR_FAIL(auto c, Clauses("$p: Person  $p knows $f  $p $w:knows $g  $p <knows> $h  $p.age > 3"));
  ASSERT_EQ(c.size(), 5u);
  EXPECT_EQ(c[0].kind, Clause::Kind::kBinding);
  EXPECT_EQ(c[0].binding.type, "Person");
  EXPECT_EQ(c[1].kind, Clause::Kind::kTraversal);
  EXPECT_EQ(c[1].traversal.edge, "knows");
  EXPECT_EQ(c[2].kind, Clause::Kind::kTraversal);
  EXPECT_EQ(c[2].traversal.edge_var, "w");
  EXPECT_EQ(c[3].kind, Clause::Kind::kTraversal);
  EXPECT_TRUE(c[3].traversal.undirected);
  EXPECT_EQ(c[4].kind, Clause::Kind::kFilter);
  EXPECT_EQ(c[4].filter.op, CompareOp::kGt);
}

TEST(GqParser, AClauseThatIsNotATraversalFallsBackToAFilter) {
  // PEG ordered choice: `$n < $p.age` starts like an undirected traversal and `$n contains "x"`
  // like a traversal over an edge named `contains`; neither completes, so both are filters.
  OG_ASSIGN_OR_FAIL(auto c, Clauses("$n < $p.age  $n contains \"x\"  $n starts_with \"y\"  $n = $p.name"));
  ASSERT_EQ(c.size(), 4u);
  for (const auto& clause : c) EXPECT_EQ(clause.kind, Clause::Kind::kFilter);
  EXPECT_EQ(c[0].filter.op, CompareOp::kLt);
  EXPECT_EQ(c[0].filter.left.kind, Expr::Kind::kVariable);
  EXPECT_EQ(c[0].filter.right.kind, Expr::Kind::kProperty);
  EXPECT_EQ(c[1].filter.op, CompareOp::kContains);
  EXPECT_EQ(c[2].filter.op, CompareOp::kStartsWith);
}

TEST(GqParser, ABareVariableBeforeContainsIsATraversalOverAnEdgeNamedContains) {
  // languages.md §2.1: `$q contains $m` completes as a traversal, so it is one.
  OG_ASSIGN_OR_FAIL(auto c, Clauses("$q contains $m"));
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].kind, Clause::Kind::kTraversal);
  EXPECT_EQ(c[0].traversal.edge, "contains");
}

TEST(GqParser, CommasAreOptionalBetweenClausesAndProjectionsButRequiredBetweenPropMatches) {
  OG_ASSIGN_OR_FAIL(QueryFile f, Parse(
      "query q() { match { $p: Person, $p knows $f\n$f.age > 1 } "
      "return { $p.name $f.name, $f.age as a } }"));
  ASSERT_EQ(f.queries.size(), 1u);
  EXPECT_EQ(f.queries[0].match.size(), 3u);
  EXPECT_EQ(f.queries[0].returns.size(), 3u);
  EXPECT_EQ(f.queries[0].returns[2].alias, "a");
  std::string msg = ParseError("query q() { match { $p: Person { name: \"a\" age: 3 } } return { $p } }");
  EXPECT_NE(msg.find("p.gq:1:44"), std::string::npos) << msg;
  EXPECT_NE(msg.find("expected ',' or '}' in the property list, found 'age'"), std::string::npos) << msg;
  // A trailing comma inside the braces is allowed.
  OG_ASSIGN_OR_FAIL(auto trailing, Clauses("$p: Person { name: \"a\", }"));
  ASSERT_EQ(trailing.size(), 1u);
  EXPECT_EQ(trailing[0].binding.props.size(), 1u);
}

TEST(GqParser, EmptyBindingBracesMeanNoFilters) {
  // languages.md §10.6: accepted, as the search docs write them.
  OG_ASSIGN_OR_FAIL(auto c, Clauses("$p: Person { }"));
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].kind, Clause::Kind::kBinding);
  EXPECT_TRUE(c[0].binding.props.empty());
}

TEST(GqParser, TheAnonymousVariableParsesAsUnderscore) {
  OG_ASSIGN_OR_FAIL(auto c, Clauses("$p: Person  not { $p worksAt $_ }  $_ knows $p"));
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[1].negation->clauses[0].traversal.dst, "_");
  EXPECT_EQ(c[2].traversal.src, "_");
}

TEST(GqParser, HopBoundsKeepAMissingMaximumForTheTypechecker) {
  OG_ASSIGN_OR_FAIL(auto c, Clauses("$p knows{2,5} $a  $p knows {1,} $b  $p <knows>{0,2} $c  $p knows $d"));
  ASSERT_EQ(c.size(), 4u);
  EXPECT_TRUE(c[0].traversal.has_bounds);
  EXPECT_EQ(c[0].traversal.min_hops, 2);
  EXPECT_EQ(c[0].traversal.max_hops, 5);
  EXPECT_FALSE(c[1].traversal.max_hops.has_value());
  EXPECT_EQ(c[2].traversal.min_hops, 0);
  EXPECT_TRUE(c[2].traversal.undirected);
  EXPECT_FALSE(c[3].traversal.has_bounds);
  EXPECT_EQ(c[3].traversal.min_hops, 1);
  EXPECT_EQ(c[3].traversal.max_hops, 1);
}

TEST(GqParser, LiteralsOfEveryForm) {
  OG_ASSIGN_OR_FAIL(auto c, Clauses(
      "$p: Person { name: \"a\", age: 3, score: 2.5, ok: true, off: false, born: date(\"2024-06-01\"), "
      "seen: datetime(\"2024-06-01T12:00:00Z\"), tags: [\"x\", \"y\"], at: now(), who: $n }"));
  ASSERT_EQ(c.size(), 1u);
  const auto& props = c[0].binding.props;
  ASSERT_EQ(props.size(), 10u);
  EXPECT_EQ(props[0].value.literal.kind, Literal::Kind::kString);
  EXPECT_EQ(props[0].value.literal.text, "a");
  EXPECT_EQ(props[1].value.literal.kind, Literal::Kind::kInteger);
  EXPECT_EQ(props[1].value.literal.integer, 3);
  EXPECT_EQ(props[2].value.literal.kind, Literal::Kind::kFloat);
  EXPECT_DOUBLE_EQ(props[2].value.literal.number, 2.5);
  EXPECT_TRUE(props[3].value.literal.boolean);
  EXPECT_FALSE(props[4].value.literal.boolean);
  EXPECT_EQ(props[5].value.literal.kind, Literal::Kind::kDate);
  EXPECT_EQ(props[5].value.literal.text, "2024-06-01");
  EXPECT_EQ(props[6].value.literal.kind, Literal::Kind::kDateTime);
  EXPECT_EQ(props[7].value.literal.kind, Literal::Kind::kList);
  EXPECT_EQ(props[7].value.literal.items.size(), 2u);
  EXPECT_EQ(props[8].value.kind, Expr::Kind::kNow);
  EXPECT_EQ(props[9].value.kind, Expr::Kind::kVariable);
  EXPECT_EQ(props[9].value.name, "n");
}

TEST(GqParser, NegativeNumbersAndNullAreNotLiterals) {
  EXPECT_NE(ParseError("query q() { match { $p: Person  $p.age > -3 } return { $p } }")
                .find("p.gq:1:42 in query 'q': parse error: negative literals are not supported"),
            std::string::npos);
  EXPECT_NE(ParseError("query q() { match { $p: Person { age: -3 } } return { $p } }")
                .find("negative literals"),
            std::string::npos);
  // There is no null literal: nulls come through nullable parameters.
  EXPECT_NE(ParseError("query q() { match { $p: Person { age: null } } return { $p } }")
                .find("parse error: expected a value (string, number, true/false, date(...), "
                      "datetime(...), list), found 'null'"),
            std::string::npos);
}

TEST(GqParser, LimitTakesAnIntegerLiteralOnly) {
  OG_ASSIGN_OR_FAIL(QueryFile seven, Parse("query q() { match { $p: Person } return { $p } limit 7 }"));
  ASSERT_EQ(seven.queries.size(), 1u);
  EXPECT_EQ(seven.queries[0].limit, 7);
  for (const char* bad : {"limit $n", "limit 2.5", "limit"}) {
    std::string msg = ParseError(std::string("query q($n: I64) { match { $p: Person } return { $p } ") +
                                 bad + " }");
    EXPECT_NE(msg.find("parse error: expected an integer after limit"), std::string::npos)
        << bad << ": " << msg;
  }
}

TEST(GqParser, OrderEntriesTakeOptionalDirectionsAndRankingCalls) {
  OG_ASSIGN_OR_FAIL(QueryFile f, Parse(
      "query q($v: Vector(3)) { match { $p: Person } return { $p.name as n } "
      "order { nearest($p.emb, $v), n desc, $p.age asc } limit 3 }"));
  ASSERT_EQ(f.queries.size(), 1u);
  const auto& order = f.queries[0].order;
  ASSERT_EQ(order.size(), 3u);
  EXPECT_EQ(order[0].expr.kind, Expr::Kind::kCall);
  EXPECT_EQ(order[0].expr.name, "nearest");
  EXPECT_FALSE(order[0].explicit_direction);
  EXPECT_EQ(order[1].expr.kind, Expr::Kind::kAlias);
  EXPECT_TRUE(order[1].desc);
  EXPECT_TRUE(order[2].explicit_direction);
  EXPECT_FALSE(order[2].desc);
}

TEST(GqParser, SearchCallsAreBareClausesOrExpressions) {
  OG_ASSIGN_OR_FAIL(auto c, Clauses("$d: Doc  search($d.title, $n)  fuzzy($d.title, $n, 2)  match_text($d.body, \"a b\")"));
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[1].kind, Clause::Kind::kSearch);
  EXPECT_EQ(c[1].search.name, "search");
  EXPECT_EQ(c[2].search.args.size(), 3u);
  EXPECT_EQ(c[3].search.name, "match_text");
  OG_ASSIGN_OR_FAIL(QueryFile f, Parse(
      "query q($a: Vector(2), $b: Vector(2)) { match { $d: Doc } "
      "return { $d.slug, bm25($d.title, \"x\") as s } "
      "order { rrf(nearest($d.e, $a), nearest($d.e, $b), 10) } limit 3 }"));
  ASSERT_EQ(f.queries.size(), 1u);
  ASSERT_EQ(f.queries[0].returns.size(), 2u);
  ASSERT_EQ(f.queries[0].order.size(), 1u);
  EXPECT_EQ(f.queries[0].returns[1].expr.name, "bm25");
  EXPECT_EQ(f.queries[0].order[0].expr.args.size(), 3u);
}

TEST(GqParser, HeaderParametersAndAnnotations) {
  OG_ASSIGN_OR_FAIL(QueryFile f, Parse(
      "query q($s: String, $l: [I32]?, $v: Vector(8), $t: DateTime?)\n"
      "  @description(\"what it does\") @instruction(\"how to use it\")\n"
      "{ match { $p: Person } return { $p } }\nquery r() { match { $p: Person } return { $p } }"));
  ASSERT_EQ(f.queries.size(), 2u);
  const QueryDecl& q = f.queries[0];
  EXPECT_EQ(q.name, "q");
  ASSERT_EQ(q.params.size(), 4u);
  EXPECT_EQ(q.params[0].ToString(), "String");
  EXPECT_EQ(q.params[1].ToString(), "[I32]?");
  EXPECT_EQ(q.params[2].kind, ParamDecl::Kind::kVector);
  EXPECT_EQ(q.params[2].vector_dim, 8);
  EXPECT_TRUE(q.params[3].nullable);
  EXPECT_EQ(q.description, "what it does");
  EXPECT_EQ(q.instruction, "how to use it");
  EXPECT_EQ(f.queries[1].name, "r");
  EXPECT_EQ(f.queries[1].pos.line, 4);

  EXPECT_NE(ParseError("query q() @description(\"a\") @description(\"b\") { match { $p: P } return { $p } }")
                .find("@description is given twice"),
            std::string::npos);
  EXPECT_NE(ParseError("query q() @cached { match { $p: P } return { $p } }")
                .find("unknown query annotation '@cached'"),
            std::string::npos);
  EXPECT_NE(ParseError("query q($a: String, $a: I32) { match { $p: P } return { $p } }")
                .find("declared twice"),
            std::string::npos);
  EXPECT_NE(ParseError("query q($a: Strin) { match { $p: P } return { $p } }").find("unknown type 'Strin'"),
            std::string::npos);
  EXPECT_NE(ParseError("query q($a: enum(x)) { match { $p: P } return { $p } }")
                .find("expected a type"),
            std::string::npos);
}

TEST(GqParser, MutationStatements) {
  OG_ASSIGN_OR_FAIL(QueryFile f, Parse(
      "query m($n: String, $a: I32) {\n"
      "  insert Person { name: $n age: $a }\n"
      "  update Person set { age: 3, seen: now() } where name = $n\n"
      "  delete Knows where from != \"x\"\n"
      "}"));
  ASSERT_EQ(f.queries.size(), 1u);
  const QueryDecl& q = f.queries[0];
  EXPECT_TRUE(q.is_mutation);
  ASSERT_EQ(q.statements.size(), 3u);
  EXPECT_EQ(q.statements[0].kind, MutationStatement::Kind::kInsert);
  EXPECT_EQ(q.statements[0].assignments.size(), 2u);
  EXPECT_FALSE(q.statements[0].where.has_value());
  EXPECT_EQ(q.statements[1].kind, MutationStatement::Kind::kUpdate);
  EXPECT_EQ(q.statements[1].assignments[1].value.kind, Expr::Kind::kNow);
  EXPECT_EQ(q.statements[1].where->property, "name");
  EXPECT_EQ(q.statements[2].kind, MutationStatement::Kind::kDelete);
  EXPECT_EQ(q.statements[2].where->property, "from");
  EXPECT_EQ(q.statements[2].where->op, CompareOp::kNe);
  EXPECT_EQ(q.statements[2].pos.line, 4);
  EXPECT_EQ(q.statements[2].pos.column, 3);

  EXPECT_NE(ParseError("query m() { delete Person where name contains \"x\" }")
                .find("expected a comparison (=, !=, <, <=, >, >=)"),
            std::string::npos);
  EXPECT_NE(ParseError("query m() { update Person { age: 3 } where name = \"x\" }").find("expected 'set'"),
            std::string::npos);
  EXPECT_NE(ParseError("query m() { update Person set { age: 3 } }").find("expected 'where'"),
            std::string::npos);
  EXPECT_NE(ParseError("query m() { upsert Person { age: 3 } }")
                .find("expected 'match', 'insert', 'update' or 'delete'"),
            std::string::npos);
}

TEST(GqParser, EveryNodeRecordsWhereItStarts) {
  OG_ASSIGN_OR_FAIL(QueryFile f, Parse(
      "query q($n: String) {\n"
      "  match {\n"
      "    $p: Person { name: $n }\n"
      "    $p knows $f\n"
      "    $f.age >= 3\n"
      "  }\n"
      "  return { $f.name as who }\n"
      "}"));
  ASSERT_EQ(f.queries.size(), 1u);
  const QueryDecl& q = f.queries[0];
  EXPECT_EQ(q.pos.line, 1);
  EXPECT_EQ(q.pos.column, 1);
  EXPECT_EQ(q.params[0].pos.column, 9);
  EXPECT_EQ(q.match[0].pos.line, 3);
  EXPECT_EQ(q.match[0].pos.column, 5);
  EXPECT_EQ(q.match[0].binding.props[0].pos.column, 18);
  EXPECT_EQ(q.match[0].binding.props[0].value.pos.column, 24);
  EXPECT_EQ(q.match[1].traversal.edge_pos.line, 4);
  EXPECT_EQ(q.match[1].traversal.edge_pos.column, 8);
  EXPECT_EQ(q.match[2].filter.left.pos.line, 5);
  EXPECT_EQ(q.match[2].filter.right.pos.column, 15);
  EXPECT_EQ(q.returns[0].expr.pos.line, 7);
  EXPECT_EQ(q.returns[0].expr.pos.column, 12);
}

TEST(GqParser, ErrorsSayWhatWasExpectedAndWhatWasFound) {
  std::string msg = ParseError("query q() {\n  match { $p: Person }\n  return { }\n}");
  EXPECT_EQ(msg, "p.gq:3:12 in query 'q': parse error: expected at least one return value, found '}'");
  msg = ParseError("query q() { match { } return { $p } }");
  EXPECT_NE(msg.find("p.gq:1:21 in query 'q': parse error: expected a clause, found '}'"),
            std::string::npos)
      << msg;
  msg = ParseError("query q() { match { $p: Person } return { $p }");
  EXPECT_NE(msg.find("expected '}' to close the query body, found end of input"), std::string::npos) << msg;
  msg = ParseError("query q() { match { $p: Person $p knows } return { $p } }");
  EXPECT_NE(msg.find("parse error: expected"), std::string::npos) << msg;
  msg = ParseError("quer q() {}");
  EXPECT_EQ(msg, "p.gq:1:1: parse error: expected 'query', found 'quer'");
  msg = ParseError("query q() { match { $p: Person } return { frob($p) } }");
  EXPECT_NE(msg.find("unknown function 'frob'"), std::string::npos) << msg;
}

TEST(GqParser, AnEmptyFileHasNoQueries) {
  OG_ASSIGN_OR_FAIL(QueryFile empty, Parse(""));
  EXPECT_TRUE(empty.queries.empty());
  OG_ASSIGN_OR_FAIL(QueryFile comment, Parse("// only a comment\n"));
  EXPECT_TRUE(comment.queries.empty());
}

}  // namespace
}  // namespace og::lang
