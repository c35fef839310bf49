// Lint of .gq files against a catalog (languages.md §7.2).
#include <algorithm>
#include <set>
#include <sstream>

#include "lang/gq_check.h"

#include "common/utf8.h"
#include "lang/gq_parser.h"

namespace og::lang {
namespace {

int SeverityRank(const std::string& s) { return s == "error" ? 0 : s == "warning" ? 1 : 2; }

// "type error: T7: ..." → "T7"; parse errors → "Q000".
std::string CodeOf(const std::string& message) {
  auto p = message.find("type error: T");
  if (p != std::string::npos) {
    size_t start = p + 12, end = message.find(':', start);
    if (end != std::string::npos) return message.substr(start, end - start);
  }
  return message.find("parse error") != std::string::npos ? "Q000" : "";
}

}  // namespace

nlohmann::json LintQueries(const Catalog& catalog, std::string_view query_source,
                           const std::string& query_path, const std::string& schema_path) {
  nlohmann::json report = {{"status", "ok"},
                           {"schema_source", {{"kind", "file"}, {"path", ToValidUtf8(schema_path)}}},
                           {"query_path", ToValidUtf8(query_path)},
                           {"queries_processed", 0},
                           {"errors", 0},
                           {"warnings", 0},
                           {"infos", 0},
                           {"results", nlohmann::json::array()},
                           {"findings", nlohmann::json::array()}};
  nlohmann::json findings = nlohmann::json::array();
  auto add_finding = [&](const std::string& severity, const std::string& code,
                         const std::string& message, const std::string& type,
                         const std::string& property, std::vector<std::string> names) {
    nlohmann::json f = {{"severity", severity}, {"code", code}, {"message", message},
                        {"query_names", names}};
    if (!type.empty()) f["type_name"] = type;
    if (!property.empty()) f["property"] = property;
    findings.push_back(std::move(f));
    report[severity == "error" ? "errors" : severity == "warning" ? "warnings" : "infos"] =
        report[severity == "error" ? "errors" : severity == "warning" ? "warnings" : "infos"]
            .get<int>() + 1;
  };

  auto file = ParseQueries(query_source, query_path);
  if (!file.ok()) {
    add_finding("error", "Q000", file.status().message(), "", "", {});
    report["status"] = "error";
    report["findings"] = findings;
    return report;
  }
  // Properties each updated node type's update queries assign (for L201).
  std::map<std::string, std::set<std::string>> updated;
  std::map<std::string, std::vector<std::string>> updaters;
  nlohmann::json results = nlohmann::json::array();
  for (const QueryDecl& q : file->queries) {
    nlohmann::json r = {{"name", q.name},
                        {"kind", q.is_mutation ? "mutation" : "read"},
                        {"status", "ok"},
                        {"warnings", nlohmann::json::array()}};
    auto checked = Typecheck(q, catalog);
    if (!checked.ok()) {
      r["status"] = "error";
      r["error"] = checked.status().message();
      add_finding("error", CodeOf(checked.status().message()), checked.status().message(), "", "",
                  {q.name});
    } else if (q.is_mutation) {
      if (q.params.empty()) {
        std::string w = "mutation declares no params; hardcoded mutations are easy to miss";
        r["warnings"].push_back(w);
        add_finding("warning", "", w, "", "", {q.name});
      }
      for (const auto& st : q.statements) {
        if (st.kind != MutationStatement::Kind::kUpdate) continue;
        auto& names = updaters[st.type];
        if (std::find(names.begin(), names.end(), q.name) == names.end()) names.push_back(q.name);
        for (const auto& a : st.assignments) updated[st.type].insert(a.property);
      }
    }
    results.push_back(std::move(r));
  }
  for (const auto& [type, props] : updated) {
    const NodeType* node = catalog.FindNode(type);
    if (!node) continue;
    std::set<std::string> embed_targets;
    for (const auto& p : node->properties) {
      if (p.embed) embed_targets.insert(p.name);
    }
    for (const auto& p : node->properties) {
      bool is_key = std::find(node->key.begin(), node->key.end(), p.name) != node->key.end();
      if (!p.type.nullable || is_key || embed_targets.count(p.name) || props.count(p.name)) continue;
      add_finding("warning", "L201",
                  type + "." + p.name + " exists in schema but no update query sets it", type,
                  p.name, updaters[type]);
    }
  }
  std::stable_sort(findings.begin(), findings.end(), [](const auto& a, const auto& b) {
    auto key = [](const nlohmann::json& f) {
      return std::make_tuple(SeverityRank(f["severity"].get<std::string>()),
                             f.value("type_name", std::string()), f.value("property", std::string()),
                             f["message"].get<std::string>());
    };
    return key(a) < key(b);
  });
  report["queries_processed"] = file->queries.size();
  report["results"] = results;
  report["findings"] = findings;
  if (report["errors"].get<int>() > 0) report["status"] = "error";
  return report;
}

std::string RenderLintText(const nlohmann::json& report) {
  std::ostringstream out;
  for (const auto& f : report["findings"]) {
    out << f["severity"].get<std::string>();
    std::string code = f.value("code", std::string());
    if (!code.empty()) out << " " << code;
    out << ": " << f["message"].get<std::string>();
    if (!f["query_names"].empty()) {
      out << " (";
      for (size_t i = 0; i < f["query_names"].size(); ++i) {
        out << (i ? ", " : "") << f["query_names"][i].get<std::string>();
      }
      out << ")";
    }
    out << "\n";
  }
  out << report["query_path"].get<std::string>() << ": " << report["queries_processed"]
      << " queries, " << report["errors"] << " errors, " << report["warnings"] << " warnings — "
      << report["status"].get<std::string>() << "\n";
  return out.str();
}

}  // namespace og::lang
