// ParseSchema: .pg source → validated Catalog (languages.md §1).
//
// Two stages share the declaration structs below, which keep the source position of every name
// and argument so that every error points at the offending token:
//   1. SchemaParser: recursive descent over Tokenize() output, following the grammar of §1.1.
//      Reports "parse error: expected <what>, found <token>". Type-local rules that need a token's
//      position (enum duplicates, Vector dimension, [Blob], @card bounds) are checked here too.
//   2. SchemaCompiler: resolves names across declarations (an edge may name a node declared
//      later; a node may implement an interface declared later), injects interface properties and
//      applies the rules of §1.3–§1.5, reporting "catalog error: ...".
// The first error found is returned.


#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "lang/catalog.h"

#include "lang/check_pattern.h"
#include "common/utf8.h"
#include "lang/lexer.h"

namespace og::lang {
namespace {

struct Pos {
  int line = 0;
  int column = 0;
};

Pos PosOf(const Token& t) { return {t.line, t.column}; }
Pos PosOf(const Annotation& a) { return {a.line, a.column}; }

bool IsConstraintName(std::string_view name) {
  return name == "key" || name == "unique" || name == "index" || name == "range" || name == "check";
}

// ---------------------------------------------------------------------------------------------
// Declarations: what the parser produces and the compiler consumes.

struct ConstraintArg {
  enum class Kind { kName, kLiteral, kRange };
  Kind kind = Kind::kName;
  AnnotationArg value;        // kName: the name (kIdent); kLiteral: the literal
  std::optional<double> min;  // kRange
  std::optional<double> max;  // kRange
  Pos pos;
};

// A body constraint `@key(a, b)`, or the sugar `p: T @key` rewritten as `@key(p)`.
struct ConstraintDecl {
  std::string name;
  std::vector<ConstraintArg> args;
  Pos pos;             // of the '@'
  bool sugar = false;  // written as a bare property annotation
};

struct NameRef {
  std::string name;
  Pos pos;
};

enum class DeclKind { kInterface, kNode, kEdge };

struct Decl {
  DeclKind kind = DeclKind::kNode;
  NameRef name;
  std::vector<Annotation> annotations;  // type level, as written
  std::vector<NameRef> implements;      // nodes
  NameRef from;                         // edges
  NameRef to;                           // edges
  Cardinality card;                     // edges
  std::vector<Property> props;
  std::vector<ConstraintDecl> constraints;  // source order, property sugar included
};

std::string Describe(const Token& t) {
  switch (t.kind) {
    case TokenKind::kEnd:
      return "end of input";
    case TokenKind::kIdent:
    case TokenKind::kTypeName:
    case TokenKind::kInteger:
    case TokenKind::kFloat:
      return QuoteName(t.text);
    case TokenKind::kVariable:
      return QuoteName("$" + t.text);
    case TokenKind::kString:
      return "string " + QuoteForMessage(t.text);
    default:
      return TokenKindName(t.kind);
  }
}

std::optional<int64_t> ParseInt64(const std::string& text) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

// ---------------------------------------------------------------------------------------------
// Stage 1: grammar.

class SchemaParser {
 public:
  SchemaParser(const std::vector<Token>& tokens, const std::string& file)
      : toks_(tokens), file_(file) {}

  Result<std::vector<Decl>> Parse() {
    std::vector<Decl> decls;
    while (Peek().kind != TokenKind::kEnd) {
      OG_ASSIGN_OR_RAISE(Decl d, ParseDeclaration());
      decls.push_back(std::move(d));
    }
    return decls;
  }

 private:
  // The token `ahead` positions on; the end token once past it (the vector ends with kEnd).
  const Token& Peek(size_t ahead = 0) const {
    return toks_[std::min(pos_ + ahead, toks_.size() - 1)];
  }
  const Token& Next() {
    const Token& t = toks_[pos_];
    if (pos_ + 1 < toks_.size()) ++pos_;
    return t;
  }
  bool PeekIs(TokenKind kind, size_t ahead = 0) const { return Peek(ahead).kind == kind; }
  bool PeekIdent(std::string_view word, size_t ahead = 0) const {
    return PeekIs(TokenKind::kIdent, ahead) && Peek(ahead).text == word;
  }

  Status ErrorAt(const Token& t, const std::string& msg) const {
    return Status::AtSource(SourceSpan{file_, t.line, t.column, ""}, "parse error: " + msg);
  }
  Status CatalogErrorAt(const Token& t, const std::string& msg) const {
    return Status::AtSource(SourceSpan{file_, t.line, t.column, ""}, "catalog error: " + msg);
  }
  Status Unexpected(const std::string& expected) const {
    return ErrorAt(Peek(), "expected " + expected + ", found " + Describe(Peek()));
  }

  // Consume a token of `kind`, or fail with "expected <what>, found <token>".
  Result<Token> Expect(TokenKind kind, const std::string& what) {
    if (!PeekIs(kind)) return Unexpected(what);
    return Next();
  }

  static std::string Owner(const Decl& d) {
    switch (d.kind) {
      case DeclKind::kInterface:
        return "interface " + d.name.name;
      case DeclKind::kNode:
        return "node " + d.name.name;
      case DeclKind::kEdge:
        return "edge " + d.name.name;
    }
    return d.name.name;
  }

  Result<Decl> ParseDeclaration() {
    if (PeekIdent("node")) return ParseNode();
    if (PeekIdent("edge")) return ParseEdge();
    if (PeekIdent("interface")) return ParseInterface();
    return Unexpected("'node', 'edge' or 'interface' to start a declaration");
  }

  Status ParseTypeName(const std::string& what, NameRef* out) {
    OG_ASSIGN_OR_RAISE(Token t, Expect(TokenKind::kTypeName, what));
    *out = NameRef{t.text, PosOf(t)};
    return Status::OK();
  }

