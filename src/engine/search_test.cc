// Search through the embedded API (languages.md §4): the answer never depends on whether an index
// exists or covers every fragment. Each test builds the same seeded data twice — once in a graph
// whose schema indexes the text and vector properties (every write adds an index segment) and once
// without any @index (every search runs on sections built from the rows) — and requires identical
// answers, BM25 scores included, through loads, deletes, updates, optimize, branches and merges.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "common/testing.h"
#include "omnigraph/omnigraph.h"

namespace og {
namespace {

namespace fs = std::filesystem;

constexpr const char* kIndexed = R"(
node Doc { slug: String @key  title: String @index  body: String @index  status: String?
           embedding: Vector(8) @index }
)";
constexpr const char* kPlain = R"(
node Doc { slug: String @key  title: String  body: String  status: String?  embedding: Vector(8) }
)";

constexpr const char* kQueries = R"(
query s($q: String) { match { $d: Doc  search($d.body, $q) } return { $d.slug } order { $d.slug } }
query f($q: String) { match { $d: Doc  fuzzy($d.body, $q, 1) } return { $d.slug } order { $d.slug } }
query p($q: String) { match { $d: Doc  match_text($d.body, $q) } return { $d.slug } order { $d.slug } }
query b($q: String) { match { $d: Doc } return { $d.slug } order { bm25($d.body, $q) } limit 20 }
query bh($q: String) { match { $d: Doc { status: "hit" } } return { $d.slug } order { bm25($d.title, $q) } limit 20 }
query n($v: Vector(8)) { match { $d: Doc } return { $d.slug } order { nearest($d.embedding, $v) } limit 10 }
query nh($v: Vector(8)) { match { $d: Doc  $d.status = "hit" } return { $d.slug } order { nearest($d.embedding, $v) } limit 5 }
query r($v: Vector(8), $q: String) { match { $d: Doc } return { $d.slug }
  order { rrf(nearest($d.embedding, $v), bm25($d.body, $q)) } limit 10 }
)";

const std::vector<std::string> kWords = {
    "graph", "database", "vector", "search", "neural", "network", "learning", "agent", "memory",
    "query", "index", "storage", "branch", "merge", "commit", "layer", "model", "retrieval",
    "token", "engine", "the", "of", "and", "a", "fast", "deep", "lake", "column", "parquet", "rank"};

std::string Sentence(std::mt19937& rng, int words) {
  std::string out;
  for (int i = 0; i < words; ++i) {
    if (i) out += ' ';
    out += kWords[rng() % kWords.size()];
  }
  return out;
}

std::vector<float> Vec(std::mt19937& rng) {
  std::uniform_real_distribution<float> u(-1, 1);
  std::vector<float> v(8);
  for (float& x : v) x = u(rng);
  return v;
}

std::string DocLine(std::mt19937& rng, int i) {
  nlohmann::json data = {{"slug", "d" + std::to_string(i)},
                         {"title", Sentence(rng, 3)},
                         {"body", Sentence(rng, 12)},
                         {"status", rng() % 3 == 0 ? "hit" : "miss"},
                         {"embedding", Vec(rng)}};
  return nlohmann::json{{"type", "Doc"}, {"data", data}}.dump() + "\n";
}

