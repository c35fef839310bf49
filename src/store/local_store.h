// LocalStore: an ObjectStore over a directory of a POSIX filesystem. Key "a/b/c" is the file
// <root>/a/b/c; directories are created as needed and never removed.
//
// Durability and atomicity (DESIGN.md):
//   - Put writes <dir>/.tmp-<ulid>, fsyncs it, renames it over the final name and fsyncs the
//     directory; directories it creates are fsynced into their parents. Readers see the old
//     object or the new one.
//   - PutIfAbsent writes and fsyncs a temporary file the same way, then link()s it to the final
//     name (EEXIST means another writer won), unlinks the temporary and fsyncs the directory. On
//     filesystems without hard links it falls back to renameat2(RENAME_NOREPLACE).
//   - Reads use pread. A crashed writer leaves at most a ".tmp-*" file, which List never shows.
//
// Errors: IOError naming the path and strerror(errno); NotFound for an absent object.
// Thread-safety: safe for concurrent use, also by several processes on the same root.
#pragma once

#include <memory>
#include <string>

#include "common/result.h"
#include "store/object_store.h"

namespace og::store {

class LocalStore final : public ObjectStore {
 public:
  /// Open a store rooted at `root` (made absolute). The directory need not exist yet; the first
  /// write creates it. BadRequest if `root` is empty; IOError if it exists and is not a directory.
  /// Cost: one stat, no requests counted.
  static Result<std::shared_ptr<LocalStore>> Open(const std::string& root);

  /// "file://" + the absolute root.
  std::string uri() const override;
  const std::string& root() const { return root_; }

 protected:
  Result<std::string> DoGet(const std::string& key) override;
  Result<std::string> DoGetRange(const std::string& key, uint64_t offset, uint64_t length) override;
  Result<uint64_t> DoSize(const std::string& key) override;
  Status DoPut(const std::string& key, const std::string& bytes) override;
  Result<bool> DoPutIfAbsent(const std::string& key, const std::string& bytes) override;
  Result<std::vector<ListEntry>> DoList(const std::string& prefix) override;
  Status DoDelete(const std::string& key) override;

 private:
  explicit LocalStore(std::string root) : root_(std::move(root)) {}
  std::string PathOf(const std::string& key) const { return root_ + "/" + key; }
  /// Create the parent directories of `path` below root_, fsyncing each new one into its parent.
  Status MakeParents(const std::string& path) const;
  /// Write `bytes` to a fresh temporary file in `dir` and fsync it; return its path.
  Result<std::string> WriteTemp(const std::string& dir, const std::string& bytes) const;

  std::string root_;  // absolute, no trailing '/'
};

}  // namespace og::store
