// og::EmbedJsonl: the offline `omnigraph embed` pipeline (surface.md §5.4). It works on JSONL
// files, not graphs: every node record of a type the spec names gets its target vector embedded
// from the listed fields (or removed with clean), and every other line passes through unchanged.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/strict_json.h"
#include "common/utf8.h"
#include "embed/embedding_client.h"
#include "omnigraph/omnigraph.h"

#include <yaml-cpp/yaml.h>

namespace og {
namespace {

struct TypeSpec {
  std::string target;
  std::vector<std::string> fields;
};

struct Spec {
  int dimension = 0;
  std::map<std::string, TypeSpec> types;
};

Result<Spec> ParseSpec(const std::string& text, const std::string& origin) {
  OG_ASSIGN_OR_RAISE(nlohmann::json j, ParseJsonStrict(text, origin));
  auto bad = [&](const std::string& why) { return Status::BadRequest(origin, ": ", why); };
  if (!j.is_object()) return bad("the spec must be a JSON object");
  for (const auto& [key, value] : j.items()) {
    if (key != "dimension" && key != "types") return bad("unknown key " + QuoteName(key) + " (dimension, types)");
  }
  Spec spec;
  if (!j.contains("dimension") || !j["dimension"].is_number_unsigned() || j["dimension"].get<uint64_t>() == 0 ||
      j["dimension"].get<uint64_t>() > 65536) {
    return bad("\"dimension\" must be a positive integer (at most 65536)");
  }
  spec.dimension = static_cast<int>(j["dimension"].get<uint64_t>());
  if (!j.contains("types") || !j["types"].is_object() || j["types"].empty()) {
    return bad("\"types\" must map at least one node type to {\"target\", \"fields\"}");
  }
  for (const auto& [type, t] : j["types"].items()) {
    if (!t.is_object()) return bad("types." + type + " must be an object");
    TypeSpec ts;
    for (const auto& [key, value] : t.items()) {
      if (key != "target" && key != "fields") {
        return bad("types." + type + ": unknown key " + QuoteName(key) + " (target, fields)");
      }
    }
    if (!t.contains("target") || !t["target"].is_string() || t["target"].get<std::string>().empty()) {
      return bad("types." + type + ".target must name the vector property");
    }
    ts.target = t["target"].get<std::string>();
    if (!t.contains("fields") || !t["fields"].is_array() || t["fields"].empty()) {
      return bad("types." + type + ".fields must list the properties to embed");
    }
    for (const auto& f : t["fields"]) {
      if (!f.is_string()) return bad("types." + type + ".fields must be strings");
      ts.fields.push_back(f.get<std::string>());
    }
    spec.types.emplace(type, std::move(ts));
  }
  return spec;
}

// `--select [Type:]field=value`.
struct Select {
  std::string type;  // empty: any type
  std::string field;
  std::string value;
};

Result<Select> ParseSelect(const std::string& text) {
  Select s;
  std::string rest = text;
  auto eq = rest.find('=');
  if (eq == std::string::npos || eq == 0) {
    return Status::BadRequest("--select ", QuoteForMessage(text), " is not [Type:]field=value");
  }
  std::string lhs = rest.substr(0, eq);
  s.value = rest.substr(eq + 1);
  auto colon = lhs.find(':');
  if (colon != std::string::npos) {
    s.type = lhs.substr(0, colon);
    lhs = lhs.substr(colon + 1);
  }
  s.field = lhs;
  if (s.field.empty()) return Status::BadRequest("--select ", QuoteForMessage(text), " names no field");
  return s;
}

std::string Trim(std::string s) {
  const char* ws = " \t\r\n";
  s.erase(0, s.find_first_not_of(ws));
  s.erase(s.find_last_not_of(ws) + 1);
  return s;
}

// A JSON value as the text --select compares with: strings as they are, others as JSON.
std::string Stringify(const OrderedJson& v) { return Trim(v.is_string() ? v.get<std::string>() : v.dump()); }

// The text the model sees: "type: T" then "field: value" per non-empty listed field.
std::string EmbedText(const std::string& type, const TypeSpec& ts, const OrderedJson& data) {
  std::string text = "type: " + type;
  for (const auto& f : ts.fields) {
    if (!data.contains(f) || data[f].is_null()) continue;
    std::string value = Stringify(data[f]);
    if (value.empty()) continue;
    text += "\n" + f + ": " + value;
  }
  return text;
}

}  // namespace

OrderedJson EmbedJsonlSummary::ToJson() const {
  return {{"input", input},
          {"output", output},
          {"records", records},
          {"selected_records", selected_records},
          {"embedded_records", embedded_records},
          {"cleaned_records", cleaned_records},
          {"mode", mode},
          {"dimension", dimension},
          {"model", model}};
}

Result<EmbedJsonlSummary> EmbedJsonl(const EmbedJsonlOptions& options) {
  if (options.input.empty() || options.output.empty()) return Status::BadRequest("embed needs an input and an output file");
  if (options.reembed_all && options.clean) return Status::BadRequest("--reembed-all and --clean exclude each other");
  OG_ASSIGN_OR_RAISE(Spec spec, ParseSpec(options.spec_json, options.spec_origin.empty() ? "spec" : options.spec_origin));
  std::vector<Select> selects;
  for (const auto& s : options.selects) {
    OG_ASSIGN_OR_RAISE(Select parsed, ParseSelect(s));
    selects.push_back(std::move(parsed));
  }
  std::set<std::string> only_types(options.types.begin(), options.types.end());
  for (const auto& t : only_types) {
    if (!spec.types.count(t)) return Status::BadRequest("--type ", QuoteName(t), " is not a type of the spec");
  }

  EmbedJsonlSummary summary;
  summary.input = options.input;
  summary.output = options.output;
  summary.dimension = spec.dimension;
  summary.mode = options.clean ? "clean" : options.reembed_all ? "reembed_all"
                                      : !selects.empty()      ? "reembed_selected"
                                                              : "fill_missing";
  std::ifstream in(options.input, std::ios::binary);
  if (!in) return Status::NotFound("cannot read ", options.input);

  // Pass 1: parse every line, decide what each record needs, gather the texts to embed.
  struct Line {
    std::string raw;             // written back unchanged when `record` stays null
    std::optional<OrderedJson> record;
    int64_t text_index = -1;     // into `texts` when the record gets a new vector
  };
  std::vector<Line> lines;
  std::vector<std::string> texts;
  std::string raw;
  int64_t line_no = 0;
  while (std::getline(in, raw)) {
    ++line_no;
    Line line{raw, std::nullopt, -1};
    std::string body = Trim(raw);
    if (body.empty()) {
      lines.push_back(std::move(line));
      continue;
    }
    auto parsed = ParseUserJson(body, options.input + ":" + std::to_string(line_no));
    if (!parsed.ok()) return parsed.status();
    OrderedJson record = OrderedJson::parse(body);
    ++summary.records;
    if (!record.is_object() || !record.contains("type") || !record["type"].is_string()) {
      lines.push_back(std::move(line));  // edges and anything without a type pass through
      continue;
    }
    std::string type = record["type"].get<std::string>();
    auto ts = spec.types.find(type);
    if (ts == spec.types.end() || (!only_types.empty() && !only_types.count(type))) {
      lines.push_back(std::move(line));
      continue;
    }
    if (!record.contains("data") || !record["data"].is_object()) {
      return Status::BadRequest(options.input, ":", line_no, ": a node record needs a \"data\" object");
    }
    OrderedJson& data = record["data"];
    bool selected = true;
    for (const Select& s : selects) {
      if (!s.type.empty() && s.type != type) {
        selected = false;
        break;
      }
      if (!data.contains(s.field) || Stringify(data[s.field]) != Trim(s.value)) {
        selected = false;
        break;
      }
    }
    if (!selected) {
      lines.push_back(std::move(line));
      continue;
    }
    ++summary.selected_records;
    const std::string& target = ts->second.target;
    if (options.clean) {
      if (data.contains(target)) {
        data.erase(target);
        ++summary.cleaned_records;
      }
      line.record = std::move(record);
      lines.push_back(std::move(line));
      continue;
    }
    bool missing = !data.contains(target) || data[target].is_null() ||
                   (data[target].is_array() && data[target].empty());
    if (missing || options.reembed_all || !selects.empty()) {
      line.text_index = static_cast<int64_t>(texts.size());
      texts.push_back(EmbedText(type, ts->second, data));
      line.record = std::move(record);
    }
    lines.push_back(std::move(line));
  }

  // Embed (document role), in batches the client splits further.
  std::vector<std::vector<float>> vectors;
  if (!texts.empty()) {
    OG_ASSIGN_OR_RAISE(embed::EmbeddingConfig config, embed::EmbeddingConfig::FromEnv());
    OG_ASSIGN_OR_RAISE(auto client, embed::EmbeddingClient::Make(std::move(config)));
    summary.model = client->model();
    constexpr size_t kBatch = 1024;
    for (size_t i = 0; i < texts.size(); i += kBatch) {
      std::vector<std::string> batch(texts.begin() + i, texts.begin() + std::min(texts.size(), i + kBatch));
      OG_ASSIGN_OR_RAISE(auto got, client->Embed(batch, spec.dimension, embed::EmbedRole::kDocument));
      for (auto& v : got) vectors.push_back(std::move(v));
    }
  }

  // Pass 2: write <output>.tmp, then rename over the output (never a half-written output).
  std::string tmp = options.output + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IOError("cannot write ", tmp);
    for (Line& line : lines) {
      if (!line.record) {
        out << line.raw << "\n";
        continue;
      }
      if (line.text_index >= 0) {
        const std::string& type = (*line.record)["type"].get<std::string>();
        (*line.record)["data"][spec.types.at(type).target] = vectors.at(line.text_index);
        ++summary.embedded_records;
      }
      out << line.record->dump(-1, ' ', false, OrderedJson::error_handler_t::replace) << "\n";
    }
    out.flush();
    if (!out) return Status::IOError("writing ", tmp, " failed");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, options.output, ec);
  if (ec) return Status::IOError("renaming ", tmp, " to ", options.output, ": ", ec.message());
  return summary;
}

