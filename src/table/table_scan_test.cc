#include "table/table_scan.h"

#include <gtest/gtest.h>

#include <random>

#include "common/ids.h"
#include "store/local_store.h"
#include "store/memory_store.h"
#include "table/table_test_util.h"
#include "table/table_writer.h"

namespace og::table {
namespace {

using namespace og::table::testing;  // NOLINT

std::shared_ptr<arrow::Schema> PersonSchema() {
  return arrow::schema({arrow::field("id", arrow::utf8(), false),
                        arrow::field("age", arrow::int32()),
                        arrow::field("score", arrow::float64())});
}

Predicate P(const std::string& column, CompareOp op, std::shared_ptr<arrow::Scalar> value) {
  return Predicate{column, op, std::move(value)};
}
std::shared_ptr<arrow::Scalar> I32(int v) { return std::make_shared<arrow::Int32Scalar>(v); }

class TableScanTest : public ::testing::Test {
 protected:
  std::shared_ptr<store::ObjectStore> store_ = store::MemoryStore::Create();

  // Three fragments: ages 10-12, 20-22 (one null), 30-32.
  Result<std::shared_ptr<const TableManifest>> ThreeFragments() {
    OG_ASSIGN_OR_RAISE(auto w, TableWriter::Create(store_, "node-Person", PersonSchema()));
    OG_RETURN_NOT_OK(
        w->Append(*MakeTable(PersonSchema(), {R"(["a","b","c"])", "[10,11,12]", "[1.0, 2.0, NaN]"})));
    OG_RETURN_NOT_OK(w->Append(
        *MakeTable(PersonSchema(), {R"(["d","e","f"])", "[20,null,22]", "[null, 5.0, 6.0]"})));
    OG_RETURN_NOT_OK(
        w->Append(*MakeTable(PersonSchema(), {R"(["g","h","i"])", "[30,31,32]", "[7.0, 8.0, 9.0]"})));
    return w->Finish();
  }

