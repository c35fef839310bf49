#include "index/sorted_strings.h"

#include <atomic>
#include <cstdio>
#include <map>
#include <random>

#include "common/testing.h"
#include "index/index_test_util.h"
#include "index/codec.h"

namespace og::index {
namespace {

using testing::CountingReader;

std::string Key(int i) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "key/%07d", i * 2);  // even numbers: odd ones are misses
  return buf;
}

std::string Value(int i) { return std::string(i % 17, static_cast<char>('a' + i % 26)) + std::to_string(i); }

std::string BuildTable(int n, std::string_view metadata = {}, SortedStringsOptions options = {}) {
  SortedStringsBuilder builder(options);
  for (int i = 0; i < n; ++i) EXPECT_TRUE(builder.Add(Key(i), Value(i)).ok());
  return builder.Finish(metadata);
}

// Guarantee: 100k entries round trip; every key is found with its value, every absent key (between
// keys, before the first, after the last, at every block boundary) is a miss, and each Find costs
// exactly one ranged read.
TEST(SortedStringsTest, RoundTrip100kFindHitsAndMisses) {
  constexpr int kN = 100000;
  std::string bytes = BuildTable(kN, "meta!");
  auto counting = std::make_shared<CountingReader>(MemoryRangeReader(bytes));
  OG_ASSIGN_OR_FAIL(auto table, SortedStringsReader::Open(counting));
  EXPECT_EQ(table->num_entries(), static_cast<uint64_t>(kN));
  EXPECT_EQ(table->metadata(), "meta!");
  EXPECT_GT(table->num_blocks(), 100u);
  for (int i = 0; i < kN; ++i) {
    int before = counting->reads;
    OG_ASSIGN_OR_FAIL(auto hit, table->Find(Key(i)));
    ASSERT_TRUE(hit.has_value()) << Key(i);
    ASSERT_EQ(*hit, Value(i));
    ASSERT_EQ(counting->reads - before, 1);
    char miss[32];
    std::snprintf(miss, sizeof(miss), "key/%07d", i * 2 + 1);
    OG_ASSIGN_OR_FAIL(auto absent, table->Find(miss));
    ASSERT_FALSE(absent.has_value()) << miss;
    OG_ASSIGN_OR_FAIL(auto absent2, table->Find(Key(i) + std::string(1, '\0')));  // just after a key
    ASSERT_FALSE(absent2.has_value());
    OG_ASSIGN_OR_FAIL(auto absent3, table->Find(Key(i).substr(0, Key(i).size() - 1)));  // just before
    ASSERT_FALSE(absent3.has_value());
  }
  OG_ASSIGN_OR_FAIL(auto first_miss, table->Find(""));
  EXPECT_FALSE(first_miss.has_value());
  OG_ASSIGN_OR_FAIL(auto last_miss, table->Find("zzz"));
  EXPECT_FALSE(last_miss.has_value());
}

// Guarantee: keys sitting exactly at block boundaries (first and last key of every block) are
// found, with tiny blocks so that there are thousands of boundaries.
TEST(SortedStringsTest, BlockBoundariesWithTinyBlocks) {
  for (size_t block_size : {1u, 7u, 64u, 333u}) {
    constexpr int kN = 3000;
    std::string bytes = BuildTable(kN, {}, {.block_size = block_size});
    OG_ASSIGN_OR_FAIL(auto table, SortedStringsReader::Open(MemoryRangeReader(bytes)));
    if (block_size == 1) EXPECT_EQ(table->num_blocks(), static_cast<size_t>(kN));  // one entry per block
    for (int i = 0; i < kN; ++i) {
      OG_ASSIGN_OR_FAIL(auto hit, table->Find(Key(i)));
      ASSERT_TRUE(hit.has_value()) << block_size << " " << i;
      ASSERT_EQ(*hit, Value(i));
      OG_ASSIGN_OR_FAIL(auto miss, table->Find(Key(i) + "x"));
      ASSERT_FALSE(miss.has_value());
    }
  }
}

