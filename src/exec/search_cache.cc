#include "exec/search_cache.h"

namespace og::exec {

void SearchCache::Put(const std::string& key, std::shared_ptr<const void> value, int64_t bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.count(key)) return;  // a concurrent miss built it first
  lru_.push_front(key);
  entries_.emplace(key, Entry{std::move(value), bytes, lru_.begin()});
  bytes_ += bytes;
  // Evict the least recently used, but never the entry just added.
  while (bytes_ > max_bytes_ && lru_.size() > 1) {
    auto it = entries_.find(lru_.back());
    bytes_ -= it->second.bytes;
    entries_.erase(it);
    lru_.pop_back();
  }
}

}  // namespace og::exec
