// og_bench: the OmniGraph side of the benchmark. Runs in-process through the public API
// (include/omnigraph/omnigraph.h) on the data and plan gen_social.py wrote for one size, and
// appends one JSONL record per workload to --out, in the shape bench/peers.mjs writes for peers.
//
//   og_bench --data DIR --store DIR --out FILE [--workloads bench/workloads.json] [--run-id ID]
//            [--keep]
//
// P1 is Graph::Init + Graph::Load(--mode overwrite) into a fresh directory; every read workload is
// then repeated Graph::Query calls on that open graph (warm). Each call parses, plans and runs the
// query: the API has no prepared form, so this includes work the peers' prepared statements skip.
// Checksums (workloads.json "check") are computed after the timed loop from the result rows.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_util.h"
#include "omnigraph/omnigraph.h"

namespace fs = std::filesystem;
using nlohmann::json;
using og_bench::NowMs;
using og_bench::ReadFile;
using og_bench::RoundUs;
using og_bench::Summarize;

namespace {

struct Args {
  std::string data, store, out, run_id;
  std::string workloads = fs::path(__FILE__).parent_path() / "workloads.json";
  bool keep = false;
};

// ---- checksums (same definitions as workloads.json, peers.mjs and gen_social.py) -------------

int64_t Idx(const json& name) { return std::stoll(name.get<std::string>().substr(1)); }
double Num(const json& v) { return v.get<double>(); }

int64_t Checksum(const std::string& kind, const std::vector<std::vector<json>>& rows) {
  int64_t sum = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (kind == "idx_plus_int") {
      sum += Idx(r[0]) + static_cast<int64_t>(Num(r[1]));
    } else if (kind == "ordered") {
      sum += static_cast<int64_t>(i + 1) * (Idx(r[0]) * 100 + static_cast<int64_t>(Num(r[1])));
    } else if (kind == "group_avg") {
      sum += Idx(r[0]) * static_cast<int64_t>(Num(r[1])) +
             static_cast<int64_t>(std::floor(Num(r[2]) * Num(r[1]) + 0.5));
    } else if (kind == "sum_idx") {
      sum += Idx(r[0]);
    } else if (kind == "value") {
      return static_cast<int64_t>(Num(r[0]));
    } else {
      throw std::runtime_error("unknown check " + kind);
    }
  }
  return sum;
}

// Result rows as positional values, in projection order.
std::vector<std::vector<json>> Rows(const og::QueryResult& result) {
  std::vector<std::vector<json>> rows;
  for (const auto& obj : result.RowsJson()) {
    std::vector<json> row;
    for (const auto& col : result.columns) row.push_back(obj.at(col));
    rows.push_back(std::move(row));
  }
  return rows;
}

int64_t DirBytes(const fs::path& dir) {
  int64_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) total += static_cast<int64_t>(e.file_size());
  }
  return total;
}

class Bench {
 public:
  Bench(Args args, json plan, json manifest)
      : args_(std::move(args)), plan_(std::move(plan)), manifest_(std::move(manifest)) {}

  // P1: each rep loads into a fresh directory; the last graph stays open for the reads.
  bool BulkLoad() {
    const std::string schema = ReadFile(fs::path(args_.data) / "schema.pg");
    const std::string jsonl = fs::path(args_.data) / "social.jsonl";
    int reps = plan_["reps"]["P1"]["samples"];
    std::vector<double> times;
    for (int rep = 0; rep < reps; ++rep) {
      graph_.reset();
      fs::remove_all(args_.store);
      double t0 = NowMs();
      auto g = og::Graph::Init(args_.store, schema, "schema.pg");
      if (!g.ok()) return Fail("P1.bulk_load", "init: " + g.status().ToString());
      auto loaded = (*g)->Load(jsonl, og::LoadMode::kOverwrite, og::LoadOptions{});
      if (!loaded.ok()) return Fail("P1.bulk_load", "load: " + loaded.status().ToString());
      times.push_back(NowMs() - t0);
      graph_ = g.MoveValueUnsafe();
    }
    // Verify: what the committed snapshot holds (rows = nodes + edges, checksum = edges).
    auto snap = graph_->Snapshot();
    if (!snap.ok()) return Fail("P1.bulk_load", "snapshot: " + snap.status().ToString());
    int64_t nodes = 0, edges = 0;
    for (const auto& t : snap->tables) {
      (t.table_key.rfind("edge:", 0) == 0 ? edges : nodes) += t.row_count;
    }
    json rec = Summarize(times);
    double p50 = rec["p50_ms"];
    rec.update({{"samples", times.size()}, {"warmups", 0}, {"samples_ms", times},
                {"rows", nodes + edges}, {"checksum", edges},
                {"warmth", "fresh database, warm OS cache"},
                {"bytes_on_disk", DirBytes(args_.store)},
                {"rows_per_s", std::llround((nodes + edges) / (p50 / 1000))},
                {"inputs_sha256", manifest_["sha256"]}});
    Emit("P1.bulk_load", rec);
    return true;
  }

