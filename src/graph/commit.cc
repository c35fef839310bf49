#include "graph/commit.h"

#include <nlohmann/json.hpp>

namespace og::graph {

const char* CommitKindName(CommitKind kind) {
  switch (kind) {
#define OG_COMMIT_KIND_NAME(name, str) \
  case CommitKind::k##name:            \
    return str;
    OG_COMMIT_KINDS(OG_COMMIT_KIND_NAME)
#undef OG_COMMIT_KIND_NAME
  }
  return "unknown";
}

Result<CommitKind> ParseCommitKind(const std::string& text) {
#define OG_COMMIT_KIND_PARSE(name, str) \
  if (text == str) return CommitKind::k##name;
  OG_COMMIT_KINDS(OG_COMMIT_KIND_PARSE)
#undef OG_COMMIT_KIND_PARSE
  return Status::Corruption("unknown commit kind '", text, "'");
}

nlohmann::json Commit::ToJson() const {
  nlohmann::json tables_json = nlohmann::json::object();
  for (const auto& [key, t] : tables) {
    tables_json[key] = {{"table_id", t.table_id},
                        {"manifest", t.manifest_key},
                        {"version", t.version},
                        {"rows", t.rows}};
  }
  return {{"id", id},
          {"branch", branch},
          {"seq", seq},
          {"parents", parents},
          {"kind", CommitKindName(kind)},
          {"actor", actor.empty() ? nlohmann::json(nullptr) : nlohmann::json(actor)},
          {"created_at_us", created_at_us},
          {"schema", schema_hash},
          {"tables", tables_json},
          {"touched", touched}};
}

Result<Commit> Commit::FromJson(const nlohmann::json& j) {
  try {
    Commit c;
    c.id = j.at("id").get<std::string>();
    c.branch = j.at("branch").get<std::string>();
    c.seq = j.at("seq").get<uint64_t>();
    c.parents = j.at("parents").get<std::vector<std::string>>();
    OG_ASSIGN_OR_RAISE(c.kind, ParseCommitKind(j.at("kind").get<std::string>()));
    if (!j.at("actor").is_null()) c.actor = j.at("actor").get<std::string>();
    c.created_at_us = j.at("created_at_us").get<int64_t>();
    c.schema_hash = j.at("schema").get<std::string>();
    for (const auto& [key, t] : j.at("tables").items()) {
      c.tables[key] = TableEntry{t.at("table_id").get<std::string>(),
                                 t.at("manifest").get<std::string>(),
                                 t.at("version").get<uint64_t>(), t.at("rows").get<int64_t>()};
    }
    c.touched = j.at("touched").get<std::vector<std::string>>();
    return c;
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption("malformed commit: ", e.what());
  }
}

Result<Commit> Commit::Parse(const std::string& bytes, const std::string& key) {
  nlohmann::json j = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::Corruption("commit ", key, " is not valid JSON");
  auto c = FromJson(j);
  if (!c.ok()) return c.status().Prepend(key, ": ");
  return c;
}

}  // namespace og::graph