// The same operations applied to an indexed and an unindexed graph.
class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    for (int g = 0; g < 2; ++g) {
      auto dir = fs::path(OG_TEST_TMP_DIR) / ("search-" + name + (g ? "-plain" : "-indexed"));
      fs::remove_all(dir);
      dirs_[g] = dir;
      OG_ASSIGN_OR_FAIL(graphs_[g], Graph::Init(dir.string(), g ? kPlain : kIndexed, "s.pg"));
    }
  }

  void Load(const std::string& jsonl, LoadMode mode = LoadMode::kMerge, const std::string& branch = "main") {
    for (auto& g : graphs_) {
      LoadOptions options;
      options.branch = branch;
      OG_ASSERT_OK(g->LoadText(jsonl, "docs.jsonl", mode, options).status());
    }
  }

  void Mutate(const std::string& query, const nlohmann::json& params, const std::string& branch = "main") {
    for (auto& g : graphs_) {
      MutateOptions options;
      options.branch = branch;
      OG_ASSERT_OK(g->Mutate(query, "", params, options).status());
    }
  }

  // Rows of query `name` on graph g as "slug" strings, in answer order.
  std::vector<std::string> Rows(int g, const std::string& name, const nlohmann::json& params,
                                const std::string& branch = "main") {
    ReadTarget target;
    target.branch = branch;
    auto r = graphs_[g]->Query(kQueries, name, params, target);
    EXPECT_TRUE(r.ok()) << name << ": " << r.status().ToString();
    std::vector<std::string> out;
    if (!r.ok()) return {"<error>"};
    for (const auto& row : r->RowsJson()) out.push_back(row["d.slug"].get<std::string>());
    return out;
  }

  // Every query, with seeded parameters, answers the same on both graphs.
  void ExpectSameAnswers(int seed, const std::string& branch = "main") {
    std::mt19937 rng(seed);
    int nonempty = 0;
    for (int i = 0; i < 12; ++i) {
      std::string one = kWords[rng() % kWords.size()];
      std::string two = one + " " + kWords[rng() % kWords.size()];
      std::string typo = one;
      typo[typo.size() / 2] = 'x';  // one substitution
      std::vector<std::pair<std::string, nlohmann::json>> runs = {
          {"s", {{"q", one}}},  {"s", {{"q", two}}},  {"f", {{"q", typo}}}, {"p", {{"q", two}}},
          {"b", {{"q", two}}},  {"bh", {{"q", one}}}, {"n", {{"v", Vec(rng)}}},
          {"nh", {{"v", Vec(rng)}}}, {"r", {{"v", Vec(rng)}, {"q", two}}}};
      for (const auto& [name, params] : runs) {
        auto indexed = Rows(0, name, params, branch);
        auto plain = Rows(1, name, params, branch);
        EXPECT_EQ(indexed, plain) << name << " " << params.dump() << " on " << branch;
        nonempty += !indexed.empty();
      }
    }
    EXPECT_GT(nonempty, 50);  // the queries do find things
  }

  // Index segment files of graph g.
  int Segments(int g) const {
    int n = 0;
    for (const auto& e : fs::recursive_directory_iterator(dirs_[g])) {
      n += e.is_regular_file() && e.path().filename() == "segment.ogi";
    }
    return n;
  }

  // The section names the head's Doc table version lists (the newest manifest).
  std::set<std::string> Sections(int g) const {
    std::string newest;
    for (const auto& e : fs::directory_iterator(dirs_[g] / "tables" / "node-Doc" / "manifests")) {
      newest = std::max(newest, e.path().string());  // ULID names sort by time
    }
    std::ifstream in(newest);
    nlohmann::json m = nlohmann::json::parse(in);
    std::set<std::string> out;
    for (const auto& idx : m["indexes"]) {
      for (const auto& c : idx["columns"]) out.insert(c.get<std::string>());
    }
    return out;
  }

  fs::path dirs_[2];
  std::unique_ptr<Graph> graphs_[2];
};

TEST_F(SearchTest, IndexedAndUnindexedAnswersAgreeThroughWrites) {
  std::mt19937 rng(11);
  for (int load = 0; load < 3; ++load) {  // three loads: three fragments, three segments
    std::string jsonl;
    for (int i = 0; i < 150; ++i) jsonl += DocLine(rng, load * 150 + i);
    Load(jsonl);
  }
  EXPECT_EQ(Segments(0), 3);
  EXPECT_EQ(Sections(0), (std::set<std::string>{"fts:body", "fts:title", "key:id", "vector:embedding"}));
  EXPECT_EQ(Sections(1), std::set<std::string>{"key:id"});  // nothing searched through an index
  ExpectSameAnswers(1);
  // Deletes and updates: deleted rows never come back, updated text is what is searched.
  for (int i = 0; i < 40; ++i) {
    Mutate("query d($s: String) { delete Doc where slug = $s }", {{"s", "d" + std::to_string(i * 7)}});
  }
  Mutate("query u($s: String, $b: String) { update Doc set { body: $b } where slug = $s }",
         {{"s", "d3"}, {"b", "zebra quokka"}});
  EXPECT_EQ(Rows(0, "s", {{"q", "zebra"}}), std::vector<std::string>{"d3"});
  EXPECT_EQ(Rows(0, "s", {{"q", "d7 d14"}}), std::vector<std::string>{});
  for (const std::string& slug : Rows(0, "n", {{"v", Vec(rng)}})) EXPECT_NE(slug, "d7");
  ExpectSameAnswers(2);
}

