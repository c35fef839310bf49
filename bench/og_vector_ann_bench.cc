// og_vector_ann_bench: the measurement behind the vector section's choices (docs/BENCHMARKS.md,
// "Vector index: library and parameters").
//
// Compares, single-threaded (queries per CPU-second of the measuring thread), on seeded data:
//   og        our section: hnswlib-built graph, our serialized form and (filtered) beam search
//   hnswlib   hnswlib as shipped (HierarchicalNSW<float>, L2Space, searchKnn; no filters)
//   faiss     FAISS IndexHNSWFlat (filters through SearchParameters::sel)
//   ivf       FAISS IndexIVFFlat (filters through SearchParameters::sel)
// reporting build CPU seconds, serialized MB, queries/s and recall@10 against brute force,
// unfiltered and with ~10% / ~1% of ids admitted. Every configuration is measured --rounds times,
// interleaved, and the median reported. --cache DIR keeps built indexes between runs. Modes `flat`
// and `filter` sweep the flat-vs-graph size threshold and the filtered graph-vs-exact crossover.
//
// Built with the other drivers when FAISS is installed (libfaiss-dev; the engine itself does not
// link FAISS). It reaches into the index layer's internal headers, unlike the API-only drivers.
//   build/bin/og_vector_ann_bench --data clustered --efs 16,32,64,128,256 --cache /tmp/vcache
#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/impl/IDSelector.h>
#include <faiss/impl/io.h>
#include <faiss/index_io.h>
#include <hnswlib/hnswlib.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "index/range_reader.h"
#include "index/vector_distance.h"
#include "index/vector_section.h"

