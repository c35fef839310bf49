// MemoryStore: an ObjectStore held in process memory, for fast tests of the layers above.
// Behaves like LocalStore (same conformance suite) except that nothing survives the process.
//
// Handles opened with the same name (OpenStore("memory://name")) share one set of objects, so a
// test can "reopen" a graph; each handle has its own request counters. Objects are immutable
// strings shared between readers, so a Get never observes a concurrent Put half-done.
//
// Thread-safety: safe for concurrent use; one mutex guards the object map.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/result.h"
#include "store/object_store.h"

namespace og::store {

class MemoryStore final : public ObjectStore {
 public:
  /// A store with fresh, private contents. uri() is "memory://" + a unique generated name, so
  /// OpenStore(uri()) reaches the same objects. Cost: none.
  static std::shared_ptr<MemoryStore> Create();
  /// A handle on the process-wide store called `name` (created empty on first use; its objects
  /// live until the process ends). Cost: none.
  static std::shared_ptr<MemoryStore> Open(const std::string& name);

  std::string uri() const override;

 protected:
  Result<std::string> DoGet(const std::string& key) override;
  Result<std::string> DoGetRange(const std::string& key, uint64_t offset, uint64_t length) override;
  Result<uint64_t> DoSize(const std::string& key) override;
  Status DoPut(const std::string& key, const std::string& bytes) override;
  Result<bool> DoPutIfAbsent(const std::string& key, const std::string& bytes) override;
  Result<std::vector<ListEntry>> DoList(const std::string& prefix) override;
  Status DoDelete(const std::string& key) override;

 private:
  struct Object {
    std::shared_ptr<const std::string> bytes;
    int64_t mtime_ms = 0;
  };
  struct Contents {
    std::mutex mu;
    std::map<std::string, Object> objects;  // GUARDED_BY(mu)
  };
  MemoryStore(std::string name, std::shared_ptr<Contents> contents)
      : name_(std::move(name)), contents_(std::move(contents)) {}
  Result<std::shared_ptr<const std::string>> Find(const std::string& key) const;

  std::string name_;
  std::shared_ptr<Contents> contents_;
};

}  // namespace og::store