  std::string Ids(const TableManifest& m, std::vector<Predicate> preds,
                  ScanStats* stats = nullptr) {
    ScanOptions o;
    o.columns = {"id"};
    o.predicates = std::move(preds);
    o.stats = stats;
    auto r = ScanTable(*store_, m, o);
    if (!r.ok()) return r.status().ToString();
    std::string out;
    auto col = (*r)->GetColumnByName("id");
    for (const auto& chunk : col->chunks()) {
      const auto& s = static_cast<const arrow::StringArray&>(*chunk);
      for (int64_t i = 0; i < s.length(); ++i) out += s.GetString(i);
    }
    return out;
  }
};

TEST_F(TableScanTest, FullScanAndProjection) {
  OG_ASSIGN_OR_FAIL(auto m, ThreeFragments());
  OG_ASSIGN_OR_FAIL(auto all, ScanTable(*store_, *m));
  EXPECT_EQ(all->num_rows(), 9);
  EXPECT_TRUE(all->schema()->Equals(*PersonSchema()));
  ScanOptions o;
  o.columns = {"score", "id"};
  OG_ASSIGN_OR_FAIL(auto proj, ScanTable(*store_, *m, o));
  EXPECT_EQ(proj->schema()->ToString(), "score: double\nid: string not null");
  EXPECT_EQ(Ids(*m, {}), "abcdefghi");
  o.columns = {"nope"};
  EXPECT_EQ(ScanTable(*store_, *m, o).status().code(), StatusCode::BadRequest);
}

TEST_F(TableScanTest, ComparisonsHaveSqlSemantics) {
  OG_ASSIGN_OR_FAIL(auto m, ThreeFragments());
  EXPECT_EQ(Ids(*m, {P("age", CompareOp::kEq, I32(11))}), "b");
  EXPECT_EQ(Ids(*m, {P("age", CompareOp::kNe, I32(11))}), "acdfghi");  // null age (e) never matches
  EXPECT_EQ(Ids(*m, {P("age", CompareOp::kLt, I32(20))}), "abc");
  EXPECT_EQ(Ids(*m, {P("age", CompareOp::kLe, I32(20))}), "abcd");
  EXPECT_EQ(Ids(*m, {P("age", CompareOp::kGt, I32(30))}), "hi");
  EXPECT_EQ(Ids(*m, {P("age", CompareOp::kGe, I32(30))}), "ghi");
  EXPECT_EQ(Ids(*m, {P("age", CompareOp::kIsNull, nullptr)}), "e");
  EXPECT_EQ(Ids(*m, {P("age", CompareOp::kIsNotNull, nullptr)}), "abcdfghi");
  // A conjunction.
  EXPECT_EQ(Ids(*m, {P("age", CompareOp::kGe, I32(11)), P("age", CompareOp::kLt, I32(22))}), "bcd");
  // A null literal matches nothing, whatever the operator.
  EXPECT_EQ(Ids(*m, {P("age", CompareOp::kNe, std::make_shared<arrow::Int32Scalar>())}), "");
  // Strings compare bytewise.
  EXPECT_EQ(Ids(*m, {P("id", CompareOp::kGt, Scalar(arrow::utf8(), "\"f\""))}), "ghi");
  // Literals are cast to the column type...
  EXPECT_EQ(Ids(*m, {P("age", CompareOp::kEq, std::make_shared<arrow::Int64Scalar>(31))}), "h");
  // ...or refused.
  ScanOptions bad_opts;
  bad_opts.predicates = {P("age", CompareOp::kEq, Scalar(arrow::utf8(), "\"x\""))};
  auto bad = ScanTable(*store_, *m, bad_opts);
  EXPECT_EQ(bad.status().code(), StatusCode::BadRequest);
  ScanOptions unknown_opts;
  unknown_opts.predicates = {P("zzz", CompareOp::kEq, I32(1))};
  auto unknown = ScanTable(*store_, *m, unknown_opts);
  EXPECT_EQ(unknown.status().code(), StatusCode::BadRequest);
}

TEST_F(TableScanTest, NaNComparesFalseExceptNotEqual) {
  OG_ASSIGN_OR_FAIL(auto m, ThreeFragments());
  auto d = [](double v) { return std::make_shared<arrow::DoubleScalar>(v); };
  EXPECT_EQ(Ids(*m, {P("score", CompareOp::kNe, d(1.0))}),
            "bcefghi");  // NaN (c) != 1; null (d) not
  EXPECT_EQ(Ids(*m, {P("score", CompareOp::kGt, d(0.0))}), "abefghi");
  EXPECT_EQ(Ids(*m, {P("score", CompareOp::kEq, d(std::nan("")))}), "");
  EXPECT_EQ(Ids(*m, {P("score", CompareOp::kNe, d(std::nan("")))}), "abcefghi");
}

TEST_F(TableScanTest, ManifestStatisticsSkipWholeFragmentsWithoutRequests) {
  OG_ASSIGN_OR_FAIL(auto m, ThreeFragments());
  store_->stats().Reset();
  ScanStats stats;
  EXPECT_EQ(Ids(*m, {P("age", CompareOp::kGe, I32(31))}, &stats), "hi");
  EXPECT_EQ(stats.fragments_total, 3u);
  EXPECT_EQ(stats.fragments_skipped, 2u);
  EXPECT_EQ(stats.rows_returned, 2u);
  // Small fragments cost one whole-object GET each, and only the one scanned is read.
  EXPECT_EQ(store_->stats().Snapshot().reads, 1u);
  EXPECT_EQ(store_->stats().Snapshot().requests(), 1u);

  store_->stats().Reset();
  EXPECT_EQ(Ids(*m, {P("age", CompareOp::kEq, I32(99))}, &stats), "");
  EXPECT_EQ(stats.fragments_skipped, 3u);
  EXPECT_EQ(store_->stats().Snapshot().requests(), 0u);

  // The null-only test prunes by null counts.
  EXPECT_EQ(Ids(*m, {P("age", CompareOp::kIsNull, nullptr)}, &stats), "e");
  EXPECT_EQ(stats.fragments_skipped, 2u);
  // Switching pruning off changes nothing but the work done.
  ScanOptions o;
  o.columns = {"id"};
  o.predicates = {P("age", CompareOp::kGe, I32(31))};
  o.disable_pruning = true;
  o.stats = &stats;
  OG_ASSIGN_OR_FAIL(auto unpruned, ScanTable(*store_, *m, o));
  EXPECT_EQ(unpruned->num_rows(), 2);
  EXPECT_EQ(stats.fragments_skipped, 0u);
}

// One fragment of 10,000 rows sorted by k, in row groups of 1,000.
Result<std::shared_ptr<const TableManifest>> SortedFragment(
    const std::shared_ptr<store::ObjectStore>& store) {
  auto schema =
      arrow::schema({arrow::field("k", arrow::int64(), false), arrow::field("at", arrow::date64()),
                     arrow::field("u", arrow::uint64()), arrow::field("pad", arrow::utf8())});
  WriterOptions opts;
  opts.row_group_rows = 1000;
  OG_ASSIGN_OR_RAISE(auto w, TableWriter::Create(store, "edge-Knows", schema, opts));
  arrow::Int64Builder k;
  arrow::Date64Builder at;
  arrow::UInt64Builder u;
  arrow::StringBuilder pad;
  for (int64_t i = 0; i < 10000; ++i) {
    OG_RETURN_NOT_OK(k.Append(i));
    OG_RETURN_NOT_OK(at.Append(1700000000000 + i * 3600 * 1000 + 17));  // hourly, with ms
    OG_RETURN_NOT_OK(u.Append(i < 9000 ? static_cast<uint64_t>(i) : (uint64_t{1} << 63) + i));
    OG_RETURN_NOT_OK(pad.Append("row-" + std::to_string(i * 7919 % 10007) + std::string(20, 'x')));
  }
  OG_ARROW_ASSIGN_OR_RAISE(auto k_array, k.Finish());
  OG_ARROW_ASSIGN_OR_RAISE(auto at_array, at.Finish());
  OG_ARROW_ASSIGN_OR_RAISE(auto u_array, u.Finish());
  OG_ARROW_ASSIGN_OR_RAISE(auto pad_array, pad.Finish());
  auto table = arrow::Table::Make(schema, {k_array, at_array, u_array, pad_array});
  OG_RETURN_NOT_OK(w->Append(*table));
  return w->Finish();
}

TEST_F(TableScanTest, ParquetStatisticsSkipRowGroupsAndBytes) {
  OG_ASSIGN_OR_FAIL(auto m, SortedFragment(store_));
  ScanOptions o;
  o.small_fragment_bytes = 0;  // force ranged reads, as for a large object on S3
  ScanStats stats;
  o.stats = &stats;
  store_->stats().Reset();
  OG_ASSIGN_OR_FAIL(auto all, ScanTable(*store_, *m, o));
  store::IoCounts full = store_->stats().Snapshot();
  EXPECT_EQ(all->num_rows(), 10000);
  EXPECT_EQ(stats.row_groups_total, 10u);
  EXPECT_EQ(stats.row_groups_skipped, 0u);

  o.predicates = {P("k", CompareOp::kGe, std::make_shared<arrow::Int64Scalar>(9500))};
  store_->stats().Reset();
  OG_ASSIGN_OR_FAIL(auto tail, ScanTable(*store_, *m, o));
  store::IoCounts pruned = store_->stats().Snapshot();
  EXPECT_EQ(tail->num_rows(), 500);
  EXPECT_EQ(stats.row_groups_total, 10u);
  EXPECT_EQ(stats.row_groups_skipped, 9u);
  EXPECT_EQ(stats.rows_read, 1000u);
  // Both read the footer speculatively (64 KiB); beyond it, only one row group's chunks.
  EXPECT_LT(pruned.bytes_read * 2, full.bytes_read) << pruned.ToJson() << " vs " << full.ToJson();
  // Footer (one ranged GET) + the needed column chunks of one row group, coalesced.
  EXPECT_LE(pruned.reads, 3u) << pruned.ToJson();
  EXPECT_EQ(pruned.lists + pruned.writes, 0u);
}

TEST_F(TableScanTest, RowGroupPruningWorksForDate64AndLargeUnsigned) {
  OG_ASSIGN_OR_FAIL(auto m, SortedFragment(store_));
  ScanStats stats;
  ScanOptions o;
  o.columns = {"k"};
  o.stats = &stats;
  // Rows 9000.. have u >= 2^63: only row group 9 can match.
  o.predicates = {P("u", CompareOp::kGt, std::make_shared<arrow::UInt64Scalar>(uint64_t{1} << 63))};
  OG_ASSIGN_OR_FAIL(auto big, ScanTable(*store_, *m, o));
  EXPECT_EQ(big->num_rows(), 1000);
  EXPECT_EQ(stats.row_groups_skipped, 9u);
  // date64 is stored as timestamp[ms]; its statistics still prune, to the millisecond.
  int64_t cut = 1700000000000 + 2500LL * 3600 * 1000 + 17;  // exactly row 2500
  o.predicates = {P("at", CompareOp::kLt, std::make_shared<arrow::Date64Scalar>(cut))};
  OG_ASSIGN_OR_FAIL(auto early, ScanTable(*store_, *m, o));
  EXPECT_EQ(early->num_rows(), 2500);
  EXPECT_EQ(stats.row_groups_skipped, 7u);
  o.predicates = {P("at", CompareOp::kEq, std::make_shared<arrow::Date64Scalar>(cut))};
  OG_ASSIGN_OR_FAIL(auto exact, ScanTable(*store_, *m, o));
  EXPECT_EQ(ColumnString(*exact, "k"), "[\n  2500\n]");
  EXPECT_EQ(stats.row_groups_skipped, 9u);
}

TEST_F(TableScanTest, PruningNeverChangesResults) {
  OG_ASSIGN_OR_FAIL(auto m, SortedFragment(store_));
  std::mt19937 rng(42);
  const CompareOp ops[] = {CompareOp::kEq, CompareOp::kNe, CompareOp::kLt,
                           CompareOp::kLe, CompareOp::kGt, CompareOp::kGe};
  for (int trial = 0; trial < 30; ++trial) {
    ScanOptions o;
    o.columns = {"k"};
    int64_t v = static_cast<int64_t>(rng() % 11000) - 500;
    o.predicates = {P("k", ops[rng() % 6], std::make_shared<arrow::Int64Scalar>(v))};
    if (trial % 2)
      o.predicates.push_back(P("pad", ops[rng() % 6], Scalar(arrow::utf8(), "\"row-5\"")));
    OG_ASSIGN_OR_FAIL(auto pruned, ScanTable(*store_, *m, o));
    o.disable_pruning = true;
    OG_ASSIGN_OR_FAIL(auto full, ScanTable(*store_, *m, o));
    EXPECT_TRUE(TablesEqual(*pruned, *full)) << o.predicates[0].ToString();
  }
}

TEST_F(TableScanTest, DeletedRowsAreHiddenAndRowAddressesRoundTrip) {
  OG_ASSIGN_OR_FAIL(auto m, ThreeFragments());
  ScanOptions o;
  o.columns = {"id"};
  o.predicates = {P("age", CompareOp::kGe, I32(11)), P("age", CompareOp::kLe, I32(22))};
  o.with_row_address = true;
  OG_ASSIGN_OR_FAIL(auto hits, ScanTable(*store_, *m, o));
  EXPECT_EQ(hits->schema()->ToString(),
            "id: string not null\n_fragment: uint32 not null\n_offset: uint32 not null");
  OG_ASSIGN_OR_FAIL(auto addrs, RowAddressesOf(*hits));
  ASSERT_EQ(addrs.size(), 2u);
  EXPECT_EQ(addrs[0].cardinality(), 2u);  // b, c
  EXPECT_TRUE(addrs[0].contains(1));
  EXPECT_EQ(addrs[1].cardinality(), 2u);  // d, f
  EXPECT_TRUE(addrs[1].contains(2));

  OG_ASSIGN_OR_FAIL(auto w, TableWriter::Open(store_, m));
  OG_ASSERT_OK(w->DeleteRows(addrs));
  OG_ASSIGN_OR_FAIL(auto v2, w->Finish());
  EXPECT_EQ(v2->rows, 5u);
  EXPECT_EQ(Ids(*v2, {}), "aeghi");
  // Offsets stay the file's row numbers after deletes.
  o.predicates.clear();
  OG_ASSIGN_OR_FAIL(auto rest, ScanTable(*store_, *v2, o));
  EXPECT_EQ(ColumnString(*rest, "_fragment"), "[\n  0,\n  1,\n  2,\n  2,\n  2\n]");
  EXPECT_EQ(ColumnString(*rest, "_offset"), "[\n  0,\n  1,\n  0,\n  1,\n  2\n]");
  OG_ASSIGN_OR_FAIL(auto scan_table, ScanTable(*store_, *v2));
  EXPECT_EQ(RowAddressesOf(*scan_table).status().code(),
            StatusCode::BadRequest);
}

TEST_F(TableScanTest, DeletionVectorsCostOneReadPerScannedFragment) {
  OG_ASSIGN_OR_FAIL(auto m, ThreeFragments());
  OG_ASSIGN_OR_FAIL(auto w, TableWriter::Open(store_, m));
  Roaring r;
  r.add(0);
  OG_ASSERT_OK(w->DeleteRows(0, r));
  OG_ASSERT_OK(w->DeleteRows(2, r));
  OG_ASSIGN_OR_FAIL(auto v2, w->Finish());
  store_->stats().Reset();
  EXPECT_EQ(Ids(*v2, {}), "bcdefhi");
  EXPECT_EQ(store_->stats().Snapshot().reads, 3u + 2u);  // 3 fragments + 2 deletion vectors
  store_->stats().Reset();
  EXPECT_EQ(Ids(*v2, {P("age", CompareOp::kLt, I32(15))}), "bc");
  EXPECT_EQ(store_->stats().Snapshot().reads, 2u);  // fragment 0 and its deletion vector
}

TEST_F(TableScanTest, FragmentFilterAndEmptyTables) {
  OG_ASSIGN_OR_FAIL(auto m, ThreeFragments());
  ScanOptions o;
  o.columns = {"id"};
  o.fragment_ids = {2, 0, 77};
  OG_ASSIGN_OR_FAIL(auto some, ScanTable(*store_, *m, o));
  EXPECT_EQ(some->num_rows(), 6);
  OG_ASSIGN_OR_FAIL(auto w, TableWriter::Create(store_, "empty", PersonSchema()));
  OG_ASSIGN_OR_FAIL(auto empty, w->Finish());
  OG_ASSIGN_OR_FAIL(auto none, ScanTable(*store_, *empty));
  EXPECT_EQ(none->num_rows(), 0);
  EXPECT_TRUE(none->schema()->Equals(*PersonSchema()));
}

TEST_F(TableScanTest, MissingObjectsAreNotFoundNamingTheFragment) {
  OG_ASSIGN_OR_FAIL(auto m, ThreeFragments());
  OG_ASSERT_OK(store_->Delete(m->fragments[1].data_key));
  for (uint64_t small : {uint64_t{1} << 20, uint64_t{0}}) {
    ScanOptions o;
    o.small_fragment_bytes = small;
    auto r = ScanTable(*store_, *m, o);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::NotFound) << r.status().ToString();
  }
  ScanOptions o;
  o.small_fragment_bytes = 0;
  auto r = ScanTable(*store_, *m, o);
  EXPECT_NE(r.status().message().find("fragment 1"), std::string::npos) << r.status().ToString();
}

TEST_F(TableScanTest, DamagedFragmentsAreCorruption) {
  OG_ASSIGN_OR_FAIL(auto m, ThreeFragments());
  // Same size, wrong bytes.
  OG_ASSERT_OK(store_->Put(m->fragments[0].data_key, std::string(m->fragments[0].data_bytes, 'x')));
  // Truncated.
  OG_ASSIGN_OR_FAIL(std::string two, store_->Get(m->fragments[2].data_key));
  OG_ASSERT_OK(store_->Put(m->fragments[2].data_key, two.substr(0, two.size() / 2)));
  for (uint32_t frag : {0u, 2u}) {
    for (uint64_t small : {uint64_t{1} << 20, uint64_t{0}}) {
      ScanOptions o;
      o.fragment_ids = {frag};
      o.small_fragment_bytes = small;
      auto r = ScanTable(*store_, *m, o);
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.status().code(), StatusCode::Corruption) << r.status().ToString();
      EXPECT_NE(r.status().message().find(m->fragments[frag].data_key), std::string::npos)
          << r.status().ToString();
    }
  }
}

