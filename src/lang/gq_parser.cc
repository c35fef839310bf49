#include "lang/gq_parser.h"

#include <charconv>

#include "common/utf8.h"
#include "lang/lexer.h"
#include "lang/limits.h"

namespace og::lang {

const char* CompareOpText(CompareOp op) {
  switch (op) {
    case CompareOp::kEq: return "=";
    case CompareOp::kNe: return "!=";
    case CompareOp::kLt: return "<";
    case CompareOp::kLe: return "<=";
    case CompareOp::kGt: return ">";
    case CompareOp::kGe: return ">=";
    case CompareOp::kContains: return "contains";
    case CompareOp::kStartsWith: return "starts_with";
  }
  return "?";
}

std::string ParamDecl::ToString() const {
  std::string t;
  switch (kind) {
    case Kind::kScalar: t = ScalarTypeName(scalar); break;
    case Kind::kList: t = std::string("[") + ScalarTypeName(scalar) + "]"; break;
    case Kind::kVector: t = "Vector(" + std::to_string(vector_dim) + ")"; break;
  }
  return nullable ? t + "?" : t;
}

const ParamDecl* QueryDecl::FindParam(const std::string& n) const {
  for (const auto& p : params) {
    if (p.name == n) return &p;
  }
  return nullptr;
}

namespace {

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::string file) : t_(std::move(tokens)), file_(std::move(file)) {}

  Result<QueryFile> ParseFile() {
    QueryFile out;
    while (!At(TokenKind::kEnd)) {
      OG_ASSIGN_OR_RAISE(QueryDecl q, ParseQuery());
      out.queries.push_back(std::move(q));
    }
    return out;
  }

 private:
  // ---- token helpers ---------------------------------------------------------------------------
  const Token& Peek(size_t ahead = 0) const {
    size_t i = std::min(pos_ + ahead, t_.size() - 1);
    return t_[i];
  }
  bool At(TokenKind k, size_t ahead = 0) const { return Peek(ahead).kind == k; }
  bool AtWord(const char* word, size_t ahead = 0) const {
    return At(TokenKind::kIdent, ahead) && Peek(ahead).text == word;
  }
  Token Take() { return t_[std::min(pos_++, t_.size() - 1)]; }
  Pos PosOf(const Token& tok) const { return Pos{tok.line, tok.column}; }

  static std::string Describe(const Token& tok) {
    switch (tok.kind) {
      case TokenKind::kEnd: return "end of input";
      case TokenKind::kIdent:
      case TokenKind::kTypeName: return QuoteName(tok.text);
      case TokenKind::kVariable: return QuoteName("$" + tok.text);
      case TokenKind::kString: return "string " + QuoteForMessage(tok.text);
      case TokenKind::kInteger:
      case TokenKind::kFloat:
        return "number " + (tok.text.size() <= 40 ? tok.text : tok.text.substr(0, 40) + "…");
      default: return TokenKindName(tok.kind);
    }
  }

  // Entered by every recursive rule; the parse fails past kMaxNestingDepth levels.
  class Nesting {
   public:
    explicit Nesting(Parser* p) : p_(p) { ++p_->depth_; }
    ~Nesting() { --p_->depth_; }
    Status Check() const {
      if (p_->depth_ <= kMaxNestingDepth) return Status::OK();
      return p_->ErrorAt(p_->Peek(), "nesting is deeper than " + std::to_string(kMaxNestingDepth) +
                                         " levels");
    }

   private:
    Parser* p_;
  };

  Status ErrorAt(const Token& tok, const std::string& what) const {
    return Status::AtSource(SourceSpan{file_, tok.line, tok.column, query_}, "parse error: " + what);
  }
  Status Expected(const std::string& what) const {
    return ErrorAt(Peek(), "expected " + what + ", found " + Describe(Peek()));
  }
  Result<Token> Expect(TokenKind k, const std::string& what) {
    if (!At(k)) return Expected(what);
    return Take();
  }
  Status ExpectWord(const char* word) {
    if (!AtWord(word)) return Expected(std::string("'") + word + "'");
    Take();
    return Status::OK();
  }

