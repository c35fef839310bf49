#include "index/vector_section.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <utility>

#include "index/vector_distance.h"
#include "index/vector_hnsw_build.h"

namespace og::index {
namespace {

static_assert(std::endian::native == std::endian::little, "vector sections are little-endian");

constexpr char kMagic[8] = {'O', 'G', 'V', 'E', 'C', 'S', 'E', 'C'};
constexpr size_t kHeaderChecksumOffset = 56;
constexpr size_t kBodyChecksumOffset = 40;
constexpr uint32_t kMaxEfConstruction = 4096;
constexpr uint32_t kMaxEfSearch = 1u << 20;

// Auto strategy (measured in docs/BENCHMARKS.md, dims 128 and 768): an unfiltered graph search
// costs about what an exact scan of 48 · ef vectors does, so smaller sections are scanned.
constexpr size_t kExactBelowNodesPerEf = 48;
// Filtered: the admitted share p is estimated from kFilterSample evenly spaced docs. A filtered
// graph search computes about c · ef / p distances, an exact pass p · n (after n accept calls), so
// they cross near p · n = sqrt(c · ef · n) admitted docs; below that the exact pass is used. c was
// fitted to the crossovers measured at 20,000 docs (~6,600 admitted) and 200,000 docs (~14,000).
constexpr size_t kFilterSample = 256;
constexpr double kFilteredCrossoverC = 20;

void PutU32(std::string* out, uint32_t v) { out->append(reinterpret_cast<const char*>(&v), 4); }
void PutU64(std::string* out, uint64_t v) { out->append(reinterpret_cast<const char*>(&v), 8); }
uint32_t GetU32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
uint64_t GetU64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

bool AllFinite(const float* v, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(v[i])) return false;
  }
  return true;
}

// --- checksum: four independent multiply-rotate lanes over 32-byte stripes, then the tail. ---
constexpr uint64_t kC1 = 0x87c37b91114253d5ull;
constexpr uint64_t kC2 = 0x4cf5ad432745937full;
constexpr uint64_t kC3 = 0x9ae16a3b2f90404full;

inline uint64_t Lane(uint64_t acc, uint64_t word) {
  acc += word * kC2;
  acc = std::rotl(acc, 29);
  return acc * kC1;
}

inline uint64_t Avalanche(uint64_t h) {
  h ^= h >> 31;
  h *= kC3;
  h ^= h >> 29;
  h *= kC1;
  h ^= h >> 32;
  return h;
}

// Ask for every cache line of a vector ahead of its use.
inline void PrefetchVector(const float* v, size_t dim) {
  const char* p = reinterpret_cast<const char*>(v);
  for (size_t off = 0; off < dim * sizeof(float); off += 64) __builtin_prefetch(p + off);
}

// --- per-thread search scratch: a visited table stamped with a search epoch, and two heaps. ---
using Scored = std::pair<float, uint32_t>;  // (squared distance, node); node order == doc order

struct SearchScratch {
  std::vector<uint16_t> visited;  // 16-bit stamps: half the cache footprint of 32-bit ones
  uint16_t epoch = 0;
  std::vector<Scored> candidates;  // min-heap (std::greater)
  std::vector<Scored> results;     // max-heap (std::less)
  std::vector<uint32_t> ids;       // admitted nodes of an exact filtered pass
  bool busy = false;

  void Begin(size_t n) {
    if (visited.size() < n) visited.resize(n, 0);
    if (++epoch == 0) {  // wrapped: stamps of 65,536 searches ago would alias
      std::fill(visited.begin(), visited.end(), 0);
      epoch = 1;
    }
    candidates.clear();
    results.clear();
  }
  bool FirstVisit(uint32_t node) {
    if (visited[node] == epoch) return false;
    visited[node] = epoch;
    return true;
  }
};

// The calling thread's scratch, or a fresh one when a search re-enters (from an accept callback).
class ScratchLease {
 public:
  ScratchLease() {
    static thread_local SearchScratch shared;
    if (!shared.busy) {
      scratch_ = &shared;
    } else {
      own_ = std::make_unique<SearchScratch>();
      scratch_ = own_.get();
    }
    scratch_->busy = true;
  }
  ~ScratchLease() { scratch_->busy = false; }
  ScratchLease(const ScratchLease&) = delete;
  ScratchLease& operator=(const ScratchLease&) = delete;
  SearchScratch& operator*() { return *scratch_; }

