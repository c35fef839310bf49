// ObjectStore: the one interface every byte of a graph goes through.
//
// A store holds objects (byte strings) under '/'-separated relative keys ("commits/01H....json").
// It has the semantics of an S3-compatible object store, which a POSIX directory can provide too:
// objects are written whole, read whole or by byte range, listed by key prefix, and deleted. There
// are no directories and no appends. Two writes are offered:
//   - Put: for objects whose name is fresh (a ULID or content hash) and therefore never raced on.
//     Readers see the old object or the new one, never a partial one.
//   - PutIfAbsent: the only conditional write, and the commit point of the whole engine
//   (DESIGN.md):
//     of N concurrent callers for one key, exactly one creates it.
//
// Keys: non-empty, relative ('/' neither first nor last), no empty, "." or ".." segments, no NUL,
// and no segment starting with '.' (reserved for the store's own temporary files). A key that
// breaks these rules gets BadRequest. store/layout.h builds every key the engine uses.
//
// Costs: every public call below is exactly one request to the backing store (one syscall batch
// on a local disk, one HTTP request on S3) and increments exactly one request counter in stats(),
// whether it succeeds or fails. Callers state their own costs in these units.
//
// Thread-safety: every implementation is safe for concurrent use by any number of threads.
//
// Implementations override the protected Do* methods; the public methods are non-virtual so that
// key validation, request counting and request hooks (fault injection) are the same for all of
// them (LocalStore, MemoryStore, and later S3Store).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/result.h"

namespace og::store {

/// A plain copy of the request counters; subtract two to get the cost of an operation.
struct IoCounts {
  uint64_t reads = 0;          // Get, GetRange, Size (GET/HEAD requests)
  uint64_t writes = 0;         // Put, PutIfAbsent (PUT requests, conditional or not)
  uint64_t lists = 0;          // List (one LIST request per call)
  uint64_t deletes = 0;        // Delete
  uint64_t bytes_read = 0;     // payload bytes returned by Get/GetRange
  uint64_t bytes_written = 0;  // payload bytes sent by Put/PutIfAbsent
  uint64_t fsyncs = 0;         // fsync calls a local store made (files and directories)

  /// Return reads + writes + lists + deletes.
  uint64_t requests() const { return reads + writes + lists + deletes; }
  /// Render exactly {"reads":N,"writes":N,"lists":N,"deletes":N,"bytes_read":N,"bytes_written":N,
  /// "fsyncs":N}.
  std::string ToJson() const;
  IoCounts operator-(const IoCounts& other) const;
  bool operator==(const IoCounts&) const = default;
};

/// Live request counters of one store handle. Lock-free; safe to read while requests run.
class IoStats {
 public:
  std::atomic<uint64_t> reads{0};
  std::atomic<uint64_t> writes{0};
  std::atomic<uint64_t> lists{0};
  std::atomic<uint64_t> deletes{0};
  std::atomic<uint64_t> bytes_read{0};
  std::atomic<uint64_t> bytes_written{0};
  /// Counted by the store implementation itself (a local store's durability cost), so mutable:
  /// its const helpers count too.
  mutable std::atomic<uint64_t> fsyncs{0};

  /// Copy the counters (each read atomically; not a consistent cut while requests run).
  IoCounts Snapshot() const;
  /// Set every counter to zero.
  void Reset();
  /// Render as IoCounts::ToJson.
  std::string ToJson() const { return Snapshot().ToJson(); }
};

/// One object as listed.
struct ListEntry {
  std::string key;
  uint64_t size = 0;
  int64_t mtime_ms = 0;  // last-modified time, milliseconds since the Unix epoch