  // ---- declarations ----------------------------------------------------------------------------
  Result<QueryDecl> ParseQuery() {
    QueryDecl q;
    q.file = file_;
    q.pos = PosOf(Peek());
    query_.clear();
    OG_RETURN_NOT_OK(ExpectWord("query"));
    OG_ASSIGN_OR_RAISE(Token name, Expect(TokenKind::kIdent, "a query name"));
    q.name = name.text;
    query_ = q.name;
    OG_RETURN_NOT_OK(Expect(TokenKind::kLParen, "'(' after the query name").status());
    while (!At(TokenKind::kRParen)) {
      OG_ASSIGN_OR_RAISE(ParamDecl p, ParseParam());
      for (const auto& other : q.params) {
        if (other.name == p.name) {
          return Status::AtSource(SourceSpan{file_, p.pos.line, p.pos.column, query_},
                                  "parse error: parameter '$" + p.name + "' is declared twice");
        }
      }
      q.params.push_back(std::move(p));
      if (At(TokenKind::kComma)) Take();
      else if (!At(TokenKind::kRParen)) return Expected("',' or ')' in the parameter list");
    }
    Take();
    while (At(TokenKind::kAt)) {
      Token at = Take();
      OG_ASSIGN_OR_RAISE(Token ann, Expect(TokenKind::kIdent, "an annotation name"));
      if (ann.text != "description" && ann.text != "instruction") {
        return ErrorAt(ann, "unknown query annotation '@" + ann.text +
                                "' (only @description and @instruction are allowed)");
      }
      OG_RETURN_NOT_OK(Expect(TokenKind::kLParen, "'('").status());
      OG_ASSIGN_OR_RAISE(Token text, Expect(TokenKind::kString, "a string"));
      OG_RETURN_NOT_OK(Expect(TokenKind::kRParen, "')'").status());
      std::string& slot = ann.text == "description" ? q.description : q.instruction;
      if (!slot.empty()) return ErrorAt(at, "@" + ann.text + " is given twice");
      slot = text.text;
    }
    OG_RETURN_NOT_OK(Expect(TokenKind::kLBrace, "'{' to open the query body").status());
    if (AtWord("match")) {
      OG_RETURN_NOT_OK(ParseReadBody(&q));
    } else if (AtWord("insert") || AtWord("update") || AtWord("delete")) {
      q.is_mutation = true;
      while (AtWord("insert") || AtWord("update") || AtWord("delete")) {
        OG_ASSIGN_OR_RAISE(MutationStatement st, ParseStatement());
        q.statements.push_back(std::move(st));
      }
    } else {
      return Expected("'match', 'insert', 'update' or 'delete'");
    }
    OG_RETURN_NOT_OK(Expect(TokenKind::kRBrace, "'}' to close the query body").status());
    return q;
  }

  Result<ParamDecl> ParseParam() {
    ParamDecl p;
    p.pos = PosOf(Peek());
    OG_ASSIGN_OR_RAISE(Token var, Expect(TokenKind::kVariable, "a parameter like '$name'"));
    p.name = var.text;
    OG_RETURN_NOT_OK(Expect(TokenKind::kColon, "':' after the parameter name").status());
    if (At(TokenKind::kLBracket)) {
      Take();
      OG_ASSIGN_OR_RAISE(p.scalar, ParseBaseType());
      p.kind = ParamDecl::Kind::kList;
      OG_RETURN_NOT_OK(Expect(TokenKind::kRBracket, "']'").status());
    } else if (At(TokenKind::kTypeName) && Peek().text == "Vector") {
      Take();
      OG_RETURN_NOT_OK(Expect(TokenKind::kLParen, "'(' after Vector").status());
      OG_ASSIGN_OR_RAISE(Token dim, Expect(TokenKind::kInteger, "a dimension"));
      OG_RETURN_NOT_OK(Expect(TokenKind::kRParen, "')'").status());
      p.kind = ParamDecl::Kind::kVector;
      p.scalar = ScalarType::kF32;
      p.vector_dim = std::atoi(dim.text.c_str());
      if (p.vector_dim < 1) return ErrorAt(dim, "a Vector dimension must be at least 1");
    } else {
      OG_ASSIGN_OR_RAISE(p.scalar, ParseBaseType());
    }
    if (At(TokenKind::kQuestion)) {
      Take();
      p.nullable = true;
    }
    return p;
  }