 private:
  SearchScratch* scratch_ = nullptr;
  std::unique_ptr<SearchScratch> own_;
};

}  // namespace

namespace internal {

uint64_t VectorChecksum(const char* data, size_t size) {
  uint64_t a = kC1, b = kC2, c = kC3, d = kC1 ^ kC2;
  size_t i = 0;
  for (; i + 32 <= size; i += 32) {
    a = Lane(a, GetU64(data + i));
    b = Lane(b, GetU64(data + i + 8));
    c = Lane(c, GetU64(data + i + 16));
    d = Lane(d, GetU64(data + i + 24));
  }
  uint64_t h = std::rotl(a, 1) + std::rotl(b, 7) + std::rotl(c, 12) + std::rotl(d, 18);
  h = Lane(h, static_cast<uint64_t>(size));
  for (; i + 8 <= size; i += 8) h = Lane(h, GetU64(data + i));
  uint64_t tail = 0;
  for (size_t s = 0; i < size; ++i, s += 8) tail |= uint64_t{static_cast<uint8_t>(data[i])} << s;
  h = Lane(h, tail);
  return Avalanche(h);
}

void ResealVectorSectionForTesting(std::string* bytes) {
  if (bytes->size() < kVectorSectionHeaderBytes) return;
  uint64_t body = VectorChecksum(bytes->data() + kVectorSectionHeaderBytes,
                                 bytes->size() - kVectorSectionHeaderBytes);
  std::memcpy(bytes->data() + kBodyChecksumOffset, &body, 8);
  uint64_t head = VectorChecksum(bytes->data(), kHeaderChecksumOffset);
  std::memcpy(bytes->data() + kHeaderChecksumOffset, &head, 8);
}

}  // namespace internal

// ------------------------------------------------------------------------------------------------
// Builder

VectorSectionBuilder::VectorSectionBuilder(uint32_t dim, VectorIndexParams params)
    : dim_(dim), params_(params) {}

Status VectorSectionBuilder::Add(uint32_t fragment_id, uint32_t row, const float* v) {
  if (v == nullptr) return Status::OK();
  if (dim_ < 1 || dim_ > kVectorSectionMaxDim) {
    return Status::BadRequest("vector dimension ", dim_, " outside 1..", kVectorSectionMaxDim);
  }
  if (!AllFinite(v, dim_)) {
    return Status::BadRequest("vector of (fragment ", fragment_id, ", row ", row,
                              ") has a NaN or infinite value");
  }
  docs_.push_back({fragment_id, row});
  vectors_.insert(vectors_.end(), v, v + dim_);
  return Status::OK();
}

Status VectorSectionBuilder::Add(uint32_t fragment_id, uint32_t row, std::span<const float> v) {
  if (v.data() == nullptr && v.empty()) return Status::OK();
  if (v.size() != dim_) {
    return Status::BadRequest("vector of (fragment ", fragment_id, ", row ", row, ") has ",
                              v.size(), " values; the section's dimension is ", dim_);
  }
  return Add(fragment_id, row, v.data());
}

