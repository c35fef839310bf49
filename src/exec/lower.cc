#include "exec/lower.h"

#include "lang/temporal.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace og::exec {
namespace {

using lang::Clause;
using lang::Expr;

Constant FromLiteral(const lang::Literal& lit) {
  switch (lit.kind) {
    case lang::Literal::Kind::kString: return Constant::String(lit.text);
    case lang::Literal::Kind::kInteger: return Constant::Of(Cell::Int(lit.integer));
    case lang::Literal::Kind::kFloat: return Constant::Of(Cell::Float(lit.number));
    case lang::Literal::Kind::kBool: return Constant::Of(Cell::Bool(lit.boolean));
    // Validated by the typechecker.
    case lang::Literal::Kind::kDate:
      return Constant::Of(Cell::Date(lang::ParseDate(lit.text).ValueOrDie()));
    case lang::Literal::Kind::kDateTime:
      return Constant::Of(Cell::DateTime(lang::ParseDateTime(lit.text).ValueOrDie()));
    case lang::Literal::Kind::kList: {
      Constant c;
      c.cell.kind = Cell::Kind::kList;
      for (const auto& item : lit.items) c.items.push_back(FromLiteral(item));
      return c;
    }
  }
  return Constant();
}

// A bound parameter (already converted by BindParams) as a constant of its declared type.
Constant FromParam(const lang::ParamDecl& decl, const nlohmann::json& v, bool element = false) {
  if (v.is_null()) return Constant();
  if (v.is_array()) {
    Constant c;
    c.cell.kind = Cell::Kind::kList;
    for (const auto& item : v) c.items.push_back(FromParam(decl, item, true));
    return c;
  }
  lang::ScalarType t = decl.kind == lang::ParamDecl::Kind::kVector ? lang::ScalarType::kF32 : decl.scalar;
  switch (t) {
    case lang::ScalarType::kString:
    case lang::ScalarType::kBlob: return Constant::String(v.get<std::string>());
    case lang::ScalarType::kBool: return Constant::Of(Cell::Bool(v.get<bool>()));
    case lang::ScalarType::kF32:
    case lang::ScalarType::kF64: return Constant::Of(Cell::Float(v.get<double>()));
    case lang::ScalarType::kDate: return Constant::Of(Cell::Date(v.get<int32_t>()));
    case lang::ScalarType::kDateTime: return Constant::Of(Cell::DateTime(v.get<int64_t>()));
    default:
      if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
        return Constant::Of(Cell::UInt(v.get<uint64_t>()));
      }
      return Constant::Of(Cell::Int(v.get<int64_t>()));
  }
}

class Lowerer {
 public:
  Lowerer(const lang::CheckedQuery& q, const lang::Catalog& catalog,
          const lang::BoundParams& params, int64_t now_ms)
      : q_(q), catalog_(catalog), params_(params), now_ms_(now_ms) {}

  Result<Plan> Run() {
    const lang::QueryDecl& decl = *q_.decl;
    Plan plan;
    plan.query_name = decl.name;
    for (const auto& v : q_.vars) plan.vars.push_back(VarInfo{v.name, v.is_edge, v.type});
    std::vector<bool> bound(q_.vars.size(), false);
    bool ranked = !decl.order.empty() && (decl.order[0].expr.IsCallOf(lang::FunctionRole::kRanking) ||
                                          decl.order[0].expr.IsCallOf(lang::FunctionRole::kFusion));
    if (ranked) OG_RETURN_NOT_OK(StartRankedScan(decl, &bound, &plan.steps));
    OG_RETURN_NOT_OK(LowerClauses(decl.match, &bound, &plan.steps));
    plan.has_aggregate = q_.has_aggregate;
    for (size_t i = 0; i < decl.returns.size(); ++i) {
      const Expr& e = decl.returns[i].expr;
      ProjectionSpec p;
      p.name = q_.columns[i].name;
      if (e.IsAggregate()) {
        switch (e.fn->id) {
          case lang::FunctionId::kCount: p.agg = AggKind::kCount; break;
          case lang::FunctionId::kSum: p.agg = AggKind::kSum; break;
          case lang::FunctionId::kAvg: p.agg = AggKind::kAvg; break;
          case lang::FunctionId::kMin: p.agg = AggKind::kMin; break;
          default: p.agg = AggKind::kMax; break;
        }
        OG_ASSIGN_OR_RAISE(p.value, OperandOf(e.args[0]));
      } else {
        OG_ASSIGN_OR_RAISE(p.value, OperandOf(e));
      }
      plan.projections.push_back(std::move(p));
    }
    // A ranking is the answer's order: nothing after it sorts (languages.md §4).
    for (const auto& o : decl.order) {
      if (ranked) break;
      OrderSpec spec;
      spec.desc = o.desc;
      if (o.expr.kind == Expr::Kind::kAlias) {
        for (size_t i = 0; i < decl.returns.size(); ++i) {
          if (decl.returns[i].alias == o.expr.name) spec.projection = static_cast<int>(i);
        }
      } else {
        OG_ASSIGN_OR_RAISE(spec.value, OperandOf(o.expr));
      }
      plan.order.push_back(std::move(spec));
    }
    plan.limit = decl.limit;
    return plan;
  }

