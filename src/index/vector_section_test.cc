#include "index/vector_section.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <set>
#include <thread>
#include <tuple>
#include <vector>

#include "common/testing.h"
#include "index/range_reader.h"
#include "index/vector_distance.h"
#include "store/memory_store.h"

namespace og::index {
namespace {

using Accept = VectorSectionReader::AcceptFn;

// `expr` (a Status or Result) must fail with StatusCode::want. (common/testing.h's OG_ASSERT_RAISES
// names its parameter `code`, which also rewrites the `.code()` call inside it.)
#define ASSERT_RAISES_CODE(want, expr)                                                        \
  do {                                                                                        \
    ::og::Status _vec_st = ::og::ToStatus(expr);                                              \
    ASSERT_EQ(_vec_st.code(), ::og::StatusCode::want) << #expr << ": " << _vec_st.ToString(); \
  } while (false)

struct Data {
  uint32_t dim = 0;
  std::vector<VectorDocId> docs;
  std::vector<float> vectors;  // row i is docs[i]'s vector
  const float* row(size_t i) const { return vectors.data() + i * dim; }
};

// `n` vectors around `clusters` Gaussian centres (seeded), docs spread over a few fragments with
// gaps in row numbers, in a shuffled order.
Data MakeData(size_t n, uint32_t dim, uint64_t seed, size_t clusters = 50) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> g(0.f, 1.f), noise(0.f, 0.3f);
  std::vector<float> centres(clusters * dim);
  for (float& c : centres) c = g(rng);
  Data d;
  d.dim = dim;
  for (size_t i = 0; i < n; ++i) {
    d.docs.push_back({static_cast<uint32_t>(i % 7), static_cast<uint32_t>(3 * (i / 7) + i % 3)});
    const float* c = centres.data() + (rng() % clusters) * dim;
    for (uint32_t j = 0; j < dim; ++j) d.vectors.push_back(c[j] + noise(rng));
  }
  std::vector<size_t> perm(n);
  for (size_t i = 0; i < n; ++i) perm[i] = i;
  std::shuffle(perm.begin(), perm.end(), rng);
  Data shuffled;
  shuffled.dim = dim;
  for (size_t i : perm) {
    shuffled.docs.push_back(d.docs[i]);
    shuffled.vectors.insert(shuffled.vectors.end(), d.row(i), d.row(i) + dim);
  }
  return shuffled;
}

// A query near a random data point.
std::vector<float> QueryNear(const Data& d, std::mt19937_64& rng) {
  std::normal_distribution<float> noise(0.f, 0.5f);
  const float* base = d.row(rng() % d.docs.size());
  std::vector<float> q(base, base + d.dim);
  for (float& v : q) v += noise(rng);
  return q;
}

std::string Build(const Data& d, VectorIndexParams params = {}) {
  VectorSectionBuilder b(d.dim, params);
  for (size_t i = 0; i < d.docs.size(); ++i) {
    Status st = b.Add(d.docs[i].fragment_id, d.docs[i].row, d.row(i));
    if (!st.ok()) ADD_FAILURE() << st.ToString();
  }
  return b.Finish().ValueOrDie();
}

std::shared_ptr<const VectorSectionReader> OpenBytes(std::string bytes) {
  return VectorSectionReader::Open(MemoryRangeReader(std::move(bytes))).ValueOrDie();
}

// Reference answer, computed independently of the reader: every admitted doc, sorted by
// (squared distance, fragment_id, row), first k, distance = sqrt.
std::vector<VectorHit> BruteForce(const Data& d, const std::vector<float>& q, size_t k,
                                  const Accept* accept = nullptr) {
  std::vector<std::tuple<float, uint32_t, uint32_t>> all;
  for (size_t i = 0; i < d.docs.size(); ++i) {
    if (accept && !(*accept)(d.docs[i].fragment_id, d.docs[i].row)) continue;
    all.emplace_back(L2Squared(q.data(), d.row(i), d.dim), d.docs[i].fragment_id, d.docs[i].row);
  }
  std::sort(all.begin(), all.end());
  std::vector<VectorHit> out;
  for (size_t i = 0; i < all.size() && i < k; ++i) {
    out.push_back({std::get<1>(all[i]), std::get<2>(all[i]), std::sqrt(std::get<0>(all[i]))});
  }
  return out;
}

double Recall(const std::vector<VectorHit>& got, const std::vector<VectorHit>& want) {
  std::set<std::pair<uint32_t, uint32_t>> w;
  for (const VectorHit& h : want) w.insert({h.fragment_id, h.row});
  size_t hit = 0;
  for (const VectorHit& h : got) hit += w.count({h.fragment_id, h.row});
  return want.empty() ? 1.0 : static_cast<double>(hit) / static_cast<double>(want.size());
}

// One HNSW section (20,000 × 64, default params) shared by the tests that need a graph.
class HnswSection : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new Data(MakeData(20000, 64, 11, 200));
    bytes_ = new std::string(Build(*data_));
    reader_ = new std::shared_ptr<const VectorSectionReader>(OpenBytes(*bytes_));
  }
  static void TearDownTestSuite() {
    delete reader_;
    delete bytes_;
    delete data_;
  }
  static const Data& data() { return *data_; }
  static const VectorSectionReader& reader() { return **reader_; }
  static const std::string& bytes() { return *bytes_; }

 private:
  static inline Data* data_ = nullptr;
  static inline std::string* bytes_ = nullptr;
  static inline std::shared_ptr<const VectorSectionReader>* reader_ = nullptr;
};

