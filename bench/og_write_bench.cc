// og_write_bench: the write path of OmniGraph, in process through the public API.
//
//   og_write_bench --store DIR [--inserts N] [--writers W]
//
// 1. Durable single-statement mutation latency: N sequential `insert Person` mutations (each one
//    commit: fragment, table manifest, commit object, put-if-absent ref, every file fsynced),
//    p50/p99 and commits/s, with object-store requests per commit by kind (GET, PUT,
//    PUT_IF_ABSENT, LIST, DELETE), the objects each commit creates, and fsyncs per commit.
// 2. Throughput of W concurrent writers, each with its own Graph handle (as separate processes
//    would be): on W disjoint tables (all publish, rebasing on each other) and on one table (each
//    write publishes or loses with a Conflict; conflicts are counted, not retried), with requests
//    and fsyncs per published commit summed over the handles (losers' requests included).
// 3. Optimize: p50 of 20 inserts on the history left by 1 and 2, `Optimize()` (compaction, one
//    commit), p50 of 20 more inserts.
// 4. Index cost: N inserts into each of four node types, from no key and no index to a @key, a
//    full-text and a vector @index (IndexCost below), p50 and requests per insert.
// Prints one JSON object per measurement on stdout. Wall time is reported, never asserted.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_util.h"
#include "omnigraph/omnigraph.h"

namespace {

using og_bench::NowMs;
using og_bench::Percentile;

// The graph's store counters (Graph::IoStatsJson): reads (GET, range GET, HEAD), writes (PUT and
// conditional PUT), lists, deletes, fsyncs.
struct Io {
  int64_t reads = 0, writes = 0, lists = 0, deletes = 0, fsyncs = 0;
  static Io Of(const og::Graph& g) {
    auto s = nlohmann::json::parse(g.IoStatsJson());
    return {s["reads"].get<int64_t>(), s["writes"].get<int64_t>(), s["lists"].get<int64_t>(),
            s["deletes"].get<int64_t>(), s["fsyncs"].get<int64_t>()};
  }
  Io operator-(const Io& o) const {
    return {reads - o.reads, writes - o.writes, lists - o.lists, deletes - o.deletes, fsyncs - o.fsyncs};
  }
  Io& operator+=(const Io& o) {
    reads += o.reads, writes += o.writes, lists += o.lists, deletes += o.deletes, fsyncs += o.fsyncs;
    return *this;
  }
  int64_t requests() const { return reads + writes + lists + deletes; }
};

// Objects in the store directory by kind (store/layout.h). IoStats counts PUT and put-if-absent
// together as writes; they are told apart here: the engine's only put-if-absent is the branch ref
// entry, and every plain PUT creates one freshly named object (fragment, manifest, commit, ...).
struct Objects {
  int64_t ref_entries = 0, commits = 0, fragments = 0, manifests = 0, deletions = 0, other = 0;
  static Objects In(const std::string& root) {
    Objects o;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
      if (!e.is_regular_file() || e.path().filename().string()[0] == '.') continue;
      std::string rel = std::filesystem::relative(e.path(), root).string();
      if (rel.rfind("refs/", 0) == 0) ++o.ref_entries;
      else if (rel.rfind("commits/", 0) == 0) ++o.commits;
      else if (rel.find("/data/") != std::string::npos) ++o.fragments;
      else if (rel.find("/manifests/") != std::string::npos) ++o.manifests;
      else if (rel.find("/deletions/") != std::string::npos) ++o.deletions;
      else ++o.other;
    }
    return o;
  }
  int64_t fresh() const { return commits + fragments + manifests + deletions + other; }
};

// Per commit: requests by kind and fsyncs, from the store counters and the objects created.
nlohmann::json PerCommit(const Io& io, const Objects& before, const Objects& after, int64_t commits) {
  double n = static_cast<double>(commits);
  int64_t puts = after.fresh() - before.fresh();
  return {{"requests", io.requests() / n},
          {"GET", io.reads / n},
          {"PUT", puts / n},
          {"PUT_IF_ABSENT", (io.writes - puts) / n},
          {"LIST", io.lists / n},
          {"DELETE", io.deletes / n},
          {"fsyncs", io.fsyncs / n},
          {"objects",
           {{"fragment", (after.fragments - before.fragments) / n},
            {"table_manifest", (after.manifests - before.manifests) / n},
            {"commit", (after.commits - before.commits) / n},
            {"ref_entry", (after.ref_entries - before.ref_entries) / n},
            {"deletion_vector", (after.deletions - before.deletions) / n},
            {"other", (after.other - before.other) / n}}}};
}

constexpr const char* kSchema = R"(
node Person { name: String @key  age: I32? }
node T0 { name: String @key }
node T1 { name: String @key }
node T2 { name: String @key }
node T3 { name: String @key }
node T4 { name: String @key }
node T5 { name: String @key }
node T6 { name: String @key }
node T7 { name: String @key }
)";


