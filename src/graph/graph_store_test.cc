#include "graph/graph_store.h"

#include <gtest/gtest.h>

#include <thread>

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

std::shared_ptr<store::ObjectStore> NewStore() {
  static int n = 0;
  return store::OpenStore("memory://graph-store-test-" + std::to_string(++n)).ValueOrDie();
}

TEST(GraphStore, InitWritesFormatSchemaAndFirstCommitOnMain) {
  auto s = NewStore();
  auto gs = GraphStore::Init(s, kSchema, "s.pg");
  ASSERT_TRUE(gs.ok()) << gs.status().ToString();
  auto snap = (*gs)->OpenBranch("main");
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_EQ(snap->seq, 0u);
  EXPECT_EQ(snap->commit->kind, CommitKind::kInit);
  EXPECT_TRUE(snap->commit->parents.empty());
  ASSERT_NE(snap->catalog->FindNode("Person"), nullptr);
  EXPECT_TRUE(s->Get(store::FormatKey()).ok());
  auto src = (*gs)->ReadSchemaSource(snap->commit->schema_hash);
  ASSERT_TRUE(src.ok());
  EXPECT_EQ(*src, kSchema);
}

TEST(GraphStore, InitRefusesARootThatHoldsAGraph) {
  auto s = NewStore();
  ASSERT_TRUE(GraphStore::Init(s, kSchema, "s.pg").ok());
  auto again = GraphStore::Init(s, kSchema, "s.pg");
  EXPECT_TRUE(again.status().IsConflict()) << again.status().ToString();
}

TEST(GraphStore, InitWithABadSchemaWritesNothing) {
  auto s = NewStore();
  auto gs = GraphStore::Init(s, "node Person { name: Strin }", "bad.pg");
  EXPECT_TRUE(gs.status().IsBadRequest());
  EXPECT_TRUE(s->List("").ValueOrDie().empty());
}

TEST(GraphStore, OpenOfAnEmptyRootIsNotFound) {
  auto gs = GraphStore::Open(NewStore());
  EXPECT_TRUE(gs.status().IsNotFound());
}

TEST(GraphStore, PublishAdvancesTheHeadAndKeepsHistoryReadable) {
  auto s = NewStore();
  auto gs = GraphStore::Init(s, kSchema, "s.pg").MoveValueUnsafe();
  Snapshot base = gs->OpenBranch("main").ValueOrDie();
  CommitRequest req;
  req.kind = CommitKind::kLoad;
  req.actor = "alice";
  req.updated["node:Person"] = TableEntry{"node-Person", "tables/node-Person/manifests/x.json", 1, 4};
  auto next = gs->Publish(base, req);
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->seq, 1u);
  Snapshot head = gs->OpenBranch("main").ValueOrDie();
  EXPECT_EQ(head.commit->id, next->commit->id);
  EXPECT_EQ(head.commit->parents, std::vector<std::string>{base.commit->id});
  EXPECT_EQ(head.commit->actor, "alice");
  EXPECT_EQ(head.commit->touched, std::vector<std::string>{"node:Person"});
  ASSERT_NE(head.Table("node:Person"), nullptr);
  EXPECT_EQ(head.Table("node:Person")->rows, 4);
  // The old commit still opens, unchanged.
  Snapshot old = gs->OpenCommit(base.commit->id).ValueOrDie();
  EXPECT_EQ(old.Table("node:Person"), nullptr);
}

TEST(GraphStore, ConcurrentPublishersFromOneBaseHaveExactlyOneWinner) {
  auto s = NewStore();
  auto gs = GraphStore::Init(s, kSchema, "s.pg").MoveValueUnsafe();
  Snapshot base = gs->OpenBranch("main").ValueOrDie();
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
  EXPECT_EQ(gs->OpenBranch("main").ValueOrDie().seq, 1u);
}

