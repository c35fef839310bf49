#include "lang/gq_check.h"

#include "common/utf8.h"

#include <algorithm>
#include <set>

#include "lang/temporal.h"

namespace og::lang {

std::string ExprType::ToString() const {
  switch (kind) {
    case Kind::kScalar: return is_enum ? "enum" : ScalarTypeName(scalar);
    case Kind::kList: return std::string("[") + ScalarTypeName(scalar) + "]";
    case Kind::kVector: return "Vector(" + std::to_string(vector_dim) + ")";
    case Kind::kNode: return "node";
    case Kind::kEdge: return "edge";
    case Kind::kNull: return "null";
  }
  return "?";
}

namespace {

ExprType FromPropType(const PropType& p) {
  ExprType t;
  t.nullable = p.nullable;
  t.scalar = p.scalar;
  switch (p.kind) {
    case PropType::Kind::kScalar: t.kind = ExprType::Kind::kScalar; break;
    case PropType::Kind::kEnum:
      t.kind = ExprType::Kind::kScalar;
      t.scalar = ScalarType::kString;
      t.is_enum = true;
      t.enum_values = p.enum_values;
      break;
    case PropType::Kind::kList: t.kind = ExprType::Kind::kList; break;
    case PropType::Kind::kVector:
      t.kind = ExprType::Kind::kVector;
      t.scalar = ScalarType::kF32;
      t.vector_dim = p.vector_dim;
      break;
  }
  return t;
}

ExprType FromParam(const ParamDecl& p) {
  ExprType t;
  t.nullable = p.nullable;
  t.scalar = p.scalar;
  t.kind = p.kind == ParamDecl::Kind::kList     ? ExprType::Kind::kList
           : p.kind == ParamDecl::Kind::kVector ? ExprType::Kind::kVector
                                                : ExprType::Kind::kScalar;
  t.vector_dim = p.vector_dim;
  return t;
}

ExprType Scalar(ScalarType s, bool nullable = false) {
  ExprType t;
  t.scalar = s;
  t.nullable = nullable;
  return t;
}

// Same scalar type (enum counts as String), or both numeric.
bool ScalarsCompatible(ScalarType a, ScalarType b) {
  return a == b || (IsNumeric(a) && IsNumeric(b));
}

// The name the reference engine uses internally for now(); no query may declare it.
constexpr const char* kReservedNowParam = "__nanograph_now";

class Checker {
 public:
  Checker(const QueryDecl& q, const Catalog& cat) : q_(q), cat_(cat) { out_.decl = &q; }

  Result<CheckedQuery> Run() {
    out_.is_mutation = q_.is_mutation;
    for (const ParamDecl& p : q_.params) {
      if (p.name == kReservedNowParam) {
        return Err(p.pos, "", "parameter name '$" + p.name + "' is reserved");
      }
    }
    if (q_.is_mutation) {
      for (const auto& st : q_.statements) OG_RETURN_NOT_OK(CheckStatement(st));
      return std::move(out_);
    }
    scopes_.emplace_back();
    refs_outside_.push_back(false);
    OG_RETURN_NOT_OK(CheckClauses(q_.match));
    OG_RETURN_NOT_OK(CheckReturn());
    OG_RETURN_NOT_OK(CheckOrder());
    return std::move(out_);
  }

 private:
  Status Err(Pos pos, const char* code, const std::string& msg) const {
    std::string text = code[0] ? std::string("type error: ") + code + ": " + msg : "type error: " + msg;
    return Status::AtSource(SourceSpan{q_.file, pos.line, pos.column, q_.name}, text);
  }

  // ---- variables -------------------------------------------------------------------------------
  // Index of a visible variable, or -1. `depth` is set to the scope it was found in.
  int Lookup(const std::string& name, int* depth = nullptr) const {
    for (int s = static_cast<int>(scopes_.size()) - 1; s >= 0; --s) {
      auto it = scopes_[s].find(name);
      if (it != scopes_[s].end()) {
        if (depth) *depth = s;
        return it->second;
      }
    }
    return -1;
  }

  // Lookup that records the use: every negation scope nested deeper than the variable's own
  // scope now references a variable bound outside it (the T9 rule).
  int Use(const std::string& name) {
    int depth = 0;
    int v = Lookup(name, &depth);
    if (v >= 0) {
      for (size_t k = depth + 1; k < scopes_.size(); ++k) refs_outside_[k] = true;
    }
    return v;
  }