// 4. What indexing adds to a single-row insert: sequential inserts into four node types on a fresh
//    graph, round-robin so drift (history length, page cache) falls on all alike. Bare has no key
//    and no index (no segment); Keyed a @key (a key section); Wide the columns of Indexed without
//    @index (a key section only: the same row bytes); Indexed a 40-word full-text @index and a
//    128-d vector @index (one segment with key, full-text and vector sections per insert).
bool IndexCost(const std::string& store, int inserts) {
  constexpr const char* kIndexSchema = R"(
node Bare { name: String }
node Keyed { name: String @key }
node Wide { name: String @key  body: String  embedding: Vector(128) }
node Indexed { name: String @key  body: String @index  embedding: Vector(128) @index }
)";
  std::filesystem::remove_all(store);
  auto g = og::Graph::Init(store, kIndexSchema, "index-cost.pg");
  if (!g.ok()) {
    std::cerr << g.status().ToString() << "\n";
    return false;
  }
  auto graph = g.MoveValueUnsafe();
  const std::vector<std::string> types = {"Bare", "Keyed", "Wide", "Indexed"};
  std::vector<std::vector<double>> lat(types.size());
  std::vector<Io> io(types.size());
  std::vector<int64_t> fresh(types.size(), 0);
  uint64_t rng = 0x9e3779b97f4a7c15ull;  // xorshift64: the bodies and vectors are seeded
  auto next = [&rng] {
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
  };
  static const char* kWords[] = {"graph", "index", "vector", "commit", "branch", "merge", "query",
                                 "segment", "fragment", "table", "column", "search", "agent", "memory"};
  for (int i = 0; i < inserts; ++i) {
    std::string body;
    for (int w = 0; w < 40; ++w) body += std::string(w ? " " : "") + kWords[next() % 14];
    std::vector<float> embedding(128);
    for (float& x : embedding) x = static_cast<float>(next() % 2001) / 1000.0f - 1.0f;
    for (size_t t = 0; t < types.size(); ++t) {
      const std::string& type = types[t];
      bool wide = type == "Wide" || type == "Indexed";
      std::string gq = wide ? "query a($n: String, $b: String, $e: Vector(128)) { insert " + type +
                                  " { name: $n, body: $b, embedding: $e } }"
                            : "query a($n: String) { insert " + type + " { name: $n } }";
      nlohmann::json params = {{"n", "n" + std::to_string(i)}};
      if (wide) params.update({{"b", body}, {"e", embedding}});
      Io before = Io::Of(*graph);
      int64_t objects_before = Objects::In(store).fresh();
      double s = NowMs();
      auto r = graph->Mutate(gq, "", params);
      lat[t].push_back(NowMs() - s);
      if (!r.ok()) {
        std::cerr << type << ": " << r.status().ToString() << "\n";
        return false;
      }
      io[t] += Io::Of(*graph) - before;
      fresh[t] += Objects::In(store).fresh() - objects_before;
    }
  }
  nlohmann::json by_type = nlohmann::json::object();
  for (size_t t = 0; t < types.size(); ++t) {
    double n = inserts;
    by_type[types[t]] = {{"p50_ms", Percentile(lat[t], 50)},
                         {"p99_ms", Percentile(lat[t], 99)},
                         {"requests", io[t].requests() / n},
                         {"PUT", fresh[t] / n},
                         {"fsyncs", io[t].fsyncs / n}};
  }
  std::cout << nlohmann::json{{"workload", "P12.index_cost"},
                              {"inserts_per_type", inserts},
                              {"types", by_type},
                              {"what", "Bare: no key, no index; Keyed: @key (key section); Wide: the "
                                       "row of Indexed without @index (key section); Indexed: "
                                       "@key + 40-word full-text @index + 128-d vector @index"}}
                   .dump()
            << std::endl;
  std::filesystem::remove_all(store);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string store;
  int inserts = 200, writers = 4;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--store" && i + 1 < argc) store = argv[++i];
    else if (a == "--inserts" && i + 1 < argc) inserts = std::stoi(argv[++i]);
    else if (a == "--writers" && i + 1 < argc) writers = std::min(8, std::stoi(argv[++i]));
  }
  if (store.empty() || inserts < 1 || writers < 0) {
    std::cerr << "usage: og_write_bench --store DIR [--inserts N >= 1] [--writers W, 0..8]\n";
    return 2;
  }
  std::filesystem::remove_all(store);
  auto g = og::Graph::Init(store, kSchema, "bench.pg");
  if (!g.ok()) {
    std::cerr << g.status().ToString() << "\n";
    return 1;
  }
  auto graph = g.MoveValueUnsafe();

  // 1. sequential durable inserts
  std::vector<double> lat;
  Io io_before = Io::Of(*graph);
  Objects obj_before = Objects::In(store);
  double t0 = NowMs();
  for (int i = 0; i < inserts; ++i) {
    double s = NowMs();
    auto r = graph->Mutate("query a($n: String, $a: I32) { insert Person { name: $n, age: $a } }", "",
                           {{"n", "p" + std::to_string(i)}, {"a", i % 90}});
    if (!r.ok()) {
      std::cerr << r.status().ToString() << "\n";
      return 1;
    }
    lat.push_back(NowMs() - s);
  }
  double total = NowMs() - t0;
  Io io = Io::Of(*graph) - io_before;
  // Latency against history length: every insert adds a fragment to the table.
  std::vector<double> p50_by_fifth;
  for (int f = 0; f < 5 && inserts >= 5; ++f) {
    p50_by_fifth.push_back(Percentile(std::vector<double>(lat.begin() + f * inserts / 5,
                                                          lat.begin() + (f + 1) * inserts / 5), 50));
  }
  nlohmann::json per = PerCommit(io, obj_before, Objects::In(store), inserts);
  std::cout << nlohmann::json{{"workload", "P12.insert_durable"},
                              {"inserts", inserts},
                              {"p50_ms", Percentile(lat, 50)},
                              {"p99_ms", Percentile(lat, 99)},
                              {"max_ms", Percentile(lat, 100)},
                              {"p50_ms_by_fifth", p50_by_fifth},
                              {"commits_per_s", inserts / (total / 1000)},
                              {"requests_per_commit", per["requests"]},
                              {"fsyncs_per_commit", per["fsyncs"]},
                              {"per_commit", per}}
                   .dump()
            << std::endl;

  // 2. concurrent writers
  for (bool disjoint : {true, false}) {
    std::vector<std::unique_ptr<og::Graph>> handles;
    for (int w = 0; w < writers; ++w) handles.push_back(og::Graph::Open(store).MoveValueUnsafe());
    std::atomic<int> ok{0}, conflicts{0}, failed{0};
    Io io_before;
    for (auto& h : handles) io_before += Io::Of(*h);
    Objects obj_before = Objects::In(store);
    constexpr int kEach = 25;
    double start = NowMs();
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w) {
      threads.emplace_back([&, w] {
        std::string type = disjoint ? "T" + std::to_string(w) : "Person";
        for (int i = 0; i < kEach; ++i) {
          std::string q = "query a($n: String) { insert " + type + " { name: $n } }";
          std::string name = "w";  // appended, not operator+ chained (GCC 12 -Wrestrict false positive)
          name.append(std::to_string(w)).append("-").append(std::to_string(i));
          if (!disjoint) name.append("-same");
          auto r = handles[w]->Mutate(q, "", {{"n", name}});
          if (r.ok()) ++ok;
          else if (r.status().IsConflict()) ++conflicts;
          else ++failed;
        }
      });
    }
    for (auto& t : threads) t.join();
    double ms = NowMs() - start;
    Io io;
    for (auto& h : handles) io += Io::Of(*h);
    io = io - io_before;
    nlohmann::json per = PerCommit(io, obj_before, Objects::In(store), std::max(1, ok.load()));
    std::cout << nlohmann::json{{"workload", disjoint ? "P20.writers_disjoint_tables" : "P20.writers_one_table"},
                                {"writers", writers},
                                {"attempts", writers * kEach},
                                {"published", ok.load()},
                                {"conflicts", conflicts.load()},
                                {"errors", failed.load()},
                                {"wall_ms", ms},
                                {"commits_per_s", ok.load() / (ms / 1000)},
                                {"per_published_commit", per}}
                     .dump()
              << std::endl;
  }

  // 3. optimize: 20 inserts on the history left by 1 and 2, compaction, 20 more inserts.
  auto p50_of = [&](int k, const std::string& tag) -> double {
    std::vector<double> l;
    for (int i = 0; i < k; ++i) {
      double s = NowMs();
      auto r = graph->Mutate("query a($n: String) { insert Person { name: $n } }", "",
                             {{"n", tag + std::to_string(i)}});
      if (!r.ok()) {
        std::cerr << r.status().ToString() << "\n";
        return -1;
      }
      l.push_back(NowMs() - s);
    }
    return Percentile(l, 50);
  };
  double before = p50_of(20, "before-optimize-");
  double s = NowMs();
  auto opt = graph->Optimize();
  double opt_ms = NowMs() - s;
  if (!opt.ok()) {
    std::cerr << opt.status().ToString() << "\n";
    return 1;
  }
  nlohmann::json tables = nlohmann::json::array();
  for (const auto& t : opt->tables) {
    tables.push_back({{"table", t.table_key}, {"fragments_before", t.fragments_before},
                      {"fragments_after", t.fragments_after}, {"rows_rewritten", t.rows_rewritten}});
  }
  double after = p50_of(20, "after-optimize-");
  std::cout << nlohmann::json{{"workload", "P12.optimize"},
                              {"p50_ms_20_inserts_before", before},
                              {"optimize_ms", opt_ms},
                              {"tables", tables},
                              {"p50_ms_20_inserts_after", after}}
                   .dump()
            << std::endl;
  graph.reset();
  return IndexCost(store + "-index", inserts) ? 0 : 1;
}
