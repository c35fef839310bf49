// og_search_bench: the OmniGraph side of the search benchmark (bench/run, "search" section). Runs
// in-process through the public API (include/omnigraph/omnigraph.h) on the data gen_search.py wrote,
// and appends one JSONL record per workload to --out, in the shape bench/search_peers.mjs writes for
// the peers (LanceDB, SQLite FTS5); `search_peers.mjs --report` prints them side by side.
//
//   og_search_bench --data DIR --store DIR --out FILE [--run-id ID] [--passes N] [--verify N]
//                   [--batches N] [--only bm25,vector,hybrid,fragments] [--keep] [--open]
//
// --keep leaves the graphs on disk; --open then reuses the graph at --store instead of loading one
// (no S1 records), which with --only isolates one query workload (for a profiler); --only also takes
// rrf and rrf_cites (S4, S5 alone; hybrid is both).
//
// Workloads (single-threaded: one query at a time, each Graph::Query parses, plans and runs):
//   S1.load_vectors  Init + LoadText of every Vec (V vectors, HNSW index segment in the same commit)
//   S1.load_docs     LoadText of every Doc (text + embedding) and Cites edge into the same graph
//   S2.bm25_top10    order { bm25($d.body, $q) } limit 10 over the text queries
//   S3.vector_top10  order { nearest($x.embedding, $v) } limit 10 over Vec; recall@10 against the
//                    exact top 10, computed here by brute force (squared L2 in double, ties by index)
//   S4.hybrid_rrf    order { rrf(nearest($d.embedding, $v), bm25($d.body, $q)) } limit 10 over Doc
//   S5.hybrid_rrf_cites  the same fused ranking, then $d cites $c: the docs the fused top 10 cite
//                    (every doc cites 3, so limit 30 rows = 10 docs x 3); the first --verify queries
//                    are checked against a fusion computed here from the two arms' own answers
//   S6.fragments_*   a second graph whose Vec rows arrive in --batches appends (one fragment and one
//                    index segment each): S3 on it, then Graph::Optimize (one fragment, one segment
//                    rebuilt) and S3 again
// Each query workload runs one untimed pass over its queries (the first query of a fresh graph opens
// and caches the index sections; that first call is recorded as first_query_ms), then --passes timed
// passes; queries/s = queries / total time of the timed passes, p50/p99 per call.
#include <sys/resource.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_util.h"
#include "omnigraph/omnigraph.h"

namespace fs = std::filesystem;
using nlohmann::json;
using og_bench::CpuMs;
using og_bench::NowMs;
using og_bench::ReadFile;
using og_bench::RoundUs;
using og_bench::Summarize;