Result<std::string> VectorSectionBuilder::Finish() {
  if (dim_ < 1 || dim_ > kVectorSectionMaxDim) {
    return Status::BadRequest("vector dimension ", dim_, " outside 1..", kVectorSectionMaxDim);
  }
  if (params_.m < 2 || params_.m > kVectorGraphMaxM) {
    return Status::BadRequest("vector index m=", params_.m, " outside 2..", kVectorGraphMaxM);
  }
  if (params_.ef_construction < 1 || params_.ef_construction > kMaxEfConstruction) {
    return Status::BadRequest("vector index ef_construction=", params_.ef_construction,
                              " outside 1..", kMaxEfConstruction);
  }
  const size_t n = docs_.size();
  if (n >= std::numeric_limits<uint32_t>::max()) {
    return Status::BadRequest("too many vectors (", n, ") for one vector section");
  }

  // Doc order makes the bytes independent of insertion order, and node order equal to doc order.
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return docs_[a] < docs_[b]; });
  for (size_t i = 1; i < n; ++i) {
    const VectorDocId& d = docs_[order[i]];
    if (d == docs_[order[i - 1]]) {
      return Status::BadRequest("vector of (fragment ", d.fragment_id, ", row ", d.row,
                                ") added twice");
    }
  }
  std::vector<VectorDocId> docs(n);
  std::vector<float> vectors(n * dim_);
  for (size_t i = 0; i < n; ++i) {
    docs[i] = docs_[order[i]];
    std::memcpy(vectors.data() + i * dim_, vectors_.data() + size_t{order[i]} * dim_,
                sizeof(float) * dim_);
  }
  docs_.clear();
  docs_.shrink_to_fit();
  vectors_.clear();
  vectors_.shrink_to_fit();

  VectorSectionKind kind = n >= std::max<uint64_t>(params_.min_graph_vectors, 1)
                               ? VectorSectionKind::Hnsw
                               : VectorSectionKind::Flat;
  std::string graph_bytes;
  if (kind == VectorSectionKind::Hnsw) {
    OG_ASSIGN_OR_RAISE(VectorGraph graph,
                       BuildHnswGraph(vectors.data(), static_cast<uint32_t>(n), dim_, params_.m,
                                      params_.ef_construction, params_.seed));
    graph.Serialize(&graph_bytes);
  }

  std::string out;
  out.reserve(kVectorSectionHeaderBytes + 8 * n + 4 * n * dim_ + graph_bytes.size());
  out.append(kMagic, sizeof(kMagic));
  PutU32(&out, kVectorSectionFormatVersion);
  PutU32(&out, static_cast<uint32_t>(kind));
  PutU32(&out, dim_);
  PutU32(&out, 0);
  PutU64(&out, n);
  PutU64(&out, graph_bytes.size());
  PutU64(&out, 0);  // body checksum, below
  PutU64(&out, 0);
  PutU64(&out, 0);  // header checksum, below
  for (const VectorDocId& d : docs) {
    PutU32(&out, d.fragment_id);
    PutU32(&out, d.row);
  }
  out.append(reinterpret_cast<const char*>(vectors.data()), sizeof(float) * vectors.size());
  out.append(graph_bytes);
  internal::ResealVectorSectionForTesting(&out);  // computes both checksums
  return out;
}

// ------------------------------------------------------------------------------------------------
// Reader

