#include "store/failpoints.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <set>
#include <sstream>

#include "store/layout.h"

namespace og::store {

const std::vector<FailpointInfo>& AllFailpoints() {
  static const std::vector<FailpointInfo> kAll = {
#define OG_FAILPOINT_INFO(name, desc) {#name, desc},
      OG_FAILPOINTS_LIST(OG_FAILPOINT_INFO)
#undef OG_FAILPOINT_INFO
  };
  return kAll;
}

namespace {

[[noreturn]] void Crash(const char* name) {
  static const char kPrefix[] = "omnigraph: failpoint ";
  (void)!write(STDERR_FILENO, kPrefix, sizeof(kPrefix) - 1);
  (void)!write(STDERR_FILENO, name, strlen(name));
  (void)!write(STDERR_FILENO, " hit\n", 5);
  _exit(kFailpointExitCode);
}

// The failpoint a request passes, or nullptr.
const char* FailpointOf(RequestPhase phase, const Request& request) {
  bool put = request.kind == RequestKind::kPut || request.kind == RequestKind::kPutIfAbsent;
  if (request.kind == RequestKind::kDelete && phase == RequestPhase::kBefore) return "before_delete";
  if (!put) return nullptr;
  auto info = ParseKey(request.key);
  if (!info.ok()) return nullptr;
  bool after = phase == RequestPhase::kAfter;
  switch (info->kind) {
    case KeyKind::kFragment: return after ? "after_fragment" : nullptr;
    case KeyKind::kDeletion: return after ? "after_deletion_vector" : nullptr;
    case KeyKind::kTableManifest: return after ? "after_table_manifest" : nullptr;
    case KeyKind::kIndexFile: return after ? "after_index_segment" : nullptr;
    case KeyKind::kCommit: return after ? "after_commit" : nullptr;
    case KeyKind::kBranchRef: return after ? "after_ref" : "before_ref";
    default: return nullptr;
  }
}

}  // namespace

Status ArmFailpointsFromEnv(ObjectStore& store) {
  const char* env = std::getenv("OMNIGRAPH_FAILPOINTS");
  if (!env || !*env) return Status::OK();
#ifndef OG_FAILPOINTS
  // A crash test against a build without failpoints must not pass by never crashing.
  (void)store;
  return Status::Unsupported("OMNIGRAPH_FAILPOINTS is set, but this build has no failpoints "
                             "(configure with -DOG_FAILPOINTS=ON)");
#endif
  std::set<std::string> armed;
  std::stringstream ss(env);
  std::string name;
  while (std::getline(ss, name, ',')) {
    if (name.empty()) continue;
    bool known = false;
    for (const auto& fp : AllFailpoints()) known = known || name == fp.name;
    if (!known) return Status::BadRequest("OMNIGRAPH_FAILPOINTS names an unknown failpoint '", name, "'");
    armed.insert(name);
  }
  store.SetRequestHook([armed](RequestPhase phase, const Request& request) -> Status {
    const char* fp = FailpointOf(phase, request);
    if (fp && armed.count(fp)) Crash(fp);
    return Status::OK();
  });
  return Status::OK();
}

}  // namespace og::store
