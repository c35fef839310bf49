#include "cli/render.h"

#include <algorithm>
#include <vector>

#include "omnigraph/omnigraph.h"

namespace og::cli {

Result<OutputFormat> ParseOutputFormat(const std::string& text) {
  if (text == "table") return OutputFormat::kTable;
  if (text == "kv") return OutputFormat::kKv;
  if (text == "csv") return OutputFormat::kCsv;
  if (text == "jsonl") return OutputFormat::kJsonl;
  if (text == "json") return OutputFormat::kJson;
  return Status::BadRequest("unknown output format '", text,
                            "' (expected table, kv, csv, jsonl or json)");
}

std::string CellText(const nlohmann::ordered_json& value) {
  if (value.is_null()) return "null";
  if (value.is_string()) return value.get<std::string>();
  return JsonText(value);
}

namespace {

std::vector<std::string> Columns(const nlohmann::ordered_json& out) {
  std::vector<std::string> cols;
  if (out.contains("columns") && out["columns"].is_array() && !out["columns"].empty()) {
    for (const auto& c : out["columns"]) cols.push_back(c.get<std::string>());
    return cols;
  }
  // No result schema: the sorted union of row keys.
  for (const auto& row : out["rows"]) {
    for (const auto& [k, v] : row.items()) {
      if (std::find(cols.begin(), cols.end(), k) == cols.end()) cols.push_back(k);
    }
  }
  std::sort(cols.begin(), cols.end());
  return cols;
}

nlohmann::ordered_json Cell(const nlohmann::ordered_json& row, const std::string& col) {
  auto it = row.find(col);
  return it == row.end() ? nlohmann::ordered_json(nullptr) : *it;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += "\"\"";
    else q += c;
  }
  return q + "\"";
}

// Count UTF-8 code points so width limits do not split characters.
size_t DisplayWidth(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string TruncateTo(const std::string& s, size_t width) {
  if (DisplayWidth(s) <= width) return s;
  std::string out;
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) {
      if (n + 1 == width) break;
      ++n;
    }
    out.push_back(s[i]);
  }
  return out + "\xE2\x80\xA6";  // …
}

std::string EscapeNewlines(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else out += c;
  }
  return out;
}

std::string PadRight(const std::string& s, size_t width) {
  size_t w = DisplayWidth(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

std::string TargetText(const nlohmann::ordered_json& out) {
  const auto& target = out["target"];
  if (target.contains("snapshot") && target["snapshot"].is_string()) {
    return "snapshot " + target["snapshot"].get<std::string>();
  }
  return "branch " + target.value("branch", std::string("main"));
}

// "<n> rows from branch <b> via <query>": always "rows", as OmniGraph prints it (surface.md §1.4).
void RenderHeader(const nlohmann::ordered_json& out, std::ostream& os) {
  os << out["rows"].size() << " rows from " << TargetText(out) << " via "
     << out.value("query_name", std::string("query")) << "\n";
}

void RenderTable(const nlohmann::ordered_json& out, std::ostream& os, int max_width) {
  size_t cap = static_cast<size_t>(std::max(8, max_width));
  auto cols = Columns(out);
  const auto& rows = out["rows"];
  RenderHeader(out, os);
  std::vector<size_t> widths;
  std::vector<std::vector<std::string>> cells;
  for (const auto& c : cols) widths.push_back(std::min(cap, DisplayWidth(c)));
  for (const auto& row : rows) {
    std::vector<std::string> line;
    for (size_t i = 0; i < cols.size(); ++i) {
      std::string text = TruncateTo(EscapeNewlines(CellText(Cell(row, cols[i]))), cap);
      widths[i] = std::max(widths[i], DisplayWidth(text));
      line.push_back(std::move(text));
    }
    cells.push_back(std::move(line));
  }
  for (size_t i = 0; i < cols.size(); ++i) {
    os << (i ? " | " : "") << PadRight(TruncateTo(cols[i], cap), widths[i]);
  }
  os << "\n";
  for (size_t i = 0; i < cols.size(); ++i) os << (i ? "-+-" : "") << std::string(widths[i], '-');
  os << "\n";
  for (const auto& line : cells) {
    for (size_t i = 0; i < line.size(); ++i) {
      os << (i ? " | " : "") << PadRight(line[i], widths[i]);
    }
    os << "\n";
  }
}

}  // namespace

void RenderRead(const nlohmann::ordered_json& out, OutputFormat format, std::ostream& os,
                int max_column_width) {
  switch (format) {
    case OutputFormat::kJson:
      os << JsonText(out, 2) << "\n";
      return;
    case OutputFormat::kJsonl: {
      nlohmann::ordered_json meta = {{"kind", "metadata"},
                             {"query_name", out["query_name"]},
                             {"target", out["target"]},
                             {"row_count", out["row_count"]}};
      os << JsonText(meta) << "\n";
      for (const auto& row : out["rows"]) os << JsonText(row) << "\n";
      return;
    }
    case OutputFormat::kCsv: {
      auto cols = Columns(out);
      for (size_t i = 0; i < cols.size(); ++i) os << (i ? "," : "") << CsvField(cols[i]);
      os << "\n";
      for (const auto& row : out["rows"]) {
        for (size_t i = 0; i < cols.size(); ++i) {
          os << (i ? "," : "") << CsvField(CellText(Cell(row, cols[i])));
        }
        os << "\n";
      }
      return;
    }
    case OutputFormat::kKv: {
      auto cols = Columns(out);
      const auto& rows = out["rows"];
      RenderHeader(out, os);
      if (rows.empty()) {
        os << "(no rows)\n";
        return;
      }
      for (size_t r = 0; r < rows.size(); ++r) {
        if (r) os << "\n";
        os << "row " << (r + 1) << "\n";
        for (const auto& c : cols) os << c << ": " << CellText(Cell(rows[r], c)) << "\n";
      }
      return;
    }
    case OutputFormat::kTable:
      RenderTable(out, os, max_column_width);
      return;
  }
}

}  // namespace og::cli
