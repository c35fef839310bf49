#include "embed/provider_wire.h"

#include <exception>

#include <nlohmann/json.hpp>

#include "common/strict_json.h"
#include "common/utf8.h"

namespace og::embed {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

std::string StripTrailingSlashes(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string GeminiModelId(const std::string& model) {
  return model.rfind("models/", 0) == 0 ? model.substr(7) : model;
}

OrderedJson GeminiEmbedBody(const std::string& model_id, const std::string& text, int dimension,
                            EmbedRole role) {
  OrderedJson part;
  part["text"] = text;
  OrderedJson body;
  body["model"] = "models/" + model_id;
  body["content"]["parts"] = OrderedJson::array({part});
  body["taskType"] = role == EmbedRole::kQuery ? "RETRIEVAL_QUERY" : "RETRIEVAL_DOCUMENT";
  body["outputDimensionality"] = dimension;
  return body;
}

// Parse `body` as JSON; nlohmann throws on malformed input, so this is the seam that turns it
// into a Status.
Result<Json> ParseBody(std::string_view body) {
  try {
    return Json::parse(body.begin(), body.end());
  } catch (const Json::parse_error& e) {
    // Python's json module (and some servers built on it) writes NaN/Infinity as bare literals,
    // which are not JSON; say so plainly instead of pointing at a byte offset.
    bool literal = body.find("NaN") != std::string_view::npos ||
                   body.find("Infinity") != std::string_view::npos;
    if (literal) {
      return Status::IOError(
          "the provider returned a non-finite value (a NaN/Infinity literal, which is not JSON)");
    }
    return Status::IOError("the provider's response is not valid JSON (", e.what(),
                           "); body starts: ", BodyExcerpt(body));
  } catch (const std::exception& e) {
    return Status::IOError("could not parse the provider's response: ", e.what());
  }
}

Result<std::vector<double>> NumberArray(const Json& j, const std::string& where) {
  if (!j.is_array()) {
    return Status::IOError("unexpected response shape: ", where, " is not an array of numbers");
  }
  std::vector<double> out;
  out.reserve(j.size());
  for (const Json& v : j) {
    if (!v.is_number()) {
      return Status::IOError("unexpected response shape: ", where, " holds a non-number (",
                             v.type_name(), ")");
    }
    out.push_back(v.get<double>());
  }
  return out;
}

Result<std::vector<std::vector<double>>> ParseOpenAi(const Json& doc, size_t count) {
  auto data_it = doc.find("data");
  if (data_it == doc.end() || !data_it->is_array()) {
    return Status::IOError("unexpected response shape: no \"data\" array");
  }
  const Json& data = *data_it;
  if (data.size() != count) {
    return Status::IOError("the provider returned ", data.size(), " embeddings for ", count,
                           " inputs");
  }
  std::vector<std::vector<double>> out(count);
  std::vector<bool> seen(count, false);
  for (size_t k = 0; k < data.size(); ++k) {
    const Json& item = data[k];
    if (!item.is_object()) {
      return Status::IOError("unexpected response shape: data[", k, "] is not an object");
    }
    size_t index = k;  // servers that omit "index" return the inputs in order
    auto idx_it = item.find("index");
    if (idx_it != item.end()) {
      if (!idx_it->is_number_integer() || idx_it->get<int64_t>() < 0 ||
          static_cast<uint64_t>(idx_it->get<int64_t>()) >= count) {
        return Status::IOError("unexpected response shape: data[", k, "].index is not an ",
                               "integer in [0, ", count, ")");
      }
      index = static_cast<size_t>(idx_it->get<int64_t>());
    }
    if (seen[index]) {
      return Status::IOError("unexpected response shape: index ", index, " appears twice");
    }
    seen[index] = true;
    auto emb_it = item.find("embedding");
    if (emb_it == item.end()) {
      return Status::IOError("unexpected response shape: data[", k, "] has no \"embedding\"");
    }
    if (emb_it->is_string()) {
      return Status::IOError("unexpected response shape: data[", k,
                             "].embedding is a string (base64?); expected an array of floats");
    }
    OG_ASSIGN_OR_RAISE(out[index],
                       NumberArray(*emb_it, "data[" + std::to_string(k) + "].embedding"));
  }
  return out;
}

Result<std::vector<std::vector<double>>> ParseGemini(const Json& doc, size_t count) {
  std::vector<std::vector<double>> out;
  if (count == 1) {
    auto emb = doc.find("embedding");
    if (emb == doc.end() || !emb->is_object() || !emb->contains("values")) {
      return Status::IOError("unexpected response shape: no \"embedding.values\"");
    }
    OG_ASSIGN_OR_RAISE(auto values, NumberArray(emb->at("values"), "embedding.values"));
    out.push_back(std::move(values));
    return out;
  }
  auto embs = doc.find("embeddings");
  if (embs == doc.end() || !embs->is_array()) {
    return Status::IOError("unexpected response shape: no \"embeddings\" array");
  }
  if (embs->size() != count) {
    return Status::IOError("the provider returned ", embs->size(), " embeddings for ", count,
                           " inputs");
  }
  for (size_t k = 0; k < count; ++k) {
    const Json& e = (*embs)[k];
    std::string where = "embeddings[" + std::to_string(k) + "].values";
    if (!e.is_object() || !e.contains("values")) {
      return Status::IOError("unexpected response shape: no ", where);
    }
    OG_ASSIGN_OR_RAISE(auto values, NumberArray(e.at("values"), where));
    out.push_back(std::move(values));
  }
  return out;
}

}  // namespace

WireRequest BuildEmbedRequest(const EmbeddingConfig& config, std::span<const std::string> texts,
                              int dimension, EmbedRole role) {
  WireRequest req;
  const std::string base = StripTrailingSlashes(config.base_url);
  req.headers.push_back("Content-Type: application/json");
  req.headers.push_back("Accept: application/json");
  if (config.provider == EmbedProvider::kGemini) {
    const std::string model_id = GeminiModelId(config.model);
    if (!config.api_key.empty()) req.headers.push_back("x-goog-api-key: " + config.api_key);
    if (texts.size() == 1) {
      req.url = base + "/models/" + model_id + ":embedContent";
      req.body = DumpJson(GeminiEmbedBody(model_id, texts[0], dimension, role));
    } else {
      req.url = base + "/models/" + model_id + ":batchEmbedContents";
      OrderedJson body;
      body["requests"] = OrderedJson::array();
      for (const std::string& t : texts) {
        body["requests"].push_back(GeminiEmbedBody(model_id, t, dimension, role));
      }
      req.body = DumpJson(body);
    }
    return req;
  }

  // The OpenAI wire.
  if (!config.api_key.empty()) req.headers.push_back("Authorization: Bearer " + config.api_key);
  req.url = base + "/embeddings";
  const RoleConvention convention = config.EffectiveRoleConvention();
  OrderedJson body;
  body["model"] = config.model;
  OrderedJson input = OrderedJson::array();
  for (const std::string& t : texts) {
    if (convention == RoleConvention::kE5Prefix) {
      input.push_back((role == EmbedRole::kQuery ? "query: " : "passage: ") + t);
    } else {
      input.push_back(t);
    }
  }
  body["input"] = std::move(input);
  body["dimensions"] = dimension;
  if (convention == RoleConvention::kInputType) {
    body["input_type"] = role == EmbedRole::kQuery ? "query" : "document";
  }
  req.body = DumpJson(body);
  return req;
}

Result<std::vector<std::vector<double>>> ParseEmbedResponse(EmbedProvider provider,
                                                            std::string_view body, size_t count) {
  OG_ASSIGN_OR_RAISE(Json doc, ParseBody(body));
  if (!doc.is_object()) {
    return Status::IOError("unexpected response shape: not a JSON object; body starts: ",
                           BodyExcerpt(body));
  }
  try {
    if (provider == EmbedProvider::kGemini) return ParseGemini(doc, count);
    return ParseOpenAi(doc, count);
  } catch (const std::exception& e) {  // nlohmann accessors; not expected after the checks above
    return Status::IOError("could not decode the provider's response: ", e.what());
  }
}

std::optional<ProviderError> ExtractProviderError(std::string_view body) {
  try {
    Json doc = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
    ProviderError out;
    auto err = doc.find("error");
    if (err != doc.end()) {
      if (err->is_string()) {
        out.message = QuoteForMessage(err->get<std::string>(), 500);
        return out;
      }
      if (err->is_object()) {
        auto msg = err->find("message");
        if (msg != err->end() && msg->is_string()) {
          out.message = QuoteForMessage(msg->get<std::string>(), 500);
        } else {
          out.message = QuoteForMessage(DumpJson(*err), 500);
        }
        auto code = err->find("code");
        if (code != err->end() && code->is_number_integer()) {
          int64_t c = code->get<int64_t>();
          if (c > 0 && c < 1000) out.code = static_cast<int>(c);
        }
        return out;
      }
    }
    auto detail = doc.find("detail");
    if (detail != doc.end()) {
      out.message = QuoteForMessage(
          detail->is_string() ? detail->get<std::string>() : DumpJson(*detail), 500);
      return out;
    }
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

std::string BodyExcerpt(std::string_view body) {
  if (body.empty()) return "(empty)";
  return QuoteForMessage(body, 200);
}

}  // namespace og::embed