// Guarantee: scans visit keys in order from a start key, prefix scans stop at the prefix's end, and
// a full scan reads in a few growing ranged reads rather than one per block.
TEST(SortedStringsTest, ScansAndReadEconomy) {
  constexpr int kN = 20000;
  std::string bytes = BuildTable(kN);
  auto counting = std::make_shared<CountingReader>(MemoryRangeReader(bytes));
  OG_ASSIGN_OR_FAIL(auto table, SortedStringsReader::Open(counting));
  int reads_after_open = counting->reads;

  int count = 0;
  std::string prev;
  OG_ASSERT_OK(table->ForEach([&](std::string_view k, std::string_view v) {
    EXPECT_EQ(k, Key(count));
    EXPECT_EQ(v, Value(count));
    ++count;
    return true;
  }));
  EXPECT_EQ(count, kN);
  int full_scan_reads = counting->reads - reads_after_open;
  EXPECT_LT(full_scan_reads, 12) << "blocks: " << table->num_blocks();

  std::vector<std::string> seen;
  OG_ASSERT_OK(table->ScanPrefix("key/00123", [&](std::string_view k, std::string_view) {
    seen.emplace_back(k);
    return true;
  }));
  std::vector<std::string> want;
  for (int i = 0; i < kN; ++i) {
    if (Key(i).rfind("key/00123", 0) == 0) want.push_back(Key(i));
  }
  EXPECT_EQ(seen, want);

  // Start between keys, stop early.
  seen.clear();
  OG_ASSERT_OK(table->Scan("key/0000101", [&](std::string_view k, std::string_view) {
    seen.emplace_back(k);
    return seen.size() < 3;
  }));
  EXPECT_EQ(seen, (std::vector<std::string>{Key(51), Key(52), Key(53)}));
}

// Guarantee: Open costs one read when the index fits the tail guess and at most two otherwise.
TEST(SortedStringsTest, OpenCostsAtMostTwoReads) {
  std::string bytes = BuildTable(100000, std::string(100, 'm'));
  {
    auto counting = std::make_shared<CountingReader>(MemoryRangeReader(bytes));
    OG_ASSIGN_OR_FAIL(auto table, SortedStringsReader::Open(counting, {.tail_read_bytes = 1 << 20}));
    EXPECT_EQ(counting->reads, 1);
  }
  {
    auto counting = std::make_shared<CountingReader>(MemoryRangeReader(bytes));
    OG_ASSIGN_OR_FAIL(auto table, SortedStringsReader::Open(counting, {.tail_read_bytes = 64}));
    EXPECT_EQ(counting->reads, 2);
    EXPECT_EQ(table->metadata(), std::string(100, 'm'));
    OG_ASSIGN_OR_FAIL(auto hit, table->Find(Key(77777)));
    EXPECT_EQ(hit, Value(77777));
  }
}

// Guarantee: a table is self-locating: it opens at the tail of a larger object.
TEST(SortedStringsTest, TableAtTheTailOfAnObject) {
  std::string table_bytes = BuildTable(500, "hdr");
  std::string object = std::string(12345, '\x7f') + table_bytes;
  OG_ASSIGN_OR_FAIL(auto table, SortedStringsReader::Open(MemoryRangeReader(object)));
  EXPECT_EQ(table->table_offset(), 12345u);
  EXPECT_EQ(table->table_size(), table_bytes.size());
  OG_ASSIGN_OR_FAIL(auto hit, table->Find(Key(499)));
  EXPECT_EQ(hit, Value(499));
}

// Guarantee: an empty table round trips; out-of-order or duplicate keys are refused.
TEST(SortedStringsTest, EmptyTableAndOrderEnforced) {
  SortedStringsBuilder builder;
  std::string bytes = builder.Finish("m");
  OG_ASSIGN_OR_FAIL(auto table, SortedStringsReader::Open(MemoryRangeReader(bytes)));
  EXPECT_EQ(table->num_entries(), 0u);
  EXPECT_EQ(table->metadata(), "m");
  OG_ASSIGN_OR_FAIL(auto miss, table->Find("x"));
  EXPECT_FALSE(miss.has_value());
  int visits = 0;
  OG_ASSERT_OK(table->ForEach([&](std::string_view, std::string_view) { return ++visits > 0; }));
  EXPECT_EQ(visits, 0);

  SortedStringsBuilder b2;
  OG_ASSERT_OK(b2.Add("b", "1"));
  EXPECT_EQ(b2.Add("b", "2").code(), StatusCode::BadRequest);
  EXPECT_EQ(b2.Add("a", "2").code(), StatusCode::BadRequest);
  EXPECT_EQ(b2.Add("", "x").code(), StatusCode::BadRequest);
}

// Reads everything the table holds; any error is returned.
Status ReadAll(const std::string& bytes, size_t* entries) {
  OG_ASSIGN_OR_RAISE(auto table, SortedStringsReader::Open(MemoryRangeReader(bytes), {.tail_read_bytes = 256}));
  *entries = 0;
  OG_RETURN_NOT_OK(table->ForEach([&](std::string_view, std::string_view) {
    ++*entries;
    return true;
  }));
  for (int i = 0; i < 50; ++i) OG_RETURN_NOT_OK(table->Find(Key(i * 7)).status());
  return Status::OK();
}