namespace {

constexpr int kDim = 128;
constexpr int kTopK = 10;
constexpr int kCites = 3;

struct Args {
  std::string data, store, out, run_id;
  int passes = 3;
  int verify = 20;
  int batches = 4;
  std::string only = "bm25,vector,hybrid,fragments";
  bool keep = false;
  bool open = false;
  bool Has(const std::string& w) const { return ("," + only + ",").find("," + w + ",") != std::string::npos; }
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<float> ReadFloats(const fs::path& path) {
  std::string bytes = ReadFile(path);
  if (bytes.size() % (sizeof(float) * kDim) != 0) throw std::runtime_error(path.string() + ": bad size");
  std::vector<float> v(bytes.size() / sizeof(float));
  std::memcpy(v.data(), bytes.data(), bytes.size());  // little-endian host (x86-64, arm64)
  return v;
}

// As og_bench, plus queries per second over the samples.
json SummarizeQps(const std::vector<double>& samples) {
  json rec = Summarize(samples);
  double sum = 0;
  for (double s : samples) sum += s;
  rec["qps"] = std::round(samples.size() / (sum / 1000) * 10) / 10;
  return rec;
}

// Bytes under the store: index segments (tables/*/indexes/), data fragments (tables/*/data/), and
// everything else (manifests, commits, refs, schema).
struct DiskBytes {
  int64_t index = 0, data = 0, meta = 0;
  json ToJson() const { return {{"index", index}, {"data", data}, {"meta", meta}, {"total", index + data + meta}}; }
  DiskBytes operator-(const DiskBytes& o) const { return {index - o.index, data - o.data, meta - o.meta}; }
};

DiskBytes StoreBytes(const fs::path& dir) {
  DiskBytes b;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::string p = e.path().generic_string();
    int64_t n = static_cast<int64_t>(e.file_size());
    if (p.find("/indexes/") != std::string::npos) b.index += n;
    else if (p.find("/data/") != std::string::npos) b.data += n;
    else b.meta += n;
  }
  return b;
}

void AppendVector(std::string* out, const float* v) {
  char buf[32];
  out->push_back('[');
  for (int i = 0; i < kDim; ++i) {
    if (i) out->push_back(',');
    // Shortest representation that reads back as the same float.
    auto r = std::to_chars(buf, buf + sizeof buf, v[i]);
    out->append(buf, r.ptr);
  }
  out->push_back(']');
}

json VectorJson(const float* v) { return json(std::vector<float>(v, v + kDim)); }

// Exact top k of `query` among `n` vectors: squared L2 in double, ties by index.
std::vector<int> ExactTopK(const std::vector<float>& base, size_t n, const float* query, int k) {
  std::vector<std::pair<double, int>> best;  // max-heap of the k best so far
  best.reserve(k + 1);
  for (size_t i = 0; i < n; ++i) {
    const float* x = base.data() + i * kDim;
    double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (int d = 0; d < kDim; d += 4) {
      double e0 = double(x[d]) - query[d], e1 = double(x[d + 1]) - query[d + 1];
      double e2 = double(x[d + 2]) - query[d + 2], e3 = double(x[d + 3]) - query[d + 3];
      a0 += e0 * e0;
      a1 += e1 * e1;
      a2 += e2 * e2;
      a3 += e3 * e3;
    }
    std::pair<double, int> cand{(a0 + a1) + (a2 + a3), static_cast<int>(i)};
    if (static_cast<int>(best.size()) < k) {
      best.push_back(cand);
      std::push_heap(best.begin(), best.end());
    } else if (cand < best.front()) {
      std::pop_heap(best.begin(), best.end());
      best.back() = cand;
      std::push_heap(best.begin(), best.end());
    }
  }
  std::sort(best.begin(), best.end());
  std::vector<int> out;
  for (const auto& [d, i] : best) out.push_back(i);
  return out;
}

int Index(const std::string& name) { return std::stoi(name.substr(1)); }  // "d12" / "v12" → 12

std::vector<std::string> Column(const og::QueryResult& r, const std::string& col) {
  std::vector<std::string> out;
  for (const auto& row : r.RowsJson()) out.push_back(row.at(col).get<std::string>());
  return out;
}

const char* kBm25 =
    "query b($q: String) { match { $d: Doc } return { $d.slug } order { bm25($d.body, $q) } limit 10 }";
const char* kBm25All = "query b($q: String) { match { $d: Doc } return { $d.slug } order { bm25($d.body, $q) } }";
const char* kNearest =
    "query n($v: Vector(128)) { match { $x: Vec } return { $x.vid } order { nearest($x.embedding, $v) } limit 10 }";
const char* kDocNearest30 =
    "query n($v: Vector(128)) { match { $d: Doc } return { $d.slug } order { nearest($d.embedding, $v) } limit 30 }";
const char* kRrf =
    "query h($v: Vector(128), $q: String) { match { $d: Doc } return { $d.slug } "
    "order { rrf(nearest($d.embedding, $v), bm25($d.body, $q)) } limit 10 }";
const char* kRrfCites =
    "query h($v: Vector(128), $q: String) { match { $d: Doc  $d cites $c } return { $d.slug, $c.slug } "
    "order { rrf(nearest($d.embedding, $v), bm25($d.body, $q)) } limit 30 }";

class Bench {
 public:
  explicit Bench(Args args) : args_(std::move(args)) {
    fs::path d = args_.data;
    manifest_ = json::parse(ReadFile(d / "manifest.json"));
    schema_ = ReadFile(d / "schema.pg");
    corpus_ = Lines(ReadFile(d / "corpus.txt"));
    vectors_ = ReadFloats(d / "vectors.f32");
    text_queries_ = json::parse(ReadFile(d / "text_queries.json")).get<std::vector<std::string>>();
    vector_queries_ = ReadFloats(d / "vector_queries.f32");
    for (const auto& line : Lines(ReadFile(d / "cites.txt"))) {
      std::istringstream in(line);
      int i;
      in >> i;
      std::vector<int> c;
      for (int j; in >> j;) c.push_back(j);
      cites_.push_back(std::move(c));
    }
    docs_ = manifest_["params"]["docs"];
    nvec_ = manifest_["params"]["vectors"];
    nq_ = std::min(text_queries_.size(), vector_queries_.size() / kDim);
    if (corpus_.size() != static_cast<size_t>(docs_) || vectors_.size() != static_cast<size_t>(nvec_) * kDim ||
        cites_.size() != static_cast<size_t>(docs_)) {
      throw std::runtime_error("data files do not match manifest.json");
    }
  }

