#include "store/store_factory.h"

#include "store/local_store.h"
#include "store/memory_store.h"

namespace og::store {
namespace {

bool StartsWith(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

}  // namespace

Result<std::shared_ptr<ObjectStore>> OpenStore(const std::string& uri) {
  if (uri.empty()) return Status::BadRequest("store URI is empty");
  if (StartsWith(uri, "memory://")) {
    std::string name = uri.substr(9);
    if (name.empty()) return std::shared_ptr<ObjectStore>(MemoryStore::Create());
    return std::shared_ptr<ObjectStore>(MemoryStore::Open(name));
  }
  if (StartsWith(uri, "file://")) {
    std::string rest = uri.substr(7);
    if (StartsWith(rest, "localhost/")) rest = rest.substr(9);
    if (rest.empty() || rest[0] != '/') {
      return Status::BadRequest("invalid file URI '", uri, "': expected file:///absolute/path");
    }
    OG_ASSIGN_OR_RAISE(auto local, LocalStore::Open(rest));
    return std::shared_ptr<ObjectStore>(std::move(local));
  }
  if (StartsWith(uri, "s3://")) {
    return Status::Unsupported("S3 is not available yet (", uri, ")");
  }
  size_t scheme_end = uri.find("://");
  if (scheme_end != std::string::npos) {
    return Status::BadRequest("unsupported store URI scheme '", uri.substr(0, scheme_end), "' in '",
                              uri, "' (expected a path, file://, memory:// or s3://)");
  }
  OG_ASSIGN_OR_RAISE(auto local, LocalStore::Open(uri));
  return std::shared_ptr<ObjectStore>(std::move(local));
}

}  // namespace og::store
