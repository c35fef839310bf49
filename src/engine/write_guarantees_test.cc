// The write-path contracts of tests-and-perf.md §1.1, §1.2 and §1.5 that apply to our design,
// each test named after the contract it pins (W.., S.., C..). docs/MUTATIONS.md has the semantics.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <sstream>
#include <thread>

#include "omnigraph/omnigraph.h"

namespace og {
namespace {

constexpr const char* kSchema = R"(
node Person { name: String @key  age: I32?  email: String? @unique }
node Company { name: String @key }
edge Knows: Person -> Person
edge WorksAt: Person -> Company @card(0..1)
)";
constexpr const char* kSeed = R"(
{"type":"Person","data":{"name":"alice","age":30,"email":"a@x"}}
{"type":"Person","data":{"name":"bob","age":25}}
{"type":"Person","data":{"name":"carol"}}
{"type":"Company","data":{"name":"acme"}}
{"edge":"Knows","from":"alice","to":"bob"}
{"edge":"Knows","from":"bob","to":"alice"}
{"edge":"WorksAt","from":"alice","to":"acme"}
)";

class WriteGuarantees : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (std::filesystem::path(OG_TEST_TMP_DIR) /
            ("write-guarantees-" +
             std::string(::testing::UnitTest::GetInstance()->current_test_info()->name())))
               .string();
    std::filesystem::remove_all(dir_);
    g_ = Graph::Init(dir_, kSchema, "s.pg").MoveValueUnsafe();
    ASSERT_TRUE(g_->LoadText(kSeed, "seed.jsonl", LoadMode::kOverwrite, {}).ok());
  }

  Result<MutationResult> Mutate(const std::string& gq, const nlohmann::json& params = {},
                                const MutateOptions& options = {}) {
    return g_->Mutate(gq, "", params.is_null() ? nlohmann::json::object() : params, options);
  }

  std::string Export() {
    std::ostringstream out;
    EXPECT_TRUE(g_->Export({}, {}, out).ok());
    return out.str();
  }

  // "name:age" per person, sorted.
  std::vector<std::string> People() {
    auto r = g_->Query("query q() { match { $p: Person } return { $p.name, $p.age } order { $p.name asc } }",
                       "", nlohmann::json::object()).ValueOrDie();
    std::vector<std::string> out;
    for (const auto& row : r.RowsJson()) {
      out.push_back(row["p.name"].get<std::string>() + ":" +
                    (row["p.age"].is_null() ? "null" : row["p.age"].dump()));
    }
    return out;
  }

  int64_t EdgeCount(const std::string& type) {
    std::ostringstream out;
    EXPECT_TRUE(g_->Export({}, {type}, out).ok());
    std::string s = out.str();
    return std::count(s.begin(), s.end(), '\n');
  }

  uint64_t TableVersion(const std::string& key) {
    SnapshotInfo snap = g_->Snapshot().ValueOrDie();
    for (const auto& t : snap.tables) {
      if (t.table_key == key) return t.version;
    }
    return 0;
  }

  std::string Head() { return g_->Snapshot().ValueOrDie().commit_id; }

  std::string dir_;
  std::unique_ptr<Graph> g_;
};

TEST_F(WriteGuarantees, W02_W03_WritesCreateNoHiddenBranches) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(g_->LoadText(R"({"type":"Company","data":{"name":"c"}})", "x", LoadMode::kMerge, {}).ok());
  }
  ASSERT_TRUE(Mutate(R"(query q() { insert Company { name: "d" } })").ok());
  EXPECT_EQ(g_->ListBranches().ValueOrDie(), (std::vector<std::string>{"main"}));
}

TEST_F(WriteGuarantees, W04_W06_AFailedStatementLeavesNothingAndTheNextWriteProceeds) {
  std::string before = Export(), head = Head();
  auto r = Mutate(R"(query q() {
    insert Person { name: "dan" }
    insert Knows { from: "dan", to: "nobody" }
  })");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::BadRequest);
  EXPECT_EQ(Head(), head);
  EXPECT_EQ(Export(), before);
  EXPECT_TRUE(Mutate(R"(query q() { insert Person { name: "dan" } })").ok());
}

