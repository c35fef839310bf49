// The wire formats of the embedding providers (surface.md §5.1): how one batch of texts becomes
// an HTTP request, and how a response body becomes one raw vector per text. No I/O here, so every
// shape is unit-tested without a server.
//
//   OpenAI wire (openai-compatible, openai):
//     POST {base}/embeddings, "Authorization: Bearer <key>" (omitted when the key is empty),
//     body {"model": m, "input": [t0, t1, …], "dimensions": N} (+ "input_type" under the
//     input-type role convention); vectors from data[k].embedding, placed by data[k].index.
//   Gemini, one text:
//     POST {base}/models/{m}:embedContent, "x-goog-api-key: <key>",
//     body {"model": "models/m", "content": {"parts": [{"text": t}]},
//           "taskType": "RETRIEVAL_QUERY" | "RETRIEVAL_DOCUMENT", "outputDimensionality": N};
//     vector from embedding.values.
//   Gemini, several texts:
//     POST {base}/models/{m}:batchEmbedContents, body {"requests": [<the body above>, …]};
//     vectors from embeddings[k].values, in request order.
//
// Thread-safe (pure functions). WireRequest holds the API key in a header: never log it.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "embed/embedding_config.h"

namespace og::embed {

/// One HTTP POST, ready to send. `headers` are complete "Name: value" lines, the key among them.
struct WireRequest {
  std::string url;
  std::vector<std::string> headers;
  std::string body;
};

/// Build the request embedding `texts` (one batch, in order) at `dimension` in `role`.
/// REQUIRES: config.Validate() is OK, provider is not mock, texts is non-empty and valid UTF-8.
/// Under the e5-prefix role convention each text is sent as "query: " / "passage: " + text.
WireRequest BuildEmbedRequest(const EmbeddingConfig& config, std::span<const std::string> texts,
                              int dimension, EmbedRole role);

/// Parse a successful (2xx) response for a batch of `count` texts into one raw vector per text,
/// in input order (not yet validated or normalised: see NormalizeEmbedding). IOError, never
/// retried, for a body that is not JSON, lacks the expected fields, holds the wrong number of
/// vectors, repeats or skips an index, or holds a non-number. Cost: O(body).
Result<std::vector<std::vector<double>>> ParseEmbedResponse(EmbedProvider provider,
                                                            std::string_view body, size_t count);

/// An error object found in a provider's response body.
struct ProviderError {
  std::string message;  // quoted, bounded to 500 characters, control characters escaped
  int code = 0;         // numeric "code" when the provider gave one (OpenRouter, Gemini), else 0
};

/// The error a body reports, if any: {"error": {"message": …, "code": …}} (OpenAI, OpenRouter,
/// Gemini), {"error": "…"}, or {"detail": "…"} (FastAPI servers). nullopt when the body is not
/// JSON or holds none of these.
std::optional<ProviderError> ExtractProviderError(std::string_view body);

/// A short, printable excerpt of a response body for error messages (at most ~200 characters).
std::string BodyExcerpt(std::string_view body);

}  // namespace og::embed