 private:
  Result<Operand> OperandOf(const Expr& e) const {
    switch (e.kind) {
      case Expr::Kind::kProperty: {
        int v = q_.expr_vars.at(&e);
        return e.property == "id" ? Operand::Id(v) : Operand::Property(v, e.property);
      }
      case Expr::Kind::kVariable: {
        auto it = q_.expr_vars.find(&e);
        if (it != q_.expr_vars.end()) return Operand::Id(it->second);
        return ParamOperand(e.name);
      }
      case Expr::Kind::kLiteral: return Operand::Const(FromLiteral(e.literal));
      case Expr::Kind::kNow: return Operand::Const(Constant::Of(Cell::DateTime(now_ms_)));
      default: break;
    }
    return Status::Internal("unexpected expression in a read plan");
  }

  Result<Operand> ParamOperand(const std::string& name) const {
    const lang::ParamDecl* decl = q_.decl->FindParam(name);
    auto it = params_.find(name);
    if (!decl || it == params_.end()) return Status::BadRequest("parameter '", name, "' not provided");
    return Operand::Const(FromParam(*decl, it->second));
  }

  // Variables an expression reads.
  void VarsOf(const Expr& e, std::set<int>* out) const {
    auto it = q_.expr_vars.find(&e);
    if (it != q_.expr_vars.end()) out->insert(it->second);
    for (const auto& a : e.args) VarsOf(a, out);
  }

  // Every variable a clause touches (recursively).
  void VarsOf(const Clause& c, std::set<int>* out) const {
    switch (c.kind) {
      case Clause::Kind::kBinding: out->insert(q_.bindings.at(&c.binding)); break;
      case Clause::Kind::kTraversal: {
        const auto& t = q_.traversals.at(&c.traversal);
        out->insert(t.src);
        out->insert(t.dst);
        if (t.edge_var >= 0) out->insert(t.edge_var);
        break;
      }
      case Clause::Kind::kFilter:
        VarsOf(c.filter.left, out);
        VarsOf(c.filter.right, out);
        break;
      case Clause::Kind::kNegation:
        for (const auto& inner : c.negation->clauses) VarsOf(inner, out);
        break;
      case Clause::Kind::kSearch: VarsOf(c.search, out); break;
    }
  }

  static bool AllBound(const std::set<int>& vars, const std::vector<bool>& bound) {
    return std::all_of(vars.begin(), vars.end(), [&](int v) { return bound[v]; });
  }

  Result<Predicate> PredicateOf(const lang::Filter& f) const {
    Predicate p;
    OG_ASSIGN_OR_RAISE(p.left, OperandOf(f.left));
    OG_ASSIGN_OR_RAISE(p.right, OperandOf(f.right));
    switch (f.op) {
      case lang::CompareOp::kEq: p.op = CmpOp::kEq; break;
      case lang::CompareOp::kNe: p.op = CmpOp::kNe; break;
      case lang::CompareOp::kLt: p.op = CmpOp::kLt; break;
      case lang::CompareOp::kLe: p.op = CmpOp::kLe; break;
      case lang::CompareOp::kGt: p.op = CmpOp::kGt; break;
      case lang::CompareOp::kGe: p.op = CmpOp::kGe; break;
      case lang::CompareOp::kContains: p.op = CmpOp::kContains; break;
      case lang::CompareOp::kStartsWith: p.op = CmpOp::kStartsWith; break;
    }
    return p;
  }