TEST_F(WriteGuarantees, W05_W10_AMultiStatementMutationIsOneCommitWithReadYourWrites) {
  uint64_t people_v = TableVersion("node:Person"), knows_v = TableVersion("edge:Knows");
  size_t commits = g_->ListCommits().ValueOrDie().size();
  auto r = Mutate(R"(query q() {
    insert Person { name: "dan" }
    insert Person { name: "erin" }
    insert Knows { from: "dan", to: "erin" }
  })");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->affected_nodes, 2);
  EXPECT_EQ(r->affected_edges, 1);
  EXPECT_EQ(g_->ListCommits().ValueOrDie().size(), commits + 1);
  EXPECT_EQ(TableVersion("node:Person"), people_v + 1);  // two inserts, one table version
  EXPECT_EQ(TableVersion("edge:Knows"), knows_v + 1);
}

TEST_F(WriteGuarantees, W11_TheActorIsRecordedOnTheCommit) {
  MutateOptions o;
  o.actor = "agent-7";
  auto r = Mutate(R"(query q() { insert Person { name: "dan" } })", {}, o).ValueOrDie();
  EXPECT_EQ(g_->ShowCommit(r.commit->id).ValueOrDie().actor, "agent-7");
}

TEST_F(WriteGuarantees, W12_InsertingAnExistingKeyIsAnUpsert) {
  ASSERT_TRUE(Mutate(R"(query q() { insert Person { name: "alice", age: 99 } })").ok());
  EXPECT_EQ(People(), (std::vector<std::string>{"alice:99", "bob:25", "carol:null"}));
}

TEST_F(WriteGuarantees, W13_UpdatingTheKeyIsRejected) {
  auto r = Mutate(R"(query q() { update Person set { name: "zed" } where name = "alice" })");
  EXPECT_EQ(r.status().code(), StatusCode::BadRequest);
}

TEST_F(WriteGuarantees, W14_W15_DeleteCascadesToIncidentEdgesAndOnlyThere) {
  ASSERT_TRUE(Mutate(R"(query q() { delete Person where name = "alice" })").ok());
  EXPECT_EQ(EdgeCount("Knows"), 0);
  EXPECT_EQ(EdgeCount("WorksAt"), 0);
  uint64_t knows_v = TableVersion("edge:Knows"), works_v = TableVersion("edge:WorksAt");
  ASSERT_TRUE(Mutate(R"(query q() { delete Person where name = "carol" })").ok());  // no edges
  EXPECT_EQ(TableVersion("edge:Knows"), knows_v);
  EXPECT_EQ(TableVersion("edge:WorksAt"), works_v);
}

TEST_F(WriteGuarantees, W16_W30_MatchingNothingAffectsZeroAndPublishesNothing) {
  std::string head = Head();
  auto u = Mutate(R"(query q() { update Person set { age: 1 } where name = "nobody" })").ValueOrDie();
  auto d = Mutate(R"(query q() { delete Person where name = "nobody" })").ValueOrDie();
  EXPECT_EQ(u.affected_nodes, 0);
  EXPECT_EQ(d.affected_nodes, 0);
  EXPECT_FALSE(u.commit.has_value());
  EXPECT_TRUE(u.ToJson()["commit"].is_null());
  EXPECT_EQ(Head(), head);
}

TEST_F(WriteGuarantees, W17_W18_OverlappingDeletesCountOnceAndNullsFollowSqlLogic) {
  auto r = Mutate(R"(query q() {
    delete Person where age > 20
    delete Person where name = "alice"
    delete Person where name = "carol"
  })").ValueOrDie();
  EXPECT_EQ(r.affected_nodes, 3);  // alice counted once; carol (age null) deleted by its own statement
  EXPECT_TRUE(People().empty());
}

TEST_F(WriteGuarantees, W19_W20_RepeatedStatementsOnOneTableAllApply) {
  ASSERT_TRUE(Mutate(R"(query q() {
    update Person set { age: 1 } where name = "bob"
    update Person set { age: 2 } where name = "bob"
    delete Knows where from = "alice"
    delete Knows where from = "bob"
  })").ok());
  EXPECT_EQ(People(), (std::vector<std::string>{"alice:30", "bob:2", "carol:null"}));
  EXPECT_EQ(EdgeCount("Knows"), 0);
}

TEST_F(WriteGuarantees, W23_AppendOfAnExistingIdIsRefusedWithoutMovingAnything) {
  std::string head = Head();
  auto r = g_->LoadText(R"({"type":"Person","data":{"name":"alice","age":1}})", "x", LoadMode::kAppend, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("alice"), std::string::npos);
  EXPECT_EQ(Head(), head);
}

