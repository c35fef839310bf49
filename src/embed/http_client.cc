#include "embed/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

#include "embed/embedding_config.h"

namespace og::embed {
namespace {

constexpr size_t kMaxIdleHandles = 8;

struct Transfer {
  std::string body;
  bool too_large = false;
  std::optional<int64_t> retry_after_ms;
};

size_t OnBody(char* data, size_t size, size_t nmemb, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * nmemb;
  if (t->body.size() + n > HttpClient::kMaxResponseBytes) {
    t->too_large = true;
    return 0;  // makes curl fail the transfer with CURLE_WRITE_ERROR
  }
  t->body.append(data, n);
  return n;
}

size_t OnHeader(char* data, size_t size, size_t nmemb, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * nmemb;
  std::string_view line(data, n);
  // A new response (after a 100 Continue, say) starts with its status line: forget old headers.
  if (line.rfind("HTTP/", 0) == 0) t->retry_after_ms.reset();
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size()) {
    bool match = true;
    for (size_t i = 0; i < kName.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(line[i])) != kName[i]) match = false;
    }
    if (match) {
      std::string_view v = line.substr(kName.size());
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.remove_suffix(1);
      int64_t seconds = 0;
      auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
      // Only the delta-seconds form; an HTTP-date is ignored (the backoff applies).
      if (ec == std::errc() && ptr == v.data() + v.size() && seconds >= 0) {
        t->retry_after_ms = std::min<int64_t>(seconds, 3600) * 1000;
      }
    }
  }
  return n;
}

TransportFailure Classify(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return TransportFailure::kTimeout;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return TransportFailure::kConnect;
    default:
      return TransportFailure::kOther;
  }
}

Status CurlSetupError(CURLcode code) {
  return Status::IOError("could not configure an HTTP request: ", curl_easy_strerror(code))
      .WithDetail(std::make_shared<TransportDetail>(TransportFailure::kOther));
}

// The URL without its query string and credentials, for messages.
std::string UrlForMessage(const std::string& url) {
  std::string out = url.substr(0, url.find_first_of("?#"));
  size_t scheme = out.find("://");
  size_t at = out.find('@');
  size_t slash = scheme == std::string::npos ? std::string::npos : out.find('/', scheme + 3);
  if (scheme != std::string::npos && at != std::string::npos &&
      (slash == std::string::npos || at < slash)) {
    out.erase(scheme + 3, at - scheme - 2);
  }
  return out;
}

class HeaderList {
 public:
  ~HeaderList() { curl_slist_free_all(list_); }
  bool Append(const std::string& line) {
    curl_slist* next = curl_slist_append(list_, line.c_str());
    if (next == nullptr) return false;
    list_ = next;
    return true;
  }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

}  // namespace

std::string TransportDetail::ToString() const {
  switch (failure_) {
    case TransportFailure::kTimeout: return "timeout";
    case TransportFailure::kConnect: return "connect";
    case TransportFailure::kTooLarge: return "too_large";
    case TransportFailure::kOther: return "other";
  }
  return "other";
}

Result<std::unique_ptr<HttpClient>> HttpClient::Make() {
  static const CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT);  // once, thread-safe
  if (init != CURLE_OK) {
    return Status::IOError("could not initialise libcurl: ", curl_easy_strerror(init));
  }
  return std::unique_ptr<HttpClient>(new HttpClient());
}

HttpClient::~HttpClient() {
  for (void* h : idle_) curl_easy_cleanup(static_cast<CURL*>(h));
}

void* HttpClient::AcquireHandle() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      void* h = idle_.back();
      idle_.pop_back();
      return h;
    }
  }
  return curl_easy_init();
}

void HttpClient::ReleaseHandle(void* handle) {
  auto* curl = static_cast<CURL*>(handle);
  // Reset forgets the options (pointers into this request's buffers) but keeps live connections,
  // the DNS cache and TLS session ids, which is the point of pooling.
  curl_easy_reset(curl);
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < kMaxIdleHandles) {
    idle_.push_back(curl);
    return;
  }
  curl_easy_cleanup(curl);
}