  void Run() {
    if (args_.Has("vector") || args_.Has("fragments")) Truth();
    if (args_.open) {
      auto g = og::Graph::Open(args_.store);
      if (!g.ok()) return (void)Fail("open", g.status().ToString());
      graph_ = g.MoveValueUnsafe();
    } else if (!Load()) {
      return;
    }
    if (args_.Has("bm25")) Bm25();
    if (args_.Has("vector")) Vector("S3.vector_top10", *graph_);
    if (args_.Has("hybrid") || args_.Has("rrf")) Hybrid("S4.hybrid_rrf", kRrf, false);
    if (args_.Has("hybrid") || args_.Has("rrf_cites")) Hybrid("S5.hybrid_rrf_cites", kRrfCites, true);
    graph_.reset();
    if (!args_.keep) fs::remove_all(args_.store);
    if (args_.Has("fragments") && args_.batches > 1) Fragments();
  }

 private:
  // Exact top 10 of every vector query (ground truth for recall@10).
  void Truth() {
    double t0 = NowMs();
    truth_.resize(nq_);
    for (size_t q = 0; q < nq_; ++q) truth_[q] = ExactTopK(vectors_, nvec_, &vector_queries_[q * kDim], kTopK);
    std::cerr << "  omnigraph exact top-10 of " << nq_ << " queries over " << nvec_ << " vectors: "
              << std::lround(NowMs() - t0) << " ms (brute force, for recall)\n";
  }

  std::string VecJsonl(size_t from, size_t to) const {
    std::string s;
    s.reserve((to - from) * (kDim * 11 + 48));
    for (size_t i = from; i < to; ++i) {
      s += "{\"type\":\"Vec\",\"data\":{\"vid\":\"v" + std::to_string(i) + "\",\"embedding\":";
      AppendVector(&s, &vectors_[i * kDim]);
      s += "}}\n";
    }
    return s;
  }

  std::string DocJsonl() const {
    std::string s;
    s.reserve(docs_ * (kDim * 11 + 500));
    for (int64_t i = 0; i < docs_; ++i) {
      s += "{\"type\":\"Doc\",\"data\":{\"slug\":\"d" + std::to_string(i) + "\",\"body\":\"" + corpus_[i] +
           "\",\"embedding\":";
      AppendVector(&s, &vectors_[i * kDim]);
      s += "}}\n";
    }
    for (int64_t i = 0; i < docs_; ++i) {
      for (int j : cites_[i]) {
        s += "{\"edge\":\"Cites\",\"from\":\"d" + std::to_string(i) + "\",\"to\":\"d" + std::to_string(j) + "\"}\n";
      }
    }
    return s;
  }