Result<std::shared_ptr<const VectorSectionReader>> VectorSectionReader::Open(
    std::shared_ptr<RangeReader> reader) {
  auto bad = [](auto&&... what) {
    return Status::Corruption("vector section: ", std::forward<decltype(what)>(what)...);
  };
  const uint64_t size = reader->size();
  if (size < kVectorSectionHeaderBytes) return bad("only ", size, " bytes");
  OG_ASSIGN_OR_RAISE(std::string header, reader->Read(0, kVectorSectionHeaderBytes));
  if (header.size() != kVectorSectionHeaderBytes) return bad("short header read");
  const char* h = header.data();
  if (std::memcmp(h, kMagic, sizeof(kMagic)) != 0) return bad("bad magic");
  if (GetU64(h + kHeaderChecksumOffset) != internal::VectorChecksum(h, kHeaderChecksumOffset)) {
    return bad("header checksum mismatch");
  }
  uint32_t version = GetU32(h + 8), kind = GetU32(h + 12), dim = GetU32(h + 16);
  uint64_t count = GetU64(h + 24), graph_bytes = GetU64(h + 32);
  if (version != kVectorSectionFormatVersion) {
    return Status::Unsupported("vector section format version ", version, " (this build reads ",
                               kVectorSectionFormatVersion, ")");
  }
  if (kind > static_cast<uint32_t>(VectorSectionKind::Hnsw)) return bad("unknown kind ", kind);
  if (dim < 1 || dim > kVectorSectionMaxDim) return bad("dimension ", dim, " out of range");
  if (GetU32(h + 20) != 0 || GetU64(h + 48) != 0) return bad("nonzero reserved field");
  // Every doc takes 8 + 4·dim bytes: this bounds count (and all sizes below) by the object's size.
  const uint64_t per_doc = 8 + 4 * uint64_t{dim};
  if (count > (size - kVectorSectionHeaderBytes) / per_doc)
    return bad("count ", count, " too large");
  if (count >= std::numeric_limits<uint32_t>::max()) return bad("count ", count, " too large");
  const uint64_t fixed = kVectorSectionHeaderBytes + count * per_doc;
  if (graph_bytes != size - fixed) {
    return bad("sizes (", count, " docs of dim ", dim, ", ", graph_bytes,
               " graph bytes) do not add up to ", size, " bytes");
  }
  if (kind == static_cast<uint32_t>(VectorSectionKind::Flat) && graph_bytes != 0) {
    return bad("flat section with a graph");
  }
  if (kind == static_cast<uint32_t>(VectorSectionKind::Hnsw) && (graph_bytes == 0 || count == 0)) {
    return bad("HNSW section without a graph or docs");
  }

  OG_ASSIGN_OR_RAISE(std::string body,
                     reader->Read(kVectorSectionHeaderBytes, size - kVectorSectionHeaderBytes));
  if (body.size() != size - kVectorSectionHeaderBytes) return bad("short body read");
  if (GetU64(h + kBodyChecksumOffset) != internal::VectorChecksum(body.data(), body.size())) {
    return bad("body checksum mismatch");
  }

  std::shared_ptr<VectorSectionReader> out(new VectorSectionReader());
  out->kind_ = static_cast<VectorSectionKind>(kind);
  out->dim_ = dim;
  const size_t n = static_cast<size_t>(count);
  out->docs_.resize(n);
  const char* p = body.data();
  for (size_t i = 0; i < n; ++i) {
    out->docs_[i] = {GetU32(p + 8 * i), GetU32(p + 8 * i + 4)};
    if (i > 0 && !(out->docs_[i - 1] < out->docs_[i]))
      return bad("doc ids not strictly increasing");
  }
  p += 8 * n;
  out->vectors_.resize(n * dim);
  if (n > 0) std::memcpy(out->vectors_.data(), p, sizeof(float) * out->vectors_.size());
  if (!AllFinite(out->vectors_.data(), out->vectors_.size())) return bad("non-finite vector value");
  p += sizeof(float) * out->vectors_.size();
  if (out->kind_ == VectorSectionKind::Hnsw) {
    OG_ASSIGN_OR_RAISE(out->graph_, VectorGraph::Parse(p, graph_bytes, static_cast<uint32_t>(n)));
  }
  return std::shared_ptr<const VectorSectionReader>(std::move(out));
}

size_t VectorSectionReader::memory_bytes() const {
  return sizeof(*this) + docs_.capacity() * sizeof(VectorDocId) +
         vectors_.capacity() * sizeof(float) + graph_.memory_bytes();
}

Result<std::span<const float>> VectorSectionReader::GetVector(uint32_t fragment_id,
                                                              uint32_t row) const {
  VectorDocId key{fragment_id, row};
  auto it = std::lower_bound(docs_.begin(), docs_.end(), key);
  if (it == docs_.end() || *it != key) {
    return Status::NotFound("no vector for (fragment ", fragment_id, ", row ", row, ")");
  }
  return std::span<const float>(VectorAt(static_cast<uint32_t>(it - docs_.begin())), dim_);
}

Status VectorSectionReader::CheckQuery(std::span<const float> query, int k) const {
  if (query.size() != dim_) {
    return Status::BadRequest("query vector has ", query.size(),
                              " values; the index has dimension ", dim_);
  }
  if (!AllFinite(query.data(), query.size())) {
    return Status::BadRequest("query vector has a NaN or infinite value");
  }
  if (k < 0) return Status::BadRequest("nearest: k must be >= 0, got ", k);
  return Status::OK();
}

VectorHit VectorSectionReader::Hit(uint32_t node, float squared) const {
  return {docs_[node].fragment_id, docs_[node].row, std::sqrt(squared)};
}

