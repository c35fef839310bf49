#include "graph/graph_store.h"

#include <gtest/gtest.h>

#include <thread>

#include "common/testing.h"
#include "graph/ref_log.h"
#include "store/layout.h"
#include "store/memory_store.h"
#include "store/store_factory.h"

namespace og::graph {
namespace {

constexpr const char* kSchema = R"(
node Person { name: String @key  age: I32? }
edge Knows: Person -> Person
)";

Result<std::shared_ptr<store::ObjectStore>> NewStore() {
  static int n = 0;
  return store::OpenStore("memory://graph-store-test-" + std::to_string(++n));
}

TEST(GraphStore, InitWritesFormatSchemaAndFirstCommitOnMain) {
  OG_ASSIGN_OR_FAIL(auto s, NewStore());
  auto gs = GraphStore::Init(s, kSchema, "s.pg");
  ASSERT_TRUE(gs.ok()) << gs.status().ToString();
  auto snap = (*gs)->OpenBranch("main");
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_EQ(snap->seq, 0u);
  EXPECT_EQ(snap->commit->kind, CommitKind::kInit);
  EXPECT_TRUE(snap->commit->parents.empty());
  ASSERT_NE(snap->catalog->FindNode("Person"), nullptr);
  OG_EXPECT_OK(s->Get(store::FormatKey()));
  auto src = (*gs)->ReadSchemaSource(snap->commit->schema_hash);
  OG_ASSERT_OK(src);
  EXPECT_EQ(*src, kSchema);
}

TEST(GraphStore, InitRefusesARootThatHoldsAGraph) {
  OG_ASSIGN_OR_FAIL(auto s, NewStore());
  OG_ASSERT_OK(GraphStore::Init(s, kSchema, "s.pg"));
  auto again = GraphStore::Init(s, kSchema, "s.pg");
  EXPECT_TRUE(again.status().IsConflict()) << again.status().ToString();
}

TEST(GraphStore, InitWithABadSchemaWritesNothing) {
  OG_ASSIGN_OR_FAIL(auto s, NewStore());
  auto gs = GraphStore::Init(s, "node Person { name: Strin }", "bad.pg");
  EXPECT_TRUE(gs.status().IsBadRequest());
  OG_ASSIGN_OR_FAIL(auto listed, s->List(""));
  EXPECT_TRUE(listed.empty());
}

TEST(GraphStore, OpenOfAnEmptyRootIsNotFound) {
  OG_ASSIGN_OR_FAIL(auto empty, NewStore());
  auto gs = GraphStore::Open(empty);
  EXPECT_TRUE(gs.status().IsNotFound());
}

TEST(GraphStore, PublishAdvancesTheHeadAndKeepsHistoryReadable) {
  OG_ASSIGN_OR_FAIL(auto s, NewStore());
  OG_ASSIGN_OR_FAIL(auto gs, GraphStore::Init(s, kSchema, "s.pg"));
  OG_ASSIGN_OR_FAIL(Snapshot base, gs->OpenBranch("main"));
  CommitRequest req;
  req.kind = CommitKind::kLoad;
  req.actor = "alice";
  req.updated["node:Person"] = TableEntry{"node-Person", "tables/node-Person/manifests/x.json", 1, 4};
  auto next = gs->Publish(base, req);
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->seq, 1u);
  OG_ASSIGN_OR_FAIL(Snapshot head, gs->OpenBranch("main"));
  EXPECT_EQ(head.commit->id, next->commit->id);
  EXPECT_EQ(head.commit->parents, std::vector<std::string>{base.commit->id});
  EXPECT_EQ(head.commit->actor, "alice");
  EXPECT_EQ(head.commit->touched, std::vector<std::string>{"node:Person"});
  ASSERT_NE(head.Table("node:Person"), nullptr);
  EXPECT_EQ(head.Table("node:Person")->rows, 4);
  // The old commit still opens, unchanged.
  OG_ASSIGN_OR_FAIL(Snapshot old, gs->OpenCommit(base.commit->id));
  EXPECT_EQ(old.Table("node:Person"), nullptr);
}

TEST(GraphStore, ConcurrentPublishersFromOneBaseHaveExactlyOneWinner) {
  OG_ASSIGN_OR_FAIL(auto s, NewStore());
  OG_ASSIGN_OR_FAIL(auto gs, GraphStore::Init(s, kSchema, "s.pg"));
  OG_ASSIGN_OR_FAIL(Snapshot base, gs->OpenBranch("main"));
  constexpr int kWriters = 8;
  std::vector<Status> results(kWriters);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      CommitRequest req;
      req.updated["node:Person"] = TableEntry{"node-Person", "m" + std::to_string(i), 1, i};
      results[i] = gs->Publish(base, req).status();
    });
  }
  for (auto& t : threads) t.join();
  int wins = 0;
  for (const auto& st : results) {
    if (st.ok()) ++wins;
    else EXPECT_TRUE(st.IsConflict()) << st.ToString();
  }
  EXPECT_EQ(wins, 1);
  OG_ASSIGN_OR_FAIL(auto main_head, gs->OpenBranch("main"));
  EXPECT_EQ(main_head.seq, 1u);
}

