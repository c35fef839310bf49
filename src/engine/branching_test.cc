// Branches, time travel, merge and diff through the embedded API (tests-and-perf.md §1.6–1.10):
// isolation and lazy forks, names, delete/re-create, reads at any commit or version, merge
// outcomes (up to date, fast-forward, merged, conflicts), concurrent merges and diff exactness.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <sstream>
#include <thread>

#include "common/testing.h"
#include "omnigraph/omnigraph.h"

namespace og {
namespace {

constexpr const char* kSchema = R"(
node Person { name: String @key  age: I32? }
node Company { name: String @key }
edge Knows: Person -> Person
edge WorksAt: Person -> Company
)";
constexpr const char* kSeed = R"(
{"type":"Person","data":{"name":"alice","age":30}}
{"type":"Person","data":{"name":"bob","age":40}}
{"type":"Company","data":{"name":"acme"}}
{"edge":"Knows","from":"alice","to":"bob"}
{"edge":"WorksAt","from":"alice","to":"acme"}
)";

std::string FreshDir(const std::string& name) {
  auto dir = std::filesystem::path(OG_TEST_TMP_DIR) / ("branching-" + name);
  std::filesystem::remove_all(dir);
  return dir.string();
}

class BranchingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = FreshDir(info->name());
    OG_ASSIGN_OR_FAIL(g_, Graph::Init(dir_, kSchema, "s.pg"));
    OG_ASSERT_OK(g_->LoadText(kSeed, "seed.jsonl", LoadMode::kOverwrite, {}));
  }

  void Mutate(const std::string& gq, const std::string& branch = "main") {
    MutateOptions o;
    o.branch = branch;
    auto r = g_->Mutate(gq, "", nlohmann::json::object(), o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  // "name:age" of every Person at the target, by name. A failed read fails the test and returns
  // the one line "error: <status>".
  std::vector<std::string> People(const ReadTarget& target) {
    auto r = g_->Query(
        "query q() { match { $p: Person } return { $p.name, $p.age } order { $p.name asc } }", "",
        nlohmann::json::object(), target);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return {"error: " + r.status().ToString()};
    std::vector<std::string> out;
    for (const auto& row : r->RowsJson()) {
      out.push_back(row["p.name"].get<std::string>() + ":" +
                    (row["p.age"].is_null() ? "null" : row["p.age"].dump()));
    }
    return out;
  }
  std::vector<std::string> People(const std::string& branch = "main") {
    ReadTarget t;
    t.branch = branch;
    return People(t);
  }

  // The number of `type` entities on the branch; -1 (failing the test) when it cannot be read.
  int64_t Count(const std::string& type, const std::string& branch = "main") {
    if (type == "Knows" || type == "WorksAt") {  // edges: count the exported records
      ReadTarget t;
      t.branch = branch;
      std::ostringstream out;
      Status st = g_->Export(t, {type}, out);
      EXPECT_TRUE(st.ok()) << st.ToString();
      if (!st.ok()) return -1;
      std::string text = out.str();
      return std::count(text.begin(), text.end(), '\n');
    }
    std::string q = "query q() { match { $x: " + type + " } return { count($x) as n } }";
    ReadTarget t;
    t.branch = branch;
    auto r = g_->Query(q, "", nlohmann::json::object(), t);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return -1;
    return r->RowsJson().at(0)["n"].get<int64_t>();
  }

  // The head commit id of the branch; when it cannot be read the test fails and this returns
  // "<error: ...>" (which names no commit, so whatever uses it fails too).
  std::string Head(const std::string& branch = "main") {
    ReadTarget t;
    t.branch = branch;
    auto snap = g_->Snapshot(t);
    EXPECT_TRUE(snap.ok()) << snap.status().ToString();
    if (!snap.ok()) return "<error: " + snap.status().ToString() + ">";
    return snap->commit_id;
  }

  std::string dir_;
  std::unique_ptr<Graph> g_;
};

// ---- branches (§1.6) -----------------------------------------------------------------------------

TEST_F(BranchingTest, B01_CreateIsALazyForkThatSeesTheParentsDataWithoutCopying) {
  auto files = [&] {
    size_t n = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir_)) n += e.is_regular_file();
    return n;
  };
  size_t files_before = files();
  OG_ASSERT_OK(g_->CreateBranch("feature"));
  size_t files_after = files();
  EXPECT_EQ(files_after, files_before + 1);  // one ref entry, no table file
  OG_ASSIGN_OR_FAIL(auto branches, g_->ListBranches());
  EXPECT_EQ(branches, (std::vector<std::string>{"feature", "main"}));
  EXPECT_EQ(People("feature"), People("main"));
  EXPECT_EQ(Head("feature"), Head("main"));
}

