// Plan-level tests of the read executor: BFS hop semantics, undirected walks, edge bindings,
// anti-joins, aggregates, ordering with the total tie-break, and topology cache reuse. Graphs are
// written through the real table and graph layers on an in-memory store.
#include "exec/executor.h"

#include <arrow/api.h>
#include <gtest/gtest.h>

#include "common/arrow_util.h"
#include "common/testing.h"
#include "exec/table_access.h"
#include "graph/table_schema.h"
#include "store/store_factory.h"

namespace og::exec {
namespace {

constexpr const char* kSchema = R"(
node Person { name: String @key  age: I32? }
node Company { name: String @key }
edge Knows: Person -> Person { since: I32? }
edge WorksAt: Person -> Company
)";

// Column builders for test rows; a builder failure fails the test (and yields null).
std::shared_ptr<arrow::Array> Strings(const std::vector<std::string>& v) {
  arrow::StringBuilder b;
  std::shared_ptr<arrow::Array> out;
  arrow::Status st = b.AppendValues(v);
  if (st.ok()) st = b.Finish(&out);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out;
}

std::shared_ptr<arrow::Array> Ints(const std::vector<std::optional<int32_t>>& v) {
  arrow::Int32Builder b;
  std::shared_ptr<arrow::Array> out;
  arrow::Status st;
  for (const auto& x : v) {
    if (st.ok()) st = x ? b.Append(*x) : b.AppendNull();
  }
  if (st.ok()) st = b.Finish(&out);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out;
}

class ExecutorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int n = 0;
    OG_ASSIGN_OR_FAIL(auto s, store::OpenStore("memory://executor-test-" + std::to_string(++n)));
    OG_ASSIGN_OR_FAIL(graph_, graph::GraphStore::Init(s, kSchema, "s.pg"));
  }

  // Publish one commit holding exactly these people and edges.
  void Write(const std::vector<std::pair<std::string, std::optional<int32_t>>>& people,
             const std::vector<std::pair<std::string, std::string>>& knows,
             const std::vector<std::pair<std::string, std::string>>& works = {},
             const std::vector<std::string>& companies = {}) {
    OG_ASSIGN_OR_FAIL(graph::Snapshot base, graph_->OpenBranch("main"));
    graph::CommitRequest req;
    std::vector<std::string> names, ids;
    std::vector<std::optional<int32_t>> ages;
    for (const auto& [name, age] : people) {
      names.push_back(name);
      ages.push_back(age);
    }
    auto person = arrow::Table::Make(graph::NodeTableSchema(*base.catalog->FindNode("Person")),
                                     {Strings(names), Strings(names), Ints(ages)});
    Stage(base, "node:Person", person, &req);
    auto company = arrow::Table::Make(graph::NodeTableSchema(*base.catalog->FindNode("Company")),
                                      {Strings(companies), Strings(companies)});
    Stage(base, "node:Company", company, &req);
    StageEdges(base, "Knows", knows, &req);
    StageEdges(base, "WorksAt", works, &req);
    OG_ASSERT_OK(graph_->Publish(base, req));
  }

  void StageEdges(const graph::Snapshot& base, const std::string& type,
                  const std::vector<std::pair<std::string, std::string>>& edges,
                  graph::CommitRequest* req) {
    std::vector<std::string> ids, src, dst;
    std::vector<std::optional<int32_t>> since;
    for (size_t i = 0; i < edges.size(); ++i) {
      ids.push_back(type + std::to_string(i));
      src.push_back(edges[i].first);
      dst.push_back(edges[i].second);
      since.push_back(static_cast<int32_t>(2000 + i));
    }
    auto schema = graph::EdgeTableSchema(*base.catalog->FindEdge(type));
    arrow::ArrayVector cols = {Strings(ids), Strings(src), Strings(dst)};
    if (type == "Knows") cols.push_back(Ints(since));
    Stage(base, "edge:" + type, arrow::Table::Make(schema, cols), req);
  }

  void Stage(const graph::Snapshot& base, const std::string& key,
             std::shared_ptr<arrow::Table> rows, graph::CommitRequest* req) {
    TableChange change;
    change.truncate = true;
    change.inserts = rows;
    OG_ASSIGN_OR_FAIL(req->updated[key], StageTableChange(*graph_, base, key, change, req));
  }

  // Run and render each row as "a|b|c" (null as "null"). A failure fails the test, and the rows
  // are then the one line "error: <status>".
  std::vector<std::string> Run(const Plan& plan) {
    auto rows = TryRun(plan);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    if (!rows.ok()) return {"error: " + rows.status().ToString()};
    return *rows;
  }

  Result<std::vector<std::string>> TryRun(const Plan& plan) {
    OG_ASSIGN_OR_RAISE(graph::Snapshot snap, graph_->OpenBranch("main"));
    OG_ASSIGN_OR_RAISE(auto table, ExecuteRead(*graph_, snap, cache_, plan));
    OG_ARROW_ASSIGN_OR_RAISE(auto batch, table->CombineChunksToBatch());
    std::vector<std::string> rows;
    for (int64_t r = 0; r < batch->num_rows(); ++r) {
      std::string line;
      for (int c = 0; c < batch->num_columns(); ++c) {
        OG_ARROW_ASSIGN_OR_RAISE(auto s, batch->column(c)->GetScalar(r));
        if (c) line.push_back('|');
        line.append(s->is_valid ? s->ToString() : std::string("null"));
      }
      rows.push_back(line);
    }
    return rows;
  }

  static Constant Str(const std::string& s) { return Constant::String(s); }

  // Plan: $p: Person {name: start}  $p knows{min,max} $f  return $f.name
  Plan Reach(const std::string& start, int min, int max, Direction dir = Direction::kOut) {
    Plan plan;
    plan.vars = {{"p", false, "Person"}, {"f", false, "Person"}};
    ScanStep scan{0, {Predicate{Operand::Property(0, "name"), CmpOp::kEq, Operand::Const(Str(start))}}};
    plan.steps.push_back(Step{scan});
    ExpandStep ex;
    ex.src = 0;
    ex.dst = 1;
    ex.edge_type = "Knows";
    ex.dir = dir;
    ex.min_hops = min;
    ex.max_hops = max;
    plan.steps.push_back(Step{ex});
    plan.projections = {{"f.name", Operand::Property(1, "name"), AggKind::kNone}};
    plan.order = {OrderSpec{0, {}, false}};
    return plan;
  }

  std::unique_ptr<graph::GraphStore> graph_;
  GraphDataCache cache_;
};

