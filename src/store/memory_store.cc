#include "store/memory_store.h"

#include <atomic>

#include "common/ids.h"

namespace og::store {
namespace {

std::mutex& RegistryMutex() {
  static std::mutex mu;
  return mu;
}

}  // namespace

std::shared_ptr<MemoryStore> MemoryStore::Create() {
  static std::atomic<uint64_t> counter{0};
  return Open("anon-" + std::to_string(counter.fetch_add(1)) + "-" + NewUlid());
}

std::shared_ptr<MemoryStore> MemoryStore::Open(const std::string& name) {
  // Contents live as long as the process, so a handle opened later sees earlier writes.
  static auto* registry = new std::map<std::string, std::shared_ptr<Contents>>();
  std::shared_ptr<Contents> contents;
  {
    std::lock_guard<std::mutex> lock(RegistryMutex());
    auto& slot = (*registry)[name];
    if (!slot) slot = std::make_shared<Contents>();
    contents = slot;
  }
  return std::shared_ptr<MemoryStore>(new MemoryStore(name, std::move(contents)));
}

std::string MemoryStore::uri() const { return "memory://" + name_; }

Result<std::shared_ptr<const std::string>> MemoryStore::Find(const std::string& key) const {
  std::lock_guard<std::mutex> lock(contents_->mu);
  auto it = contents_->objects.find(key);
  if (it == contents_->objects.end()) return Status::NotFound("object '", key, "' not found");
  return it->second.bytes;
}

Result<std::string> MemoryStore::DoGet(const std::string& key) {
  OG_ASSIGN_OR_RAISE(auto bytes, Find(key));
  return *bytes;
}

Result<std::string> MemoryStore::DoGetRange(const std::string& key, uint64_t offset,
                                            uint64_t length) {
  OG_ASSIGN_OR_RAISE(auto bytes, Find(key));
  if (offset > bytes->size()) {
    return Status::BadRequest("range [", offset, ", +", length, ") starts past the end of '", key,
                              "' (", bytes->size(), " bytes)");
  }
  return bytes->substr(offset, length);
}

Result<uint64_t> MemoryStore::DoSize(const std::string& key) {
  OG_ASSIGN_OR_RAISE(auto bytes, Find(key));
  return static_cast<uint64_t>(bytes->size());
}

Status MemoryStore::DoPut(const std::string& key, const std::string& bytes) {
  auto shared = std::make_shared<const std::string>(bytes);
  std::lock_guard<std::mutex> lock(contents_->mu);
  contents_->objects[key] = Object{std::move(shared), NowMillis()};
  return Status::OK();
}

Result<bool> MemoryStore::DoPutIfAbsent(const std::string& key, const std::string& bytes) {
  auto shared = std::make_shared<const std::string>(bytes);
  std::lock_guard<std::mutex> lock(contents_->mu);
  auto [it, inserted] = contents_->objects.try_emplace(key, Object{std::move(shared), NowMillis()});
  return inserted;
}

Result<std::vector<ListEntry>> MemoryStore::DoList(const std::string& prefix) {
  std::vector<ListEntry> out;
  std::lock_guard<std::mutex> lock(contents_->mu);
  for (auto it = contents_->objects.lower_bound(prefix); it != contents_->objects.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    out.push_back(ListEntry{it->first, it->second.bytes->size(), it->second.mtime_ms});
  }
  return out;
}

Status MemoryStore::DoDelete(const std::string& key) {
  std::lock_guard<std::mutex> lock(contents_->mu);
  contents_->objects.erase(key);
  return Status::OK();
}

}  // namespace og::store