  int NewVar(const std::string& name, bool is_edge, const std::string& type) {
    CheckedVar v;
    v.is_edge = is_edge;
    v.type = type;
    if (name == "_") {
      v.anonymous = true;
      v.name = std::to_string(++anonymous_);
      v.name.insert(v.name.begin(), '_');  // "_1", "_2", ...: a label; vars are used by index
    } else {
      v.name = name;
    }
    out_.vars.push_back(v);
    int idx = static_cast<int>(out_.vars.size()) - 1;
    if (name != "_") scopes_.back()[name] = idx;
    return idx;
  }

  // ---- match -----------------------------------------------------------------------------------
  Status CheckClauses(const std::vector<Clause>& clauses) {
    // Bindings and traversals first, in textual order (they fix types); then filters and search
    // predicates, which may name variables bound anywhere in the block; then negations.
    for (const auto& c : clauses) {
      if (c.kind == Clause::Kind::kBinding) OG_RETURN_NOT_OK(CheckBinding(c.binding, c.pos));
      if (c.kind == Clause::Kind::kTraversal) OG_RETURN_NOT_OK(CheckTraversal(c.traversal));
    }
    for (const auto& c : clauses) {
      if (c.kind == Clause::Kind::kFilter) OG_RETURN_NOT_OK(CheckFilter(c.filter, c.pos));
      if (c.kind == Clause::Kind::kSearch) {
        OG_ASSIGN_OR_RAISE(ExprType t, TypeOf(c.search));
        if (!c.search.IsCallOf(FunctionRole::kTextPredicate)) {
          return Err(c.pos, "", c.search.name + "(...) is a ranking function; use it in order { }");
        }
      }
    }
    for (const auto& c : clauses) {
      if (c.kind != Clause::Kind::kNegation) continue;
      scopes_.emplace_back();
      refs_outside_.push_back(false);
      OG_RETURN_NOT_OK(CheckClauses(c.negation->clauses));
      bool references_outside = refs_outside_.back();
      scopes_.pop_back();
      refs_outside_.pop_back();
      if (!references_outside) {
        return Err(c.pos, "T9", "a not { } block must reference a variable bound outside it");
      }
    }
    return Status::OK();
  }

  Status CheckBinding(const Binding& b, Pos pos) {
    const NodeType* node = cat_.FindNode(b.type);
    if (!node) return Err(pos, "T1", "unknown node type '" + b.type + "'");
    int v = b.var == "_" ? -1 : Use(b.var);
    if (v >= 0) {
      const CheckedVar& var = out_.vars[v];
      if (var.is_edge) return Err(pos, "T23", "$" + b.var + " is an edge variable; it cannot be a node");
      if (var.type != node->name) {
        return Err(pos, "", "$" + b.var + " is already bound to " + var.type + "; it cannot also be " +
                                node->name);
      }
    } else {
      v = NewVar(b.var, false, node->name);
    }
    out_.bindings[&b] = v;
    for (const auto& m : b.props) {
      const Property* p = node->FindProperty(m.property);
      if (!p && m.property != "id") {
        return Err(m.pos, "T2", node->name + " has no property '" + m.property + "'");
      }
      PropType ptype = p ? p->type : PropType{};
      if (ptype.kind == PropType::Kind::kScalar && ptype.scalar == ScalarType::kBlob) {
        return Err(m.pos, "T3", "Blob property '" + m.property + "' cannot be matched");
      }
      OG_RETURN_NOT_OK(CheckValueFor(ptype, m.property, m.value, /*membership=*/true));
    }
    return Status::OK();
  }

  // A literal / $param / now() used as the value of property `prop` of type `ptype`.
  // `membership`: on a list property the value is an element to look for.
  Status CheckValueFor(const PropType& ptype, const std::string& prop, const Expr& value,
                       bool membership) {
    ExprType target = FromPropType(ptype);
    if (membership && target.kind == ExprType::Kind::kList) target.kind = ExprType::Kind::kScalar;
    if (value.kind == Expr::Kind::kNow) {
      if (target.kind != ExprType::Kind::kScalar || target.scalar != ScalarType::kDateTime) {
        return Err(value.pos, "T7", "now() can only be used for a DateTime property, not '" + prop + "'");
      }
      return Status::OK();
    }
    if (value.kind == Expr::Kind::kVariable) {
      const ParamDecl* p = q_.FindParam(value.name);
      if (!p) {
        if (Lookup(value.name) >= 0) {
          return Err(value.pos, "T7", "$" + value.name + " is a match variable; a property value "
                                      "must be a literal, a parameter or now()");
        }
        return Err(value.pos, "T14", "$" + value.name + " is not a declared parameter");
      }
      ExprType pt = FromParam(*p);
      if (pt.kind == ExprType::Kind::kList && ptype.is_list() && membership) {
        return Err(value.pos, "T7", "list equality is not supported; use contains");
      }
      if (!Compatible(target, pt, /*string_to_blob=*/true)) {
        return Err(value.pos, "T7", "parameter $" + p->name + " of type " + p->ToString() +
                                        " does not match property '" + prop + "' of type " +
                                        ptype.ToString());
      }
      return Status::OK();
    }
    if (value.kind != Expr::Kind::kLiteral) {
      return Err(value.pos, "T3", "the value of '" + prop + "' must be a literal, a parameter or now()");
    }
    return CheckLiteralFor(target, ptype, prop, value.literal);
  }