TEST_F(SearchTest, AnswersSurviveOptimizeBranchesAndMerges) {
  std::mt19937 rng(12);
  for (int i = 0; i < 40; ++i) Load(DocLine(rng, i));  // 40 single-row fragments
  ExpectSameAnswers(3);
  // Optimize rewrites the small fragments; their segments go with them and a new one covers the
  // rewritten rows.
  for (auto& g : graphs_) OG_ASSERT_OK(g->Optimize("main").status());
  ExpectSameAnswers(4);
  // Both sides change Doc after the fork, so the merge is entity by entity: it adopts the
  // branch's new fragment by reference under a new id, with its segment (file shared, fragment
  // ids mapped), and the answers still agree.
  for (auto& g : graphs_) OG_ASSERT_OK(g->CreateBranch("feature"));
  std::string more;
  for (int i = 0; i < 60; ++i) more += DocLine(rng, 1000 + i);
  Load(more, LoadMode::kMerge, "feature");
  Mutate("query d($s: String) { delete Doc where slug = $s }", {{"s", "d5"}}, "feature");
  Load(DocLine(rng, 2000), LoadMode::kMerge, "main");
  ExpectSameAnswers(5, "feature");
  ExpectSameAnswers(6, "main");
  int segments_before = Segments(0);
  for (auto& g : graphs_) {
    OG_ASSIGN_OR_FAIL(MergeResult merged, g->Merge("feature", MergeOptions{}));
    EXPECT_EQ(merged.outcome, "merged");
  }
  EXPECT_EQ(Segments(0), segments_before);  // adopted, not rebuilt
  ExpectSameAnswers(7, "main");
  auto merged_rows = Rows(0, "s", {{"q", "graph"}});
  for (const std::string& slug : Rows(0, "s", {{"q", "graph"}}, "feature")) {
    EXPECT_TRUE(std::count(merged_rows.begin(), merged_rows.end(), slug)) << slug;
  }
}

TEST_F(SearchTest, FiltersApplyBeforeRankingAndTraversalsKeepTheRank) {
  // languages.md §8 case 47: three "miss" docs near +e1, three "hit" docs near -e1; the nearest
  // hits to +e1 are the three hits, never an empty post-filtered top 3.
  std::string jsonl;
  for (int i = 0; i < 6; ++i) {
    bool hit = i >= 3;
    std::vector<float> v(8, 0.0f);
    v[0] = hit ? -1.0f - 0.1f * i : 1.0f + 0.1f * i;
    nlohmann::json data = {{"slug", "k" + std::to_string(i)}, {"title", "t"}, {"body", "b"},
                           {"status", hit ? "hit" : "miss"}, {"embedding", v}};
    jsonl += nlohmann::json{{"type", "Doc"}, {"data", data}}.dump() + "\n";
  }
  Load(jsonl);
  std::vector<float> e1(8, 0.0f);
  e1[0] = 1.0f;
  for (int g = 0; g < 2; ++g) {
    auto hits = Rows(g, "nh", {{"v", e1}});
    EXPECT_EQ(hits, (std::vector<std::string>{"k3", "k4", "k5"}));
  }
}

TEST_F(SearchTest, EveryWriteIndexesWhatItAdds) {
  std::mt19937 rng(13);
  Load(DocLine(rng, 1));
  Mutate("query i($s: String) { insert Doc { slug: $s, title: \"a new title\", body: \"fresh words\", "
         "embedding: [0,0,0,0,0,0,0,1] } }",
         {{"s", "new"}});
  EXPECT_EQ(Segments(0), 2);  // the load's and the insert's
  EXPECT_EQ(Rows(0, "s", {{"q", "fresh"}}), std::vector<std::string>{"new"});
  // An update rewrites the row into a new fragment: indexed too.
  Mutate("query u($s: String) { update Doc set { body: \"renewed words\" } where slug = $s }", {{"s", "new"}});
  EXPECT_EQ(Segments(0), 3);
  EXPECT_EQ(Rows(0, "s", {{"q", "renewed"}}), std::vector<std::string>{"new"});
  EXPECT_EQ(Rows(0, "s", {{"q", "fresh"}}), std::vector<std::string>{});
}