std::vector<VectorHit> VectorSectionReader::Exact(const float* query, size_t k,
                                                  const AcceptFn* accept,
                                                  VectorSearchStats* stats) const {
  const size_t n = docs_.size();
  k = std::min(k, n);
  std::vector<Scored> heap;  // max-heap of the best k so far
  heap.reserve(k + 1);
  auto offer = [&](Scored s) {
    if (heap.size() < k) {
      heap.push_back(s);
      std::push_heap(heap.begin(), heap.end());
    } else if (s < heap.front()) {
      std::pop_heap(heap.begin(), heap.end());
      heap.back() = s;
      std::push_heap(heap.begin(), heap.end());
    }
  };
  if (k > 0) {
    const L2SquaredFn l2 = BestL2SquaredKernel();
    if (!accept) {
      // A sequential scan: the hardware prefetcher streams the vectors.
      for (uint32_t i = 0; i < n; ++i) offer({l2(query, VectorAt(i), dim_), i});
      if (stats) stats->distance_computations += n;
    } else {
      // Collect the admitted nodes first, then visit their (scattered) vectors with software
      // prefetch a few ahead: without it each admitted vector is a DRAM round trip.
      ScratchLease lease;
      std::vector<uint32_t>& ids = (*lease).ids;
      ids.clear();
      for (uint32_t i = 0; i < n; ++i) {
        if ((*accept)(docs_[i].fragment_id, docs_[i].row)) ids.push_back(i);
      }
      constexpr size_t kAhead = 4;
      for (size_t j = 0; j < ids.size(); ++j) {
        if (j + kAhead < ids.size()) PrefetchVector(VectorAt(ids[j + kAhead]), dim_);
        offer({l2(query, VectorAt(ids[j]), dim_), ids[j]});
      }
      if (stats) {
        stats->distance_computations += ids.size();
        stats->accept_calls += n;
      }
    }
  }
  std::sort_heap(heap.begin(), heap.end());
  std::vector<VectorHit> hits;
  hits.reserve(heap.size());
  for (const Scored& s : heap) hits.push_back(Hit(s.second, s.first));
  return hits;
}

bool VectorSectionReader::Graph(const float* query, size_t k, size_t ef, const AcceptFn* accept,
                                uint64_t max_distances, std::vector<VectorHit>* out,
                                VectorSearchStats* stats) const {
  const L2SquaredFn l2 = BestL2SquaredKernel();
  const size_t n = graph_.num_nodes();
  uint64_t distances = 0, calls = 0;
  auto admitted = [&](uint32_t node) {
    if (!accept) return true;
    ++calls;
    return (*accept)(docs_[node].fragment_id, docs_[node].row);
  };

  // Greedy descent through the upper levels (unfiltered: they only route).
  uint32_t cur = graph_.entry_point();
  float cur_d = l2(query, VectorAt(cur), dim_);
  ++distances;
  for (uint32_t level = graph_.max_level(); level > 0; --level) {
    for (bool moved = true; moved;) {
      moved = false;
      for (uint32_t nb : graph_.Links(cur, level)) {
        float d = l2(query, VectorAt(nb), dim_);
        ++distances;
        if (d < cur_d) {
          cur_d = d;
          cur = nb;
          moved = true;
        }
      }
    }
  }

  // Beam search on level 0. `results` holds only admitted nodes; while it has fewer than ef, every
  // newly seen node stays a candidate, so a selective filter widens the search instead of starving.
  ScratchLease lease;
  SearchScratch& s = *lease;
  s.Begin(n);
  auto& cand = s.candidates;
  auto& res = s.results;
  const auto min_first = std::greater<Scored>();
  s.FirstVisit(cur);
  cand.push_back({cur_d, cur});
  if (admitted(cur)) res.push_back({cur_d, cur});
  bool over_budget = false;
  while (!cand.empty() && !over_budget) {
    Scored c = cand.front();
    if (res.size() >= ef && c.first > res.front().first) break;
    std::pop_heap(cand.begin(), cand.end(), min_first);
    cand.pop_back();
    // Take the neighbours not seen yet, then measure them with the next one's vector prefetched.
    uint32_t fresh[2 * kVectorGraphMaxM];
    size_t num_fresh = 0;
    for (uint32_t nb : graph_.Links(c.second, 0)) {
      if (s.FirstVisit(nb)) fresh[num_fresh++] = nb;
    }
    if (num_fresh > 0) PrefetchVector(VectorAt(fresh[0]), dim_);
    for (size_t j = 0; j < num_fresh; ++j) {
      if (j + 1 < num_fresh) PrefetchVector(VectorAt(fresh[j + 1]), dim_);
      uint32_t nb = fresh[j];
      float d = l2(query, VectorAt(nb), dim_);
      ++distances;
      Scored sc{d, nb};
      if (res.size() < ef || sc < res.front()) {
        cand.push_back(sc);
        std::push_heap(cand.begin(), cand.end(), min_first);
        if (admitted(nb)) {
          res.push_back(sc);
          std::push_heap(res.begin(), res.end());
          if (res.size() > ef) {
            std::pop_heap(res.begin(), res.end());
            res.pop_back();
          }
        }
      }
    }
    over_budget = distances > max_distances;
  }
  if (stats) {
    stats->used_graph = true;
    stats->distance_computations += distances;
    stats->accept_calls += calls;
  }
  if (over_budget || res.size() < std::min(k, n)) return false;
  std::sort_heap(res.begin(), res.end());
  out->clear();
  for (size_t i = 0; i < res.size() && i < k; ++i) out->push_back(Hit(res[i].second, res[i].first));
  return true;
}