  Result<ScalarType> ParseBaseType() {
    if (!At(TokenKind::kTypeName)) return Expected("a type (String, I32, ...)");
    Token tok = Take();
    auto t = ScalarTypeFromName(tok.text);
    if (!t) return ErrorAt(tok, "unknown type '" + tok.text + "'");
    return *t;
  }

  // ---- read body -------------------------------------------------------------------------------
  Status ParseReadBody(QueryDecl* q) {
    OG_RETURN_NOT_OK(ExpectWord("match"));
    OG_RETURN_NOT_OK(Expect(TokenKind::kLBrace, "'{' after match").status());
    OG_ASSIGN_OR_RAISE(q->match, ParseClauses());
    OG_RETURN_NOT_OK(ExpectWord("return"));
    OG_RETURN_NOT_OK(Expect(TokenKind::kLBrace, "'{' after return").status());
    while (!At(TokenKind::kRBrace)) {
      Projection p;
      OG_ASSIGN_OR_RAISE(p.expr, ParseExpr());
      if (AtWord("as")) {
        Take();
        OG_ASSIGN_OR_RAISE(Token alias, Expect(TokenKind::kIdent, "an alias after 'as'"));
        p.alias = alias.text;
      }
      q->returns.push_back(std::move(p));
      if (At(TokenKind::kComma)) Take();
    }
    if (q->returns.empty()) return Expected("at least one return value");
    Take();
    if (AtWord("order")) {
      Take();
      OG_RETURN_NOT_OK(Expect(TokenKind::kLBrace, "'{' after order").status());
      while (!At(TokenKind::kRBrace)) {
        Ordering o;
        OG_ASSIGN_OR_RAISE(o.expr, ParseExpr());
        if (AtWord("asc") || AtWord("desc")) {
          o.desc = Take().text == "desc";
          o.explicit_direction = true;
        }
        q->order.push_back(std::move(o));
        if (At(TokenKind::kComma)) Take();
      }
      if (q->order.empty()) return Expected("an ordering");
      Take();
    }
    if (AtWord("limit")) {
      Take();
      OG_ASSIGN_OR_RAISE(Token n, Expect(TokenKind::kInteger, "an integer after limit"));
      OG_ASSIGN_OR_RAISE(q->limit, ParseInteger(n));
    }
    return Status::OK();
  }

  // Clauses until the closing '}' (consumed).
  Result<std::vector<Clause>> ParseClauses() {
    std::vector<Clause> out;
    while (!At(TokenKind::kRBrace)) {
      if (At(TokenKind::kEnd)) return Expected("'}'");
      OG_ASSIGN_OR_RAISE(Clause c, ParseClause());
      out.push_back(std::move(c));
      if (At(TokenKind::kComma)) Take();
    }
    if (out.empty()) return Expected("a clause");
    Take();
    return out;
  }

  Result<Clause> ParseClause() {
    Clause c;
    c.pos = PosOf(Peek());
    if (AtWord("not") && At(TokenKind::kLBrace, 1)) {
      Take();
      Take();
      c.kind = Clause::Kind::kNegation;
      Nesting nesting(this);
      OG_RETURN_NOT_OK(nesting.Check());
      c.negation = std::make_shared<Negation>();
      OG_ASSIGN_OR_RAISE(c.negation->clauses, ParseClauses());
      return c;
    }
    if (At(TokenKind::kVariable)) {
      if (At(TokenKind::kColon, 1) && At(TokenKind::kTypeName, 2)) return ParseBinding(c);
      bool edge_bound = At(TokenKind::kVariable, 1) && At(TokenKind::kColon, 2);
      bool word = At(TokenKind::kIdent, 1) && Peek(1).text != "not";
      bool undirected = At(TokenKind::kLt, 1);
      if (edge_bound || word || undirected) {
        // Ordered choice: a clause that starts like a traversal but does not complete as one
        // (`$n < $p.age`, `$n contains "x"`) is a filter. On a double failure, report the
        // alternative that got further, as a PEG does.
        size_t start = pos_;
        auto traversal = ParseTraversal(c);
        if (traversal.ok()) return traversal;
        size_t traversal_failed_at = pos_;
        pos_ = start;
        auto filter = ParseFilterClause(c);
        if (filter.ok() || pos_ > traversal_failed_at) return filter;
        return traversal;
      }
    }
    return ParseFilterClause(c);
  }