namespace {

using og::index::VectorHit;
using og::index::VectorSearchOptions;
using og::index::VectorSearchStrategy;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// CPU seconds of the calling thread: the machine is shared, so rates are per CPU-second, not per
// wall-second (time spent descheduled does not count against a library).
double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

struct Args {
  std::string mode = "compare";  // compare | flat | filter
  size_t n = 200000;
  size_t dim = 128;
  size_t nq = 1000;
  std::string data = "clustered";
  std::string libs = "og,hnswlib,faiss,ivf";
  uint32_t m = 16;
  uint32_t efc = 128;
  std::vector<uint32_t> efs = {16, 32, 64, 128};
  std::vector<uint32_t> nprobes = {8, 16, 32, 64};
  uint32_t nlist = 1024;
  float noise = 0.35f;  // clustered: per-coordinate spread of points around their centre
  std::string cache;    // directory: load built indexes from it if present, else build and save
  int rounds = 3;       // interleaved measurement rounds (the median is reported)
};

std::vector<uint32_t> ParseList(const std::string& s) {
  std::vector<uint32_t> out;
  std::stringstream ss(s);
  for (std::string t; std::getline(ss, t, ',');)
    out.push_back(static_cast<uint32_t>(std::stoul(t)));
  return out;
}

// --- data ---------------------------------------------------------------------------------------

// Rows [0, n) are the data set, rows [n, n + nq) the queries, drawn from the same distribution.
std::vector<float> Generate(const std::string& kind, size_t rows, size_t dim, uint64_t seed,
                            float spread = 0.35f) {
  std::mt19937_64 rng(seed);
  std::vector<float> out(rows * dim);
  if (kind == "uniform") {
    std::uniform_real_distribution<float> u(0.f, 1.f);
    for (float& v : out) v = u(rng);
    return out;
  }
  // 1,000 Gaussian clusters: centres ~ N(0, 1)^dim, points = centre + N(0, spread^2)^dim.
  const size_t clusters = 1000;
  std::normal_distribution<float> g(0.f, 1.f);
  std::vector<float> centres(clusters * dim);
  for (float& v : centres) v = g(rng);
  std::uniform_int_distribution<size_t> pick(0, clusters - 1);
  std::normal_distribution<float> noise(0.f, spread);
  for (size_t r = 0; r < rows; ++r) {
    const float* c = centres.data() + pick(rng) * dim;
    for (size_t j = 0; j < dim; ++j) out[r * dim + j] = c[j] + noise(rng);
  }
  return out;
}

uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// Admit ~permille/1000 of the ids, independent of the data.
std::vector<uint8_t> Admitted(size_t n, uint32_t per_100k) {
  std::vector<uint8_t> a(n);
  for (size_t i = 0; i < n; ++i) a[i] = Mix(i ^ 0xabcdef) % 100000 < per_100k;
  return a;
}

using TopK = std::vector<uint32_t>;

std::vector<TopK> GroundTruth(const std::vector<float>& base, size_t n, const std::vector<float>& q,
                              size_t nq, size_t dim, size_t k, const std::vector<uint8_t>* admit) {
  std::vector<TopK> gt(nq);
  std::vector<std::pair<float, uint32_t>> all;
  for (size_t i = 0; i < nq; ++i) {
    all.clear();
    for (uint32_t j = 0; j < n; ++j) {
      if (admit && !(*admit)[j]) continue;
      all.push_back({og::index::L2Squared(q.data() + i * dim, base.data() + j * dim, dim), j});
    }
    size_t kk = std::min(k, all.size());
    std::partial_sort(all.begin(), all.begin() + kk, all.end());
    for (size_t r = 0; r < kk; ++r) gt[i].push_back(all[r].second);
  }
  return gt;
}

double Recall(const std::vector<TopK>& got, const std::vector<TopK>& gt) {
  double sum = 0;
  for (size_t i = 0; i < gt.size(); ++i) {
    std::set<uint32_t> want(gt[i].begin(), gt[i].end());
    size_t hit = 0;
    for (uint32_t id : got[i]) hit += want.count(id);
    sum += gt[i].empty() ? 1.0 : static_cast<double>(hit) / gt[i].size();
  }
  return sum / gt.size();
}

// One measured configuration: a library at one parameter, with or without a filter.
struct Config {
  Config(std::string l, std::string p, std::string f, size_t n, const std::vector<TopK>* g,
         std::function<TopK(size_t)> s)
      : lib(std::move(l)),
        param(std::move(p)),
        filter(std::move(f)),
        nq(n),
        gt(g),
        search(std::move(s)) {}
  std::string lib, param, filter;
  size_t nq = 0;
  const std::vector<TopK>* gt = nullptr;
  std::function<TopK(size_t)> search;
  std::vector<double> qps;  // one per round
  double recall = -1;
};

struct Built {
  std::string lib;
  double build_s = -1;  // CPU seconds (from the cache's record when loaded)
  double mb = -1;       // serialized size
};

// A search function: query index -> top-10 ids; returns (queries per CPU-second, answers).
template <typename F>
std::pair<double, std::vector<TopK>> RunQueries(size_t nq, F&& search) {
  std::vector<TopK> got(nq);
  double t0 = ThreadCpuSeconds();
  for (size_t i = 0; i < nq; ++i) got[i] = search(i);
  double t1 = ThreadCpuSeconds();
  return {static_cast<double>(nq) / (t1 - t0), std::move(got)};
}

struct Filters {
  std::vector<std::pair<std::string, std::vector<uint8_t>>> sets;  // name -> admitted
  std::vector<std::vector<TopK>> gts;                              // over the first `nq` queries
  size_t nq = 0;
};

// --- index builds, cached in --cache-dir (the file plus a ".build_s" record)
// -----------------------

std::string CachePath(const Args& a, const std::string& name) {
  return a.cache.empty() ? "" : a.cache + "/" + name;
}

double ReadBuildSeconds(const std::string& path) {
  std::ifstream in(path + ".build_s");
  double s = -1;
  in >> s;
  return s;
}

void WriteBuildSeconds(const std::string& path, double s) {
  if (!path.empty()) std::ofstream(path + ".build_s") << s;
}

bool Cached(const std::string& path) { return !path.empty() && std::filesystem::exists(path); }

// Build our section over `base` (CPU seconds in *build_s), or load it from the cache.
std::string BuildOg(const Args& a, const std::vector<float>& base, double* build_s,
                    const std::string& path) {
  if (Cached(path)) {
    std::ifstream in(path, std::ios::binary);
    *build_s = ReadBuildSeconds(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  og::index::VectorIndexParams params;
  params.m = a.m;
  params.ef_construction = a.efc;
  params.min_graph_vectors = 0;
  double t0 = ThreadCpuSeconds();
  og::index::VectorSectionBuilder b(static_cast<uint32_t>(a.dim), params);
  for (size_t i = 0; i < a.n; ++i)
    (void)b.Add(0, static_cast<uint32_t>(i), base.data() + i * a.dim);
  std::string bytes = b.Finish().ValueOrDie();
  *build_s = ThreadCpuSeconds() - t0;
  if (!path.empty()) {
    std::ofstream(path, std::ios::binary) << bytes;
    WriteBuildSeconds(path, *build_s);
  }
  return bytes;
}

struct BitmapSelector : faiss::IDSelector {
  const std::vector<uint8_t>* admit;
  explicit BitmapSelector(const std::vector<uint8_t>* a) : admit(a) {}
  bool is_member(idx_t id) const override { return (*admit)[id] != 0; }
};

size_t SerializedBytes(const faiss::Index& index) {
  faiss::VectorIOWriter w;
  faiss::write_index(&index, &w);
  return w.data.size();
}

struct Indexes {
  std::shared_ptr<const og::index::VectorSectionReader> og;
  std::unique_ptr<hnswlib::L2Space> space;
  std::unique_ptr<hnswlib::HierarchicalNSW<float>> hnswlib;
  std::unique_ptr<faiss::Index> faiss_hnsw;
  std::unique_ptr<faiss::Index> faiss_ivf;
  std::vector<std::unique_ptr<BitmapSelector>> selectors;
  std::vector<std::unique_ptr<faiss::SearchParameters>> faiss_params;
  std::vector<std::unique_ptr<og::index::VectorSectionReader::AcceptFn>> accepts;
};

Built BuildHnswlib(const Args& a, const std::vector<float>& base, Indexes* ix) {
  std::string path = CachePath(a, "hnswlib.bin");
  ix->space = std::make_unique<hnswlib::L2Space>(a.dim);
  Built b{"hnswlib"};
  if (Cached(path)) {
    ix->hnswlib =
        std::make_unique<hnswlib::HierarchicalNSW<float>>(ix->space.get(), path, false, a.n);
    b.build_s = ReadBuildSeconds(path);
  } else {
    double t0 = ThreadCpuSeconds();
    ix->hnswlib =
        std::make_unique<hnswlib::HierarchicalNSW<float>>(ix->space.get(), a.n, a.m, a.efc, 100);
    for (size_t i = 0; i < a.n; ++i) ix->hnswlib->addPoint(base.data() + i * a.dim, i);
    b.build_s = ThreadCpuSeconds() - t0;
    if (path.empty()) path = "/tmp/vector_ann_benchmark_hnswlib.bin";
    ix->hnswlib->saveIndex(path);
    WriteBuildSeconds(CachePath(a, "hnswlib.bin"), b.build_s);
  }
  b.mb = std::filesystem::file_size(path) / 1e6;
  if (a.cache.empty()) std::filesystem::remove(path);
  return b;
}

Built BuildFaiss(const Args& a, const std::vector<float>& base, bool ivf, Indexes* ix) {
  std::string path = CachePath(a, ivf ? "faiss_ivf.index" : "faiss_hnsw.index");
  Built b{ivf ? "ivf" : "faiss"};
  std::unique_ptr<faiss::Index> index;
  if (Cached(path)) {
    index.reset(faiss::read_index(path.c_str()));
    b.build_s = ReadBuildSeconds(path);
  } else if (!ivf) {
    auto h = std::make_unique<faiss::IndexHNSWFlat>(static_cast<int>(a.dim), static_cast<int>(a.m));
    h->hnsw.efConstruction = static_cast<int>(a.efc);
    double t0 = ThreadCpuSeconds();
    h->add(static_cast<faiss::Index::idx_t>(a.n), base.data());
    b.build_s = ThreadCpuSeconds() - t0;
    index = std::move(h);
  } else {
    auto quantizer = new faiss::IndexFlatL2(static_cast<int>(a.dim));
    auto v = std::make_unique<faiss::IndexIVFFlat>(quantizer, a.dim, a.nlist);
    v->own_fields = true;
    v->cp.seed = 1234;
    v->cp.niter = 10;
    double t0 = ThreadCpuSeconds();
    size_t train = std::min(a.n, static_cast<size_t>(a.nlist) * 40);
    v->train(static_cast<faiss::Index::idx_t>(train), base.data());
    v->add(static_cast<faiss::Index::idx_t>(a.n), base.data());
    b.build_s = ThreadCpuSeconds() - t0;
    index = std::move(v);
  }
  if (!path.empty() && !Cached(path)) {
    faiss::write_index(index.get(), path.c_str());
    WriteBuildSeconds(path, b.build_s);
  }
  b.mb = SerializedBytes(*index) / 1e6;
  (ivf ? ix->faiss_ivf : ix->faiss_hnsw) = std::move(index);
  return b;
}

// Add every configuration of `lib` to `configs`.
void AddConfigs(const Args& a, const std::string& lib, const std::vector<float>& q,
                const std::vector<TopK>& gt, const Filters& f, Indexes* ix,
                std::vector<Config>* configs) {
  const size_t dim = a.dim;
  auto qp = [&q, dim](size_t i) { return q.data() + i * dim; };
  if (lib == "og") {
    auto reader = ix->og;
    auto to_ids = [](const std::vector<VectorHit>& hits) {
      TopK ids;
      for (const VectorHit& h : hits) ids.push_back(h.row);
      return ids;
    };
    auto og_search = [=](VectorSearchOptions opt,
                         const og::index::VectorSectionReader::AcceptFn* accept) {
      return [=](size_t i) {
        return to_ids(reader->Search({qp(i), dim}, 10, accept, opt).ValueOrDie());
      };
    };
    for (uint32_t ef : a.efs) {
      configs->emplace_back("og", "ef=" + std::to_string(ef), "none", a.nq, &gt,
                            og_search({ef, VectorSearchStrategy::Graph}, nullptr));
    }
    configs->emplace_back("og-exact", "-", "none", std::min<size_t>(a.nq, 200), &gt,
                          og_search({64, VectorSearchStrategy::Exact}, nullptr));
    for (size_t fi = 0; fi < f.sets.size(); ++fi) {
      const auto* admit = &f.sets[fi].second;
      ix->accepts.push_back(std::make_unique<og::index::VectorSectionReader::AcceptFn>(
          [admit](uint32_t, uint32_t row) { return (*admit)[row] != 0; }));
      const auto* accept = ix->accepts.back().get();
      for (uint32_t ef : a.efs) {
        configs->emplace_back("og", "ef=" + std::to_string(ef), f.sets[fi].first, f.nq, &f.gts[fi],
                              og_search({ef, VectorSearchStrategy::Graph}, accept));
        configs->emplace_back("og-auto", "ef=" + std::to_string(ef), f.sets[fi].first, f.nq,
                              &f.gts[fi], og_search({ef, VectorSearchStrategy::Auto}, accept));
      }
      configs->emplace_back("og-exact", "-", f.sets[fi].first, f.nq, &f.gts[fi],
                            og_search({64, VectorSearchStrategy::Exact}, accept));
    }
  } else if (lib == "hnswlib") {
    auto* index = ix->hnswlib.get();
    for (uint32_t ef : a.efs) {
      configs->emplace_back("hnswlib", "ef=" + std::to_string(ef), "none", a.nq, &gt,
                            [=](size_t i) {
                              index->setEf(ef);
                              TopK ids;
                              for (auto& p : index->searchKnnCloserFirst(qp(i), 10)) {
                                ids.push_back(static_cast<uint32_t>(p.second));
                              }
                              return ids;
                            });
    }
  } else if (lib == "faiss" || lib == "ivf") {
    bool ivf = lib == "ivf";
    faiss::Index* index = ivf ? ix->faiss_ivf.get() : ix->faiss_hnsw.get();
    auto* hnsw = dynamic_cast<faiss::IndexHNSW*>(index);
    std::vector<uint32_t> params = ivf ? a.nprobes : a.efs;
    for (uint32_t v : params) {
      for (size_t fi = 0; fi <= f.sets.size(); ++fi) {
        std::unique_ptr<faiss::SearchParameters> p;
        if (ivf) {
          auto pi = std::make_unique<faiss::SearchParametersIVF>();
          pi->nprobe = v;
          p = std::move(pi);
        } else {
          auto ph = std::make_unique<faiss::SearchParametersHNSW>();
          ph->efSearch = static_cast<int>(v);
          p = std::move(ph);
        }
        if (fi > 0) {
          ix->selectors.push_back(std::make_unique<BitmapSelector>(&f.sets[fi - 1].second));
          p->sel = ix->selectors.back().get();
        }
        const faiss::SearchParameters* praw = p.get();
        ix->faiss_params.push_back(std::move(p));
        auto search = [=](size_t i) {
          // FAISS 1.7.3 ignores SearchParametersHNSW::efSearch for the beam; set the index's.
          if (hnsw) hnsw->hnsw.efSearch = static_cast<int>(v);
          float d[10];
          faiss::Index::idx_t ids[10];
          index->search(1, qp(i), 10, d, ids, praw);
          TopK out;
          for (int r = 0; r < 10; ++r) {
            if (ids[r] >= 0) out.push_back(static_cast<uint32_t>(ids[r]));
          }
          return out;
        };
        std::string param = (ivf ? "nprobe=" : "ef=") + std::to_string(v);
        if (fi == 0) {
          configs->emplace_back(lib, param, "none", a.nq, &gt, search);
        } else {
          configs->emplace_back(lib, param, f.sets[fi - 1].first, f.nq, &f.gts[fi - 1], search);
        }
      }
    }
  }
}

// Build every library's index, then measure every configuration `rounds` times, interleaved (so
// load from the other tenants of a shared machine hits all libraries alike), and print medians.
void Compare(const Args& a, const std::vector<float>& base, const std::vector<float>& q,
             const std::vector<TopK>& gt, const Filters& f) {
  Indexes ix;
  std::vector<Built> built;
  std::vector<Config> configs;
  std::stringstream libs(a.libs);
  for (std::string lib; std::getline(libs, lib, ',');) {
    if (lib == "og") {
      Built b{"og"};
      std::string bytes = BuildOg(a, base, &b.build_s, CachePath(a, "og.sec"));
      b.mb = bytes.size() / 1e6;
      double t0 = ThreadCpuSeconds();
      ix.og = og::index::VectorSectionReader::Open(og::index::MemoryRangeReader(std::move(bytes)))
                  .ValueOrDie();
      std::printf("og: kernel=%s open_s=%.3f memory_MB=%.1f\n", og::index::L2SquaredKernelName(),
                  ThreadCpuSeconds() - t0, ix.og->memory_bytes() / 1e6);
      built.push_back(b);
    } else if (lib == "hnswlib") {
      built.push_back(BuildHnswlib(a, base, &ix));
    } else if (lib == "faiss" || lib == "ivf") {
      built.push_back(BuildFaiss(a, base, lib == "ivf", &ix));
    } else {
      std::fprintf(stderr, "unknown lib %s\n", lib.c_str());
      continue;
    }
    std::printf("built %-8s build_s=%.2f MB=%.2f\n", built.back().lib.c_str(), built.back().build_s,
                built.back().mb);
    std::fflush(stdout);
    AddConfigs(a, lib, q, gt, f, &ix, &configs);
  }
  for (int round = 0; round < a.rounds; ++round) {
    for (Config& c : configs) {
      auto [qps, got] = RunQueries(c.nq, c.search);
      c.qps.push_back(qps);
      if (c.recall < 0) {
        std::vector<TopK> want(c.gt->begin(), c.gt->begin() + c.nq);
        c.recall = Recall(got, want);
      }
    }
  }
  for (Config& c : configs) {
    std::vector<double> v = c.qps;
    std::sort(v.begin(), v.end());
    std::printf(
        "%-8s %-9s n=%zu dim=%zu %-11s filter=%-4s qps_median=%9.0f (min %9.0f max %9.0f) "
        "recall@10=%.4f\n",
        c.lib.c_str(), a.data.c_str(), a.n, a.dim, c.param.c_str(), c.filter.c_str(),
        v[v.size() / 2], v.front(), v.back(), c.recall);
  }
}

// --- threshold sweeps
// -----------------------------------------------------------------------------

// Flat (exact) vs graph query time by section size.
void SweepFlat(const Args& a) {
  for (size_t n : {256, 512, 1024, 2048, 4096, 8192, 16384, 32768}) {
    std::vector<float> all = Generate(a.data, n + a.nq, a.dim, 7, a.noise);
    std::vector<float> base(all.begin(), all.begin() + n * a.dim);
    std::vector<float> q(all.begin() + n * a.dim, all.end());
    auto gt = GroundTruth(base, n, q, a.nq, a.dim, 10, nullptr);
    og::index::VectorIndexParams params;
    params.m = a.m;
    params.ef_construction = a.efc;
    params.min_graph_vectors = 0;
    og::index::VectorSectionBuilder b(static_cast<uint32_t>(a.dim), params);
    for (size_t i = 0; i < n; ++i)
      (void)b.Add(0, static_cast<uint32_t>(i), base.data() + i * a.dim);
    double t0 = ThreadCpuSeconds();
    std::string bytes = b.Finish().ValueOrDie();
    double build_s = ThreadCpuSeconds() - t0;
    auto reader =
        og::index::VectorSectionReader::Open(og::index::MemoryRangeReader(bytes)).ValueOrDie();
    for (auto strategy : {VectorSearchStrategy::Graph, VectorSearchStrategy::Exact}) {
      VectorSearchOptions opt{64, strategy};
      auto [qps, got] = RunQueries(a.nq, [&](size_t i) {
        auto hits = reader->Search({q.data() + i * a.dim, a.dim}, 10, nullptr, opt).ValueOrDie();
        TopK ids;
        for (auto& h : hits) ids.push_back(h.row);
        return ids;
      });
      std::printf("flat-sweep %s n=%zu dim=%zu %s build_s=%.3f us/query=%.1f recall@10=%.4f\n",
                  a.data.c_str(), n, a.dim,
                  strategy == VectorSearchStrategy::Graph ? "graph" : "exact", build_s, 1e6 / qps,
                  Recall(got, gt));
      std::fflush(stdout);
    }
  }
}

// Filtered graph vs exact by admitted share, on one section.
void SweepFilter(const Args& a, const og::index::VectorSectionReader& reader,
                 const std::vector<float>& base, const std::vector<float>& q) {
  size_t nq = std::min<size_t>(a.nq, 300);
  for (uint32_t per_100k : {200, 500, 1000, 2000, 3000, 5000, 10000, 20000, 50000}) {
    auto admit = Admitted(a.n, per_100k);
    auto gt = GroundTruth(base, a.n, q, nq, a.dim, 10, &admit);
    og::index::VectorSectionReader::AcceptFn accept = [&](uint32_t, uint32_t row) {
      return admit[row] != 0;
    };
    for (auto strategy :
         {VectorSearchStrategy::Graph, VectorSearchStrategy::Exact, VectorSearchStrategy::Auto}) {
      VectorSearchOptions opt{64, strategy};
      og::index::VectorSearchStats stats;
      auto [qps, got] = RunQueries(nq, [&](size_t i) {
        auto hits =
            reader.Search({q.data() + i * a.dim, a.dim}, 10, &accept, opt, &stats).ValueOrDie();
        TopK ids;
        for (auto& h : hits) ids.push_back(h.row);
        return ids;
      });
      const char* name = strategy == VectorSearchStrategy::Graph   ? "graph"
                         : strategy == VectorSearchStrategy::Exact ? "exact"
                                                                   : "auto";
      std::printf(
          "filter-sweep %s n=%zu share=%.3f %s us/query=%.1f recall@10=%.4f dist/q=%.0f "
          "fallbacks=%d\n",
          a.data.c_str(), a.n, per_100k / 1e5, name, 1e6 / qps, Recall(got, gt),
          double(stats.distance_computations) / nq, int(stats.fell_back_to_exact));
      std::fflush(stdout);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--mode")
      a.mode = v;
    else if (k == "--n")
      a.n = std::stoul(v);
    else if (k == "--dim")
      a.dim = std::stoul(v);
    else if (k == "--nq")
      a.nq = std::stoul(v);
    else if (k == "--data")
      a.data = v;
    else if (k == "--libs")
      a.libs = v;
    else if (k == "--m")
      a.m = std::stoul(v);
    else if (k == "--efc")
      a.efc = std::stoul(v);
    else if (k == "--efs")
      a.efs = ParseList(v);
    else if (k == "--nprobes")
      a.nprobes = ParseList(v);
    else if (k == "--nlist")
      a.nlist = std::stoul(v);
    else if (k == "--noise")
      a.noise = std::stof(v);
    else if (k == "--cache")
      a.cache = v;
    else if (k == "--rounds")
      a.rounds = std::stoi(v);
    else {
      std::fprintf(stderr, "unknown flag %s\n", k.c_str());
      return 2;
    }
  }
  omp_set_num_threads(1);  // single-threaded for every library
  std::printf("kernel=%s omp_max_threads=%d\n", og::index::L2SquaredKernelName(),
              omp_get_max_threads());
  if (a.mode == "flat") {
    SweepFlat(a);
    return 0;
  }
  std::vector<float> all = Generate(a.data, a.n + a.nq, a.dim, 42, a.noise);
  std::vector<float> base(all.begin(), all.begin() + a.n * a.dim);
  std::vector<float> q(all.begin() + a.n * a.dim, all.end());
  all.clear();
  all.shrink_to_fit();
  if (a.mode == "filter") {
    double build_s = 0;
    std::string bytes = BuildOg(a, base, &build_s, CachePath(a, "og.sec"));
    auto reader =
        og::index::VectorSectionReader::Open(og::index::MemoryRangeReader(std::move(bytes)))
            .ValueOrDie();
    SweepFilter(a, *reader, base, q);
    return 0;
  }
  auto t0 = Clock::now();
  auto gt = GroundTruth(base, a.n, q, a.nq, a.dim, 10, nullptr);
  Filters f;
  f.sets.push_back({"10%", Admitted(a.n, 10000)});
  f.sets.push_back({"1%", Admitted(a.n, 1000)});
  f.nq = std::min<size_t>(a.nq, 300);
  for (auto& s : f.sets) f.gts.push_back(GroundTruth(base, a.n, q, f.nq, a.dim, 10, &s.second));
  std::printf("ground truth: %.1f s\n", Seconds(t0, Clock::now()));
  Compare(a, base, q, gt, f);
  return 0;
}
