// EmbeddingClient: turns texts into unit-length float vectors through the configured provider
// (surface.md §5.1): the OpenAI embeddings wire (openai-compatible, openai), Gemini, or the
// deterministic mock. One client serves query-time embedding (`nearest($v, "text")`, role kQuery)
// and ingest/offline embedding (`omnigraph embed`, role kDocument).
//
// - Batching: texts are sent config.EffectiveMaxBatchSize() per request (the OpenAI `input`
//   array; Gemini batchEmbedContents, or embedContent for a single text), batches one after
//   another; results come back in input order whatever order the provider lists them in.
// - Retries: timeouts, connect errors, HTTP 408, 429 and 5xx are retried up to
//   config.retry_attempts times, waiting retry_backoff_ms·2^min(k,10) (k = 0 for the first retry)
//   plus up to 50% random jitter, or longer when the server sends Retry-After. Each request is
//   bounded by timeout_ms and each batch (all its attempts and waits) by deadline_ms. Other 4xx
//   statuses, undecodable bodies and invalid vectors are not retried.
// - Validation: every vector must have exactly `dimension` finite components and a non-zero norm;
//   it is returned L2-normalised (embedding_vector.h).
// - Errors carry the provider's own message ({"error":{"message"}}) and never the API key.
//
// Thread-safe and reusable: build one per graph handle (lazily, on first use) and share it; calls
// may run concurrently and reuse pooled HTTP connections.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"
#include "embed/embedding_config.h"

namespace og::embed {

class HttpClient;

/// What one Embed call did, for tracing (target `omnigraph::embedding`: provider, model, dim,
/// elapsed, outcome).
struct EmbedTrace {
  EmbedProvider provider = EmbedProvider::kMock;
  std::string model;
  int dimension = 0;
  EmbedRole role = EmbedRole::kQuery;
  size_t texts = 0;
  int requests = 0;  // HTTP requests sent, retries included
  int retries = 0;
  int64_t elapsed_ms = 0;
  Status outcome;
};
using EmbedTraceSink = std::function<void(const EmbedTrace&)>;

/// Counters since the client was made.
struct EmbeddingStats {
  uint64_t calls = 0;     // Embed/EmbedOne calls
  uint64_t texts = 0;     // texts asked for
  uint64_t requests = 0;  // HTTP requests sent
  uint64_t retries = 0;   // of which retries
  uint64_t failures = 0;  // calls that returned an error
};

class EmbeddingClient {
 public:
  /// Largest dimension accepted (Vector(N) beyond this is refused before any request).
  static constexpr int kMaxDimension = 65536;

  /// Build a client. BadRequest when `config` is invalid (config.Validate()). A missing API key
  /// is reported by the first Embed, not here. `trace`, if set, is called once per Embed call,
  /// on the calling thread (so it must be thread-safe when calls are). Cost: no I/O.
  static Result<std::unique_ptr<EmbeddingClient>> Make(EmbeddingConfig config,
                                                      EmbedTraceSink trace = nullptr);
  ~EmbeddingClient();
  EmbeddingClient(const EmbeddingClient&) = delete;
  EmbeddingClient& operator=(const EmbeddingClient&) = delete;

  /// Embed `texts` as `role` at `dimension` (the target property's Vector(N)); one unit vector per
  /// text, in order. An empty `texts` returns an empty result without a request.
  /// Errors: BadRequest for a dimension outside [1, kMaxDimension], a text that is not valid
  /// UTF-8, or missing credentials (naming the environment variables to set); IOError for a
  /// failed request (after retries, naming the HTTP status and the provider's message), an
  /// exceeded deadline, an undecodable response, a dimension mismatch, or a NaN/Inf/zero vector.
  /// Cost: ceil(n / max_batch_size) requests when nothing fails; none for the mock.
  Result<std::vector<std::vector<float>>> Embed(const std::vector<std::string>& texts,
                                                int dimension, EmbedRole role) const;

  /// Embed one text (the query-time case). Same errors as Embed.
  Result<std::vector<float>> EmbedOne(const std::string& text, int dimension,
                                      EmbedRole role) const;

  const EmbeddingConfig& config() const { return config_; }
  /// The model name sent with every request (compare with `@embed(..., model=…)`).
  const std::string& model() const { return config_.model; }
  EmbeddingStats stats() const;

 private:
  struct CallCounters {
    int requests = 0;
    int retries = 0;
  };

  EmbeddingClient(EmbeddingConfig config, std::unique_ptr<HttpClient> http, EmbedTraceSink trace);
  Result<std::vector<std::vector<float>>> EmbedAll(const std::vector<std::string>& texts,
                                                   int dimension, EmbedRole role,
                                                   CallCounters& counters) const;
  Result<std::vector<std::vector<float>>> EmbedBatch(std::span<const std::string> texts,
                                                     size_t first_index, int dimension,
                                                     EmbedRole role,
                                                     CallCounters& counters) const;
  /// Remove the API key from a message, should a provider ever echo it back.
  Status Redact(const Status& st) const;

  const EmbeddingConfig config_;
  const std::unique_ptr<HttpClient> http_;  // null for the mock provider
  const EmbedTraceSink trace_;
  mutable std::atomic<uint64_t> calls_{0};
  mutable std::atomic<uint64_t> texts_{0};
  mutable std::atomic<uint64_t> requests_{0};
  mutable std::atomic<uint64_t> retries_{0};
  mutable std::atomic<uint64_t> failures_{0};
};

}  // namespace og::embed
