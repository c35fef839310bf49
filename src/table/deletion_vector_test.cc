#include "table/deletion_vector.h"

#include <gtest/gtest.h>

#include "store/memory_store.h"
#include "table/table_test_util.h"

namespace og::table {
namespace {

TEST(DeletionVector, AddsRangesAndUnions) {
  DeletionVector dv;
  EXPECT_TRUE(dv.empty());
  dv.Add(7);
  dv.AddRange(10, 13);
  dv.AddRange(5, 5);  // empty range
  Roaring more;
  more.add(7);
  more.add(100);
  dv.Union(more);
  EXPECT_EQ(dv.cardinality(), 5u);
  EXPECT_EQ(dv.ToVector(), (std::vector<uint32_t>{7, 10, 11, 12, 100}));
  EXPECT_TRUE(dv.Contains(11));
  EXPECT_FALSE(dv.Contains(13));
  EXPECT_EQ(dv.maximum(), 100u);
}

TEST(DeletionVector, SerializesInThePortableRoaringFormat) {
  // An empty bitmap is the 4-byte cookie 12346 (SERIAL_COOKIE_NO_RUNCONTAINER) + a zero count.
  EXPECT_EQ(DeletionVector().Serialize(), std::string("\x3a\x30\x00\x00\x00\x00\x00\x00", 8));
  DeletionVector dv;
  dv.AddRange(0, 100000);  // becomes run containers
  for (uint32_t i = 200000; i < 200100; i += 3) dv.Add(i);
  dv.Add(4000000000u);
  std::string bytes = dv.Serialize();
  EXPECT_LT(bytes.size(), 1000u);
  auto back = DeletionVector::Deserialize(bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, dv);
  // The same bytes decode with CRoaring's own portable reader.
  Roaring direct = Roaring::readSafe(bytes.data(), bytes.size());
  EXPECT_EQ(direct, dv.bitmap());
}

TEST(DeletionVector, RejectsCorruptBytes) {
  DeletionVector dv;
  dv.AddRange(0, 50);
  std::string bytes = dv.Serialize();
  EXPECT_EQ(DeletionVector::Deserialize(bytes.substr(0, bytes.size() - 1)).status().code(),
            StatusCode::Corruption);
  EXPECT_EQ(DeletionVector::Deserialize(bytes + "x").status().code(), StatusCode::Corruption);
  EXPECT_EQ(DeletionVector::Deserialize("").status().code(), StatusCode::Corruption);
  EXPECT_EQ(DeletionVector::Deserialize("garbage!").status().code(), StatusCode::Corruption);
}

TEST(DeletionVector, ReadsAndWritesThroughTheStoreWithOneRequestEach) {
  auto store = store::MemoryStore::Create();
  DeletionVector dv;
  dv.Add(3);
  dv.Add(9);
  store->stats().Reset();
  OG_ASSERT_OK(dv.Write(*store, "tables/t/deletions/D1.roar"));
  auto back = DeletionVector::Read(*store, "tables/t/deletions/D1.roar");
  OG_ASSERT_OK(back);
  EXPECT_EQ(*back, dv);
  EXPECT_EQ(store->stats().Snapshot().writes, 1u);
  EXPECT_EQ(store->stats().Snapshot().reads, 1u);
  EXPECT_EQ(DeletionVector::Read(*store, "tables/t/deletions/none.roar").status().code(),
            StatusCode::NotFound);
  OG_ASSERT_OK(store->Put("tables/t/deletions/bad.roar", "nope"));
  auto bad = DeletionVector::Read(*store, "tables/t/deletions/bad.roar");
  EXPECT_EQ(bad.status().code(), StatusCode::Corruption);
  EXPECT_NE(bad.status().message().find("bad.roar"), std::string::npos);
}

}  // namespace
}  // namespace og::table
