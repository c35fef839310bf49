// Bad input through the embedded API never crashes the process and never changes the graph
// (issue: found by fuzzing the CLI):
// - JSONL with ill-formed UTF-8 in a string, or a value nested 1,000,000 deep, is refused with its
//   line number; what a load refuses leaves the graph byte-for-byte as it was;
// - a 1 MB bad value yields a short error;
// - a write that must read a fragment to check a key, an endpoint or a constraint, and cannot,
//   fails naming the object and publishes nothing. (A write whose check the table manifest's
//   statistics settle reads no fragment at all — that is the point of the statistics — so a
//   missing file it does not need is found by the next read of it, not by that write.)
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "common/testing.h"
#include "omnigraph/omnigraph.h"

namespace og {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSchema = R"(
node Person { name: String @key  email: String? @unique  role: enum(admin, member)? }
edge Knows: Person -> Person
)";

class InputHardeningTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(OG_TEST_TMP_DIR) /
           ("hardening-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    OG_ASSIGN_OR_FAIL(graph_, Graph::Init(dir_.string(), kSchema, "s.pg"));
    OG_ASSERT_OK(graph_->LoadText(R"({"type": "Person", "data": {"name": "bob", "email": "b@x"}}
{"type": "Person", "data": {"name": "dan", "email": "d@x"}}
)", "seed.jsonl", LoadMode::kOverwrite, {}));
  }

  // Every file under the root with its size: what "the graph is unchanged" means on disk.
  std::map<std::string, uintmax_t> Files() const {
    std::map<std::string, uintmax_t> out;
    for (const auto& e : fs::recursive_directory_iterator(dir_)) {
      if (e.is_regular_file()) out[fs::relative(e.path(), dir_).string()] = e.file_size();
    }
    return out;
  }

  std::string DataFile(const std::string& table_dir) const {
    for (const auto& e : fs::directory_iterator(dir_ / "tables" / table_dir / "data")) return e.path().string();
    return "";
  }

  fs::path dir_;
  std::unique_ptr<Graph> graph_;
};

TEST_F(InputHardeningTest, IllFormedUtf8InJsonlIsRefusedWithItsLine) {
  auto before = Files();
  auto r = graph_->LoadText("{\"type\": \"Person\", \"data\": {\"name\": \"ok\"}}\n"
                            "{\"type\": \"Person\", \"data\": {\"name\": \"caf\xE9\"}}\n",
                            "bad.jsonl", LoadMode::kAppend, {});
  ASSERT_EQ(r.status().code(), StatusCode::BadRequest) << r.status().ToString();
  EXPECT_NE(r.status().message().find("bad.jsonl:2"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("Invalid encoding"), std::string::npos) << r.status().message();
  EXPECT_EQ(Files(), before);
}

TEST_F(InputHardeningTest, DeeplyNestedJsonlValuesAreRefusedNotFollowed) {
  auto before = Files();
  // Deep enough to overflow a recursive parser's stack (8 MB) many times over.
  std::string line = R"({"type": "Person", "data": {"name": "x", "email": )" + std::string(1000000, '[') +
                     std::string(1000000, ']') + "}}\n";
  auto r = graph_->LoadText(line, "deep.jsonl", LoadMode::kAppend, {});
  ASSERT_EQ(r.status().code(), StatusCode::BadRequest) << r.status().ToString();
  EXPECT_NE(r.status().message().find("deep.jsonl:1"), std::string::npos);
  EXPECT_EQ(Files(), before);
}

TEST_F(InputHardeningTest, AMegabyteBadValueGivesAShortError) {
  std::string huge(1 << 20, 'z');
  auto r = graph_->LoadText(R"({"type": "Person", "data": {"name": "x", "role": ")" + huge + "\"}}\n",
                            "big.jsonl", LoadMode::kAppend, {});
  ASSERT_EQ(r.status().code(), StatusCode::BadRequest);
  EXPECT_LT(r.status().message().size(), 400u) << r.status().message().substr(0, 400);
  EXPECT_NE(r.status().message().find("invalid enum value"), std::string::npos);
  EXPECT_NE(r.status().message().find("(1048576 bytes)"), std::string::npos);
  // The same through a mutation parameter and a duplicate id.
  auto m = graph_->Mutate("query i($r: String) { insert Person { name: \"y\", role: $r } }", "",
                          {{"r", huge}});
  ASSERT_FALSE(m.ok());
  EXPECT_LT(m.status().message().size(), 400u) << m.status().message().substr(0, 400);
  std::string dup = R"({"type": "Person", "data": {"name": ")" + huge + "\"}}\n";
  auto d = graph_->LoadText(dup + dup, "dup.jsonl", LoadMode::kAppend, {});
  ASSERT_FALSE(d.ok());
  EXPECT_LT(d.status().message().size(), 400u) << d.status().message().substr(0, 400);
}

