// Read queries run as streaming pipelines under resource limits (exec/executor.h): a `limit`
// without `order` stops the work as soon as enough rows exist, order + limit keeps only the top k,
// and whatever must be held (kept rows, sort buffers, groups) is charged to a working-memory budget
// whose overflow is a ResourceExhausted error — never an abort. A wall-time limit stops runaway
// queries the same way.
//
// The graph is the shape that crashed the old materialising executor: 20,000 nodes with three
// random out-edges each, where a 100-hop chain has ~3^100 bindings.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <sstream>

#include "common/status.h"
#include "common/testing.h"
#include "omnigraph/omnigraph.h"

namespace og {
namespace {

constexpr int kNodes = 20000;
constexpr const char* kSchema = R"(
node P { name: String @key  age: I32? }
edge Knows: P -> P
)";

// `query chain() { match { $v0: P  $v0 knows $v1 ... } return { <ret> } <tail> }`
std::string Chain(int hops, const std::string& ret, const std::string& tail) {
  std::ostringstream q;
  q << "query chain() { match { $v0: P";
  for (int i = 0; i < hops; ++i) q << " $v" << i << " knows $v" << i + 1;
  q << " } return { " << ret << " } " << tail << " }";
  return q.str();
}

const ResourceLimitDetail* LimitDetail(const Status& st) {
  return dynamic_cast<const ResourceLimitDetail*>(st.detail().get());
}

class QueryLimitsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto dir = std::filesystem::path(OG_TEST_TMP_DIR) / "engine-query-limits";
    std::filesystem::remove_all(dir);
    auto g = Graph::Init(dir.string(), kSchema, "s.pg");
    ASSERT_TRUE(g.ok()) << g.status().ToString();
    std::mt19937 rng(7);
    std::ostringstream data;
    for (int i = 0; i < kNodes; ++i) {
      data << R"({"type": "P", "data": {"name": "n)" << i << R"(", "age": )" << i % 90 << "}}\n";
    }
    for (int i = 0; i < kNodes; ++i) {
      for (int j = 0; j < 3; ++j) {
        data << R"({"edge": "Knows", "from": "n)" << i << R"(", "to": "n)" << rng() % kNodes << "\"}\n";
      }
    }
    auto loaded = (*g)->LoadText(data.str(), "chain.jsonl", LoadMode::kOverwrite, {});
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    graph_ = std::move(*g).release();
  }
  static void TearDownTestSuite() {
    delete graph_;
    graph_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(graph_, nullptr);
    graph_->SetQueryLimits({});
  }

  Result<QueryResult> Run(const std::string& query, int64_t memory_bytes = 0, int64_t timeout_ms = 0) {
    QueryLimits limits;
    limits.memory_bytes = memory_bytes;
    limits.timeout_ms = timeout_ms;
    graph_->SetQueryLimits(limits);
    return graph_->Query(query, "", nlohmann::json::object());
  }

  static Graph* graph_;
};

Graph* QueryLimitsTest::graph_ = nullptr;

TEST_F(QueryLimitsTest, HundredHopChainWithLimitStreamsUnderASmallBudget) {
  OG_ASSIGN_OR_FAIL(auto r, Run(Chain(100, "$v0.name, $v100.name", "limit 10"), 32 << 20));
  EXPECT_EQ(r.row_count(), 10);
}

TEST_F(QueryLimitsTest, HundredHopChainWithoutLimitStopsAtTheMemoryBudget) {
  auto r = Run(Chain(100, "$v0.name, $v100.name", ""), 32 << 20);
  ASSERT_EQ(r.status().code(), StatusCode::ResourceExhausted) << r.status().ToString();
  const ResourceLimitDetail* d = LimitDetail(r.status());
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->resource(), "query_memory_bytes");
  EXPECT_EQ(d->limit(), 32 << 20);
  EXPECT_GT(d->actual(), d->limit());
  EXPECT_NE(r.status().message().find("working-memory limit of 32.0 MiB"), std::string::npos)
      << r.status().message();
  // The handle keeps serving.
  OG_ASSIGN_OR_FAIL(auto after, Run(Chain(1, "$v0.name, $v1.name", "limit 3")));
  EXPECT_EQ(after.row_count(), 3);
}

