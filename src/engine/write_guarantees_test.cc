// The write-path contracts of tests-and-perf.md §1.1, §1.2 and §1.5 that apply to our design,
// each test named after the contract it pins (W.., S.., C..). docs/MUTATIONS.md has the semantics.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <limits>
#include <sstream>
#include <thread>

#include "common/testing.h"
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
    OG_ASSIGN_OR_FAIL(g_, Graph::Init(dir_, kSchema, "s.pg"));
    OG_ASSERT_OK(g_->LoadText(kSeed, "seed.jsonl", LoadMode::kOverwrite, {}));
  }

  Result<MutationResult> Mutate(const std::string& gq, const nlohmann::json& params = {},
                                const MutateOptions& options = {}) {
    return g_->Mutate(gq, "", params.is_null() ? nlohmann::json::object() : params, options);
  }

  std::string Export() {
    std::ostringstream out;
    OG_EXPECT_OK(g_->Export({}, {}, out));
    return out.str();
  }

  // "name:age" per person, sorted. A failed read fails the test and returns the one line
  // "error: <status>".
  std::vector<std::string> People() {
    auto r = g_->Query("query q() { match { $p: Person } return { $p.name, $p.age } order { $p.name asc } }",
                       "", nlohmann::json::object());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return {"error: " + r.status().ToString()};
    std::vector<std::string> out;
    for (const auto& row : r->RowsJson()) {
      out.push_back(row["p.name"].get<std::string>() + ":" +
                    (row["p.age"].is_null() ? "null" : row["p.age"].dump()));
    }
    return out;
  }

  int64_t EdgeCount(const std::string& type) {
    std::ostringstream out;
    OG_EXPECT_OK(g_->Export({}, {type}, out));
    std::string s = out.str();
    return std::count(s.begin(), s.end(), '\n');
  }

  // The version of table `key` at the head (0 if absent); when the head cannot be read the test
  // fails and this returns UINT64_MAX.
  uint64_t TableVersion(const std::string& key) {
    auto snap = g_->Snapshot();
    EXPECT_TRUE(snap.ok()) << snap.status().ToString();
    if (!snap.ok()) return std::numeric_limits<uint64_t>::max();
    for (const auto& t : snap->tables) {
      if (t.table_key == key) return t.version;
    }
    return 0;
  }

  // The head commit id; "<error: ...>" (failing the test) when it cannot be read.
  std::string Head() {
    auto snap = g_->Snapshot();
    EXPECT_TRUE(snap.ok()) << snap.status().ToString();
    if (!snap.ok()) return "<error: " + snap.status().ToString() + ">";
    return snap->commit_id;
  }

  std::string dir_;
  std::unique_ptr<Graph> g_;
};

TEST_F(WriteGuarantees, W02_W03_WritesCreateNoHiddenBranches) {
  for (int i = 0; i < 3; ++i) {
    OG_ASSERT_OK(g_->LoadText(R"({"type":"Company","data":{"name":"c"}})", "x", LoadMode::kMerge, {}));
  }
  OG_ASSERT_OK(Mutate(R"(query q() { insert Company { name: "d" } })"));
  OG_ASSIGN_OR_FAIL(auto branches, g_->ListBranches());
  EXPECT_EQ(branches, (std::vector<std::string>{"main"}));
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
  OG_EXPECT_OK(Mutate(R"(query q() { insert Person { name: "dan" } })"));
}

TEST_F(WriteGuarantees, W05_W10_AMultiStatementMutationIsOneCommitWithReadYourWrites) {
  uint64_t people_v = TableVersion("node:Person"), knows_v = TableVersion("edge:Knows");
  OG_ASSIGN_OR_FAIL(auto commits_before, g_->ListCommits());
  size_t commits = commits_before.size();
  auto r = Mutate(R"(query q() {
    insert Person { name: "dan" }
    insert Person { name: "erin" }
    insert Knows { from: "dan", to: "erin" }
  })");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->affected_nodes, 2);
  EXPECT_EQ(r->affected_edges, 1);
  OG_ASSIGN_OR_FAIL(auto commits_after, g_->ListCommits());
  EXPECT_EQ(commits_after.size(), commits + 1);
  EXPECT_EQ(TableVersion("node:Person"), people_v + 1);  // two inserts, one table version
  EXPECT_EQ(TableVersion("edge:Knows"), knows_v + 1);
}

TEST_F(WriteGuarantees, W11_TheActorIsRecordedOnTheCommit) {
  MutateOptions o;
  o.actor = "agent-7";
  OG_ASSIGN_OR_FAIL(auto r, Mutate(R"(query q() { insert Person { name: "dan" } })", {}, o));
  OG_ASSIGN_OR_FAIL(auto commit, g_->ShowCommit(r.commit->id));
  EXPECT_EQ(commit.actor, "agent-7");
}

