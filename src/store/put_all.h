// Writing several independent objects at once. Immutable objects of one write (fragments,
// deletion vectors, a manifest) do not depend on each other — only the commit point (a ref entry)
// must come after all of them — so they are written concurrently: one round trip of latency
// instead of one per object, and on a local disk their fsyncs overlap.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "store/object_store.h"

namespace og::store {

/// Put every (key, bytes) pair, up to `parallelism` at a time, and return the first error (after
/// all started puts finished). All objects are durable when it returns OK. Cost: one write each.
Status PutAll(ObjectStore& store, const std::vector<std::pair<std::string, std::string>>& objects,
              int parallelism = 8);

}  // namespace og::store