// Cleanup collects the segments no retained version uses — those of fragments optimize rewrote —
// and keeps the adopted and current ones: the head still answers every search the same way.
TEST_F(SearchTest, CleanupCollectsSegmentsNoRetainedVersionUses) {
  std::mt19937 rng(14);
  for (int i = 0; i < 12; ++i) Load(DocLine(rng, i));
  for (auto& g : graphs_) OG_ASSERT_OK(g->Optimize("main").status());
  EXPECT_EQ(Segments(0), 13);  // twelve single-row loads, and the optimized fragment's
  auto before = Rows(0, "b", {{"q", "graph vector"}});
  CleanupOptions options;
  options.keep = 1;
  options.grace_ms = 0;
  options.confirm = true;
  OG_ASSIGN_OR_FAIL(CleanupResult r, graphs_[0]->Cleanup(options));
  EXPECT_EQ(Segments(0), 1);
  EXPECT_EQ(Rows(0, "b", {{"q", "graph vector"}}), before);
  ExpectSameAnswers(15);
}

// Ingest-time embedding: vectors left empty are embedded from their @embed source on load, insert
// and update (with the deterministic mock provider, whose vector of a text is fixed), and a text
// query to nearest() is embedded the same way, so a note's own text finds it first.
TEST(EmbedAtWrite, WritesFillEmptyVectorsAndUpdatesReembed) {
  auto dir = fs::path(OG_TEST_TMP_DIR) / "search-embed-at-write";
  fs::remove_all(dir);
  ASSERT_EQ(setenv("OMNIGRAPH_EMBEDDINGS_MOCK", "1", 1), 0);
  OG_ASSIGN_OR_FAIL(auto graph, Graph::Init(dir.string(),
                                            "node Note { slug: String @key  text: String?\n"
                                            "  embedding: Vector(8) @embed(\"text\") @index }",
                                            "s.pg"));
  std::string notes = R"({"type": "Note", "data": {"slug": "a", "text": "graph databases for agents"}}
{"type": "Note", "data": {"slug": "b", "text": "cooking pasta at home"}}
)";
  for (int i = 0; i < 30; ++i) {  // distractors: a stale vector would rarely be nearest by chance
    notes += R"({"type": "Note", "data": {"slug": "f)" + std::to_string(i) + R"(", "text": "filler note )" +
             std::to_string(i) + "\"}}\n";
  }
  OG_ASSERT_OK(graph->LoadText(notes, "notes.jsonl", LoadMode::kOverwrite, {}).status());
  // An insert may leave out the (non-nullable) vector: T12 does not apply to @embed targets.
  OG_ASSERT_OK(graph->Mutate(R"(query i() { insert Note { slug: "c", text: "vector search engines" } })", "", {}).status());
  const std::string nearest =
      "query q($t: String) { match { $n: Note } return { $n.slug } order { nearest($n.embedding, $t) } limit 1 }";
  auto first = [&](const std::string& text) -> std::string {
    auto r = graph->Query(nearest, "", {{"t", text}});
    if (!r.ok()) return "<" + r.status().ToString() + ">";
    return r->row_count() ? r->RowsJson()[0]["n.slug"].get<std::string>() : "<none>";
  };
  EXPECT_EQ(first("cooking pasta at home"), "b");
  EXPECT_EQ(first("vector search engines"), "c");
  // Changing the source text re-embeds; a vector given explicitly is kept as given.
  OG_ASSERT_OK(graph->Mutate(R"(query u() { update Note set { text: "agents that cook" } where slug = "a" })", "", {}).status());
  EXPECT_EQ(first("agents that cook"), "a");
  // A non-nullable @embed vector whose source is null cannot be filled.
  auto bad = graph->Mutate(R"(query i() { insert Note { slug: "d" } })", "", {});
  EXPECT_EQ(bad.status().code(), StatusCode::BadRequest);
  EXPECT_NE(bad.status().message().find("@embed source 'text' is null"), std::string::npos) << bad.status().message();
  unsetenv("OMNIGRAPH_EMBEDDINGS_MOCK");
}

}  // namespace
}  // namespace og
