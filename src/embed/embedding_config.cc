#include "embed/embedding_config.h"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "common/utf8.h"

namespace og::embed {
namespace {

constexpr const char* kProviderAliases = "openai-compatible, openai, gemini, mock";

std::string Trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsTruthy(std::string_view value) {
  std::string v = Lower(Trim(value));
  return v == "1" || v == "true" || v == "yes" || v == "on";
}

// The value of `name`, or nullopt when unset or empty after trimming.
std::optional<std::string> NonEmpty(const EnvLookup& env, const std::string& name) {
  std::optional<std::string> v = env(name);
  if (!v) return std::nullopt;
  std::string t = Trim(*v);
  if (t.empty()) return std::nullopt;
  return t;
}

Result<int64_t> ParseEnvInt(const std::string& name, const std::string& value, int64_t min,
                            int64_t max) {
  int64_t out = 0;
  const char* begin = value.data();
  const char* end = begin + value.size();
  auto [ptr, ec] = std::from_chars(begin, end, out);
  if (ec != std::errc() || ptr != end || out < min || out > max) {
    return Status::BadRequest(name, " must be an integer in [", min, ", ", max, "], got ",
                              QuoteForMessage(value));
  }
  return out;
}

std::string StripTrailingSlashes(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

}  // namespace

const char* ProviderName(EmbedProvider provider) {
  switch (provider) {
    case EmbedProvider::kOpenAiCompatible: return "openai-compatible";
    case EmbedProvider::kOpenAi: return "openai";
    case EmbedProvider::kGemini: return "gemini";
    case EmbedProvider::kMock: return "mock";
  }
  return "unknown";
}

Result<EmbedProvider> ParseProvider(std::string_view name) {
  std::string n = Lower(Trim(name));
  if (n == "openai-compatible") return EmbedProvider::kOpenAiCompatible;
  if (n == "openai") return EmbedProvider::kOpenAi;
  if (n == "gemini") return EmbedProvider::kGemini;
  if (n == "mock") return EmbedProvider::kMock;
  return Status::BadRequest("unknown embedding provider ", QuoteForMessage(name),
                            " (expected one of: ", kProviderAliases, ")");
}

const char* RoleConventionName(RoleConvention convention) {
  switch (convention) {
    case RoleConvention::kAuto: return "auto";
    case RoleConvention::kE5Prefix: return "e5-prefix";
    case RoleConvention::kInputType: return "input-type";
    case RoleConvention::kNone: return "none";
  }
  return "unknown";
}

Result<RoleConvention> ParseRoleConvention(std::string_view name) {
  std::string n = Lower(Trim(name));
  if (n == "auto") return RoleConvention::kAuto;
  if (n == "e5-prefix") return RoleConvention::kE5Prefix;
  if (n == "input-type") return RoleConvention::kInputType;
  if (n == "none") return RoleConvention::kNone;
  return Status::BadRequest("unknown embedding role convention ", QuoteForMessage(name),
                            " (expected one of: auto, e5-prefix, input-type, none)");
}

std::vector<std::string> ApiKeyEnvVars(EmbedProvider provider) {
  switch (provider) {
    case EmbedProvider::kOpenAiCompatible: return {"OPENROUTER_API_KEY", "OPENAI_API_KEY"};
    case EmbedProvider::kOpenAi: return {"OPENAI_API_KEY"};
    case EmbedProvider::kGemini: return {"GEMINI_API_KEY"};
    case EmbedProvider::kMock: return {};
  }
  return {};
}

bool IndicatesE5Model(std::string_view model) {
  std::string m = Lower(model);
  if (m.find("instruct") != std::string::npos) return false;
  for (size_t pos = m.find("e5"); pos != std::string::npos; pos = m.find("e5", pos + 1)) {
    bool left_ok = pos == 0 || !IsAlnum(m[pos - 1]);
    bool right_ok = pos + 2 == m.size() || !IsAlnum(m[pos + 2]);
    if (left_ok && right_ok) return true;
  }
  return false;
}

bool IsLoopbackUrl(std::string_view base_url) {
  size_t scheme = base_url.find("://");
  if (scheme == std::string_view::npos) return false;
  std::string_view rest = base_url.substr(scheme + 3);
  size_t at = rest.find('@');
  size_t slash = rest.find('/');
  if (at != std::string_view::npos && (slash == std::string_view::npos || at < slash)) {
    rest = rest.substr(at + 1);  // user:pass@host
  }
  std::string host;
  if (!rest.empty() && rest[0] == '[') {
    size_t close = rest.find(']');
    if (close == std::string_view::npos) return false;
    host = Lower(rest.substr(0, close + 1));
  } else {
    size_t end = rest.find_first_of(":/?#");
    host = Lower(rest.substr(0, end));
  }
  if (host == "localhost" || host == "[::1]") return true;
  // 127.0.0.0/8 in dotted-quad form.
  if (host.rfind("127.", 0) != 0) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.') {
      ++dots;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return dots == 3;
}

EmbeddingConfig EmbeddingConfig::ForProvider(EmbedProvider provider) {
  EmbeddingConfig c;
  c.provider = provider;
  switch (provider) {
    case EmbedProvider::kOpenAiCompatible:
      c.base_url = "https://openrouter.ai/api/v1";
      c.model = "openai/text-embedding-3-large";
      break;
    case EmbedProvider::kOpenAi:
      c.base_url = "https://api.openai.com/v1";
      c.model = "text-embedding-3-large";
      break;
    case EmbedProvider::kGemini:
      c.base_url = "https://generativelanguage.googleapis.com/v1beta";
      c.model = "gemini-embedding-2";
      break;
    case EmbedProvider::kMock:
      break;
  }
  return c;
}

Result<EmbeddingConfig> EmbeddingConfig::FromEnv() {
  EnvLookup env = [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
  return FromEnv(env, std::cerr);
}

Result<EmbeddingConfig> EmbeddingConfig::FromEnv(const EnvLookup& env, std::ostream& warnings) {
  EmbedProvider provider = EmbedProvider::kOpenAiCompatible;
  std::optional<std::string> provider_var = NonEmpty(env, "OMNIGRAPH_EMBED_PROVIDER");
  if (provider_var) {
    auto parsed = ParseProvider(*provider_var);
    if (!parsed.ok()) return parsed.status().Prepend("OMNIGRAPH_EMBED_PROVIDER: ");
    provider = *parsed;
  }
  std::optional<std::string> mock_var = env("OMNIGRAPH_EMBEDDINGS_MOCK");
  if (mock_var && IsTruthy(*mock_var) && provider != EmbedProvider::kMock) {
    if (provider_var) {
      warnings << "warning: OMNIGRAPH_EMBEDDINGS_MOCK is set: using the mock embedding provider "
                  "instead of the configured '"
               << ProviderName(provider) << "'\n";
    }
    provider = EmbedProvider::kMock;
  }

  EmbeddingConfig c = ForProvider(provider);
  if (provider != EmbedProvider::kMock) {
    if (auto url = NonEmpty(env, "OMNIGRAPH_EMBED_BASE_URL")) {
      c.base_url = StripTrailingSlashes(*url);
    }
    for (const std::string& var : ApiKeyEnvVars(provider)) {
      if (auto key = NonEmpty(env, var)) {
        c.api_key = *key;
        break;
      }
    }
  }
  if (auto model = NonEmpty(env, "OMNIGRAPH_EMBED_MODEL")) c.model = *model;

  struct IntVar {
    const char* name;
    int64_t min;
    int64_t max;
    int64_t* out;
  };
  int64_t retries = c.retry_attempts;
  IntVar vars[] = {
      {"OMNIGRAPH_EMBED_TIMEOUT_MS", 1, 3600000, &c.timeout_ms},
      {"OMNIGRAPH_EMBED_RETRY_ATTEMPTS", 0, 100, &retries},
      {"OMNIGRAPH_EMBED_RETRY_BACKOFF_MS", 0, 600000, &c.retry_backoff_ms},
      {"OMNIGRAPH_EMBED_DEADLINE_MS", 0, 86400000, &c.deadline_ms},
  };
  for (const IntVar& v : vars) {
    if (auto value = NonEmpty(env, v.name)) {
      OG_ASSIGN_OR_RAISE(*v.out, ParseEnvInt(v.name, *value, v.min, v.max));
    }
  }
  c.retry_attempts = static_cast<int>(retries);
  if (auto conv = NonEmpty(env, "OMNIGRAPH_EMBED_ROLE_CONVENTION")) {
    auto parsed = ParseRoleConvention(*conv);
    if (!parsed.ok()) return parsed.status().Prepend("OMNIGRAPH_EMBED_ROLE_CONVENTION: ");
    c.role_convention = *parsed;
  }
  OG_RETURN_NOT_OK(c.Validate());
  return c;
}

Status EmbeddingConfig::Validate() const {
  if (timeout_ms < 1 || timeout_ms > 3600000) {
    return Status::BadRequest("embedding timeout_ms must be in [1, 3600000], got ", timeout_ms);
  }
  if (retry_attempts < 0 || retry_attempts > 100) {
    return Status::BadRequest("embedding retry_attempts must be in [0, 100], got ", retry_attempts);
  }
  if (retry_backoff_ms < 0 || retry_backoff_ms > 600000) {
    return Status::BadRequest("embedding retry_backoff_ms must be in [0, 600000], got ",
                              retry_backoff_ms);
  }
  if (deadline_ms < 0) {
    return Status::BadRequest("embedding deadline_ms must be >= 0 (0 = unbounded), got ",
                              deadline_ms);
  }
  if (max_batch_size < 0 || max_batch_size > 2048) {
    return Status::BadRequest("embedding max_batch_size must be in [0, 2048], got ",
                              max_batch_size);
  }
  if (provider == EmbedProvider::kMock) return Status::OK();
  if (model.empty()) {
    return Status::BadRequest("the ", ProviderName(provider),
                              " embedding provider needs a model (OMNIGRAPH_EMBED_MODEL)");
  }
  if (base_url.rfind("http://", 0) != 0 && base_url.rfind("https://", 0) != 0) {
    return Status::BadRequest("embedding base URL must start with http:// or https://, got ",
                              QuoteForMessage(base_url));
  }
  if (provider == EmbedProvider::kGemini) {
    std::string_view m = model;
    if (m.rfind("models/", 0) == 0) m.remove_prefix(7);
    bool ok = !m.empty();
    for (char ch : m) {
      if (!IsAlnum(ch) && ch != '-' && ch != '.' && ch != '_') ok = false;
    }
    if (!ok) {
      return Status::BadRequest("gemini model name ", QuoteForMessage(model),
                                " may only hold letters, digits, '-', '.' and '_'");
    }
  }
  return Status::OK();
}

Status EmbeddingConfig::CheckCredentials() const {
  if (provider == EmbedProvider::kMock || !api_key.empty()) return Status::OK();
  if (provider == EmbedProvider::kOpenAiCompatible && IsLoopbackUrl(base_url)) return Status::OK();
  std::vector<std::string> vars = ApiKeyEnvVars(provider);
  std::string names;
  for (size_t i = 0; i < vars.size(); ++i) {
    if (i > 0) names += (i + 1 == vars.size()) ? " or " : ", ";
    names += vars[i];
  }
  std::string hint = provider == EmbedProvider::kOpenAiCompatible
                         ? " (a server on a loopback address needs none)"
                         : "";
  return Status::BadRequest("the ", ProviderName(provider),
                            " embedding provider needs an API key: set ", names, hint,
                            ", or set OMNIGRAPH_EMBEDDINGS_MOCK=1 for deterministic mock vectors");
}

int EmbeddingConfig::DefaultMaxBatchSize(EmbedProvider provider) {
  switch (provider) {
    case EmbedProvider::kGemini: return 100;
    case EmbedProvider::kMock: return 2048;
    default: return 128;
  }
}

int EmbeddingConfig::EffectiveMaxBatchSize() const {
  return max_batch_size > 0 ? max_batch_size : DefaultMaxBatchSize(provider);
}

RoleConvention EmbeddingConfig::EffectiveRoleConvention() const {
  if (provider != EmbedProvider::kOpenAiCompatible) return RoleConvention::kNone;
  if (role_convention != RoleConvention::kAuto) return role_convention;
  return IndicatesE5Model(model) ? RoleConvention::kE5Prefix : RoleConvention::kNone;
}

std::string EmbeddingConfig::ToString() const {
  std::ostringstream os;
  os << "provider=" << ProviderName(provider) << " model=" << QuoteForMessage(model)
     << " base_url=" << QuoteForMessage(base_url, 200)
     << " api_key=" << (api_key.empty() ? "<unset>" : "<set>") << " timeout_ms=" << timeout_ms
     << " retry_attempts=" << retry_attempts << " retry_backoff_ms=" << retry_backoff_ms
     << " deadline_ms=" << deadline_ms << " max_batch_size=" << EffectiveMaxBatchSize()
     << " role_convention=" << RoleConventionName(role_convention);
  return os.str();
}

}  // namespace og::embed
