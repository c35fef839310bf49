// og::Graph branch operations: create, delete, list and three-way merge (docs/BRANCHES.md).
#include <deque>
#include <set>
#include <unordered_map>

#include "engine/graph_impl.h"
#include "exec/graph_merge.h"
#include "graph/graph_store.h"
#include "omnigraph/omnigraph.h"

namespace og {
namespace {

// The merge base of two commits: the common ancestor nearest to `b` (breadth-first over parents).
// Cost: one read per commit of history not yet cached, back to the fork point.
Result<std::shared_ptr<const graph::Commit>> MergeBase(graph::GraphStore& store,
                                                       std::shared_ptr<const graph::Commit> a,
                                                       std::shared_ptr<const graph::Commit> b) {
  std::set<std::string> seen_a, seen_b;
  std::deque<std::shared_ptr<const graph::Commit>> qa{a}, qb{b};
  seen_a.insert(a->id);
  seen_b.insert(b->id);
  // Walk both histories one step at a time so a recent fork point is found without reading
  // either side's whole history.
  auto step = [&](std::deque<std::shared_ptr<const graph::Commit>>& q, std::set<std::string>& mine,
                  const std::set<std::string>& other) -> Result<std::shared_ptr<const graph::Commit>> {
    if (q.empty()) return std::shared_ptr<const graph::Commit>();
    auto c = q.front();
    q.pop_front();
    if (other.count(c->id)) return c;
    for (const auto& p : c->parents) {
      if (!mine.insert(p).second) continue;
      auto parent = store.ReadCommit(p);
      if (!parent.ok()) {
        if (parent.status().IsNotFound()) continue;  // history reclaimed by cleanup
        return parent.status();
      }
      if (other.count(p)) return *parent;
      q.push_back(*parent);
    }
    return std::shared_ptr<const graph::Commit>();
  };
  if (seen_b.count(a->id)) return a;
  while (!qa.empty() || !qb.empty()) {
    OG_ASSIGN_OR_RAISE(auto found, step(qb, seen_b, seen_a));
    if (found) return found;
    OG_ASSIGN_OR_RAISE(found, step(qa, seen_a, seen_b));
    if (found) return found;
  }
  return Status::Conflict("the two branches share no history (or cleanup reclaimed it): no merge base");
}

}  // namespace

OrderedJson MergeResult::ToJson() const {
  OrderedJson out = {{"source", source},
                     {"target", target},
                     {"outcome", outcome},
                     {"actor_id", actor.empty() ? OrderedJson(nullptr) : OrderedJson(actor)},
                     {"commit", commit_id.empty() ? OrderedJson(nullptr) : OrderedJson(commit_id)}};
  if (branch_deleted) out["branch_deleted"] = true;
  if (!branch_delete_error.empty()) out["branch_delete_error"] = branch_delete_error;
  return out;
}

Status Graph::CreateBranch(const std::string& name, const std::string& from) {
  OG_ASSIGN_OR_RAISE(graph::Snapshot base, impl_->store().OpenBranch(from.empty() ? "main" : from));
  return impl_->store().CreateBranch(name, base).status();
}

Status Graph::DeleteBranch(const std::string& name) {
  std::lock_guard<std::mutex> write(impl_->WriteLock(name));
  return impl_->store().DeleteBranch(name);
}

Result<std::vector<std::string>> Graph::ListBranches() { return impl_->store().ListBranches(); }

Result<MergeResult> Graph::Merge(const std::string& source, const MergeOptions& options) {
  std::string into = options.into.empty() ? "main" : options.into;
  if (source == into) {
    return Status::BadRequest("merge needs distinct source and target (both are '", source, "')");
  }
  graph::GraphStore& store = impl_->store();
  MergeResult result;
  result.source = source;
  result.target = into;
  result.actor = options.actor;
  {
    std::lock_guard<std::mutex> write(impl_->WriteLock(into));
    OG_ASSIGN_OR_RAISE(graph::Snapshot src, store.OpenBranch(source));
    OG_ASSIGN_OR_RAISE(graph::Snapshot target, store.OpenBranch(into));
    OG_ASSIGN_OR_RAISE(auto base_commit, MergeBase(store, src.commit, target.commit));
    if (base_commit->id == src.commit->id) {
      result.outcome = "already_up_to_date";  // nothing of the source's is missing: no commit
    } else {
      if (src.commit->schema_hash != target.commit->schema_hash) {
        return Status::Conflict("cannot merge '", source, "' into '", into,
                                "': their schemas differ");
      }
      graph::CommitRequest request;
      request.kind = graph::CommitKind::kMerge;
      request.actor = options.actor;
      request.merged_parent = src.commit->id;
      if (base_commit->id == target.commit->id) {
        // Fast-forward: the target becomes the source's state, still as one new commit.
        result.outcome = "fast_forward";
        std::set<std::string> keys;
        for (const auto& [k, e] : src.commit->tables) keys.insert(k);
        for (const auto& [k, e] : target.commit->tables) keys.insert(k);
        for (const auto& k : keys) {
          const graph::TableEntry* s = src.Table(k);
          const graph::TableEntry* t = target.Table(k);
          if (s && t && s->manifest_key == t->manifest_key) continue;
          if (!s && !t) continue;
          request.updated[k] = s ? *s : graph::TableEntry{};
        }
      } else {
        result.outcome = "merged";
        OG_ASSIGN_OR_RAISE(graph::Snapshot base, store.OpenCommit(base_commit->id));
        OG_ASSIGN_OR_RAISE(exec::MergeOutcome merged,
                           exec::MergeSnapshots(store, base, src, target));
        if (!merged.conflicts.empty()) {
          std::vector<MergeConflictItem> items;
          for (const auto& c : merged.conflicts) {
            items.push_back(MergeConflictItem{c.table_key, c.entity_id, c.kind, c.message});
          }
          return Status(StatusCode::Conflict,
                        "cannot merge '" + source + "' into '" + into + "': " +
                            exec::SummarizeConflicts(merged.conflicts) + "; nothing was changed",
                        std::make_shared<MergeConflictsDetail>(std::move(items)));
        }
        request.updated = std::move(merged.tables);
      }
      // A write to the target from another process during the merge: redo the merge's changes
      // on top of it entity by entity, or conflict.
      request.rebase = exec::RebaseWrite(store, target, request.updated);
      OG_ASSIGN_OR_RAISE(graph::Snapshot published, store.Publish(target, request));
      result.commit_id = published.commit->id;
    }
  }
  if (options.delete_branch) {
    Status deleted = DeleteBranch(source);
    result.branch_deleted = deleted.ok();
    if (!deleted.ok()) result.branch_delete_error = deleted.message();
  }
  return result;
}

}  // namespace og
