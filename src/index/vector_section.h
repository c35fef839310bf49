// Vector section: the immutable nearest-neighbour index of one vector property over the rows of one
// or more fragments, as one blob (a section of an index segment).
//
// A section holds each indexed row's doc id (fragment_id, row), its raw float vector, and, above
// VectorIndexParams::min_graph_vectors vectors, an HNSW graph over them (built with hnswlib, stored
// and searched by our own code: vector_graph.h). Smaller sections are FLAT: searched exactly.
//
// Distances. Every ranking uses the squared L2 distance of the canonical kernel
// (vector_distance.h), bit-identical on every CPU; the graph search computes the same exact
// distances on the stored raw vectors, so ANN candidates need no separate re-ranking and an answer
// differs from the exact one only by which rows it found, never by their scores. Results are
// ascending by squared L2, ties by (fragment_id, row); VectorHit::distance is the Euclidean (L2)
// distance, sqrt of the squared one.
//
// Byte layout (little-endian), total = 64 + 8n + 4·n·dim + graph_bytes exactly:
//   [0, 64)   header
//               char magic[8] = "OGVECSEC"   u32 format_version (1)   u32 kind (0 flat, 1 hnsw)
//               u32 dim                      u32 reserved (0)         u64 count n
//               u64 graph_bytes (0 if flat)  u64 body_checksum (of bytes [64, end))
//               u64 reserved (0)             u64 header_checksum (of bytes [0, 56))
//   [64, +8n)        doc ids: n × (u32 fragment_id, u32 row), strictly increasing
//   [.., +4·n·dim)   vectors: n × dim f32, row-major, in doc-id order (all finite)
//   [.., +graph)     HNSW graph (vector_graph.h), node i = doc i; absent when flat
//
// Thread-safety: a builder is used by one thread; a reader is immutable and every method is safe
// from many threads at once. Searches reuse per-thread scratch (a 2-byte visited stamp per doc of
// the largest section the thread has searched, plus admitted ids), so a search allocates little.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"
#include "index/range_reader.h"
#include "index/vector_graph.h"

namespace og::index {

inline constexpr uint32_t kVectorSectionFormatVersion = 1;
inline constexpr uint32_t kVectorSectionMaxDim = 65536;
inline constexpr size_t kVectorSectionHeaderBytes = 64;

enum class VectorSectionKind : uint32_t { Flat = 0, Hnsw = 1 };

/// Build-time parameters (defaults chosen by measurement; see docs/BENCHMARKS.md).
struct VectorIndexParams {
  uint32_t m = 16;                    // graph links per node (2m on level 0), 2..128
  uint32_t ef_construction = 128;     // insertion beam width, >= 1
  uint32_t min_graph_vectors = 3072;  // fewer vectors: a FLAT section (exact search only)
  uint64_t seed = 0x6f67766563;       // level generator seed ("ogvec")
};

struct VectorDocId {
  uint32_t fragment_id = 0;
  uint32_t row = 0;
  auto operator<=>(const VectorDocId&) const = default;
};

struct VectorHit {
  uint32_t fragment_id = 0;
  uint32_t row = 0;
  float distance = 0;  // Euclidean L2 (not squared)
  bool operator==(const VectorHit&) const = default;
};

enum class VectorSearchStrategy {
  Auto,   // graph or exact, whichever is expected to be cheaper (always exact when flat)
  Graph,  // the graph when there is one (benchmarks, tests); exact on a flat section
  Exact,  // brute force over every (admitted) vector
};

struct VectorSearchOptions {
  uint32_t ef_search = 64;  // graph beam width; the search uses max(ef_search, 4k)
  VectorSearchStrategy strategy = VectorSearchStrategy::Auto;
};

/// What one search did (for tests, benchmarks and query profiles).
struct VectorSearchStats {
  bool used_graph = false;
  bool fell_back_to_exact = false;  // a graph search found < k (or ran over budget); redone exactly
  uint64_t distance_computations = 0;
  uint64_t accept_calls = 0;
};

class VectorSectionBuilder {
 public:
  explicit VectorSectionBuilder(uint32_t dim, VectorIndexParams params = {});

  /// Add the vector of doc (fragment_id, row): `dim` floats at `v`. A null `v` (a null vector) is
  /// skipped. BadRequest on a non-finite value or a dim outside 1..kVectorSectionMaxDim.
  /// Cost: O(dim) (copies the vector).
  Status Add(uint32_t fragment_id, uint32_t row, const float* v);
  /// As above, checking the length: BadRequest when v.size() != dim. An empty span with a null
  /// data() is a null vector (skipped).
  Status Add(uint32_t fragment_id, uint32_t row, std::span<const float> v);

