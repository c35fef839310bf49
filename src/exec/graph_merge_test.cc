// The merge engine at plan level, with deterministic interleavings: a write staged on an old head
// and published after another writer (the key-level rebase), and three-way merges of two
// versions of the graph — the truth table of tests-and-perf.md §1.7 cell by cell.
#include "exec/graph_merge.h"

#include <arrow/api.h>
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <tuple>

#include "common/arrow_util.h"
#include "common/testing.h"
#include "exec/entity_delta.h"
#include "exec/mutation.h"
#include "exec/table_access.h"
#include "lang/gq_check.h"
#include "lang/gq_parser.h"
#include "store/store_factory.h"

namespace og::exec {
namespace {

constexpr const char* kSchema = R"(
node Person { name: String @key  age: I32?  email: String? @unique }
node Company { name: String @key }
edge Knows: Person -> Person
edge WorksAt: Person -> Company @card(0..1)
)";

class GraphMergeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int n = 0;
    OG_ASSIGN_OR_FAIL(auto s, store::OpenStore("memory://graph-merge-test-" + std::to_string(++n)));
    OG_ASSIGN_OR_FAIL(graph_, graph::GraphStore::Init(s, kSchema, "s.pg"));
    OG_ASSERT_OK(CommitOn("main", R"(query seed() {
      insert Person { name: "alice", age: 30 }
      insert Person { name: "bob", age: 40 }
      insert Company { name: "acme" }
      insert Knows { from: "alice", to: "bob" }
    })"));
  }

  Result<graph::Snapshot> Head(const std::string& branch = "main") {
    return graph_->OpenBranch(branch);
  }

  Result<StagedMutation> Stage(const graph::Snapshot& on, const std::string& gq) {
    OG_ASSIGN_OR_RAISE(lang::QueryFile file, lang::ParseQueries(gq, "t.gq"));
    if (file.queries.empty()) return Status::BadRequest("no query in ", gq);
    OG_ASSIGN_OR_RAISE(auto checked, lang::Typecheck(file.queries[0], *on.catalog));
    OG_ASSIGN_OR_RAISE(auto bound, lang::BindParams(file.queries[0], nlohmann::json::object()));
    return StageMutation(*graph_, on, checked, bound, 0);
  }

  // Stage on `on` and publish at once (no race).
  Result<graph::Snapshot> Commit(const graph::Snapshot& on, const std::string& gq) {
    OG_ASSIGN_OR_RAISE(StagedMutation staged, Stage(on, gq));
    return graph_->Publish(on, staged.request);
  }

  // Commit on the head of `branch`.
  Result<graph::Snapshot> CommitOn(const std::string& branch, const std::string& gq) {
    OG_ASSIGN_OR_RAISE(graph::Snapshot head, Head(branch));
    return Commit(head, gq);
  }

  // Create branch "feature" at main's head and return the fork point.
  Result<graph::Snapshot> Fork() {
    OG_ASSIGN_OR_RAISE(graph::Snapshot head, Head());
    return graph_->CreateBranch("feature", head);
  }

  // Stage `gq` on `stale`, then publish it after others moved the branch: the rebase decides.
  Result<graph::Snapshot> PublishLate(const graph::Snapshot& stale, StagedMutation staged) {
    staged.request.rebase = RebaseWrite(*graph_, stale, staged.request.updated);
    return graph_->Publish(stale, staged.request);
  }

  Result<std::vector<std::string>> Ids(const graph::Snapshot& s, const std::string& table) {
    OG_ASSIGN_OR_RAISE(auto t, ReadTable(*graph_, s, table, {"id"}));
    std::vector<std::string> out;
    if (t->num_rows() == 0) return out;
    auto ids = std::static_pointer_cast<arrow::StringArray>(t->column(0)->chunk(0));
    for (int64_t i = 0; i < ids->length(); ++i) out.emplace_back(ids->GetView(i));
    std::sort(out.begin(), out.end());
    return out;
  }

  // Merge branch `source` into main (merge base = the commit the branch was created at).
  Result<MergeOutcome> MergeIntoMain(const graph::Snapshot& fork_point, const std::string& source) {
    OG_ASSIGN_OR_RAISE(graph::Snapshot source_head, Head(source));
    OG_ASSIGN_OR_RAISE(graph::Snapshot main_head, Head("main"));
    return MergeSnapshots(*graph_, fork_point, source_head, main_head);
  }

  std::unique_ptr<graph::GraphStore> graph_;
};