TEST_F(WriteGuarantees, W24_DuplicateKeysInOneBatchAreRefusedInEveryMode) {
  const char* dup = "{\"type\":\"Person\",\"data\":{\"name\":\"x\"}}\n{\"type\":\"Person\",\"data\":{\"name\":\"x\"}}\n";
  for (LoadMode mode : {LoadMode::kAppend, LoadMode::kOverwrite}) {
    std::string head = Head();
    EXPECT_FALSE(g_->LoadText(dup, "dup.jsonl", mode, {}).ok());
    EXPECT_EQ(Head(), head);
  }
}

TEST_F(WriteGuarantees, W28_W29_DanglingEndpointsAndCardinalityViolationsCommitNothing) {
  std::string head = Head();
  EXPECT_FALSE(g_->LoadText(R"({"edge":"Knows","from":"alice","to":"ghost"})", "x", LoadMode::kAppend, {}).ok());
  EXPECT_FALSE(g_->LoadText("{\"type\":\"Company\",\"data\":{\"name\":\"globex\"}}\n"
                            "{\"edge\":\"WorksAt\",\"from\":\"alice\",\"to\":\"globex\"}\n",
                            "x", LoadMode::kAppend, {}).ok());
  EXPECT_EQ(Head(), head);
  EXPECT_TRUE(g_->LoadText(R"({"type":"Company","data":{"name":"globex"}})", "x", LoadMode::kAppend, {}).ok());
}

TEST_F(WriteGuarantees, W34_UpdatingAnEdgeTypeIsAnErrorNotACrash) {
  auto r = Mutate(R"(query q() { update WorksAt set { src: "bob" } where src = "alice" })");
  EXPECT_EQ(r.status().code(), StatusCode::BadRequest);
  EXPECT_NE(r.status().message().find("edge"), std::string::npos);
}

TEST_F(WriteGuarantees, W36_OutOfRangeIntegersAreRefusedOnLoadAndMutation) {
  std::string head = Head();
  auto m = Mutate(R"(query q() { insert Person { name: "x", age: 99999999999 } })");
  EXPECT_NE(m.status().message().find("out of range for I32"), std::string::npos) << m.status().ToString();
  auto l = g_->LoadText(R"({"type":"Person","data":{"name":"x","age":99999999999}})", "x.jsonl",
                        LoadMode::kMerge, {});
  EXPECT_NE(l.status().message().find("out of range"), std::string::npos) << l.status().ToString();
  EXPECT_EQ(Head(), head);
}

TEST_F(WriteGuarantees, W31_StateAfterPublishEqualsAFreshReopen) {
  ASSERT_TRUE(Mutate(R"(query q() { insert Person { name: "dan" } })").ok());
  ASSERT_TRUE(Mutate(R"(query q() { insert Person { name: "erin" } })").ok());
  ASSERT_TRUE(Mutate(R"(query q() { delete Person where name = "dan" })").ok());
  std::string here = Export();
  auto reopened = Graph::Open(dir_).MoveValueUnsafe();
  std::ostringstream out;
  ASSERT_TRUE(reopened->Export({}, {}, out).ok());
  EXPECT_EQ(out.str(), here);
}

TEST_F(WriteGuarantees, S01_S03_LaterStatementsSeePendingValues) {
  uint64_t v = TableVersion("node:Person");
  ASSERT_TRUE(Mutate(R"(query q() {
    insert Person { name: "dan", age: 1 }
    update Person set { age: 2 } where name = "dan"
    update Person set { age: 3 } where age = 2
  })").ok());
  EXPECT_EQ(People()[3], "dan:3");
  EXPECT_EQ(TableVersion("node:Person"), v + 1);
}

TEST_F(WriteGuarantees, S05_UniquenessIsJudgedOnTheFinalImage) {
  auto r = Mutate(R"(query q() {
    update Person set { email: "new@x" } where name = "alice"
    insert Person { name: "dan", email: "a@x" }
  })");
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  auto clash = Mutate(R"(query q() { insert Person { name: "erin", email: "new@x" } })");
  EXPECT_EQ(clash.status().code(), StatusCode::BadRequest);
}

TEST_F(WriteGuarantees, S08_ATraversalSeesANodeAndEdgeInsertedTogether) {
  ASSERT_TRUE(g_->Query("query q() { match { $a: Person  $a knows $b } return { $b.name } }", "",
                        nlohmann::json::object()).ok());  // warm the topology cache
  ASSERT_TRUE(Mutate(R"(query q() { insert Person { name: "dan" }  insert Knows { from: "carol", to: "dan" } })").ok());
  auto r = g_->Query("query q() { match { $a: Person { name: \"carol\" }  $a knows $b } return { $b.name } }",
                     "", nlohmann::json::object()).ValueOrDie();
  ASSERT_EQ(r.row_count(), 1);
  EXPECT_EQ(r.RowsJson()[0]["b.name"], "dan");
}