TEST_F(BranchingTest, B04_WritesToABranchLeaveMainUnchanged) {
  OG_ASSERT_OK(g_->CreateBranch("feature"));
  Mutate(R"(query q() { insert Person { name: "carol", age: 5 } })", "feature");
  LoadOptions lo;
  lo.branch = "feature";
  OG_ASSERT_OK(g_->LoadText(R"({"type":"Person","data":{"name":"dave"}})", "x", LoadMode::kAppend, lo));
  EXPECT_EQ(People("feature"), (std::vector<std::string>{"alice:30", "bob:40", "carol:5", "dave:null"}));
  EXPECT_EQ(People("main"), (std::vector<std::string>{"alice:30", "bob:40"}));
}

TEST_F(BranchingTest, B05_ABranchCreatedFromAnotherBranchInheritsItsState) {
  OG_ASSERT_OK(g_->CreateBranch("a"));
  Mutate(R"(query q() { insert Person { name: "carol" } })", "a");
  OG_ASSERT_OK(g_->CreateBranch("a/b", "a"));
  EXPECT_EQ(People("a/b"), People("a"));
  EXPECT_EQ(Count("Person", "main"), 2);
}

TEST_F(BranchingTest, B06_AnEdgeOnlyWriteOnABranchForksOnlyTheEdgeTable) {
  OG_ASSERT_OK(g_->CreateBranch("feature"));
  Mutate(R"(query q() { insert Knows { from: "bob", to: "alice" } })", "feature");
  ReadTarget main_t, feature_t;
  feature_t.branch = "feature";
  OG_ASSIGN_OR_FAIL(auto m, g_->Snapshot(main_t));
  OG_ASSIGN_OR_FAIL(auto f, g_->Snapshot(feature_t));
  for (size_t i = 0; i < m.tables.size(); ++i) {
    bool forked = m.tables[i].version != f.tables[i].version;
    EXPECT_EQ(forked, m.tables[i].table_key == "edge:Knows") << m.tables[i].table_key;
  }
}

TEST_F(BranchingTest, B07_MainIsNotCreatedOrDeletedAndBadNamesAreRefused) {
  EXPECT_EQ(g_->CreateBranch("main").code(), StatusCode::BadRequest);
  EXPECT_EQ(g_->DeleteBranch("main").code(), StatusCode::BadRequest);
  for (const char* bad : {"has space", "", "a//b", "/a", "a/", "../x", "a/./b", "__og_lock"}) {
    EXPECT_EQ(g_->CreateBranch(bad).code(), StatusCode::BadRequest) << bad;
  }
  OG_EXPECT_OK(g_->CreateBranch("__run__1"));  // only the "__og" prefix is reserved
  OG_EXPECT_OK(g_->CreateBranch("feature"));
  EXPECT_TRUE(g_->CreateBranch("feature").IsConflict());
  EXPECT_EQ(g_->Merge("main", MergeOptions{"main", "", false}).status().code(), StatusCode::BadRequest);
  EXPECT_TRUE(g_->DeleteBranch("nope").IsNotFound());
  EXPECT_TRUE(g_->CreateBranch("x", "nope").IsNotFound());
}

TEST_F(BranchingTest, B09_NestedLookingNamesCoexistBecauseNamesAreOnePathSegment) {
  OG_ASSERT_OK(g_->CreateBranch("feature"));
  OG_ASSERT_OK(g_->CreateBranch("feature/child"));
  Mutate(R"(query q() { insert Person { name: "carol" } })", "feature/child");
  EXPECT_EQ(Count("Person", "feature/child"), 3);
  EXPECT_EQ(Count("Person", "feature"), 2);
}

TEST_F(BranchingTest, B10_DeletingAParentBranchKeepsItsChildrenIntact) {
  OG_ASSERT_OK(g_->CreateBranch("parent"));
  Mutate(R"(query q() { insert Person { name: "carol" } })", "parent");
  OG_ASSERT_OK(g_->CreateBranch("child", "parent"));
  OG_ASSERT_OK(g_->DeleteBranch("parent"));
  EXPECT_EQ(Count("Person", "child"), 3);
  OG_ASSIGN_OR_FAIL(auto branches, g_->ListBranches());
  EXPECT_EQ(branches, (std::vector<std::string>{"child", "main"}));
}