Result<HttpResponse> HttpClient::Post(const std::string& url,
                                      const std::vector<std::string>& headers,
                                      const std::string& body, int64_t timeout_ms) {
  CURL* curl = static_cast<CURL*>(AcquireHandle());
  if (curl == nullptr) {
    return Status::IOError("could not create an HTTP handle")
        .WithDetail(std::make_shared<TransportDetail>(TransportFailure::kOther));
  }
  struct Release {
    HttpClient* client;
    CURL* curl;
    ~Release() { client->ReleaseHandle(curl); }
  } release{this, curl};

  HeaderList header_list;
  for (const std::string& h : headers) {
    if (!header_list.Append(h)) return Status::IOError("out of memory building HTTP headers");
  }
  // No "Expect: 100-continue" round trip for large bodies.
  if (!header_list.Append("Expect:")) return Status::IOError("out of memory building HTTP headers");

  Transfer transfer;
  char error_buffer[CURL_ERROR_SIZE];
  error_buffer[0] = '\0';
  const long timeout = static_cast<long>(std::max<int64_t>(timeout_ms, 1));

#define OG_CURL_SET(option, value)                                  \
  do {                                                              \
    CURLcode _og_rc = curl_easy_setopt(curl, option, value);        \
    if (_og_rc != CURLE_OK) return CurlSetupError(_og_rc);          \
  } while (false)

  OG_CURL_SET(CURLOPT_ERRORBUFFER, error_buffer);
  OG_CURL_SET(CURLOPT_URL, url.c_str());
#if LIBCURL_VERSION_NUM >= 0x075500
  OG_CURL_SET(CURLOPT_PROTOCOLS_STR, "http,https");
#else
  OG_CURL_SET(CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
  OG_CURL_SET(CURLOPT_NOSIGNAL, 1L);
  OG_CURL_SET(CURLOPT_TIMEOUT_MS, timeout);
  OG_CURL_SET(CURLOPT_CONNECTTIMEOUT_MS, std::min<long>(timeout, 10000L));
  OG_CURL_SET(CURLOPT_SSL_VERIFYPEER, 1L);
  OG_CURL_SET(CURLOPT_SSL_VERIFYHOST, 2L);
  OG_CURL_SET(CURLOPT_FOLLOWLOCATION, 0L);
  OG_CURL_SET(CURLOPT_TCP_KEEPALIVE, 1L);
  OG_CURL_SET(CURLOPT_ACCEPT_ENCODING, "");  // whatever compression libcurl supports
  OG_CURL_SET(CURLOPT_USERAGENT, "omnigraph-cpp/" OG_VERSION);
  if (IsLoopbackUrl(url)) OG_CURL_SET(CURLOPT_NOPROXY, "*");
  OG_CURL_SET(CURLOPT_POST, 1L);
  OG_CURL_SET(CURLOPT_POSTFIELDS, body.data());
  OG_CURL_SET(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  OG_CURL_SET(CURLOPT_HTTPHEADER, header_list.get());
  OG_CURL_SET(CURLOPT_WRITEFUNCTION, &OnBody);
  OG_CURL_SET(CURLOPT_WRITEDATA, &transfer);
  OG_CURL_SET(CURLOPT_HEADERFUNCTION, &OnHeader);
  OG_CURL_SET(CURLOPT_HEADERDATA, &transfer);
#undef OG_CURL_SET

  CURLcode rc = curl_easy_perform(curl);
  if (rc != CURLE_OK) {
    TransportFailure failure = transfer.too_large ? TransportFailure::kTooLarge : Classify(rc);
    std::string what;
    if (transfer.too_large) {
      what = "the response exceeded " + std::to_string(kMaxResponseBytes >> 20) + " MiB";
    } else if (failure == TransportFailure::kTimeout) {
      what = "timed out after " + std::to_string(timeout) + " ms";
    } else {
      what = error_buffer[0] != '\0' ? std::string(error_buffer) : curl_easy_strerror(rc);
    }
    return Status::IOError("POST ", UrlForMessage(url), ": ", what)
        .WithDetail(std::make_shared<TransportDetail>(failure));
  }
  HttpResponse response;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  response.body = std::move(transfer.body);
  response.retry_after_ms = transfer.retry_after_ms;
  return response;
}

}  // namespace og::embed
