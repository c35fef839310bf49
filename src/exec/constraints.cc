#include "exec/constraints.h"
#include "common/utf8.h"

#include <map>
#include <unordered_map>

#include <arrow/api.h>

#include "exec/json_cells.h"

namespace og::exec {
namespace {

std::string_view IdAt(const arrow::Array& ids, int64_t row) {
  return static_cast<const arrow::StringArray&>(ids).GetView(row);
}

// Call fn(batch, row, written_row) for every live row of the image (written_row = -1 for
// committed rows).
template <typename Fn>
std::optional<Violation> ForEachRow(const FinalImage& image, Fn&& fn) {
  if (image.committed) {
    for (int64_t r = 0; r < image.committed->num_rows(); ++r) {
      if (image.removed && (*image.removed)[r]) continue;
      if (auto v = fn(*image.committed, r, -1)) return v;
    }
  }
  if (image.written && image.written->num_rows() > 0) {
    auto batch = image.written->CombineChunksToBatch().ValueOrDie();
    for (int64_t r = 0; r < batch->num_rows(); ++r) {
      if (auto v = fn(*batch, r, r)) return v;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<Violation> CheckUnique(const std::string& type_name,
                                     const std::vector<std::vector<std::string>>& uniques,
                                     const FinalImage& image) {
  for (const auto& group : uniques) {
    // Tuple → id of the first row holding it. The epoch-style JSON rendering is typed (1 and "1"
    // differ) and delimited, so composite parts cannot run into each other.
    std::unordered_map<std::string, std::string> holders;
    auto visit = [&](const arrow::RecordBatch& b, int64_t r, int64_t written) -> std::optional<Violation> {
      std::string tuple, shown;
      for (const auto& col : group) {
        const arrow::Array& a = *b.GetColumnByName(col);
        if (a.IsNull(r)) return std::nullopt;  // tuples with a null part are exempt
        auto v = CellToJson(a, r, TemporalStyle::kEpoch);
        tuple += v.dump() + "\x1f";
        shown += (shown.empty() ? "" : ", ") + (v.is_string() ? v.get<std::string>() : v.dump());
      }
      std::string id(IdAt(*b.column(0), r));
      auto [it, fresh] = holders.emplace(tuple, id);
      if (fresh || it->second == id) return std::nullopt;
      std::string cols;
      for (const auto& c : group) cols += (cols.empty() ? "" : ", ") + c;
      if (group.size() > 1) cols = "(" + cols + ")";
      return Violation{Status::BadRequest("@unique violation on ", type_name, ".", cols, ": value ", QuoteName(shown), " held by ", QuoteName(it->second), " and ", QuoteName(id)),
                       written};
    };
    if (auto v = ForEachRow(image, visit)) return v;
  }
  return std::nullopt;
}

std::optional<Violation> CheckCardinality(const lang::EdgeType& edge, const FinalImage& image,
                                          const std::set<std::string>& sources,
                                          const std::function<bool(const std::string&)>& source_exists) {
  if (edge.card.is_default() || sources.empty()) return std::nullopt;
  std::map<std::string, int64_t> counts;
  std::map<std::string, int64_t> first_written;  // a written row from each source, for the line
  for (const auto& s : sources) counts[s] = 0;
  ForEachRow(image, [&](const arrow::RecordBatch& b, int64_t r, int64_t written) -> std::optional<Violation> {
    auto it = counts.find(std::string(IdAt(*b.column(1), r)));
    if (it != counts.end()) {
      ++it->second;
      if (written >= 0) first_written.emplace(it->first, written);
    }
    return std::nullopt;
  });
  for (const auto& [src, n] : counts) {
    if (!source_exists(src)) continue;  // the source itself is gone
    bool too_many = edge.card.max && n > *edge.card.max;
    if (n >= edge.card.min && !too_many) continue;
    auto at = first_written.find(src);
    return Violation{Status::BadRequest("@card violation on edge ", edge.name, ": source ", QuoteName(src), " has ",
                                        n, " edges (", too_many ? "max " : "min ",
                                        too_many ? *edge.card.max : edge.card.min, ")"),
                     at == first_written.end() ? -1 : at->second};
  }
  return std::nullopt;
}

}  // namespace og::exec