TEST_F(BranchingTest, B12_ARecreatedBranchNeverRetargetsOldVersionsOrSnapshots) {
  OG_ASSERT_OK(g_->CreateBranch("b"));
  Mutate(R"(query q() { insert Person { name: "old" } })", "b");
  ReadTarget b;
  b.branch = "b";
  OG_ASSIGN_OR_FAIL(auto old_snapshot, g_->Snapshot(b));
  ASSERT_EQ(old_snapshot.version, 1u);
  OG_ASSERT_OK(g_->DeleteBranch("b"));
  EXPECT_TRUE(g_->Snapshot(b).status().IsNotFound());
  OG_ASSERT_OK(g_->CreateBranch("b"));
  Mutate(R"(query q() { insert Person { name: "new" } })", "b");
  OG_ASSIGN_OR_FAIL(auto recreated, g_->Snapshot(b));
  EXPECT_GT(recreated.version, old_snapshot.version + 1);  // the sequence continues
  ReadTarget old_version = b;
  old_version.version = old_snapshot.version;
  EXPECT_EQ(People(old_version), (std::vector<std::string>{"alice:30", "bob:40", "old:null"}));
  ReadTarget old_commit;
  old_commit.snapshot = old_snapshot.commit_id;
  EXPECT_EQ(People(old_commit), People(old_version));
  EXPECT_EQ(People("b"), (std::vector<std::string>{"alice:30", "bob:40", "new:null"}));
}

TEST_F(BranchingTest, LoadIntoAMissingBranchForksItFromTheGivenBase) {
  LoadOptions lo;
  lo.branch = "import";
  EXPECT_TRUE(g_->LoadText(R"({"type":"Person","data":{"name":"z"}})", "x", LoadMode::kAppend, lo)
                  .status()
                  .IsNotFound());
  lo.from = "main";
  auto r = g_->LoadText(R"({"type":"Person","data":{"name":"z"}})", "x", LoadMode::kAppend, lo);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->branch_created);
  EXPECT_EQ(r->ToJson()["base_branch"], "main");
  EXPECT_EQ(Count("Person", "import"), 3);
  EXPECT_EQ(Count("Person", "main"), 2);
}

// ---- time travel (§1.9) ----------------------------------------------------------------------------

TEST_F(BranchingTest, T02_AFourVersionChainAnswersAtEveryVersionAndCommit) {
  std::vector<std::string> commits{Head()};
  Mutate(R"(query q() { insert Person { name: "carol", age: 1 } })");
  commits.push_back(Head());
  Mutate(R"(query q() { update Person set { age: 2 } where name = "carol" })");
  commits.push_back(Head());
  Mutate(R"(query q() { delete Person where name = "carol" })");
  commits.push_back(Head());
  std::vector<std::vector<std::string>> expected{{"alice:30", "bob:40"},
                                                 {"alice:30", "bob:40", "carol:1"},
                                                 {"alice:30", "bob:40", "carol:2"},
                                                 {"alice:30", "bob:40"}};
  for (size_t i = 0; i < commits.size(); ++i) {
    ReadTarget by_commit;
    by_commit.snapshot = commits[i];
    EXPECT_EQ(People(by_commit), expected[i]) << i;
    ReadTarget by_version;
    by_version.version = i + 1;  // version 0 is init, 1 the seed load
    EXPECT_EQ(People(by_version), expected[i]) << i;
  }
}

TEST_F(BranchingTest, T03_HistoricalTraversalsUseTheHistoricalEdges) {
  std::string before = Head();
  Mutate(R"(query q() { delete Person where name = "bob" })");
  const char* q = "query q() { match { $a: Person { name: \"alice\" }  $a knows $b } return { $b.name } }";
  ReadTarget past;
  past.snapshot = before;
  OG_ASSIGN_OR_FAIL(auto at_past, g_->Query(q, "", nlohmann::json::object(), past));
  EXPECT_EQ(at_past.row_count(), 1);
  OG_ASSIGN_OR_FAIL(auto at_head, g_->Query(q, "", nlohmann::json::object()));
  EXPECT_EQ(at_head.row_count(), 0);
}

TEST_F(BranchingTest, T08_AVersionThatDoesNotExistIsNotFound) {
  ReadTarget t;
  t.version = 99;
  EXPECT_TRUE(g_->Snapshot(t).status().IsNotFound());
  ReadTarget c;
  c.snapshot = "01NOSUCHCOMMIT0000000000000";
  EXPECT_TRUE(g_->Snapshot(c).status().IsNotFound());
}

