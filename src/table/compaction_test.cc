// Compaction keeps the live rows, rewrites only small or mostly-deleted fragments, keeps full
// clean ones by reference, writes nothing when there is nothing to do, and leaves the base
// version readable.
#include "table/compaction.h"

#include <gtest/gtest.h>

#include "store/store_factory.h"
#include "table/table_scan.h"
#include "table/table_test_util.h"

namespace og::table {
namespace {

using testing::MakeTable;
using testing::TablesEqual;

std::shared_ptr<arrow::Schema> Schema() {
  return arrow::schema({arrow::field("id", arrow::utf8(), false), arrow::field("n", arrow::int64()),
                        arrow::field("tags", arrow::list(arrow::utf8())),
                        arrow::field("at", arrow::date64())});
}

class CompactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int n = 0;
    store_ = store::OpenStore("memory://compaction-test-" + std::to_string(++n)).ValueOrDie();
  }

  // One version per call: append `ids` (as one fragment) and delete the rows of `drop`.
  std::shared_ptr<const TableManifest> Write(std::shared_ptr<const TableManifest> base,
                                             const std::vector<std::string>& ids,
                                             const std::vector<std::string>& drop = {}) {
    auto writer = base ? TableWriter::Open(store_, base).MoveValueUnsafe()
                       : TableWriter::Create(store_, "node-T", Schema()).MoveValueUnsafe();
    if (!drop.empty()) {
      ScanOptions scan;
      scan.columns = {"id"};
      scan.with_row_address = true;
      auto rows = ScanTable(*store_, *base, scan).ValueOrDie();
      auto col = std::static_pointer_cast<arrow::StringArray>(
          arrow::Concatenate(rows->GetColumnByName("id")->chunks()).ValueOrDie());
      auto frag = std::static_pointer_cast<arrow::UInt32Array>(
          arrow::Concatenate(rows->GetColumnByName(kFragmentColumn)->chunks()).ValueOrDie());
      auto off = std::static_pointer_cast<arrow::UInt32Array>(
          arrow::Concatenate(rows->GetColumnByName(kOffsetColumn)->chunks()).ValueOrDie());
      for (int64_t i = 0; i < col->length(); ++i) {
        if (std::find(drop.begin(), drop.end(), std::string(col->GetView(i))) != drop.end()) {
          Roaring r;
          r.add(off->Value(i));
          EXPECT_TRUE(writer->DeleteRows(frag->Value(i), r).ok());
        }
      }
    }
    if (!ids.empty()) {
      std::string id_json = "[", n_json = "[", tags_json = "[", at_json = "[";
      for (size_t i = 0; i < ids.size(); ++i) {
        std::string sep = i ? "," : "";
        id_json += sep + "\"" + ids[i] + "\"";
        n_json += sep + std::to_string(i);
        tags_json += sep + "[\"" + ids[i] + "\", null]";
        at_json += sep + std::to_string(86400000LL * 365 + static_cast<int64_t>(i) * 1234567);
      }
      auto t = MakeTable(Schema(), {id_json + "]", n_json + "]", tags_json + "]", at_json + "]"});
      EXPECT_TRUE(writer->Append(*t).ok());
    }
    return writer->Finish().ValueOrDie();
  }

  std::shared_ptr<arrow::Table> Live(const TableManifest& m) {
    return ScanTable(*store_, m).ValueOrDie();
  }

  std::shared_ptr<store::ObjectStore> store_;
};