  // interface_decl ::= "interface" TypeName "{" prop_decl* "}"
  Result<Decl> ParseInterface() {
    Next();
    Decl d;
    d.kind = DeclKind::kInterface;
    OG_RETURN_NOT_OK(ParseTypeName("an interface name after 'interface'", &d.name));
    OG_RETURN_NOT_OK(
        Expect(TokenKind::kLBrace, "'{' after interface name '" + d.name.name + "'").status());
    while (!PeekIs(TokenKind::kRBrace)) {
      if (PeekIs(TokenKind::kIdent)) {
        OG_RETURN_NOT_OK(ParseProperty(&d));
      } else if (PeekIs(TokenKind::kAt)) {
        return ErrorAt(Peek(), "expected a property or '}' in interface " + d.name.name +
                                   ", found '@' (interface " + d.name.name +
                                   " cannot have body constraints)");
      } else {
        return Unexpected("a property or '}' in interface " + d.name.name);
      }
    }
    Next();
    return d;
  }

  // node_decl ::= "node" TypeName annotation* implements? "{" (prop_decl | body_constraint)* "}"
  Result<Decl> ParseNode() {
    Next();
    Decl d;
    d.kind = DeclKind::kNode;
    OG_RETURN_NOT_OK(ParseTypeName("a node type name after 'node'", &d.name));
    OG_RETURN_NOT_OK(ParseTypeAnnotations(&d));
    if (PeekIdent("implements")) {
      Next();
      while (true) {
        NameRef ref;
        OG_RETURN_NOT_OK(ParseTypeName("an interface name after 'implements'", &ref));
        d.implements.push_back(std::move(ref));
        if (!PeekIs(TokenKind::kComma)) break;
        Next();
      }
    }
    OG_RETURN_NOT_OK(
        Expect(TokenKind::kLBrace, "'{' to open the body of node " + d.name.name).status());
    OG_RETURN_NOT_OK(ParseBody(&d));
    return d;
  }

  // edge_decl ::= "edge" TypeName ":" TypeName "->" TypeName cardinality? annotation*
  //               ( "{" (prop_decl | body_constraint)* "}" )?
  Result<Decl> ParseEdge() {
    Next();
    Decl d;
    d.kind = DeclKind::kEdge;
    OG_RETURN_NOT_OK(ParseTypeName("an edge type name after 'edge'", &d.name));
    OG_RETURN_NOT_OK(
        Expect(TokenKind::kColon, "':' after edge name '" + d.name.name + "'").status());
    OG_RETURN_NOT_OK(ParseTypeName("the source node type of edge " + d.name.name, &d.from));
    OG_RETURN_NOT_OK(
        Expect(TokenKind::kArrow, "'->' after source type '" + d.from.name + "'").status());
    OG_RETURN_NOT_OK(ParseTypeName("the target node type of edge " + d.name.name, &d.to));
    if (PeekIs(TokenKind::kAt) && PeekIdent("card", 1)) OG_RETURN_NOT_OK(ParseCardinality(&d));
    OG_RETURN_NOT_OK(ParseTypeAnnotations(&d));
    if (PeekIs(TokenKind::kLBrace)) {
      Next();
      OG_RETURN_NOT_OK(ParseBody(&d));
    }
    return d;
  }

  // cardinality ::= "@card" "(" Integer ".." Integer? ")"
  Status ParseCardinality(Decl* d) {
    Next();  // '@'
    Next();  // card
    OG_RETURN_NOT_OK(Expect(TokenKind::kLParen, "'(' after @card").status());
    OG_ASSIGN_OR_RAISE(Token min_tok, Expect(TokenKind::kInteger,
                                             "a minimum out-degree (integer) in @card(min..max)"));
    OG_RETURN_NOT_OK(Expect(TokenKind::kDotDot, "'..' after the @card minimum").status());
    std::optional<Token> max_tok;
    if (PeekIs(TokenKind::kInteger)) max_tok = Next();
    OG_RETURN_NOT_OK(Expect(TokenKind::kRParen, "')' to close @card(...)").status());
    std::optional<int64_t> min = ParseInt64(min_tok.text);
    if (!min) return ErrorAt(min_tok, "@card bound " + min_tok.text + " is out of range");
    d->card.min = *min;
    if (max_tok) {
      std::optional<int64_t> max = ParseInt64(max_tok->text);
      if (!max) return ErrorAt(*max_tok, "@card bound " + max_tok->text + " is out of range");
      if (*max < *min) {
        return CatalogErrorAt(*max_tok, "@card min " + min_tok.text + " is greater than max " +
                                            max_tok->text + " on edge " + d->name.name);
      }
      d->card.max = *max;
    }
    return Status::OK();
  }

  Status CardPlacementError(const Decl& d) const {
    if (d.kind == DeclKind::kEdge) {
      return ErrorAt(Peek(), "@card must come immediately after '" + d.from.name + " -> " +
                                 d.to.name + "' in edge " + d.name.name +
                                 ", before any other annotation, and at most once");
    }
    return ErrorAt(Peek(), "@card is only allowed in an edge header, right after 'From -> To'");
  }

  // annotation* in a node or edge header.
  Status ParseTypeAnnotations(Decl* d) {
    while (PeekIs(TokenKind::kAt)) {
      if (PeekIdent("card", 1)) return CardPlacementError(*d);
      if (PeekIs(TokenKind::kIdent, 1) && IsConstraintName(Peek(1).text) &&
          PeekIs(TokenKind::kLParen, 2)) {
        return ErrorAt(Peek(), "body constraint @" + Peek(1).text +
                                   "(...) must be written inside the body of " + Owner(*d) +
                                   ", not in its header");
      }
      OG_ASSIGN_OR_RAISE(Annotation a, ParseAnnotation());
      d->annotations.push_back(std::move(a));
    }
    return Status::OK();
  }

