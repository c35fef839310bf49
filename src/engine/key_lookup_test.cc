// Point lookups by @key on a cold handle go through the key sections of the table's index
// segments: the answer is the same as a scan's (deleted and replaced rows included), and the bytes
// read are a row group's, not the table's.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "common/testing.h"
#include "omnigraph/omnigraph.h"

namespace og {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSchema = "node P { name: String @key  age: I32? }\n";

std::string Name(int i) {
  std::string s = std::to_string(i * 7919 % 100000);
  return "n" + std::string(6 - s.size(), '0') + s;
}

TEST(KeyLookup, ColdPointLookupsUseTheKeySectionsAndAgreeWithScans) {
  auto dir = fs::path(OG_TEST_TMP_DIR) / "key-lookup";
  fs::remove_all(dir);
  {
    OG_ASSIGN_OR_FAIL(auto g, Graph::Init(dir.string(), kSchema, "s.pg"));
    for (int part = 0; part < 4; ++part) {  // four fragments, each spanning nearly every name
      std::ostringstream data;
      for (int i = part * 25000; i < (part + 1) * 25000; ++i) {
        data << R"({"type": "P", "data": {"name": ")" << Name(i) << R"(", "age": )" << i % 90 << "}}\n";
      }
      OG_ASSERT_OK(g->LoadText(data.str(), "p.jsonl", LoadMode::kMerge, {}).status());
    }
    OG_ASSERT_OK(g->Mutate("query d($n: String) { delete P where name = $n }", "", {{"n", Name(10)}}).status());
    OG_ASSERT_OK(g->Mutate("query u($n: String) { update P set { age: 777 } where name = $n }", "",
                           {{"n", Name(60000)}}).status());
  }
  const std::string q = "query q($n: String) { match { $p: P { name: $n } } return { $p.age } }";
  auto lookup = [&](const std::string& name, int64_t* bytes) -> std::string {
    auto g = Graph::Open(dir.string());  // a cold handle: nothing cached
    if (!g.ok()) return "<" + g.status().ToString() + ">";
    auto r = (*g)->Query(q, "", {{"n", name}});
    if (!r.ok()) return "<" + r.status().ToString() + ">";
    if (bytes) *bytes = nlohmann::json::parse((*g)->IoStatsJson())["bytes_read"].get<int64_t>();
    return r->row_count() == 0 ? "none" : r->RowsJson()[0]["p.age"].dump();
  };
  int64_t hit_bytes = 0;
  EXPECT_EQ(lookup(Name(12345), &hit_bytes), std::to_string(12345 % 90));
  EXPECT_EQ(lookup(Name(70001), nullptr), std::to_string(70001 % 90));
  EXPECT_EQ(lookup(Name(10), nullptr), "none");      // deleted
  EXPECT_EQ(lookup(Name(60000), nullptr), "777");    // replaced by an update
  EXPECT_EQ(lookup("no-such-name", nullptr), "none");
  // The table is ~100,000 rows in four fragments whose name ranges all hold the name, so a scan
  // would read every one; the key section leads to one fragment's row group.
  int64_t table_bytes = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir / "tables" / "node-P" / "data")) {
    table_bytes += static_cast<int64_t>(e.file_size());
  }
  EXPECT_LT(hit_bytes * 2, table_bytes) << hit_bytes << " of " << table_bytes;
}

}  // namespace
}  // namespace og
