// The fuzz target over the loader's line parser (og_exec): jsonl.
#include <string>

#include <arrow/api.h>
#include <nlohmann/json.hpp>

#include "exec/graph_batch.h"
#include "exec/json_cells.h"
#include "fuzz/check_util.h"
#include "fuzz/fixtures.h"
#include "fuzz/targets.h"

namespace og::fuzz {
namespace {

// --- graph batch invariants -----------------------------------------------------------------------

Status CheckRows(const exec::TypeRows& t) {
  if (!t.rows) return Status::Internal(t.type_name, ": no table");
  size_t n = static_cast<size_t>(t.rows->num_rows());
  if (t.ids.size() != n || t.lines.size() != n || t.generated_id.size() != n ||
      (t.is_edge && (t.src.size() != n || t.dst.size() != n))) {
    return Status::Internal(t.type_name, ": ", n, " rows but ", t.ids.size(), " ids, ",
                            t.lines.size(), " lines, ", t.src.size(), " srcs");
  }
  arrow::Status shape = t.rows->Validate();  // column lengths and types against the schema
  if (!shape.ok()) return Status::Internal(t.type_name, ": invalid table: ", shape.ToString());
  for (int c = 0; c < t.rows->num_columns(); ++c) {
    // DateTime is stored as date64 milliseconds with any time of day (graph/table_schema.cc),
    // which Arrow's full validation rejects ("does not represent a whole number of days"): check
    // those columns' structure only, every other column fully (including UTF-8 of strings).
    const auto& type = t.rows->schema()->field(c)->type();
    bool has_date64 = type->id() == arrow::Type::DATE64 ||
                      (type->id() == arrow::Type::LIST &&
                       static_cast<const arrow::ListType&>(*type).value_type()->id() == arrow::Type::DATE64);
    for (const auto& chunk : t.rows->column(c)->chunks()) {
      arrow::Status valid = has_date64 ? chunk->Validate() : chunk->ValidateFull();
      if (!valid.ok()) {
        return Status::Internal(t.type_name, ": invalid column ", t.rows->schema()->field(c)->name(),
                                ": ", valid.ToString());
      }
    }
  }
  // Every cell as a query result and as an export encodes it.
  for (const auto& column : t.rows->columns()) {
    for (const auto& chunk : column->chunks()) {
      for (int64_t r = 0; r < chunk->length(); ++r) {
        (void)exec::CellToJson(*chunk, r, exec::TemporalStyle::kIso).dump();
        (void)exec::CellToJson(*chunk, r, exec::TemporalStyle::kEpoch).dump();
      }
    }
  }
  return Status::OK();
}

}  // namespace

Status FuzzJsonl(std::string_view input) {
  auto batch = exec::ParseGraphBatch(FixtureCatalog(), input, "fuzz.jsonl", nullptr);
  if (!batch.ok()) return CheckOrdinary(batch.status(), "ParseGraphBatch");
  for (const auto& [name, rows] : batch->nodes) OG_RETURN_NOT_OK(CheckRows(rows));
  for (const auto& [name, rows] : batch->edges) OG_RETURN_NOT_OK(CheckRows(rows));
  return Status::OK();
}

}  // namespace og::fuzz