TEST(GraphStore, ALostRaceOnDisjointTablesRebasesOntoTheWinner) {
  auto s = NewStore();
  auto gs = GraphStore::Init(s, kSchema, "s.pg").MoveValueUnsafe();
  Snapshot base = gs->OpenBranch("main").ValueOrDie();
  CommitRequest people, knows;
  people.updated["node:Person"] = TableEntry{"node-Person", "mp", 1, 2};
  knows.updated["edge:Knows"] = TableEntry{"edge-Knows", "mk", 1, 1};
  ASSERT_TRUE(gs->Publish(base, people).ok());
  auto second = gs->Publish(base, knows);  // same base: loses the race, then rebases
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->seq, 2u);
  ASSERT_NE(second->Table("node:Person"), nullptr);  // the winner's table is kept
  ASSERT_NE(second->Table("edge:Knows"), nullptr);
  EXPECT_EQ(second->commit->touched, std::vector<std::string>{"edge:Knows"});
}

TEST(GraphStore, ALostRaceOnATableTheWriteTouchedOrReadIsAConflictWithVersions) {
  auto s = NewStore();
  auto gs = GraphStore::Init(s, kSchema, "s.pg").MoveValueUnsafe();
  CommitRequest v1;
  v1.updated["node:Person"] = TableEntry{"node-Person", "m1", 1, 1};
  Snapshot base = gs->Publish(gs->OpenBranch("main").ValueOrDie(), v1).ValueOrDie();
  CommitRequest winner, loser, reader;
  winner.updated["node:Person"] = TableEntry{"node-Person", "m2", 2, 2};
  loser.updated["node:Person"] = TableEntry{"node-Person", "m3", 2, 3};
  reader.updated["edge:Knows"] = TableEntry{"edge-Knows", "k1", 1, 1};
  reader.read_tables = {"node:Person"};  // e.g. checked edge endpoints against Person
  ASSERT_TRUE(gs->Publish(base, winner).ok());
  for (const CommitRequest* req : {&loser, &reader}) {
    auto st = gs->Publish(base, *req).status();
    ASSERT_TRUE(st.IsConflict()) << st.ToString();
    auto* detail = dynamic_cast<ConflictDetail*>(st.detail().get());
    ASSERT_NE(detail, nullptr) << st.ToString();
    EXPECT_EQ(detail->table(), "node:Person");
    EXPECT_EQ(detail->expected_version(), 1u);
    EXPECT_EQ(detail->actual_version(), 2u);
  }
  EXPECT_EQ(gs->OpenBranch("main").ValueOrDie().seq, 2u);  // nothing else was published
}

TEST(GraphStore, BranchNamesWithSlashesAreOnePathSegment) {
  auto s = NewStore();
  ASSERT_TRUE(TryPublishRef(*s, "feature/x", RefEntry{0, "C1", false}).ValueOrDie());
  auto keys = s->List("refs/branches/").ValueOrDie();
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].key, "refs/branches/feature%2Fx/00000000000000000000.json");
  auto head = ReadBranchHead(*s, "feature/x").ValueOrDie();
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->commit_id, "C1");
  EXPECT_EQ(ListLiveBranches(*s).ValueOrDie(), std::vector<std::string>{"feature/x"});
}

TEST(GraphStore, AWarmCheckOfAnUnchangedHeadIsOneList) {
  auto s = NewStore();
  auto gs = GraphStore::Init(s, kSchema, "s.pg").MoveValueUnsafe();
  ASSERT_TRUE(gs->OpenBranch("main").ok());  // warms the ref, commit and catalog caches
  auto before = s->stats().Snapshot();
  ASSERT_TRUE(gs->OpenBranch("main").ok());
  auto cost = s->stats().Snapshot() - before;
  EXPECT_EQ(cost.lists, 1u);
  EXPECT_EQ(cost.reads, 0u);
  EXPECT_EQ(cost.writes, 0u);
}

}  // namespace
}  // namespace og::graph
