// HttpClient: blocking HTTP POST over libcurl's easy interface, for the embedding providers.
//
// Each Post takes a curl easy handle from a small pool (creating one when the pool is empty) and
// returns it afterwards, so consecutive requests to the same host reuse the live connection (and
// TLS session) that the handle keeps. Settings on every request: no signals (CURLOPT_NOSIGNAL,
// safe in threaded programs), a total timeout (CURLOPT_TIMEOUT_MS, connect included), TLS peer
// and host verification on, http/https only, no redirects, compressed responses accepted, and a
// response-size cap. Loopback URLs never go through a proxy.
//
// Thread-safe: any number of threads may Post concurrently (one handle each). The client never
// logs anything; headers (which carry API keys) never appear in an error message.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "common/status.h"

namespace og::embed {

/// What went wrong below HTTP, for the retry decision.
enum class TransportFailure {
  kTimeout,   // the request did not finish in time (retryable)
  kConnect,   // DNS, connect, or the connection dropped mid-exchange (retryable)
  kTooLarge,  // the response exceeded the size cap (not retryable)
  kOther,     // TLS verification, malformed URL, ... (not retryable)
};

/// Detail attached to the IOError of a failed transfer.
class TransportDetail : public StatusDetail {
 public:
  explicit TransportDetail(TransportFailure failure) : failure_(failure) {}
  static constexpr const char* kTypeId = "embed_transport";
  const char* type_id() const override { return kTypeId; }
  std::string ToString() const override;
  TransportFailure failure() const { return failure_; }
  bool retryable() const {
    return failure_ == TransportFailure::kTimeout || failure_ == TransportFailure::kConnect;
  }

 private:
  TransportFailure failure_;
};

/// An HTTP response of any status.
struct HttpResponse {
  long status = 0;
  std::string body;
  std::optional<int64_t> retry_after_ms;  // from a "Retry-After: <seconds>" header
};

class HttpClient {
 public:
  /// Create a client (initialises libcurl once per process). IOError if libcurl cannot start.
  static Result<std::unique_ptr<HttpClient>> Make();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// POST `body` to `url` with `headers` ("Name: value" lines) and wait for the whole response,
  /// at most `timeout_ms`. Any HTTP status is a success here. Errors: IOError with a
  /// TransportDetail saying whether the failure is retryable. Cost: one HTTP exchange (plus a
  /// connect when no pooled connection to the host is alive).
  Result<HttpResponse> Post(const std::string& url, const std::vector<std::string>& headers,
                            const std::string& body, int64_t timeout_ms);

  /// Largest response body accepted (256 MiB).
  static constexpr size_t kMaxResponseBytes = size_t{256} << 20;

 private:
  HttpClient() = default;
  void* AcquireHandle();
  void ReleaseHandle(void* handle);

  std::mutex mu_;
  std::vector<void*> idle_;  // CURL* handles, guarded by mu_
};

}  // namespace og::embed