  Status CheckLiteralFor(const ExprType& target, const PropType& ptype, const std::string& prop,
                         const Literal& lit) {
    auto mismatch = [&]() {
      return Err(lit.pos, "T3", "value does not match property '" + prop + "' of type " +
                                    ptype.ToString());
    };
    if (lit.kind == Literal::Kind::kList) {
      if (target.kind == ExprType::Kind::kScalar) {
        return Err(lit.pos, "T3", "list equality is not supported on '" + prop + "'; use contains");
      }
      if (target.kind == ExprType::Kind::kVector) {
        if (static_cast<int32_t>(lit.items.size()) != target.vector_dim) {
          return Err(lit.pos, "T3", "'" + prop + "' expects " + std::to_string(target.vector_dim) +
                                        " dimensions, got " + std::to_string(lit.items.size()));
        }
        for (const auto& item : lit.items) {
          if (item.kind != Literal::Kind::kInteger && item.kind != Literal::Kind::kFloat) return mismatch();
        }
        return Status::OK();
      }
      ExprType elem = target;
      elem.kind = ExprType::Kind::kScalar;
      for (const auto& item : lit.items) OG_RETURN_NOT_OK(CheckLiteralFor(elem, ptype, prop, item));
      return Status::OK();
    }
    if (target.kind != ExprType::Kind::kScalar) return mismatch();
    OG_ASSIGN_OR_RAISE(ExprType lt, LiteralType(lit));
    if (!ScalarsCompatible(target.scalar, lt.scalar)) return mismatch();
    if (target.is_enum && !std::binary_search(target.enum_values.begin(), target.enum_values.end(),
                                              lit.text)) {
      return Err(lit.pos, "T3", QuoteName(lit.text) + " is not a value of enum property '" + prop + "'");
    }
    return Status::OK();
  }

  Result<ExprType> LiteralType(const Literal& lit) {
    switch (lit.kind) {
      case Literal::Kind::kString: return Scalar(ScalarType::kString);
      case Literal::Kind::kInteger: return Scalar(ScalarType::kI64);
      case Literal::Kind::kFloat: return Scalar(ScalarType::kF64);
      case Literal::Kind::kBool: return Scalar(ScalarType::kBool);
      case Literal::Kind::kDate: {
        auto d = ParseDate(lit.text);
        if (!d.ok()) return Err(lit.pos, "T3", d.status().message());
        return Scalar(ScalarType::kDate);
      }
      case Literal::Kind::kDateTime: {
        auto d = ParseDateTime(lit.text);
        if (!d.ok()) return Err(lit.pos, "T3", d.status().message());
        return Scalar(ScalarType::kDateTime);
      }
      case Literal::Kind::kList: {
        ExprType t;
        t.kind = ExprType::Kind::kList;
        t.nullable = false;
        if (lit.items.empty()) return t;  // [] is [String]
        OG_ASSIGN_OR_RAISE(ExprType first, LiteralType(lit.items[0]));
        if (first.kind != ExprType::Kind::kScalar) {
          return Err(lit.pos, "", "nested list literals are not supported");
        }
        for (const auto& item : lit.items) {
          OG_ASSIGN_OR_RAISE(ExprType it, LiteralType(item));
          if (it.kind != ExprType::Kind::kScalar || !ScalarsCompatible(it.scalar, first.scalar)) {
            return Err(item.pos, "", "list literal elements must all have one type");
          }
        }
        t.scalar = first.scalar;
        return t;
      }
    }
    return Scalar(ScalarType::kString);
  }

  static bool Compatible(const ExprType& a, const ExprType& b, bool string_to_blob = false) {
    if (a.kind == ExprType::Kind::kNull || b.kind == ExprType::Kind::kNull) return true;
    if (a.kind != b.kind) return false;
    if (a.kind == ExprType::Kind::kVector) return a.vector_dim == b.vector_dim;
    if (string_to_blob && a.scalar == ScalarType::kBlob && b.scalar == ScalarType::kString) return true;
    return ScalarsCompatible(a.scalar, b.scalar);
  }

