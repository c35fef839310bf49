#include "fuzz/fixtures.h"

#include <cstdio>
#include <cstdlib>

#include "lang/gq_parser.h"

namespace og::fuzz {

const char kFixtureSchema[] = R"PG(// Fuzz fixture schema (fuzz/fixtures.h): every type and constraint the loader checks.
interface Named {
  name: String @key
  nick: String?
}

interface Stamped {
  created: DateTime?
}

node Person @description("a person") implements Named, Stamped {
  photo: Blob?
  active: Bool?
  age: I32?
  score: I64?
  visits: U32?
  views: U64?
  ratio: F32?
  weight: F64?
  born: Date?
  email: String? @unique
  mood: enum(happy, sad, calm)?
  emb: Vector(3)?
  tags: [String]?
  flags: [Bool]?
  small: [I32]?
  big: [I64]?
  usmall: [U32]?
  ubig: [U64]?
  fsmall: [F32]?
  fbig: [F64]?
  days: [Date]?
  times: [DateTime]?
  @range(age, 0..150)
  @range(weight, -1.5..1000)
  @range(views, 10..)
  @range(ratio, ..0.75)
  @check(email, "^[^@ ]+@[^@ ]+$")
  @check(nick, "[a-z]")
  @index(age)
  @unique(age, born)
}

node Company {
  name: String @key
  founded: Date
  kind: enum(public, private)
  revenue: F64? @index
}

node Release {
  product: String
  year: I32
  build: U64
  notes: String?
  @key(product, year, build)
}

node Doc {
  title: String
  body: String?
  embedding: Vector(4)? @embed("body", model="fuzz")
}

node Required {
  s: String
  b: Blob
  t: Bool
  i: I32
  l: I64
  u: U32
  ul: U64
  f: F32
  d: F64
  dt: Date
  ts: DateTime
  ls: [I64]
  lf: [F64]
  v: Vector(2)
  e: enum(x, y)
  @range(i, -5..5)
  @range(d, 0..1)
  @check(s, "^(a|b)+$")
}

edge Knows: Person -> Person {
  since: Date?
  strength: F64?
  note: String?
}

edge WorksAt: Person -> Company @card(0..1) {
  role: enum(staff, lead)?
  start: DateTime?
  salary: U32?
}

edge Mentions: Doc -> Person @card(1..3) {
  weight: F32?
  spans: [I32]?
  @unique(src, dst)
  @index(dst)
}

edge Cites: Doc -> Doc
edge Ships: Company -> Release { at: Date }
)PG";

namespace {

[[noreturn]] void Die(const char* what, const Status& st) {
  std::fprintf(stderr, "fuzz fixture %s does not compile: %s\n", what, st.ToString().c_str());
  std::abort();
}

const char* const kScalars[] = {"String", "Blob", "Bool", "I32", "I64", "U32",
                                "U64",    "F32",  "F64",  "Date", "DateTime"};

// Every parameter type spelling: scalars plain and nullable, lists, nullable lists, vectors.
std::vector<std::string> ParamTypes() {
  std::vector<std::string> types;
  for (const char* s : kScalars) {
    types.push_back(s);
    types.push_back(std::string(s) + "?");
    types.push_back("[" + std::string(s) + "]");
    types.push_back("[" + std::string(s) + "]?");
  }
  types.push_back("Vector(1)");
  types.push_back("Vector(3)");
  types.push_back("Vector(3)?");
  return types;
}

std::string ParamName(const std::string& type) {
  std::string name = "p_";
  for (char c : type) {
    if (std::isalnum(static_cast<unsigned char>(c))) name += static_cast<char>(std::tolower(c));
    else if (c == '[') name += "list_";
    else if (c == '?') name += "_opt";
  }
  return name;
}

lang::QueryDecl ParseOne(const std::string& params) {
  std::string text = "query q(" + params + ") { match { $p: Person } return { $p.name } }";
  auto file = lang::ParseQueries(text, "fixture.gq");
  if (!file.ok()) Die("query", file.status());
  return file->queries.at(0);
}

}  // namespace

const lang::Catalog& FixtureCatalog() {
  static const lang::Catalog catalog = [] {
    auto c = lang::ParseSchema(kFixtureSchema, "fixture.pg");
    if (!c.ok()) Die("schema", c.status());
    return *c;
  }();
  return catalog;
}

const lang::QueryDecl& AllParamsQuery() {
  static const lang::QueryDecl decl = [] {
    std::string params;
    for (const std::string& t : ParamTypes()) {
      if (!params.empty()) params += ", ";
      params += "$" + ParamName(t) + ": " + t;
    }
    return ParseOne(params);
  }();
  return decl;
}

const std::vector<lang::QueryDecl>& SingleParamQueries() {
  static const std::vector<lang::QueryDecl> decls = [] {
    std::vector<lang::QueryDecl> out;
    for (const std::string& t : ParamTypes()) out.push_back(ParseOne("$x: " + t));
    return out;
  }();
  return decls;
}

}  // namespace og::fuzz
