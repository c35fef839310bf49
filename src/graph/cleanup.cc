#include "graph/cleanup.h"

#include "index/segment_meta.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/ids.h"
#include "graph/ref_log.h"
#include "store/layout.h"

namespace og::graph {

Result<CleanupReport> Cleanup(GraphStore& graph, const CleanupOptions& options) {
  if (!options.keep && !options.older_than_ms) {
    return Status::BadRequest("cleanup needs a retention policy: --keep N and/or --older-than DURATION");
  }
  if (options.keep && *options.keep == 0) return Status::BadRequest("--keep must be at least 1");
  store::ObjectStore& store = graph.store();
  int64_t now_ms = NowMillis();
  CleanupReport report;
  report.dry_run = !options.confirm;

  // Every ref entry, grouped by branch, newest first.
  OG_ASSIGN_OR_RAISE(auto refs, store.List(store::kBranchRefRoot));
  std::map<std::string, std::vector<uint64_t>> seqs;
  for (const auto& e : refs) {
    auto parsed = store::ParseBranchRefKey(e.key);
    if (parsed.ok()) seqs[parsed->branch].push_back(parsed->seq);
  }
  std::set<std::string> keep_keys;  // marked objects
  for (auto& [branch, list] : seqs) {
    std::sort(list.rbegin(), list.rend());
    for (size_t i = 0; i < list.size(); ++i) {
      OG_ASSIGN_OR_RAISE(RefEntry entry, ReadRefEntry(store, branch, list[i]));
      if (entry.tombstone || entry.commit_id.empty()) continue;
      auto commit = graph.ReadCommit(entry.commit_id);
      if (!commit.ok()) {
        if (commit.status().IsNotFound()) continue;  // reclaimed by an earlier cleanup
        return commit.status();
      }
      bool head = i == 0;
      bool by_count = options.keep && i < *options.keep;
      bool by_age = options.older_than_ms &&
                    (*commit)->created_at_us / 1000 >= now_ms - *options.older_than_ms;
      if (!head && !by_count && !by_age) continue;
      ++report.versions_retained;
      keep_keys.insert(store::CommitKey((*commit)->id));
      keep_keys.insert(store::SchemaSourceKey((*commit)->schema_hash));
      keep_keys.insert(store::SchemaCatalogKey((*commit)->schema_hash));
      for (const auto& [key, t] : (*commit)->tables) {
        if (t.manifest_key.empty() || keep_keys.count(t.manifest_key)) continue;
        keep_keys.insert(t.manifest_key);
        OG_ASSIGN_OR_RAISE(auto manifest, table::ReadManifest(store, t.manifest_key));
        for (const auto& f : manifest->fragments) {
          keep_keys.insert(f.data_key);
          if (!f.deletion_key.empty()) keep_keys.insert(f.deletion_key);
        }
        for (const auto& idx : manifest->indexes) {
          keep_keys.insert(store::IndexPrefix(manifest->table_id, idx.id));
          // A segment adopted by a merge lives under the prefix of the entry it was adopted from.
          if (idx.kind == index::kSegmentIndexKind) {
            OG_ASSIGN_OR_RAISE(index::SegmentLocation location, index::SegmentLocationOf(idx));
            keep_keys.insert(location.key);
          }
        }
      }
    }
  }

  auto retained = [&](const std::string& key) {
    if (keep_keys.count(key)) return true;
    // Index files live below a retained index prefix.
    auto it = keep_keys.upper_bound(key);
    if (it != keep_keys.begin()) {
      --it;
      if (!it->empty() && it->back() == '/' && key.rfind(*it, 0) == 0) return true;
    }
    return false;
  };
  for (const char* root : {store::kCommitRoot, store::kSchemaRoot, store::kTableRoot}) {
    OG_ASSIGN_OR_RAISE(auto entries, store.List(root));
    for (const auto& e : entries) {
      if (retained(e.key) || e.mtime_ms > now_ms - options.grace_ms) continue;
      auto info = store::ParseKey(e.key);
      store::KeyKind kind = info.ok() ? info->kind : store::KeyKind::kIndexFile;
      switch (kind) {
        case store::KeyKind::kCommit: ++report.commits_removed; break;
        case store::KeyKind::kTableManifest: ++report.manifests_removed; break;
        case store::KeyKind::kFragment: ++report.fragments_removed; break;
        case store::KeyKind::kDeletion: ++report.deletion_vectors_removed; break;
        default: ++report.other_removed; break;
      }
      report.bytes_removed += e.size;
      if (options.confirm) OG_RETURN_NOT_OK(store.Delete(e.key));
    }
  }
  return report;
}

}  // namespace og::graph