// ---- key-level fencing (issue 3) ----------------------------------------------------------------

TEST_F(GraphMergeTest, ConcurrentInsertsOfDifferentKeysIntoOneTableBothPublish) {
  OG_ASSIGN_OR_FAIL(graph::Snapshot stale, Head());
  OG_ASSIGN_OR_FAIL(auto late, Stage(stale, R"(query q() { insert Person { name: "carol" } })"));
  OG_ASSERT_OK(CommitOn("main", R"(query q() { insert Person { name: "dave" } })"));
  auto published = PublishLate(stale, std::move(late));
  ASSERT_TRUE(published.ok()) << published.status().ToString();
  OG_ASSIGN_OR_FAIL(graph::Snapshot head, Head());
  OG_ASSIGN_OR_FAIL(auto ids, Ids(head, "node:Person"));
  EXPECT_EQ(ids, (std::vector<std::string>{"alice", "bob", "carol", "dave"}));
  EXPECT_EQ(published->commit->parents.size(), 1u);
}

TEST_F(GraphMergeTest, ConcurrentWritesOfTheSameKeyConflictNamingTheTable) {
  OG_ASSIGN_OR_FAIL(graph::Snapshot stale, Head());
  OG_ASSIGN_OR_FAIL(auto late, Stage(stale, R"(query q() { update Person set { age: 1 } where name = "alice" })"));
  OG_ASSERT_OK(CommitOn("main", R"(query q() { update Person set { age: 2 } where name = "alice" })"));
  OG_ASSIGN_OR_FAIL(graph::Snapshot before, Head());
  auto published = PublishLate(stale, std::move(late));
  ASSERT_TRUE(published.status().IsConflict()) << published.status().ToString();
  auto* detail = static_cast<const ConflictDetail*>(published.status().detail().get());
  ASSERT_NE(detail, nullptr);
  EXPECT_EQ(detail->table(), "node:Person");
  EXPECT_LT(detail->expected_version(), detail->actual_version());
  EXPECT_NE(published.status().message().find("alice"), std::string::npos);
  OG_ASSIGN_OR_FAIL(graph::Snapshot after, Head());
  EXPECT_EQ(after.commit->id, before.commit->id);  // nothing published
}

TEST_F(GraphMergeTest, IdenticalConcurrentUpsertsOfOneKeyStillConflict) {
  OG_ASSIGN_OR_FAIL(graph::Snapshot stale, Head());
  OG_ASSIGN_OR_FAIL(auto late, Stage(stale, R"(query q() { insert Person { name: "erin", age: 9 } })"));
  OG_ASSERT_OK(CommitOn("main", R"(query q() { insert Person { name: "erin", age: 9 } })"));
  EXPECT_TRUE(PublishLate(stale, std::move(late)).status().IsConflict());
}

TEST_F(GraphMergeTest, RebasedEdgeInsertToANodeDeletedMeanwhileIsRefused) {
  OG_ASSIGN_OR_FAIL(graph::Snapshot stale, Head());
  OG_ASSIGN_OR_FAIL(auto late, Stage(stale, R"(query q() { insert Knows { from: "bob", to: "alice" } })"));
  OG_ASSERT_OK(CommitOn("main", R"(query q() { delete Person where name = "alice" })"));
  auto published = PublishLate(stale, std::move(late));
  ASSERT_TRUE(published.status().IsConflict()) << published.status().ToString();
  EXPECT_NE(published.status().message().find("orphan_edge"), std::string::npos);
  OG_ASSIGN_OR_FAIL(graph::Snapshot head, Head());
  OG_ASSIGN_OR_FAIL(auto edges, Ids(head, "edge:Knows"));
  EXPECT_TRUE(edges.empty());  // the cascade's result stands
}

TEST_F(GraphMergeTest, RebasedUniqueValueTakenMeanwhileIsRefused) {
  OG_ASSIGN_OR_FAIL(graph::Snapshot stale, Head());
  OG_ASSIGN_OR_FAIL(auto late, Stage(stale, R"(query q() { insert Person { name: "x1", email: "e@x" } })"));
  OG_ASSERT_OK(CommitOn("main", R"(query q() { insert Person { name: "x2", email: "e@x" } })"));
  auto published = PublishLate(stale, std::move(late));
  ASSERT_TRUE(published.status().IsConflict()) << published.status().ToString();
  EXPECT_NE(published.status().message().find("@unique"), std::string::npos);
}