TEST_F(QueryLimitsTest, LimitWithoutOrderReturnsTheFirstRowsOfTheFullAnswer) {
  OG_ASSIGN_OR_FAIL(auto all, Run(Chain(3, "$v0.name, $v3.name", "")));
  OG_ASSIGN_OR_FAIL(auto first, Run(Chain(3, "$v0.name, $v3.name", "limit 25")));
  ASSERT_GT(all.row_count(), 25);
  auto all_rows = all.RowsJson(), first_rows = first.RowsJson();
  ASSERT_EQ(first_rows.size(), 25u);
  for (size_t i = 0; i < 25; ++i) EXPECT_EQ(first_rows[i], all_rows[i]) << "row " << i;
}

TEST_F(QueryLimitsTest, OrderWithLimitKeepsOnlyTheTopRows) {
  const std::string ret = "$v0.name, $v2.name, $v2.age";
  const std::string order = "order { $v2.age desc, $v0.name } ";
  // ~180,000 two-hop rows: sorting them all needs more than 2 MiB; the top 7 do not.
  auto full = Run(Chain(2, ret, order), 2 << 20);
  EXPECT_EQ(full.status().code(), StatusCode::ResourceExhausted) << full.status().ToString();
  OG_ASSIGN_OR_FAIL(auto top, Run(Chain(2, ret, order + "limit 7"), 2 << 20));
  OG_ASSIGN_OR_FAIL(auto reference, Run(Chain(2, ret, order)));
  auto top_rows = top.RowsJson(), ref_rows = reference.RowsJson();
  ASSERT_EQ(top_rows.size(), 7u);
  for (size_t i = 0; i < 7; ++i) EXPECT_EQ(top_rows[i], ref_rows[i]) << "row " << i;
}

TEST_F(QueryLimitsTest, AggregateGroupsAreChargedToTheBudget) {
  const std::string q = Chain(1, "$v1.name, count($v0) as n", "");
  auto small = Run(q, 1 << 20);  // scan and traversal state fit; ~13,000 groups do not
  ASSERT_EQ(small.status().code(), StatusCode::ResourceExhausted) << small.status().ToString();
  EXPECT_NE(small.status().message().find("aggregate groups"), std::string::npos);
  OG_ASSIGN_OR_FAIL(auto ok, Run(q));
  EXPECT_GT(ok.row_count(), kNodes / 2);  // about 1 - e^-3 of the nodes have an in-edge
}

TEST_F(QueryLimitsTest, TimeLimitStopsARunawayQuery) {
  // count() keeps O(1) state, so only the time limit can stop 3^100 bindings.
  auto r = Run(Chain(100, "count($v100) as n", ""), 0, 200);
  ASSERT_EQ(r.status().code(), StatusCode::ResourceExhausted) << r.status().ToString();
  const ResourceLimitDetail* d = LimitDetail(r.status());
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->resource(), "query_time_ms");
  EXPECT_EQ(d->limit(), 200);
}

TEST_F(QueryLimitsTest, LimitZeroReturnsNoRows) {
  OG_ASSIGN_OR_FAIL(auto r, Run(Chain(2, "$v0.name", "limit 0")));
  EXPECT_EQ(r.row_count(), 0);
  EXPECT_EQ(r.columns, std::vector<std::string>{"v0.name"});
}

TEST_F(QueryLimitsTest, AMalformedLimitInTheEnvironmentIsNamed) {
  ASSERT_EQ(setenv("OMNIGRAPH_QUERY_MEMORY_LIMIT", "lots", 1), 0);
  auto r = Run(Chain(1, "$v0.name", "limit 1"));
  unsetenv("OMNIGRAPH_QUERY_MEMORY_LIMIT");
  ASSERT_EQ(r.status().code(), StatusCode::BadRequest);
  EXPECT_NE(r.status().message().find("OMNIGRAPH_QUERY_MEMORY_LIMIT"), std::string::npos);
  ASSERT_EQ(setenv("OMNIGRAPH_QUERY_MEMORY_LIMIT", "1KiB", 1), 0);
  auto tiny = Run(Chain(2, "$v0.name", ""));
  unsetenv("OMNIGRAPH_QUERY_MEMORY_LIMIT");
  EXPECT_EQ(tiny.status().code(), StatusCode::ResourceExhausted) << tiny.status().ToString();
}

}  // namespace
}  // namespace og
