#include "table/table_writer.h"

#include <arrow/io/memory.h>
#include <gtest/gtest.h>
#include <parquet/arrow/reader.h>
#include <parquet/file_reader.h>
#include <parquet/metadata.h>
#include <parquet/statistics.h>

#include <filesystem>
#include <set>

#include "store/layout.h"
#include "store/local_store.h"
#include "store/memory_store.h"
#include "table/table_scan.h"
#include "table/table_test_util.h"

namespace og::table {
namespace {

using namespace og::table::testing;  // NOLINT

std::shared_ptr<arrow::Schema> PersonSchema() {
  return arrow::schema(
      {arrow::field("id", arrow::utf8(), false), arrow::field("age", arrow::int32())});
}

std::shared_ptr<arrow::Table> People(const std::string& ids, const std::string& ages) {
  return MakeTable(PersonSchema(), {ids, ages});
}

std::set<std::string> Keys(store::ObjectStore& s) {
  std::set<std::string> out;
  auto listed = s.List("");
  if (!listed.ok()) {
    ADD_FAILURE() << "listing the store: " << listed.status().ToString();
    return out;
  }
  for (const auto& e : *listed) out.insert(e.key);
  return out;
}

class TableWriterTest : public ::testing::Test {
 protected:
  std::shared_ptr<store::MemoryStore> store_ = store::MemoryStore::Create();