TEST_F(TableScanTest, ColumnsAddedLaterReadAsNull) {
  OG_ASSIGN_OR_FAIL(auto m, ThreeFragments());
  TableManifest evolved = *m;
  evolved.schema = arrow::schema({PersonSchema()->field(0), PersonSchema()->field(1),
                                  PersonSchema()->field(2), arrow::field("nick", arrow::utf8())});
  ScanOptions o;
  o.columns = {"id", "nick"};
  o.predicates = {P("age", CompareOp::kEq, I32(10))};
  OG_ASSIGN_OR_FAIL(auto t, ScanTable(*store_, evolved, o));
  EXPECT_EQ(ColumnString(*t, "nick"), "[\n  null\n]");
  o.predicates = {P("nick", CompareOp::kIsNull, nullptr)};
  OG_ASSIGN_OR_FAIL(auto all, ScanTable(*store_, evolved, o));
  EXPECT_EQ(all->num_rows(), 9);
  evolved.schema =
      arrow::schema({PersonSchema()->field(0), arrow::field("req", arrow::int32(), false)});
  ScanOptions req;
  req.columns = {"req"};
  EXPECT_EQ(ScanTable(*store_, evolved, req).status().code(), StatusCode::Corruption);
}

TEST(TableScanLocal, ScansFromALocalStoreWithRangedReads) {
  OG_ASSIGN_OR_FAIL(auto store, store::LocalStore::Open(std::string(OG_TEST_TMP_DIR) + "/table-scan/" + NewUlid()));
  OG_ASSIGN_OR_FAIL(auto m, SortedFragment(store));
  ScanOptions o;
  o.columns = {"k", "at"};
  o.small_fragment_bytes = 0;
  o.predicates = {P("k", CompareOp::kLt, std::make_shared<arrow::Int64Scalar>(3))};
  OG_ASSIGN_OR_FAIL(auto t, ScanTable(*store, *m, o));
  EXPECT_EQ(ColumnString(*t, "k"), "[\n  0,\n  1,\n  2\n]");
  EXPECT_EQ(static_cast<const arrow::Date64Array&>(*t->GetColumnByName("at")->chunk(0)).Value(1),
            1700000000000 + 3600 * 1000 + 17);
  // A reopened manifest scans the same.
  OG_ASSIGN_OR_FAIL(auto reread, ReadManifest(*store, m->key()));
  OG_ASSIGN_OR_FAIL(auto t2, ScanTable(*store, *reread, o));
  EXPECT_TRUE(TablesEqual(*t, *t2));
}

TEST_F(TableScanTest, ConcurrentScansOfOneManifest) {
  OG_ASSIGN_OR_FAIL(auto m, SortedFragment(store_));
  std::vector<std::thread> threads;
  std::atomic<int> bad{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        ScanOptions o;
        o.columns = {"k"};
        o.small_fragment_bytes = t % 2 ? 0 : (1 << 30);
        o.predicates = {
            P("k", CompareOp::kLt, std::make_shared<arrow::Int64Scalar>(100 * (t + 1)))};
        auto r = ScanTable(*store_, *m, o);
        if (!r.ok() || (*r)->num_rows() != 100 * (t + 1)) bad++;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
}

}  // namespace
}  // namespace og::table