Result<std::vector<VectorHit>> VectorSectionReader::ExactSearch(std::span<const float> query, int k,
                                                                const AcceptFn* accept) const {
  OG_RETURN_NOT_OK(CheckQuery(query, k));
  return Exact(query.data(), static_cast<size_t>(k), accept, nullptr);
}

Result<std::vector<VectorHit>> VectorSectionReader::Search(std::span<const float> query, int k,
                                                           const AcceptFn* accept,
                                                           const VectorSearchOptions& options,
                                                           VectorSearchStats* stats) const {
  OG_RETURN_NOT_OK(CheckQuery(query, k));
  if (options.ef_search > kMaxEfSearch) {
    return Status::BadRequest("ef_search ", options.ef_search, " above ", kMaxEfSearch);
  }
  const size_t n = docs_.size();
  const size_t kk = std::min(static_cast<size_t>(k), n);
  if (kk == 0) return std::vector<VectorHit>();
  const size_t ef = std::max<size_t>({options.ef_search, 4 * kk, 1});

  bool use_graph =
      kind_ == VectorSectionKind::Hnsw && options.strategy != VectorSearchStrategy::Exact;
  if (use_graph && options.strategy == VectorSearchStrategy::Auto) {
    if (n < kExactBelowNodesPerEf * ef) {
      use_graph = false;
    } else if (accept) {
      // Estimate the admitted share from evenly spaced docs.
      size_t sample = std::min(n, kFilterSample), hits = 0;
      for (size_t i = 0; i < sample; ++i) {
        const VectorDocId& d = docs_[i * n / sample];
        hits += (*accept)(d.fragment_id, d.row) ? 1 : 0;
      }
      if (stats) stats->accept_calls += sample;
      double admitted =
          static_cast<double>(hits) * static_cast<double>(n) / static_cast<double>(sample);
      if (admitted * admitted <
          kFilteredCrossoverC * static_cast<double>(ef) * static_cast<double>(n)) {
        use_graph = false;
      }
    }
  }
  std::vector<VectorHit> hits;
  if (use_graph) {
    hits.reserve(kk);
    // Under Auto, a filtered search that has computed n / 4 distances (about what the exact pass
    // costs: n accept calls plus the admitted docs' distances) had its admitted share
    // overestimated; it stops and the exact pass runs instead.
    uint64_t budget = options.strategy == VectorSearchStrategy::Auto && accept
                          ? static_cast<uint64_t>(n) / 4
                          : std::numeric_limits<uint64_t>::max();
    if (Graph(query.data(), kk, ef, accept, budget, &hits, stats)) return hits;
    if (stats) stats->fell_back_to_exact = true;
  }
  return Exact(query.data(), kk, accept, stats);
}

}  // namespace og::index