// ---------------------------------------------------------------------------------------------

// A section below min_graph_vectors is FLAT and its search is exactly the brute-force answer:
// same docs, same order (ties by fragment_id, row), bit-identical distances.
TEST(VectorSection, FlatSectionEqualsBruteForceExactly) {
  Data d = MakeData(1500, 24, 1);
  // Duplicate vectors under other docs make exact ties, which must break by (fragment_id, row).
  for (size_t i = 0; i < 40; ++i) {
    d.docs.push_back({100 + static_cast<uint32_t>(i % 2), static_cast<uint32_t>(i)});
    std::vector<float> copy(d.row(i), d.row(i) + d.dim);
    d.vectors.insert(d.vectors.end(), copy.begin(), copy.end());
  }
  auto reader = OpenBytes(Build(d));
  ASSERT_EQ(reader->kind(), VectorSectionKind::Flat);
  ASSERT_EQ(reader->num_vectors(), d.docs.size());
  std::mt19937_64 rng(2);
  for (int t = 0; t < 30; ++t) {
    std::vector<float> q =
        t < 10 ? std::vector<float>(d.row(t), d.row(t) + d.dim) : QueryNear(d, rng);
    for (int k : {1, 10, 57}) {
      OG_ASSIGN_OR_FAIL(auto got, reader->Search(q, k));
      EXPECT_EQ(got, BruteForce(d, q, k)) << "query " << t << " k " << k;
      OG_ASSIGN_OR_FAIL(auto exact, reader->ExactSearch(q, k));
      EXPECT_EQ(exact, got);
    }
  }
}

// The HNSW section at default parameters finds >= 95% of the true top 10 (20,000 × 64, seeded),
// and every answer is sorted by distance with exact distances.
TEST_F(HnswSection, RecallAtTenIsAtLeast95Percent) {
  ASSERT_EQ(reader().kind(), VectorSectionKind::Hnsw);
  std::mt19937_64 rng(3);
  double recall = 0;
  const int queries = 100;
  for (int t = 0; t < queries; ++t) {
    std::vector<float> q = QueryNear(data(), rng);
    VectorSearchStats stats;
    OG_ASSIGN_OR_FAIL(auto got, reader().Search(q, 10, nullptr, {}, &stats));
    ASSERT_TRUE(stats.used_graph);
    ASSERT_EQ(got.size(), 10u);
    auto want = BruteForce(data(), q, 10);
    recall += Recall(got, want);
    for (size_t i = 0; i < got.size(); ++i) {
      OG_ASSIGN_OR_FAIL(auto v, reader().GetVector(got[i].fragment_id, got[i].row));
      EXPECT_EQ(got[i].distance, std::sqrt(L2Squared(q.data(), v.data(), data().dim)));
      if (i > 0) {
        EXPECT_LE(got[i - 1].distance, got[i].distance);
      }
    }
  }
  EXPECT_GE(recall / queries, 0.95);
}

