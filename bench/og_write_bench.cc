// og_write_bench: the write path of OmniGraph, in process through the public API.
//
//   og_write_bench --store DIR [--inserts N] [--writers W]
//
// 1. Durable single-statement mutation latency: N sequential `insert Person` mutations (each one
//    commit: fragment, table manifest, commit object, put-if-absent ref, every file fsynced),
//    p50/p99 and commits/s, with object-store requests and fsyncs per commit.
// 2. Throughput of W concurrent writers, each with its own Graph handle (as separate processes
//    would be): on W disjoint tables (all publish, rebasing on each other) and on one table (each
//    write publishes or loses with a Conflict; conflicts are counted, not retried).
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

#include "omnigraph/omnigraph.h"

namespace {

double NowMs() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(std::ceil(p * v.size())) - 1;
  return v[std::min(i, v.size() - 1)];
}

int64_t Fsyncs(const og::Graph& g) { return nlohmann::json::parse(g.IoStatsJson())["fsyncs"].get<int64_t>(); }

int64_t Requests(const og::Graph& g) {
  auto s = nlohmann::json::parse(g.IoStatsJson());
  return s["reads"].get<int64_t>() + s["writes"].get<int64_t>() + s["lists"].get<int64_t>() +
         s["deletes"].get<int64_t>();
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
  if (store.empty()) {
    std::cerr << "usage: og_write_bench --store DIR [--inserts N] [--writers W]\n";
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
  int64_t req_before = Requests(*graph), fsync_before = Fsyncs(*graph);
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
  std::cout << nlohmann::json{{"workload", "P12.insert_durable"},
                              {"inserts", inserts},
                              {"p50_ms", Percentile(lat, 0.5)},
                              {"p99_ms", Percentile(lat, 0.99)},
                              {"commits_per_s", inserts / (total / 1000)},
                              {"requests_per_commit",
                               static_cast<double>(Requests(*graph) - req_before) / inserts},
                              {"fsyncs_per_commit",
                               static_cast<double>(Fsyncs(*graph) - fsync_before) / inserts}}
                   .dump()
            << std::endl;

  // 2. concurrent writers
  for (bool disjoint : {true, false}) {
    std::vector<std::unique_ptr<og::Graph>> handles;
    for (int w = 0; w < writers; ++w) handles.push_back(og::Graph::Open(store).MoveValueUnsafe());
    std::atomic<int> ok{0}, conflicts{0};
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
        }
      });
    }
    for (auto& t : threads) t.join();
    double ms = NowMs() - start;
    std::cout << nlohmann::json{{"workload", disjoint ? "P20.writers_disjoint_tables" : "P20.writers_one_table"},
                                {"writers", writers},
                                {"attempts", writers * kEach},
                                {"published", ok.load()},
                                {"conflicts", conflicts.load()},
                                {"commits_per_s", ok.load() / (ms / 1000)}}
                     .dump()
              << std::endl;
  }
  return 0;
}
