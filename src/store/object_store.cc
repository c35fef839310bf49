#include "store/object_store.h"

#include <utility>

namespace og::store {

std::string IoCounts::ToJson() const {
  return internal::StrCat("{\"reads\":", reads, ",\"writes\":", writes, ",\"lists\":", lists,
                          ",\"deletes\":", deletes, ",\"bytes_read\":", bytes_read,
                          ",\"bytes_written\":", bytes_written, ",\"fsyncs\":", fsyncs, "}");
}

IoCounts IoCounts::operator-(const IoCounts& o) const {
  IoCounts d;
  d.reads = reads - o.reads;
  d.writes = writes - o.writes;
  d.lists = lists - o.lists;
  d.deletes = deletes - o.deletes;
  d.bytes_read = bytes_read - o.bytes_read;
  d.bytes_written = bytes_written - o.bytes_written;
  d.fsyncs = fsyncs - o.fsyncs;
  return d;
}

IoCounts IoStats::Snapshot() const {
  IoCounts c;
  c.reads = reads.load(std::memory_order_relaxed);
  c.writes = writes.load(std::memory_order_relaxed);
  c.lists = lists.load(std::memory_order_relaxed);
  c.deletes = deletes.load(std::memory_order_relaxed);
  c.bytes_read = bytes_read.load(std::memory_order_relaxed);
  c.bytes_written = bytes_written.load(std::memory_order_relaxed);
  c.fsyncs = fsyncs.load(std::memory_order_relaxed);
  return c;
}

void IoStats::Reset() {
  reads = 0;
  writes = 0;
  lists = 0;
  deletes = 0;
  bytes_read = 0;
  bytes_written = 0;
  fsyncs = 0;
}

const char* RequestKindName(RequestKind kind) {
  switch (kind) {
    case RequestKind::kGet:
      return "GET";
    case RequestKind::kGetRange:
      return "GET_RANGE";
    case RequestKind::kSize:
      return "HEAD";
    case RequestKind::kPut:
      return "PUT";
    case RequestKind::kPutIfAbsent:
      return "PUT_IF_ABSENT";
    case RequestKind::kList:
      return "LIST";
    case RequestKind::kDelete:
      return "DELETE";
  }
  return "?";
}

namespace {

// Check the '/'-separated segments of `text` (a key, or the complete segments of a prefix).
Status CheckSegments(const std::string& text, bool last_may_be_partial, const char* what) {
  if (text.find('\0') != std::string::npos) {
    return Status::BadRequest("invalid ", what, " '", text, "': contains a NUL byte");
  }
  if (!text.empty() && text.front() == '/') {
    return Status::BadRequest("invalid ", what, " '", text, "': must be relative (no leading '/')");
  }
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('/', start);
    bool last = end == std::string::npos;
    if (last) end = text.size();
    std::string_view seg(text.data() + start, end - start);
    if (last && last_may_be_partial) break;  // a prefix may end inside a segment
    if (seg.empty()) {
      return Status::BadRequest("invalid ", what, " '", text, "': empty path segment");
    }
    if (seg.front() == '.') {
      return Status::BadRequest("invalid ", what, " '", text,
                                "': a segment may not start with '.' (reserved)");
    }
    if (last) break;
    start = end + 1;
  }
  return Status::OK();
}

}  // namespace

Status ValidateKey(const std::string& key) {
  if (key.empty()) return Status::BadRequest("invalid object key: empty");
  return CheckSegments(key, /*last_may_be_partial=*/false, "object key");
}

Status ValidatePrefix(const std::string& prefix) {
  if (prefix.empty()) return Status::OK();
  return CheckSegments(prefix, /*last_may_be_partial=*/true, "list prefix");
}

void ObjectStore::SetRequestHook(RequestHook hook) {
  std::shared_ptr<const RequestHook> h;
  if (hook) h = std::make_shared<const RequestHook>(std::move(hook));
  std::lock_guard<std::mutex> lock(hook_mu_);
  hook_ = std::move(h);
}

std::shared_ptr<const RequestHook> ObjectStore::hook() const {
  std::lock_guard<std::mutex> lock(hook_mu_);
  return hook_;
}

// Runs one request: validation, the before-hook, counting, the implementation, the after-hook.
// `count` increments the request counter; `run` performs it and returns a Result or Status.
template <typename Run>
static auto RunRequest(const std::shared_ptr<const RequestHook>& hook, const Request& request,
                       std::atomic<uint64_t>& counter, Run&& run) -> decltype(run()) {
  if (hook) {
    Status st = (*hook)(RequestPhase::kBefore, request);
    if (!st.ok()) return st;
  }
  counter.fetch_add(1, std::memory_order_relaxed);
  auto result = run();
  if (hook && result.ok()) {
    Status st = (*hook)(RequestPhase::kAfter, request);
    if (!st.ok()) return st;
  }
  return result;
}

Result<std::string> ObjectStore::Get(const std::string& key) {
  OG_RETURN_NOT_OK(ValidateKey(key));
  Request req{RequestKind::kGet, key, 0};
  return RunRequest(hook(), req, stats_.reads, [&]() -> Result<std::string> {
    auto r = DoGet(key);
    if (r.ok()) stats_.bytes_read.fetch_add(r->size(), std::memory_order_relaxed);
    return r;
  });
}

Result<std::string> ObjectStore::GetRange(const std::string& key, uint64_t offset,
                                          uint64_t length) {
  OG_RETURN_NOT_OK(ValidateKey(key));
  Request req{RequestKind::kGetRange, key, length};
  return RunRequest(hook(), req, stats_.reads, [&]() -> Result<std::string> {
    auto r = DoGetRange(key, offset, length);
    if (r.ok()) stats_.bytes_read.fetch_add(r->size(), std::memory_order_relaxed);
    return r;
  });
}

Result<uint64_t> ObjectStore::Size(const std::string& key) {
  OG_RETURN_NOT_OK(ValidateKey(key));
  Request req{RequestKind::kSize, key, 0};
  return RunRequest(hook(), req, stats_.reads, [&] { return DoSize(key); });
}

Status ObjectStore::Put(const std::string& key, const std::string& bytes) {
  OG_RETURN_NOT_OK(ValidateKey(key));
  Request req{RequestKind::kPut, key, bytes.size()};
  return RunRequest(hook(), req, stats_.writes, [&]() -> Status {
    stats_.bytes_written.fetch_add(bytes.size(), std::memory_order_relaxed);
    return DoPut(key, bytes);
  });
}

Result<bool> ObjectStore::PutIfAbsent(const std::string& key, const std::string& bytes) {
  OG_RETURN_NOT_OK(ValidateKey(key));
  Request req{RequestKind::kPutIfAbsent, key, bytes.size()};
  return RunRequest(hook(), req, stats_.writes, [&]() -> Result<bool> {
    stats_.bytes_written.fetch_add(bytes.size(), std::memory_order_relaxed);
    return DoPutIfAbsent(key, bytes);
  });
}

Result<std::vector<ListEntry>> ObjectStore::List(const std::string& prefix) {
  OG_RETURN_NOT_OK(ValidatePrefix(prefix));
  Request req{RequestKind::kList, prefix, 0};
  return RunRequest(hook(), req, stats_.lists, [&] { return DoList(prefix); });
}

Status ObjectStore::Delete(const std::string& key) {
  OG_RETURN_NOT_OK(ValidateKey(key));
  Request req{RequestKind::kDelete, key, 0};
  return RunRequest(hook(), req, stats_.deletes, [&] { return DoDelete(key); });
}

}  // namespace og::store