// With a filter admitting few docs, Search returns only admitted docs and exactly the brute-force
// top k over the admitted set (never a filtered global top-k), whichever strategy is asked for.
TEST_F(HnswSection, FilteredSearchWithFewAdmittedEqualsBruteForceOverAdmitted) {
  std::set<std::pair<uint32_t, uint32_t>> admitted;
  for (size_t i = 0; i < data().docs.size(); i += 97) {
    admitted.insert({data().docs[i].fragment_id, data().docs[i].row});
  }
  Accept accept = [&](uint32_t f, uint32_t r) { return admitted.count({f, r}) > 0; };
  std::mt19937_64 rng(4);
  for (int t = 0; t < 20; ++t) {
    std::vector<float> q = QueryNear(data(), rng);
    auto want = BruteForce(data(), q, 10, &accept);
    for (auto strategy :
         {VectorSearchStrategy::Auto, VectorSearchStrategy::Graph, VectorSearchStrategy::Exact}) {
      VectorSearchOptions options;
      options.strategy = strategy;
      OG_ASSIGN_OR_FAIL(auto got, reader().Search(q, 10, &accept, options));
      for (const VectorHit& h : got) EXPECT_TRUE(admitted.count({h.fragment_id, h.row}));
      if (strategy != VectorSearchStrategy::Graph) {
        EXPECT_EQ(got, want);
      } else {
        EXPECT_GE(Recall(got, want), 0.8);
      }
    }
  }
}

// With a filter admitting many docs, the filtered graph search returns k admitted docs that are
// (nearly all) the true top k among the admitted.
TEST_F(HnswSection, FilteredSearchWithManyAdmittedReturnsTopKAmongAdmitted) {
  Accept accept = [](uint32_t f, uint32_t r) { return (f + r) % 3 != 0; };
  std::mt19937_64 rng(5);
  double recall = 0;
  for (int t = 0; t < 50; ++t) {
    std::vector<float> q = QueryNear(data(), rng);
    VectorSearchStats stats;
    OG_ASSIGN_OR_FAIL(auto got, reader().Search(q, 10, &accept, {}, &stats));
    EXPECT_TRUE(stats.used_graph);
    ASSERT_EQ(got.size(), 10u);
    for (const VectorHit& h : got) EXPECT_TRUE(accept(h.fragment_id, h.row));
    recall += Recall(got, BruteForce(data(), q, 10, &accept));
  }
  EXPECT_GE(recall / 50, 0.95);
}

// Fewer admitted docs than k: every admitted doc comes back (min(k, admitted)), also when the graph
// search is forced (it falls back to an exact pass).
TEST_F(HnswSection, FilterAdmittingFewerThanKReturnsAllAdmitted) {
  std::set<std::pair<uint32_t, uint32_t>> admitted;
  for (size_t i = 0; i < 5; ++i)
    admitted.insert({data().docs[i * 3001].fragment_id, data().docs[i * 3001].row});
  Accept accept = [&](uint32_t f, uint32_t r) { return admitted.count({f, r}) > 0; };
  std::mt19937_64 rng(6);
  std::vector<float> q = QueryNear(data(), rng);
  VectorSearchOptions options;
  options.strategy = VectorSearchStrategy::Graph;
  VectorSearchStats stats;
  OG_ASSIGN_OR_FAIL(auto got, reader().Search(q, 10, &accept, options, &stats));
  EXPECT_EQ(got, BruteForce(data(), q, 10, &accept));
  EXPECT_EQ(got.size(), 5u);
  EXPECT_TRUE(stats.fell_back_to_exact);
  Accept none = [](uint32_t, uint32_t) { return false; };
  OG_ASSIGN_OR_FAIL(auto empty, reader().Search(q, 10, &none));
  EXPECT_TRUE(empty.empty());
}