  bool Load() {
    fs::remove_all(args_.store);
    std::string vec = VecJsonl(0, nvec_);
    double t0 = NowMs(), c0 = CpuMs();
    auto g = og::Graph::Init(args_.store, schema_, "schema.pg");
    if (!g.ok()) return Fail("S1.load_vectors", "init: " + g.status().ToString());
    graph_ = g.MoveValueUnsafe();
    auto loaded = graph_->LoadText(vec, "vectors.jsonl", og::LoadMode::kOverwrite, {});
    double ms = NowMs() - t0, cpu = CpuMs() - c0;
    if (!loaded.ok()) return Fail("S1.load_vectors", "load: " + loaded.status().ToString());
    DiskBytes after_vec = StoreBytes(args_.store);
    Emit("S1.load_vectors", {{"ms", RoundUs(ms)}, {"cpu_ms", RoundUs(cpu)}, {"rows", nvec_}, {"jsonl_bytes", vec.size()},
                             {"bytes_on_disk", after_vec.ToJson()},
                             {"what", "Graph::Init + LoadText of the Vec rows; the commit includes the HNSW "
                                      "index segment"}});
    vec.clear();
    vec.shrink_to_fit();

    std::string doc = DocJsonl();
    t0 = NowMs();
    c0 = CpuMs();
    loaded = graph_->LoadText(doc, "docs.jsonl", og::LoadMode::kOverwrite, {});
    ms = NowMs() - t0;
    cpu = CpuMs() - c0;
    if (!loaded.ok()) return Fail("S1.load_docs", "load: " + loaded.status().ToString());
    DiskBytes docs = StoreBytes(args_.store) - after_vec;
    Emit("S1.load_docs", {{"ms", RoundUs(ms)}, {"cpu_ms", RoundUs(cpu)}, {"rows", docs_ + docs_ * kCites}, {"jsonl_bytes", doc.size()},
                          {"bytes_on_disk", docs.ToJson()},
                          {"what", "LoadText of the Doc rows (body, embedding) and Cites edges; the commit "
                                   "includes the full-text and HNSW sections of Doc"}});
    return true;
  }

  // One untimed pass, then args_.passes timed passes; returns the last pass's results.
  template <typename Params>
  bool Timed(const std::string& workload, og::Graph& g, const char* gq, Params params, json* rec,
             std::vector<og::QueryResult>* results) {
    std::vector<double> times;
    double first_ms = 0, cpu = 0;
    for (int pass = 0; pass <= args_.passes; ++pass) {
      results->clear();
      double c0 = CpuMs();
      for (size_t q = 0; q < nq_; ++q) {
        json p = params(q);
        double t0 = NowMs();
        auto r = g.Query(gq, "", p);
        double ms = NowMs() - t0;
        if (!r.ok()) return Fail(workload, r.status().ToString());
        if (pass == 0 && q == 0) first_ms = ms;
        if (pass > 0) times.push_back(ms);
        results->push_back(r.MoveValueUnsafe());
      }
      if (pass > 0) cpu += CpuMs() - c0;
    }
    *rec = SummarizeQps(times);
    rec->update({{"queries", nq_}, {"passes", args_.passes}, {"samples", times.size()},
                 {"first_query_ms", RoundUs(first_ms)},
                 {"cpu_ms_per_query", RoundUs(cpu / times.size())}, {"threads", 1}, {"prepared", false}});
    return true;
  }

  void Bm25() {
    json rec;
    std::vector<og::QueryResult> results;
    if (!Timed("S2.bm25_top10", *graph_, kBm25, [&](size_t q) { return json{{"q", text_queries_[q]}}; }, &rec,
               &results)) {
      return;
    }
    std::vector<std::vector<std::string>> top;
    int64_t rows = 0;
    for (const auto& r : results) {
      top.push_back(Column(r, "d.slug"));
      rows += r.row_count();
    }
    rec.update({{"rows", rows}, {"top10", top}});
    Emit("S2.bm25_top10", rec);
  }

  void Vector(const std::string& workload, og::Graph& g, const json& extra = json::object()) {
    json rec;
    std::vector<og::QueryResult> results;
    if (!Timed(workload, g, kNearest, [&](size_t q) { return json{{"v", VectorJson(&vector_queries_[q * kDim])}}; },
               &rec, &results)) {
      return;
    }
    double hits = 0;
    int64_t rows = 0;
    for (size_t q = 0; q < nq_; ++q) {
      std::set<int> want(truth_[q].begin(), truth_[q].end());
      for (const auto& vid : Column(results[q], "x.vid")) hits += want.count(Index(vid));
      rows += results[q].row_count();
    }
    rec.update({{"rows", rows}, {"recall_at_10", std::round(hits / (nq_ * kTopK) * 10000) / 10000},
                {"index", "HNSW (M 16, ef_construction 128), search ef max(64, 4k), exact distances"},
                {"truth", truth_}});
    rec.update(extra);
    Emit(workload, rec);
  }

