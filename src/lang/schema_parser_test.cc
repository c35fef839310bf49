// ParseSchema: every .pg rule of languages.md §1 is pinned here, as an accepted schema compiling
// to the expected catalog or a rejected one failing at the right file:line:col with the right
// message.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "common/testing.h"
#include "lang/catalog.h"

namespace og::lang {
namespace {

using Groups = std::vector<std::vector<std::string>>;
using Strings = std::vector<std::string>;

Result<Catalog> Schema(std::string_view src) { return ParseSchema(src, "t.pg"); }

// Passes when `src` is rejected with BadRequest at `line`:`col` (rendered and in the SourceDetail)
// and the message contains `needle`.
::testing::AssertionResult FailsAt(std::string_view src, int line, int col,
                                   std::string_view needle) {
  Result<Catalog> r = ParseSchema(src, "t.pg");
  if (r.ok()) return ::testing::AssertionFailure() << "schema was accepted";
  const Status& st = r.status();
  std::string where = "t.pg:" + std::to_string(line) + ":" + std::to_string(col) + ": ";
  if (!st.IsBadRequest())
    return ::testing::AssertionFailure() << "not BadRequest: " << st.ToString();
  if (st.message().rfind(where, 0) != 0) {
    return ::testing::AssertionFailure()
           << "expected location " << where << "got: " << st.message();
  }
  if (st.message().find(needle) == std::string::npos) {
    return ::testing::AssertionFailure() << "message lacks \"" << needle << "\": " << st.message();
  }
  auto detail = std::dynamic_pointer_cast<SourceDetail>(st.detail());
  if (!detail || detail->span().line != line || detail->span().column != col ||
      detail->span().file != "t.pg") {
    return ::testing::AssertionFailure() << "SourceDetail missing or wrong: " << st.message();
  }
  return ::testing::AssertionSuccess();
}

PropType Scalar(ScalarType t, bool nullable = false) {
  PropType p;
  p.scalar = t;
  p.nullable = nullable;
  return p;
}

// ---------------------------------------------------------------------------------------------
// Accepted schemas

TEST(SchemaParser, EmptySourceIsAnEmptyCatalog) {
  OG_ASSIGN_OR_FAIL(Catalog c, Schema("  // nothing here\n/* still nothing */\n"));
  EXPECT_TRUE(c.nodes.empty());
  EXPECT_TRUE(c.edges.empty());
  EXPECT_TRUE(c.interfaces.empty());
}

TEST(SchemaParser, EveryBaseTypeAndNullability) {
  OG_ASSIGN_OR_FAIL(Catalog c, Schema(R"(node T {
  a: String  b: Blob  c: Bool  d: I32  e: I64  f: U32  g: U64
  h: F32  i: F64  j: Date  k: DateTime  l: String?  m: DateTime ?
})"));
  const NodeType& t = c.nodes.at(0);
  const ScalarType expected[] = {ScalarType::kString, ScalarType::kBlob,    ScalarType::kBool,
                                 ScalarType::kI32,    ScalarType::kI64,     ScalarType::kU32,
                                 ScalarType::kU64,    ScalarType::kF32,     ScalarType::kF64,
                                 ScalarType::kDate,   ScalarType::kDateTime};
  ASSERT_EQ(t.properties.size(), 13u);
  for (size_t i = 0; i < 11; ++i) EXPECT_EQ(t.properties[i].type, Scalar(expected[i])) << i;
  EXPECT_EQ(t.properties[11].type, Scalar(ScalarType::kString, true));
  EXPECT_EQ(t.properties[12].type, Scalar(ScalarType::kDateTime, true));
}

TEST(SchemaParser, ListVectorAndEnumTypes) {
  OG_ASSIGN_OR_FAIL(Catalog c, Schema(R"(node T {
  tags: [String]
  nums: [I32]?
  days: [Date]
  v1: Vector(1)
  vmax: Vector(2147483647)?
  color: enum(red, green)
})"));
  const NodeType& t = c.nodes.at(0);
  EXPECT_TRUE(t.properties[0].type.is_list());
  EXPECT_EQ(t.properties[0].type.scalar, ScalarType::kString);
  EXPECT_EQ(t.properties[1].type.ToString(), "[I32]?");
  EXPECT_EQ(t.properties[2].type.scalar, ScalarType::kDate);
  EXPECT_TRUE(t.properties[3].type.is_vector());
  EXPECT_EQ(t.properties[3].type.vector_dim, 1);
  EXPECT_EQ(t.properties[3].type.scalar, ScalarType::kF32);
  EXPECT_EQ(t.properties[4].type.vector_dim, 2147483647);
  EXPECT_TRUE(t.properties[4].type.nullable);
  EXPECT_TRUE(t.properties[5].type.is_enum());
  EXPECT_EQ(t.properties[5].type.scalar, ScalarType::kString);
}

TEST(SchemaParser, EnumValuesAreGluedSortedAndMayHoldDashesDigitsAndCaps) {
  OG_ASSIGN_OR_FAIL(Catalog c, Schema("node T { e: enum(zeta, data-eng, 1st, x-2, Beta, -a, i-owe, 2024-01)? }"));
  const PropType& e = c.nodes[0].properties[0].type;
  EXPECT_EQ(e.enum_values,
            (Strings{"-a", "1st", "2024-01", "Beta", "data-eng", "i-owe", "x-2", "zeta"}));
  EXPECT_TRUE(e.nullable);
}

TEST(SchemaParser, EnumValueSplitBySpaceIsAnError) {
  EXPECT_TRUE(FailsAt("node T { e: enum(data -eng) }", 1, 23,
                      "parse error: expected ',' or ')' in enum(...) of property 'e', found '-'"));
}

TEST(SchemaParser, RecordsPositionsOfTypesAndProperties) {
  OG_ASSIGN_OR_FAIL(Catalog c, Schema(
      "\nnode  Person {\n    name: String @key\n}\nedge Knows: Person -> Person\n"
      "interface Named { title: String }\n"));
  EXPECT_EQ(c.nodes[0].line, 2);
  EXPECT_EQ(c.nodes[0].column, 7);
  EXPECT_EQ(c.nodes[0].properties[0].line, 3);
  EXPECT_EQ(c.nodes[0].properties[0].column, 5);
  EXPECT_EQ(c.nodes[0].properties[0].annotations[0].line, 3);
  EXPECT_EQ(c.nodes[0].properties[0].annotations[0].column, 18);
  EXPECT_EQ(c.edges[0].line, 5);
  EXPECT_EQ(c.edges[0].column, 6);
  EXPECT_EQ(c.interfaces[0].line, 6);
  EXPECT_EQ(c.interfaces[0].column, 11);
}

TEST(SchemaParser, KeepsSourceAndDeclarationOrder) {
  const std::string src = "node B { x: I32 }\nnode A { y: I32 }\nedge Z: A -> B\nedge Y: B -> A\n";
  OG_ASSIGN_OR_FAIL(Catalog c, Schema(src));
  EXPECT_EQ(c.source, src);
  ASSERT_EQ(c.nodes.size(), 2u);
  EXPECT_EQ(c.nodes[0].name, "B");
  EXPECT_EQ(c.nodes[1].name, "A");
  EXPECT_EQ(c.edges[0].name, "Z");
  EXPECT_EQ(c.edges[1].name, "Y");
}

TEST(SchemaParser, EdgesMayReferenceNodesDeclaredLater) {
  OG_ASSIGN_OR_FAIL(Catalog c, Schema(
      "edge WorksAt: Person -> Company\nnode Person { name: String }\n"
      "node Company { name: String }\n"));
  ASSERT_EQ(c.edges.size(), 1u);
  EXPECT_EQ(c.edges[0].from, "Person");
  EXPECT_EQ(c.edges[0].to, "Company");
  EXPECT_TRUE(c.edges[0].card.is_default());
  EXPECT_TRUE(c.edges[0].properties.empty());
}

TEST(SchemaParser, EdgeCardinalityBodyAndAnnotations) {
  OG_ASSIGN_OR_FAIL(Catalog c, Schema(R"(node P { n: String }
edge A: P -> P @card(1..1)
edge B: P -> P @card(0..) @description("bee") { since: Date? }
edge C: P -> P @card(2..5) @weight(3) {}
edge D: P -> P {
  @unique(src, dst)
  @index(dst)
  w: F64 @index
})"));
  EXPECT_EQ(c.edges[0].card.min, 1);
  EXPECT_EQ(c.edges[0].card.max, 1);
  EXPECT_EQ(c.edges[1].card.min, 0);
  EXPECT_FALSE(c.edges[1].card.max.has_value());
  EXPECT_TRUE(c.edges[1].card.is_default());
  EXPECT_EQ(c.edges[1].description, "bee");
  EXPECT_EQ(c.edges[1].properties.at(0).name, "since");
  EXPECT_EQ(c.edges[2].card.max, 5);
  EXPECT_EQ(c.edges[2].annotations.at(0).name, "weight");
  EXPECT_EQ(c.edges[3].uniques, (Groups{{"src", "dst"}}));
  EXPECT_EQ(c.edges[3].indexes, (Groups{{"dst"}, {"w"}}));
}

TEST(SchemaParser, PropertySugarAndBodyConstraintsFillKeyUniquesAndIndexes) {
  OG_ASSIGN_OR_FAIL(Catalog c, Schema(R"(node User {
  @index(name, age)
  email: String @unique
  name: String @index
  age: I32?
  @unique(name, age)
  @unique(email)
  @index(name)
  handle: String @key
})"));
  const NodeType& u = c.nodes[0];
  EXPECT_EQ(u.key, (Strings{"handle"}));
  // Duplicate groups are dropped; order is source order.
  EXPECT_EQ(u.uniques, (Groups{{"email"}, {"name", "age"}}));
  // One entry per key column first, then declared @index groups, deduplicated.
  EXPECT_EQ(u.indexes, (Groups{{"handle"}, {"name", "age"}, {"name"}}));
  // The sugar stays visible as written.
  EXPECT_EQ(u.properties[0].annotations.at(0).name, "unique");
}

TEST(SchemaParser, CompositeKeyIsOrderedByDeclaration) {
  OG_ASSIGN_OR_FAIL(Catalog c, Schema("node T {\n  org: String\n  year: I32\n  @key(year, org)\n  @index(year)\n}"));
  EXPECT_EQ(c.nodes[0].key, (Strings{"org", "year"}));
  EXPECT_EQ(c.nodes[0].indexes, (Groups{{"org"}, {"year"}}));
}

TEST(SchemaParser, KeyMayBeEnumFloatBoolOrTemporal) {
  OG_ASSIGN_OR_FAIL(Catalog c, Schema(
      "node T { a: enum(x, y)  b: F64  c: Bool  d: Date  e: DateTime  "
      "@key(a, b, c, d, e) }"));
  EXPECT_EQ(c.nodes[0].key.size(), 5u);
}

TEST(SchemaParser, RangeBoundsMayBeSignedFloatOrOpen) {
  OG_ASSIGN_OR_FAIL(Catalog c, Schema(R"(node T {
  a: I32  b: F64?  c: U64  d: F32
  @range(a, 0..120)
  @range(b, -3.5..2)
  @range(c, 10..)
  @range(d, ..-0.25)
  @range(a, -10 .. -1)
})"));
  const auto& r = c.nodes[0].ranges;
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[0].property, "a");
  EXPECT_EQ(r[0].min, 0.0);
  EXPECT_EQ(r[0].max, 120.0);
  EXPECT_EQ(r[1].min, -3.5);
  EXPECT_EQ(r[1].max, 2.0);
  EXPECT_EQ(r[2].min, 10.0);
  EXPECT_FALSE(r[2].max.has_value());
  EXPECT_FALSE(r[3].min.has_value());
  EXPECT_EQ(r[3].max, -0.25);
  EXPECT_EQ(r[4].min, -10.0);
  EXPECT_EQ(r[4].max, -1.0);
}

TEST(SchemaParser, CheckConstraintKeepsPattern) {
  OG_ASSIGN_OR_FAIL(Catalog c, Schema(R"(node T { email: String?  kind: enum(a, b)
  @check(email, "^[^@]+@[^@]+$")
  @check(kind, "a|b") })"));
  ASSERT_EQ(c.nodes[0].checks.size(), 2u);
  EXPECT_EQ(c.nodes[0].checks[0].property, "email");
  EXPECT_EQ(c.nodes[0].checks[0].pattern, "^[^@]+@[^@]+$");
}

TEST(SchemaParser, InterfacePropertiesAreInjectedAfterDeclaredOnes) {
  OG_ASSIGN_OR_FAIL(Catalog c, Schema(R"(
node Doc implements Named, Stamped {
  body: String
  title: String
}
interface Named { slug: String @key  title: String }
interface Stamped { created: DateTime  title: String }
)"));
  const NodeType& d = c.nodes[0];
  EXPECT_EQ(d.implements, (Strings{"Named", "Stamped"}));
  std::vector<std::string> names;
  for (const Property& p : d.properties) names.push_back(p.name);
  EXPECT_EQ(names, (Strings{"body", "title", "slug", "created"}));
  // The interface's property-level @key applies to the implementing node.
  EXPECT_EQ(d.key, (Strings{"slug"}));
  EXPECT_EQ(d.indexes, (Groups{{"slug"}}));
  ASSERT_EQ(c.interfaces.size(), 2u);
  EXPECT_EQ(c.interfaces[0].properties.size(), 2u);
}

TEST(SchemaParser, AnnotationsAreKeptAndKnownOnesApplied) {
  OG_ASSIGN_OR_FAIL(Catalog c, Schema(R"(node Chunk @description("A chunk") @instruction("Use it") @rename_from("Piece")
    @ui("panel", color="red", size=3) @hidden {
  text: String @rename_from("body") @description("raw text") @custom(x, flag=true, ratio=0.5)
  embedding: Vector(8) @embed("text", model="m1") @index
  other: Vector(2) @embed(text)
})"));
  const NodeType& n = c.nodes[0];
  EXPECT_EQ(n.description, "A chunk");
  EXPECT_EQ(n.instruction, "Use it");
  EXPECT_EQ(n.rename_from, "Piece");
  ASSERT_EQ(n.annotations.size(), 5u);
  const Annotation& ui = n.annotations[3];
  EXPECT_EQ(ui.name, "ui");
  ASSERT_EQ(ui.args.size(), 1u);
  EXPECT_EQ(ui.args[0].kind, AnnotationArg::Kind::kString);
  EXPECT_EQ(ui.args[0].text, "panel");
  ASSERT_EQ(ui.kwargs.size(), 2u);
  EXPECT_EQ(ui.kwargs[0].first, "color");
  EXPECT_EQ(ui.kwargs[1].second.kind, AnnotationArg::Kind::kInteger);
  EXPECT_EQ(ui.kwargs[1].second.text, "3");
  EXPECT_EQ(n.annotations[4].name, "hidden");
  EXPECT_TRUE(n.annotations[4].args.empty());
  const Property& text = n.properties[0];
  EXPECT_EQ(text.rename_from, "body");
  const Annotation& custom = text.annotations.at(2);
  EXPECT_EQ(custom.name, "custom");
  ASSERT_EQ(custom.args.size(), 1u);
  EXPECT_EQ(custom.args[0].kind, AnnotationArg::Kind::kIdent);
  EXPECT_EQ(custom.args[0].text, "x");
  ASSERT_EQ(custom.kwargs.size(), 2u);
  EXPECT_EQ(custom.kwargs[0].first, "flag");
  EXPECT_EQ(custom.kwargs[0].second.kind, AnnotationArg::Kind::kBool);
  EXPECT_EQ(custom.kwargs[1].second.kind, AnnotationArg::Kind::kFloat);
  EXPECT_EQ(custom.kwargs[1].second.text, "0.5");
  ASSERT_TRUE(n.properties[1].embed.has_value());
  EXPECT_EQ(n.properties[1].embed->source_property, "text");
  EXPECT_EQ(n.properties[1].embed->model, "m1");
  EXPECT_EQ(n.properties[2].embed->source_property, "text");
  EXPECT_EQ(n.properties[2].embed->model, "");
  EXPECT_EQ(n.indexes, (Groups{{"embedding"}}));
}

TEST(SchemaParser, CommentsAreAllowedBetweenAnyTokens) {
  OG_ASSIGN_OR_FAIL(Catalog c, Schema("node /*a*/ T // b\n { x /*c*/ : /*d*/ I32 /*e*/ ? // f\n }"));
  EXPECT_TRUE(c.nodes[0].properties[0].type.nullable);
}

TEST(SchemaParser, NodeAndEdgeMayShareAName) {
  OG_ASSIGN_OR_FAIL(Catalog c, Schema("node Tag { n: String }\nedge Tag: Tag -> Tag"));
  EXPECT_NE(c.FindNode("Tag"), nullptr);
  EXPECT_NE(c.FindEdge("Tag"), nullptr);
}

// ---------------------------------------------------------------------------------------------
// Syntax errors

TEST(SchemaParserErrors, MissingColonNamesPropertyAndFoundToken) {
  EXPECT_TRUE(FailsAt("node User {\n  age {\n}", 2, 7,
                      "parse error: expected ':' after property name 'age', found '{'"));
}

TEST(SchemaParserErrors, UnknownDeclarationKeyword) {
  EXPECT_TRUE(FailsAt(
      "node A { x: I32 }\nnod B {}", 2, 1,
      "parse error: expected 'node', 'edge' or 'interface' to start a declaration, found 'nod'"));
}

TEST(SchemaParserErrors, UnknownTypeName) {
  EXPECT_TRUE(
      FailsAt("node A { x: Strng }", 1, 13, "parse error: unknown type 'Strng' of property 'x'"));
  EXPECT_TRUE(FailsAt("node A { x: string }", 1, 13,
                      "parse error: expected a type after ':' of property 'x', found 'string'"));
}

TEST(SchemaParserErrors, LexerErrorsPassThrough) {
  EXPECT_TRUE(FailsAt("node A @description(\"a\\q\") {}", 1, 23, "unsupported escape sequence"));
  EXPECT_TRUE(FailsAt("node A {\n  x: I32 # }", 2, 10, "unexpected character '#'"));
}

TEST(SchemaParserErrors, UnterminatedBodyReportsEndOfInput) {
  EXPECT_TRUE(FailsAt(
      "node A {\n  x: I32\n", 3, 1,
      "expected a property, a body constraint or '}' in the body of node A, found end of input"));
}

TEST(SchemaParserErrors, ListsTakeOnlyBaseTypesOtherThanBlob) {
  EXPECT_TRUE(FailsAt("node A { v: [Vector(3)] }", 1, 14, "expected a base type"));
  EXPECT_TRUE(FailsAt("node A { v: [[I32]] }", 1, 14, "expected a base type"));
  EXPECT_TRUE(FailsAt("node A { v: [enum(a)] }", 1, 14, "expected a base type"));
  EXPECT_TRUE(FailsAt("node A { v: [Blob] }", 1, 14, "catalog error: [Blob] is not a valid type"));
  EXPECT_TRUE(FailsAt("node A { v: [I32 }", 1, 18, "expected ']' to close the list type"));
}

TEST(SchemaParserErrors, VectorDimensionMustBeBetweenOneAndInt32Max) {
  EXPECT_TRUE(FailsAt("node A { v: Vector(0) }", 1, 20,
                      "Vector dimension must be between 1 and 2147483647, got 0"));
  EXPECT_TRUE(FailsAt("node A { v: Vector(2147483648) }", 1, 20, "got 2147483648"));
  EXPECT_TRUE(FailsAt("node A { v: Vector(99999999999999999999999) }", 1, 20, "Vector dimension"));
  EXPECT_TRUE(
      FailsAt("node A { v: Vector(n) }", 1, 20, "expected a dimension (integer) in Vector(N)"));
}

TEST(SchemaParserErrors, EnumNeedsValuesAndRejectsDuplicates) {
  EXPECT_TRUE(FailsAt("node A { e: enum() }", 1, 18,
                      "expected an enum value in enum(...) of property 'e', found ')'"));
  EXPECT_TRUE(FailsAt("node A { e: enum(a, 1.5) }", 1, 21, "expected an enum value"));
  EXPECT_TRUE(FailsAt("node A { e: enum(a, b, a) }", 1, 24,
                      "catalog error: duplicate enum value 'a' in enum(...) of property 'e'"));
  EXPECT_TRUE(FailsAt("node A { e: enum(a-b, a-b) }", 1, 23, "duplicate enum value 'a-b'"));
}

TEST(SchemaParserErrors, CardMustComeRightAfterEndpoints) {
  EXPECT_TRUE(FailsAt("node P { n: String }\nedge E: P -> P @description(\"d\") @card(0..1)", 2, 34,
                      "parse error: @card must come immediately after 'P -> P' in edge E"));
  EXPECT_TRUE(FailsAt("node P { n: String }\nedge E: P -> P @card(0..1) @card(0..2)", 2, 28,
                      "@card must come"));
  EXPECT_TRUE(
      FailsAt("node P @card(0..1) { n: String }", 1, 8, "@card is only allowed in an edge header"));
  EXPECT_TRUE(FailsAt("node P { n: String @card(0..1) }", 1, 20,
                      "@card is only allowed in an edge header"));
  EXPECT_TRUE(
      FailsAt("node P { n: String }\nedge E: P -> P { @card(0..1) }", 2, 18, "@card must come"));
}

TEST(SchemaParserErrors, CardSyntaxAndBounds) {
  const std::string p = "node P { n: String }\n";
  EXPECT_TRUE(FailsAt(p + "edge E: P -> P @card(..1)", 2, 22,
                      "expected a minimum out-degree (integer) in @card(min..max)"));
  EXPECT_TRUE(FailsAt(p + "edge E: P -> P @card(1)", 2, 23,
                      "expected '..' after the @card minimum, found ')'"));
  EXPECT_TRUE(FailsAt(p + "edge E: P -> P @card(3..1)", 2, 25,
                      "catalog error: @card min 3 is greater than max 1 on edge E"));
}

TEST(SchemaParserErrors, EdgeHeaderShape) {
  EXPECT_TRUE(FailsAt("edge E P -> P", 1, 8, "expected ':' after edge name 'E', found 'P'"));
  EXPECT_TRUE(FailsAt("edge E: P > P", 1, 11, "expected '->' after source type 'P', found '>'"));
  EXPECT_TRUE(
      FailsAt("edge E: P -> p", 1, 14, "expected the target node type of edge E, found 'p'"));
  EXPECT_TRUE(FailsAt("edge knows: P -> P", 1, 6,
                      "expected an edge type name after 'edge', found 'knows'"));
}

TEST(SchemaParserErrors, BodyConstraintsBelongInTheBody) {
  EXPECT_TRUE(
      FailsAt("node A @key(x) { x: String }", 1, 8,
              "parse error: body constraint @key(...) must be written inside the body of node A"));
  // After a property, `@description` would annotate that property; at the body start it cannot.
  EXPECT_TRUE(
      FailsAt("node A {\n  @description(\"d\")\n  x: String }", 2, 3,
              "expected a property or a body constraint (@key, @unique, @index, @range, @check) "
              "in the body of node A, found '@description'"));
  EXPECT_TRUE(
      FailsAt("node A { @key x: String }", 1, 15, "expected '(' after @key in a body constraint"));
  EXPECT_TRUE(
      FailsAt("interface I { x: String @unique(x) }", 1, 25,
              "expected a property or '}' in interface I, found '@' (interface I cannot have body "
              "constraints)"));
  EXPECT_TRUE(FailsAt("interface I @doc(\"d\") { x: String }", 1, 13,
                      "expected '{' after interface name 'I', found '@'"));
}

TEST(SchemaParserErrors, AnnotationArgumentShape) {
  EXPECT_TRUE(FailsAt("node A @ui(color=\"red\") { x: I32 }", 1, 12,
                      "@ui(...) needs a positional argument before keyword arguments"));
  EXPECT_TRUE(FailsAt("node A @ui(a, b) { x: I32 }", 1, 16,
                      "expected '=' after keyword argument 'b' in @ui(...)"));
  EXPECT_TRUE(FailsAt("node A @ui(a, k=v) { x: I32 }", 1, 17,
                      "expected a literal (string, number, true or false) in @ui(...), found 'v'"));
  EXPECT_TRUE(FailsAt("node A @ui() { x: I32 }", 1, 12,
                      "expected a literal or a name in @ui(...), found ')'"));
  EXPECT_TRUE(
      FailsAt("node A @Ui { x: I32 }", 1, 9, "expected an annotation name after '@', found 'Ui'"));
}

TEST(SchemaParserErrors, ConstraintArgumentShape) {
  EXPECT_TRUE(
      FailsAt("node A { x: I32 @range(x, -3) }", 1, 29, "expected '..' after a negative bound"));
  EXPECT_TRUE(
      FailsAt("node A { x: I32 @range(x, - 3..4) }", 1, 29, "expected a number right after '-'"));
  EXPECT_TRUE(FailsAt("node A { x: I32 @range(x, ..) }", 1, 29,
                      "expected a number after '..' in @range(...)"));
  EXPECT_TRUE(FailsAt("node A { x: I32 @unique(x y) }", 1, 27,
                      "expected ',' or ')' in @unique(...), found 'y'"));
  EXPECT_TRUE(FailsAt("node A { x: I32 @unique() }", 1, 25,
                      "expected a property name, a literal or a range in @unique(...)"));
}

// ---------------------------------------------------------------------------------------------
// Names

TEST(SchemaCatalogErrors, DuplicateTypeNames) {
  EXPECT_TRUE(FailsAt("node A { x: I32 }\nnode A { y: I32 }", 2, 6,
                      "catalog error: duplicate node type 'A' (first declared at line 1)"));
  EXPECT_TRUE(
      FailsAt("interface I { x: I32 }\ninterface I { y: I32 }", 2, 11, "duplicate interface 'I'"));
  const std::string p = "node P { n: String }\n";
  EXPECT_TRUE(FailsAt(p + "edge E: P -> P\nedge E: P -> P", 3, 6,
                      "duplicate edge type 'E' (first declared at line 2)"));
  EXPECT_TRUE(
      FailsAt(p + "edge WorksAt: P -> P\nedge Worksat: P -> P", 3, 6,
              "catalog error: edge name collision after case folding: 'Worksat' and 'WorksAt'"));
}

TEST(SchemaCatalogErrors, DuplicatePropertyNames) {
  EXPECT_TRUE(
      FailsAt("node A {\n  x: I32\n  x: String\n}", 3, 3,
              "catalog error: duplicate property 'x' on node A (first declared at line 2)"));
  EXPECT_TRUE(FailsAt("node P { n: String }\nedge E: P -> P { w: I32  w: I32 }", 2, 26,
                      "duplicate property 'w' on edge E"));
  EXPECT_TRUE(
      FailsAt("interface I { a: I32 a: I32 }", 1, 22, "duplicate property 'a' on interface I"));
}

TEST(SchemaCatalogErrors, ReservedPropertyNames) {
  for (const char* name : {"_rowid", "_rowaddr", "_rowoffset", "_row_created_at_version",
                           "_row_last_updated_at_version", "id", "src", "dst", "_tombstone"}) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(FailsAt(std::string("node A { ") + name + ": String }", 1, 10,
                        "property name '" + std::string(name) + "' on node A is reserved"));
    EXPECT_TRUE(FailsAt(std::string("node P { n: I32 }\nedge E: P -> P { ") + name + ": I32 }", 2,
                        18, "is reserved"));
    EXPECT_TRUE(FailsAt(std::string("interface I { ") + name + ": I32 }", 1, 15, "is reserved"));
  }
}

TEST(SchemaCatalogErrors, EdgeEndpointsMustBeDeclaredNodeTypes) {
  EXPECT_TRUE(FailsAt("node P { n: String }\nedge E: P -> Ghost", 2, 14,
                      "catalog error: edge E references unknown node type 'Ghost'"));
  EXPECT_TRUE(
      FailsAt("node P { n: String }\nedge E: Ghost -> P", 2, 9, "unknown node type 'Ghost'"));
  EXPECT_TRUE(FailsAt("interface I { n: String }\nnode P { n: String }\nedge E: I -> P", 3, 9,
                      "edge E endpoint 'I' is an interface, not a node type"));
}

// ---------------------------------------------------------------------------------------------
// Interfaces

TEST(SchemaCatalogErrors, ImplementsMustNameAnInterfaceOnce) {
  EXPECT_TRUE(FailsAt("node A implements Ghost { x: I32 }", 1, 19,
                      "catalog error: node A implements unknown interface 'Ghost'"));
  EXPECT_TRUE(FailsAt("node B { y: I32 }\nnode A implements B { x: I32 }", 2, 19,
                      "node A implements 'B', which is a node type, not an interface"));
  EXPECT_TRUE(FailsAt("interface I { y: I32 }\nnode A implements I, I { x: I32 }", 2, 22,
                      "node A implements interface 'I' twice"));
}

TEST(SchemaCatalogErrors, RedeclaredInterfacePropertyMustHaveIdenticalType) {
  EXPECT_TRUE(FailsAt(
      "interface I { p: String }\nnode N implements I {\n  p: String?\n}", 3, 3,
      "catalog error: node N property 'p' has type String? but interface I declares it as String"));
  EXPECT_TRUE(FailsAt("interface I { p: enum(a, b) }\nnode N implements I { p: enum(a, c) }", 2, 23,
                      "has type enum(a, c) but interface I declares it as enum(a, b)"));
  // Two interfaces disagreeing: the second is reported at its name in the implements list.
  EXPECT_TRUE(
      FailsAt("interface I { p: I32 }\ninterface J { p: I64 }\nnode N implements I, J { x: I32 }",
              3, 22, "node N property 'p' has type I32 but interface J declares it as I64"));
  // Same type, different enum order: identical after sorting, accepted.
  OG_EXPECT_OK(Schema("interface I { p: enum(b, a) }\nnode N implements I { p: enum(a, b) }"));
}

TEST(SchemaCatalogErrors, InjectedPropertiesAreValidatedOnTheNode) {
  EXPECT_TRUE(FailsAt("interface I { slug: String? @key }\nnode N implements I { x: I32 }", 1, 29,
                      "@key property 'slug' on node N must not be nullable"));
  EXPECT_TRUE(FailsAt("interface I { slug: String @key }\nnode N implements I { x: I32 @key }", 1,
                      28, "node N has more than one @key"));
}

// ---------------------------------------------------------------------------------------------
// @key

TEST(SchemaCatalogErrors, KeyPropertyMustExistAndBeANonNullScalar) {
  EXPECT_TRUE(FailsAt("node User { name: String\n  @key(nam) }", 2, 8,
                      "catalog error: @key on node User names unknown property 'nam'"));
  EXPECT_TRUE(FailsAt("node User {\n  email: String? @key\n}", 2, 18,
                      "catalog error: @key property 'email' on node User must not be nullable"));
  EXPECT_TRUE(FailsAt("node User { a: String  t: [String]  @key(a, t) }", 1, 45,
                      "@key property 't' on node User must not be a list"));
  EXPECT_TRUE(FailsAt("node User { v: Vector(2) @key }", 1, 26,
                      "@key property 'v' on node User must not be a Vector"));
  EXPECT_TRUE(FailsAt("node User { b: Blob @key }", 1, 21,
                      "@key property 'b' on node User must not be Blob"));
  EXPECT_TRUE(FailsAt("node User { a: String  @key(a, a) }", 1, 32,
                      "@key on node User names property 'a' twice"));
}

TEST(SchemaCatalogErrors, AtMostOneKeyPerNode) {
  EXPECT_TRUE(FailsAt("node T {\n  a: String @key\n  b: String @key\n}", 3, 13,
                      "catalog error: node T has more than one @key; a composite key is written "
                      "once in the body as @key(a, b)"));
  EXPECT_TRUE(FailsAt("node T { a: String @key  b: String\n  @key(b) }", 2, 3,
                      "node T has more than one @key"));
  EXPECT_TRUE(
      FailsAt("node T { a: String @key @key }", 1, 25, "duplicate @key on property 'a' of node T"));
}

TEST(SchemaCatalogErrors, KeyIsNotAllowedOnEdges) {
  const std::string p = "node P { n: String }\n";
  EXPECT_TRUE(FailsAt(p + "edge E: P -> P { w: String @key }", 2, 28,
                      "catalog error: @key is not allowed on edges (edge E)"));
  EXPECT_TRUE(
      FailsAt(p + "edge E: P -> P { w: String\n @key(w) }", 3, 2, "@key is not allowed on edges"));
}

TEST(SchemaCatalogErrors, PropertyLevelKeyUniqueIndexTakeNoValue) {
  EXPECT_TRUE(FailsAt("node T { a: String @key(\"x\") }", 1, 25,
                      "catalog error: @key takes property names, found string \"x\" (a "
                      "property-level @key takes no value)"));
  EXPECT_TRUE(
      FailsAt("node T { a: String @unique(1) }", 1, 28, "@unique takes property names, found '1'"));
  EXPECT_TRUE(FailsAt("node T { a: String @index(true) }", 1, 27,
                      "@index takes property names, found 'true'"));
}

TEST(SchemaCatalogErrors, TypeLevelKeyUniqueIndexEmbedAreRejected) {
  EXPECT_TRUE(FailsAt("node T @key { a: String }", 1, 8,
                      "catalog error: @key cannot be a type-level annotation of node T"));
  EXPECT_TRUE(
      FailsAt("node T @unique { a: String }", 1, 8, "@unique cannot be a type-level annotation"));
  EXPECT_TRUE(FailsAt("node P { n: I32 }\nedge E: P -> P @index", 2, 16,
                      "@index cannot be a type-level annotation of edge E"));
  EXPECT_TRUE(
      FailsAt("node T @embed { a: String }", 1, 8, "@embed cannot be a type-level annotation"));
  EXPECT_TRUE(FailsAt("node T @embed(\"a\") { a: String }", 1, 8,
                      "@embed cannot be a type-level annotation"));
  EXPECT_TRUE(
      FailsAt("node T @range { a: I32 }", 1, 8, "@range cannot be a type-level annotation"));
}

// ---------------------------------------------------------------------------------------------
// @unique / @index

TEST(SchemaCatalogErrors, UniqueAndIndexRules) {
  EXPECT_TRUE(FailsAt("node T { b: Blob @unique }", 1, 18,
                      "catalog error: @unique property 'b' on node T must not be Blob"));
  EXPECT_TRUE(FailsAt("node T { a: I32  b: Blob?\n  @index(a, b) }", 2, 13,
                      "@index property 'b' on node T must not be Blob"));
  EXPECT_TRUE(FailsAt("node T { a: I32\n  @unique(a, ghost) }", 2, 14,
                      "@unique on node T names unknown property 'ghost'"));
  EXPECT_TRUE(FailsAt("node T { tags: [String] @index }", 1, 25,
                      "property-level @index is not allowed on list property 'tags' of node T; use "
                      "@index(tags) in the body"));
  EXPECT_TRUE(
      FailsAt("node T { a: I32 @unique @unique }", 1, 25, "duplicate @unique on property 'a'"));
  EXPECT_TRUE(
      FailsAt("node T { a: I32 @index @index }", 1, 24, "duplicate @index on property 'a'"));
  // src/dst are edge columns only.
  EXPECT_TRUE(FailsAt("node T { a: I32 @unique(src) }", 1, 25,
                      "@unique on node T names unknown property 'src'"));
  // The body form may index a list, and @unique may hold a list or vector.
  OG_ASSIGN_OR_FAIL(Catalog c, Schema("node T { tags: [String] @unique  v: Vector(2) @unique  @index(tags) }"));
  EXPECT_EQ(c.nodes[0].indexes, (Groups{{"tags"}}));
  EXPECT_EQ(c.nodes[0].uniques, (Groups{{"tags"}, {"v"}}));
}

// ---------------------------------------------------------------------------------------------
// @range / @check

TEST(SchemaCatalogErrors, RangeRules) {
  EXPECT_TRUE(FailsAt("node T { s: String\n  @range(s, 0..1) }", 2, 10,
                      "catalog error: @range property 's' on node T must be numeric, not String"));
  EXPECT_TRUE(FailsAt("node T { s: [I32]  @range(s, 0..1) }", 1, 27,
                      "@range property 's' on node T must be numeric, not [I32]"));
  EXPECT_TRUE(FailsAt("node T { s: enum(a)  @range(s, 0..1) }", 1, 29, "must be numeric"));
  EXPECT_TRUE(FailsAt("node P { n: I32 }\nedge E: P -> P { w: I32  @range(w, 0..1) }", 2, 26,
                      "@range is only allowed on nodes, not on edge E"));
  EXPECT_TRUE(
      FailsAt("node T { a: I32  @range(a, 5) }", 1, 28,
              "@range expects a range min..max, min.. or ..max as its second argument, found '5'"));
  EXPECT_TRUE(
      FailsAt("node T { a: I32  @range(a) }", 1, 18, "@range takes a property and a range"));
  EXPECT_TRUE(FailsAt("node T { a: I32  @range(0..1, a) }", 1, 25,
                      "@range takes property names, found a range"));
  EXPECT_TRUE(FailsAt("node T { a: I32  @range(b, 0..1) }", 1, 25,
                      "@range on node T names unknown property 'b'"));
  EXPECT_TRUE(FailsAt("node T { a: F64  @range(a, 2.5..-1) }", 1, 28,
                      "@range min 2.5 is greater than max -1"));
  EXPECT_TRUE(FailsAt("node T { a: I32 @range }", 1, 17,
                      "@range is a body constraint; write @range(p, min..max)"));
}

TEST(SchemaCatalogErrors, CheckRules) {
  EXPECT_TRUE(FailsAt("node T { n: I32?\n  @check(n, \"x\") }", 2, 10,
                      "catalog error: @check property 'n' on node T must be String, not I32?"));
  EXPECT_TRUE(
      FailsAt("node T { n: [String]  @check(n, \"x\") }", 1, 30, "must be String, not [String]"));
  EXPECT_TRUE(FailsAt("node T { n: String  @check(n, \"(\") }", 1, 31,
                      "@check pattern \"(\" for property 'n' is not a valid regular expression"));
  EXPECT_TRUE(FailsAt("node T { n: String  @check(n, 3) }", 1, 31,
                      "@check expects a regex string as its second argument, found '3'"));
  EXPECT_TRUE(FailsAt("node P { n: I32 }\nedge E: P -> P { w: String  @check(w, \"x\") }", 2, 29,
                      "@check is only allowed on nodes, not on edge E"));
  EXPECT_TRUE(FailsAt("node T { n: String @check }", 1, 20, "@check is a body constraint"));
}

// ---------------------------------------------------------------------------------------------
// @description / @instruction / @rename_from / @embed

TEST(SchemaCatalogErrors, DescriptionAndInstructionRules) {
  EXPECT_TRUE(FailsAt("node T @description(\"\") { a: I32 }", 1, 8,
                      "catalog error: @description takes exactly one non-empty string"));
  EXPECT_TRUE(FailsAt("node T @description(x) { a: I32 }", 1, 8,
                      "@description takes exactly one non-empty string"));
  EXPECT_TRUE(FailsAt("node T @description(\"a\", lang=\"en\") { a: I32 }", 1, 8,
                      "and no keyword arguments"));
  EXPECT_TRUE(FailsAt("node T @description(\"a\") @description(\"b\") { a: I32 }", 1, 26,
                      "duplicate @description on node T"));
  EXPECT_TRUE(FailsAt("node T @instruction(\"a\")\n  @instruction(\"b\") { a: I32 }", 2, 3,
                      "duplicate @instruction on node T"));
  EXPECT_TRUE(FailsAt("node T @instruction { a: I32 }", 1, 8,
                      "@instruction takes exactly one non-empty string"));
  EXPECT_TRUE(FailsAt("node T { a: I32 @instruction(\"do\") }", 1, 17,
                      "@instruction is not allowed on properties"));
  EXPECT_TRUE(FailsAt("node T { a: I32 @description(\"x\") @description(\"y\") }", 1, 35,
                      "duplicate @description on property 'a' of node T"));
  EXPECT_TRUE(FailsAt("node T { a: I32 @description(\"\") }", 1, 17,
                      "@description takes exactly one non-empty string"));
}

TEST(SchemaCatalogErrors, RenameFromRules) {
  EXPECT_TRUE(FailsAt("node T @rename_from(\"A\") @rename_from(\"B\") { a: I32 }", 1, 26,
                      "duplicate @rename_from on node T"));
  EXPECT_TRUE(FailsAt("node T { a: I32 @rename_from(\"b\") @rename_from(\"c\") }", 1, 35,
                      "duplicate @rename_from on property 'a'"));
  EXPECT_TRUE(FailsAt("node T { a: I32 @rename_from(\"\") }", 1, 17,
                      "@rename_from takes exactly one non-empty string"));
  EXPECT_TRUE(
      FailsAt("node T { a: I32 @rename_from(\"b\", force=true) }", 1, 17, "no keyword arguments"));
  EXPECT_TRUE(FailsAt("node T { a: I32 @rename_from }", 1, 17, "@rename_from takes exactly one"));
  EXPECT_TRUE(FailsAt("node P { n: I32 }\nedge E: P -> P @rename_from(3)", 2, 16,
                      "@rename_from takes exactly one"));
  OG_ASSIGN_OR_FAIL(Catalog c, Schema("node P { n: I32 @rename_from(old_n) }\nedge E: P -> P @rename_from(\"F\")"));
  EXPECT_EQ(c.nodes[0].properties[0].rename_from, "old_n");
  EXPECT_EQ(c.edges[0].rename_from, "F");
}

TEST(SchemaCatalogErrors, EmbedRules) {
  EXPECT_TRUE(
      FailsAt("node T { t: String  e: Vector(2) @embed(\"ghost\") }", 1, 34,
              "catalog error: @embed on property 'e' names unknown property 'ghost' of node T"));
  EXPECT_TRUE(FailsAt("node T { t: I32  e: Vector(2) @embed(\"t\") }", 1, 31,
                      "@embed source property 't' of node T must be String, not I32"));
  EXPECT_TRUE(FailsAt("node T { t: [String]  e: Vector(2) @embed(\"t\") }", 1, 36,
                      "must be String, not [String]"));
  EXPECT_TRUE(FailsAt("node T { t: String  e: [F32] @embed(\"t\") }", 1, 30,
                      "@embed property 'e' on node T must be a Vector, not [F32]"));
  EXPECT_TRUE(FailsAt("node T { t: String  e: Vector(2) @embed(\"t\", dims=2) }", 1, 34,
                      "@embed accepts only the 'model' keyword argument, found 'dims'"));
  EXPECT_TRUE(FailsAt("node T { t: String  e: Vector(2) @embed(\"t\", model=3) }", 1, 34,
                      "@embed model must be given once"));
  EXPECT_TRUE(FailsAt("node T { t: String  e: Vector(2) @embed }", 1, 34,
                      "@embed takes the name of a String property"));
  EXPECT_TRUE(FailsAt("node T { t: String  e: Vector(2) @embed(\"t\") @embed(\"t\") }", 1, 46,
                      "duplicate @embed on property 'e'"));
  EXPECT_TRUE(
      FailsAt("node P { n: String }\nedge E: P -> P { t: String  e: Vector(2) @embed(\"t\") }", 2,
              42, "@embed is only allowed on node properties, not on edge E"));
  // An interface's @embed is checked against the implementing node's properties.
  EXPECT_TRUE(FailsAt(
      "interface I { e: Vector(2) @embed(\"body\") }\nnode N implements I { title: String }", 1, 28,
      "@embed on property 'e' names unknown property 'body' of node N"));
  OG_ASSIGN_OR_FAIL(Catalog c, Schema(
      "interface I { e: Vector(2) @embed(\"body\") }\nnode N implements I { body: String? }"));
  EXPECT_EQ(c.nodes[0].properties[1].embed->source_property, "body");
}

// ---------------------------------------------------------------------------------------------
// Shared fixture and cookbook schemas

std::vector<std::filesystem::path> SharedSchemas() {
  namespace fs = std::filesystem;
  std::vector<fs::path> out;
  fs::path root = OG_SHARED_DATA_DIR;
  if (fs::is_directory(root / "fixtures")) {
    for (const auto& e : fs::directory_iterator(root / "fixtures")) {
      if (e.path().extension() == ".pg") out.push_back(e.path());
    }
  }
  if (fs::is_directory(root / "cookbooks")) {
    for (const auto& e : fs::directory_iterator(root / "cookbooks")) {
      if (fs::exists(e.path() / "schema.pg")) out.push_back(e.path() / "schema.pg");
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(SchemaSharedData, EveryFixtureAndCookbookSchemaParses) {
  OG_REQUIRE_SHARED_DATA(std::string(OG_SHARED_DATA_DIR) + "/fixtures");
  OG_REQUIRE_SHARED_DATA(std::string(OG_SHARED_DATA_DIR) + "/cookbooks");
  std::vector<std::filesystem::path> schemas = SharedSchemas();
  EXPECT_GE(schemas.size(), 6u);  // the fixture schemas and two cookbooks
  for (const auto& path : schemas) {
    SCOPED_TRACE(path.string());
    OG_ASSIGN_OR_FAIL(Catalog c, ParseSchema(ReadFile(path), path.string()));
    EXPECT_FALSE(c.nodes.empty());
  }
}

TEST(SchemaSharedData, TestFixtureCompilesToTheDocumentedCatalog) {
  std::filesystem::path path = std::filesystem::path(OG_SHARED_DATA_DIR) / "fixtures" / "test.pg";
  OG_REQUIRE_SHARED_DATA(path.string());
  OG_ASSIGN_OR_FAIL(Catalog c, ParseSchema(ReadFile(path), "test.pg"));
  const NodeType* person = c.FindNode("Person");
  ASSERT_NE(person, nullptr);
  EXPECT_EQ(person->key, (Strings{"name"}));
  EXPECT_EQ(person->properties.at(1).type, Scalar(ScalarType::kI32, true));
  const EdgeType* knows = c.FindEdge("knows");
  ASSERT_NE(knows, nullptr);
  EXPECT_EQ(knows->from, "Person");
  EXPECT_EQ(knows->to, "Person");
  EXPECT_NE(c.FindEdge("worksAt"), nullptr);
}

}  // namespace
}  // namespace og::lang