  Status CheckTraversal(const Traversal& t) {
    const EdgeType* edge = cat_.FindEdge(t.edge);
    if (!edge) return Err(t.edge_pos, "T4", "unknown edge type '" + t.edge + "'");
    CheckedTraversal ct;
    ct.edge_type = edge->name;
    ct.undirected = t.undirected;
    if (t.has_bounds) {
      if (t.min_hops < 1) return Err(t.edge_pos, "T15", "the minimum hop count must be at least 1");
      if (!t.max_hops) return Err(t.edge_pos, "T15", "unbounded traversal is disabled; give a maximum");
      if (*t.max_hops < t.min_hops) {
        return Err(t.edge_pos, "T15", "the maximum hop count is below the minimum");
      }
    }
    ct.min_hops = static_cast<int>(t.min_hops);
    ct.max_hops = static_cast<int>(t.max_hops.value_or(1));
    if (t.undirected && edge->from != edge->to) {
      return Err(t.edge_pos, "T22", "undirected <" + t.edge + "> needs an edge between one node type (" +
                                        edge->name + " goes from " + edge->from + " to " + edge->to + ")");
    }
    bool bound_edge = !t.edge_var.empty() && t.edge_var != "_";
    if (bound_edge) {
      if (t.has_bounds) return Err(t.edge_pos, "T23", "an edge binding $" + t.edge_var + " allows a single hop only");
      if (t.edge_var == t.src || t.edge_var == t.dst || Lookup(t.edge_var) >= 0) {
        return Err(t.edge_pos, "T23", "edge variable $" + t.edge_var + " must be a new name");
      }
    }
    auto endpoint = [&](const std::string& name, Pos at) -> Result<int> {
      if (name == "_") return -1;
      int v = Use(name);
      if (v >= 0 && out_.vars[v].is_edge) {
        return Err(at, "T23", "$" + name + " is an edge variable; it cannot be a traversal endpoint");
      }
      return v;
    };
    OG_ASSIGN_OR_RAISE(int s, endpoint(t.src, t.src_pos));
    OG_ASSIGN_OR_RAISE(int d, endpoint(t.dst, t.dst_pos));
    // Orientation follows the endpoint types (languages.md §2.4).
    bool forward = true;
    if (s >= 0) {
      const std::string& st = out_.vars[s].type;
      if (st == edge->from) forward = true;
      else if (st == edge->to) forward = false;
      else return Err(t.src_pos, "T5", "$" + t.src + " is a " + st + ", which " + edge->name + " does not connect");
    } else if (d >= 0) {
      const std::string& dt = out_.vars[d].type;
      if (dt == edge->to) forward = true;
      else if (dt == edge->from) forward = false;
      else return Err(t.dst_pos, "T5", "$" + t.dst + " is a " + dt + ", which " + edge->name + " does not connect");
    }
    const std::string& src_type = forward ? edge->from : edge->to;
    const std::string& dst_type = forward ? edge->to : edge->from;
    if (s >= 0 && out_.vars[s].type != src_type) {
      return Err(t.src_pos, "T5", "$" + t.src + " is a " + out_.vars[s].type + " but " + edge->name + " needs " + src_type);
    }
    if (d >= 0 && out_.vars[d].type != dst_type) {
      return Err(t.dst_pos, "T5", "$" + t.dst + " is a " + out_.vars[d].type + " but " + edge->name + " needs " + dst_type);
    }
    if (s < 0) s = NewVar(t.src, false, src_type);
    if (d < 0) d = NewVar(t.dst, false, dst_type);
    ct.src = s;
    ct.dst = d;
    ct.forward = forward;
    if (bound_edge) ct.edge_var = NewVar(t.edge_var, true, edge->name);
    out_.traversals[&t] = ct;
    return Status::OK();
  }

