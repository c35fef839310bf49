// VectorGraph: the navigable small-world graph (HNSW shape) of a vector section, held in memory as
// compact arrays, with its own serialized form.
//
// Nodes are 0..n-1 (the section's doc order). Node i lives on levels 0..levels[i]; on level 0 it
// has at most m0 neighbours, above at most m. The graph is built by an ANN library
// (vector_hnsw_build.h) but stored, parsed and searched only by our code: its bytes never reach the
// library, and Parse checks every count, level and node id, so a damaged or hostile graph cannot
// make a search read out of bounds (and a search expands each node at most once, so it always
// ends).
//
// Serialized graph (little-endian):
//   u32 m, u32 m0, u32 entry_point, u32 max_level
//   u8 levels[n], zero-padded to a multiple of 4 bytes
//   for each node i in order, for each level l in 0..levels[i]: u32 count, u32 ids[count]
//
// In memory, level 0 (where a search spends nearly all its time) is one block of 1 + m0 words per
// node (count, then ids), found by multiplication with no indirection; the upper levels, which few
// nodes have, are compact: list j's ids are upper_ids[offsets[j], offsets[j + 1]), and node i's
// level-l list (l >= 1) is j = first_upper[i] + l - 1. Memory is O(n · m0) words plus the upper
// lists.
//
// Thread-safety: immutable once built or parsed.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"

namespace og::index {

/// Upper bounds a parsed graph must respect.
inline constexpr uint32_t kVectorGraphMaxM = 128;
inline constexpr uint32_t kVectorGraphMaxLevel = 63;

class VectorGraph {
 public:
  VectorGraph() = default;
  /// Start a graph; then call AppendList for every node in order, levels 0..levels[i] each.
  VectorGraph(uint32_t m, uint32_t m0, uint32_t entry_point, std::vector<uint8_t> levels);
  /// Append the next list (node and level follow from the lists appended so far).
  void AppendList(std::span<const uint32_t> ids);

  uint32_t m() const { return m_; }
  uint32_t m0() const { return m0_; }
  uint32_t entry_point() const { return entry_point_; }
  uint32_t max_level() const { return levels_.empty() ? 0 : levels_[entry_point_]; }
  size_t num_nodes() const { return levels_.size(); }
  uint32_t level(uint32_t node) const { return levels_[node]; }
  /// Total neighbour ids over all lists.
  size_t num_links() const { return num_links_; }
  /// Bytes held in memory.
  size_t memory_bytes() const;

  /// Neighbours of `node` on `level`. REQUIRES: node < num_nodes(), level <= level(node).
  std::span<const uint32_t> Links(uint32_t node, uint32_t level) const {
    if (level == 0) {
      const uint32_t* block = level0_.data() + static_cast<size_t>(node) * (1 + m0_);
      return {block + 1, block[0]};
    }
    size_t j = first_upper_[node] + level - 1;
    return {upper_ids_.data() + offsets_[j], upper_ids_.data() + offsets_[j + 1]};
  }

  /// Append the serialized form to `out`. Cost: O(size).
  void Serialize(std::string* out) const;
  /// Serialized size in bytes.
  size_t SerializedSize() const;

  /// Parse the serialized form of a graph over `num_nodes` nodes (>= 1). Corruption when a length,
  /// count, level or node id is out of range, the entry point is not on the top level, or the bytes
  /// do not end exactly after the last list. Allocates O(size + num_nodes · m0) (m0 <= 2m <= 256).
  static Result<VectorGraph> Parse(const char* data, size_t size, uint32_t num_nodes);

 private:
  uint32_t m_ = 0;
  uint32_t m0_ = 0;
  uint32_t entry_point_ = 0;
  std::vector<uint8_t> levels_;
  std::vector<uint32_t> level0_;       // per node: 1 + m0 words
  std::vector<uint32_t> first_upper_;  // per node: its level-1 list (when level >= 1)
  std::vector<uint32_t> offsets_;      // per upper list + 1
  std::vector<uint32_t> upper_ids_;
  size_t num_links_ = 0;
  // Builder cursor: the node and level of the next AppendList.
  uint32_t next_node_ = 0;
  uint32_t next_level_ = 0;
};

}  // namespace og::index