  // The inline `{ prop: value }` filters of a binding.
  Result<std::vector<Predicate>> BindingFilters(const lang::Binding& b, int var) const {
    std::vector<Predicate> out;
    for (const auto& m : b.props) {
      Predicate p;
      p.left = m.property == "id" ? Operand::Id(var) : Operand::Property(var, m.property);
      if (m.value.kind == Expr::Kind::kVariable) {
        OG_ASSIGN_OR_RAISE(p.right, ParamOperand(m.value.name));
      } else if (m.value.kind == Expr::Kind::kNow) {
        p.right = Operand::Const(Constant::Of(Cell::DateTime(now_ms_)));
      } else {
        p.right = Operand::Const(FromLiteral(m.value.literal));
      }
      // On a list property the value is an element to look for (languages.md §2.4).
      const lang::NodeType* node = catalog_.FindNode(q_.vars[var].type);
      const lang::Property* prop = node ? node->FindProperty(m.property) : nullptr;
      p.op = prop && prop->type.is_list() ? CmpOp::kListContains : CmpOp::kEq;
      out.push_back(std::move(p));
    }
    return out;
  }

  Status LowerClauses(const std::vector<Clause>& clauses, std::vector<bool>* bound,
                      std::vector<Step>* steps) {
    // Variables introduced at this level (not inside a negation): a negation is correlated on
    // the ones of them, or of enclosing levels, that it mentions.
    std::set<int> local;
    for (const auto& c : clauses) {
      if (c.kind != Clause::Kind::kNegation) VarsOf(c, &local);
    }
    std::vector<const Clause*> pending;
    for (const auto& c : clauses) {
      if (!consumed_.count(&c)) pending.push_back(&c);
    }
    while (!pending.empty()) {
      bool progressed = false;
      for (size_t i = 0; i < pending.size();) {
        const Clause& c = *pending[i];
        bool done = false;
        if (c.kind == Clause::Kind::kFilter) {
          std::set<int> vars;
          VarsOf(c, &vars);
          if (AllBound(vars, *bound)) {
            OG_ASSIGN_OR_RAISE(Predicate p, PredicateOf(c.filter));
            steps->push_back(Step{FilterStep{std::move(p)}});
            done = true;
          }
        } else if (c.kind == Clause::Kind::kSearch) {
          std::set<int> vars;
          VarsOf(c, &vars);
          if (AllBound(vars, *bound)) {
            OG_ASSIGN_OR_RAISE(TextMatch m, TextMatchOf(c.search));
            steps->push_back(Step{TextFilterStep{std::move(m)}});
            done = true;
          }
        } else if (c.kind == Clause::Kind::kBinding) {
          int v = q_.bindings.at(&c.binding);
          if ((*bound)[v]) {
            OG_ASSIGN_OR_RAISE(auto filters, BindingFilters(c.binding, v));
            for (auto& p : filters) steps->push_back(Step{FilterStep{std::move(p)}});
            done = true;
          }
        } else if (c.kind == Clause::Kind::kTraversal) {
          const auto& t = q_.traversals.at(&c.traversal);
          if ((*bound)[t.src] || (*bound)[t.dst]) {
            steps->push_back(Step{Expand(t, bound)});
            done = true;
          }
        } else if (c.kind == Clause::Kind::kNegation) {
          std::set<int> vars, outer;
          VarsOf(c, &vars);
          for (int v : vars) {
            if (local.count(v) || (*bound)[v]) outer.insert(v);
          }
          if (AllBound(outer, *bound)) {
            AntiJoinStep anti;
            std::vector<bool> inner_bound = *bound;
            OG_RETURN_NOT_OK(LowerClauses(c.negation->clauses, &inner_bound, &anti.inner));
            steps->push_back(Step{std::move(anti)});
            done = true;
          }
        }
        if (done) {
          pending.erase(pending.begin() + i);
          progressed = true;
        } else {
          ++i;
        }
      }
      if (progressed || pending.empty()) continue;
      // Nothing applies: start a new component with a scan.
      OG_RETURN_NOT_OK(StartScan(&pending, bound, steps));
    }
    return Status::OK();
  }

  ExpandStep Expand(const lang::CheckedTraversal& t, std::vector<bool>* bound) const {
    ExpandStep ex;
    ex.edge_type = t.edge_type;
    ex.edge_var = t.edge_var;
    ex.min_hops = t.min_hops;
    ex.max_hops = t.max_hops;
    bool from_src = (*bound)[t.src];
    ex.src = from_src ? t.src : t.dst;
    ex.dst = from_src ? t.dst : t.src;
    if (t.undirected) ex.dir = Direction::kBoth;
    else ex.dir = (t.forward == from_src) ? Direction::kOut : Direction::kIn;
    ex.dst_bound = (*bound)[ex.dst];
    (*bound)[ex.src] = (*bound)[ex.dst] = true;
    if (t.edge_var >= 0) (*bound)[t.edge_var] = true;
    return ex;
  }