TEST_F(WriteGuarantees, W12_InsertingAnExistingKeyIsAnUpsert) {
  OG_ASSERT_OK(Mutate(R"(query q() { insert Person { name: "alice", age: 99 } })"));
  EXPECT_EQ(People(), (std::vector<std::string>{"alice:99", "bob:25", "carol:null"}));
}

TEST_F(WriteGuarantees, W13_UpdatingTheKeyIsRejected) {
  auto r = Mutate(R"(query q() { update Person set { name: "zed" } where name = "alice" })");
  EXPECT_EQ(r.status().code(), StatusCode::BadRequest);
}

TEST_F(WriteGuarantees, W14_W15_DeleteCascadesToIncidentEdgesAndOnlyThere) {
  OG_ASSERT_OK(Mutate(R"(query q() { delete Person where name = "alice" })"));
  EXPECT_EQ(EdgeCount("Knows"), 0);
  EXPECT_EQ(EdgeCount("WorksAt"), 0);
  uint64_t knows_v = TableVersion("edge:Knows"), works_v = TableVersion("edge:WorksAt");
  OG_ASSERT_OK(Mutate(R"(query q() { delete Person where name = "carol" })"));  // no edges
  EXPECT_EQ(TableVersion("edge:Knows"), knows_v);
  EXPECT_EQ(TableVersion("edge:WorksAt"), works_v);
}

TEST_F(WriteGuarantees, W16_W30_MatchingNothingAffectsZeroAndPublishesNothing) {
  std::string head = Head();
  OG_ASSIGN_OR_FAIL(auto u, Mutate(R"(query q() { update Person set { age: 1 } where name = "nobody" })"));
  OG_ASSIGN_OR_FAIL(auto d, Mutate(R"(query q() { delete Person where name = "nobody" })"));
  EXPECT_EQ(u.affected_nodes, 0);
  EXPECT_EQ(d.affected_nodes, 0);
  EXPECT_FALSE(u.commit.has_value());
  EXPECT_TRUE(u.ToJson()["commit"].is_null());
  EXPECT_EQ(Head(), head);
}

TEST_F(WriteGuarantees, W17_W18_OverlappingDeletesCountOnceAndNullsFollowSqlLogic) {
  OG_ASSIGN_OR_FAIL(auto r, Mutate(R"(query q() {
    delete Person where age > 20
    delete Person where name = "alice"
    delete Person where name = "carol"
  })"));
  EXPECT_EQ(r.affected_nodes, 3);  // alice counted once; carol (age null) deleted by its own statement
  EXPECT_TRUE(People().empty());
}

TEST_F(WriteGuarantees, W19_W20_RepeatedStatementsOnOneTableAllApply) {
  OG_ASSERT_OK(Mutate(R"(query q() {
    update Person set { age: 1 } where name = "bob"
    update Person set { age: 2 } where name = "bob"
    delete Knows where from = "alice"
    delete Knows where from = "bob"
  })"));
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
  OG_EXPECT_OK(g_->LoadText(R"({"type":"Company","data":{"name":"globex"}})", "x", LoadMode::kAppend, {}));
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
  OG_ASSERT_OK(Mutate(R"(query q() { insert Person { name: "dan" } })"));
  OG_ASSERT_OK(Mutate(R"(query q() { insert Person { name: "erin" } })"));
  OG_ASSERT_OK(Mutate(R"(query q() { delete Person where name = "dan" })"));
  std::string here = Export();
  OG_ASSIGN_OR_FAIL(auto reopened, Graph::Open(dir_));
  std::ostringstream out;
  OG_ASSERT_OK(reopened->Export({}, {}, out));
  EXPECT_EQ(out.str(), here);
}

TEST_F(WriteGuarantees, S01_S03_LaterStatementsSeePendingValues) {
  uint64_t v = TableVersion("node:Person");
  OG_ASSERT_OK(Mutate(R"(query q() {
    insert Person { name: "dan", age: 1 }
    update Person set { age: 2 } where name = "dan"
    update Person set { age: 3 } where age = 2
  })"));
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
  OG_ASSERT_OK(g_->Query("query q() { match { $a: Person  $a knows $b } return { $b.name } }", "",
                        nlohmann::json::object()));  // warm the topology cache
  OG_ASSERT_OK(Mutate(R"(query q() { insert Person { name: "dan" }  insert Knows { from: "carol", to: "dan" } })"));
  OG_ASSIGN_OR_FAIL(auto r, g_->Query("query q() { match { $a: Person { name: \"carol\" }  $a knows $b } return { $b.name } }",
                     "", nlohmann::json::object()));
  ASSERT_EQ(r.row_count(), 1);
  EXPECT_EQ(r.RowsJson()[0]["b.name"], "dan");
}

