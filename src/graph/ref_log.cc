#include "graph/ref_log.h"

#include <map>

#include <nlohmann/json.hpp>

#include "common/ids.h"
#include "store/layout.h"

namespace og::graph {
namespace {

Result<RefEntry> ParseEntry(const std::string& bytes, const std::string& key, uint64_t seq) {
  nlohmann::json j = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || !j.contains("commit")) {
    return Status::Corruption("ref entry ", key, " is malformed");
  }
  RefEntry e;
  e.seq = seq;
  if (j["commit"].is_string()) e.commit_id = j["commit"].get<std::string>();
  e.tombstone = j.value("tombstone", false);
  return e;
}

}  // namespace

std::optional<RefEntry> RefEntryCache::Find(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void RefEntryCache::Put(const std::string& key, const RefEntry& entry) {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.emplace(key, entry);
}

Result<std::optional<RefEntry>> ReadBranchHead(store::ObjectStore& store, const std::string& branch,
                                               RefEntryCache* cache) {
  OG_ASSIGN_OR_RAISE(auto entries, store.List(store::BranchRefPrefix(branch)));
  std::optional<uint64_t> best;
  std::string best_key;
  for (const auto& e : entries) {
    auto parsed = store::ParseBranchRefKey(e.key);
    if (!parsed.ok() || parsed->branch != branch) continue;
    if (!best || parsed->seq > *best) {
      best = parsed->seq;
      best_key = e.key;
    }
  }
  if (!best) return std::optional<RefEntry>();
  if (cache) {
    if (auto hit = cache->Find(best_key)) return hit;
  }
  OG_ASSIGN_OR_RAISE(std::string bytes, store.Get(best_key));
  OG_ASSIGN_OR_RAISE(RefEntry entry, ParseEntry(bytes, best_key, *best));
  if (cache) cache->Put(best_key, entry);
  return std::optional<RefEntry>(std::move(entry));
}

Result<RefEntry> ReadRefEntry(store::ObjectStore& store, const std::string& branch, uint64_t seq) {
  std::string key = store::BranchRefKey(branch, seq);
  OG_ASSIGN_OR_RAISE(std::string bytes, store.Get(key));
  return ParseEntry(bytes, key, seq);
}

Result<bool> TryPublishRef(store::ObjectStore& store, const std::string& branch, const RefEntry& entry) {
  nlohmann::json j = {{"commit", entry.commit_id.empty() ? nlohmann::json(nullptr)
                                                         : nlohmann::json(entry.commit_id)},
                      {"nonce", NewUlid()}};
  if (entry.tombstone) j["tombstone"] = true;
  return store.PutIfAbsent(store::BranchRefKey(branch, entry.seq), j.dump());
}

Result<std::vector<std::string>> ListLiveBranches(store::ObjectStore& store) {
  OG_ASSIGN_OR_RAISE(auto entries, store.List(store::kBranchRefRoot));
  std::map<std::string, std::pair<uint64_t, std::string>> heads;
  for (const auto& e : entries) {
    auto parsed = store::ParseBranchRefKey(e.key);
    if (!parsed.ok()) continue;
    auto it = heads.find(parsed->branch);
    if (it == heads.end() || parsed->seq > it->second.first) {
      heads[parsed->branch] = {parsed->seq, e.key};
    }
  }
  std::vector<std::string> live;
  for (const auto& [branch, head] : heads) {
    OG_ASSIGN_OR_RAISE(std::string bytes, store.Get(head.second));
    OG_ASSIGN_OR_RAISE(RefEntry entry, ParseEntry(bytes, head.second, head.first));
    if (!entry.tombstone) live.push_back(branch);
  }
  return live;
}

}  // namespace og::graph
