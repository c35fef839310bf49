#include "index/vector_graph.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

namespace og::index {
namespace {

static_assert(std::endian::native == std::endian::little, "vector sections are little-endian");

constexpr size_t kGraphHeaderBytes = 16;

void PutU32(std::string* out, uint32_t v) { out->append(reinterpret_cast<const char*>(&v), 4); }

uint32_t GetU32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

size_t PaddedLevelsBytes(size_t n) { return (n + 3) / 4 * 4; }

}  // namespace

VectorGraph::VectorGraph(uint32_t m, uint32_t m0, uint32_t entry_point, std::vector<uint8_t> levels)
    : m_(m), m0_(m0), entry_point_(entry_point), levels_(std::move(levels)) {
  const size_t n = levels_.size();
  level0_.assign(n * (1 + static_cast<size_t>(m0_)), 0);
  first_upper_.assign(n, 0);
  offsets_.push_back(0);
}

void VectorGraph::AppendList(std::span<const uint32_t> ids) {
  if (next_level_ == 0) {
    uint32_t* block = level0_.data() + static_cast<size_t>(next_node_) * (1 + m0_);
    block[0] = static_cast<uint32_t>(ids.size());
    std::copy(ids.begin(), ids.end(), block + 1);
    first_upper_[next_node_] = static_cast<uint32_t>(offsets_.size() - 1);
  } else {
    upper_ids_.insert(upper_ids_.end(), ids.begin(), ids.end());
    offsets_.push_back(static_cast<uint32_t>(upper_ids_.size()));
  }
  num_links_ += ids.size();
  if (next_level_ == levels_[next_node_]) {
    ++next_node_;
    next_level_ = 0;
  } else {
    ++next_level_;
  }
}

size_t VectorGraph::SerializedSize() const {
  size_t lists = levels_.size() + (offsets_.size() - 1);
  return kGraphHeaderBytes + PaddedLevelsBytes(levels_.size()) + 4 * lists + 4 * num_links_;
}

size_t VectorGraph::memory_bytes() const {
  return levels_.capacity() + 4 * (level0_.capacity() + first_upper_.capacity() +
                                   offsets_.capacity() + upper_ids_.capacity());
}

void VectorGraph::Serialize(std::string* out) const {
  out->reserve(out->size() + SerializedSize());
  PutU32(out, m_);
  PutU32(out, m0_);
  PutU32(out, entry_point_);
  PutU32(out, max_level());
  out->append(reinterpret_cast<const char*>(levels_.data()), levels_.size());
  out->append(PaddedLevelsBytes(levels_.size()) - levels_.size(), '\0');
  for (uint32_t node = 0; node < levels_.size(); ++node) {
    for (uint32_t l = 0; l <= levels_[node]; ++l) {
      std::span<const uint32_t> ids = Links(node, l);
      PutU32(out, static_cast<uint32_t>(ids.size()));
      out->append(reinterpret_cast<const char*>(ids.data()), 4 * ids.size());
    }
  }
}

Result<VectorGraph> VectorGraph::Parse(const char* data, size_t size, uint32_t num_nodes) {
  auto bad = [](auto&&... what) {
    return Status::Corruption("vector graph: ", std::forward<decltype(what)>(what)...);
  };
  if (num_nodes == 0) return bad("no nodes");
  if (size < kGraphHeaderBytes + PaddedLevelsBytes(num_nodes))
    return bad("shorter than its header");
  if (size / 4 > std::numeric_limits<uint32_t>::max()) return bad("larger than 16 GiB");
  uint32_t m = GetU32(data), m0 = GetU32(data + 4), entry = GetU32(data + 8);
  uint32_t max_level = GetU32(data + 12);
  if (m < 1 || m > kVectorGraphMaxM || m0 < m || m0 > 2 * m) {
    return bad("degree m=", m, " m0=", m0, " out of range");
  }
  if (entry >= num_nodes)
    return bad("entry point ", entry, " out of range (", num_nodes, " nodes)");
  if (max_level > kVectorGraphMaxLevel) return bad("max level ", max_level, " out of range");

  const char* p = data + kGraphHeaderBytes;
  std::vector<uint8_t> levels(p, p + num_nodes);
  for (size_t i = num_nodes; i < PaddedLevelsBytes(num_nodes); ++i) {
    if (p[i] != 0) return bad("nonzero padding after levels");
  }
  size_t num_lists = 0;
  for (uint8_t l : levels) {
    if (l > max_level) return bad("node level ", int{l}, " above max level ", max_level);
    num_lists += size_t{l} + 1;
  }
  if (levels[entry] != max_level) return bad("entry point is not on the top level");
  p += PaddedLevelsBytes(num_nodes);
  const char* end = data + size;
  // Every list takes at least its 4-byte count, so the lists' bookkeeping is bounded by `size`.
  if (num_lists > static_cast<size_t>(end - p) / 4) return bad("lists run past the end");

  VectorGraph g(m, m0, entry, std::move(levels));
  std::vector<uint32_t> ids;
  ids.reserve(m0);
  for (uint32_t node = 0; node < num_nodes; ++node) {
    for (uint32_t l = 0; l <= g.levels_[node]; ++l) {
      if (end - p < 4) return bad("list of node ", node, " past the end");
      uint32_t count = GetU32(p);
      p += 4;
      uint32_t cap = l == 0 ? m0 : m;
      if (count > cap)
        return bad("node ", node, " has ", count, " links on level ", l, " (max ", cap, ")");
      if (static_cast<size_t>(end - p) / 4 < count)
        return bad("list of node ", node, " past the end");
      ids.clear();
      for (uint32_t k = 0; k < count; ++k) {
        uint32_t id = GetU32(p + 4 * k);
        if (id >= num_nodes)
          return bad("node ", node, " links to node ", id, " (", num_nodes, " nodes)");
        // A link on level l must point at a node present on level l.
        if (g.levels_[id] < l) return bad("node ", node, " links to node ", id, " above its level");
        ids.push_back(id);
      }
      p += 4 * static_cast<size_t>(count);
      g.AppendList(ids);
    }
  }
  if (p != end) return bad(end - p, " trailing bytes");
  return g;
}

}  // namespace og::index
