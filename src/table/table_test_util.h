// Helpers shared by the table layer's tests (test-only; not part of og_table).
#pragma once

#include <arrow/api.h>
#include <arrow/json/from_string.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "common/arrow_util.h"
#include "common/result.h"
#include "common/testing.h"

namespace og::table::testing {

// The fixture builders below take literal JSON written in the test. Bad JSON is a bug in the
// test: it fails the test (non-fatally, naming the Arrow status) and yields an empty placeholder
// of the right type, so the test carries on to report its other failures instead of crashing.

/// An array of `type` from Arrow's JSON notation ("[1, null, 3]").
inline std::shared_ptr<arrow::Array> Array(const std::shared_ptr<arrow::DataType>& type,
                                           const std::string& json) {
  auto r = arrow::json::ArrayFromJSONString(type, json);
  if (r.ok()) return *r;
  ADD_FAILURE() << "bad test array " << json << " of " << type->ToString() << ": "
                << r.status().ToString();
  auto empty = arrow::MakeEmptyArray(type);
  return empty.ok() ? *empty : nullptr;
}

/// A table of `schema` whose i-th column is given by json[i] (all of one length).
inline std::shared_ptr<arrow::Table> MakeTable(const std::shared_ptr<arrow::Schema>& schema,
                                               const std::vector<std::string>& json) {
  std::vector<std::shared_ptr<arrow::Array>> arrays;
  bool usable = static_cast<int>(json.size()) == schema->num_fields();
  for (int i = 0; usable && i < schema->num_fields(); ++i) {
    arrays.push_back(Array(schema->field(i)->type(), json[i]));
    usable = arrays.back() && arrays.back()->length() == arrays.front()->length();
  }
  if (usable) return arrow::Table::Make(schema, arrays);
  ADD_FAILURE() << "test table columns do not fit " << schema->ToString();
  arrays.clear();
  for (const auto& field : schema->fields()) arrays.push_back(Array(field->type(), "[]"));
  return arrow::Table::Make(schema, arrays, 0);
}

/// A scalar of `type` from JSON ("42", "\"x\"").
inline std::shared_ptr<arrow::Scalar> Scalar(const std::shared_ptr<arrow::DataType>& type,
                                             const std::string& json) {
  auto r = arrow::json::ScalarFromJSONString(type, json);
  if (r.ok()) return *r;
  ADD_FAILURE() << "bad test scalar " << json << " of " << type->ToString() << ": "
                << r.status().ToString();
  return arrow::MakeNullScalar(type);
}

/// Column `name` of `table` rendered as one JSON-like string, for compact assertions.
inline std::string ColumnString(const arrow::Table& table, const std::string& name) {
  auto col = table.GetColumnByName(name);
  if (!col) return "<no column " + name + ">";
  if (col->num_chunks() == 0) return Array(col->type(), "[]")->ToString();
  auto merged = arrow::Concatenate(col->chunks());
  if (!merged.ok()) return "<" + merged.status().ToString() + ">";
  return (*merged)->ToString();
}

/// Compare tables by content (after combining chunks).
inline ::testing::AssertionResult TablesEqual(const arrow::Table& a, const arrow::Table& b) {
  auto ca = a.CombineChunks();
  auto cb = b.CombineChunks();
  if (!ca.ok() || !cb.ok()) {
    return ::testing::AssertionFailure()
           << "combining chunks: " << ca.status().ToString() << " / " << cb.status().ToString();
  }
  if ((*ca)->Equals(**cb)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "tables differ:\n"
                                       << (*ca)->ToString() << "\nvs\n"
                                       << (*cb)->ToString();
}

}  // namespace og::table::testing

namespace og::table::testing {

/// Every column type the engine uses (graph/table_schema.h), non-nullable and nullable.
inline std::shared_ptr<arrow::Schema> EngineSchema() {
  return arrow::schema({
      arrow::field("id", arrow::utf8(), false),
      arrow::field("name", arrow::utf8()),
      arrow::field("active", arrow::boolean()),
      arrow::field("i32", arrow::int32()),
      arrow::field("i64", arrow::int64(), false),
      arrow::field("u32", arrow::uint32()),
      arrow::field("u64", arrow::uint64()),
      arrow::field("f32", arrow::float32()),
      arrow::field("f64", arrow::float64()),
      arrow::field("day", arrow::date32()),
      arrow::field("at", arrow::date64()),
      arrow::field("tags", arrow::list(arrow::utf8())),
      arrow::field("nums", arrow::list(arrow::field("item", arrow::int64(), false))),
      arrow::field("emb", arrow::fixed_size_list(arrow::float32(), 3)),
      arrow::field("emb_req",
                   arrow::fixed_size_list(arrow::field("item", arrow::float32(), false), 2), false),
      arrow::field("blob", arrow::binary()),
  });
}

/// Three rows of EngineSchema(), with nulls in every nullable column and extreme values.
inline std::shared_ptr<arrow::Table> EngineRows() {
  return MakeTable(
      EngineSchema(),
      {R"(["a", "b", "c"])", R"(["Alice", null, "Ωmega ✓"])", R"([true, null, false])",
       R"([-2147483648, null, 2147483647])", R"([-9223372036854775808, 0, 9223372036854775807])",
       R"([0, null, 4294967295])", R"([0, null, 18446744073709551615])", R"([1.5, null, -0.25])",
       R"([2.5e300, null, -1e-300])", R"([0, null, 19000])",
       // date64 with a time of day (ms since epoch), which Parquet DATE would drop
       R"([1700000000123, null, -86400001])", R"([["x", "y"], null, []])",
       R"([[1, 2, 3], [], null])", R"([[0.5, 1.5, 2.5], null, [-1, 0, 1]])",
       R"([[1, 2], [3, 4], [5, 6]])", R"(["AAEC", null, ""])"});
}

}  // namespace og::table::testing