TEST_F(WriteGuarantees, C01_SameIdAppendsFromManyHandlesHaveOneWinner) {
  constexpr int kHandles = 6;
  std::vector<std::unique_ptr<Graph>> handles;
  for (int i = 0; i < kHandles; ++i) {
    OG_ASSIGN_OR_FAIL(auto handle, Graph::Open(dir_));
    handles.push_back(std::move(handle));
  }
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kHandles; ++i) {
    threads.emplace_back([&, i] {
      std::string line = "{\"type\":\"Person\",\"data\":{\"name\":\"same\",\"age\":" + std::to_string(i) + "}}\n";
      std::string other = "{\"type\":\"Company\",\"data\":{\"name\":\"co" + std::to_string(i) + "\"}}\n";
      if (handles[i]->LoadText(line, "x", LoadMode::kAppend, {}).ok()) ++ok;
      OG_EXPECT_OK(handles[i]->LoadText(other, "y", LoadMode::kAppend, {}));  // disjoint ids survive
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  auto people = People();
  EXPECT_EQ(std::count_if(people.begin(), people.end(), [](const std::string& p) { return p.rfind("same:", 0) == 0; }), 1);
  OG_ASSIGN_OR_FAIL(auto companies, g_->Query("query q() { match { $c: Company } return { count($c) as n } }", "",
                             nlohmann::json::object()));
  EXPECT_EQ(companies.RowsJson()[0]["n"], 1 + kHandles);
}

TEST_F(WriteGuarantees, C03_AHandleOpenedEarlierWritesOnTheCurrentHead) {
  OG_ASSIGN_OR_FAIL(auto early, Graph::Open(dir_));
  OG_ASSERT_OK(Mutate(R"(query q() { update Person set { age: 1 } where name = "bob" })"));
  auto r = early->Mutate(R"(query q() { update Person set { age: 2 } where name = "bob" })", "",
                         nlohmann::json::object());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(People().at(1), "bob:2");
}

TEST_F(WriteGuarantees, C04_C06_AStaleConditionalWriteFailsWithoutEffectAndIsNeverRetried) {
  std::string head = Head();
  OG_ASSERT_OK(Mutate(R"(query q() { insert Person { name: "dan" } })"));
  MutateOptions stale;
  stale.if_commit = head;
  std::string now = Head();
  auto r = Mutate(R"(query q() { insert Person { name: "erin" } })", {}, stale);
  EXPECT_EQ(r.status().code(), StatusCode::PreconditionFailed);
  EXPECT_NE(r.status().message().find(now), std::string::npos);  // names the actual head
  // The wire body carries both heads (ErrorOutput.precondition_failure), and no `code` (412).
  OrderedJson body = ErrorOutputJson(r.status());
  EXPECT_EQ(body["precondition_failure"], (OrderedJson{{"expected", head}, {"actual", now}}));
  EXPECT_FALSE(body.contains("code"));
  EXPECT_EQ(Head(), now);
  MutateOptions current;
  current.if_commit = now;
  OG_EXPECT_OK(Mutate(R"(query q() { insert Person { name: "erin" } })", {}, current));
}

TEST_F(WriteGuarantees, C11_CardinalityReadsLiveStateAcrossHandles) {
  OG_ASSIGN_OR_FAIL(auto stale, Graph::Open(dir_));
  OG_ASSERT_OK(stale->Snapshot());  // warm the stale handle's view
  OG_ASSERT_OK(Mutate(R"(query q() { insert Company { name: "globex" }  insert WorksAt { from: "bob", to: "globex" } })"));
  auto r = stale->Mutate(R"(query q() { insert WorksAt { from: "bob", to: "acme" } })", "",
                         nlohmann::json::object());
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("@card"), std::string::npos) << r.status().ToString();
}

TEST_F(WriteGuarantees, C19_ReadsSeeOtherHandlesCommitsWithoutRefresh) {
  OG_ASSIGN_OR_FAIL(auto other, Graph::Open(dir_));
  OG_ASSERT_OK(g_->Query("query q() { match { $a: Person  $a knows $b } return { $b.name } }", "",
                        nlohmann::json::object()));
  OG_ASSERT_OK(other->Mutate(R"(query q() { insert Knows { from: "carol", to: "bob" } })", "",
                            nlohmann::json::object()));
  OG_ASSIGN_OR_FAIL(auto r, g_->Query("query q() { match { $a: Person { name: \"carol\" }  $a knows $b } return { $b.name } }",
                     "", nlohmann::json::object()));
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
    OG_ASSIGN_OR_FAIL(g_, Graph::Init(dir_, R"(
node Doc { docId: String @key  firstSeen: Date?  embedding: Vector(3)?  viewCount: I64? }
)", "s.pg"));
  }
  std::string dir_;
  std::unique_ptr<Graph> g_;
};

TEST_F(ValueGuarantees, W32_CamelCasePropertiesWorkInPredicatesUpdatesAndDeletes) {
  auto q = [&](const std::string& gq) { return g_->Mutate(gq, "", nlohmann::json::object()); };
  OG_ASSERT_OK(q(R"(query q() { insert Doc { docId: "a", viewCount: 1 }  insert Doc { docId: "b", viewCount: 2 } })"));
  auto u = q(R"(query q() {
    update Doc set { viewCount: 10 } where viewCount = 1
    update Doc set { viewCount: 11 } where viewCount = 10
    delete Doc where docId = "b"
  })");
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  OG_ASSIGN_OR_FAIL(auto r, g_->Query("query q() { match { $d: Doc } return { $d.docId, $d.viewCount } }", "",
                     nlohmann::json::object()));
  ASSERT_EQ(r.row_count(), 1);
  EXPECT_EQ(r.RowsJson()[0]["d.viewCount"], 11);
}