// Guarantee: any single flipped byte anywhere in the table is reported as Corruption (every byte is
// under a checksum or a checked field); truncation is Corruption; many random multi-byte flips and
// truncations never crash and never report anything but Corruption.
TEST(SortedStringsTest, CorruptedBytesAreCorruption) {
  const std::string good = BuildTable(2000, "metadata", {.block_size = 512});
  size_t entries = 0;
  OG_ASSERT_OK(ReadAll(good, &entries));
  ASSERT_EQ(entries, 2000u);
  std::mt19937_64 rng(20240611);
  for (int iter = 0; iter < 3000; ++iter) {
    std::string bad = good;
    size_t pos = rng() % bad.size();
    bad[pos] = static_cast<char>(bad[pos] ^ (1 + rng() % 255));
    Status st = ReadAll(bad, &entries);
    ASSERT_EQ(st.code(), StatusCode::Corruption) << "flip at " << pos << ": " << st.ToString();
  }
  for (int iter = 0; iter < 2000; ++iter) {
    std::string bad = good;
    int flips = 2 + static_cast<int>(rng() % 8);
    for (int f = 0; f < flips; ++f) bad[rng() % bad.size()] = static_cast<char>(rng());
    Status st = ReadAll(bad, &entries);
    ASSERT_TRUE(st.ok() || st.code() == StatusCode::Corruption) << st.ToString();
  }
  for (int iter = 0; iter < 1000; ++iter) {
    size_t keep = rng() % good.size();
    Status cut_tail = ReadAll(good.substr(0, keep), &entries);
    ASSERT_EQ(cut_tail.code(), StatusCode::Corruption) << "kept " << keep;
    Status cut_head = ReadAll(good.substr(good.size() - keep), &entries);
    ASSERT_EQ(cut_head.code(), StatusCode::Corruption) << "kept tail " << keep;
  }
}

// Guarantee: a crafted table whose checksums are valid but whose structure lies (block sizes past
// the index, huge counts) is still Corruption, and allocation stays bounded by the object's size.
TEST(SortedStringsTest, ValidChecksumsButBadStructure) {
  // Hand-build a footer claiming an index of 2^60 blocks.
  std::string index;
  codec::PutVarint64(&index, uint64_t{1} << 60);
  std::string bytes = index;
  std::string footer;
  codec::PutFixed64(&footer, index.size() + 56);
  codec::PutFixed64(&footer, 0);
  codec::PutFixed64(&footer, uint64_t{1} << 62);
  codec::PutFixed64(&footer, index.size());
  codec::PutFixed64(&footer, 0);
  codec::PutFixed32(&footer, codec::Crc32c(index));
  codec::PutFixed32(&footer, 1);
  codec::PutFixed32(&footer, codec::Crc32c(footer));
  codec::PutFixed32(&footer, 0x5353474Fu);
  bytes += footer;
  auto opened = SortedStringsReader::Open(MemoryRangeReader(bytes));
  EXPECT_EQ(opened.status().code(), StatusCode::Corruption);
  EXPECT_NE(opened.status().message().find("block count"), std::string::npos) << opened.status().ToString();
}

// Guarantee: the CRC-32C is the standard one (check value of "123456789").
TEST(CodecTest, Crc32cCheckValueAndVarints) {
  EXPECT_EQ(codec::Crc32c("123456789"), 0xE3069283u);
  EXPECT_EQ(codec::Crc32cExtendPortable(0, "123456789"), 0xE3069283u);
  std::mt19937 rng(3);
  for (int len = 0; len < 100; ++len) {  // the hardware path (when present) agrees with the portable one
    std::string s(len, '\0');
    for (auto& ch : s) ch = static_cast<char>(rng());
    EXPECT_EQ(codec::Crc32c(s), codec::Crc32cExtendPortable(0, s));
  }
  EXPECT_EQ(codec::Crc32c(""), 0u);
  std::string long_text(1000, 'q');
  EXPECT_EQ(codec::Crc32cExtend(codec::Crc32c(long_text.substr(0, 333)), long_text.substr(333)),
            codec::Crc32c(long_text));
  std::string buf;
  std::vector<uint64_t> values = {0, 1, 127, 128, 300, UINT32_MAX, uint64_t{1} << 63, UINT64_MAX};
  for (uint64_t v : values) codec::PutVarint64(&buf, v);
  codec::ByteCursor c(buf);
  for (uint64_t v : values) EXPECT_EQ(c.Varint64(), v);
  EXPECT_TRUE(c.ok());
  EXPECT_TRUE(c.empty());
  EXPECT_EQ(c.Varint64(), 0u);  // past the end: failed, sticky
  EXPECT_FALSE(c.ok());
  const std::string eleven_ff(11, '\xff');
  codec::ByteCursor overlong(eleven_ff);
  overlong.Varint64();
  EXPECT_FALSE(overlong.ok());
  codec::ByteCursor too_big_for_32("\xff\xff\xff\xff\x10");
  too_big_for_32.Varint32();
  EXPECT_FALSE(too_big_for_32.ok());
}

}  // namespace
}  // namespace og::index
