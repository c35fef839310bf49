// The embedded API end to end on a local directory: init, load (one commit per load), reads at a
// branch head and at an older commit, failed loads leave the graph untouched, export round trip.
#include <arrow/table.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>

#include "common/testing.h"
#include "omnigraph/omnigraph.h"

namespace og {
namespace {

// "p3" / "p3-7". (Built with std::to_string appends: GCC 12 warns falsely about
// operator+ chains on temporaries here, -Wrestrict.)
std::string Name(const char* prefix, int a, int b = -1) {
  std::string out(prefix);
  out.append(std::to_string(a));
  if (b >= 0) out.append("-").append(std::to_string(b));
  return out;
}

constexpr const char* kSchema = R"(
node Person { name: String @key  age: I32? }
edge Knows: Person -> Person
)";

constexpr const char* kPeople = R"({"type": "Person", "data": {"name": "Alice", "age": 30}}
{"type": "Person", "data": {"name": "Bob", "age": 25}}
{"edge": "Knows", "from": "Alice", "to": "Bob"}
)";

constexpr const char* kCount = "query q() { match { $p: Person } return { count($p) as n } }";

class GraphTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(OG_TEST_TMP_DIR) /
           ("engine-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::remove_all(dir_);
    OG_ASSIGN_OR_FAIL(graph_, Graph::Init(dir_.string(), kSchema, "s.pg"));
  }

  int64_t Count(const ReadTarget& target = {}) {
    auto r = graph_->Query(kCount, "", nlohmann::json::object(), target);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->RowsJson()[0]["n"].get<int64_t>() : -1;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Graph> graph_;
};

TEST_F(GraphTest, EachLoadIsOneCommitAndOldCommitsStayReadable) {
  auto first = graph_->LoadText(kPeople, "a.jsonl", LoadMode::kOverwrite, {});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto second = graph_->LoadText(R"({"type": "Person", "data": {"name": "Carol"}})", "b.jsonl",
                                 LoadMode::kMerge, LoadOptions{"main", "ingest-bot", nullptr, ""});
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(Count(), 3);
  ReadTarget at_first;
  at_first.snapshot = first->commit_id;
  EXPECT_EQ(Count(at_first), 2);  // time travel to the first load

  OG_ASSIGN_OR_FAIL(auto commits, graph_->ListCommits("main"));
  ASSERT_EQ(commits.size(), 3u);
  EXPECT_EQ(commits[0].id, second->commit_id);
  EXPECT_EQ(commits[0].kind, "load");
  EXPECT_EQ(commits[0].actor, "ingest-bot");
  EXPECT_EQ(commits[0].parents, std::vector<std::string>{first->commit_id});
  EXPECT_EQ(commits[2].kind, "init");
  OG_ASSIGN_OR_FAIL(auto snap, graph_->Snapshot());
  EXPECT_EQ(snap.version, 2u);
}

TEST_F(GraphTest, LoadProgressIsReportedThroughTheCallbackUpToTheWholeInput) {
  std::vector<std::pair<size_t, size_t>> reports;
  LoadOptions options;
  options.progress = [&](size_t done, size_t total) { reports.emplace_back(done, total); };
  OG_ASSERT_OK(graph_->LoadText(kPeople, "a.jsonl", LoadMode::kOverwrite, options));
  ASSERT_FALSE(reports.empty());
  for (size_t i = 1; i < reports.size(); ++i) EXPECT_LE(reports[i - 1].first, reports[i].first);
  EXPECT_EQ(reports.back().first, reports.back().second);  // ends at the whole input
  EXPECT_GT(reports.back().second, 0u);
}