  size_t num_vectors() const { return docs_.size(); }

  /// Return the section bytes. Docs are stored in (fragment_id, row) order whatever the order they
  /// were added in, and the build is seeded, so the same set of (doc, vector) pairs with the same
  /// params always gives the same bytes. BadRequest when a doc was added twice or params are out of
  /// range; ResourceExhausted when memory runs out. Cost: flat O(n·dim); HNSW about
  /// O(n · log n · ef_construction · dim), single-threaded. REQUIRES: called once.
  Result<std::string> Finish();

 private:
  uint32_t dim_;
  VectorIndexParams params_;
  std::vector<VectorDocId> docs_;
  std::vector<float> vectors_;
};

class VectorSectionReader {
 public:
  using AcceptFn = std::function<bool(uint32_t fragment_id, uint32_t row)>;

  /// Load the section behind `reader`: one read of the 64-byte header, then one of the rest, which
  /// the reader keeps in memory (sections are immutable; cache readers by object key). Corruption
  /// when a checksum, length, offset, count, level, link or vector value is wrong; Unsupported for
  /// another format version. Whatever the bytes say, allocates O(size + n · m0) with n bounded by
  /// size / (8 + 4 · dim): a header cannot ask for more memory than the object justifies.
  /// Cost: two ranged reads, O(size) CPU (checksum, finiteness, graph validation).
  static Result<std::shared_ptr<const VectorSectionReader>> Open(
      std::shared_ptr<RangeReader> reader);

  uint32_t dim() const { return dim_; }
  size_t num_vectors() const { return docs_.size(); }
  VectorSectionKind kind() const { return kind_; }
  /// Doc ids in section order (ascending).
  std::span<const VectorDocId> docs() const { return docs_; }
  /// Bytes held in memory.
  size_t memory_bytes() const;

  /// Return the k nearest docs to `query` among those `accept` admits (all when null), ascending by
  /// L2 distance, ties by (fragment_id, row). Never a filtered global top-k: with a filter the
  /// answer is the top k among the admitted docs (graph search over admitted nodes when many are
  /// admitted, exact over them when few are; a graph search that finds fewer than k is redone
  /// exactly, so the answer has min(k, admitted) hits). `accept` must be a pure function of the
  /// doc; it is called from the calling thread, possibly more than once for a doc (admitted share
  /// sampling, exact fallback). BadRequest when query.size() != dim(), a query value is NaN or
  /// infinite, or k < 0. Cost: graph ~O(ef · m0 · dim · log n), more under a selective filter;
  /// exact O(n · dim).
  Result<std::vector<VectorHit>> Search(std::span<const float> query, int k,
                                        const AcceptFn* accept = nullptr,
                                        const VectorSearchOptions& options = {},
                                        VectorSearchStats* stats = nullptr) const;

  /// Brute force over every (admitted) vector: the exact answer Search approximates. Same errors.
  Result<std::vector<VectorHit>> ExactSearch(std::span<const float> query, int k,
                                             const AcceptFn* accept = nullptr) const;

  /// The stored vector of a doc; valid while the reader lives. NotFound when the doc has none.
  /// Cost: O(log n).
  Result<std::span<const float>> GetVector(uint32_t fragment_id, uint32_t row) const;

 private:
  VectorSectionReader() = default;
  Status CheckQuery(std::span<const float> query, int k) const;
  const float* VectorAt(uint32_t node) const { return vectors_.data() + size_t{node} * dim_; }
  std::vector<VectorHit> Exact(const float* query, size_t k, const AcceptFn* accept,
                               VectorSearchStats* stats) const;
  // Filtered (accept != null) or plain graph search into `out`; false (redo exactly) when it found
  // fewer than min(k, n) admitted docs or computed more than `max_distances` distances.
  bool Graph(const float* query, size_t k, size_t ef, const AcceptFn* accept,
             uint64_t max_distances, std::vector<VectorHit>* out, VectorSearchStats* stats) const;
  VectorHit Hit(uint32_t node, float squared) const;

  VectorSectionKind kind_ = VectorSectionKind::Flat;
  uint32_t dim_ = 0;
  std::vector<VectorDocId> docs_;
  std::vector<float> vectors_;
  VectorGraph graph_;
};

namespace internal {
/// Recompute both checksums of section bytes in place (so fuzz tests reach the structural checks
/// behind them). No-op on bytes shorter than the header. Tests only.
void ResealVectorSectionForTesting(std::string* bytes);
/// The 64-bit checksum sections use.
uint64_t VectorChecksum(const char* data, size_t size);
}  // namespace internal

}  // namespace og::index