TEST_F(BranchingTest, EntityAtAPastCommitReadsOneEntity) {
  std::string before = Head();
  Mutate(R"(query q() { update Person set { age: 31 } where name = "alice" })");
  ReadTarget past;
  past.snapshot = before;
  OG_ASSIGN_OR_FAIL(auto alice_past, g_->EntityAt(past, "Person", "alice"));
  EXPECT_EQ(alice_past["age"], 30);
  OG_ASSIGN_OR_FAIL(auto alice_now, g_->EntityAt({}, "Person", "alice"));
  EXPECT_EQ(alice_now["age"], 31);
  EXPECT_TRUE(g_->EntityAt({}, "Person", "nobody").status().IsNotFound());
  EXPECT_TRUE(g_->EntityAt({}, "Nope", "alice").status().IsNotFound());
}

// ---- merge (§1.7, §1.8) ------------------------------------------------------------------------------

TEST_F(BranchingTest, M02_MergingAnUnchangedSourceIsAlreadyUpToDateWithoutACommit) {
  OG_ASSERT_OK(g_->CreateBranch("feature"));
  Mutate(R"(query q() { insert Person { name: "carol" } })");
  std::string head = Head();
  OG_ASSIGN_OR_FAIL(auto r, g_->Merge("feature"));
  EXPECT_EQ(r.outcome, "already_up_to_date");
  EXPECT_TRUE(r.commit_id.empty());
  EXPECT_EQ(Head(), head);
}

TEST_F(BranchingTest, M03_M12_FastForwardAdoptsTheSourceInOneCommitWithTwoParents) {
  OG_ASSERT_OK(g_->CreateBranch("feature"));
  Mutate(R"(query q() { insert Person { name: "carol" } })", "feature");
  Mutate(R"(query q() { delete Knows where from = "alice" })", "feature");
  std::string main_head = Head(), source_head = Head("feature");
  OG_ASSIGN_OR_FAIL(auto r, g_->Merge("feature"));
  EXPECT_EQ(r.outcome, "fast_forward");
  EXPECT_EQ(People("main"), People("feature"));
  EXPECT_EQ(Count("Knows"), 0);
  OG_ASSIGN_OR_FAIL(auto c, g_->ShowCommit(r.commit_id));
  EXPECT_EQ(c.kind, "merge");
  EXPECT_EQ(c.parents, (std::vector<std::string>{main_head, source_head}));
}

TEST_F(BranchingTest, M13_AThreeWayMergeUnitesBothSidesAndRecordsTheActor) {
  OG_ASSERT_OK(g_->CreateBranch("feature"));
  Mutate(R"(query q() { update Person set { age: 31 } where name = "alice" })", "feature");
  Mutate(R"(query q() { insert Knows { from: "bob", to: "alice" } })", "feature");
  Mutate(R"(query q() { insert Person { name: "carol", age: 7 } })");
  MergeOptions o;
  o.actor = "merger";
  auto r = g_->Merge("feature", o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, "merged");
  EXPECT_EQ(People("main"), (std::vector<std::string>{"alice:31", "bob:40", "carol:7"}));
  EXPECT_EQ(Count("Knows"), 2);
  OG_ASSIGN_OR_FAIL(auto commit, g_->ShowCommit(r->commit_id));
  EXPECT_EQ(commit.actor, "merger");
  // Merging again changes nothing.
  OG_ASSIGN_OR_FAIL(auto merged, g_->Merge("feature"));
  EXPECT_EQ(merged.outcome, "already_up_to_date");
}

TEST_F(BranchingTest, M09_BothSidesAddingTheSameLogicalEdgeKeepBothRows) {
  OG_ASSERT_OK(g_->CreateBranch("feature"));
  Mutate(R"(query q() { insert Knows { from: "bob", to: "alice" } })", "feature");
  Mutate(R"(query q() { insert Knows { from: "bob", to: "alice" } })");
  OG_ASSERT_OK(g_->Merge("feature"));
  EXPECT_EQ(Count("Knows"), 3);
}