TEST_F(InputHardeningTest, AKeyCheckThatCannotReadItsFragmentFailsAndChangesNothing) {
  fs::remove(DataFile("node-Person"));
  auto before = Files();
  // "carl" lies between the fragment's smallest and largest id, so only the file can tell.
  auto r = graph_->Mutate(R"(query i() { insert Person { name: "carl" } })", "", nlohmann::json::object());
  ASSERT_EQ(r.status().code(), StatusCode::NotFound) << r.status().ToString();
  EXPECT_NE(r.status().message().find("tables/node-Person/data/"), std::string::npos) << r.status().message();
  EXPECT_EQ(Files(), before);
  auto load = graph_->LoadText(R"({"type": "Person", "data": {"name": "carl"}})", "a.jsonl",
                               LoadMode::kMerge, {});
  ASSERT_FALSE(load.ok());
  EXPECT_NE(load.status().message().find("tables/node-Person/data/"), std::string::npos);
  EXPECT_EQ(Files(), before);
}

TEST_F(InputHardeningTest, EndpointAndUniqueChecksThatCannotReadTheirFragmentFail) {
  std::string file = DataFile("node-Person");
  { std::ofstream(file, std::ios::trunc) << "not parquet"; }
  auto before = Files();
  auto edge = graph_->Mutate(R"(query e() { insert Knows { from: "bob", to: "dan" } })", "",
                             nlohmann::json::object());
  ASSERT_FALSE(edge.ok());
  EXPECT_EQ(edge.status().code(), StatusCode::Corruption) << edge.status().ToString();
  EXPECT_NE(edge.status().message().find(fs::path(file).filename().string()), std::string::npos)
      << edge.status().message();
  // @unique over email must see every live email, so it must read the file.
  auto unique = graph_->Mutate(R"(query u() { insert Person { name: "zed", email: "q@x" } })", "",
                               nlohmann::json::object());
  ASSERT_FALSE(unique.ok());
  EXPECT_EQ(unique.status().code(), StatusCode::Corruption) << unique.status().ToString();
  EXPECT_EQ(Files(), before);
}

TEST(InitHardening, AFailedInitLeavesNothingBehind) {
  auto dir = fs::path(OG_TEST_TMP_DIR) / "hardening-init";
  fs::remove_all(dir);
  // Invalid UTF-8 in a comment once aborted init after it had written _og/format.json.
  auto r = Graph::Init(dir.string(), "node P { name: String @key }  // caf\xE9\n", "s.pg");
  ASSERT_EQ(r.status().code(), StatusCode::BadRequest);
  EXPECT_NE(r.status().message().find("s.pg:1:37: parse error: invalid UTF-8"), std::string::npos)
      << r.status().message();
  EXPECT_FALSE(fs::exists(dir / "_og"));
  EXPECT_FALSE(fs::exists(dir / "schema"));
}

TEST_F(InputHardeningTest, QueryAndMutationErrorsNameTheirFile) {
  auto q = graph_->Query("query q() { match { $p: Persn } return { $p } }", "", {}, {}, "people.gq");
  ASSERT_EQ(q.status().code(), StatusCode::BadRequest);
  EXPECT_EQ(q.status().message().rfind("people.gq:1:", 0), 0u) << q.status().message();
  auto m = graph_->Mutate("query m() { insert Persn { name: \"x\" } }", "", {}, {}, "writes.gq");
  ASSERT_EQ(m.status().code(), StatusCode::BadRequest);
  EXPECT_EQ(m.status().message().rfind("writes.gq:1:", 0), 0u) << m.status().message();
}

}  // namespace
}  // namespace og
