#include "index/vector_hnsw_build.h"

#include <exception>
#include <limits>
#include <memory>
#include <new>
#include <string_view>
#include <vector>

// Without this, hnswlib 0.6.2's software prefetches read the id one past the end of a full
// neighbour list (past the end of its malloc'd block on the upper levels: a heap-buffer-overflow
// under ASan). It also drops hnswlib's own SIMD distance code, which we do not use (our kernel
// measures), and its non-inline cpuid helpers, so no other includer of the header can clash.
#define NO_MANUAL_VECTORIZATION
#include <hnswlib/hnswlib.h>

#include "index/vector_distance.h"

namespace og::index {
namespace {

// An hnswlib space that measures with our canonical kernel (bit-identical on every CPU).
class CanonicalL2Space : public hnswlib::SpaceInterface<float> {
 public:
  explicit CanonicalL2Space(size_t dim) : param_{dim, BestL2SquaredKernel()} {}
  size_t get_data_size() override { return param_.dim * sizeof(float); }
  hnswlib::DISTFUNC<float> get_dist_func() override { return &Distance; }
  void* get_dist_func_param() override { return &param_; }

 private:
  struct Param {
    size_t dim;
    L2SquaredFn fn;
  };
  static float Distance(const void* a, const void* b, const void* param) {
    const auto* p = static_cast<const Param*>(param);
    return p->fn(static_cast<const float*>(a), static_cast<const float*>(b), p->dim);
  }
  Param param_;
};

Result<VectorGraph> CopyGraph(const hnswlib::HierarchicalNSW<float>& hnsw, uint32_t n, uint32_t m) {
  std::vector<uint8_t> levels(n);
  for (uint32_t i = 0; i < n; ++i) {
    if (hnsw.getExternalLabel(i) != i) {
      return Status::Internal("hnswlib stored node ", i, " under label ", hnsw.getExternalLabel(i));
    }
    int level = hnsw.element_levels_[i];
    if (level < 0 || level > static_cast<int>(kVectorGraphMaxLevel)) {
      return Status::Internal("hnswlib gave node ", i, " level ", level);
    }
    levels[i] = static_cast<uint8_t>(level);
  }
  uint32_t entry = hnsw.enterpoint_node_;
  if (entry >= n || hnsw.maxlevel_ != levels[entry]) {
    return Status::Internal("hnswlib entry point ", entry, " is not on its top level");
  }
  VectorGraph graph(m, 2 * m, entry, levels);
  for (uint32_t i = 0; i < n; ++i) {
    for (uint32_t l = 0; l <= levels[i]; ++l) {
      hnswlib::linklistsizeint* list =
          l == 0 ? hnsw.get_linklist0(i) : hnsw.get_linklist(i, static_cast<int>(l));
      uint32_t count = hnsw.getListCount(list);
      const uint32_t* ids = reinterpret_cast<const uint32_t*>(list + 1);
      if (count > (l == 0 ? 2 * m : m)) return Status::Internal("hnswlib list over its degree");
      graph.AppendList({ids, count});
    }
  }
  return graph;
}

}  // namespace

Result<VectorGraph> BuildHnswGraph(const float* vectors, uint32_t n, uint32_t dim, uint32_t m,
                                   uint32_t ef_construction, uint64_t seed) {
  if (n == 0 || dim == 0 || m < 2 || m > kVectorGraphMaxM) {
    return Status::BadRequest("HNSW build needs n >= 1, dim >= 1 and 2 <= m <= ", kVectorGraphMaxM);
  }
  // The in-memory graph addresses links with 32-bit offsets.
  if (static_cast<uint64_t>(n) * (2 * m + 2) > std::numeric_limits<uint32_t>::max()) {
    return Status::BadRequest("too many vectors (", n, ") for one vector section at m=", m);
  }
  try {
    CanonicalL2Space space(dim);
    hnswlib::HierarchicalNSW<float> hnsw(&space, n, m, ef_construction, static_cast<size_t>(seed));
    for (uint32_t i = 0; i < n; ++i) {
      hnsw.addPoint(vectors + static_cast<size_t>(i) * dim, static_cast<hnswlib::labeltype>(i));
    }
    return CopyGraph(hnsw, n, m);
  } catch (const std::bad_alloc&) {
    return Status::ResourceExhausted("out of memory building the HNSW graph of ", n, " vectors");
  } catch (const std::exception& e) {
    // hnswlib reports a failed malloc as runtime_error("Not enough memory...").
    if (std::string_view(e.what()).find("memory") != std::string_view::npos) {
      return Status::ResourceExhausted("out of memory building the HNSW graph of ", n,
                                       " vectors: ", e.what());
    }
    return Status::Internal("hnswlib: ", e.what());
  }
}

}  // namespace og::index