  // annotation ::= "@" ident ( "(" annotation_arg ("," kwarg)* ")" )?
  Result<Annotation> ParseAnnotation() {
    const Token& at = Next();
    Annotation a;
    a.line = at.line;
    a.column = at.column;
    OG_ASSIGN_OR_RAISE(Token name, Expect(TokenKind::kIdent, "an annotation name after '@'"));
    a.name = name.text;
    if (!PeekIs(TokenKind::kLParen)) return a;
    Next();
    const std::string ctx = " in @" + a.name + "(...)";
    if (PeekIs(TokenKind::kIdent) && PeekIs(TokenKind::kEq, 1)) {
      return ErrorAt(Peek(),
                     "@" + a.name + "(...) needs a positional argument before keyword arguments");
    }
    OG_ASSIGN_OR_RAISE(AnnotationArg first, ParseAnnotationValue(/*allow_ident=*/true, ctx));
    a.args.push_back(std::move(first));
    while (PeekIs(TokenKind::kComma)) {
      Next();
      OG_ASSIGN_OR_RAISE(Token key,
                         Expect(TokenKind::kIdent, "a keyword argument 'name = value'" + ctx));
      OG_RETURN_NOT_OK(
          Expect(TokenKind::kEq, "'=' after keyword argument '" + key.text + "'" + ctx).status());
      OG_ASSIGN_OR_RAISE(AnnotationArg value, ParseAnnotationValue(/*allow_ident=*/false, ctx));
      a.kwargs.emplace_back(key.text, std::move(value));
    }
    OG_RETURN_NOT_OK(Expect(TokenKind::kRParen, "',' or ')'" + ctx).status());
    return a;
  }

  // literal ::= String | Float | Integer | "true" | "false"; positional arguments may be idents.
  Result<AnnotationArg> ParseAnnotationValue(bool allow_ident, const std::string& ctx) {
    const Token& t = Peek();
    AnnotationArg arg;
    arg.text = t.text;
    switch (t.kind) {
      case TokenKind::kString:
        arg.kind = AnnotationArg::Kind::kString;
        break;
      case TokenKind::kInteger:
        arg.kind = AnnotationArg::Kind::kInteger;
        break;
      case TokenKind::kFloat:
        arg.kind = AnnotationArg::Kind::kFloat;
        break;
      case TokenKind::kIdent:
        if (t.text == "true" || t.text == "false") {
          arg.kind = AnnotationArg::Kind::kBool;
        } else if (allow_ident) {
          arg.kind = AnnotationArg::Kind::kIdent;
        } else {
          return Unexpected("a literal (string, number, true or false)" + ctx);
        }
        break;
      default:
        return Unexpected(std::string(allow_ident ? "a literal or a name" : "a literal") + ctx);
    }
    Next();
    return arg;
  }

  // The body of a node or edge, after its '{'; consumes the closing '}'.
  Status ParseBody(Decl* d) {
    while (!PeekIs(TokenKind::kRBrace)) {
      if (PeekIs(TokenKind::kIdent)) {
        OG_RETURN_NOT_OK(ParseProperty(d));
      } else if (PeekIs(TokenKind::kAt)) {
        OG_RETURN_NOT_OK(ParseBodyConstraint(d));
      } else {
        return Unexpected("a property, a body constraint or '}' in the body of " + Owner(*d));
      }
      // Members may be separated by one comma (OmniGraph's README writes
      // `node Signal { slug: String @key, title: String }`).
      if (PeekIs(TokenKind::kComma)) Next();
    }
    Next();
    return Status::OK();
  }

  // body_constraint ::= "@" constraint_name "(" constraint_arg ("," constraint_arg)* ")"
  Status ParseBodyConstraint(Decl* d) {
    if (PeekIdent("card", 1)) return CardPlacementError(*d);
    if (!PeekIs(TokenKind::kIdent, 1) || !IsConstraintName(Peek(1).text)) {
      const Token& name = Peek(1);
      return ErrorAt(Peek(),
                     "expected a property or a body constraint (@key, @unique, @index, "
                     "@range, @check) in the body of " +
                         Owner(*d) + ", found '@" +
                         (name.kind == TokenKind::kIdent ? name.text : "") + "'");
    }
    ConstraintDecl c;
    c.pos = PosOf(Next());
    c.name = Next().text;
    const std::string ctx = " in @" + c.name + "(...)";
    OG_RETURN_NOT_OK(
        Expect(TokenKind::kLParen, "'(' after @" + c.name + " in a body constraint").status());
    while (true) {
      OG_ASSIGN_OR_RAISE(ConstraintArg arg, ParseConstraintArg(ctx));
      c.args.push_back(std::move(arg));
      if (!PeekIs(TokenKind::kComma)) break;
      Next();
    }
    OG_RETURN_NOT_OK(Expect(TokenKind::kRParen, "',' or ')'" + ctx).status());
    d->constraints.push_back(std::move(c));
    return Status::OK();
  }

  bool PeekIsNumberStart() const {
    return PeekIs(TokenKind::kMinus) || PeekIs(TokenKind::kInteger) || PeekIs(TokenKind::kFloat);
  }

  // SignedNum ::= "-"? [0-9]+ ("." [0-9]+)?   (a single token: no space after '-')
  Result<double> ParseSignedNumber(const std::string& ctx) {
    bool negative = false;
    if (PeekIs(TokenKind::kMinus)) {
      Next();
      negative = true;
      if ((!PeekIs(TokenKind::kInteger) && !PeekIs(TokenKind::kFloat)) || Peek().space_before) {
        return Unexpected("a number right after '-'" + ctx);
      }
    }
    if (!PeekIs(TokenKind::kInteger) && !PeekIs(TokenKind::kFloat)) {
      return Unexpected("a number" + ctx);
    }
    const Token& t = Next();
    double v = std::strtod(t.text.c_str(), nullptr);
    if (!std::isfinite(v)) return ErrorAt(t, "number " + t.text + " is out of range");
    return negative ? -v : v;
  }

