#include "store/put_all.h"

#include <atomic>
#include <thread>

namespace og::store {

Status PutAll(ObjectStore& store, const std::vector<std::pair<std::string, std::string>>& objects,
              int parallelism) {
  if (objects.size() == 1) return store.Put(objects[0].first, objects[0].second);
  std::atomic<size_t> next{0};
  std::vector<Status> results(objects.size());
  auto worker = [&] {
    for (size_t i = next++; i < objects.size(); i = next++) {
      results[i] = store.Put(objects[i].first, objects[i].second);
    }
  };
  size_t threads = std::min<size_t>(objects.size(), static_cast<size_t>(std::max(parallelism, 1)));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();  // the calling thread works too
  for (auto& th : pool) th.join();
  for (auto& st : results) {
    if (!st.ok()) return st;
  }
  return Status::OK();
}

}  // namespace og::store