TEST_F(ValueGuarantees, W33_ADateLiteralWithAQuoteIsAnErrorNotAnInjection) {
  OG_ASSERT_OK(g_->Mutate(R"(query q() { insert Doc { docId: "a", firstSeen: date("2024-01-02") } })", "",
                         nlohmann::json::object()));
  auto r = g_->Query(R"(query q() { match { $d: Doc { firstSeen: date("2024-01-02' or '1'='1") } } return { $d.docId } })",
                     "", nlohmann::json::object());
  EXPECT_EQ(r.status().code(), StatusCode::BadRequest) << r.status().ToString();
}

TEST_F(ValueGuarantees, W37_W38_VectorElementsMustBeNumbersAndNullVectorsRoundTrip) {
  auto bad = g_->LoadText(R"({"type":"Doc","data":{"docId":"a","embedding":[1.0,null,3.0]}})", "v.jsonl",
                          LoadMode::kMerge, {});
  EXPECT_EQ(bad.status().code(), StatusCode::BadRequest);
  OG_ASSERT_OK(g_->LoadText("{\"type\":\"Doc\",\"data\":{\"docId\":\"a\",\"embedding\":null}}\n"
                           "{\"type\":\"Doc\",\"data\":{\"docId\":\"b\",\"embedding\":[1,2,3]}}\n",
                           "v.jsonl", LoadMode::kMerge, {}));
  OG_ASSIGN_OR_FAIL(auto a, g_->EntityAt({}, "Doc", "a"));
  OG_ASSIGN_OR_FAIL(auto b, g_->EntityAt({}, "Doc", "b"));
  EXPECT_TRUE(a["embedding"].is_null());
  ASSERT_TRUE(b["embedding"].is_array());
  EXPECT_EQ(b["embedding"][2], 3.0);
  EXPECT_TRUE(b["viewCount"].is_null());
}

TEST_F(WriteGuarantees, W35_FilteredReadsStayConsistentAfterUpsertsAndDeletes) {
  OG_ASSERT_OK(g_->LoadText(R"({"type":"Person","data":{"name":"bob","age":26}})", "x", LoadMode::kMerge, {}));
  OG_ASSERT_OK(g_->LoadText(R"({"type":"Person","data":{"name":"bob","age":27}})", "x", LoadMode::kMerge, {}));
  OG_ASSERT_OK(Mutate(R"(query q() { delete Person where name = "carol" })"));
  OG_ASSIGN_OR_FAIL(auto r, g_->Query(R"(query q() { match { $p: Person { name: "bob" } } return { $p.age } })", "",
                     nlohmann::json::object()));
  ASSERT_EQ(r.row_count(), 1);
  EXPECT_EQ(r.RowsJson()[0]["p.age"], 27);
  OG_ASSIGN_OR_FAIL(auto older, g_->Query(R"(query q() { match { $p: Person  $p.age < 27 } return { $p.name } })", "",
                         nlohmann::json::object()));
  EXPECT_EQ(older.row_count(), 0);  // alice is 30; bob's old rows are gone
}

}  // namespace
}  // namespace og