  // constraint_arg ::= range_bound | literal | ident
  // range_bound    ::= SignedNum ".." SignedNum? | ".." SignedNum
  Result<ConstraintArg> ParseConstraintArg(const std::string& ctx) {
    ConstraintArg arg;
    arg.pos = PosOf(Peek());
    if (PeekIs(TokenKind::kDotDot)) {
      Next();
      arg.kind = ConstraintArg::Kind::kRange;
      OG_ASSIGN_OR_RAISE(arg.max, ParseSignedNumber(" after '..'" + ctx));
      return arg;
    }
    if (PeekIsNumberStart()) {
      const Token& first = Peek();
      OG_ASSIGN_OR_RAISE(double v, ParseSignedNumber(ctx));
      if (PeekIs(TokenKind::kDotDot)) {
        Next();
        arg.kind = ConstraintArg::Kind::kRange;
        arg.min = v;
        if (PeekIsNumberStart()) {
          OG_ASSIGN_OR_RAISE(arg.max, ParseSignedNumber(ctx));
        }
        return arg;
      }
      if (first.kind == TokenKind::kMinus) {
        return Unexpected("'..' after a negative bound (negative numbers only appear in ranges)" +
                          ctx);
      }
      arg.kind = ConstraintArg::Kind::kLiteral;
      arg.value.kind = first.kind == TokenKind::kInteger ? AnnotationArg::Kind::kInteger
                                                         : AnnotationArg::Kind::kFloat;
      arg.value.text = first.text;
      return arg;
    }
    if (PeekIs(TokenKind::kString)) {
      arg.kind = ConstraintArg::Kind::kLiteral;
      arg.value = AnnotationArg{AnnotationArg::Kind::kString, Next().text};
      return arg;
    }
    if (PeekIs(TokenKind::kIdent)) {
      const Token& t = Next();
      bool is_bool = t.text == "true" || t.text == "false";
      arg.kind = is_bool ? ConstraintArg::Kind::kLiteral : ConstraintArg::Kind::kName;
      arg.value =
          AnnotationArg{is_bool ? AnnotationArg::Kind::kBool : AnnotationArg::Kind::kIdent, t.text};
      return arg;
    }
    return Unexpected("a property name, a literal or a range" + ctx);
  }

  // prop_decl ::= ident ":" type_ref annotation*
  // A `@key(`/`@unique(`/... after the type starts a body constraint, not an annotation.
  Status ParseProperty(Decl* d) {
    const Token& name = Next();
    Property p;
    p.name = name.text;
    p.line = name.line;
    p.column = name.column;
    OG_RETURN_NOT_OK(
        Expect(TokenKind::kColon, "':' after property name '" + p.name + "'").status());
    OG_ASSIGN_OR_RAISE(p.type, ParseType(p.name));
    while (PeekIs(TokenKind::kAt)) {
      if (PeekIs(TokenKind::kIdent, 1) && IsConstraintName(Peek(1).text) &&
          PeekIs(TokenKind::kLParen, 2)) {
        break;
      }
      if (PeekIdent("card", 1)) return CardPlacementError(*d);
      OG_ASSIGN_OR_RAISE(Annotation a, ParseAnnotation());
      // Bare @key/@unique/@index are sugar for the one-column body form (§1.4).
      if (a.name == "key" || a.name == "unique" || a.name == "index") {
        ConstraintDecl c;
        c.name = a.name;
        c.pos = PosOf(a);
        c.sugar = true;
        ConstraintArg arg;
        arg.value = AnnotationArg{AnnotationArg::Kind::kIdent, p.name};
        arg.pos = c.pos;
        c.args.push_back(std::move(arg));
        d->constraints.push_back(std::move(c));
      }
      p.annotations.push_back(std::move(a));
    }
    d->props.push_back(std::move(p));
    return Status::OK();
  }

  // type_ref ::= core_type "?"?
  Result<PropType> ParseType(const std::string& prop) {
    PropType type;
    const std::string ctx = " of property '" + prop + "'";
    const Token& t = Peek();
    if (t.kind == TokenKind::kLBracket) {
      Next();
      const Token& elem = Peek();
      std::optional<ScalarType> st;
      if (elem.kind == TokenKind::kTypeName) st = ScalarTypeFromName(elem.text);
      if (!st) return Unexpected("a base type (String, I32, Date, ...) as the list element" + ctx);
      if (*st == ScalarType::kBlob) {
        return CatalogErrorAt(elem, "[Blob] is not a valid type" + ctx +
                                        ": list elements must be a base type other than Blob");
      }
      Next();
      type.kind = PropType::Kind::kList;
      type.scalar = *st;
      OG_RETURN_NOT_OK(Expect(TokenKind::kRBracket, "']' to close the list type" + ctx).status());
    } else if (t.kind == TokenKind::kIdent && t.text == "enum") {
      OG_RETURN_NOT_OK(ParseEnum(ctx, &type));
    } else if (t.kind == TokenKind::kTypeName && t.text == "Vector") {
      Next();
      OG_RETURN_NOT_OK(Expect(TokenKind::kLParen, "'(' after Vector" + ctx).status());
      OG_ASSIGN_OR_RAISE(Token dim,
                         Expect(TokenKind::kInteger, "a dimension (integer) in Vector(N)" + ctx));
      std::optional<int64_t> n = ParseInt64(dim.text);
      if (!n || *n < 1 || *n > std::numeric_limits<int32_t>::max()) {
        return CatalogErrorAt(
            dim, "Vector dimension must be between 1 and 2147483647, got " + dim.text + ctx);
      }
      OG_RETURN_NOT_OK(Expect(TokenKind::kRParen, "')' to close Vector(N)" + ctx).status());
      type.kind = PropType::Kind::kVector;
      type.scalar = ScalarType::kF32;
      type.vector_dim = static_cast<int32_t>(*n);
    } else if (t.kind == TokenKind::kTypeName) {
      std::optional<ScalarType> st = ScalarTypeFromName(t.text);
      if (!st) {
        return ErrorAt(t, "unknown type '" + t.text + "'" + ctx +
                              " (expected String, Blob, Bool, I32, I64, U32, U64, F32, F64, Date, "
                              "DateTime, Vector(N), [T] or enum(...))");
      }
      Next();
      type.scalar = *st;
    } else {
      return Unexpected("a type after ':'" + ctx);
    }
    if (PeekIs(TokenKind::kQuestion)) {
      Next();
      type.nullable = true;
    }
    return type;
  }

  static bool IsEnumPiece(const Token& t) {
    return t.kind == TokenKind::kIdent || t.kind == TokenKind::kTypeName ||
           t.kind == TokenKind::kInteger || t.kind == TokenKind::kMinus;
  }

