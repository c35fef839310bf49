// og_branch_bench: the cost of history operations against graph size and against change size.
//
//   og_branch_bench --store DIR [--sizes 10000,1000000] [--changes 1,100,10000]
//
// For each graph size N (N Person nodes and N Knows edges, loaded in one commit):
//  1. branch create: wall time and object-store requests (must not grow with N);
//  2. a one-row three-way merge (one update on a branch, one insert on main): wall time, requests
//     and bytes read (must not grow with N);
//  3. for each change count K: K updates on a branch plus one insert on main, then the merge and a
//     diff of the branch against its fork point: wall time and bytes read (grow with K, not N).
// Prints one JSON object per measurement on stdout. Wall time is reported, never asserted.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_util.h"
#include "omnigraph/omnigraph.h"

namespace {

using og_bench::NowMs;

struct Cost {
  double ms = 0;
  int64_t requests = 0;
  int64_t bytes_read = 0;
};

// Run fn and measure it through the graph's request counters.
template <typename Fn>
Cost Measure(og::Graph& g, Fn&& fn) {
  auto before = nlohmann::json::parse(g.IoStatsJson());
  double start = NowMs();
  fn();
  Cost c;
  c.ms = NowMs() - start;
  auto after = nlohmann::json::parse(g.IoStatsJson());
  for (const char* k : {"reads", "writes", "lists", "deletes"}) {
    c.requests += after[k].get<int64_t>() - before[k].get<int64_t>();
  }
  c.bytes_read = after["bytes_read"].get<int64_t>() - before["bytes_read"].get<int64_t>();
  return c;
}

void Check(const og::Status& st, const char* what) {
  if (!st.ok()) {
    std::cerr << what << ": " << st.ToString() << std::endl;
    std::exit(1);
  }
}

std::vector<int64_t> ParseList(const std::string& text) {
  std::vector<int64_t> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) out.push_back(std::stoll(item));
  return out;
}

void Emit(const std::string& what, int64_t size, int64_t changes, const Cost& c) {
  nlohmann::ordered_json j = {{"bench", "branch"}, {"op", what},         {"entities", size},
                              {"changes", changes}, {"ms", c.ms},         {"requests", c.requests},
                              {"bytes_read", c.bytes_read}};
  std::cout << j.dump() << std::endl;
}

constexpr const char* kSchema = R"(
node Person { name: String @key  age: I32? }
edge Knows: Person -> Person
)";

std::string Name(int64_t i) { return "p" + std::to_string(i); }

}  // namespace

int main(int argc, char** argv) {
  std::string store;
  std::vector<int64_t> sizes{10000, 1000000}, changes{1, 100, 10000};
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--store") store = argv[i + 1];
    else if (flag == "--sizes") sizes = ParseList(argv[i + 1]);
    else if (flag == "--changes") changes = ParseList(argv[i + 1]);
  }
  if (store.empty()) {
    std::cerr << "usage: og_branch_bench --store DIR [--sizes N,...] [--changes K,...]" << std::endl;
    return 2;
  }
  for (int64_t n : sizes) {
    std::string dir = store + "/branch-" + std::to_string(n);
    std::filesystem::remove_all(dir);
    auto g = og::Graph::Init(dir, kSchema, "bench.pg").MoveValueUnsafe();
    std::string data;
    data.reserve(static_cast<size_t>(n) * 80);
    for (int64_t i = 0; i < n; ++i) {
      data += R"({"type":"Person","data":{"name":")" + Name(i) + R"(","age":)" +
              std::to_string(i % 90) + "}}\n";
    }
    for (int64_t i = 0; i < n; ++i) {
      data += R"({"edge":"Knows","from":")" + Name(i) + R"(","to":")" + Name((i * 7919 + 1) % n) +
              "\"}\n";
    }
    Check(g->LoadText(data, "bench.jsonl", og::LoadMode::kOverwrite, {}).status(), "load");
    data.clear();

    // 1. branch create (average of 20).
    Cost create;
    for (int i = 0; i < 20; ++i) {
      Cost c = Measure(*g, [&] { Check(g->CreateBranch("c" + std::to_string(i)), "create"); });
      create.ms += c.ms / 20;
      create.requests += c.requests;
      create.bytes_read += c.bytes_read;
    }
    create.requests /= 20;
    create.bytes_read /= 20;
    Emit("branch_create", n, 0, create);

    // 2. and 3.: K updates on a branch, one insert on main, merge (+ diff).
    std::vector<int64_t> ks{1};
    for (int64_t k : changes) {
      if (k > 1 && k <= n) ks.push_back(k);
    }
    for (int64_t k : ks) {
      std::string branch = "m" + std::to_string(k);
      Check(g->CreateBranch(branch), "create");
      std::string fork = g->Snapshot({branch, "", std::nullopt}).ValueOrDie().commit_id;
      std::string updates;
      for (int64_t i = 0; i < k; ++i) {
        int64_t id = (i * 104729) % n;
        // An age no earlier round used, so every row really changes.
        updates += R"({"type":"Person","data":{"name":")" + Name(id) + R"(","age":)" +
                   std::to_string(1000 + k) + "}}\n";
      }
      og::LoadOptions on_branch;
      on_branch.branch = branch;
      Check(g->LoadText(updates, "updates.jsonl", og::LoadMode::kMerge, on_branch).status(), "update");
      Check(g->Mutate("query q($n: String) { insert Person { name: $n } }", "",
                      {{"n", "new-" + std::to_string(k)}})
                .status(),
            "insert");
      // Fresh handle: nothing cached, so bytes read are what the operation needs.
      auto cold = og::Graph::Open(dir).MoveValueUnsafe();
      std::string head = cold->Snapshot({branch, "", std::nullopt}).ValueOrDie().commit_id;
      Cost diff = Measure(*cold, [&] {
        auto changes_found = cold->Diff(fork, head);
        Check(changes_found.status(), "diff");
        if (static_cast<int64_t>(changes_found->size()) != k) {
          std::cerr << "diff found " << changes_found->size() << " changes, expected " << k << std::endl;
          std::exit(1);
        }
      });
      Emit("diff", n, k, diff);
      auto cold2 = og::Graph::Open(dir).MoveValueUnsafe();
      Cost merge = Measure(*cold2, [&] {
        auto r = cold2->Merge(branch);
        Check(r.status(), "merge");
        if (r->outcome != "merged") {
          std::cerr << "expected a three-way merge, got " << r->outcome << std::endl;
          std::exit(1);
        }
      });
      Emit(k == 1 ? "merge_one_row" : "merge", n, k, merge);
    }
  }
  return 0;
}