TEST_F(BranchingTest, M05_ConflictingMergeListsEveryConflictAndChangesNothing) {
  OG_ASSERT_OK(g_->CreateBranch("feature"));
  Mutate(R"(query q() { update Person set { age: 1 } where name = "alice" })", "feature");
  Mutate(R"(query q() { delete Person where name = "bob" })", "feature");
  Mutate(R"(query q() { update Person set { age: 2 } where name = "alice" })");
  Mutate(R"(query q() { update Person set { age: 3 } where name = "bob" })");
  std::string head = Head();
  auto r = g_->Merge("feature");
  ASSERT_TRUE(r.status().IsConflict());
  auto* detail = dynamic_cast<const MergeConflictsDetail*>(r.status().detail().get());
  ASSERT_NE(detail, nullptr);
  ASSERT_EQ(detail->conflicts().size(), 2u);
  EXPECT_EQ(detail->conflicts()[0].kind, "divergent_update");
  EXPECT_EQ(detail->conflicts()[0].entity_id, "alice");
  EXPECT_EQ(detail->conflicts()[1].kind, "delete_vs_update");
  EXPECT_EQ(detail->conflicts()[1].entity_id, "bob");
  EXPECT_EQ(Head(), head);
}

TEST_F(BranchingTest, M14_MergingMainIntoABranchAndDeletingTheSourceAfterwards) {
  OG_ASSERT_OK(g_->CreateBranch("feature"));
  Mutate(R"(query q() { insert Person { name: "carol" } })");
  Mutate(R"(query q() { insert Person { name: "dave" } })", "feature");
  MergeOptions into_feature;
  into_feature.into = "feature";
  OG_ASSIGN_OR_FAIL(auto merged, g_->Merge("main", into_feature));
  EXPECT_EQ(merged.outcome, "merged");
  EXPECT_EQ(Count("Person", "feature"), 4);
  MergeOptions back;
  back.delete_branch = true;
  OG_ASSIGN_OR_FAIL(auto r, g_->Merge("feature", back));
  EXPECT_EQ(r.outcome, "fast_forward");
  EXPECT_TRUE(r.branch_deleted);
  EXPECT_EQ(Count("Person"), 4);
  OG_ASSIGN_OR_FAIL(auto branches, g_->ListBranches());
  EXPECT_EQ(branches, (std::vector<std::string>{"main"}));
}

TEST_F(BranchingTest, C15_ConcurrentMergesIntoDifferentTargetsLandOnTheirOwnTargets) {
  for (const char* b : {"s1", "s2", "t1", "t2"}) OG_ASSERT_OK(g_->CreateBranch(b));
  Mutate(R"(query q() { insert Person { name: "from_s1" } })", "s1");
  Mutate(R"(query q() { insert Person { name: "from_s2" } })", "s2");
  Mutate(R"(query q() { insert Company { name: "t1co" } })", "t1");
  Mutate(R"(query q() { insert Company { name: "t2co" } })", "t2");
  OG_ASSIGN_OR_FAIL(auto other, Graph::Open(dir_));
  std::atomic<int> failures{0};
  std::thread a([&] {
    MergeOptions o;
    o.into = "t1";
    if (!g_->Merge("s1", o).ok()) ++failures;
  });
  std::thread b([&] {
    MergeOptions o;
    o.into = "t2";
    if (!other->Merge("s2", o).ok()) ++failures;
  });
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(People("t1"), (std::vector<std::string>{"alice:30", "bob:40", "from_s1:null"}));
  EXPECT_EQ(People("t2"), (std::vector<std::string>{"alice:30", "bob:40", "from_s2:null"}));
  EXPECT_EQ(Count("Company", "t1"), 2);
}

TEST_F(BranchingTest, C16_AMergeRacingWritesToItsTargetNeverLosesEither) {
  constexpr int kRounds = 4;
  for (int round = 0; round < kRounds; ++round) {
    std::string branch = "f" + std::to_string(round);
    OG_ASSERT_OK(g_->CreateBranch(branch));
    Mutate("query q() { insert Person { name: \"b" + std::to_string(round) + "\" } }", branch);
    OG_ASSIGN_OR_FAIL(auto writer, Graph::Open(dir_));
    bool merged = false;
    std::thread t([&] { merged = g_->Merge(branch).ok(); });
    auto w = writer->Mutate("query q() { insert Person { name: \"w" + std::to_string(round) + "\" } }",
                            "", nlohmann::json::object());
    t.join();
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    auto names = People("main");
    bool has_w = std::find(names.begin(), names.end(), "w" + std::to_string(round) + ":null") != names.end();
    bool has_b = std::find(names.begin(), names.end(), "b" + std::to_string(round) + ":null") != names.end();
    EXPECT_TRUE(has_w);
    EXPECT_EQ(has_b, merged);
  }
}

// ---- diff and changes (§1.10) --------------------------------------------------------------------------