  // "enum" "(" EnumValue ("," EnumValue)* ")". EnumValue ([A-Za-z0-9_-]+) is one token in the
  // grammar but several here (`data-eng` is Ident Minus Ident): glue pieces with no space between.
  Status ParseEnum(const std::string& ctx, PropType* type) {
    Next();
    OG_RETURN_NOT_OK(Expect(TokenKind::kLParen, "'(' after enum" + ctx).status());
    std::set<std::string> seen;
    while (true) {
      if (!IsEnumPiece(Peek())) return Unexpected("an enum value in enum(...)" + ctx);
      const Token& first = Peek();
      std::string value = Next().text;
      while (IsEnumPiece(Peek()) && !Peek().space_before) value += Next().text;
      if (!seen.insert(value).second) {
        return CatalogErrorAt(first, "duplicate enum value '" + value + "' in enum(...)" + ctx);
      }
      if (PeekIs(TokenKind::kComma)) {
        Next();
        continue;
      }
      OG_RETURN_NOT_OK(Expect(TokenKind::kRParen, "',' or ')' in enum(...)" + ctx).status());
      break;
    }
    type->kind = PropType::Kind::kEnum;
    type->scalar = ScalarType::kString;
    type->enum_values.assign(seen.begin(), seen.end());  // std::set iterates sorted
    return Status::OK();
  }

  const std::vector<Token>& toks_;
  const std::string& file_;
  size_t pos_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Stage 2: names and rules.

std::string FoldCase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string DescribeArg(const ConstraintArg& a) {
  switch (a.kind) {
    case ConstraintArg::Kind::kName:
      return "'" + a.value.text + "'";
    case ConstraintArg::Kind::kRange:
      return "a range";
    case ConstraintArg::Kind::kLiteral:
      return a.value.kind == AnnotationArg::Kind::kString ? "string \"" + a.value.text + "\""
                                                          : "'" + a.value.text + "'";
  }
  return "argument";
}

std::string FormatBound(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  return ec == std::errc() ? std::string(buf, end) : std::to_string(v);
}

// The type being compiled, seen by the constraint rules.
struct TypeView {
  DeclKind kind;
  std::string owner;  // "node User" / "edge Knows"
  const std::vector<Property>* props;
};

// What the constraints of one type compile to.
struct ConstraintSet {
  std::vector<std::string> key;
  bool has_key = false;
  std::vector<std::vector<std::string>> uniques;
  std::vector<std::vector<std::string>> indexes;  // declared groups only
  std::vector<RangeConstraint> ranges;
  std::vector<CheckConstraint> checks;
};

void AddGroup(std::vector<std::vector<std::string>>* groups, std::vector<std::string> group) {
  if (std::find(groups->begin(), groups->end(), group) == groups->end()) {
    groups->push_back(std::move(group));
  }
}

class SchemaCompiler {
 public:
  explicit SchemaCompiler(const std::string& file) : file_(file) {}

  Result<Catalog> Compile(const std::vector<Decl>& decls) {
    OG_RETURN_NOT_OK(IndexNames(decls));
    Catalog catalog;
    for (const Decl& d : decls) {
      if (d.kind != DeclKind::kInterface) continue;
      OG_ASSIGN_OR_RAISE(Interface i, CompileInterface(d));
      catalog.interfaces.push_back(std::move(i));
    }
    for (const Decl& d : decls) {
      if (d.kind != DeclKind::kNode) continue;
      OG_ASSIGN_OR_RAISE(NodeType n, CompileNode(d, catalog));
      catalog.nodes.push_back(std::move(n));
    }
    for (const Decl& d : decls) {
      if (d.kind != DeclKind::kEdge) continue;
      OG_ASSIGN_OR_RAISE(EdgeType e, CompileEdge(d));
      catalog.edges.push_back(std::move(e));
    }
    return catalog;
  }

 private:
  Status ErrorAt(Pos pos, const std::string& msg) const {
    return Status::AtSource(SourceSpan{file_, pos.line, pos.column, ""}, "catalog error: " + msg);
  }

  // Type names: unique per namespace; edge names also unique after case folding (§1.3).
  Status IndexNames(const std::vector<Decl>& decls) {
    std::map<std::string, const Decl*> folded_edges;
    for (const Decl& d : decls) {
      const std::string& name = d.name.name;
      auto first_at = [](const Decl* other) {
        return " (first declared at line " + std::to_string(other->name.pos.line) + ")";
      };
      switch (d.kind) {
        case DeclKind::kInterface:
          if (!interfaces_.emplace(name, &d).second) {
            return ErrorAt(d.name.pos,
                           "duplicate interface '" + name + "'" + first_at(interfaces_[name]));
          }
          break;
        case DeclKind::kNode:
          if (!nodes_.emplace(name, &d).second) {
            return ErrorAt(d.name.pos,
                           "duplicate node type '" + name + "'" + first_at(nodes_[name]));
          }
          break;
        case DeclKind::kEdge: {
          auto [it, inserted] = folded_edges.emplace(FoldCase(name), &d);
          if (inserted) break;
          const Decl* other = it->second;
          if (other->name.name == name) {
            return ErrorAt(d.name.pos, "duplicate edge type '" + name + "'" + first_at(other));
          }
          return ErrorAt(d.name.pos, "edge name collision after case folding: '" + name +
                                         "' and '" + other->name.name + "'" + first_at(other));
        }
      }
    }
    return Status::OK();
  }

  // Names are unique within a type and not reserved; each property's own annotations are valid.
  Status CheckProperties(const Decl& d, const std::string& owner, std::vector<Property>* props) {
    std::map<std::string, int> first_line;
    for (Property& p : *props) {
      Pos pos{p.line, p.column};
      if (IsReservedPropertyName(p.name)) {
        return ErrorAt(pos, "property name '" + p.name + "' on " + owner +
                                " is reserved (system or storage column)");
      }
      auto [it, inserted] = first_line.emplace(p.name, p.line);
      if (!inserted) {
        return ErrorAt(pos, "duplicate property '" + p.name + "' on " + owner +
                                " (first declared at line " + std::to_string(it->second) + ")");
      }
      OG_RETURN_NOT_OK(CheckPropertyAnnotations(d.kind, owner, &p));
    }
    return Status::OK();
  }