  // ---- expressions -----------------------------------------------------------------------------
  Result<ExprType> TypeOf(const Expr& e) {
    switch (e.kind) {
      case Expr::Kind::kLiteral: return LiteralType(e.literal);
      case Expr::Kind::kNow: return Scalar(ScalarType::kDateTime);
      case Expr::Kind::kAlias:
        return Err(e.pos, "T6", "unknown name '" + e.name + "' (variables start with '$')");
      case Expr::Kind::kVariable: {
        int v = Use(e.name);
        if (v >= 0) {
          if (out_.vars[v].is_edge) {
            return Err(e.pos, "T23", "the edge variable $" + e.name +
                                         " can only be used through its properties ($" + e.name +
                                         ".prop)");
          }
          out_.expr_vars[&e] = v;
          ExprType t;
          t.kind = ExprType::Kind::kNode;
          return t;
        }
        if (const ParamDecl* p = q_.FindParam(e.name)) return FromParam(*p);
        return Err(e.pos, "", "unknown variable or parameter '$" + e.name + "'");
      }
      case Expr::Kind::kProperty: {
        int v = Use(e.name);
        if (v < 0) return Err(e.pos, "T6", "$" + e.name + " is not a bound variable");
        out_.expr_vars[&e] = v;
        const CheckedVar& var = out_.vars[v];
        if (e.property == "id") return Scalar(ScalarType::kString);
        const Property* p = var.is_edge ? cat_.FindEdge(var.type)->FindProperty(e.property)
                                        : cat_.FindNode(var.type)->FindProperty(e.property);
        if (!p) return Err(e.pos, "T6", var.type + " has no property '" + e.property + "'");
        return FromPropType(p->type);
      }
      case Expr::Kind::kCall: return TypeOfCall(e);
    }
    return Scalar(ScalarType::kString);
  }

  static bool IsBlob(const ExprType& t) {
    return t.kind == ExprType::Kind::kScalar && t.scalar == ScalarType::kBlob;
  }

  Status CheckFilter(const Filter& f, Pos pos) {
    OG_ASSIGN_OR_RAISE(ExprType l, TypeOf(f.left));
    OG_ASSIGN_OR_RAISE(ExprType r, TypeOf(f.right));
    auto scalar_like = [](const ExprType& t) {
      return t.kind == ExprType::Kind::kScalar || t.kind == ExprType::Kind::kNull;
    };
    if (l.kind == ExprType::Kind::kNode || l.kind == ExprType::Kind::kEdge ||
        r.kind == ExprType::Kind::kNode || r.kind == ExprType::Kind::kEdge) {
      return Err(pos, "T7", "filter comparisons require scalar operands, not a bound variable");
    }
    if (IsBlob(l) || IsBlob(r)) return Err(pos, "T7", "Blob values cannot be compared");
    const char* op = CompareOpText(f.op);
    if (f.op == CompareOp::kContains) {
      if (l.kind == ExprType::Kind::kList) {
        if (!scalar_like(r) || !ScalarsCompatible(l.scalar, r.scalar)) {
          return Err(pos, "T7", "contains on a " + l.ToString() + " list needs a matching scalar, not " + r.ToString());
        }
        return Status::OK();
      }
      if (scalar_like(l) && l.scalar == ScalarType::kString && scalar_like(r) &&
          r.scalar == ScalarType::kString) {
        return Status::OK();
      }
      return Err(pos, "T7", std::string("contains needs a list or String on the left and a matching value on the right, not ") +
                                l.ToString() + " and " + r.ToString());
    }
    if (f.op == CompareOp::kStartsWith) {
      if (scalar_like(l) && l.scalar == ScalarType::kString && scalar_like(r) &&
          r.scalar == ScalarType::kString) {
        return Status::OK();
      }
      return Err(pos, "T7", "starts_with needs String operands, not " + l.ToString() + " and " + r.ToString());
    }
    if (l.kind == ExprType::Kind::kList || r.kind == ExprType::Kind::kList) {
      return Err(pos, "T7", std::string("'") + op + "' cannot compare lists; use contains");
    }
    if (l.kind == ExprType::Kind::kVector || r.kind == ExprType::Kind::kVector) {
      return Err(pos, "T7", std::string("'") + op + "' cannot compare vectors");
    }
    if (!Compatible(l, r)) {
      return Err(pos, "T7", "cannot compare " + l.ToString() + " with " + r.ToString());
    }
    return Status::OK();
  }

  // A String-valued property of a node variable (search/bm25 field). `code` for a wrong type.
  Status CheckTextField(const Expr& f, const char* code, const std::string& fn) {
    if (f.kind == Expr::Kind::kProperty) {
      int v = Lookup(f.name);
      if (v >= 0 && out_.vars[v].is_edge) {
        return Err(f.pos, "T23", fn + "() cannot search the edge variable $" + f.name);
      }
    }
    OG_ASSIGN_OR_RAISE(ExprType t, TypeOf(f));
    if (t.kind != ExprType::Kind::kScalar || t.scalar != ScalarType::kString) {
      return Err(f.pos, code, fn + "() needs a String field, not " + t.ToString());
    }
    return Status::OK();
  }

