// SegmentFile: sections round-trip by (kind, column); Open costs one ranged read; any corruption
// of the bytes is Corruption (or detected by the section checksum), never a crash.
#include "index/segment_file.h"

#include <gtest/gtest.h>

#include <atomic>
#include <random>

#include "common/testing.h"
#include "index/index_test_util.h"

namespace og::index {
namespace {

using testing::CountingReader;

std::string TwoSections() {
  SegmentWriter w;
  EXPECT_TRUE(w.AddSection(SectionKind::kFullText, "title", "postings of title").ok());
  EXPECT_TRUE(w.AddSection(SectionKind::kVector, "embedding", std::string(1000, 'v')).ok());
  return std::move(w).Finish();
}

TEST(SegmentFile, SectionsRoundTripAndOpenIsOneRead) {
  auto reader = std::make_shared<CountingReader>(TwoSections());
  OG_ASSIGN_OR_FAIL(auto seg, SegmentReader::Open(reader));
  EXPECT_EQ(reader->reads.load(), 1);
  ASSERT_EQ(seg->sections().size(), 2u);
  const SectionInfo* title = seg->Find(SectionKind::kFullText, "title");
  ASSERT_NE(title, nullptr);
  EXPECT_EQ(seg->Find(SectionKind::kVector, "title"), nullptr);
  OG_ASSIGN_OR_FAIL(std::string payload, seg->ReadVerified(*title));
  EXPECT_EQ(payload, "postings of title");
  auto part = seg->SectionBytes(*seg->Find(SectionKind::kVector, "embedding"));
  EXPECT_EQ(part->size(), 1000u);
  OG_ASSIGN_OR_FAIL(std::string some, part->Read(990, 10));
  EXPECT_EQ(some, std::string(10, 'v'));
  EXPECT_EQ(part->Read(995, 10).status().code(), StatusCode::Corruption);  // stays in its window
}

TEST(SegmentFile, ADuplicateSectionIsRefused) {
  SegmentWriter w;
  OG_ASSERT_OK(w.AddSection(SectionKind::kFullText, "a", "x"));
  EXPECT_FALSE(w.AddSection(SectionKind::kFullText, "a", "y").ok());
}

TEST(SegmentFile, CorruptBytesNeverCrash) {
  const std::string good = TwoSections();
  std::mt19937 rng(42);
  int opened = 0, verified = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    std::string bad = good;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) bad[rng() % bad.size()] ^= static_cast<char>(1 + rng() % 255);
    if (rng() % 4 == 0) bad.resize(rng() % bad.size());
    auto seg = SegmentReader::Open(MemoryRangeReader(bad));
    if (!seg.ok()) {
      EXPECT_EQ(seg.status().code(), StatusCode::Corruption) << seg.status().ToString();
      continue;
    }
    ++opened;
    for (const auto& s : (*seg)->sections()) {
      auto payload = (*seg)->ReadVerified(s);
      if (payload.ok()) ++verified;
      else EXPECT_EQ(payload.status().code(), StatusCode::Corruption);
    }
  }
  // Flips inside payloads leave the directory intact: those open, and the checksum catches them.
  EXPECT_GT(opened, 0);
  EXPECT_GT(verified, 0);
}

}  // namespace
}  // namespace og::index