namespace {

// A YAML node as JSON (scalars that read as integers become numbers; others strings).
Result<nlohmann::json> YamlToJson(const YAML::Node& node, const std::string& where, int depth = 0) {
  if (depth > 32) return Status::BadRequest(where, ": nested too deeply");
  switch (node.Type()) {
    case YAML::NodeType::Null: return nlohmann::json(nullptr);
    case YAML::NodeType::Scalar: {
      const std::string& s = node.Scalar();
      char* end = nullptr;
      long long v = std::strtoll(s.c_str(), &end, 10);
      if (!s.empty() && *end == '\0') return nlohmann::json(v);
      return nlohmann::json(s);
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node) {
        OG_ASSIGN_OR_RAISE(auto v, YamlToJson(item, where, depth + 1));
        out.push_back(std::move(v));
      }
      return out;
    }
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& kv : node) {
        OG_ASSIGN_OR_RAISE(auto v, YamlToJson(kv.second, where, depth + 1));
        out[kv.first.as<std::string>()] = std::move(v);
      }
      return out;
    }
    default: return Status::BadRequest(where, ": unsupported YAML value");
  }
}

}  // namespace

Result<EmbedJsonlOptions> EmbedOptionsFromSeedManifest(const std::string& manifest_path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(manifest_path);
  } catch (const YAML::Exception& e) {
    return Status::BadRequest(manifest_path, ":", e.mark.line + 1, ":", e.mark.column + 1, ": ", e.msg);
  }
  if (!root.IsMap()) return Status::BadRequest(manifest_path, ": a seed manifest is a YAML mapping");
  OG_ASSIGN_OR_RAISE(nlohmann::json m, YamlToJson(root, manifest_path));
  for (const auto& [key, value] : m.items()) {
    if (key != "sources" && key != "seed" && key != "artifacts" && key != "embeddings") {
      return Status::BadRequest(manifest_path, ": unknown key ", QuoteName(key),
                                " (sources, seed, artifacts, embeddings)");
    }
  }
  auto text_at = [&](const char* a, const char* b) -> std::string {
    if (m.contains(a) && m[a].is_object() && m[a].contains(b) && m[a][b].is_string()) return m[a][b];
    return "";
  };
  std::filesystem::path dir = std::filesystem::path(manifest_path).parent_path();
  auto resolve = [&](const std::string& p) {
    std::filesystem::path path(p);
    return (path.is_absolute() ? path : dir / path).lexically_normal().string();
  };
  EmbedJsonlOptions options;
  std::string input = text_at("sources", "raw_seed");
  if (input.empty()) input = text_at("seed", "data");
  if (input.empty()) return Status::BadRequest(manifest_path, ": sources.raw_seed (or seed.data) names no input");
  options.input = resolve(input);
  std::string output = text_at("artifacts", "embedded_seed");
  options.output = resolve(output.empty() ? "./build/seed.embedded.jsonl" : output);
  if (!m.contains("embeddings")) return Status::BadRequest(manifest_path, ": no `embeddings` spec");
  options.spec_json = m["embeddings"].dump();
  options.spec_origin = manifest_path + " (embeddings)";
  std::error_code ec;
  auto out_dir = std::filesystem::path(options.output).parent_path();
  if (!out_dir.empty()) std::filesystem::create_directories(out_dir, ec);
  if (ec) return Status::IOError("cannot create ", out_dir.string(), ": ", ec.message());
  return options;
}

}  // namespace og