  // A constant argument (literal or parameter) as a string / integer.
  Result<std::string> TextArg(const Expr& e) const {
    OG_ASSIGN_OR_RAISE(Operand op, OperandOf(e));
    if (op.kind != Operand::Kind::kConst || op.constant.cell.kind != Cell::Kind::kString) {
      return Status::BadRequest("query '", q_.decl->name, "': the search text must be a String");
    }
    return std::string(op.constant.cell.s);
  }

  Result<TextMatch> TextMatchOf(const Expr& call) const {
    TextMatch m;
    switch (call.fn->id) {
      case lang::FunctionId::kMatchText: m.mode = TextMatch::Mode::kPhrase; break;
      case lang::FunctionId::kFuzzy: m.mode = TextMatch::Mode::kFuzzy; break;
      default: m.mode = TextMatch::Mode::kAnyTerm; break;
    }
    m.var = q_.expr_vars.at(&call.args[0]);
    m.property = call.args[0].property;
    OG_ASSIGN_OR_RAISE(m.query, TextArg(call.args[1]));
    if (call.args.size() == 3) {
      OG_ASSIGN_OR_RAISE(Operand k, OperandOf(call.args[2]));
      if (k.kind != Operand::Kind::kConst || k.constant.cell.kind != Cell::Kind::kInt ||
          k.constant.cell.i < 0 || k.constant.cell.i > kMaxFuzzyEdits) {
        return Status::BadRequest("query '", q_.decl->name, "': fuzzy() max_edits must be 0..",
                                  kMaxFuzzyEdits);
      }
      m.max_edits = static_cast<int>(k.constant.cell.i);
    }
    return m;
  }

  Result<Ranking> RankingOf(const Expr& call) const {
    Ranking r;
    const Expr& field = call.args[0];
    r.property = field.property;
    if (call.IsCall(lang::FunctionId::kBm25)) {
      r.kind = Ranking::Kind::kBm25;
      OG_ASSIGN_OR_RAISE(r.text, TextArg(call.args[1]));
      return r;
    }
    r.kind = Ranking::Kind::kNearest;
    const lang::NodeType* node = catalog_.FindNode(q_.vars[q_.expr_vars.at(&field)].type);
    const lang::Property* prop = node ? node->FindProperty(field.property) : nullptr;
    if (!prop || !prop->type.is_vector()) return Status::Internal("nearest() over a non-vector property");
    r.dimension = prop->type.vector_dim;
    if (prop->embed) r.model = prop->embed->model;
    OG_ASSIGN_OR_RAISE(Operand q, OperandOf(call.args[1]));
    if (q.kind != Operand::Kind::kConst) return Status::BadRequest("nearest() query must be a constant");
    const Constant& c = q.constant;
    if (c.cell.kind == Cell::Kind::kString) {
      r.text = std::string(c.cell.s);
      return r;
    }
    if (c.cell.kind != Cell::Kind::kList || static_cast<int>(c.items.size()) != r.dimension) {
      return Status::BadRequest("query '", q_.decl->name, "': nearest() needs a vector of ", r.dimension,
                                " numbers or a String");
    }
    for (const Constant& item : c.items) {
      double v = item.cell.kind == Cell::Kind::kFloat ? item.cell.f
                 : item.cell.kind == Cell::Kind::kUInt ? static_cast<double>(item.cell.u)
                                                       : static_cast<double>(item.cell.i);
      if (item.cell.is_null() || !std::isfinite(v)) {
        return Status::BadRequest("query '", q_.decl->name, "': nearest() query vector must hold finite numbers");
      }
      r.vector.push_back(static_cast<float>(v));
    }
    return r;
  }