  Status CheckStringArg(const Expr& e, const char* code, const std::string& fn) {
    OG_ASSIGN_OR_RAISE(ExprType t, TypeOf(e));
    if ((t.kind != ExprType::Kind::kScalar && t.kind != ExprType::Kind::kNull) ||
        t.scalar != ScalarType::kString) {
      return Err(e.pos, code, fn + "() needs a String query, not " + t.ToString());
    }
    return Status::OK();
  }

  Result<ExprType> TypeOfCall(const Expr& e) {
    const std::string fn(e.fn->name);
    size_t lo = e.fn->min_args, hi = e.fn->max_args;
    if (e.args.size() < lo || e.args.size() > hi) {
      return Err(e.pos, "", fn + "() takes " + std::to_string(lo) + (hi > lo ? " to " + std::to_string(hi) : "") +
                     " arguments");
    }
    if (e.IsAggregate()) {
      if (e.args[0].IsAggregate()) return Err(e.pos, "", "aggregates cannot be nested");
      if (!aggregate_allowed_) {
        return Err(e.pos, "", e.name + "() can only be a return value (to order by it, give it an "
                                       "alias in return and order by the alias)");
      }
      aggregate_allowed_ = false;  // its argument is an ordinary value
      OG_ASSIGN_OR_RAISE(ExprType a, TypeOf(e.args[0]));
      if (IsBlob(a)) return Err(e.pos, "T24", "Blob values cannot be aggregated");
      if (e.IsCall(FunctionId::kCount)) return Scalar(ScalarType::kI64);
      bool numeric = a.kind == ExprType::Kind::kScalar && IsNumeric(a.scalar);
      if (e.IsCall(FunctionId::kSum) || e.IsCall(FunctionId::kAvg)) {
        if (!numeric) return Err(e.pos, "T8", fn + "() needs a numeric value, not " + a.ToString());
        return Scalar(ScalarType::kF64, true);
      }
      if (!numeric && !(a.kind == ExprType::Kind::kScalar && a.scalar == ScalarType::kString) &&
          !(a.kind == ExprType::Kind::kScalar && (a.scalar == ScalarType::kDate ||
                                                  a.scalar == ScalarType::kDateTime))) {
        return Err(e.pos, "T8", fn + "() needs a numeric or String value, not " + a.ToString());
      }
      a.nullable = true;
      return a;
    }
    out_.uses_search = true;
    if (e.IsCallOf(FunctionRole::kTextPredicate)) {
      const char* code = e.IsCall(FunctionId::kMatchText) ? "T20" : "T19";
      OG_RETURN_NOT_OK(CheckTextField(e.args[0], code, fn));
      OG_RETURN_NOT_OK(CheckStringArg(e.args[1], code, fn));
      if (e.args.size() == 3) {
        OG_ASSIGN_OR_RAISE(ExprType k, TypeOf(e.args[2]));
        if (k.kind != ExprType::Kind::kScalar || !IsInteger(k.scalar) || k.scalar == ScalarType::kU64) {
          if (!(k.kind == ExprType::Kind::kScalar && k.scalar == ScalarType::kU64)) {
            return Err(e.args[2].pos, "T19", "fuzzy() max_edits must be an integer");
          }
        }
      }
      return Scalar(ScalarType::kBool);
    }
    if (e.IsCall(FunctionId::kBm25)) {
      OG_RETURN_NOT_OK(CheckTextField(e.args[0], "T20", fn));
      OG_RETURN_NOT_OK(CheckStringArg(e.args[1], "T20", fn));
      return Scalar(ScalarType::kF64);
    }
    if (e.IsCall(FunctionId::kNearest)) {
      const Expr& field = e.args[0];
      if (field.kind != Expr::Kind::kProperty) {
        return Err(field.pos, "T15", "nearest() needs a vector property like $x.embedding");
      }
      int v = Lookup(field.name);
      if (v < 0) return Err(field.pos, "T15", "$" + field.name + " is not a bound variable");
      if (out_.vars[v].is_edge) return Err(field.pos, "T23", "nearest() cannot rank the edge variable $" + field.name);
      OG_ASSIGN_OR_RAISE(ExprType ft, TypeOf(field));
      if (ft.kind != ExprType::Kind::kVector) {
        return Err(field.pos, "T15", "nearest() needs a Vector property, not " + ft.ToString());
      }
      OG_ASSIGN_OR_RAISE(ExprType qt, TypeOf(e.args[1]));
      bool ok = (qt.kind == ExprType::Kind::kVector && qt.vector_dim == ft.vector_dim) ||
                (qt.kind == ExprType::Kind::kScalar && qt.scalar == ScalarType::kString) ||
                (qt.kind == ExprType::Kind::kList && e.args[1].kind == Expr::Kind::kLiteral &&
                 IsNumeric(qt.scalar) &&
                 static_cast<int32_t>(e.args[1].literal.items.size()) == ft.vector_dim);
      if (!ok) {
        return Err(e.args[1].pos, "T15", "nearest() query must be a Vector(" +
                                             std::to_string(ft.vector_dim) + ") or a String, not " +
                                             qt.ToString());
      }
      return Scalar(ScalarType::kF64);
    }
    if (e.IsCall(FunctionId::kRrf)) {
      for (size_t i = 0; i < 2; ++i) {
        const Expr& arm = e.args[i];
        if (!arm.IsCallOf(FunctionRole::kRanking)) {
          return Err(arm.pos, "T21", "rrf() arms must be nearest(...) or bm25(...)");
        }
        OG_RETURN_NOT_OK(TypeOf(arm).status());
      }
      if (e.args.size() == 3) {
        const Expr& k = e.args[2];
        OG_ASSIGN_OR_RAISE(ExprType kt, TypeOf(k));
        if (kt.kind != ExprType::Kind::kScalar || !IsInteger(kt.scalar) ||
            (k.kind == Expr::Kind::kLiteral && k.literal.integer <= 0)) {
          return Err(k.pos, "T21", "rrf() k must be a positive integer");
        }
      }
      return Scalar(ScalarType::kF64);
    }
    return Status::Internal("function ", fn, "() has no typing rule");
  }

