// Key section: id → (fragment, row) round-trips, misses are misses, a duplicate id is refused,
// and a lookup costs one ranged read once the section is open.
#include "index/key_section.h"

#include <gtest/gtest.h>

#include <atomic>

#include "common/testing.h"
#include "index/index_test_util.h"

namespace og::index {
namespace {

using testing::CountingReader;

TEST(KeySection, LookupsFindEveryIdInOneRead) {
  KeySectionBuilder b;
  for (uint32_t i = 0; i < 20000; ++i) b.Add("person-" + std::to_string(i * 7919 % 20000), i / 5000, i % 5000);
  OG_ASSIGN_OR_FAIL(std::string bytes, b.Finish());
  auto file = std::make_shared<CountingReader>(bytes);
  OG_ASSIGN_OR_FAIL(auto reader, KeySectionReader::Open(file));
  for (uint32_t i = 0; i < 20000; i += 997) {
    int before = file->reads.load();
    OG_ASSIGN_OR_FAIL(auto loc, reader->Find("person-" + std::to_string(i * 7919 % 20000)));
    ASSERT_TRUE(loc.has_value());
    EXPECT_EQ(*loc, (KeyLocation{i / 5000, i % 5000}));
    EXPECT_EQ(file->reads.load() - before, 1);
  }
  OG_ASSIGN_OR_FAIL(auto miss, reader->Find("person-x"));
  EXPECT_FALSE(miss.has_value());
}

TEST(KeySection, ADuplicateIdIsRefused) {
  KeySectionBuilder b;
  b.Add("a", 0, 0);
  b.Add("a", 1, 0);
  EXPECT_EQ(b.Finish().status().code(), StatusCode::BadRequest);
}

}  // namespace
}  // namespace og::index