TEST_F(GraphMergeTest, RebasedCardinalityIsCheckedOnTheCombinedEdges) {
  OG_ASSIGN_OR_FAIL(graph::Snapshot stale, Head());
  OG_ASSIGN_OR_FAIL(auto late, Stage(stale, R"(query q() { insert WorksAt { from: "bob", to: "acme" } })"));
  OG_ASSERT_OK(CommitOn("main", R"(query q() {
    insert Company { name: "initech" }
    insert WorksAt { from: "bob", to: "initech" }
  })"));
  auto published = PublishLate(stale, std::move(late));
  ASSERT_TRUE(published.status().IsConflict()) << published.status().ToString();
  EXPECT_NE(published.status().message().find("@card"), std::string::npos);
}

TEST_F(GraphMergeTest, ConditionalWriteThatLostTheRaceIsAPreconditionFailure) {
  OG_ASSIGN_OR_FAIL(graph::Snapshot stale, Head());
  OG_ASSIGN_OR_FAIL(auto late, Stage(stale, R"(query q() { insert Person { name: "carol" } })"));
  OG_ASSERT_OK(CommitOn("main", R"(query q() { insert Person { name: "dave" } })"));
  late.request.require_base_head = true;
  auto published = graph_->Publish(stale, late.request);
  EXPECT_EQ(published.status().code(), StatusCode::PreconditionFailed);
}

// ---- three-way merge truth table (tests-and-perf.md §1.7) ------------------------------------------

struct Cell {
  const char* name;
  const char* source_op;  // run on the branch
  const char* target_op;  // run on main
  const char* conflict;   // expected conflict kind, or "" for a clean merge
};

class MergeTruthTable : public GraphMergeTest, public ::testing::WithParamInterface<Cell> {};

TEST_P(MergeTruthTable, Cell) {
  const Cell& cell = GetParam();
  OG_ASSIGN_OR_FAIL(graph::Snapshot fork, Fork());
  OG_ASSERT_OK(CommitOn("feature", cell.source_op));
  OG_ASSERT_OK(CommitOn("main", cell.target_op));
  auto merged = MergeIntoMain(fork, "feature");
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  if (std::string(cell.conflict).empty()) {
    EXPECT_TRUE(merged->conflicts.empty()) << SummarizeConflicts(merged->conflicts);
  } else {
    ASSERT_FALSE(merged->conflicts.empty()) << cell.name;
    EXPECT_EQ(merged->conflicts[0].kind, cell.conflict) << merged->conflicts[0].message;
  }
}

constexpr const char* kAddEve = R"(query q() { insert Person { name: "eve", age: 1 } })";
constexpr const char* kAddEve2 = R"(query q() { insert Person { name: "eve", age: 2 } })";
constexpr const char* kSetAlice50 = R"(query q() { update Person set { age: 50 } where name = "alice" })";
constexpr const char* kSetAlice60 = R"(query q() { update Person set { age: 60 } where name = "alice" })";
constexpr const char* kDelAlice = R"(query q() { delete Person where name = "alice" })";
constexpr const char* kDelBob = R"(query q() { delete Person where name = "bob" })";
constexpr const char* kAddKnowsBobAlice = R"(query q() { insert Knows { from: "bob", to: "alice" } })";
constexpr const char* kDelKnows = R"(query q() { delete Knows where from = "alice" })";
constexpr const char* kSetBob1 = R"(query q() { update Person set { age: 1 } where name = "bob" })";
constexpr const char* kNetZeroAlice = R"(query q() { insert Person { name: "alice", age: 30 } })";
constexpr const char* kNetZeroEdge = R"(query q() {
  insert Knows { from: "bob", to: "alice" }
  delete Knows where from = "bob"
})";