  // filter ::= expr filter_op expr, or a bare text-search call.
  Result<Clause> ParseFilterClause(Clause c) {
    OG_ASSIGN_OR_RAISE(Expr left, ParseExpr());
    if (left.kind == Expr::Kind::kCall && !left.IsAggregate() && !AtCompareOp()) {
      c.kind = Clause::Kind::kSearch;
      c.search = std::move(left);
      return c;
    }
    c.kind = Clause::Kind::kFilter;
    c.filter.left = std::move(left);
    OG_ASSIGN_OR_RAISE(c.filter.op, ParseCompareOp(/*allow_string_ops=*/true));
    OG_ASSIGN_OR_RAISE(c.filter.right, ParseExpr());
    return c;
  }

  Result<Clause> ParseBinding(Clause c) {
    c.kind = Clause::Kind::kBinding;
    c.binding.var = Take().text;
    Take();  // ':'
    c.binding.type = Take().text;
    if (At(TokenKind::kLBrace) && !At(TokenKind::kInteger, 1)) {
      Take();
      while (!At(TokenKind::kRBrace)) {
        PropMatch m;
        m.pos = PosOf(Peek());
        OG_ASSIGN_OR_RAISE(Token prop, Expect(TokenKind::kIdent, "a property name"));
        m.property = prop.text;
        OG_RETURN_NOT_OK(Expect(TokenKind::kColon, "':' after '" + prop.text + "'").status());
        OG_ASSIGN_OR_RAISE(m.value, ParseValue());
        c.binding.props.push_back(std::move(m));
        if (At(TokenKind::kComma)) {
          Take();
        } else if (!At(TokenKind::kRBrace)) {
          return Expected("',' or '}' in the property list");
        }
      }
      Take();
    }
    return c;
  }

  Result<Clause> ParseTraversal(Clause c) {
    c.kind = Clause::Kind::kTraversal;
    Traversal& t = c.traversal;
    t.src_pos = PosOf(Peek());
    t.src = Take().text;
    if (At(TokenKind::kVariable)) {
      t.edge_var = Take().text;
      OG_RETURN_NOT_OK(Expect(TokenKind::kColon, "':' after the edge variable").status());
    }
    t.edge_pos = PosOf(Peek());
    if (At(TokenKind::kLt)) {
      Take();
      OG_ASSIGN_OR_RAISE(Token e, Expect(TokenKind::kIdent, "an edge name"));
      t.edge = e.text;
      t.undirected = true;
      OG_RETURN_NOT_OK(Expect(TokenKind::kGt, "'>' to close the undirected edge").status());
    } else {
      OG_ASSIGN_OR_RAISE(Token e, Expect(TokenKind::kIdent, "an edge name (lower-case initial)"));
      t.edge = e.text;
    }
    if (At(TokenKind::kLBrace)) {
      Take();
      t.has_bounds = true;
      OG_ASSIGN_OR_RAISE(Token lo, Expect(TokenKind::kInteger, "a minimum hop count"));
      OG_ASSIGN_OR_RAISE(t.min_hops, ParseInteger(lo));
      OG_RETURN_NOT_OK(Expect(TokenKind::kComma, "',' in hop bounds").status());
      if (At(TokenKind::kInteger)) {
        OG_ASSIGN_OR_RAISE(t.max_hops, ParseInteger(Take()));
      } else {
        t.max_hops.reset();
      }
      OG_RETURN_NOT_OK(Expect(TokenKind::kRBrace, "'}' to close the hop bounds").status());
    }
    OG_ASSIGN_OR_RAISE(Token dst, Expect(TokenKind::kVariable, "the traversal's target variable"));
    t.dst = dst.text;
    t.dst_pos = PosOf(dst);
    return c;
  }

  bool AtCompareOp() const {
    switch (Peek().kind) {
      case TokenKind::kEq:
      case TokenKind::kNe:
      case TokenKind::kLt:
      case TokenKind::kLe:
      case TokenKind::kGt:
      case TokenKind::kGe:
        return true;
      default:
        return AtWord("contains") || AtWord("starts_with");
    }
  }