  void ReadWorkload(const json& w) {
    const std::string id = w["id"];
    const std::string gq = w["gq"];
    const json& reps = plan_["reps"][w["reps"].get<std::string>()];
    std::vector<json> timed, warm;
    int warmups = reps["warmups"];
    if (w.contains("inputs")) {
      const std::string list = w["inputs"];
      for (const auto& name : plan_[list]) timed.push_back({{"name", name}});
      for (const auto& name : plan_["warmup_" + list]) {
        if (static_cast<int>(warm.size()) < warmups) warm.push_back({{"name", name}});
      }
    } else {
      timed.assign(reps["samples"].get<int>(), json::object());
      warm.assign(warmups, json::object());
    }
    for (const auto& p : warm) {
      auto r = graph_->Query(gq, "", p);
      if (!r.ok()) return (void)Fail(id, r.status().ToString());
    }
    std::vector<double> times;
    std::vector<og::QueryResult> results;
    for (const auto& p : timed) {
      double t0 = NowMs();
      auto r = graph_->Query(gq, "", p);
      times.push_back(NowMs() - t0);
      if (!r.ok()) return (void)Fail(id, r.status().ToString());
      results.push_back(r.MoveValueUnsafe());
    }
    // Inputs-free queries must answer the same on every sample; per-input ones add up.
    const std::string check = w["check"];
    int64_t rows = 0, checksum = 0;
    bool stable = true;
    for (size_t i = 0; i < results.size(); ++i) {
      auto positional = Rows(results[i]);
      int64_t n = static_cast<int64_t>(positional.size());
      int64_t c = Checksum(check, positional);
      if (w.contains("inputs")) {
        rows += n;
        checksum += c;
      } else if (i == 0) {
        rows = n;
        checksum = c;
      } else if (n != rows || c != checksum) {
        stable = false;
      }
    }
    json rec = Summarize(times);
    rec.update({{"samples", times.size()}, {"warmups", warm.size()}, {"samples_ms", times},
                {"rows", rows}, {"prepared", false}});
    rec["checksum"] = stable ? json(checksum) : json("unstable");
    Emit(id, rec);
  }

  void CloseAndClean() {
    graph_.reset();
    if (!args_.keep) fs::remove_all(args_.store);
  }

 private:
  bool Fail(const std::string& workload, const std::string& error) {
    Emit(workload, {{"error", error}});
    return false;
  }

  void Emit(const std::string& workload, const json& fields) {
    struct rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    json rec = {{"kind", "result"},       {"run_id", args_.run_id},
                {"system", "omnigraph"},  {"version", og::Version()},
                {"workload", workload},   {"persons", plan_["persons"]},
                {"entities", plan_["entities"]}, {"quick", plan_["quick"]},
                {"warmth", "warm"},
                {"machine", {{"cpus", std::thread::hardware_concurrency()},
                             {"peak_rss_kib", ru.ru_maxrss}}}};
    rec.update(fields);
    std::ofstream(args_.out, std::ios::app) << rec.dump() << "\n";
    std::cerr << "  omnigraph " << workload << "  "
              << (fields.contains("error") ? "ERROR " + fields["error"].get<std::string>()
                                            : "p50 " + fields["p50_ms"].dump() + " ms  rows " +
                                                  fields["rows"].dump())
              << "\n";
  }

  Args args_;
  json plan_, manifest_;
  std::unique_ptr<og::Graph> graph_;
};

int Usage() {
  std::cerr << "usage: og_bench --data DIR --store DIR --out FILE [--workloads FILE] "
               "[--run-id ID] [--keep]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--data") args.data = next();
    else if (a == "--store") args.store = next();
    else if (a == "--out") args.out = next();
    else if (a == "--workloads") args.workloads = next();
    else if (a == "--run-id") args.run_id = next();
    else if (a == "--keep") args.keep = true;
    else return Usage();
  }
  if (args.data.empty() || args.store.empty() || args.out.empty()) return Usage();
  try {
    json plan = json::parse(ReadFile(fs::path(args.data) / "plan.json"));
    json manifest = json::parse(ReadFile(fs::path(args.data) / "manifest.json"));
    json workloads = json::parse(ReadFile(args.workloads))["workloads"];
    Bench bench(args, std::move(plan), std::move(manifest));
    if (bench.BulkLoad()) {
      for (const auto& w : workloads) {
        if (w.contains("gq")) bench.ReadWorkload(w);  // P0 is peer-only
      }
    }
    bench.CloseAndClean();
  } catch (const std::exception& e) {  // only our own file and JSON handling throws
    std::cerr << "og_bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
