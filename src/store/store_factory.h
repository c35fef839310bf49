// Opening a store from a URI: the only place that maps a URI scheme to an implementation, so
// callers (engine, CLI, server) never name a concrete store.
#pragma once

#include <memory>
#include <string>

#include "common/result.h"
#include "store/object_store.h"

namespace og::store {

/// Open the store named by `uri`:
///   "/abs/path", "rel/path"  → LocalStore rooted there
///   "file:///abs/path"       → LocalStore (only an empty or "localhost" authority is accepted)
///   "memory://name"          → MemoryStore shared by every handle of that name in this process
///                              ("memory://" alone gives a fresh private store)
///   "s3://bucket/prefix"     → Unsupported "S3 is not available yet"
/// BadRequest for an empty URI or an unknown scheme. Cost: no requests.
Result<std::shared_ptr<ObjectStore>> OpenStore(const std::string& uri);

}  // namespace og::store