INSTANTIATE_TEST_SUITE_P(
    Cells, MergeTruthTable,
    ::testing::Values(
        Cell{"addNode_x_addNode_divergent", kAddEve, kAddEve2, "divergent_insert"},
        Cell{"addNode_x_addNode_identical", kAddEve, kAddEve, ""},
        Cell{"setProperty_x_setProperty_divergent", kSetAlice50, kSetAlice60, "divergent_update"},
        Cell{"setProperty_x_setProperty_identical", kSetAlice50, kSetAlice50, ""},
        Cell{"removeNode_x_setProperty", kDelAlice, kSetAlice50, "delete_vs_update"},
        Cell{"setProperty_x_removeNode", kSetAlice50, kDelAlice, "delete_vs_update"},
        Cell{"removeNode_x_addEdge", kDelAlice, kAddKnowsBobAlice, "orphan_edge"},
        Cell{"addEdge_x_removeNode", kAddKnowsBobAlice, kDelAlice, "orphan_edge"},
        Cell{"removeNode_x_removeNode", kDelAlice, kDelAlice, ""},
        Cell{"removeEdge_x_removeEdge", kDelKnows, kDelKnows, ""},
        Cell{"addEdge_x_addEdge_keeps_both", kAddKnowsBobAlice, kAddKnowsBobAlice, ""},
        Cell{"addNode_x_removeNode_disjoint", kAddEve, kDelBob, ""},
        Cell{"setProperty_x_addEdge_same_node", kSetBob1, kAddKnowsBobAlice, ""},
        Cell{"setProperty_x_setProperty_disjoint", kSetAlice50, kSetBob1, ""},
        Cell{"netZeroUpsert_x_setProperty", kNetZeroAlice, kSetAlice50, ""},
        Cell{"netZeroEdge_x_removeNode", kNetZeroEdge, kDelBob, ""},
        Cell{"removeNode_x_netZeroEdge", kDelAlice, kNetZeroEdge, ""}),
    [](const ::testing::TestParamInfo<Cell>& info) { return std::string(info.param.name); });

// The full matrix of tests-and-perf.md §1.7 over the ops this design supports (7 × 7 = 49 cells;
// dropProperty / addLabel / removeLabel are schema operations, not data writes): the expected
// outcome of every cell, and for every clean cell the merged content = base + both sides' changes.
struct Op {
  const char* name;
  const char* on_source;  // the source variant
  const char* on_target;  // the target variant (different values where values can differ)
};

const Op kOps[] = {
    {"noop", nullptr, nullptr},
    {"addNode", R"(query q() { insert Person { name: "eve", age: 1 } })",
     R"(query q() { insert Person { name: "eve", age: 2 } })"},
    {"removeNode", R"(query q() { delete Person where name = "alice" })",
     R"(query q() { delete Person where name = "alice" })"},
    {"addEdge", R"(query q() { insert Knows { from: "bob", to: "alice" } })",
     R"(query q() { insert Knows { from: "bob", to: "alice" } })"},
    {"removeEdge", R"(query q() { delete Knows where from = "alice" })",
     R"(query q() { delete Knows where from = "alice" })"},
    {"setProperty", R"(query q() { update Person set { age: 50 } where name = "alice" })",
     R"(query q() { update Person set { age: 60 } where name = "alice" })"},
    {"netZeroEdge", R"(query q() { insert Knows { from: "bob", to: "alice" }  delete Knows where from = "bob" })",
     R"(query q() { insert Knows { from: "bob", to: "alice" }  delete Knows where from = "bob" })"},
};

std::string ExpectedConflict(const std::string& s, const std::string& t) {
  if (s == "addNode" && t == "addNode") return "divergent_insert";
  if (s == "setProperty" && t == "setProperty") return "divergent_update";
  if ((s == "removeNode" && t == "setProperty") || (s == "setProperty" && t == "removeNode")) {
    return "delete_vs_update";
  }
  if ((s == "removeNode" && t == "addEdge") || (s == "addEdge" && t == "removeNode")) {
    return "orphan_edge";
  }
  return "";
}

// Base {alice:30, bob:40; alice->bob} plus each op's changes (deletes idempotent, edges added by
// both sides both kept): people as "name:age", edges as "src->dst", sorted.
std::pair<std::vector<std::string>, std::vector<std::string>> ExpectedContent(
    const std::string& s, const std::string& t, const std::string& s_age, const std::string& t_age) {
  std::map<std::string, std::string> people{{"alice", "30"}, {"bob", "40"}};
  std::vector<std::string> edges{"alice->bob"};
  auto apply = [&](const std::string& op, const std::string& age, const std::string& eve_age) {
    if (op == "addNode") people["eve"] = eve_age;
    if (op == "setProperty" && people.count("alice")) people["alice"] = age;
    if (op == "addEdge") edges.push_back("bob->alice");
  };
  apply(s, s_age, "1");
  apply(t, t_age, "2");
  for (const std::string& op : {s, t}) {
    if (op == "removeNode") {
      people.erase("alice");
      std::erase_if(edges, [](const std::string& e) { return e.find("alice") != std::string::npos; });
    }
    if (op == "removeEdge") std::erase(edges, "alice->bob");
  }
  std::vector<std::string> p;
  for (const auto& [name, age] : people) p.push_back(name + ":" + age);
  std::sort(edges.begin(), edges.end());
  return {p, edges};
}

