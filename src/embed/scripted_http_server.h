// Test-only: a tiny HTTP/1.1 server on 127.0.0.1 (an ephemeral port) that answers every request
// with whatever a test's handler scripts: a status, a body, extra headers, a delay before the
// answer, or closing the connection without one. It records every request (method, path,
// lowercased headers, body) and counts connections, so tests can check what the client sent and
// whether it reused connections. Keep-alive is supported; each connection has its own thread.
//
// Header-only and included only from *_test.cc files (never part of og_embed).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace og::embed::testing {

struct ScriptedRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
};

struct ScriptedReply {
  ScriptedReply() = default;
  ScriptedReply(int status_code, std::string body_text,
                std::vector<std::pair<std::string, std::string>> extra_headers = {})
      : status(status_code), body(std::move(body_text)), headers(std::move(extra_headers)) {}

  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  int delay_ms = 0;       // wait this long before answering (interrupted when the server stops)
  bool hang_up = false;   // close the connection without answering
};

class ScriptedHttpServer {
 public:
  /// Called for every request with its 0-based sequence number across all connections.
  using Handler = std::function<ScriptedReply(const ScriptedRequest&, int index)>;

  explicit ScriptedHttpServer(Handler handler) : handler_(std::move(handler)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        ::listen(listen_fd_, 64) != 0) {
      ::close(listen_fd_);
      listen_fd_ = -1;
      return;
    }
    socklen_t len = sizeof(addr);
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    accept_thread_ = std::thread([this] { AcceptLoop(); });
  }

  ~ScriptedHttpServer() { Stop(); }
  ScriptedHttpServer(const ScriptedHttpServer&) = delete;
  ScriptedHttpServer& operator=(const ScriptedHttpServer&) = delete;

  bool ok() const { return listen_fd_ >= 0; }
  int port() const { return port_; }
  /// "http://127.0.0.1:<port>/v1", the shape of an OpenAI-style base URL.
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }

  int request_count() const {
    std::lock_guard<std::mutex> lock(mu_);
    return static_cast<int>(requests_.size());
  }
  int connection_count() const { return connections_.load(); }
  std::vector<ScriptedRequest> requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      stopping_ = true;
      for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
    }
    stop_cv_.notify_all();
    if (accept_thread_.joinable()) accept_thread_.join();
    std::vector<std::thread> threads;
    {
      std::lock_guard<std::mutex> lock(mu_);
      threads.swap(conn_threads_);
    }
    for (auto& t : threads) t.join();
    if (listen_fd_ >= 0) ::close(listen_fd_);
    listen_fd_ = -1;
  }

 private:
  bool stopping() const {
    std::lock_guard<std::mutex> lock(mu_);
    return stopping_;
  }

  void AcceptLoop() {
    while (!stopping()) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) {
        ::close(fd);
        break;
      }
      ++connections_;
      open_fds_.push_back(fd);
      conn_threads_.emplace_back([this, fd] { Serve(fd); });
    }
  }

  // Read until `buf` holds "\r\n\r\n" plus Content-Length bytes; false on EOF or stop.
  bool ReadRequest(int fd, std::string& buf, ScriptedRequest& req) {
    size_t header_end;
    while ((header_end = buf.find("\r\n\r\n")) == std::string::npos) {
      if (!ReadMore(fd, buf)) return false;
    }
    std::string head = buf.substr(0, header_end);
    size_t line_end = head.find("\r\n");
    std::string request_line = head.substr(0, line_end);
    size_t sp1 = request_line.find(' ');
    size_t sp2 = request_line.find(' ', sp1 + 1);
    req.method = request_line.substr(0, sp1);
    req.path = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
    size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
      size_t next = head.find("\r\n", pos);
      if (next == std::string::npos) next = head.size();
      std::string line = head.substr(pos, next - pos);
      size_t colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        size_t v = colon + 1;
        while (v < line.size() && line[v] == ' ') ++v;
        req.headers[name] = line.substr(v);
      }
      pos = next + 2;
    }
    size_t content_length = 0;
    if (auto it = req.headers.find("content-length"); it != req.headers.end()) {
      content_length = std::stoul(it->second);
    }
    size_t body_start = header_end + 4;
    while (buf.size() < body_start + content_length) {
      if (!ReadMore(fd, buf)) return false;
    }
    req.body = buf.substr(body_start, content_length);
    buf.erase(0, body_start + content_length);
    return true;
  }

  bool ReadMore(int fd, std::string& buf) {
    while (true) {
      if (stopping()) return false;
      pollfd p{fd, POLLIN, 0};
      int r = ::poll(&p, 1, 20);
      if (r == 0) continue;
      if (r < 0) return false;
      char chunk[16384];
      ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
      if (n <= 0) return false;
      buf.append(chunk, static_cast<size_t>(n));
      return true;
    }
  }

  static const char* Reason(int status) {
    switch (status) {
      case 200: return "OK";
      case 400: return "Bad Request";
      case 401: return "Unauthorized";
      case 404: return "Not Found";
      case 429: return "Too Many Requests";
      case 500: return "Internal Server Error";
      case 503: return "Service Unavailable";
      default: return "Status";
    }
  }

  void Serve(int fd) {
    std::string buf;
    while (true) {
      ScriptedRequest req;
      if (!ReadRequest(fd, buf, req)) break;
      int index;
      {
        std::lock_guard<std::mutex> lock(mu_);
        index = static_cast<int>(requests_.size());
        requests_.push_back(req);
      }
      ScriptedReply reply = handler_(req, index);
      if (reply.delay_ms > 0) {
        std::unique_lock<std::mutex> lock(mu_);
        stop_cv_.wait_for(lock, std::chrono::milliseconds(reply.delay_ms),
                          [this] { return stopping_; });
        if (stopping_) break;
      }
      if (reply.hang_up) break;
      std::string out = "HTTP/1.1 " + std::to_string(reply.status) + " " + Reason(reply.status) +
                        "\r\nContent-Type: application/json\r\nContent-Length: " +
                        std::to_string(reply.body.size()) + "\r\n";
      for (const auto& [name, value] : reply.headers) out += name + ": " + value + "\r\n";
      out += "\r\n" + reply.body;
      size_t sent = 0;
      while (sent < out.size()) {
        ssize_t n = ::send(fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
      }
      if (sent < out.size()) break;
    }
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = open_fds_.begin(); it != open_fds_.end(); ++it) {
      if (*it == fd) {
        open_fds_.erase(it);
        break;
      }
    }
    ::close(fd);
  }

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::thread accept_thread_;
  mutable std::mutex mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;                    // guarded by mu_
  std::vector<int> open_fds_;                // guarded by mu_
  std::vector<std::thread> conn_threads_;    // guarded by mu_
  std::vector<ScriptedRequest> requests_;    // guarded by mu_
  std::atomic<int> connections_{0};
};

/// A free TCP port on 127.0.0.1 at the time of the call (bind to port 0, read it, close).
inline int FreeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    socklen_t len = sizeof(addr);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

}  // namespace og::embed::testing