  Result<CompareOp> ParseCompareOp(bool allow_string_ops) {
    Token tok = Peek();
    switch (tok.kind) {
      case TokenKind::kEq: Take(); return CompareOp::kEq;
      case TokenKind::kNe: Take(); return CompareOp::kNe;
      case TokenKind::kLt: Take(); return CompareOp::kLt;
      case TokenKind::kLe: Take(); return CompareOp::kLe;
      case TokenKind::kGt: Take(); return CompareOp::kGt;
      case TokenKind::kGe: Take(); return CompareOp::kGe;
      default: break;
    }
    if (allow_string_ops && AtWord("contains")) {
      Take();
      return CompareOp::kContains;
    }
    if (allow_string_ops && AtWord("starts_with")) {
      Take();
      return CompareOp::kStartsWith;
    }
    return Expected(allow_string_ops ? "a comparison (=, !=, <, <=, >, >=, contains, starts_with)"
                                     : "a comparison (=, !=, <, <=, >, >=)");
  }

  // ---- expressions -----------------------------------------------------------------------------
  // value ::= literal | Variable | now()
  Result<Expr> ParseValue() {
    if (At(TokenKind::kVariable)) {
      Expr e;
      e.pos = PosOf(Peek());
      e.kind = Expr::Kind::kVariable;
      e.name = Take().text;
      return e;
    }
    if (AtWord("now") && At(TokenKind::kLParen, 1)) return ParseExpr();
    Expr e;
    e.pos = PosOf(Peek());
    e.kind = Expr::Kind::kLiteral;
    OG_ASSIGN_OR_RAISE(e.literal, ParseLiteral());
    return e;
  }

  Result<Expr> ParseExpr() {
    Expr e;
    e.pos = PosOf(Peek());
    if (At(TokenKind::kVariable)) {
      e.name = Take().text;
      if (At(TokenKind::kDot)) {
        Take();
        OG_ASSIGN_OR_RAISE(Token prop, Expect(TokenKind::kIdent, "a property name after '.'"));
        e.kind = Expr::Kind::kProperty;
        e.property = prop.text;
      } else {
        e.kind = Expr::Kind::kVariable;
      }
      return e;
    }
    if (At(TokenKind::kIdent) && At(TokenKind::kLParen, 1)) {
      const std::string& fn = Peek().text;
      if (fn == "now") {
        Take();
        Take();
        OG_RETURN_NOT_OK(Expect(TokenKind::kRParen, "')' after now(").status());
        e.kind = Expr::Kind::kNow;
        return e;
      }
      if (fn == "date" || fn == "datetime") {
        e.kind = Expr::Kind::kLiteral;
        OG_ASSIGN_OR_RAISE(e.literal, ParseLiteral());
        return e;
      }
      if (const FunctionInfo* info = FindFunction(fn)) {
        e.kind = Expr::Kind::kCall;
        e.fn = info;
        Nesting nesting(this);
        OG_RETURN_NOT_OK(nesting.Check());
        e.name = Take().text;
        Take();  // '('
        while (!At(TokenKind::kRParen)) {
          OG_ASSIGN_OR_RAISE(Expr arg, ParseExpr());
          e.args.push_back(std::move(arg));
          if (At(TokenKind::kComma)) Take();
          else if (!At(TokenKind::kRParen)) return Expected("',' or ')' in the argument list");
        }
        Take();
        return e;
      }
      return ErrorAt(Peek(), "unknown function " + QuoteName(fn));
    }
    if (At(TokenKind::kIdent) && Peek().text != "true" && Peek().text != "false") {
      e.kind = Expr::Kind::kAlias;
      e.name = Take().text;
      return e;
    }
    e.kind = Expr::Kind::kLiteral;
    OG_ASSIGN_OR_RAISE(e.literal, ParseLiteral());
    return e;
  }

  Result<int64_t> ParseInteger(const Token& tok) {
    int64_t v = 0;
    auto r = std::from_chars(tok.text.data(), tok.text.data() + tok.text.size(), v);
    if (r.ec != std::errc()) return ErrorAt(tok, "integer " + tok.text + " is out of range");
    return v;
  }