TEST_F(CompactionTest, ManySmallFragmentsWithDeletionsBecomeOneWithTheSameLiveRows) {
  std::shared_ptr<const TableManifest> m;
  for (int i = 0; i < 6; ++i) {
    m = Write(m, {"a" + std::to_string(i), "b" + std::to_string(i), "c" + std::to_string(i)});
  }
  m = Write(m, {}, {"b0", "a3", "c5"});
  auto before = Live(*m);
  CompactionOptions o;
  o.target_rows = 1000;
  auto r = CompactTable(store_, m, o).ValueOrDie();
  ASSERT_NE(r.manifest, nullptr);
  EXPECT_EQ(r.fragments_before, 6u);
  EXPECT_EQ(r.fragments_after, 1u);
  EXPECT_EQ(r.rows_rewritten, 15u);
  EXPECT_EQ(r.manifest->version, m->version + 1);
  EXPECT_EQ(r.manifest->parent_key, m->key());
  EXPECT_EQ(r.manifest->rows, 15u);
  EXPECT_TRUE(r.manifest->fragments[0].deletion_key.empty());
  EXPECT_TRUE(TablesEqual(*Live(*r.manifest), *before));  // values and order (list, date64 too)
  EXPECT_TRUE(TablesEqual(*Live(*m), *before));           // the base version is untouched
}

TEST_F(CompactionTest, FullCleanFragmentsAreKeptByReference) {
  std::shared_ptr<const TableManifest> m = Write(nullptr, {"a", "b", "c", "d"});  // "full"
  m = Write(m, {"e"});
  m = Write(m, {"f"});
  CompactionOptions o;
  o.target_rows = 4;
  auto r = CompactTable(store_, m, o).ValueOrDie();
  ASSERT_NE(r.manifest, nullptr);
  ASSERT_EQ(r.manifest->fragments.size(), 2u);
  EXPECT_EQ(r.manifest->fragments[0].data_key, m->fragments[0].data_key);  // not rewritten
  EXPECT_EQ(r.fragments_rewritten, 2u);
  EXPECT_EQ(r.manifest->fragments[1].physical_rows, 2u);
}

TEST_F(CompactionTest, AMostlyDeletedLargeFragmentIsRewrittenAlone) {
  std::shared_ptr<const TableManifest> m = Write(nullptr, {"a", "b", "c", "d"});
  m = Write(m, {}, {"a", "b"});
  CompactionOptions o;
  o.target_rows = 4;
  auto r = CompactTable(store_, m, o).ValueOrDie();
  ASSERT_NE(r.manifest, nullptr);
  ASSERT_EQ(r.manifest->fragments.size(), 1u);
  EXPECT_EQ(r.manifest->fragments[0].physical_rows, 2u);
  EXPECT_EQ(testing::ColumnString(*Live(*r.manifest), "id"), "[\n  \"c\",\n  \"d\"\n]");
}

TEST_F(CompactionTest, NothingToDoWritesNothing) {
  std::shared_ptr<const TableManifest> m = Write(nullptr, {"a", "b"});
  auto before = store_->stats().Snapshot();
  auto r = CompactTable(store_, m, {}).ValueOrDie();
  auto cost = store_->stats().Snapshot() - before;
  EXPECT_EQ(r.manifest, nullptr);
  EXPECT_EQ(cost.requests(), 0u);
}

TEST_F(CompactionTest, AHalfDeletedFragmentKeepsOnlyItsLiveRowAndTheTableCanThenEmpty) {
  std::shared_ptr<const TableManifest> m = Write(nullptr, {"a", "b"});
  m = Write(m, {"c"});
  m = Write(m, {}, {"a", "c"});
  auto r = CompactTable(store_, m, {}).ValueOrDie();
  ASSERT_NE(r.manifest, nullptr);
  EXPECT_EQ(r.manifest->rows, 1u);
  m = Write(r.manifest, {}, {"b"});
  EXPECT_EQ(m->rows, 0u);
  EXPECT_TRUE(m->fragments.empty());
}

TEST_F(CompactionTest, DeferredWritesAreHandedToTheCaller) {
  std::shared_ptr<const TableManifest> m = Write(nullptr, {"a"});
  m = Write(m, {"b"});
  CompactionOptions o;
  o.writer.defer_writes = true;
  auto before = store_->stats().Snapshot();
  auto r = CompactTable(store_, m, o).ValueOrDie();
  EXPECT_EQ((store_->stats().Snapshot() - before).writes, 0u);
  EXPECT_EQ(r.pending_writes.size(), 2u);  // the new fragment and the manifest
}

}  // namespace
}  // namespace og::table