  // ---- return / order --------------------------------------------------------------------------
  std::string ColumnName(const Projection& p) const {
    if (!p.alias.empty()) return p.alias;
    const Expr& e = p.expr;
    switch (e.kind) {
      case Expr::Kind::kProperty: return e.name + "." + e.property;
      case Expr::Kind::kVariable: return e.name;
      case Expr::Kind::kLiteral: return "literal";
      case Expr::Kind::kNow: return "now";
      case Expr::Kind::kAlias: return e.name;
      case Expr::Kind::kCall: return e.name;
    }
    return "column";
  }

  Status CheckReturn() {
    for (const auto& p : q_.returns) out_.has_aggregate = out_.has_aggregate || p.expr.IsAggregate();
    for (const auto& p : q_.returns) {
      aggregate_allowed_ = true;
      auto typed = TypeOf(p.expr);
      aggregate_allowed_ = false;
      OG_ASSIGN_OR_RAISE(ExprType t, std::move(typed));
      if (IsBlob(t)) return Err(p.expr.pos, "T24", "Blob values cannot be returned");
      if (out_.has_aggregate && !p.expr.IsAggregate() && p.expr.kind != Expr::Kind::kProperty &&
          p.expr.kind != Expr::Kind::kVariable) {
        return Err(p.expr.pos, "T9", "in an aggregate query every other return value must be a "
                                     "property or a variable (a group key)");
      }
      if (out_.has_aggregate && p.expr.kind == Expr::Kind::kVariable && out_.expr_vars.count(&p.expr) == 0) {
        return Err(p.expr.pos, "T9", "a parameter cannot be a group key");
      }
      out_.columns.push_back(CheckedColumn{ColumnName(p), t});
    }
    return Status::OK();
  }

  Status CheckOrder() {
    bool has_nearest = false, has_alias = false;
    for (size_t i = 0; i < q_.order.size(); ++i) {
      const Ordering& o = q_.order[i];
      const Expr& e = o.expr;
      bool ranking = e.IsCallOf(FunctionRole::kRanking) || e.IsCallOf(FunctionRole::kFusion);
      if (ranking) {
        if (i != 0) return Err(e.pos, "", e.name + "() must be the first ordering");
        OG_RETURN_NOT_OK(TypeOf(e).status());
        if (e.IsCall(FunctionId::kNearest)) {
          has_nearest = true;
          if (o.explicit_direction) return Err(e.pos, "T15", "nearest() takes no asc/desc");
          if (!q_.limit) return Err(e.pos, "T17", "ordering by nearest() needs a limit");
        }
        if (e.IsCall(FunctionId::kRrf) && !q_.limit) return Err(e.pos, "T21", "ordering by rrf() needs a limit");
        continue;
      }
      if (e.kind == Expr::Kind::kAlias) {
        bool found = std::any_of(q_.returns.begin(), q_.returns.end(),
                                 [&](const Projection& p) { return p.alias == e.name; });
        if (!found) return Err(e.pos, "T6", "'" + e.name + "' is not a return alias (give one with `as`)");
        has_alias = true;
        continue;
      }
      if (e.IsAggregate()) return Err(e.pos, "", "order by an aggregate through its alias");
      OG_ASSIGN_OR_RAISE(ExprType t, TypeOf(e));
      if (IsBlob(t)) return Err(e.pos, "T24", "Blob values cannot be ordered");
      if (t.kind != ExprType::Kind::kScalar && t.kind != ExprType::Kind::kNull) {
        return Err(e.pos, "T7", "order keys must be scalar values, not " + t.ToString());
      }
    }
    if (has_nearest && has_alias) {
      return Err(q_.order[0].expr.pos, "T18", "nearest() ordering cannot be combined with alias ordering");
    }
    return Status::OK();
  }

