// Concurrent writers (bounded, deterministic in outcome): writers sharing one Graph queue per
// branch and all succeed; writers on separate handles (as separate processes would be) never lose
// each other's writes — writes of different entities (same table or not) all publish through an
// entity-level rebase, and races on the same entity end in one winner and Conflicts.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

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
node Person { name: String @key }
node Company { name: String @key }
)";
constexpr const char* kAddPerson = "query add($n: String) { insert Person { name: $n } }";
constexpr const char* kAddCompany = "query add($n: String) { insert Company { name: $n } }";

std::string FreshDir(const std::string& name) {
  auto dir = std::filesystem::path(OG_TEST_TMP_DIR) / ("concurrency-" + name);
  std::filesystem::remove_all(dir);
  return dir.string();
}

// The number of `type` entities; -1 (failing the test) when the count cannot be read.
int64_t CountOf(Graph& g, const std::string& type) {
  std::string q = "query q() { match { $x: " + type + " } return { count($x) as n } }";
  auto r = g.Query(q, "", nlohmann::json::object());
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return -1;
  return r->RowsJson().at(0)["n"].get<int64_t>();
}

TEST(Concurrency, WritersSharingOneGraphQueueAndAllSucceed) {
  OG_ASSIGN_OR_FAIL(auto g, Graph::Init(FreshDir("shared"), kSchema, "s.pg"));
  constexpr int kThreads = 4, kEach = 5;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto r = g->Mutate(kAddPerson, "", {{"n", Name("p", t, i)}});
        if (!r.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(CountOf(*g, "Person"), kThreads * kEach);
  OG_ASSIGN_OR_FAIL(auto commits, g->ListCommits());
  EXPECT_EQ(commits.size(), 1u + kThreads * kEach);  // one commit each
}

TEST(Concurrency, SeparateHandlesInsertingDifferentKeysOfOneTableAllPublish) {
  std::string dir = FreshDir("handles");
  OG_ASSERT_OK(Graph::Init(dir, kSchema, "s.pg"));
  constexpr int kHandles = 3, kRounds = 6;
  std::vector<std::unique_ptr<Graph>> handles;
  for (int h = 0; h < kHandles; ++h) {
    OG_ASSIGN_OR_FAIL(auto handle, Graph::Open(dir));
    handles.push_back(std::move(handle));
  }
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int h = 0; h < kHandles; ++h) {
    threads.emplace_back([&, h] {
      for (int i = 0; i < kRounds; ++i) {
        auto r = handles[h]->Mutate(kAddPerson, "", {{"n", Name("h", h, i)}});
        if (!r.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  // Key-level fencing: a lost publish race is rebased entity by entity, never a conflict here.
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(CountOf(*handles[0], "Person"), kHandles * kRounds);
  OG_ASSIGN_OR_FAIL(auto commits, handles[0]->ListCommits());
  EXPECT_EQ(commits.size(), 1u + kHandles * kRounds);
}

TEST(Concurrency, SeparateHandlesUpdatingTheSameKeyGetOneWinnerPerRaceAndLoseNothing) {
  std::string dir = FreshDir("same-key");
  OG_ASSIGN_OR_FAIL(auto g, Graph::Init(dir, R"(node Counter { name: String @key  n: I64 })", "s.pg"));
  OG_ASSERT_OK(g->Mutate("query q() { insert Counter { name: \"c\", n: 0 } }", "", {}));
  constexpr int kHandles = 3, kRounds = 8;
  std::vector<std::unique_ptr<Graph>> handles;
  for (int h = 0; h < kHandles; ++h) {
    OG_ASSIGN_OR_FAIL(auto handle, Graph::Open(dir));
    handles.push_back(std::move(handle));
  }
  std::atomic<int> ok{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  for (int h = 0; h < kHandles; ++h) {
    threads.emplace_back([&, h] {
      for (int i = 0; i < kRounds; ++i) {
        int64_t value = h * 100 + i;
        auto r = handles[h]->Mutate("query q($v: I64) { update Counter set { n: $v } where name = \"c\" }",
                                    "", {{"v", value}});
        if (r.ok()) ++ok;
        else if (r.status().IsConflict()) ++conflicts;
        else ++other;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(ok.load() + conflicts.load(), kHandles * kRounds);
  // Exactly the acknowledged updates were published, one commit each, and the row holds the last.
  OG_ASSIGN_OR_FAIL(auto commits, g->ListCommits());
  EXPECT_EQ(commits.size(), 2u + ok.load());
  OG_ASSIGN_OR_FAIL(auto changes, g->CommitChanges(commits[0].id));
  ASSERT_EQ(changes.size(), 1u);
  OG_ASSIGN_OR_FAIL(auto last, g->Query("query q() { match { $c: Counter } return { $c.n } }", "", {}));
  EXPECT_EQ(last.RowsJson()[0]["c.n"], changes[0].after["properties"]["n"]);
}

TEST(Concurrency, OptimizeRacingWritersOnAnotherHandleLosesNoWrite) {
  std::string dir = FreshDir("optimize");
  OG_ASSIGN_OR_FAIL(auto g, Graph::Init(dir, kSchema, "s.pg"));
  for (int i = 0; i < 10; ++i) OG_ASSERT_OK(g->Mutate(kAddPerson, "", {{"n", Name("seed", i)}}));
  OG_ASSIGN_OR_FAIL(auto writer, Graph::Open(dir));
  std::atomic<int> failures{0};
  std::thread t([&] {
    for (int i = 0; i < 10; ++i) {
      if (!writer->Mutate(kAddPerson, "", {{"n", Name("w", i)}}).ok()) ++failures;
    }
  });
  for (int i = 0; i < 3; ++i) {
    auto r = g->Optimize();
    if (!r.ok()) {
      EXPECT_TRUE(r.status().IsConflict()) << r.status().ToString();
    }
  }
  t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(CountOf(*g, "Person"), 20);
}

TEST(Concurrency, DisjointTablesOnSeparateHandlesBothPublish) {
  std::string dir = FreshDir("disjoint");
  OG_ASSERT_OK(Graph::Init(dir, kSchema, "s.pg"));
  OG_ASSIGN_OR_FAIL(auto a, Graph::Open(dir));
  OG_ASSIGN_OR_FAIL(auto b, Graph::Open(dir));
  constexpr int kEach = 8;
  std::atomic<int> failures{0};
  std::thread ta([&] {
    for (int i = 0; i < kEach; ++i) {
      if (!a->Mutate(kAddPerson, "", {{"n", Name("p", i)}}).ok()) ++failures;
    }
  });
  std::thread tb([&] {
    for (int i = 0; i < kEach; ++i) {
      if (!b->Mutate(kAddCompany, "", {{"n", Name("c", i)}}).ok()) ++failures;
    }
  });
  ta.join();
  tb.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(CountOf(*a, "Person"), kEach);
  EXPECT_EQ(CountOf(*a, "Company"), kEach);
}

}  // namespace
}  // namespace og