TEST_F(GraphTest, AFailedLoadChangesNothingAndTheNextLoadWorks) {
  OG_ASSERT_OK(graph_->LoadText(kPeople, "a.jsonl", LoadMode::kOverwrite, {}));
  OG_ASSIGN_OR_FAIL(auto before, graph_->Snapshot());
  auto bad = graph_->LoadText(
      "{\"type\": \"Person\", \"data\": {\"name\": \"Dan\"}}\n{\"edge\": \"Knows\", \"from\": \"Dan\", \"to\": \"Zed\"}\n",
      "bad.jsonl", LoadMode::kMerge, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bad.jsonl:2:"), std::string::npos) << bad.status().message();
  OG_ASSIGN_OR_FAIL(auto after, graph_->Snapshot());
  EXPECT_EQ(after.commit_id, before.commit_id);
  EXPECT_EQ(Count(), 2);
  OG_ASSERT_OK(graph_->LoadText(R"({"type": "Person", "data": {"name": "Dan"}})", "c.jsonl",
                               LoadMode::kMerge, {}));
  EXPECT_EQ(Count(), 3);
}

TEST_F(GraphTest, ReopenSeesTheSameGraphAndExportRoundTrips) {
  OG_ASSERT_OK(graph_->LoadText(kPeople, "a.jsonl", LoadMode::kOverwrite, {}));
  std::ostringstream exported;
  OG_ASSERT_OK(graph_->Export({}, {}, exported));
  graph_.reset();
  OG_ASSIGN_OR_FAIL(graph_, Graph::Open(dir_.string()));
  EXPECT_EQ(Count(), 2);
  std::filesystem::path copy = dir_.string() + "-copy";
  std::filesystem::remove_all(copy);
  OG_ASSIGN_OR_FAIL(auto g2, Graph::Init(copy.string(), kSchema, "s.pg"));
  OG_ASSERT_OK(g2->LoadText(exported.str(), "export.jsonl", LoadMode::kOverwrite, {}));
  std::ostringstream again;
  OG_ASSERT_OK(g2->Export({}, {}, again));
  EXPECT_EQ(again.str(), exported.str());
}

TEST_F(GraphTest, AWarmReadOfAnUnchangedHeadCostsOneFreshnessCheck) {
  OG_ASSERT_OK(graph_->LoadText(kPeople, "a.jsonl", LoadMode::kOverwrite, {}));
  const char* q = "query q() { match { $p: Person  $p knows $f } return { $p.name, $f.name } }";
  OG_ASSERT_OK(graph_->Query(q, "", nlohmann::json::object()));  // warms every cache
  auto before = nlohmann::json::parse(graph_->IoStatsJson());
  OG_ASSERT_OK(graph_->Query(q, "", nlohmann::json::object()));
  auto after = nlohmann::json::parse(graph_->IoStatsJson());
  EXPECT_EQ(after["lists"].get<int>() - before["lists"].get<int>(), 1);  // the head check
  EXPECT_EQ(after["reads"].get<int>() - before["reads"].get<int>(), 0);
  EXPECT_EQ(after["writes"].get<int>() - before["writes"].get<int>(), 0);
}

TEST_F(GraphTest, ASingleRowInsertCostsAFewRequestsFlatInHistoryDepth) {
  auto requests_of_insert = [&](int i) {
    auto before = nlohmann::json::parse(graph_->IoStatsJson());
    auto r = graph_->Mutate("query a($n: String) { insert Person { name: $n } }", "",
                            {{"n", Name("p", i)}});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    auto after = nlohmann::json::parse(graph_->IoStatsJson());
    int total = 0;
    for (const char* k : {"reads", "writes", "lists", "deletes"}) {
      total += after[k].get<int>() - before[k].get<int>();
    }
    // fragment, index segment (Person has a @key: its key section), manifest, commit, ref
    EXPECT_EQ(after["writes"].get<int>() - before["writes"].get<int>(), 5);
    return total;
  };
  std::map<int, int> cost;
  for (int i = 1; i <= 100; ++i) {
    int c = requests_of_insert(i);
    if (i == 10 || i == 100) cost[i] = c;
  }
  EXPECT_LE(cost[10], 8);
  EXPECT_EQ(cost[100], cost[10]);  // flat: the id lookup prunes every older fragment
}

TEST_F(GraphTest, OptimizeCompactsFragmentsInOneCommitThatChangesNoEntity) {
  for (int i = 0; i < 12; ++i) {
    OG_ASSERT_OK(graph_->Mutate("query a($n: String) { insert Person { name: $n } }", "",
                               {{"n", Name("p", i)}}));
  }
  OG_ASSERT_OK(graph_->Mutate("query d() { delete Person where name = \"p3\" }", "", {}));
  std::ostringstream before, after;
  OG_ASSERT_OK(graph_->Export({}, {}, before));
  OG_ASSIGN_OR_FAIL(auto snap, graph_->Snapshot());
  std::string head = snap.commit_id;
  auto r = graph_->Optimize("main", "janitor");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->tables.size(), 1u);
  EXPECT_EQ(r->tables[0].table_key, "node:Person");
  EXPECT_EQ(r->tables[0].fragments_before, 11u);  // the one-row fragment of p3 was dropped
  EXPECT_EQ(r->tables[0].fragments_after, 1u);
  OG_ASSIGN_OR_FAIL(auto commit, graph_->ShowCommit(r->commit_id));
  EXPECT_EQ(commit.kind, "optimize");
  EXPECT_EQ(commit.actor, "janitor");
  OG_ASSIGN_OR_FAIL(auto changes, graph_->CommitChanges(r->commit_id));
  EXPECT_TRUE(changes.empty());
  OG_ASSERT_OK(graph_->Export({}, {}, after));
  EXPECT_EQ(after.str(), before.str());
  ReadTarget old;
  old.snapshot = head;
  EXPECT_EQ(Count(old), 11);  // the pre-optimize version still reads
  // Nothing left to do: no commit.
  OG_ASSIGN_OR_FAIL(auto again, graph_->Optimize());
  EXPECT_TRUE(again.commit_id.empty());
}

TEST_F(GraphTest, QueryErrorsComeBackAsBadRequest) {
  auto r = graph_->Query("query q($n: String) { match { $p: Person { name: $n } } return { $p } }",
                         "", nlohmann::json::object());
  EXPECT_TRUE(r.status().IsBadRequest());
  EXPECT_NE(r.status().message().find("parameter 'n' not provided"), std::string::npos);
  auto unknown = graph_->Query(kCount, "other", nlohmann::json::object());
  EXPECT_TRUE(unknown.status().IsNotFound());
  auto mutation = graph_->Query("query m() { insert Person { name: \"x\" } }", "", {});
  EXPECT_NE(mutation.status().message().find("mutation"), std::string::npos);
}

}  // namespace
}  // namespace og