  // ---- mutations -------------------------------------------------------------------------------
  Status CheckStatement(const MutationStatement& st) {
    const NodeType* node = cat_.FindNode(st.type);
    const EdgeType* edge = node ? nullptr : cat_.FindEdge(st.type);
    if (!node && !edge) return Err(st.pos, "T10", "unknown node or edge type '" + st.type + "'");
    const std::vector<Property>& props = node ? node->properties : edge->properties;
    auto find = [&](const std::string& name) -> const Property* {
      for (const auto& p : props) {
        if (p.name == name) return &p;
      }
      return nullptr;
    };
    std::set<std::string> assigned;
    bool is_insert = st.kind == MutationStatement::Kind::kInsert;
    if (st.kind == MutationStatement::Kind::kUpdate) {
      if (edge) return Err(st.pos, "T16", "update works on node types; " + edge->name + " is an edge");
      if (st.assignments.empty()) return Err(st.pos, "T10", "update needs at least one assignment");
    }
    if (is_insert && st.assignments.empty()) return Err(st.pos, "T10", "insert needs assignments");
    for (const auto& a : st.assignments) {
      if (!assigned.insert(a.property).second) {
        return Err(a.pos, "T13", "'" + a.property + "' is assigned twice");
      }
      if (edge && is_insert && (a.property == "from" || a.property == "to")) {
        OG_RETURN_NOT_OK(CheckValueFor(PropType{}, a.property, a.value, false));
        continue;
      }
      const Property* p = find(a.property);
      if (!p) return Err(a.pos, "T11", st.type + " has no property '" + a.property + "'");
      if (st.kind == MutationStatement::Kind::kUpdate &&
          std::find(node->key.begin(), node->key.end(), a.property) != node->key.end()) {
        return Err(a.pos, "T11", "cannot update @key property '" + a.property +
                                     "' \xE2\x80\x94 delete and re-insert instead");
      }
      OG_RETURN_NOT_OK(CheckValueFor(p->type, a.property, a.value, false));
    }
    if (is_insert) {
      if (edge) {
        for (const char* ep : {"from", "to"}) {
          if (!assigned.count(ep)) {
            return Err(st.pos, "T12", "insert " + edge->name + " needs '" + ep + "'");
          }
        }
      }
      for (const auto& p : props) {
        // An @embed vector may be left out: the write embeds its source text.
        if (!p.type.nullable && !assigned.count(p.name) && !p.embed) {
          return Err(st.pos, "T12", "insert " + st.type + " must set non-nullable property '" +
                                        p.name + "'");
        }
      }
    }
    if (st.where) {
      const MutationPredicate& w = *st.where;
      PropType ptype;
      if (edge && (w.property == "from" || w.property == "to")) {
        ptype = PropType{};
      } else if (w.property == "id") {
        ptype = PropType{};
      } else {
        const Property* p = find(w.property);
        if (!p) return Err(w.pos, "T11", st.type + " has no property '" + w.property + "'");
        if (p->type.kind == PropType::Kind::kScalar && p->type.scalar == ScalarType::kBlob) {
          return Err(w.pos, "T11", "Blob property '" + w.property + "' cannot be used in where");
        }
        ptype = p->type;
      }
      OG_RETURN_NOT_OK(CheckValueFor(ptype, w.property, w.value, false));
    }
    return Status::OK();
  }

  const QueryDecl& q_;
  const Catalog& cat_;
  CheckedQuery out_;
  // Visible variables per scope: the match block, then one per enclosing not { }.
  std::vector<std::map<std::string, int>> scopes_;
  // Per scope: whether a clause in it (or nested in it) used a variable of an enclosing scope.
  std::vector<bool> refs_outside_;
  // True only while typing the top level of a return projection, the one place for an aggregate.
  bool aggregate_allowed_ = false;
  int anonymous_ = 0;
};

}  // namespace

Result<CheckedQuery> Typecheck(const QueryDecl& query, const Catalog& catalog) {
  return Checker(query, catalog).Run();
}

}  // namespace og::lang