  // `@name("text")`: exactly one non-empty positional value and no kwargs.
  Result<std::string> SingleText(const Annotation& a, bool allow_ident) const {
    bool ok = a.args.size() == 1 && a.kwargs.empty() &&
              (a.args[0].kind == AnnotationArg::Kind::kString ||
               (allow_ident && a.args[0].kind == AnnotationArg::Kind::kIdent)) &&
              !a.args[0].text.empty();
    if (!ok) {
      return ErrorAt(PosOf(a),
                     "@" + a.name + " takes exactly one non-empty string and no keyword arguments");
    }
    return a.args[0].text;
  }

  Status CheckPropertyAnnotations(DeclKind kind, const std::string& owner, Property* p) {
    std::set<std::string> seen;
    const std::string where = " on property '" + p->name + "' of " + owner;
    for (const Annotation& a : p->annotations) {
      Pos pos = PosOf(a);
      bool once = a.name == "key" || a.name == "unique" || a.name == "index" || a.name == "embed" ||
                  a.name == "description" || a.name == "rename_from";
      if (once && !seen.insert(a.name).second) {
        return ErrorAt(pos, "duplicate @" + a.name + where);
      }
      if (a.name == "instruction") {
        return ErrorAt(pos, "@instruction is not allowed on properties (found" + where + ")");
      } else if (a.name == "range" || a.name == "check") {
        return ErrorAt(pos, "@" + a.name + " is a body constraint; write @" + a.name +
                                (a.name == "range" ? "(p, min..max)" : "(p, \"regex\")") +
                                " in the body of " + owner);
      } else if (a.name == "description") {
        OG_RETURN_NOT_OK(SingleText(a, /*allow_ident=*/false).status());
      } else if (a.name == "rename_from") {
        OG_ASSIGN_OR_RAISE(p->rename_from, SingleText(a, /*allow_ident=*/true));
      } else if (a.name == "embed") {
        OG_ASSIGN_OR_RAISE(p->embed, ParseEmbed(kind, owner, *p, a));
      }
    }
    return Status::OK();
  }

  // `@embed("src")` / `@embed("src", model="m")` on a Vector property of a node (§1.5). The source
  // property is checked once the node's properties are complete (CheckEmbedSources).
  Result<EmbedSpec> ParseEmbed(DeclKind kind, const std::string& owner, const Property& p,
                               const Annotation& a) const {
    Pos pos = PosOf(a);
    if (kind == DeclKind::kEdge) {
      return ErrorAt(pos, "@embed is only allowed on node properties, not on " + owner);
    }
    if (!p.type.is_vector()) {
      return ErrorAt(pos, "@embed property '" + p.name + "' on " + owner +
                              " must be a Vector, not " + p.type.ToString());
    }
    if (a.args.size() != 1 ||
        (a.args[0].kind != AnnotationArg::Kind::kString &&
         a.args[0].kind != AnnotationArg::Kind::kIdent) ||
        a.args[0].text.empty()) {
      return ErrorAt(pos,
                     "@embed takes the name of a String property: @embed(\"text\") or "
                     "@embed(\"text\", model=\"m\")");
    }
    EmbedSpec spec;
    spec.source_property = a.args[0].text;
    for (const auto& [key, value] : a.kwargs) {
      if (key != "model") {
        return ErrorAt(pos,
                       "@embed accepts only the 'model' keyword argument, found '" + key + "'");
      }
      if (value.kind != AnnotationArg::Kind::kString || value.text.empty() || !spec.model.empty()) {
        return ErrorAt(pos, "@embed model must be given once, as a non-empty string");
      }
      spec.model = value.text;
    }
    return spec;
  }

  Status CheckEmbedSources(const std::string& owner, const std::vector<Property>& props) const {
    for (const Property& p : props) {
      if (!p.embed) continue;
      Pos pos{p.line, p.column};
      for (const Annotation& a : p.annotations) {
        if (a.name == "embed") pos = PosOf(a);
      }
      const std::string& src = p.embed->source_property;
      auto it = std::find_if(props.begin(), props.end(),
                             [&](const Property& q) { return q.name == src; });
      if (it == props.end()) {
        return ErrorAt(pos, "@embed on property '" + p.name + "' names unknown property '" + src +
                                "' of " + owner);
      }
      if (it->type.kind != PropType::Kind::kScalar || it->type.scalar != ScalarType::kString) {
        return ErrorAt(pos, "@embed source property '" + src + "' of " + owner +
                                " must be String, not " + it->type.ToString());
      }
    }
    return Status::OK();
  }

  // Type-level annotations of a node or edge (§1.5); unknown ones are kept as written.
  Status ApplyTypeAnnotations(const Decl& d, const std::string& owner, std::string* description,
                              std::string* instruction, std::string* rename_from) const {
    std::set<std::string> seen;
    for (const Annotation& a : d.annotations) {
      Pos pos = PosOf(a);
      if (a.name == "key" || a.name == "unique" || a.name == "index") {
        return ErrorAt(pos, "@" + a.name + " cannot be a type-level annotation of " + owner +
                                "; write it on a property (p: T @" + a.name +
                                ") or in the body as @" + a.name + "(p, ...)");
      }
      if (a.name == "embed") {
        return ErrorAt(pos, "@embed cannot be a type-level annotation of " + owner +
                                "; it belongs on a Vector property");
      }
      if (a.name == "range" || a.name == "check") {
        return ErrorAt(pos, "@" + a.name + " cannot be a type-level annotation of " + owner +
                                "; write it in the body as a constraint");
      }
      std::string* field = a.name == "description"   ? description
                           : a.name == "instruction" ? instruction
                           : a.name == "rename_from" ? rename_from
                                                     : nullptr;
      if (field == nullptr) continue;
      if (!seen.insert(a.name).second) {
        return ErrorAt(pos, "duplicate @" + a.name + " on " + owner);
      }
      OG_ASSIGN_OR_RAISE(*field, SingleText(a, /*allow_ident=*/a.name == "rename_from"));
    }
    return Status::OK();
  }

