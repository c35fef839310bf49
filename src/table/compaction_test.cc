// Compaction keeps the live rows, rewrites only small or mostly-deleted fragments, keeps full
// clean ones by reference, writes nothing when there is nothing to do, and leaves the base
// version readable.
#include "table/compaction.h"

#include <gtest/gtest.h>

#include "common/arrow_util.h"
#include "common/testing.h"
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
    OG_ASSIGN_OR_FAIL(store_, store::OpenStore("memory://compaction-test-" + std::to_string(++n)));
  }

  // One version per call: append `ids` (as one fragment) and delete the rows of `drop`.
  Result<std::shared_ptr<const TableManifest>> Write(std::shared_ptr<const TableManifest> base,
                                                     const std::vector<std::string>& ids,
                                                     const std::vector<std::string>& drop = {}) {
    std::unique_ptr<TableWriter> writer;
    if (base) {
      OG_ASSIGN_OR_RAISE(writer, TableWriter::Open(store_, base));
    } else {
      OG_ASSIGN_OR_RAISE(writer, TableWriter::Create(store_, "node-T", Schema()));
    }
    if (!drop.empty()) {
      ScanOptions scan;
      scan.columns = {"id"};
      scan.with_row_address = true;
      OG_ASSIGN_OR_RAISE(auto rows, ScanTable(*store_, *base, scan));
      OG_ARROW_ASSIGN_OR_RAISE(auto ids_col, arrow::Concatenate(rows->GetColumnByName("id")->chunks()));
      OG_ARROW_ASSIGN_OR_RAISE(auto frag_col,
                               arrow::Concatenate(rows->GetColumnByName(kFragmentColumn)->chunks()));
      OG_ARROW_ASSIGN_OR_RAISE(auto off_col,
                               arrow::Concatenate(rows->GetColumnByName(kOffsetColumn)->chunks()));
      auto col = std::static_pointer_cast<arrow::StringArray>(ids_col);
      auto frag = std::static_pointer_cast<arrow::UInt32Array>(frag_col);
      auto off = std::static_pointer_cast<arrow::UInt32Array>(off_col);
      for (int64_t i = 0; i < col->length(); ++i) {
        if (std::find(drop.begin(), drop.end(), std::string(col->GetView(i))) != drop.end()) {
          Roaring r;
          r.add(off->Value(i));
          OG_RETURN_NOT_OK(writer->DeleteRows(frag->Value(i), r));
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
      OG_RETURN_NOT_OK(writer->Append(*t));
    }
    return writer->Finish();
  }

  Result<std::shared_ptr<arrow::Table>> Live(const TableManifest& m) { return ScanTable(*store_, m); }

  std::shared_ptr<store::ObjectStore> store_;
};

TEST_F(CompactionTest, ManySmallFragmentsWithDeletionsBecomeOneWithTheSameLiveRows) {
  std::shared_ptr<const TableManifest> m;
  for (int i = 0; i < 6; ++i) {
    OG_ASSIGN_OR_FAIL(m, Write(m, {"a" + std::to_string(i), "b" + std::to_string(i), "c" + std::to_string(i)}));
  }
  OG_ASSIGN_OR_FAIL(m, Write(m, {}, {"b0", "a3", "c5"}));
  OG_ASSIGN_OR_FAIL(auto before, Live(*m));
  CompactionOptions o;
  o.target_rows = 1000;
  OG_ASSIGN_OR_FAIL(auto r, CompactTable(store_, m, o));
  ASSERT_NE(r.manifest, nullptr);
  EXPECT_EQ(r.fragments_before, 6u);
  EXPECT_EQ(r.fragments_after, 1u);
  EXPECT_EQ(r.rows_rewritten, 15u);
  EXPECT_EQ(r.manifest->version, m->version + 1);
  EXPECT_EQ(r.manifest->parent_key, m->key());
  EXPECT_EQ(r.manifest->rows, 15u);
  EXPECT_TRUE(r.manifest->fragments[0].deletion_key.empty());
  OG_ASSIGN_OR_FAIL(auto after, Live(*r.manifest));
  EXPECT_TRUE(TablesEqual(*after, *before));  // values and order (list, date64 too)
  OG_ASSIGN_OR_FAIL(auto base_again, Live(*m));
  EXPECT_TRUE(TablesEqual(*base_again, *before));  // the base version is untouched
}

TEST_F(CompactionTest, FullCleanFragmentsAreKeptByReference) {
  OG_ASSIGN_OR_FAIL(std::shared_ptr<const TableManifest> m, Write(nullptr, {"a", "b", "c", "d"}));  // "full"
  OG_ASSIGN_OR_FAIL(m, Write(m, {"e"}));
  OG_ASSIGN_OR_FAIL(m, Write(m, {"f"}));
  CompactionOptions o;
  o.target_rows = 4;
  OG_ASSIGN_OR_FAIL(auto r, CompactTable(store_, m, o));
  ASSERT_NE(r.manifest, nullptr);
  ASSERT_EQ(r.manifest->fragments.size(), 2u);
  EXPECT_EQ(r.manifest->fragments[0].data_key, m->fragments[0].data_key);  // not rewritten
  EXPECT_EQ(r.fragments_rewritten, 2u);
  EXPECT_EQ(r.manifest->fragments[1].physical_rows, 2u);
}

TEST_F(CompactionTest, AMostlyDeletedLargeFragmentIsRewrittenAlone) {
  OG_ASSIGN_OR_FAIL(std::shared_ptr<const TableManifest> m, Write(nullptr, {"a", "b", "c", "d"}));
  OG_ASSIGN_OR_FAIL(m, Write(m, {}, {"a", "b"}));
  CompactionOptions o;
  o.target_rows = 4;
  OG_ASSIGN_OR_FAIL(auto r, CompactTable(store_, m, o));
  ASSERT_NE(r.manifest, nullptr);
  ASSERT_EQ(r.manifest->fragments.size(), 1u);
  EXPECT_EQ(r.manifest->fragments[0].physical_rows, 2u);
  OG_ASSIGN_OR_FAIL(auto live, Live(*r.manifest));
  EXPECT_EQ(testing::ColumnString(*live, "id"), "[\n  \"c\",\n  \"d\"\n]");
}

TEST_F(CompactionTest, NothingToDoWritesNothing) {
  OG_ASSIGN_OR_FAIL(std::shared_ptr<const TableManifest> m, Write(nullptr, {"a", "b"}));
  auto before = store_->stats().Snapshot();
  OG_ASSIGN_OR_FAIL(auto r, CompactTable(store_, m, {}));
  auto cost = store_->stats().Snapshot() - before;
  EXPECT_EQ(r.manifest, nullptr);
  EXPECT_EQ(cost.requests(), 0u);
}

TEST_F(CompactionTest, AHalfDeletedFragmentKeepsOnlyItsLiveRowAndTheTableCanThenEmpty) {
  OG_ASSIGN_OR_FAIL(std::shared_ptr<const TableManifest> m, Write(nullptr, {"a", "b"}));
  OG_ASSIGN_OR_FAIL(m, Write(m, {"c"}));
  OG_ASSIGN_OR_FAIL(m, Write(m, {}, {"a", "c"}));
  OG_ASSIGN_OR_FAIL(auto r, CompactTable(store_, m, {}));
  ASSERT_NE(r.manifest, nullptr);
  EXPECT_EQ(r.manifest->rows, 1u);
  OG_ASSIGN_OR_FAIL(m, Write(r.manifest, {}, {"b"}));
  EXPECT_EQ(m->rows, 0u);
  EXPECT_TRUE(m->fragments.empty());
}

TEST_F(CompactionTest, DeferredWritesAreHandedToTheCaller) {
  OG_ASSIGN_OR_FAIL(std::shared_ptr<const TableManifest> m, Write(nullptr, {"a"}));
  OG_ASSIGN_OR_FAIL(m, Write(m, {"b"}));
  CompactionOptions o;
  o.writer.defer_writes = true;
  auto before = store_->stats().Snapshot();
  OG_ASSIGN_OR_FAIL(auto r, CompactTable(store_, m, o));
  EXPECT_EQ((store_->stats().Snapshot() - before).writes, 0u);
  EXPECT_EQ(r.pending_writes.size(), 2u);  // the new fragment and the manifest
}

}  // namespace
}  // namespace og::table