  Result<Literal> ParseLiteral() {
    Literal lit;
    Token tok = Peek();
    lit.pos = PosOf(tok);
    switch (tok.kind) {
      case TokenKind::kString:
        Take();
        lit.kind = Literal::Kind::kString;
        lit.text = tok.text;
        return lit;
      case TokenKind::kInteger: {
        Take();
        lit.kind = Literal::Kind::kInteger;
        lit.text = tok.text;
        OG_ASSIGN_OR_RAISE(lit.integer, ParseInteger(tok));
        return lit;
      }
      case TokenKind::kFloat:
        Take();
        lit.kind = Literal::Kind::kFloat;
        lit.text = tok.text;
        lit.number = std::strtod(tok.text.c_str(), nullptr);
        return lit;
      case TokenKind::kLBracket: {
        Nesting nesting(this);
        OG_RETURN_NOT_OK(nesting.Check());
        Take();
        lit.kind = Literal::Kind::kList;
        while (!At(TokenKind::kRBracket)) {
          OG_ASSIGN_OR_RAISE(Literal item, ParseLiteral());
          lit.items.push_back(std::move(item));
          if (At(TokenKind::kComma)) Take();
          else if (!At(TokenKind::kRBracket)) return Expected("',' or ']' in the list");
        }
        Take();
        return lit;
      }
      case TokenKind::kIdent: {
        if (tok.text == "true" || tok.text == "false") {
          Take();
          lit.kind = Literal::Kind::kBool;
          lit.boolean = tok.text == "true";
          lit.text = tok.text;
          return lit;
        }
        if ((tok.text == "date" || tok.text == "datetime") && At(TokenKind::kLParen, 1)) {
          Take();
          Take();
          OG_ASSIGN_OR_RAISE(Token s, Expect(TokenKind::kString, "a quoted date"));
          OG_RETURN_NOT_OK(Expect(TokenKind::kRParen, "')'").status());
          lit.kind = tok.text == "date" ? Literal::Kind::kDate : Literal::Kind::kDateTime;
          lit.text = s.text;
          return lit;
        }
        break;
      }
      case TokenKind::kMinus:
        return ErrorAt(tok, "negative literals are not supported; pass negative values as parameters");
      default:
        break;
    }
    return Expected("a value (string, number, true/false, date(...), datetime(...), list)");
  }

  // ---- mutations -------------------------------------------------------------------------------
  Result<MutationStatement> ParseStatement() {
    MutationStatement st;
    st.pos = PosOf(Peek());
    std::string verb = Take().text;
    st.kind = verb == "insert"   ? MutationStatement::Kind::kInsert
              : verb == "update" ? MutationStatement::Kind::kUpdate
                                 : MutationStatement::Kind::kDelete;
    OG_ASSIGN_OR_RAISE(Token type, Expect(TokenKind::kTypeName, "a node or edge type after " + verb));
    st.type = type.text;
    if (st.kind == MutationStatement::Kind::kUpdate) OG_RETURN_NOT_OK(ExpectWord("set"));
    if (st.kind != MutationStatement::Kind::kDelete) {
      OG_RETURN_NOT_OK(Expect(TokenKind::kLBrace, "'{' before the assignments").status());
      while (!At(TokenKind::kRBrace)) {
        Assignment a;
        a.pos = PosOf(Peek());
        OG_ASSIGN_OR_RAISE(Token prop, Expect(TokenKind::kIdent, "a property name"));
        a.property = prop.text;
        OG_RETURN_NOT_OK(Expect(TokenKind::kColon, "':' after '" + prop.text + "'").status());
        OG_ASSIGN_OR_RAISE(a.value, ParseValue());
        st.assignments.push_back(std::move(a));
        if (At(TokenKind::kComma)) Take();
      }
      Take();
    }
    if (st.kind != MutationStatement::Kind::kInsert) {
      OG_RETURN_NOT_OK(ExpectWord("where"));
      MutationPredicate p;
      p.pos = PosOf(Peek());
      OG_ASSIGN_OR_RAISE(Token prop, Expect(TokenKind::kIdent, "a property name after where"));
      p.property = prop.text;
      OG_ASSIGN_OR_RAISE(p.op, ParseCompareOp(/*allow_string_ops=*/false));
      OG_ASSIGN_OR_RAISE(p.value, ParseValue());
      st.where = std::move(p);
    }
    return st;
  }

  std::vector<Token> t_;
  std::string file_;
  std::string query_;
  size_t pos_ = 0;
  int depth_ = 0;  // current nesting (Nesting)
};

}  // namespace

Result<QueryFile> ParseQueries(std::string_view source, const std::string& file) {
  OG_ASSIGN_OR_RAISE(std::vector<Token> tokens, Tokenize(source, file));
  return Parser(std::move(tokens), file).ParseFile();
}

}  // namespace og::lang