TEST_F(BranchingTest, X01_DiffDetectsInsertUpdateAndCascadedDelete) {
  std::string c0 = Head();
  OG_ASSIGN_OR_FAIL(auto none, g_->Diff(c0, c0));
  EXPECT_TRUE(none.empty());
  Mutate(R"(query q() {
    insert Person { name: "carol", age: 1 }
    update Person set { age: 41 } where name = "bob"
    delete Person where name = "alice"
  })");
  std::string c1 = Head();
  OG_ASSIGN_OR_FAIL(auto changes, g_->Diff(c0, c1));
  std::vector<std::string> got;
  for (const auto& c : changes) got.push_back(c.op + " " + c.kind + ":" + c.type + " " + c.id);
  // Nodes before edges; types and ids sorted; the cascade removed alice's two edges.
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(got[0], "delete node:Person alice");
  EXPECT_EQ(got[1], "update node:Person bob");
  EXPECT_EQ(got[2], "insert node:Person carol");
  EXPECT_EQ(got[3].substr(0, 18), "delete edge:Knows ");
  EXPECT_EQ(got[4].substr(0, 20), "delete edge:WorksAt ");
  EXPECT_EQ(changes[1].before["properties"]["age"], 40);
  EXPECT_EQ(changes[1].after["properties"]["age"], 41);
  EXPECT_EQ(changes[3].before["endpoints"]["from"], "alice");
  EXPECT_TRUE(changes[2].before.is_null());
  // commit changes is the diff against the first parent.
  OG_ASSIGN_OR_FAIL(auto commit_changes, g_->CommitChanges(c1));
  EXPECT_EQ(commit_changes.size(), changes.size());
}

TEST_F(BranchingTest, X02_DiffFiltersByKindTypeAndOp) {
  std::string c0 = Head();
  Mutate(R"(query q() { delete Person where name = "alice" })");
  Mutate(R"(query q() { insert Person { name: "carol" } })");
  std::string c1 = Head();
  ChangeFilter nodes;
  nodes.kinds = {"node"};
  OG_ASSIGN_OR_FAIL(auto node_changes, g_->Diff(c0, c1, nodes));
  EXPECT_EQ(node_changes.size(), 2u);
  ChangeFilter deletes;
  deletes.ops = {"delete"};
  OG_ASSIGN_OR_FAIL(auto delete_changes, g_->Diff(c0, c1, deletes));
  EXPECT_EQ(delete_changes.size(), 3u);
  ChangeFilter knows;
  knows.types = {"Knows"};
  OG_ASSIGN_OR_FAIL(auto knows_changes, g_->Diff(c0, c1, knows));
  EXPECT_EQ(knows_changes.size(), 1u);
  ChangeFilter bad;
  bad.ops = {"upsert"};
  EXPECT_EQ(g_->Diff(c0, c1, bad).status().code(), StatusCode::BadRequest);
}

TEST_F(BranchingTest, X03_DiffAcrossBranchesAndAfterAMergeReportsTheActualChanges) {
  OG_ASSERT_OK(g_->CreateBranch("feature"));
  Mutate(R"(query q() { insert Person { name: "carol" } })", "feature");
  Mutate(R"(query q() { update Person set { age: 99 } where name = "bob" })");
  OG_ASSIGN_OR_FAIL(auto cross, g_->Diff(Head("main"), Head("feature")));
  ASSERT_EQ(cross.size(), 2u);  // bob back to 40, carol added
  EXPECT_EQ(cross[0].id, "bob");
  EXPECT_EQ(cross[0].op, "update");
  EXPECT_EQ(cross[1].id, "carol");
  OG_ASSIGN_OR_FAIL(auto merged, g_->Merge("feature"));
  OG_ASSIGN_OR_FAIL(auto changes, g_->CommitChanges(merged.commit_id));
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].id, "carol");
  EXPECT_EQ(changes[0].op, "insert");
}

TEST_F(BranchingTest, X05_AnIdempotentUpsertIsNoChange) {
  std::string c0 = Head();
  Mutate(R"(query q() { insert Person { name: "alice", age: 30 } })");
  OG_ASSIGN_OR_FAIL(auto none, g_->Diff(c0, Head()));
  EXPECT_TRUE(none.empty());
}

TEST_F(BranchingTest, X08_TheFirstCommitHasNoChangesToShow) {
  OG_ASSIGN_OR_FAIL(auto commits, g_->ListCommits());
  EXPECT_TRUE(g_->CommitChanges(commits.back().id).status().IsConflict());
}

}  // namespace
}  // namespace og
