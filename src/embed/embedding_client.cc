#include "embed/embedding_client.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <random>
#include <thread>

#include "common/utf8.h"
#include "embed/embedding_vector.h"
#include "embed/http_client.h"
#include "embed/mock_embedding.h"
#include "embed/provider_wire.h"

namespace og::embed {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int64_t kMaxBackoffMs = 600000;

int64_t MillisSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

// retry_backoff_ms · 2^min(retry, 10), plus uniform jitter in [0, 50%] so that clients that
// failed together do not retry in lockstep.
int64_t BackoffDelayMs(int64_t base_ms, int retry) {
  if (base_ms <= 0) return 0;
  int64_t delay = std::min<int64_t>(base_ms << std::min(retry, 10), kMaxBackoffMs);
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<int64_t> jitter(0, delay / 2);
  return delay + jitter(rng);
}

bool RetryableHttpStatus(long status) { return status == 408 || status == 429 || status >= 500; }

// What one attempt produced: vectors, a final error, or an error worth another attempt.
struct Attempt {
  std::optional<std::vector<std::vector<float>>> vectors;
  Status error;
  bool retryable = false;
  std::optional<int64_t> retry_after_ms;
};

std::string HttpErrorText(const HttpResponse& r) {
  std::string text = "HTTP " + std::to_string(r.status);
  if (auto err = ExtractProviderError(r.body)) return text + ": " + err->message;
  if (!r.body.empty()) return text + ": " + BodyExcerpt(r.body);
  return text;
}

}  // namespace

EmbeddingClient::EmbeddingClient(EmbeddingConfig config, std::unique_ptr<HttpClient> http,
                                 EmbedTraceSink trace)
    : config_(std::move(config)), http_(std::move(http)), trace_(std::move(trace)) {}

EmbeddingClient::~EmbeddingClient() = default;

Result<std::unique_ptr<EmbeddingClient>> EmbeddingClient::Make(EmbeddingConfig config,
                                                              EmbedTraceSink trace) {
  while (!config.base_url.empty() && config.base_url.back() == '/') config.base_url.pop_back();
  OG_RETURN_NOT_OK(config.Validate());
  std::unique_ptr<HttpClient> http;
  if (config.provider != EmbedProvider::kMock) {
    OG_ASSIGN_OR_RAISE(http, HttpClient::Make());
  }
  return std::unique_ptr<EmbeddingClient>(
      new EmbeddingClient(std::move(config), std::move(http), std::move(trace)));
}

EmbeddingStats EmbeddingClient::stats() const {
  EmbeddingStats s;
  s.calls = calls_.load();
  s.texts = texts_.load();
  s.requests = requests_.load();
  s.retries = retries_.load();
  s.failures = failures_.load();
  return s;
}

Result<std::vector<float>> EmbeddingClient::EmbedOne(const std::string& text, int dimension,
                                                     EmbedRole role) const {
  OG_ASSIGN_OR_RAISE(auto vectors, Embed(std::vector<std::string>{text}, dimension, role));
  return std::move(vectors[0]);
}

Result<std::vector<std::vector<float>>> EmbeddingClient::Embed(
    const std::vector<std::string>& texts, int dimension, EmbedRole role) const {
  const auto start = Clock::now();
  CallCounters counters;
  auto result = EmbedAll(texts, dimension, role, counters);
  if (!result.ok()) result = Redact(result.status());

  calls_.fetch_add(1);
  texts_.fetch_add(texts.size());
  requests_.fetch_add(static_cast<uint64_t>(counters.requests));
  retries_.fetch_add(static_cast<uint64_t>(counters.retries));
  if (!result.ok()) failures_.fetch_add(1);
  if (trace_) {
    EmbedTrace t;
    t.provider = config_.provider;
    t.model = config_.model;
    t.dimension = dimension;
    t.role = role;
    t.texts = texts.size();
    t.requests = counters.requests;
    t.retries = counters.retries;
    t.elapsed_ms = MillisSince(start);
    t.outcome = result.status();
    trace_(t);
  }
  return result;
}

Result<std::vector<std::vector<float>>> EmbeddingClient::EmbedAll(
    const std::vector<std::string>& texts, int dimension, EmbedRole role,
    CallCounters& counters) const {
  if (dimension < 1 || dimension > kMaxDimension) {
    return Status::BadRequest("embedding dimension must be in [1, ", kMaxDimension, "], got ",
                              dimension);
  }
  OG_RETURN_NOT_OK(config_.CheckCredentials());
  for (size_t i = 0; i < texts.size(); ++i) {
    if (auto bad = FindInvalidUtf8(texts[i])) {
      return Status::BadRequest("text ", i, " to embed is not valid UTF-8 (byte ", *bad, ")");
    }
  }
  std::vector<std::vector<float>> out;
  out.reserve(texts.size());
  if (config_.provider == EmbedProvider::kMock) {
    for (const std::string& t : texts) {
      std::vector<float> v = MockEmbedding(t, dimension);
      if (std::all_of(v.begin(), v.end(), [](float x) { return x == 0.0f; })) {
        return Status::IOError("the mock embedding of text ", out.size(), " has zero norm");
      }
      out.push_back(std::move(v));
    }
    return out;
  }
  const size_t batch = static_cast<size_t>(config_.EffectiveMaxBatchSize());
  std::span<const std::string> all(texts);
  for (size_t first = 0; first < texts.size(); first += batch) {
    size_t n = std::min(batch, texts.size() - first);
    OG_ASSIGN_OR_RAISE(auto vectors, EmbedBatch(all.subspan(first, n), first, dimension, role,
                                                counters));
    for (auto& v : vectors) out.push_back(std::move(v));
  }
  return out;
}