  // The first step of a ranked query: the ranked variable's scan, with every filter and text
  // predicate on that variable alone applied before ranking. Those clauses are consumed here.
  Status StartRankedScan(const lang::QueryDecl& decl, std::vector<bool>* bound, std::vector<Step>* steps) {
    const Expr& order = decl.order[0].expr;
    RankedScanStep step;
    std::vector<const Expr*> arms;
    if (order.IsCall(lang::FunctionId::kRrf)) {
      arms = {&order.args[0], &order.args[1]};
      if (order.args.size() == 3) {
        OG_ASSIGN_OR_RAISE(Operand k, OperandOf(order.args[2]));
        if (k.kind != Operand::Kind::kConst || k.constant.cell.kind != Cell::Kind::kInt || k.constant.cell.i <= 0) {
          return Status::BadRequest("query '", decl.name, "': rrf() k must be a positive integer");
        }
        step.rrf_k = k.constant.cell.i;
      }
    } else {
      arms = {&order};
    }
    for (const Expr* arm : arms) {
      int v = q_.expr_vars.at(&arm->args[0]);
      if (step.var >= 0 && step.var != v) {
        return Status::BadRequest("query '", decl.name, "': both rrf() arms must rank the same variable");
      }
      step.var = v;
      OG_ASSIGN_OR_RAISE(Ranking r, RankingOf(*arm));
      step.arms.push_back(std::move(r));
    }
    step.limit = decl.limit;
    // The ranked variable is scanned directly: it needs a `$x: Type` binding at the top level.
    const Clause* binding = nullptr;
    for (const auto& c : decl.match) {
      if (c.kind == Clause::Kind::kBinding && q_.bindings.at(&c.binding) == step.var) binding = &c;
    }
    if (!binding) {
      return Status::BadRequest("query '", decl.name, "': the ranked variable $", q_.vars[step.var].name,
                                " must be bound by a `$", q_.vars[step.var].name,
                                ": Type` clause, not only reached by a traversal");
    }
    OG_ASSIGN_OR_RAISE(step.filters, BindingFilters(binding->binding, step.var));
    consumed_.insert(binding);
    for (const auto& c : decl.match) {
      if (c.kind != Clause::Kind::kFilter && c.kind != Clause::Kind::kSearch) continue;
      std::set<int> vars;
      VarsOf(c, &vars);
      if (vars.size() != 1 || *vars.begin() != step.var) continue;
      if (c.kind == Clause::Kind::kFilter) {
        OG_ASSIGN_OR_RAISE(Predicate p, PredicateOf(c.filter));
        step.filters.push_back(std::move(p));
      } else {
        OG_ASSIGN_OR_RAISE(TextMatch m, TextMatchOf(c.search));
        step.text.push_back(std::move(m));
      }
      consumed_.insert(&c);
    }
    (*bound)[step.var] = true;
    steps->push_back(Step{std::move(step)});
    return Status::OK();
  }

  Status StartScan(std::vector<const Clause*>* pending, std::vector<bool>* bound,
                   std::vector<Step>* steps) {
    int var = -1;
    size_t binding_index = pending->size();
    for (size_t i = 0; i < pending->size(); ++i) {
      const Clause& c = *(*pending)[i];
      if (c.kind == Clause::Kind::kBinding) {
        var = q_.bindings.at(&c.binding);
        binding_index = i;
        break;
      }
    }
    if (var < 0) {
      for (const Clause* c : *pending) {
        if (c->kind == Clause::Kind::kTraversal) {
          var = q_.traversals.at(&c->traversal).src;
          break;
        }
      }
    }
    if (var < 0) return Status::Internal("no clause can start the plan");
    ScanStep scan;
    scan.var = var;
    if (binding_index < pending->size()) {
      OG_ASSIGN_OR_RAISE(scan.filters, BindingFilters((*pending)[binding_index]->binding, var));
      pending->erase(pending->begin() + binding_index);
    }
    // Push every filter that reads only this variable into the scan.
    for (size_t i = 0; i < pending->size();) {
      const Clause& c = *(*pending)[i];
      std::set<int> vars;
      if (c.kind == Clause::Kind::kFilter) VarsOf(c, &vars);
      if (c.kind == Clause::Kind::kFilter && vars.size() == 1 && *vars.begin() == var) {
        OG_ASSIGN_OR_RAISE(Predicate p, PredicateOf(c.filter));
        scan.filters.push_back(std::move(p));
        pending->erase(pending->begin() + i);
      } else {
        ++i;
      }
    }
    (*bound)[var] = true;
    steps->push_back(Step{std::move(scan)});
    return Status::OK();
  }

  static constexpr int64_t kMaxFuzzyEdits = 3;

  const lang::CheckedQuery& q_;
  const lang::Catalog& catalog_;
  const lang::BoundParams& params_;
  int64_t now_ms_;
  std::set<const Clause*> consumed_;  // clauses the ranked scan absorbed
};

}  // namespace

Result<Plan> LowerRead(const lang::CheckedQuery& query, const lang::Catalog& catalog,
                       const lang::BoundParams& params, int64_t now_ms) {
  return Lowerer(query, catalog, params, now_ms).Run();
}

}  // namespace og::exec