// A filter that fools the admitted-share estimate (it admits exactly the evenly spaced docs the
// estimate samples, so it looks like "everything" but is ~1%) still gets the exact answer: the
// graph search gives up within its budget and the exact pass runs.
TEST_F(HnswSection, FilterThatFoolsTheShareEstimateStillGetsTheExactAnswer) {
  const auto docs = reader().docs();
  std::set<std::pair<uint32_t, uint32_t>> admitted;
  for (size_t i = 0; i < 256; ++i) {
    const VectorDocId& d = docs[i * docs.size() / 256];
    admitted.insert({d.fragment_id, d.row});
  }
  Accept accept = [&](uint32_t f, uint32_t r) { return admitted.count({f, r}) > 0; };
  std::mt19937_64 rng(9);
  for (int t = 0; t < 5; ++t) {
    std::vector<float> q = QueryNear(data(), rng);
    VectorSearchStats stats;
    OG_ASSIGN_OR_FAIL(auto got, reader().Search(q, 10, &accept, {}, &stats));
    EXPECT_TRUE(stats.used_graph);
    EXPECT_TRUE(stats.fell_back_to_exact);
    EXPECT_LE(stats.distance_computations, docs.size() / 4 + 2 * 64 + 256 + 400);
    EXPECT_EQ(got, BruteForce(data(), q, 10, &accept));
  }
}

// Bytes written, stored in an object store and read back through ranged reads (also as a window
// of a larger object) give identical answers; Open costs two ranged reads.
TEST_F(HnswSection, RoundTripThroughBytesGivesIdenticalResults) {
  auto store = store::MemoryStore::Create();
  std::string segment = "prefix-bytes" + bytes() + "suffix";
  OG_ASSERT_OK(store->Put("idx/seg.bin", segment));
  uint64_t reads_before = store->stats().reads.load();
  auto whole = StoreRangeReader(*store, "idx/seg.bin", segment.size());
  OG_ASSIGN_OR_FAIL(auto from_store,
                    VectorSectionReader::Open(SubRangeReader(whole, 12, bytes().size())));
  EXPECT_EQ(store->stats().reads.load() - reads_before, 2u);
  EXPECT_EQ(from_store->num_vectors(), reader().num_vectors());
  std::mt19937_64 rng(7);
  Accept accept = [](uint32_t f, uint32_t) { return f % 2 == 0; };
  for (int t = 0; t < 20; ++t) {
    std::vector<float> q = QueryNear(data(), rng);
    OG_ASSIGN_OR_FAIL(auto a, reader().Search(q, 10));
    OG_ASSIGN_OR_FAIL(auto b, from_store->Search(q, 10));
    EXPECT_EQ(a, b);
    OG_ASSIGN_OR_FAIL(auto fa, reader().Search(q, 7, &accept));
    OG_ASSIGN_OR_FAIL(auto fb, from_store->Search(q, 7, &accept));
    EXPECT_EQ(fa, fb);
  }
  for (size_t i = 0; i < data().docs.size(); i += 1234) {
    OG_ASSIGN_OR_FAIL(auto v,
                      from_store->GetVector(data().docs[i].fragment_id, data().docs[i].row));
    EXPECT_TRUE(std::equal(v.begin(), v.end(), data().row(i)));
  }
}