Result<std::vector<std::vector<float>>> EmbeddingClient::EmbedBatch(
    std::span<const std::string> texts, size_t first_index, int dimension, EmbedRole role,
    CallCounters& counters) const {
  const WireRequest request = BuildEmbedRequest(config_, texts, dimension, role);
  const std::string what = std::string("embedding request to ") + ProviderName(config_.provider) +
                           " (model " + QuoteForMessage(config_.model) + ")";
  const auto start = Clock::now();
  const bool has_deadline = config_.deadline_ms > 0;
  const Clock::time_point deadline = has_deadline
                                         ? start + std::chrono::milliseconds(config_.deadline_ms)
                                         : Clock::time_point::max();
  auto deadline_error = [&](const Status& last, int attempts) {
    return Status::IOError(what, " gave up at its deadline of ", config_.deadline_ms, " ms after ",
                           attempts, attempts == 1 ? " attempt" : " attempts",
                           "; last error: ", last.message());
  };

  // One HTTP exchange and the judgement of its result.
  auto attempt_once = [&](int64_t timeout_ms) -> Attempt {
    Attempt a;
    ++counters.requests;
    auto posted = http_->Post(request.url, request.headers, request.body, timeout_ms);
    if (!posted.ok()) {
      a.error = posted.status();
      auto* detail = dynamic_cast<const TransportDetail*>(posted.status().detail().get());
      a.retryable = detail != nullptr && detail->retryable();
      return a;
    }
    const HttpResponse& r = *posted;
    a.retry_after_ms = r.retry_after_ms;
    if (r.status < 200 || r.status >= 300) {
      a.error = Status::IOError(HttpErrorText(r));
      a.retryable = RetryableHttpStatus(r.status);
      return a;
    }
    auto raw = ParseEmbedResponse(config_.provider, r.body, texts.size());
    if (!raw.ok()) {
      a.error = raw.status();
      // Some gateways (OpenRouter) answer 200 with an error object when the upstream failed;
      // its numeric code decides whether another attempt can help.
      if (auto err = ExtractProviderError(r.body)) {
        std::string code_text;
        if (err->code != 0) code_text.append(" ").append(std::to_string(err->code));
        a.error = Status::IOError("provider error", code_text, " (in an HTTP ", r.status,
                                  " response): ", err->message);
        a.retryable = err->code == 408 || err->code == 429 || err->code >= 500;
      }
      return a;
    }
    std::vector<std::vector<float>> vectors;
    vectors.reserve(raw->size());
    for (size_t i = 0; i < raw->size(); ++i) {
      auto v = NormalizeEmbedding((*raw)[i], dimension);
      if (!v.ok()) {
        a.error = v.status().Prepend("text ", first_index + i, ": ");
        return a;
      }
      vectors.push_back(std::move(v).MoveValueUnsafe());
    }
    a.vectors = std::move(vectors);
    return a;
  };

  Status last;
  for (int attempt = 0;; ++attempt) {
    int64_t timeout_ms = config_.timeout_ms;
    if (has_deadline) {
      auto remaining =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (remaining <= 0 && attempt > 0) return deadline_error(last, attempt);
      timeout_ms = std::clamp<int64_t>(remaining, 1, timeout_ms);
    }
    Attempt a = attempt_once(timeout_ms);
    if (a.vectors) return std::move(*a.vectors);
    last = a.error;
    if (!a.retryable) return a.error.Prepend(what, " failed: ");
    if (attempt >= config_.retry_attempts) {
      return a.error.Prepend(what, " failed after ", attempt + 1,
                             attempt == 0 ? " attempt: " : " attempts: ");
    }
    int64_t delay_ms = BackoffDelayMs(config_.retry_backoff_ms, attempt);
    if (a.retry_after_ms) delay_ms = std::max(delay_ms, *a.retry_after_ms);
    if (has_deadline && Clock::now() + std::chrono::milliseconds(delay_ms) >= deadline) {
      return deadline_error(last, attempt + 1);
    }
    if (delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ++counters.retries;
  }
}

Status EmbeddingClient::Redact(const Status& st) const {
  const std::string& key = config_.api_key;
  if (st.ok() || key.size() < 4) return st;
  std::string msg = st.message();
  bool changed = false;
  for (size_t pos = msg.find(key); pos != std::string::npos; pos = msg.find(key, pos)) {
    msg.replace(pos, key.size(), "<redacted>");
    pos += 10;
    changed = true;
  }
  return changed ? st.WithMessage(std::move(msg)) : st;
}

}  // namespace og::embed
