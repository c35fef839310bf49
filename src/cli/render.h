// Renderers for read results on the CLI (surface.md §1.4): table (default), kv, csv, jsonl, json.
// They work on the ReadOutput JSON envelope so the CLI and a future remote client share them.
#pragma once

#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace og::cli {

enum class OutputFormat { kTable, kKv, kCsv, kJsonl, kJson };

/// Parse "table" | "kv" | "csv" | "jsonl" | "json".
Result<OutputFormat> ParseOutputFormat(const std::string& text);

/// Render `read_output` (the ReadOutput envelope: query_name, target, row_count, columns, rows,
/// graph_commit_id) in `format`. `max_column_width` applies to the table format (floor 8).
void RenderRead(const nlohmann::ordered_json& read_output, OutputFormat format, std::ostream& out,
                int max_column_width = 80);

/// A cell as plain text: strings raw, null as "null", other values as compact JSON.
std::string CellText(const nlohmann::ordered_json& value);

}  // namespace og::cli