// Many threads searching one reader at once get the answers a single thread gets, including a
// search started from inside an accept callback (re-entrant on the same thread).
TEST_F(HnswSection, ConcurrentAndReentrantSearchesAgree) {
  std::mt19937_64 rng(8);
  std::vector<std::vector<float>> queries;
  std::vector<std::vector<VectorHit>> want;
  for (int t = 0; t < 40; ++t) {
    queries.push_back(QueryNear(data(), rng));
    want.push_back(reader().Search(queries.back(), 10).ValueOrDie());
  }
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int th = 0; th < 4; ++th) {
    threads.emplace_back([&, th] {
      for (size_t i = th; i < queries.size(); i += 2) {
        if (reader().Search(queries[i], 10).ValueOrDie() != want[i]) ++mismatches;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
  int inner_calls = 0;
  Accept reentrant = [&](uint32_t, uint32_t r) {
    if (inner_calls++ < 3) {
      EXPECT_EQ(reader().Search(queries[0], 10).ValueOrDie(), want[0]);
    }
    return r % 2 == 0;
  };
  VectorSearchOptions graph;
  graph.strategy = VectorSearchStrategy::Graph;
  OG_ASSIGN_OR_FAIL(auto got, reader().Search(queries[1], 10, &reentrant, graph));
  EXPECT_EQ(got.size(), 10u);
}

// The same set of (doc, vector) pairs gives the same bytes whatever the insertion order; another
// seed gives another graph.
TEST(VectorSection, BuildIsDeterministic) {
  Data d = MakeData(1200, 16, 9);
  VectorIndexParams params;
  params.min_graph_vectors = 1000;
  std::string a = Build(d, params);
  Data reversed = d;
  std::reverse(reversed.docs.begin(), reversed.docs.end());
  reversed.vectors.clear();
  for (size_t i = d.docs.size(); i-- > 0;) {
    reversed.vectors.insert(reversed.vectors.end(), d.row(i), d.row(i) + d.dim);
  }
  EXPECT_EQ(Build(reversed, params), a);
  EXPECT_EQ(Build(d, params), a);
  EXPECT_EQ(OpenBytes(a)->kind(), VectorSectionKind::Hnsw);
  params.seed += 1;
  EXPECT_NE(Build(d, params), a);
}

// Flipped, truncated or extended bytes give Corruption (or, when the damage happens to leave a
// well-formed section, a reader that still answers sanely); never a crash or a huge allocation.
// Half the cases recompute the checksums first, so the structural checks behind them are hit.
TEST(VectorSection, CorruptedBytesAreCorruptionNotCrash) {
  Data d = MakeData(300, 8, 10, 5);
  VectorIndexParams params;
  params.min_graph_vectors = 100;
  const std::string good = Build(d, params);
  const std::string flat = Build(MakeData(50, 8, 11, 5));
  std::mt19937_64 rng(12);
  std::vector<float> q(8, 0.1f);
  int rejected = 0, accepted = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    std::string bytes = iter % 5 == 0 ? flat : good;
    switch (rng() % 4) {
      case 0:
      case 1: {  // flip 1-4 bytes, biased towards the header and graph header
        int flips = 1 + static_cast<int>(rng() % 4);
        for (int f = 0; f < flips; ++f) {
          size_t pos =
              rng() % 3 == 0 ? rng() % std::min<size_t>(bytes.size(), 96) : rng() % bytes.size();
          bytes[pos] = static_cast<char>(bytes[pos] ^ (1 + rng() % 255));
        }
        break;
      }
      case 2:
        bytes.resize(rng() % bytes.size());
        break;
      default:
        bytes.append(1 + rng() % 16, static_cast<char>(rng()));
        break;
    }
    if (iter % 2 == 1) internal::ResealVectorSectionForTesting(&bytes);
    auto r = VectorSectionReader::Open(MemoryRangeReader(bytes));
    if (!r.ok()) {
      ++rejected;
      StatusCode c = r.status().code();
      ASSERT_TRUE(c == StatusCode::Corruption || c == StatusCode::Unsupported)
          << r.status().ToString();
      continue;
    }
    ++accepted;
    auto hits = (*r)->Search(q, 5);
    if (hits.ok()) {
      EXPECT_LE(hits->size(), 5u);
    } else {
      EXPECT_EQ(hits.status().code(), StatusCode::BadRequest);  // a damaged dim
    }
  }
  EXPECT_GT(rejected, 2500);
  (void)accepted;
}

// Targeted damage behind valid checksums: each is named in the Corruption message.
TEST(VectorSection, StructuralDamageIsReportedPrecisely) {
  Data d = MakeData(300, 8, 13, 5);
  VectorIndexParams params;
  params.min_graph_vectors = 100;
  const std::string good = Build(d, params);
  auto expect = [](std::string bytes, const std::string& needle) {
    internal::ResealVectorSectionForTesting(&bytes);
    auto r = VectorSectionReader::Open(MemoryRangeReader(bytes));
    ASSERT_FALSE(r.ok()) << needle;
    EXPECT_EQ(r.status().code(), StatusCode::Corruption) << r.status().ToString();
    EXPECT_NE(r.status().message().find(needle), std::string::npos) << r.status().ToString();
  };
  auto put64 = [](std::string b, size_t at, uint64_t v) {
    std::memcpy(b.data() + at, &v, 8);
    return b;
  };
  auto put32 = [](std::string b, size_t at, uint32_t v) {
    std::memcpy(b.data() + at, &v, 4);
    return b;
  };
  expect(put64(good, 24, uint64_t{1} << 60), "too large");  // count: no allocation attempted
  expect(put32(good, 16, 0), "dimension");
  expect(put32(good, 16, 9), "do not add up");
  expect(put64(good, 32, 5), "do not add up");
  expect(put32(good, 12, 7), "unknown kind");
  const size_t graph = kVectorSectionHeaderBytes + d.docs.size() * (8 + 4 * 8);
  expect(put32(good, graph + 8, 100000), "entry point");  // entry point out of range
  expect(put32(good, graph, 1000), "degree");
  // The first level-0 list of node 0: count at the start of the lists; point a link past n.
  const size_t lists = graph + 16 + (d.docs.size() + 3) / 4 * 4;
  expect(put32(good, lists + 4, 300), "links to node");
  expect(put32(good, lists, 1000), "links on level");
  std::string nan = good;
  float bad = std::numeric_limits<float>::quiet_NaN();
  std::memcpy(nan.data() + kVectorSectionHeaderBytes + 8 * d.docs.size(), &bad, 4);
  expect(nan, "non-finite");
  std::string unsorted = put32(good, kVectorSectionHeaderBytes, 0xffffffffu);
  expect(unsorted, "strictly increasing");
  std::string version = put32(good, 8, 2);
  internal::ResealVectorSectionForTesting(&version);
  ASSERT_RAISES_CODE(Unsupported, VectorSectionReader::Open(MemoryRangeReader(version)));
  std::string flipped = good;
  flipped[good.size() - 1] ^= 1;
  ASSERT_RAISES_CODE(Corruption, VectorSectionReader::Open(MemoryRangeReader(flipped)));
}

// A query or vector of the wrong length is BadRequest, at build and at search time.
TEST(VectorSection, DimensionMismatchIsBadRequest) {
  Data d = MakeData(100, 8, 14, 5);
  auto reader = OpenBytes(Build(d));
  std::vector<float> short_q(7, 0.f), long_q(9, 0.f);
  ASSERT_RAISES_CODE(BadRequest, reader->Search(short_q, 5));
  ASSERT_RAISES_CODE(BadRequest, reader->Search(long_q, 5));
  ASSERT_RAISES_CODE(BadRequest, reader->ExactSearch(short_q, 5));
  VectorSectionBuilder b(8);
  ASSERT_RAISES_CODE(BadRequest, b.Add(0, 0, std::span<const float>(long_q)));
  VectorSectionBuilder zero(0);
  float v = 1;
  ASSERT_RAISES_CODE(BadRequest, zero.Add(0, 0, &v));
  ASSERT_RAISES_CODE(BadRequest, zero.Finish());
}

// NaN or infinity in a query is BadRequest (never a silently wrong order); in a stored vector too.
TEST(VectorSection, NonFiniteQueryIsBadRequest) {
  Data d = MakeData(100, 8, 15, 5);
  auto reader = OpenBytes(Build(d));
  std::vector<float> q(8, 0.5f);
  q[3] = std::numeric_limits<float>::quiet_NaN();
  ASSERT_RAISES_CODE(BadRequest, reader->Search(q, 5));
  ASSERT_RAISES_CODE(BadRequest, reader->ExactSearch(q, 5));
  q[3] = std::numeric_limits<float>::infinity();
  ASSERT_RAISES_CODE(BadRequest, reader->Search(q, 5));
  VectorSectionBuilder b(8);
  ASSERT_RAISES_CODE(BadRequest, b.Add(0, 0, q.data()));
  ASSERT_RAISES_CODE(BadRequest, reader->Search(std::vector<float>(8, 0.f), -1));
}

// Null vectors are skipped, a doc added twice is BadRequest, stored vectors are readable by doc,
// and k = 0, k > n and an empty section behave.
TEST(VectorSection, BuilderAndReaderEdges) {
  VectorSectionBuilder b(3);
  float v1[3] = {1, 2, 3}, v2[3] = {0, 0, 0};
  OG_ASSERT_OK(b.Add(5, 1, v1));
  OG_ASSERT_OK(b.Add(5, 2, nullptr));
  OG_ASSERT_OK(b.Add(5, 3, std::span<const float>()));
  OG_ASSERT_OK(b.Add(2, 9, v2));
  EXPECT_EQ(b.num_vectors(), 2u);
  OG_ASSIGN_OR_FAIL(std::string bytes, b.Finish());
  auto reader = OpenBytes(bytes);
  EXPECT_EQ(reader->dim(), 3u);
  ASSERT_EQ(reader->docs().size(), 2u);
  EXPECT_EQ(reader->docs()[0], (VectorDocId{2, 9}));
  OG_ASSIGN_OR_FAIL(auto got, reader->GetVector(5, 1));
  EXPECT_TRUE(std::equal(got.begin(), got.end(), v1));
  ASSERT_RAISES_CODE(NotFound, reader->GetVector(5, 2));
  std::vector<float> q = {1, 2, 4};
  OG_ASSIGN_OR_FAIL(auto none, reader->Search(q, 0));
  EXPECT_TRUE(none.empty());
  OG_ASSIGN_OR_FAIL(auto all, reader->Search(q, 100));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0], (VectorHit{5, 1, 1.0f}));

  VectorSectionBuilder dup(3);
  OG_ASSERT_OK(dup.Add(1, 1, v1));
  OG_ASSERT_OK(dup.Add(1, 1, v2));
  ASSERT_RAISES_CODE(BadRequest, dup.Finish());

  // Graphs of one and two nodes work too.
  VectorIndexParams tiny;
  tiny.min_graph_vectors = 1;
  for (int n : {1, 2}) {
    VectorSectionBuilder g(3, tiny);
    OG_ASSERT_OK(g.Add(1, 1, v1));
    if (n == 2) OG_ASSERT_OK(g.Add(1, 2, v2));
    OG_ASSIGN_OR_FAIL(std::string graph_bytes, g.Finish());
    auto graph = OpenBytes(graph_bytes);
    EXPECT_EQ(graph->kind(), VectorSectionKind::Hnsw);
    VectorSearchOptions forced;
    forced.strategy = VectorSearchStrategy::Graph;
    OG_ASSIGN_OR_FAIL(auto hits, graph->Search(q, 5, nullptr, forced));
    ASSERT_EQ(hits.size(), static_cast<size_t>(n));
    EXPECT_EQ(hits[0], (VectorHit{1, 1, 1.0f}));
  }

  OG_ASSIGN_OR_FAIL(std::string empty_bytes, VectorSectionBuilder(3).Finish());
  EXPECT_EQ(empty_bytes.size(), kVectorSectionHeaderBytes);
  auto empty = OpenBytes(empty_bytes);
  OG_ASSIGN_OR_FAIL(auto no_hits, empty->Search(q, 10));
  EXPECT_TRUE(no_hits.empty());
}

}  // namespace
}  // namespace og::index