TEST(GraphStore, ALostRaceOnDisjointTablesRebasesOntoTheWinner) {
  OG_ASSIGN_OR_FAIL(auto s, NewStore());
  OG_ASSIGN_OR_FAIL(auto gs, GraphStore::Init(s, kSchema, "s.pg"));
  OG_ASSIGN_OR_FAIL(Snapshot base, gs->OpenBranch("main"));
  CommitRequest people, knows;
  people.updated["node:Person"] = TableEntry{"node-Person", "mp", 1, 2};
  knows.updated["edge:Knows"] = TableEntry{"edge-Knows", "mk", 1, 1};
  OG_ASSERT_OK(gs->Publish(base, people));
  auto second = gs->Publish(base, knows);  // same base: loses the race, then rebases
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->seq, 2u);
  ASSERT_NE(second->Table("node:Person"), nullptr);  // the winner's table is kept
  ASSERT_NE(second->Table("edge:Knows"), nullptr);
  EXPECT_EQ(second->commit->touched, std::vector<std::string>{"edge:Knows"});
}

TEST(GraphStore, ALostRaceOnATableTheWriteTouchedOrReadIsAConflictWithVersions) {
  OG_ASSIGN_OR_FAIL(auto s, NewStore());
  OG_ASSIGN_OR_FAIL(auto gs, GraphStore::Init(s, kSchema, "s.pg"));
  CommitRequest v1;
  v1.updated["node:Person"] = TableEntry{"node-Person", "m1", 1, 1};
  OG_ASSIGN_OR_FAIL(auto main_head, gs->OpenBranch("main"));
  OG_ASSIGN_OR_FAIL(Snapshot base, gs->Publish(main_head, v1));
  CommitRequest winner, loser, reader;
  winner.updated["node:Person"] = TableEntry{"node-Person", "m2", 2, 2};
  loser.updated["node:Person"] = TableEntry{"node-Person", "m3", 2, 3};
  reader.updated["edge:Knows"] = TableEntry{"edge-Knows", "k1", 1, 1};
  reader.read_tables = {"node:Person"};  // e.g. checked edge endpoints against Person
  OG_ASSERT_OK(gs->Publish(base, winner));
  for (const CommitRequest* req : {&loser, &reader}) {
    auto st = gs->Publish(base, *req).status();
    ASSERT_TRUE(st.IsConflict()) << st.ToString();
    auto* detail = dynamic_cast<ConflictDetail*>(st.detail().get());
    ASSERT_NE(detail, nullptr) << st.ToString();
    EXPECT_EQ(detail->table(), "node:Person");
    EXPECT_EQ(detail->expected_version(), 1u);
    EXPECT_EQ(detail->actual_version(), 2u);
  }
  OG_ASSIGN_OR_FAIL(auto head_after, gs->OpenBranch("main"));
  EXPECT_EQ(head_after.seq, 2u);  // nothing else was published
}

TEST(GraphStore, BranchNamesWithSlashesAreOnePathSegment) {
  OG_ASSIGN_OR_FAIL(auto s, NewStore());
  OG_ASSIGN_OR_FAIL(auto created, TryPublishRef(*s, "feature/x", RefEntry{0, "C1", false}));
  ASSERT_TRUE(created);
  OG_ASSIGN_OR_FAIL(auto keys, s->List("refs/branches/"));
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].key, "refs/branches/feature%2Fx/00000000000000000000.json");
  OG_ASSIGN_OR_FAIL(auto head, ReadBranchHead(*s, "feature/x"));
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->commit_id, "C1");
  OG_ASSIGN_OR_FAIL(auto live, ListLiveBranches(*s));
  EXPECT_EQ(live, std::vector<std::string>{"feature/x"});
}

TEST(GraphStore, AWarmCheckOfAnUnchangedHeadIsOneList) {
  OG_ASSIGN_OR_FAIL(auto s, NewStore());
  OG_ASSIGN_OR_FAIL(auto gs, GraphStore::Init(s, kSchema, "s.pg"));
  OG_ASSERT_OK(gs->OpenBranch("main"));  // warms the ref, commit and catalog caches
  auto before = s->stats().Snapshot();
  OG_ASSERT_OK(gs->OpenBranch("main"));
  auto cost = s->stats().Snapshot() - before;
  EXPECT_EQ(cost.lists, 1u);
  EXPECT_EQ(cost.reads, 0u);
  EXPECT_EQ(cost.writes, 0u);
}

}  // namespace
}  // namespace og::graph