  // The property named by a constraint argument, or nullptr for an edge endpoint (src/dst).
  Result<const Property*> ResolveColumn(const TypeView& t, const ConstraintDecl& c,
                                        const ConstraintArg& arg) const {
    if (arg.kind != ConstraintArg::Kind::kName) {
      return ErrorAt(arg.pos, "@" + c.name + " takes property names, found " + DescribeArg(arg) +
                                  (c.name == "key" || c.name == "unique" || c.name == "index"
                                       ? " (a property-level @" + c.name + " takes no value)"
                                       : ""));
    }
    const std::string& name = arg.value.text;
    if (t.kind == DeclKind::kEdge && (name == "src" || name == "dst")) return nullptr;
    for (const Property& p : *t.props) {
      if (p.name == name) return &p;
    }
    return ErrorAt(arg.pos,
                   "@" + c.name + " on " + t.owner + " names unknown property '" + name + "'");
  }

  // The columns of a @key/@unique/@index, each named once.
  Result<std::vector<std::pair<std::string, const Property*>>> ResolveColumns(
      const TypeView& t, const ConstraintDecl& c) const {
    std::vector<std::pair<std::string, const Property*>> cols;
    for (const ConstraintArg& arg : c.args) {
      OG_ASSIGN_OR_RAISE(const Property* p, ResolveColumn(t, c, arg));
      for (const auto& [seen, unused] : cols) {
        if (seen == arg.value.text) {
          return ErrorAt(arg.pos,
                         "@" + c.name + " on " + t.owner + " names property '" + seen + "' twice");
        }
      }
      cols.emplace_back(arg.value.text, p);
    }
    return cols;
  }

  Status ApplyConstraint(const TypeView& t, const ConstraintDecl& c, ConstraintSet* out) const {
    if (c.name == "key") return ApplyKey(t, c, out);
    if (c.name == "unique" || c.name == "index") {
      OG_ASSIGN_OR_RAISE(auto cols, ResolveColumns(t, c));
      std::vector<std::string> group;
      for (size_t i = 0; i < cols.size(); ++i) {
        const Property* p = cols[i].second;
        Pos pos = c.args[i].pos;
        if (p != nullptr && p->type.kind == PropType::Kind::kScalar &&
            p->type.scalar == ScalarType::kBlob) {
          return ErrorAt(pos, "@" + c.name + " property '" + p->name + "' on " + t.owner +
                                  " must not be Blob");
        }
        if (c.sugar && c.name == "index" && p != nullptr && p->type.is_list()) {
          return ErrorAt(pos, "property-level @index is not allowed on list property '" + p->name +
                                  "' of " + t.owner + "; use @index(" + p->name + ") in the body");
        }
        group.push_back(cols[i].first);
      }
      AddGroup(c.name == "unique" ? &out->uniques : &out->indexes, std::move(group));
      return Status::OK();
    }
    // @range and @check: nodes only, (property, bound) arguments.
    if (t.kind == DeclKind::kEdge) {
      return ErrorAt(c.pos, "@" + c.name + " is only allowed on nodes, not on " + t.owner);
    }
    const bool range = c.name == "range";
    if (c.args.size() != 2) {
      return ErrorAt(c.pos, range ? "@range takes a property and a range: @range(p, min..max)"
                                  : "@check takes a property and a pattern: @check(p, \"regex\")");
    }
    OG_ASSIGN_OR_RAISE(const Property* p, ResolveColumn(t, c, c.args[0]));
    const ConstraintArg& bound = c.args[1];
    if (range) {
      if (p->type.kind != PropType::Kind::kScalar || !IsNumeric(p->type.scalar)) {
        return ErrorAt(c.args[0].pos, "@range property '" + p->name + "' on " + t.owner +
                                          " must be numeric, not " + p->type.ToString());
      }
      if (bound.kind != ConstraintArg::Kind::kRange) {
        return ErrorAt(bound.pos,
                       "@range expects a range min..max, min.. or ..max as its second "
                       "argument, found " +
                           DescribeArg(bound));
      }
      if (bound.min && bound.max && *bound.min > *bound.max) {
        return ErrorAt(bound.pos, "@range min " + FormatBound(*bound.min) +
                                      " is greater than max " + FormatBound(*bound.max) +
                                      " for property '" + p->name + "'");
      }
      out->ranges.push_back(RangeConstraint{p->name, bound.min, bound.max});
      return Status::OK();
    }
    if ((p->type.kind != PropType::Kind::kScalar && p->type.kind != PropType::Kind::kEnum) ||
        p->type.scalar != ScalarType::kString) {
      return ErrorAt(c.args[0].pos, "@check property '" + p->name + "' on " + t.owner +
                                        " must be String, not " + p->type.ToString());
    }
    if (bound.kind != ConstraintArg::Kind::kLiteral ||
        bound.value.kind != AnnotationArg::Kind::kString) {
      return ErrorAt(bound.pos, "@check expects a regex string as its second argument, found " +
                                    DescribeArg(bound));
    }
    auto compiled = CheckPattern::Compile(bound.value.text);
    if (!compiled.ok()) {
      return ErrorAt(bound.pos, "@check pattern \"" + bound.value.text + "\" for property '" +
                                    p->name + "' is " + compiled.status().message());
    }
    out->checks.push_back(CheckConstraint{p->name, bound.value.text});
    return Status::OK();
  }