  // Client-side reciprocal rank fusion (languages.md §4) of the two arms as the engine answers them.
  std::vector<std::string> Fuse(size_t q, int limit) {
    auto vec = graph_->Query(kDocNearest30, "", json{{"v", VectorJson(&vector_queries_[q * kDim])}});
    auto txt = graph_->Query(kBm25All, "", json{{"q", text_queries_[q]}});
    if (!vec.ok() || !txt.ok()) return {};
    std::vector<std::string> order;
    std::map<std::string, double> score;
    for (const auto* arm : {&*vec, &*txt}) {
      auto ids = Column(*arm, "d.slug");
      if (arm == &*vec && static_cast<int>(ids.size()) > limit) ids.resize(limit);
      for (size_t rank = 0; rank < ids.size(); ++rank) {
        if (!score.count(ids[rank])) order.push_back(ids[rank]);
        score[ids[rank]] += 1.0 / (60 + rank + 1);
      }
    }
    std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) { return score[a] > score[b]; });
    if (order.size() > static_cast<size_t>(kTopK)) order.resize(kTopK);
    return order;
  }

  void Hybrid(const std::string& workload, const char* gq, bool cites) {
    json rec;
    std::vector<og::QueryResult> results;
    auto params = [&](size_t q) {
      return json{{"v", VectorJson(&vector_queries_[q * kDim])}, {"q", text_queries_[q]}};
    };
    if (!Timed(workload, *graph_, gq, params, &rec, &results)) return;
    int64_t rows = 0;
    for (const auto& r : results) rows += r.row_count();
    rec["rows"] = rows;
    if (cites) {
      // The fused top 10 docs (distinct $d in row order) must be the client-side fusion of the arms,
      // and every $c a doc that $d cites.
      int checked = 0, agree = 0, bad_edges = 0;
      for (size_t q = 0; q < nq_ && checked < args_.verify; ++q, ++checked) {
        auto rows_json = results[q].RowsJson();
        std::vector<std::string> got;
        for (const auto& row : rows_json) {
          std::string d = row.at("d.slug"), c = row.at("c.slug");
          if (got.empty() || got.back() != d) got.push_back(d);
          const auto& cited = cites_[Index(d)];
          if (std::find(cited.begin(), cited.end(), Index(c)) == cited.end()) ++bad_edges;
        }
        if (got == Fuse(q, 30)) ++agree;
      }
      rec.update({{"verified_queries", checked}, {"fusion_agrees", agree}, {"edges_not_cited", bad_edges}});
    }
    Emit(workload, rec);
  }

  // Vec rows in `batches` appends (a fragment and a segment each), S3, Optimize, S3 again.
  void Fragments() {
    std::string store = args_.store + "-frag";
    fs::remove_all(store);
    auto g = og::Graph::Init(store, schema_, "schema.pg");
    if (!g.ok()) return (void)Fail("S6.fragments_load", "init: " + g.status().ToString());
    std::unique_ptr<og::Graph> graph = g.MoveValueUnsafe();
    double load_ms = 0;
    int64_t per = (nvec_ + args_.batches - 1) / args_.batches;
    for (int b = 0; b < args_.batches; ++b) {
      size_t from = std::min<size_t>(nvec_, b * per), to = std::min<size_t>(nvec_, (b + 1) * per);
      std::string text = VecJsonl(from, to);
      double t0 = NowMs();
      auto r = graph->LoadText(text, "vectors.jsonl", b == 0 ? og::LoadMode::kOverwrite : og::LoadMode::kAppend, {});
      load_ms += NowMs() - t0;
      if (!r.ok()) return (void)Fail("S6.fragments_load", r.status().ToString());
    }
    Emit("S6.fragments_load", {{"ms", RoundUs(load_ms)}, {"rows", nvec_}, {"batches", args_.batches},
                               {"bytes_on_disk", StoreBytes(store).ToJson()}});
    Vector("S6.fragments_vector_top10", *graph, {{"segments", args_.batches}});
    double t0 = NowMs();
    auto opt = graph->Optimize();
    double opt_ms = NowMs() - t0;
    if (!opt.ok()) return (void)Fail("S6.optimize", opt.status().ToString());
    json tables = json::array();
    for (const auto& t : opt->tables) {
      tables.push_back({{"table", t.table_key}, {"fragments_before", t.fragments_before},
                        {"fragments_after", t.fragments_after}, {"rows_rewritten", t.rows_rewritten}});
    }
    Emit("S6.optimize", {{"ms", RoundUs(opt_ms)}, {"tables", tables}, {"bytes_on_disk", StoreBytes(store).ToJson()}});
    Vector("S6.optimized_vector_top10", *graph, {{"segments", 1}});
    graph.reset();
    if (!args_.keep) fs::remove_all(store);
  }

  bool Fail(const std::string& workload, const std::string& error) {
    Emit(workload, {{"error", error}});
    return false;
  }

  void Emit(const std::string& workload, const json& fields) {
    struct rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    double load[1] = {-1};
    getloadavg(load, 1);
    json rec = {{"kind", "search"},
                {"run_id", args_.run_id},
                {"system", "omnigraph"},
                {"version", og::Version()},
                {"workload", workload},
                {"docs", docs_},
                {"vectors", nvec_},
                {"inputs_sha256", manifest_["sha256"]},
                {"machine", {{"cpus", std::thread::hardware_concurrency()},
                             {"loadavg_1m", std::round(load[0] * 100) / 100},
                             {"peak_rss_kib", ru.ru_maxrss}}}};
    rec.update(fields);
    std::ofstream(args_.out, std::ios::app) << rec.dump() << "\n";
    std::string line;
    if (fields.contains("error")) line = "ERROR " + fields["error"].get<std::string>();
    else if (fields.contains("qps")) line = "qps " + fields["qps"].dump() + "  p50 " + fields["p50_ms"].dump() + " ms";
    else if (fields.contains("ms")) line = fields["ms"].dump() + " ms";
    if (fields.contains("recall_at_10")) line += "  recall@10 " + fields["recall_at_10"].dump();
    if (fields.contains("fusion_agrees")) {
      line += "  fusion " + fields["fusion_agrees"].dump() + "/" + fields["verified_queries"].dump();
    }
    std::cerr << "  omnigraph " << workload << "  " << line << "\n";
  }

  Args args_;
  json manifest_;
  std::string schema_;
  std::vector<std::string> corpus_, text_queries_;
  std::vector<float> vectors_, vector_queries_;
  std::vector<std::vector<int>> cites_;
  std::vector<std::vector<int>> truth_;
  int64_t docs_ = 0, nvec_ = 0;
  size_t nq_ = 0;
  std::unique_ptr<og::Graph> graph_;
};

int Usage() {
  std::cerr << "usage: og_search_bench --data DIR --store DIR --out FILE [--run-id ID] [--passes N] "
               "[--verify N] [--batches N] [--only bm25,vector,hybrid,fragments] [--keep] [--open]\n";
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
    else if (a == "--run-id") args.run_id = next();
    else if (a == "--passes") args.passes = std::max(1, std::atoi(next().c_str()));
    else if (a == "--verify") args.verify = std::atoi(next().c_str());
    else if (a == "--batches") args.batches = std::atoi(next().c_str());
    else if (a == "--only") args.only = next();
    else if (a == "--keep") args.keep = true;
    else if (a == "--open") args.open = true;
    else return Usage();
  }
  if (args.data.empty() || args.store.empty() || args.out.empty()) return Usage();
  try {
    Bench(args).Run();
  } catch (const std::exception& e) {  // only our own file and JSON handling throws
    std::cerr << "og_search_bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
