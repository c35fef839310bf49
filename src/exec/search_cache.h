// SearchCache: index readers and derived search state, shared by every read of a graph handle.
//
// Everything cached is a function of immutable objects — an index segment (by its store key) or a
// table version (by its manifest key) — so entries never go stale; they are only evicted (least
// recently used first) when the cache is over its byte budget.
//
// Thread-safety: safe to share; concurrent misses of one key may both build it (the first kept).
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/result.h"

namespace og::exec {

class SearchCache {
 public:
  explicit SearchCache(int64_t max_bytes = int64_t{1} << 30) : max_bytes_(max_bytes) {}

  /// The cached value of `key`, or build it with `make` (which also reports its size in bytes) and
  /// keep it. `T` must be the same for every use of a key; keys are namespaced by their callers.
  template <typename T>
  Result<std::shared_ptr<const T>> Get(const std::string& key,
                                       const std::function<Result<std::shared_ptr<const T>>(int64_t*)>& make) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = entries_.find(key);
      if (it != entries_.end()) {
        lru_.splice(lru_.begin(), lru_, it->second.lru);
        return std::static_pointer_cast<const T>(it->second.value);
      }
    }
    int64_t bytes = 0;
    OG_ASSIGN_OR_RAISE(std::shared_ptr<const T> value, make(&bytes));
    Put(key, value, bytes);
    return value;
  }

  int64_t bytes() const {
    std::lock_guard<std::mutex> lock(mu_);
    return bytes_;
  }

 private:
  struct Entry {
    std::shared_ptr<const void> value;
    int64_t bytes = 0;
    std::list<std::string>::iterator lru;
  };
  void Put(const std::string& key, std::shared_ptr<const void> value, int64_t bytes);

  int64_t max_bytes_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // GUARDED_BY(mu_)
  std::list<std::string> lru_;                       // most recent first; GUARDED_BY(mu_)
  int64_t bytes_ = 0;                                // GUARDED_BY(mu_)
};

}  // namespace og::exec