  bool operator==(const ListEntry&) const = default;
};

/// The kinds of request, for hooks and traces.
enum class RequestKind { kGet, kGetRange, kSize, kPut, kPutIfAbsent, kList, kDelete };
/// "GET", "GET_RANGE", "HEAD", "PUT", "PUT_IF_ABSENT", "LIST", "DELETE".
const char* RequestKindName(RequestKind kind);

/// A request as seen by a hook. `key` is the prefix for kList. `bytes` is the payload size of a
/// write, the length of a range read, and 0 otherwise.
struct Request {
  RequestKind kind;
  const std::string& key;
  uint64_t bytes = 0;
};

/// When a hook runs: before the request is sent, or after it completed successfully.
enum class RequestPhase { kBefore, kAfter };

/// A hook observes every request. Returning an error from kBefore fails the request without
/// sending it (it is not counted); returning an error from kAfter makes the call fail although
/// its effect has happened (a lost response). Used for failpoints, crash simulation and traces.
using RequestHook = std::function<Status(RequestPhase phase, const Request& request)>;

/// Check a key against the rules above; BadRequest naming the key if it breaks one.
Status ValidateKey(const std::string& key);
/// Check a List prefix: empty, or a string that does not start with '/' and has no "."/".."
/// or dot-prefixed complete segments. BadRequest otherwise.
Status ValidatePrefix(const std::string& prefix);

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;
  ObjectStore(const ObjectStore&) = delete;
  ObjectStore& operator=(const ObjectStore&) = delete;

  /// Read a whole object. NotFound if absent. Cost: 1 read.
  Result<std::string> Get(const std::string& key);

  /// Read bytes [offset, offset + length) of an object, clipped at its end (so fewer bytes than
  /// asked come back when the range runs past the end). NotFound if absent; BadRequest if
  /// offset > size. Cost: 1 read.
  Result<std::string> GetRange(const std::string& key, uint64_t offset, uint64_t length);

  /// Return an object's size in bytes. NotFound if absent. Cost: 1 read (a HEAD on S3).
  Result<uint64_t> Size(const std::string& key);

  /// Write an object durably (it survives a crash once this returns OK). Replaces an existing
  /// object atomically, but callers use it only for fresh names (ULIDs, content hashes); for
  /// anything raced on use PutIfAbsent. Cost: 1 write.
  Status Put(const std::string& key, const std::string& bytes);

  /// Create an object durably unless one exists under `key`. Returns true if this call created
  /// it, false if the key already existed (the existing object is left unchanged). Atomic: of
  /// concurrent callers for one key exactly one gets true, and readers never see a partial object.
  /// Cost: 1 write (a conditional PUT on S3).
  Result<bool> PutIfAbsent(const std::string& key, const std::string& bytes);

  /// List every object whose key starts with `prefix` (a plain string prefix, as on S3, so
  /// "refs/branches/main/" does not match "refs/branches/main2/..."), at any depth, sorted by
  /// key. An empty result is not an error. Cost: 1 list (S3 pages through 1,000 keys per request
  /// internally; callers keep prefixes narrow).
  Result<std::vector<ListEntry>> List(const std::string& prefix);

  /// Delete an object. Deleting an absent key is OK (idempotent, as on S3). Cost: 1 delete.
  Status Delete(const std::string& key);

  /// A URI that names this store ("file:///data/g", "memory://t1"); OpenStore(uri()) reopens it.
  virtual std::string uri() const = 0;

  /// This handle's request counters.
  IoStats& stats() { return stats_; }
  const IoStats& stats() const { return stats_; }

  /// Install (or with nullptr remove) the request hook. Safe to call while requests run; each
  /// request uses the hook installed when it started.
  void SetRequestHook(RequestHook hook);

 protected:
  ObjectStore() = default;

  // Implementations: keys are already validated; counting and hooks are done by the caller.
  virtual Result<std::string> DoGet(const std::string& key) = 0;
  virtual Result<std::string> DoGetRange(const std::string& key, uint64_t offset,
                                         uint64_t length) = 0;
  virtual Result<uint64_t> DoSize(const std::string& key) = 0;
  virtual Status DoPut(const std::string& key, const std::string& bytes) = 0;
  virtual Result<bool> DoPutIfAbsent(const std::string& key, const std::string& bytes) = 0;
  virtual Result<std::vector<ListEntry>> DoList(const std::string& prefix) = 0;
  virtual Status DoDelete(const std::string& key) = 0;

 private:
  std::shared_ptr<const RequestHook> hook() const;

  IoStats stats_;
  mutable std::mutex hook_mu_;
  std::shared_ptr<const RequestHook> hook_;  // GUARDED_BY(hook_mu_)
};

}  // namespace og::store
