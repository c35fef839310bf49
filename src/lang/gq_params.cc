// BindParams: JSON parameter values → the query's declared parameter types (languages.md §2.2).
#include <charconv>
#include <cmath>
#include <limits>

#include "lang/gq_check.h"
#include "lang/temporal.h"

namespace og::lang {
namespace {

std::string JsonKind(const nlohmann::json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number_integer() || v.is_number_unsigned()) return "an integer";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "an array";
  return "an object";
}

Result<nlohmann::json> Convert(ScalarType t, const nlohmann::json& v, const std::string& what) {
  auto wrong = [&](const char* expected) {
    return Status::BadRequest(what, " expects ", expected, ", got ", JsonKind(v));
  };
  switch (t) {
    case ScalarType::kString:
    case ScalarType::kBlob:
      if (!v.is_string()) return wrong("a string");
      return v;
    case ScalarType::kBool:
      if (!v.is_boolean()) return wrong("a boolean");
      return v;
    case ScalarType::kI32:
    case ScalarType::kI64:
    case ScalarType::kU32:
    case ScalarType::kU64: {
      // 64-bit integers may also arrive as strings (JavaScript clients cannot hold them exactly;
      // surface.md: bigint travels as a JSON string). A 32-bit integer must be a JSON number.
      nlohmann::json n = v;
      bool wide = t == ScalarType::kI64 || t == ScalarType::kU64;
      if (v.is_string() && !wide) return wrong("an integer (a JSON number, not a string)");
      if (v.is_string()) {
        const std::string& text = v.get_ref<const std::string&>();
        const char* end = text.data() + text.size();
        int64_t signed_value = 0;
        uint64_t unsigned_value = 0;
        if (auto r = std::from_chars(text.data(), end, signed_value);
            r.ec == std::errc() && r.ptr == end && !text.empty()) {
          n = signed_value;
        } else if (auto u = std::from_chars(text.data(), end, unsigned_value);
                   u.ec == std::errc() && u.ptr == end && !text.empty()) {
          n = unsigned_value;  // above INT64_MAX
        } else {
          return wrong("an integer");
        }
      }
      if (!n.is_number_integer() && !n.is_number_unsigned()) return wrong("an integer");
      bool is_unsigned = t == ScalarType::kU32 || t == ScalarType::kU64;
      if (n.is_number_unsigned()) {
        uint64_t x = n.get<uint64_t>();
        uint64_t max = t == ScalarType::kI32   ? std::numeric_limits<int32_t>::max()
                       : t == ScalarType::kU32 ? std::numeric_limits<uint32_t>::max()
                       : t == ScalarType::kI64 ? std::numeric_limits<int64_t>::max()
                                               : std::numeric_limits<uint64_t>::max();
        if (x > max) return Status::BadRequest(what, " value ", x, " is out of range for ", ScalarTypeName(t));
        return n;
      }
      int64_t x = n.get<int64_t>();
      int64_t lo = is_unsigned ? 0 : t == ScalarType::kI32 ? std::numeric_limits<int32_t>::min()
                                                           : std::numeric_limits<int64_t>::min();
      int64_t hi = t == ScalarType::kI32   ? std::numeric_limits<int32_t>::max()
                   : t == ScalarType::kU32 ? std::numeric_limits<uint32_t>::max()
                                           : std::numeric_limits<int64_t>::max();
      if (x < lo || x > hi) return Status::BadRequest(what, " value ", x, " is out of range for ", ScalarTypeName(t));
      return nlohmann::json(x);
    }
    case ScalarType::kF32:
    case ScalarType::kF64:
      if (!v.is_number()) return wrong("a number");
      if (!std::isfinite(v.get<double>())) return Status::BadRequest(what, " must be finite");
      return nlohmann::json(v.get<double>());
    case ScalarType::kDate: {
      if (v.is_number_integer() || v.is_number_unsigned()) {
        // Days since the epoch, stored as int32 (Arrow date32).
        bool fits = v.is_number_unsigned() ? v.get<uint64_t>() <= static_cast<uint64_t>(INT32_MAX)
                                           : v.get<int64_t>() >= INT32_MIN && v.get<int64_t>() <= INT32_MAX;
        if (!fits) return Status::BadRequest(what, " value ", v.dump(), " is out of range for Date (days)");
        return nlohmann::json(v.get<int64_t>());
      }
      if (!v.is_string()) return wrong("a date string (YYYY-MM-DD)");
      auto d = ParseDate(v.get<std::string>());
      if (!d.ok()) return d.status().Prepend(what, ": ");
      return nlohmann::json(*d);
    }
    case ScalarType::kDateTime: {
      if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
        return Status::BadRequest(what, " value ", v.dump(), " is out of range for DateTime (ms)");
      }
      if (v.is_number_integer()) return nlohmann::json(v.get<int64_t>());
      if (!v.is_string()) return wrong("an RFC 3339 datetime string");
      auto ms = ParseDateTime(v.get<std::string>());
      if (!ms.ok()) return ms.status().Prepend(what, ": ");
      return nlohmann::json(*ms);
    }
  }
  return v;
}

}  // namespace

Result<BoundParams> BindParams(const QueryDecl& query, const nlohmann::json& params) {
  if (!params.is_null() && !params.is_object()) {
    return Status::BadRequest("parameters of query '", query.name, "' must be a JSON object");
  }
  BoundParams out;
  for (const ParamDecl& p : query.params) {
    auto where = [&](const Status& st) {
      return Status::AtSource(SourceSpan{query.file, p.pos.line, p.pos.column, query.name},
                              st.message());
    };
    std::string what = "parameter '" + p.name + "'";
    auto it = params.is_object() ? params.find(p.name) : params.end();
    if (!params.is_object() || it == params.end() || it->is_null()) {
      if (!p.nullable) {
        if (params.is_object() && it != params.end()) {
          return where(Status::BadRequest(what, " of type ", p.ToString(), " cannot be null"));
        }
        return where(Status::BadRequest(what, " not provided"));
      }
      out[p.name] = nullptr;
      continue;
    }
    const nlohmann::json& v = *it;
    if (p.kind == ParamDecl::Kind::kScalar) {
      auto c = Convert(p.scalar, v, what);
      if (!c.ok()) return where(c.status());
      out[p.name] = *c;
      continue;
    }
    if (!v.is_array()) return where(Status::BadRequest(what, " expects an array, got ", JsonKind(v)));
    if (p.kind == ParamDecl::Kind::kVector && static_cast<int32_t>(v.size()) != p.vector_dim) {
      return where(Status::BadRequest(what, " expects ", p.vector_dim, " numbers, got ", v.size()));
    }
    nlohmann::json arr = nlohmann::json::array();
    for (size_t i = 0; i < v.size(); ++i) {
      auto c = Convert(p.kind == ParamDecl::Kind::kVector ? ScalarType::kF32 : p.scalar, v[i],
                       what + " element " + std::to_string(i));
      if (!c.ok()) return where(c.status());
      arr.push_back(*c);
    }
    out[p.name] = arr;
  }
  return out;
}

}  // namespace og::lang