using Rows = std::vector<std::string>;

TEST_F(ExecutorTest, MultiHopReportsEachNodeOnceAtItsFirstHop) {
  Write({{"A", 1}, {"B", 2}, {"C", 3}, {"D", 4}}, {{"A", "B"}, {"B", "C"}, {"C", "D"}, {"A", "C"}});
  EXPECT_EQ(Run(Reach("A", 1, 3)), (Rows{"B", "C", "D"}));
  // C is first reached at hop 1 (A→C), so {2,2} reports only D.
  EXPECT_EQ(Run(Reach("A", 2, 2)), (Rows{"D"}));
  EXPECT_EQ(Run(Reach("A", 3, 3)), (Rows{}));
}

TEST_F(ExecutorTest, CyclesTerminateAndNeverReportTheSource) {
  Write({{"A", 1}, {"B", 2}}, {{"A", "B"}, {"B", "A"}});
  EXPECT_EQ(Run(Reach("A", 1, 10)), (Rows{"B"}));
  EXPECT_EQ(Run(Reach("A", 2, 2)), (Rows{}));
}

TEST_F(ExecutorTest, SelfLoopIsALengthOneWalk) {
  Write({{"A", 1}, {"B", 2}}, {{"A", "A"}, {"A", "B"}, {"B", "B"}});
  EXPECT_EQ(Run(Reach("A", 1, 1)), (Rows{"A", "B"}));
  EXPECT_EQ(Run(Reach("A", 1, 1, Direction::kBoth)), (Rows{"A", "B"}));
  // B is first reached at hop 1 (below min 2); its self-loop reaches it again at hop 2.
  EXPECT_EQ(Run(Reach("A", 2, 2)), (Rows{"B"}));
}

TEST_F(ExecutorTest, UndirectedWalkUsesBothDirectionsWithSetSemantics) {
  Write({{"A", 1}, {"B", 2}, {"C", 3}, {"D", 4}}, {{"A", "B"}, {"A", "C"}, {"B", "D"}, {"D", "B"}});
  EXPECT_EQ(Run(Reach("B", 1, 1, Direction::kBoth)), (Rows{"A", "D"}));
  EXPECT_EQ(Run(Reach("B", 1, 1, Direction::kIn)), (Rows{"A", "D"}));
  EXPECT_EQ(Run(Reach("C", 1, 2, Direction::kBoth)), (Rows{"A", "B"}));
}

TEST_F(ExecutorTest, ParallelEdgesGiveOneRowUnlessTheEdgeIsBound) {
  Write({{"A", 1}, {"B", 2}}, {{"A", "B"}, {"A", "B"}});
  EXPECT_EQ(Run(Reach("A", 1, 1)), (Rows{"B"}));
  Plan plan = Reach("A", 1, 1);
  plan.vars.push_back({"w", true, "Knows"});
  std::get<ExpandStep>(plan.steps[1].op).edge_var = 2;
  plan.projections.push_back({"w.since", Operand::Property(2, "since"), AggKind::kNone});
  EXPECT_EQ(Run(plan), (Rows{"B|2000", "B|2001"}));
}

TEST_F(ExecutorTest, AntiJoinKeepsRowsWithNoInnerMatch) {
  Write({{"A", 1}, {"B", 2}, {"C", 3}}, {{"A", "B"}}, {{"A", "Acme"}}, {"Acme"});
  Plan plan;
  plan.vars = {{"p", false, "Person"}, {"_c", false, "Company"}};
  plan.steps.push_back(Step{ScanStep{0, {}}});
  ExpandStep ex;
  ex.src = 0;
  ex.dst = 1;
  ex.edge_type = "WorksAt";
  AntiJoinStep anti;
  anti.inner.push_back(Step{ex});
  plan.steps.push_back(Step{anti});
  plan.projections = {{"p.name", Operand::Property(0, "name"), AggKind::kNone}};
  plan.order = {OrderSpec{0, {}, false}};
  EXPECT_EQ(Run(plan), (Rows{"B", "C"}));
}

