// Build the HNSW graph of a set of vectors with hnswlib, into our own VectorGraph.
//
// hnswlib is used for construction only: the graph is copied out of it into a VectorGraph, which we
// serialize, parse and search ourselves (vector_graph.h, vector_section.h). This file's .cc is the
// one translation unit of og that includes <hnswlib/hnswlib.h> (with NO_MANUAL_VECTORIZATION, see
// there); every hnswlib exception stops here.
//
// The build inserts nodes one at a time in node order with hnswlib's seeded level generator and our
// canonical distance kernel (vector_distance.h), so the same vectors, parameters and seed always
// give the same graph, on any CPU.
//
// Thread-safety: BuildHnswGraph may be called from many threads at once (each call is independent).
#pragma once

#include <cstdint>

#include "common/result.h"
#include "index/vector_graph.h"

namespace og::index {

/// Build the graph over `n` vectors of `dim` floats at `vectors` (row-major), node i = row i.
/// `m` links per node (2m on level 0), beam `ef_construction` while inserting.
/// REQUIRES: n >= 1, all values finite. ResourceExhausted when memory runs out; Internal if the
/// library misbehaves. Cost: O(n log n * ef_construction * dim) on the calling thread.
Result<VectorGraph> BuildHnswGraph(const float* vectors, uint32_t n, uint32_t dim, uint32_t m,
                                   uint32_t ef_construction, uint64_t seed);

}  // namespace og::index