TEST_F(WriteGuarantees, C01_SameIdAppendsFromManyHandlesHaveOneWinner) {
  constexpr int kHandles = 6;
  std::vector<std::unique_ptr<Graph>> handles;
  for (int i = 0; i < kHandles; ++i) handles.push_back(Graph::Open(dir_).MoveValueUnsafe());
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kHandles; ++i) {
    threads.emplace_back([&, i] {
      std::string line = "{\"type\":\"Person\",\"data\":{\"name\":\"same\",\"age\":" + std::to_string(i) + "}}\n";
      std::string other = "{\"type\":\"Company\",\"data\":{\"name\":\"co" + std::to_string(i) + "\"}}\n";
      if (handles[i]->LoadText(line, "x", LoadMode::kAppend, {}).ok()) ++ok;
      EXPECT_TRUE(handles[i]->LoadText(other, "y", LoadMode::kAppend, {}).ok());  // disjoint ids survive
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  auto people = People();
  EXPECT_EQ(std::count_if(people.begin(), people.end(), [](const std::string& p) { return p.rfind("same:", 0) == 0; }), 1);
  auto companies = g_->Query("query q() { match { $c: Company } return { count($c) as n } }", "",
                             nlohmann::json::object()).ValueOrDie();
  EXPECT_EQ(companies.RowsJson()[0]["n"], 1 + kHandles);
}

TEST_F(WriteGuarantees, C03_AHandleOpenedEarlierWritesOnTheCurrentHead) {
  auto early = Graph::Open(dir_).MoveValueUnsafe();
  ASSERT_TRUE(Mutate(R"(query q() { update Person set { age: 1 } where name = "bob" })").ok());
  auto r = early->Mutate(R"(query q() { update Person set { age: 2 } where name = "bob" })", "",
                         nlohmann::json::object());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(People()[1], "bob:2");
}

TEST_F(WriteGuarantees, C04_C06_AStaleConditionalWriteFailsWithoutEffectAndIsNeverRetried) {
  std::string head = Head();
  ASSERT_TRUE(Mutate(R"(query q() { insert Person { name: "dan" } })").ok());
  MutateOptions stale;
  stale.if_commit = head;
  std::string now = Head();
  auto r = Mutate(R"(query q() { insert Person { name: "erin" } })", {}, stale);
  EXPECT_EQ(r.status().code(), StatusCode::PreconditionFailed);
  EXPECT_NE(r.status().message().find(now), std::string::npos);  // names the actual head
  EXPECT_EQ(Head(), now);
  MutateOptions current;
  current.if_commit = now;
  EXPECT_TRUE(Mutate(R"(query q() { insert Person { name: "erin" } })", {}, current).ok());
}

TEST_F(WriteGuarantees, C11_CardinalityReadsLiveStateAcrossHandles) {
  auto stale = Graph::Open(dir_).MoveValueUnsafe();
  ASSERT_TRUE(stale->Snapshot().ok());  // warm the stale handle's view
  ASSERT_TRUE(Mutate(R"(query q() { insert Company { name: "globex" }  insert WorksAt { from: "bob", to: "globex" } })").ok());
  auto r = stale->Mutate(R"(query q() { insert WorksAt { from: "bob", to: "acme" } })", "",
                         nlohmann::json::object());
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("@card"), std::string::npos) << r.status().ToString();
}

TEST_F(WriteGuarantees, C19_ReadsSeeOtherHandlesCommitsWithoutRefresh) {
  auto other = Graph::Open(dir_).MoveValueUnsafe();
  ASSERT_TRUE(g_->Query("query q() { match { $a: Person  $a knows $b } return { $b.name } }", "",
                        nlohmann::json::object()).ok());
  ASSERT_TRUE(other->Mutate(R"(query q() { insert Knows { from: "carol", to: "bob" } })", "",
                            nlohmann::json::object()).ok());
  auto r = g_->Query("query q() { match { $a: Person { name: \"carol\" }  $a knows $b } return { $b.name } }",
                     "", nlohmann::json::object()).ValueOrDie();
  EXPECT_EQ(r.row_count(), 1);
}

// W32, W33, W37, W38: a schema with camel-case names, a Date and a nullable vector.
class ValueGuarantees : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (std::filesystem::path(OG_TEST_TMP_DIR) /
            ("value-guarantees-" +
             std::string(::testing::UnitTest::GetInstance()->current_test_info()->name())))
               .string();
    std::filesystem::remove_all(dir_);
    g_ = Graph::Init(dir_, R"(
node Doc { docId: String @key  firstSeen: Date?  embedding: Vector(3)?  viewCount: I64? }
)", "s.pg").MoveValueUnsafe();
  }
  std::string dir_;
  std::unique_ptr<Graph> g_;
};