  Result<std::shared_ptr<const TableManifest>> FirstVersion() {
    OG_ASSIGN_OR_RAISE(auto w, TableWriter::Create(store_, "node-Person", PersonSchema()));
    OG_RETURN_NOT_OK(w->Append(*People(R"(["a","b","c"])", "[30, null, 50]")));
    return w->Finish();
  }
};

TEST_F(TableWriterTest, CreatesTheFirstVersion) {
  OG_ASSIGN_OR_FAIL(auto w, TableWriter::Create(store_, "node-Person", PersonSchema()));
  store_->stats().Reset();
  OG_ASSIGN_OR_FAIL(auto ids, w->Append(*People(R"(["a","b","c"])", "[30, null, 50]")));
  EXPECT_EQ(ids, (std::vector<uint32_t>{0}));
  EXPECT_EQ(store_->stats().Snapshot().writes, 0u);  // staged: written together with the manifest
  EXPECT_EQ(w->rows(), 3u);
  OG_ASSIGN_OR_FAIL(auto m, w->Finish());
  EXPECT_EQ(store_->stats().Snapshot().writes, 2u);  // the fragment + the manifest
  EXPECT_EQ(store_->stats().Snapshot().reads, 0u);
  EXPECT_EQ(m->table_id, "node-Person");
  EXPECT_EQ(m->version, 1u);
  EXPECT_TRUE(m->parent_key.empty());
  EXPECT_EQ(m->rows, 3u);
  EXPECT_EQ(m->next_fragment_id, 1u);
  ASSERT_EQ(m->fragments.size(), 1u);
  const FragmentMeta& f = m->fragments[0];
  EXPECT_EQ(f.physical_rows, 3u);
  EXPECT_EQ(f.created_version, 1u);
  EXPECT_EQ(store::ParseKey(f.data_key)->kind, store::KeyKind::kFragment);
  EXPECT_EQ(store::ParseKey(f.data_key)->table_id, "node-Person");
  OG_ASSIGN_OR_FAIL(auto stored_bytes, store_->Size(f.data_key));
  EXPECT_EQ(f.data_bytes, stored_bytes);
  EXPECT_EQ(f.stats.at("age").min->ToString(), "30");
  EXPECT_EQ(f.stats.at("age").max->ToString(), "50");
  EXPECT_EQ(f.stats.at("age").null_count, 1u);
  EXPECT_EQ(f.stats.at("id").max->ToString(), "c");
  // The manifest is stored under its key and reads back equal.
  OG_ASSIGN_OR_FAIL(auto back, ReadManifest(*store_, m->key()));
  EXPECT_TRUE(back->Equals(*m));
  // Finish spends the writer.
  EXPECT_EQ(w->Finish().status().code(), StatusCode::BadRequest);
  EXPECT_EQ(w->Append(*People(R"(["z"])", "[1]")).status().code(), StatusCode::BadRequest);
}

TEST_F(TableWriterTest, FragmentsArePlainParquetWithStatisticsAndRowGroups) {
  WriterOptions opts;
  opts.row_group_rows = 1000;
  OG_ASSIGN_OR_FAIL(auto w, TableWriter::Create(store_, "t", PersonSchema(), opts));
  arrow::StringBuilder ids;
  arrow::Int32Builder ages;
  for (int i = 0; i < 2500; ++i) {
    std::string id = "p";
    id += std::to_string(i);
    OG_ASSERT_OK(ids.Append(id));
    OG_ASSERT_OK(ages.Append(i));
  }
  OG_ASSIGN_OR_FAIL(auto id_array, ids.Finish());
  OG_ASSIGN_OR_FAIL(auto age_array, ages.Finish());
  auto table =
      arrow::Table::Make(PersonSchema(), {id_array, age_array});
  OG_ASSERT_OK(w->Append(*table));
  OG_ASSIGN_OR_FAIL(auto m, w->Finish());
  OG_ASSIGN_OR_FAIL(std::string bytes, store_->Get(m->fragments[0].data_key));
  EXPECT_EQ(bytes.substr(0, 4), "PAR1");
  EXPECT_EQ(bytes.substr(bytes.size() - 4), "PAR1");
  auto reader = parquet::ParquetFileReader::Open(
      std::make_shared<arrow::io::BufferReader>(arrow::Buffer::FromString(bytes)));
  auto meta = reader->metadata();
  EXPECT_EQ(meta->num_rows(), 2500);
  EXPECT_EQ(meta->num_row_groups(), 3);
  auto stats = meta->RowGroup(1)->ColumnChunk(1)->statistics();
  ASSERT_NE(stats, nullptr);
  EXPECT_TRUE(stats->HasMinMax());
  EXPECT_EQ(meta->RowGroup(0)->ColumnChunk(0)->compression(), parquet::Compression::ZSTD);
}

TEST_F(TableWriterTest, LargeAppendsAreSplitIntoFragments) {
  WriterOptions opts;
  opts.max_rows_per_fragment = 2;
  OG_ASSIGN_OR_FAIL(auto w, TableWriter::Create(store_, "t", PersonSchema(), opts));
  OG_ASSIGN_OR_FAIL(auto ids, w->Append(*People(R"(["a","b","c","d","e"])", "[1,2,3,4,5]")));
  EXPECT_EQ(ids, (std::vector<uint32_t>{0, 1, 2}));
  OG_ASSIGN_OR_FAIL(auto m, w->Finish());
  EXPECT_EQ(m->fragments.size(), 3u);
  EXPECT_EQ(m->fragments[2].physical_rows, 1u);
  OG_ASSIGN_OR_FAIL(auto scanned, ScanTable(*store_, *m));
  EXPECT_EQ(ColumnString(*scanned, "id"), "[\n  \"a\",\n  \"b\",\n  \"c\",\n  \"d\",\n  \"e\"\n]");
}

TEST_F(TableWriterTest, NextVersionLeavesTheBaseUntouched) {
  OG_ASSIGN_OR_FAIL(auto v1, FirstVersion());
  OG_ASSIGN_OR_FAIL(std::string v1_bytes, store_->Get(v1->key()));
  std::set<std::string> before = Keys(*store_);

  OG_ASSIGN_OR_FAIL(auto w, TableWriter::Open(store_, v1));
  OG_ASSERT_OK(w->Append(*People(R"(["d"])", "[70]")));
  Roaring del;
  del.add(1);
  OG_ASSERT_OK(w->DeleteRows(0, del));
  OG_ASSIGN_OR_FAIL(auto v2, w->Finish());

  EXPECT_EQ(v2->version, 2u);
  EXPECT_EQ(v2->parent_key, v1->key());
  EXPECT_NE(v2->key(), v1->key());
  EXPECT_EQ(v2->rows, 3u);
  EXPECT_EQ(v2->fragments[1].created_version, 2u);
  // Nothing that existed changed: same keys (plus new ones), same bytes of the base manifest.
  std::set<std::string> after = Keys(*store_);
  for (const auto& k : before) EXPECT_TRUE(after.count(k)) << k;
  EXPECT_EQ(after.size(), before.size() + 3);  // fragment, deletion vector, manifest
  OG_ASSIGN_OR_FAIL(std::string v1_bytes_after, store_->Get(v1->key()));
  EXPECT_EQ(v1_bytes_after, v1_bytes);
  EXPECT_TRUE(v1->fragments[0].deletion_key.empty());
  // The old version still reads as it was.
  OG_ASSIGN_OR_FAIL(auto old_rows, ScanTable(*store_, *v1));
  EXPECT_EQ(old_rows->num_rows(), 3);
  OG_ASSIGN_OR_FAIL(auto new_rows, ScanTable(*store_, *v2));
  EXPECT_EQ(ColumnString(*new_rows, "id"), "[\n  \"a\",\n  \"c\",\n  \"d\"\n]");
}

TEST_F(TableWriterTest, DeletesUnionIntoANewDeletionFileEachVersion) {
  OG_ASSIGN_OR_FAIL(auto v1, FirstVersion());
  OG_ASSIGN_OR_FAIL(auto w2, TableWriter::Open(store_, v1));
  Roaring first;
  first.add(0);
  OG_ASSERT_OK(w2->DeleteRows(0, first));
  OG_ASSIGN_OR_FAIL(auto v2, w2->Finish());
  const std::string dv2 = v2->fragments[0].deletion_key;
  EXPECT_EQ(v2->fragments[0].deleted_rows, 1u);

  OG_ASSIGN_OR_FAIL(auto w3, TableWriter::Open(store_, v2));
  store_->stats().Reset();
  Roaring second;
  second.add(0);  // already deleted: no-op
  second.add(2);
  OG_ASSERT_OK(w3->DeleteRows(0, second));
  EXPECT_EQ(store_->stats().Snapshot().reads, 1u);  // the existing deletion vector
  OG_ASSERT_OK(w3->DeleteRows(0, second));          // cached: no further read
  EXPECT_EQ(store_->stats().Snapshot().reads, 1u);
  OG_ASSIGN_OR_FAIL(auto v3, w3->Finish());
  EXPECT_EQ(store_->stats().Snapshot().writes, 2u);  // new deletion vector + manifest
  EXPECT_NE(v3->fragments[0].deletion_key, dv2);
  EXPECT_EQ(v3->fragments[0].deleted_rows, 2u);
  EXPECT_EQ(v3->rows, 1u);
  // The v2 deletion file is unchanged.
  OG_ASSIGN_OR_FAIL(auto old_dv, DeletionVector::Read(*store_, dv2));
  EXPECT_EQ(old_dv.ToVector(), (std::vector<uint32_t>{0}));
  OG_ASSIGN_OR_FAIL(auto new_dv,
                          DeletionVector::Read(*store_, v3->fragments[0].deletion_key));
  EXPECT_EQ(new_dv.ToVector(), (std::vector<uint32_t>{0, 2}));
}

TEST_F(TableWriterTest, DeletingEveryRowDropsTheFragment) {
  OG_ASSIGN_OR_FAIL(auto v1, FirstVersion());
  OG_ASSIGN_OR_FAIL(auto w, TableWriter::Open(store_, v1));
  Roaring all;
  all.addRange(0, 3);
  OG_ASSERT_OK(w->DeleteRows(0, all));
  OG_ASSIGN_OR_FAIL(auto v2, w->Finish());
  EXPECT_TRUE(v2->fragments.empty());
  EXPECT_EQ(v2->rows, 0u);
  EXPECT_EQ(v2->next_fragment_id, 1u);
}

TEST_F(TableWriterTest, DeleteRowsChecksItsInput) {
  OG_ASSIGN_OR_FAIL(auto v1, FirstVersion());
  OG_ASSIGN_OR_FAIL(auto w, TableWriter::Open(store_, v1));
  Roaring r;
  r.add(3);
  EXPECT_EQ(w->DeleteRows(0, r).code(), StatusCode::BadRequest);
  EXPECT_EQ(w->DeleteRows(9, r).code(), StatusCode::NotFound);
  OG_EXPECT_OK(w->DeleteRows(0, Roaring()));
}

TEST_F(TableWriterTest, DeletesCanTargetRowsAppendedByTheSameWriter) {
  OG_ASSIGN_OR_FAIL(auto w, TableWriter::Create(store_, "t", PersonSchema()));
  OG_ASSIGN_OR_FAIL(auto ids, w->Append(*People(R"(["a","b"])", "[1,2]")));
  Roaring r;
  r.add(0);
  OG_ASSERT_OK(w->DeleteRows(ids[0], r));
  // Read-your-writes before the version exists.
  OG_ASSIGN_OR_FAIL(auto preview, w->Preview());
  EXPECT_TRUE(preview->id.empty());
  OG_ASSIGN_OR_FAIL(auto seen, ScanTable(*store_, *preview));
  EXPECT_EQ(ColumnString(*seen, "id"), "[\n  \"b\"\n]");
  OG_ASSIGN_OR_FAIL(auto m, w->Finish());
  EXPECT_EQ(m->rows, 1u);
  EXPECT_EQ(m->fragments[0].deletion_key, preview->fragments[0].deletion_key);  // not rewritten
}

TEST_F(TableWriterTest, TruncateDropsEverythingAndKeepsIdsIncreasing) {
  OG_ASSIGN_OR_FAIL(auto v1, FirstVersion());
  OG_ASSIGN_OR_FAIL(auto w, TableWriter::Open(store_, v1));
  w->Truncate();
  EXPECT_EQ(w->rows(), 0u);
  OG_ASSIGN_OR_FAIL(auto ids, w->Append(*People(R"(["z"])", "[9]")));
  EXPECT_EQ(ids, (std::vector<uint32_t>{1}));
  OG_ASSIGN_OR_FAIL(auto v2, w->Finish());
  EXPECT_EQ(v2->rows, 1u);
  EXPECT_EQ(v2->fragments.size(), 1u);
  EXPECT_EQ(v2->version, 2u);
  // The truncated fragment's file is still there for older versions.
  OG_EXPECT_OK(store_->Get(v1->fragments[0].data_key));
}

TEST_F(TableWriterTest, AppendConformsColumnsOrRefuses) {
  OG_ASSIGN_OR_FAIL(auto w, TableWriter::Create(store_, "t", PersonSchema()));
  // Columns in another order are fine.
  auto swapped = MakeTable(
      arrow::schema({arrow::field("age", arrow::int32()), arrow::field("id", arrow::utf8())}),
      {"[1]", R"(["x"])"});
  OG_ASSERT_OK(w->Append(*swapped));
  // A nullable input field with no nulls is fine for a non-nullable column.
  OG_ASSERT_OK(w->Append(*MakeTable(
      arrow::schema({arrow::field("id", arrow::utf8()), arrow::field("age", arrow::int32())}),
      {R"(["y"])", "[2]"})));
  auto wrong_type = MakeTable(
      arrow::schema({arrow::field("id", arrow::utf8()), arrow::field("age", arrow::int64())}),
      {R"(["x"])", "[1]"});
  auto st = w->Append(*wrong_type).status();
  EXPECT_EQ(st.code(), StatusCode::BadRequest);
  EXPECT_NE(st.message().find("age"), std::string::npos) << st.message();
  auto missing = MakeTable(arrow::schema({arrow::field("id", arrow::utf8())}), {R"(["x"])"});
  EXPECT_EQ(w->Append(*missing).status().code(), StatusCode::BadRequest);
  auto extra = MakeTable(
      arrow::schema({arrow::field("id", arrow::utf8()), arrow::field("age", arrow::int32()),
                     arrow::field("zzz", arrow::int32())}),
      {R"(["x"])", "[1]", "[1]"});
  st = w->Append(*extra).status();
  EXPECT_EQ(st.code(), StatusCode::BadRequest);
  EXPECT_NE(st.message().find("zzz"), std::string::npos) << st.message();
  auto null_id = MakeTable(
      arrow::schema({arrow::field("id", arrow::utf8()), arrow::field("age", arrow::int32())}),
      {R"([null])", "[1]"});
  st = w->Append(*null_id).status();
  EXPECT_EQ(st.code(), StatusCode::BadRequest);
  EXPECT_NE(st.message().find("not nullable"), std::string::npos) << st.message();
  // Zero rows write nothing.
  store_->stats().Reset();
  OG_ASSIGN_OR_FAIL(auto none, w->Append(*People("[]", "[]")));
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(store_->stats().Snapshot().writes, 0u);
}

TEST_F(TableWriterTest, ListChildNamesNeedNotMatch) {
  auto schema = arrow::schema({arrow::field("tags", arrow::list(arrow::utf8()))});
  OG_ASSIGN_OR_FAIL(auto w, TableWriter::Create(store_, "t", schema));
  auto other =
      arrow::schema({arrow::field("tags", arrow::list(arrow::field("element", arrow::utf8())))});
  OG_ASSERT_OK(w->Append(*MakeTable(other, {R"([["a"], null])"})));
  OG_ASSIGN_OR_FAIL(auto m, w->Finish());
  OG_ASSIGN_OR_FAIL(auto back, ScanTable(*store_, *m));
  EXPECT_TRUE(back->schema()->Equals(*schema));
}

TEST_F(TableWriterTest, CreateValidatesItsArguments) {
  EXPECT_EQ(TableWriter::Create(store_, "bad/id", PersonSchema()).status().code(),
            StatusCode::BadRequest);
  EXPECT_EQ(TableWriter::Create(store_, "t", nullptr).status().code(), StatusCode::BadRequest);
  auto reserved = arrow::schema({arrow::field("_offset", arrow::int32())});
  EXPECT_EQ(TableWriter::Create(store_, "t", reserved).status().code(), StatusCode::BadRequest);
  auto dup = arrow::schema({arrow::field("a", arrow::int32()), arrow::field("a", arrow::utf8())});
  EXPECT_EQ(TableWriter::Create(store_, "t", dup).status().code(), StatusCode::BadRequest);
  auto dict = arrow::schema({arrow::field("d", arrow::dictionary(arrow::int8(), arrow::utf8()))});
  EXPECT_EQ(TableWriter::Create(store_, "t", dict).status().code(), StatusCode::BadRequest);
  WriterOptions bad;
  bad.compression = "lzma";
  EXPECT_EQ(TableWriter::Create(store_, "t", PersonSchema(), bad).status().code(),
            StatusCode::BadRequest);
  EXPECT_EQ(TableWriter::Open(store_, nullptr).status().code(), StatusCode::BadRequest);
}

TEST_F(TableWriterTest, IndexesAreCarriedAndPrunedToLiveFragments) {
  OG_ASSIGN_OR_FAIL(auto v1, FirstVersion());
  OG_ASSIGN_OR_FAIL(auto w2, TableWriter::Open(store_, v1));
  OG_ASSERT_OK(w2->Append(*People(R"(["d"])", "[1]")));
  OG_ASSERT_OK(w2->SetIndexes({IndexMeta{"I1", "btree", {"id"}, {1, 0, 1}, ""}}));
  OG_ASSIGN_OR_FAIL(auto v2, w2->Finish());
  ASSERT_EQ(v2->indexes.size(), 1u);
  EXPECT_EQ(v2->indexes[0].fragment_ids, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(v2->indexes[0].params_json, "{}");

  OG_ASSIGN_OR_FAIL(auto w3, TableWriter::Open(store_, v2));
  Roaring all;
  all.addRange(0, 3);
  OG_ASSERT_OK(w3->DeleteRows(0, all));  // fragment 0 disappears
  OG_ASSIGN_OR_FAIL(auto v3, w3->Finish());
  EXPECT_EQ(v3->indexes[0].fragment_ids, (std::vector<uint32_t>{1}));
  OG_ASSIGN_OR_FAIL(auto opened, TableWriter::Open(store_, v3));
  EXPECT_EQ(opened
                ->SetIndexes({IndexMeta{"a/b", "x", {}, {}, "{}"}})
                .code(),
            StatusCode::BadRequest);
}

TEST_F(TableWriterTest, EveryEngineTypeRoundTrips) {
  OG_ASSIGN_OR_FAIL(auto w, TableWriter::Create(store_, "node-All", EngineSchema()));
  OG_ASSERT_OK(w->Append(*EngineRows()));
  OG_ASSIGN_OR_FAIL(auto m, w->Finish());
  OG_ASSIGN_OR_FAIL(auto back, ScanTable(*store_, *m));
  EXPECT_TRUE(back->schema()->Equals(*EngineSchema())) << back->schema()->ToString();
  EXPECT_TRUE(TablesEqual(*back, *EngineRows()));
  // date64 keeps its time of day (Parquet DATE would not).
  EXPECT_NE(ColumnString(*back, "at").find("2023-11-14"), std::string::npos);
  EXPECT_EQ(m->fragments[0].stats.at("at").max->ToString(),
            "2023-11-14");  // date64 renders as a day
  EXPECT_EQ(static_cast<const arrow::Date64Scalar&>(*m->fragments[0].stats.at("at").max).value,
            1700000000123);
  EXPECT_EQ(m->fragments[0].stats.count("tags"), 0u);  // no stats for lists
  EXPECT_EQ(m->fragments[0].stats.at("u64").max->ToString(), "18446744073709551615");
}

}  // namespace
}  // namespace og::table

namespace og::table {
namespace {

// Leaves a table of every engine type under OG_TEST_TMP_DIR/external-readers so that tools can
// check that the fragments are plain Parquet (scripts may point DuckDB or pyarrow at it).
TEST(TableWriterExternal, WritesFragmentsThatOtherReadersOpen) {
  std::string root = std::string(OG_TEST_TMP_DIR) + "/external-readers";
  std::filesystem::remove_all(root);
  OG_ASSIGN_OR_FAIL(auto store, store::LocalStore::Open(root));
  OG_ASSIGN_OR_FAIL(auto w, TableWriter::Create(store, "node-All", testing::EngineSchema()));
  OG_ASSERT_OK(w->Append(*testing::EngineRows()));
  OG_ASSIGN_OR_FAIL(auto m, w->Finish());
  EXPECT_TRUE(std::filesystem::exists(root + "/" + m->fragments[0].data_key));
}

}  // namespace
}  // namespace og::table
