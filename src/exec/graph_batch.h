// GraphBatch: the parsed, per-value-validated content of a strict JSONL graph batch
// (languages.md §5.1). Each line is one node record {"type","data"} or edge record
// {"edge","from","to","data"}; anything else is an error naming the line. Rows are kept per type as
// Arrow columns in table-schema order, with the source line of every row for later messages.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <arrow/type_fwd.h>

#include "common/result.h"
#include "lang/catalog.h"

namespace og::exec {

/// The rows of one node or edge type read from the batch.
struct TypeRows {
  std::string type_name;
  bool is_edge = false;
  std::shared_ptr<arrow::Table> rows;  // the type's table schema (id[, src, dst], properties)
  std::vector<std::string> ids;        // id of each row (== rows' "id" column)
  std::vector<std::string> src, dst;   // edges only
  std::vector<int64_t> lines;          // 1-based source line of each row
  std::vector<bool> generated_id;      // the id is a fresh ULID (unique by construction)
};

struct GraphBatch {
  std::map<std::string, TypeRows> nodes;  // by node type name
  std::map<std::string, TypeRows> edges;  // by edge type name (declared spelling)
};

/// Parse `jsonl` strictly against `catalog`. `source_name` prefixes every error
/// ("data.jsonl:12: unknown node type 'Persn'"). `progress(done, total)` is called as bytes are
/// consumed. Ids: key-derived for @key types (a given data.id must equal it), else data.id or a new
/// ULID. Cost: O(input size).
Result<GraphBatch> ParseGraphBatch(const lang::Catalog& catalog, std::string_view jsonl,
                                   const std::string& source_name,
                                   const std::function<void(size_t, size_t)>& progress);

/// The id of a keyed node from the canonical renderings of its key columns (languages.md §1.6).
std::string KeyId(const std::vector<std::string>& canonical_parts);

}  // namespace og::exec