TEST_F(ValueGuarantees, W32_CamelCasePropertiesWorkInPredicatesUpdatesAndDeletes) {
  auto q = [&](const std::string& gq) { return g_->Mutate(gq, "", nlohmann::json::object()); };
  ASSERT_TRUE(q(R"(query q() { insert Doc { docId: "a", viewCount: 1 }  insert Doc { docId: "b", viewCount: 2 } })").ok());
  auto u = q(R"(query q() {
    update Doc set { viewCount: 10 } where viewCount = 1
    update Doc set { viewCount: 11 } where viewCount = 10
    delete Doc where docId = "b"
  })");
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  auto r = g_->Query("query q() { match { $d: Doc } return { $d.docId, $d.viewCount } }", "",
                     nlohmann::json::object()).ValueOrDie();
  ASSERT_EQ(r.row_count(), 1);
  EXPECT_EQ(r.RowsJson()[0]["d.viewCount"], 11);
}

TEST_F(ValueGuarantees, W33_ADateLiteralWithAQuoteIsAnErrorNotAnInjection) {
  ASSERT_TRUE(g_->Mutate(R"(query q() { insert Doc { docId: "a", firstSeen: date("2024-01-02") } })", "",
                         nlohmann::json::object()).ok());
  auto r = g_->Query(R"(query q() { match { $d: Doc { firstSeen: date("2024-01-02' or '1'='1") } } return { $d.docId } })",
                     "", nlohmann::json::object());
  EXPECT_EQ(r.status().code(), StatusCode::BadRequest) << r.status().ToString();
}

TEST_F(ValueGuarantees, W37_W38_VectorElementsMustBeNumbersAndNullVectorsRoundTrip) {
  auto bad = g_->LoadText(R"({"type":"Doc","data":{"docId":"a","embedding":[1.0,null,3.0]}})", "v.jsonl",
                          LoadMode::kMerge, {});
  EXPECT_EQ(bad.status().code(), StatusCode::BadRequest);
  ASSERT_TRUE(g_->LoadText("{\"type\":\"Doc\",\"data\":{\"docId\":\"a\",\"embedding\":null}}\n"
                           "{\"type\":\"Doc\",\"data\":{\"docId\":\"b\",\"embedding\":[1,2,3]}}\n",
                           "v.jsonl", LoadMode::kMerge, {}).ok());
  auto a = g_->EntityAt({}, "Doc", "a").ValueOrDie();
  auto b = g_->EntityAt({}, "Doc", "b").ValueOrDie();
  EXPECT_TRUE(a["embedding"].is_null());
  ASSERT_TRUE(b["embedding"].is_array());
  EXPECT_EQ(b["embedding"][2], 3.0);
  EXPECT_TRUE(b["viewCount"].is_null());
}

TEST_F(WriteGuarantees, W35_FilteredReadsStayConsistentAfterUpsertsAndDeletes) {
  ASSERT_TRUE(g_->LoadText(R"({"type":"Person","data":{"name":"bob","age":26}})", "x", LoadMode::kMerge, {}).ok());
  ASSERT_TRUE(g_->LoadText(R"({"type":"Person","data":{"name":"bob","age":27}})", "x", LoadMode::kMerge, {}).ok());
  ASSERT_TRUE(Mutate(R"(query q() { delete Person where name = "carol" })").ok());
  auto r = g_->Query(R"(query q() { match { $p: Person { name: "bob" } } return { $p.age } })", "",
                     nlohmann::json::object()).ValueOrDie();
  ASSERT_EQ(r.row_count(), 1);
  EXPECT_EQ(r.RowsJson()[0]["p.age"], 27);
  auto older = g_->Query(R"(query q() { match { $p: Person  $p.age < 27 } return { $p.name } })", "",
                         nlohmann::json::object()).ValueOrDie();
  EXPECT_EQ(older.row_count(), 0);  // alice is 30; bob's old rows are gone
}

}  // namespace
}  // namespace og