  // @key: nodes only, at most once; columns non-null scalars (not list, Vector or Blob), §1.4.
  Status ApplyKey(const TypeView& t, const ConstraintDecl& c, ConstraintSet* out) const {
    if (t.kind == DeclKind::kEdge) {
      return ErrorAt(c.pos, "@key is not allowed on edges (" + t.owner + "); only nodes have keys");
    }
    if (out->has_key) {
      return ErrorAt(c.pos, t.owner +
                                " has more than one @key; a composite key is written once in "
                                "the body as @key(a, b)");
    }
    OG_ASSIGN_OR_RAISE(auto cols, ResolveColumns(t, c));
    for (size_t i = 0; i < cols.size(); ++i) {
      const Property& p = *cols[i].second;
      const char* problem = p.type.nullable                      ? "must not be nullable"
                            : p.type.is_list()                   ? "must not be a list"
                            : p.type.is_vector()                 ? "must not be a Vector"
                            : p.type.scalar == ScalarType::kBlob ? "must not be Blob"
                                                                 : nullptr;
      if (problem != nullptr) {
        return ErrorAt(c.args[i].pos,
                       "@key property '" + p.name + "' on " + t.owner + " " + problem);
      }
    }
    // Key columns are ordered by declaration, which fixes the id tuple order (§1.6). The pointers
    // all point into t.props, so pointer order is declaration order.
    std::sort(cols.begin(), cols.end(), [](const auto& a, const auto& b) {
      return std::less<const Property*>()(a.second, b.second);
    });
    out->has_key = true;
    for (const auto& col : cols) out->key.push_back(col.first);
    return Status::OK();
  }

  Result<Interface> CompileInterface(const Decl& d) {
    Interface i;
    i.name = d.name.name;
    i.line = d.name.pos.line;
    i.column = d.name.pos.column;
    i.properties = d.props;
    OG_RETURN_NOT_OK(CheckProperties(d, "interface " + i.name, &i.properties));
    return i;
  }

  Result<NodeType> CompileNode(const Decl& d, const Catalog& catalog) {
    NodeType n;
    n.name = d.name.name;
    n.line = d.name.pos.line;
    n.column = d.name.pos.column;
    n.annotations = d.annotations;
    const std::string owner = "node " + n.name;
    n.properties = d.props;
    OG_RETURN_NOT_OK(CheckProperties(d, owner, &n.properties));
    const size_t declared = n.properties.size();
    std::vector<ConstraintDecl> constraints = d.constraints;

    // Interface properties are copied in unless declared with an identical type (§1.3). A
    // property the node declares itself keeps its own annotations: the interface's are not merged.
    for (const NameRef& ref : d.implements) {
      const Interface* iface = catalog.FindInterface(ref.name);
      if (iface == nullptr) {
        return ErrorAt(ref.pos, nodes_.count(ref.name)
                                    ? owner + " implements '" + ref.name +
                                          "', which is a node type, not an interface"
                                    : owner + " implements unknown interface '" + ref.name + "'");
      }
      if (std::find(n.implements.begin(), n.implements.end(), ref.name) != n.implements.end()) {
        return ErrorAt(ref.pos, owner + " implements interface '" + ref.name + "' twice");
      }
      n.implements.push_back(ref.name);
      for (const Property& ip : iface->properties) {
        int idx = n.PropertyIndex(ip.name);
        if (idx >= 0) {
          const Property& own = n.properties[idx];
          if (!(own.type == ip.type)) {
            Pos pos = static_cast<size_t>(idx) < declared ? Pos{own.line, own.column} : ref.pos;
            return ErrorAt(pos, owner + " property '" + ip.name + "' has type " +
                                    own.type.ToString() + " but interface " + ref.name +
                                    " declares it as " + ip.type.ToString());
          }
          continue;
        }
        n.properties.push_back(ip);
        for (const ConstraintDecl& c : interfaces_.at(ref.name)->constraints) {
          if (c.sugar && c.args[0].value.text == ip.name) constraints.push_back(c);
        }
      }
    }
    OG_RETURN_NOT_OK(CheckEmbedSources(owner, n.properties));
    OG_RETURN_NOT_OK(
        ApplyTypeAnnotations(d, owner, &n.description, &n.instruction, &n.rename_from));

    ConstraintSet set;
    TypeView view{DeclKind::kNode, owner, &n.properties};
    for (const ConstraintDecl& c : constraints) OG_RETURN_NOT_OK(ApplyConstraint(view, c, &set));
    n.key = std::move(set.key);
    n.uniques = std::move(set.uniques);
    n.ranges = std::move(set.ranges);
    n.checks = std::move(set.checks);
    for (const std::string& k : n.key) AddGroup(&n.indexes, {k});
    for (auto& group : set.indexes) AddGroup(&n.indexes, std::move(group));
    return n;
  }

  Result<EdgeType> CompileEdge(const Decl& d) {
    EdgeType e;
    e.name = d.name.name;
    e.line = d.name.pos.line;
    e.column = d.name.pos.column;
    e.annotations = d.annotations;
    e.card = d.card;
    const std::string owner = "edge " + e.name;
    for (const NameRef* end : {&d.from, &d.to}) {
      if (nodes_.count(end->name)) continue;
      return ErrorAt(end->pos,
                     interfaces_.count(end->name)
                         ? owner + " endpoint '" + end->name + "' is an interface, not a node type"
                         : owner + " references unknown node type '" + end->name + "'");
    }
    e.from = d.from.name;
    e.to = d.to.name;
    e.properties = d.props;
    OG_RETURN_NOT_OK(CheckProperties(d, owner, &e.properties));
    OG_RETURN_NOT_OK(
        ApplyTypeAnnotations(d, owner, &e.description, &e.instruction, &e.rename_from));
    ConstraintSet set;
    TypeView view{DeclKind::kEdge, owner, &e.properties};
    for (const ConstraintDecl& c : d.constraints) OG_RETURN_NOT_OK(ApplyConstraint(view, c, &set));
    e.uniques = std::move(set.uniques);
    e.indexes = std::move(set.indexes);
    return e;
  }

  const std::string& file_;
  std::map<std::string, const Decl*> interfaces_;
  std::map<std::string, const Decl*> nodes_;
};

}  // namespace

Result<Catalog> ParseSchema(std::string_view source, const std::string& file) {
  OG_ASSIGN_OR_RAISE(std::vector<Token> tokens, Tokenize(source, file));
  OG_ASSIGN_OR_RAISE(std::vector<Decl> decls, SchemaParser(tokens, file).Parse());
  OG_ASSIGN_OR_RAISE(Catalog catalog, SchemaCompiler(file).Compile(decls));
  catalog.source = std::string(source);
  return catalog;
}

}  // namespace og::lang