TEST_F(ExecutorTest, OrderBreaksTiesByIdAndPutsNullsFirstAscending) {
  Write({{"Bob", 30}, {"Alice", 30}, {"Carl", std::nullopt}, {"Dan", 25}}, {});
  Plan plan;
  plan.vars = {{"p", false, "Person"}};
  plan.steps.push_back(Step{ScanStep{0, {}}});
  plan.projections = {{"p.name", Operand::Property(0, "name"), AggKind::kNone}};
  OrderSpec by_age;
  by_age.value = Operand::Property(0, "age");
  plan.order = {by_age};
  EXPECT_EQ(Run(plan), (Rows{"Carl", "Dan", "Alice", "Bob"}));
  plan.order[0].desc = true;
  EXPECT_EQ(Run(plan), (Rows{"Alice", "Bob", "Dan", "Carl"}));
  plan.limit = 2;
  EXPECT_EQ(Run(plan), (Rows{"Alice", "Bob"}));
}

TEST_F(ExecutorTest, AggregatesGroupByKeysAndAGlobalAggregateAlwaysHasOneRow) {
  Write({{"A", 30}, {"B", 20}, {"C", std::nullopt}}, {{"A", "B"}, {"A", "C"}, {"B", "C"}});
  Plan plan;
  plan.vars = {{"p", false, "Person"}, {"f", false, "Person"}};
  plan.steps.push_back(Step{ScanStep{0, {}}});
  ExpandStep ex;
  ex.src = 0;
  ex.dst = 1;
  ex.edge_type = "Knows";
  plan.steps.push_back(Step{ex});
  plan.has_aggregate = true;
  plan.projections = {{"p.name", Operand::Property(0, "name"), AggKind::kNone},
                      {"n", Operand::Id(1), AggKind::kCount},
                      {"ages", Operand::Property(1, "age"), AggKind::kCount},
                      {"total", Operand::Property(1, "age"), AggKind::kSum},
                      {"oldest", Operand::Property(1, "age"), AggKind::kMax}};
  plan.order = {OrderSpec{1, {}, true}};
  EXPECT_EQ(Run(plan), (Rows{"A|2|1|20|20", "B|1|0|null|null"}));

  Plan global;
  global.vars = {{"p", false, "Person"}};
  global.steps.push_back(Step{ScanStep{0, {Predicate{Operand::Property(0, "name"), CmpOp::kEq,
                                                     Operand::Const(Str("nobody"))}}}});
  global.has_aggregate = true;
  global.projections = {{"total", Operand::Id(0), AggKind::kCount},
                        {"avg", Operand::Property(0, "age"), AggKind::kAvg}};
  EXPECT_EQ(Run(global), (Rows{"0|null"}));
}

TEST_F(ExecutorTest, AFilteredScanOfAnUnwalkedVariableIsPushedIntoTheTableScan) {
  Write({{"A", 10}, {"B", 20}, {"C", 30}}, {{"A", "B"}});
  Plan plan;
  plan.vars = {{"p", false, "Person"}};
  Constant twenty = Constant::Of(Cell::Int(20));
  plan.steps.push_back(Step{ScanStep{0, {Predicate{Operand::Property(0, "age"), CmpOp::kGe,
                                                   Operand::Const(twenty)}}}});
  plan.projections = {{"p.name", Operand::Property(0, "name"), AggKind::kNone}};
  plan.order = {OrderSpec{0, {}, false}};
  EXPECT_EQ(Run(plan), (Rows{"B", "C"}));
  EXPECT_EQ(cache_.node_builds(), 0);  // read through the pushed-down scan, not the full table
  // A second filtered read in the same process loads and caches the table.
  EXPECT_EQ(Run(plan), (Rows{"B", "C"}));
  EXPECT_EQ(cache_.node_builds(), 1);
  // Once the full table is cached, scans and walks use it.
  EXPECT_EQ(Run(Reach("A", 1, 1)), (Rows{"B"}));
  EXPECT_EQ(Run(plan), (Rows{"B", "C"}));
  EXPECT_EQ(cache_.node_builds(), 1);
}

TEST_F(ExecutorTest, TopologyIsBuiltOncePerTableVersion) {
  Write({{"A", 1}, {"B", 2}}, {{"A", "B"}});
  Run(Reach("A", 1, 1));
  Run(Reach("B", 1, 1, Direction::kIn));
  EXPECT_EQ(cache_.edge_builds(), 1);
  Write({{"A", 1}, {"B", 2}}, {{"B", "A"}});
  EXPECT_EQ(Run(Reach("B", 1, 1)), (Rows{"A"}));
  EXPECT_EQ(cache_.edge_builds(), 2);
}

}  // namespace
}  // namespace og::exec
