#include "table/table_manifest.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "store/layout.h"
#include "store/memory_store.h"
#include "table/column_stats.h"
#include "table/table_test_util.h"

namespace og::table {
namespace {

using namespace og::table::testing;  // NOLINT
using nlohmann::json;

TEST(SchemaJson, RoundTripsEveryEngineType) {
  auto schema = EngineSchema();
  OG_ASSIGN_OR_FAIL(std::string text, SchemaToJson(*schema));
  OG_ASSIGN_OR_FAIL(auto back, SchemaFromJson(text));
  EXPECT_TRUE(back->Equals(*schema, /*check_metadata=*/true)) << back->ToString();
  // Nullability of nested items survives.
  EXPECT_FALSE(back->GetFieldByName("nums")->type()->field(0)->nullable());
  EXPECT_TRUE(back->GetFieldByName("tags")->type()->field(0)->nullable());
  EXPECT_FALSE(back->GetFieldByName("id")->nullable());
}

TEST(SchemaJson, RoundTripsTheWiderTypeSet) {
  auto md = arrow::key_value_metadata({"og.kind", "z", "a"}, {"node", "1", "2"});
  auto schema = arrow::schema(
      {arrow::field("n", arrow::null()), arrow::field("i8", arrow::int8()),
       arrow::field("u16", arrow::uint16()), arrow::field("h", arrow::float16()),
       arrow::field("ls", arrow::large_utf8()), arrow::field("lb", arrow::large_binary()),
       arrow::field("fsb", arrow::fixed_size_binary(16)),
       arrow::field("t32", arrow::time32(arrow::TimeUnit::MILLI)),
       arrow::field("t64", arrow::time64(arrow::TimeUnit::NANO)),
       arrow::field("ts", arrow::timestamp(arrow::TimeUnit::MICRO, "Europe/Berlin")),
       arrow::field("ts_naive", arrow::timestamp(arrow::TimeUnit::SECOND)),
       arrow::field("dur", arrow::duration(arrow::TimeUnit::MICRO)),
       arrow::field("dec", arrow::decimal128(20, 4)),
       arrow::field("dec2", arrow::decimal256(50, 2)),
       arrow::field("ll", arrow::large_list(arrow::int16())),
       arrow::field("st", arrow::struct_({arrow::field("a", arrow::int32(), false),
                                          arrow::field("b", arrow::utf8())})),
       arrow::field("m", arrow::map(arrow::utf8(), arrow::int64())),
       arrow::field("nested", arrow::list(arrow::fixed_size_list(arrow::float64(), 2)), true, md)},
      md);
  OG_ASSIGN_OR_FAIL(std::string text, SchemaToJson(*schema));
  OG_ASSIGN_OR_FAIL(auto back, SchemaFromJson(text));
  EXPECT_TRUE(back->Equals(*schema, /*check_metadata=*/true)) << back->ToString(true) << "\nvs\n"
                                                              << schema->ToString(true);
}

TEST(SchemaJson, RefusesTypesItCannotStore) {
  auto schema =
      arrow::schema({arrow::field("d", arrow::dictionary(arrow::int32(), arrow::utf8()))});
  EXPECT_EQ(SchemaToJson(*schema).status().code(), StatusCode::BadRequest);
  EXPECT_EQ(SchemaFromJson("{\"fields\":[{\"name\":\"x\",\"type\":\"int128\"}]}").status().code(),
            StatusCode::Corruption);
  EXPECT_EQ(SchemaFromJson("not json").status().code(), StatusCode::Corruption);
  EXPECT_EQ(SchemaFromJson(R"({"fields":[{"name":"a","type":"int8"},{"name":"a","type":"int8"}]})")
                .status()
                .code(),
            StatusCode::Corruption);
}

// A manifest with two fragments and stats of every scalar type.
TableManifest SampleManifest() {
  TableManifest m;
  m.table_id = "node-Person";
  m.id = "01HXMANIFEST0000000000000A";
  m.version = 3;
  m.parent_key = store::TableManifestKey("node-Person", "01HXPARENT");
  m.schema = EngineSchema();
  m.created_at_us = 1700000000000000;
  m.next_fragment_id = 5;
  FragmentMeta a;
  a.id = 1;
  a.data_key = store::FragmentKey("node-Person", "F1");
  a.data_bytes = 1234;
  a.physical_rows = 10;
  a.created_version = 1;
  a.deletion_key = store::DeletionKey("node-Person", "D1");
  a.deleted_rows = 2;
  a.stats["id"] = ColumnStats{Scalar(arrow::utf8(), "\"a\""), Scalar(arrow::utf8(), "\"zz ✓\""), 0};
  a.stats["active"] =
      ColumnStats{Scalar(arrow::boolean(), "false"), Scalar(arrow::boolean(), "true"), 3};
  a.stats["i32"] = ColumnStats{Scalar(arrow::int32(), "-5"), Scalar(arrow::int32(), "7"), 0};
  a.stats["i64"] = ColumnStats{Scalar(arrow::int64(), "-9223372036854775808"),
                               Scalar(arrow::int64(), "9223372036854775807"), 0};
  a.stats["u64"] =
      ColumnStats{Scalar(arrow::uint64(), "0"), Scalar(arrow::uint64(), "18446744073709551615"), 1};
  a.stats["u32"] = ColumnStats{nullptr, nullptr, 10};
  a.stats["f32"] =
      ColumnStats{Scalar(arrow::float32(), "-1.5"), Scalar(arrow::float32(), "2.25"), 0};
  a.stats["f64"] =
      ColumnStats{Scalar(arrow::float64(), "1e-300"), Scalar(arrow::float64(), "3.5e300"), 0};
  a.stats["day"] = ColumnStats{Scalar(arrow::date32(), "-3"), Scalar(arrow::date32(), "19000"), 0};
  a.stats["at"] = ColumnStats{Scalar(arrow::date64(), "-86400001"),
                              Scalar(arrow::date64(), "1700000000123"), 0};
  a.stats["blob"] = ColumnStats{Scalar(arrow::binary(), "\"\\u0000\\u00ff\""),
                                Scalar(arrow::binary(), "\"zz\""), 0};
  FragmentMeta b;
  b.id = 4;
  b.data_key = store::FragmentKey("node-Person", "F4");
  b.data_bytes = 99;
  b.physical_rows = 1;
  b.created_version = 3;
  m.fragments = {a, b};
  m.rows = 9;
  m.indexes.push_back(IndexMeta{"I1", "btree", {"id"}, {1, 4}, "{\"block_rows\":4096}"});
  return m;
}

TEST(TableManifest, SerializeParseRoundTrip) {
  TableManifest m = SampleManifest();
  OG_ASSIGN_OR_FAIL(std::string bytes, m.Serialize());
  OG_ASSIGN_OR_FAIL(TableManifest back, TableManifest::Parse(bytes, m.key()));
  EXPECT_TRUE(back.Equals(m)) << bytes;
  OG_ASSIGN_OR_FAIL(std::string again, back.Serialize());
  EXPECT_EQ(again, bytes) << "serialisation is deterministic";
  EXPECT_EQ(m.key(), "tables/node-Person/manifests/01HXMANIFEST0000000000000A.json");
  EXPECT_EQ(m.FindFragment(4)->physical_rows, 1u);
  EXPECT_EQ(m.FindFragment(2), nullptr);
}

TEST(TableManifest, StatsAreTypedJsonValues) {
  OG_ASSIGN_OR_FAIL(std::string bytes, SampleManifest().Serialize());
  json j = json::parse(bytes);
  EXPECT_EQ(j["format"], "og-table-manifest");
  EXPECT_EQ(j["format_version"], 1);
  const json& s = j["fragments"][0]["stats"];
  EXPECT_TRUE(s["u32"]["min"].is_null());
  EXPECT_EQ(s["u32"]["null_count"], 10);
  EXPECT_TRUE(s["u64"]["max"].is_number_unsigned());
  EXPECT_EQ(s["u64"]["max"].get<uint64_t>(), UINT64_MAX);
  EXPECT_EQ(j["fragments"][0]["stats"]["i64"]["min"].get<int64_t>(), INT64_MIN);
  EXPECT_TRUE(s["at"]["max"].is_number_integer());
  EXPECT_EQ(s["at"]["max"].get<int64_t>(), 1700000000123);
  EXPECT_EQ(s["day"]["min"].get<int64_t>(), -3);
  EXPECT_EQ(s["active"]["max"], true);
  EXPECT_EQ(s["id"]["max"], "zz ✓");
  EXPECT_EQ(s["blob"]["min"], "00c3bf");  // bytes 00 c3 bf, lower-case hex
  EXPECT_TRUE(s["f32"]["min"].is_number_float());
  EXPECT_EQ(j["fragments"][1]["deletion"], nullptr);
  EXPECT_EQ(j["parent"], "tables/node-Person/manifests/01HXPARENT.json");
  EXPECT_EQ(j["indexes"][0]["params"]["block_rows"], 4096);
}

// Parse `m` after `edit` changes its JSON; expect Corruption mentioning `needle`.
void ExpectCorrupt(const std::function<void(json&)>& edit, const std::string& needle) {
  OG_ASSIGN_OR_FAIL(auto serialized, SampleManifest().Serialize());
  json j = json::parse(serialized);
  edit(j);
  auto r = TableManifest::Parse(j.dump(), "k.json");
  ASSERT_FALSE(r.ok()) << needle;
  EXPECT_EQ(r.status().code(), StatusCode::Corruption) << r.status().ToString();
  EXPECT_NE(r.status().message().find(needle), std::string::npos) << r.status().ToString();
  EXPECT_NE(r.status().message().find("k.json"), std::string::npos) << r.status().ToString();
}

TEST(TableManifest, ParseChecksInvariants) {
  ExpectCorrupt([](json& j) { j["rows"] = 10; }, "live rows");
  ExpectCorrupt([](json& j) { j["format_version"] = 2; }, "format_version 2");
  ExpectCorrupt([](json& j) { j["format"] = "other"; }, "format");
  ExpectCorrupt([](json& j) { j["parent"] = nullptr; }, "has no parent");
  ExpectCorrupt([](json& j) { j["version"] = 0; }, "version 0");
  ExpectCorrupt([](json& j) { j["fragments"][1]["id"] = 1; }, "ascending");
  ExpectCorrupt([](json& j) { j["next_fragment_id"] = 4; }, "next_fragment_id");
  ExpectCorrupt([](json& j) { j["fragments"][0]["deletion"] = nullptr; }, "disagree");
  ExpectCorrupt([](json& j) { j["fragments"][0]["deleted_rows"] = 11; }, "more rows");
  ExpectCorrupt(
      [](json& j) {
        j["fragments"][0]["stats"]["nope"] = json{{"null_count", 0}};
      },
      "nope");
  ExpectCorrupt(
      [](json& j) {
        j["fragments"][0]["stats"]["tags"] = json{{"null_count", 0}};
      },
      "tags");
  ExpectCorrupt([](json& j) { j["fragments"][0]["stats"]["i32"]["min"] = "x"; }, "i32");
  ExpectCorrupt([](json& j) { j["fragments"][0]["stats"]["i32"]["max"] = 1LL << 40; },
                "out of range");
  ExpectCorrupt([](json& j) { j["table_id"] = "a/b"; }, "path-safe");
  ExpectCorrupt([](json& j) { j.erase("schema"); }, "schema");
  ExpectCorrupt([](json& j) { j["fragments"][0].erase("data"); }, "data");
  EXPECT_EQ(TableManifest::Parse("{", "x").status().code(), StatusCode::Corruption);
}

TEST(TableManifest, ParseRefusesAManifestStoredUnderAnotherName) {
  TableManifest m = SampleManifest();
  OG_ASSIGN_OR_FAIL(std::string bytes, m.Serialize());
  auto r = TableManifest::Parse(bytes, store::TableManifestKey("node-Person", "OTHER"));
  EXPECT_EQ(r.status().code(), StatusCode::Corruption);
}

TEST(TableManifest, ReadAndWriteThroughTheStore) {
  auto store = store::MemoryStore::Create();
  TableManifest m = SampleManifest();
  store->stats().Reset();
  OG_ASSERT_OK(WriteManifest(*store, m));
  OG_ASSIGN_OR_FAIL(auto back, ReadManifest(*store, m.key()));
  EXPECT_TRUE(back->Equals(m));
  EXPECT_EQ(store->stats().Snapshot().writes, 1u);
  EXPECT_EQ(store->stats().Snapshot().reads, 1u);
  EXPECT_EQ(ReadManifest(*store, store::TableManifestKey("node-Person", "NONE")).status().code(),
            StatusCode::NotFound);
}

TEST(ColumnStats, ComputedFromDataWithNullsNaNAndLongStrings) {
  auto ints = std::make_shared<arrow::ChunkedArray>(arrow::ArrayVector{
      Array(arrow::int64(), "[5, null, -3]"), Array(arrow::int64(), "[null, 40]")});
  OG_ASSIGN_OR_FAIL(ColumnStats s, ComputeColumnStats(*ints));
  EXPECT_EQ(s.null_count, 2u);
  EXPECT_EQ(s.min->ToString(), "-3");
  EXPECT_EQ(s.max->ToString(), "40");

  auto nan = std::make_shared<arrow::ChunkedArray>(Array(arrow::float64(), "[1, NaN, 3]"));
  OG_ASSIGN_OR_FAIL(ColumnStats sn, ComputeColumnStats(*nan));
  EXPECT_EQ(sn.min, nullptr);
  EXPECT_EQ(sn.max, nullptr);

  auto all_null = std::make_shared<arrow::ChunkedArray>(Array(arrow::utf8(), "[null, null]"));
  OG_ASSIGN_OR_FAIL(ColumnStats sa, ComputeColumnStats(*all_null));
  EXPECT_EQ(sa.null_count, 2u);
  EXPECT_EQ(sa.min, nullptr);

  std::string long_a = std::string(300, 'a') + "é";
  std::string long_z = std::string(300, 'z');
  arrow::StringBuilder sb;
  OG_ASSERT_OK(sb.AppendValues({long_a, "m", long_z}));
  OG_ASSIGN_OR_FAIL(auto str_array, sb.Finish());
  auto strs = std::make_shared<arrow::ChunkedArray>(str_array);
  OG_ASSIGN_OR_FAIL(ColumnStats ss, ComputeColumnStats(*strs));
  ASSERT_NE(ss.min, nullptr);
  EXPECT_EQ(static_cast<const arrow::StringScalar&>(*ss.min).ToString().size(), kMaxStatBytes);
  EXPECT_EQ(ss.max, nullptr);  // too long to keep; a truncated max would not be an upper bound
}

TEST(ColumnStats, MayMatchFollowsSqlSemantics) {
  auto lo = Scalar(arrow::int32(), "10");
  auto hi = Scalar(arrow::int32(), "20");
  RangeStats rs;
  rs.min = lo.get();
  rs.max = hi.get();
  rs.null_count = 0;
  rs.rows = 5;
  auto v = [](const char* json) { return Scalar(arrow::int32(), json); };
  EXPECT_FALSE(MayMatch(rs, CompareOp::kEq, v("9").get()));
  EXPECT_TRUE(MayMatch(rs, CompareOp::kEq, v("10").get()));
  EXPECT_FALSE(MayMatch(rs, CompareOp::kEq, v("21").get()));
  EXPECT_FALSE(MayMatch(rs, CompareOp::kLt, v("10").get()));
  EXPECT_TRUE(MayMatch(rs, CompareOp::kLe, v("10").get()));
  EXPECT_FALSE(MayMatch(rs, CompareOp::kGt, v("20").get()));
  EXPECT_TRUE(MayMatch(rs, CompareOp::kGe, v("20").get()));
  EXPECT_TRUE(MayMatch(rs, CompareOp::kNe, v("10").get()));
  EXPECT_FALSE(MayMatch(rs, CompareOp::kIsNull, nullptr));
  EXPECT_TRUE(MayMatch(rs, CompareOp::kIsNotNull, nullptr));
  rs.max = lo.get();
  EXPECT_FALSE(MayMatch(rs, CompareOp::kNe, v("10").get()));
  rs.may_hide_nan = true;
  EXPECT_TRUE(MayMatch(rs, CompareOp::kNe, v("10").get()));
  // All null: no comparison can be true.
  RangeStats nulls;
  nulls.null_count = 3;
  nulls.rows = 3;
  EXPECT_FALSE(MayMatch(nulls, CompareOp::kEq, v("1").get()));
  EXPECT_FALSE(MayMatch(nulls, CompareOp::kNe, v("1").get()));
  EXPECT_TRUE(MayMatch(nulls, CompareOp::kIsNull, nullptr));
  EXPECT_FALSE(MayMatch(nulls, CompareOp::kIsNotNull, nullptr));
  // Unknown stats never prune.
  RangeStats unknown;
  unknown.rows = 3;
  EXPECT_TRUE(MayMatch(unknown, CompareOp::kEq, v("1").get()));
  EXPECT_TRUE(MayMatch(unknown, CompareOp::kIsNull, nullptr));
}

TEST(ColumnStats, ComparesAcrossIntegerWidthsAndDate64Timestamps) {
  EXPECT_EQ(CompareScalars(*Scalar(arrow::uint64(), "18446744073709551615"),
                            *Scalar(arrow::int64(), "-1")),
            1);
  EXPECT_EQ(CompareScalars(*Scalar(arrow::int8(), "-1"), *Scalar(arrow::uint32(), "0")), -1);
  EXPECT_EQ(CompareScalars(*Scalar(arrow::date64(), "1000"),
                            *Scalar(arrow::timestamp(arrow::TimeUnit::MILLI), "1000")),
            0);
  EXPECT_FALSE(
      CompareScalars(*Scalar(arrow::date32(), "1"), *Scalar(arrow::date64(), "1")).has_value());
  EXPECT_FALSE(
      CompareScalars(*Scalar(arrow::utf8(), "\"1\""), *Scalar(arrow::int32(), "1")).has_value());
  EXPECT_EQ(CompareScalars(*Scalar(arrow::utf8(), "\"b\""), *Scalar(arrow::utf8(), "\"ab\"")), 1);
  EXPECT_EQ(CompareScalars(*Scalar(arrow::utf8(), "\"é\""), *Scalar(arrow::utf8(), "\"z\"")), 1);
}

}  // namespace
}  // namespace og::table