class MergeMatrix : public GraphMergeTest,
                    public ::testing::WithParamInterface<std::tuple<int, int>> {
 protected:
  Result<std::vector<std::string>> Rows(const graph::Snapshot& s, const std::string& table,
                                        const std::vector<std::string>& cols, const char* sep) {
    OG_ASSIGN_OR_RAISE(auto t, ReadTable(*graph_, s, table, cols));
    std::vector<std::string> out;
    for (int64_t r = 0; r < t->num_rows(); ++r) {
      std::string row;
      for (int c = 0; c < t->num_columns(); ++c) {
        OG_ARROW_ASSIGN_OR_RAISE(auto scalar, t->column(c)->GetScalar(r));
        row += (c ? sep : "") + (scalar->is_valid ? scalar->ToString() : "null");
      }
      out.push_back(row);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
};

TEST_P(MergeMatrix, Cell) {
  const Op& s = kOps[std::get<0>(GetParam())];
  const Op& t = kOps[std::get<1>(GetParam())];
  OG_ASSIGN_OR_FAIL(graph::Snapshot fork, Fork());
  if (s.on_source) OG_ASSERT_OK(CommitOn("feature", s.on_source));
  if (t.on_target) OG_ASSERT_OK(CommitOn("main", t.on_target));
  auto merged = MergeIntoMain(fork, "feature");
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  std::string expected = ExpectedConflict(s.name, t.name);
  if (!expected.empty()) {
    ASSERT_FALSE(merged->conflicts.empty());
    EXPECT_EQ(merged->conflicts[0].kind, expected) << merged->conflicts[0].message;
    return;
  }
  ASSERT_TRUE(merged->conflicts.empty()) << SummarizeConflicts(merged->conflicts);
  graph::CommitRequest req;
  req.kind = graph::CommitKind::kMerge;
  req.updated = merged->tables;
  OG_ASSIGN_OR_FAIL(graph::Snapshot head, Head());
  OG_ASSIGN_OR_FAIL(graph::Snapshot out, graph_->Publish(head, req));
  auto [people, edges] = ExpectedContent(s.name, t.name, "50", "60");
  OG_ASSIGN_OR_FAIL(auto people_rows, Rows(out, "node:Person", {"id", "age"}, ":"));
  EXPECT_EQ(people_rows, people);
  OG_ASSIGN_OR_FAIL(auto edge_rows, Rows(out, "edge:Knows", {"src", "dst"}, "->"));
  EXPECT_EQ(edge_rows, edges);
}

INSTANTIATE_TEST_SUITE_P(
    AllOps, MergeMatrix, ::testing::Combine(::testing::Range(0, 7), ::testing::Range(0, 7)),
    [](const ::testing::TestParamInfo<std::tuple<int, int>>& info) {
      return std::string(kOps[std::get<0>(info.param)].name) + "_x_" + kOps[std::get<1>(info.param)].name;
    });

TEST_F(GraphMergeTest, CleanMergeUnitesBothSidesAndReusesTheSourceFragment) {
  OG_ASSIGN_OR_FAIL(graph::Snapshot fork, Fork());
  OG_ASSERT_OK(CommitOn("feature", kAddEve));
  OG_ASSERT_OK(CommitOn("main", R"(query q() { insert Person { name: "zed" } })"));
  OG_ASSIGN_OR_FAIL(auto merged, MergeIntoMain(fork, "feature"));
  ASSERT_TRUE(merged.conflicts.empty());
  auto entry = merged.tables.at("node:Person");
  graph::CommitRequest req;
  req.kind = graph::CommitKind::kMerge;
  req.updated = merged.tables;
  OG_ASSIGN_OR_FAIL(graph::Snapshot head, Head());
  OG_ASSIGN_OR_FAIL(graph::Snapshot out, graph_->Publish(head, req));
  OG_ASSIGN_OR_FAIL(auto ids, Ids(out, "node:Person"));
  EXPECT_EQ(ids, (std::vector<std::string>{"alice", "bob", "eve", "zed"}));
  // The branch's new fragment is referenced, not copied.
  OG_ASSIGN_OR_FAIL(auto merged_manifest, graph_->ReadTable(out, "node:Person"));
  OG_ASSIGN_OR_FAIL(graph::Snapshot feature, Head("feature"));
  OG_ASSIGN_OR_FAIL(auto source_manifest, graph_->ReadTable(feature, "node:Person"));
  EXPECT_EQ(merged_manifest->fragments.back().data_key, source_manifest->fragments.back().data_key);
}

TEST_F(GraphMergeTest, ATableOnlyOneSideChangedIsAdoptedWithoutReadingRows) {
  OG_ASSIGN_OR_FAIL(graph::Snapshot fork, Fork());
  OG_ASSIGN_OR_FAIL(graph::Snapshot src, CommitOn("feature", kAddEve));
  OG_ASSERT_OK(CommitOn("main", R"(query q() { insert Company { name: "globex" } })"));
  OG_ASSIGN_OR_FAIL(graph::Snapshot target, Head());
  auto before = graph_->store().stats().Snapshot();
  OG_ASSIGN_OR_FAIL(auto merged, MergeSnapshots(*graph_, fork, src, target));
  auto cost = graph_->store().stats().Snapshot() - before;
  ASSERT_TRUE(merged.conflicts.empty());
  EXPECT_EQ(merged.tables.at("node:Person").manifest_key, src.Table("node:Person")->manifest_key);
  EXPECT_EQ(merged.tables.count("node:Company"), 0u);
  EXPECT_EQ(cost.writes, 0u);  // nothing staged: the entry is the source's own
  EXPECT_EQ(cost.reads, 0u);   // and no row, manifest or deletion vector was read
}

TEST_F(GraphMergeTest, ConflictsListEveryEntityWithBothValues) {
  OG_ASSIGN_OR_FAIL(graph::Snapshot fork, Fork());
  OG_ASSERT_OK(CommitOn("feature", R"(query q() { update Person set { age: 1 } where age > 0 })"));
  OG_ASSERT_OK(CommitOn("main", R"(query q() { update Person set { age: 2 } where age > 0 })"));
  OG_ASSIGN_OR_FAIL(auto merged, MergeIntoMain(fork, "feature"));
  ASSERT_EQ(merged.conflicts.size(), 2u);
  EXPECT_EQ(merged.conflicts[0].entity_id, "alice");
  EXPECT_EQ(merged.conflicts[1].entity_id, "bob");
  EXPECT_NE(merged.conflicts[0].message.find("\"age\":1"), std::string::npos);
  EXPECT_NE(merged.conflicts[0].message.find("\"age\":2"), std::string::npos);
}

TEST_F(GraphMergeTest, ADiffNeverReadsFragmentsBothVersionsShare) {
  OG_ASSERT_OK(CommitOn("main", R"(query q() { insert Person { name: "carol" } })"));
  OG_ASSERT_OK(CommitOn("main", R"(query q() { insert Person { name: "dave" } })"));
  OG_ASSIGN_OR_FAIL(graph::Snapshot before, Head());
  OG_ASSIGN_OR_FAIL(graph::Snapshot after,
                    Commit(before, R"(query q() { update Person set { age: 5 } where name = "carol" })"));
  OG_ASSIGN_OR_FAIL(auto from, graph_->ReadTable(before, "node:Person"));
  OG_ASSIGN_OR_FAIL(auto to, graph_->ReadTable(after, "node:Person"));
  ASSERT_EQ(from->fragments.size(), 3u);
  std::string carol_file = from->fragments[1].data_key;
  std::vector<std::string> read;
  std::mutex mu;
  graph_->store().SetRequestHook([&](store::RequestPhase phase, const store::Request& r) {
    if (phase == store::RequestPhase::kBefore && r.kind != store::RequestKind::kPut) {
      std::lock_guard<std::mutex> lock(mu);
      read.push_back(r.key);
    }
    return Status::OK();
  });
  OG_ASSIGN_OR_FAIL(auto schema, TableSchemaFor(*after.catalog, "node:Person"));
  auto delta = DiffTableVersions(graph_->store(), from.get(), to.get(), schema);
  graph_->store().SetRequestHook(nullptr);
  OG_ASSERT_OK(delta);
  OG_ASSIGN_OR_FAIL(auto changes, EntityChangesOf(*delta));
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].id, "carol");
  EXPECT_EQ(changes[0].op, ChangeOp::kUpdate);
  for (const auto& f : from->fragments) {
    bool was_read = std::count(read.begin(), read.end(), f.data_key) > 0;
    EXPECT_EQ(was_read, f.data_key == carol_file) << f.data_key;
  }
}

}  // namespace
}  // namespace og::exec
