// The fuzz targets over the languages alone (og_lang): schema, gq, params. Split from the jsonl
// target so that these three build without the storage layers (CMake target fuzzers-lang).
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz/check_util.h"
#include "fuzz/fixtures.h"
#include "fuzz/targets.h"
#include "lang/catalog.h"
#include "lang/gq_check.h"
#include "lang/gq_parser.h"

namespace og::fuzz {
namespace {

using nlohmann::json;

// --- parameter binding invariants -----------------------------------------------------------------

// A bound integer (signed, or unsigned as nlohmann parses non-negative numbers) within [lo, hi].
bool IntegerIn(const json& v, int64_t lo, uint64_t hi) {
  if (v.is_number_unsigned()) return v.get<uint64_t>() <= hi;
  if (!v.is_number_integer()) return false;
  int64_t x = v.get<int64_t>();
  return x >= lo && (x < 0 || static_cast<uint64_t>(x) <= hi);
}

// The documented shape of a bound scalar (gq_check.h BindParams).
bool BoundScalarOk(lang::ScalarType t, const json& v) {
  using lang::ScalarType;
  switch (t) {
    case ScalarType::kString:
    case ScalarType::kBlob:
      return v.is_string();
    case ScalarType::kBool:
      return v.is_boolean();
    case ScalarType::kI32:
      return IntegerIn(v, INT32_MIN, INT32_MAX);
    case ScalarType::kI64:
      return IntegerIn(v, INT64_MIN, INT64_MAX);
    case ScalarType::kU32:
      return IntegerIn(v, 0, UINT32_MAX);
    case ScalarType::kU64:
      return IntegerIn(v, 0, UINT64_MAX);
    case ScalarType::kF32:
    case ScalarType::kF64:
      return v.is_number_float() && std::isfinite(v.get<double>());
    case ScalarType::kDate:  // epoch days, read back as int32 (exec/lower.cc)
      return IntegerIn(v, INT32_MIN, INT32_MAX);
    case ScalarType::kDateTime:  // epoch milliseconds
      return IntegerIn(v, INT64_MIN, INT64_MAX);
  }
  return false;
}

Status CheckBound(const lang::QueryDecl& q, const lang::BoundParams& bound) {
  for (const lang::ParamDecl& p : q.params) {
    auto it = bound.find(p.name);
    if (it == bound.end()) return Status::Internal("bound parameters lack declared '", p.name, "'");
    const json& v = it->second;
    std::string type = p.ToString();
    if (v.is_null()) {
      if (!p.nullable) return Status::Internal("non-nullable '", p.name, "' bound to null");
      continue;
    }
    bool ok = true;
    switch (p.kind) {
      case lang::ParamDecl::Kind::kScalar:
        ok = BoundScalarOk(p.scalar, v);
        break;
      case lang::ParamDecl::Kind::kList:
        ok = v.is_array();
        for (size_t i = 0; ok && i < v.size(); ++i) ok = BoundScalarOk(p.scalar, v[i]);
        break;
      case lang::ParamDecl::Kind::kVector:
        ok = v.is_array() && v.size() == static_cast<size_t>(p.vector_dim);
        for (size_t i = 0; ok && i < v.size(); ++i) ok = v[i].is_number() && std::isfinite(v[i].get<double>());
        break;
    }
    if (!ok) {
      return Status::Internal("parameter '", p.name, "' of type ", type, " bound to ",
                              v.dump(-1, ' ', false, json::error_handler_t::replace));
    }
  }
  (void)json(bound).dump();  // what a query with these parameters echoes back
  return Status::OK();
}

Status BindAndCheck(const lang::QueryDecl& q, const json& params) {
  auto bound = lang::BindParams(q, params);
  if (!bound.ok()) return CheckOrdinary(bound.status(), "BindParams");
  return CheckBound(q, *bound);
}

}  // namespace

Status FuzzSchema(std::string_view input) {
  auto catalog = lang::ParseSchema(input, "fuzz.pg");
  if (!catalog.ok()) return CheckOrdinary(catalog.status(), "ParseSchema");
  // The engine stores the catalog as JSON and reads it back on every open.
  json j = catalog->ToJson();
  std::string text = j.dump();
  auto back = lang::Catalog::FromJson(json::parse(text));
  if (!back.ok()) return Status::Internal("catalog JSON does not read back: ", back.status().ToString());
  if (!(*back == *catalog)) return Status::Internal("catalog JSON round trip changed the catalog");
  return Status::OK();
}

Status FuzzQueries(std::string_view input) {
  const lang::Catalog& catalog = FixtureCatalog();
  auto file = lang::ParseQueries(input, "fuzz.gq");
  if (!file.ok()) {
    OG_RETURN_NOT_OK(CheckOrdinary(file.status(), "ParseQueries"));
  } else {
    for (const lang::QueryDecl& q : file->queries) {
      auto checked = lang::Typecheck(q, catalog);
      if (!checked.ok()) {
        OG_RETURN_NOT_OK(CheckOrdinary(checked.status(), "Typecheck"));
        continue;
      }
      if (checked->decl != &q) return Status::Internal("checked query does not refer to its decl");
    }
  }
  // `omnigraph lint` prints the report as JSON or as text.
  json report = lang::LintQueries(catalog, input, "fuzz.gq", "fixture.pg");
  (void)report.dump(2);
  (void)lang::RenderLintText(report);
  return Status::OK();
}

Status FuzzParams(std::string_view input) {
  // The CLI and the server parse --params / the request body with nlohmann::json; text it rejects
  // never reaches BindParams.
  json params = json::parse(input.begin(), input.end(), nullptr, /*allow_exceptions=*/false);
  if (params.is_discarded()) return Status::OK();
  if (params.is_object()) OG_RETURN_NOT_OK(BindAndCheck(AllParamsQuery(), params));
  for (const lang::QueryDecl& q : SingleParamQueries()) {
    OG_RETURN_NOT_OK(BindAndCheck(q, json{{"x", params}}));
  }
  return Status::OK();
}

}  // namespace og::fuzz
