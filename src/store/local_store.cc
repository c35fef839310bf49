#include "store/local_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/ids.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

namespace og::store {
namespace {

constexpr const char* kTempPrefix = ".tmp-";

Status Errno(const std::string& what, const std::string& path, int err) {
  return Status::IOError(what, " '", path, "': ", std::strerror(err));
}

// Closes a file descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  /// Close now and report the error (close can report deferred write errors).
  int Close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

std::string DirOf(const std::string& path) { return path.substr(0, path.rfind('/')); }

Status FsyncDir(const std::string& dir, const IoStats& stats) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open directory", dir, errno);
  Fd guard(fd);
  stats.fsyncs.fetch_add(1, std::memory_order_relaxed);
  if (::fsync(fd) != 0) return Errno("cannot fsync directory", dir, errno);
  return Status::OK();
}

Status WriteAll(int fd, const std::string& bytes, const std::string& path) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("cannot write", path, errno);
    }
    done += static_cast<size_t>(n);
  }
  return Status::OK();
}

// Read up to `length` bytes at `offset`; stops early at end of file.
Status PreadAll(int fd, uint64_t offset, uint64_t length, std::string* out,
                const std::string& path) {
  out->resize(length);
  size_t done = 0;
  while (done < length) {
    ssize_t n = ::pread(fd, out->data() + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("cannot read", path, errno);
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  out->resize(done);
  return Status::OK();
}

int64_t MtimeMs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

// Open `path` for reading; NotFound if it is absent or a directory.
Result<int> OpenForRead(const std::string& path, const std::string& key, struct stat* st) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR)
      return Status::NotFound("object '", key, "' not found");
    return Errno("cannot open", path, errno);
  }
  if (::fstat(fd, st) != 0) {
    int err = errno;
    ::close(fd);
    return Errno("cannot stat", path, err);
  }
  if (!S_ISREG(st->st_mode)) {
    ::close(fd);
    return Status::NotFound("object '", key, "' not found (", path, " is not a regular file)");
  }
  return fd;
}

// Recursively collect regular files under `dir` (relative key prefix `rel`) whose key starts with
// `prefix`. Skips dot-entries (temporary files). Entries that vanish while listing are skipped.
Status Walk(const std::string& dir, const std::string& rel, const std::string& prefix,
            std::vector<ListEntry>* out) {
  DIR* d = ::opendir(dir.c_str());
  if (!d) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::OK();
    return Errno("cannot list directory", dir, errno);
  }
  std::vector<std::string> names;
  errno = 0;
  while (struct dirent* e = ::readdir(d)) {
    if (e->d_name[0] == '.') continue;
    names.emplace_back(e->d_name);
  }
  int err = errno;
  ::closedir(d);
  if (err != 0) return Errno("cannot list directory", dir, err);
  for (const std::string& name : names) {
    std::string key = rel + name;
    // Prune subtrees that cannot contain a match.
    size_t common = std::min(key.size(), prefix.size());
    if (key.compare(0, common, prefix, 0, common) != 0) continue;
    std::string path = dir + "/" + name;
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
      if (errno == ENOENT) continue;
      return Errno("cannot stat", path, errno);
    }
    if (S_ISDIR(st.st_mode)) {
      OG_RETURN_NOT_OK(Walk(path, key + "/", prefix, out));
    } else if (S_ISREG(st.st_mode) && key.size() >= prefix.size()) {
      out->push_back(ListEntry{key, static_cast<uint64_t>(st.st_size), MtimeMs(st)});
    }
  }
  return Status::OK();
}

}  // namespace

Result<std::shared_ptr<LocalStore>> LocalStore::Open(const std::string& root) {
  if (root.empty()) return Status::BadRequest("local store root is empty");
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(root, ec);
  if (ec) return Status::IOError("cannot resolve store root '", root, "': ", ec.message());
  std::string path = abs.lexically_normal().string();
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) return Status::IOError("store root '", path, "' is not a directory");
  } else if (errno != ENOENT) {
    return Errno("cannot stat store root", path, errno);
  }
  return std::shared_ptr<LocalStore>(new LocalStore(path));
}

std::string LocalStore::uri() const { return "file://" + root_; }

Result<std::string> LocalStore::DoGet(const std::string& key) {
  std::string path = PathOf(key);
  struct stat st;
  OG_ASSIGN_OR_RAISE(int fd, OpenForRead(path, key, &st));
  Fd guard(fd);
  std::string out;
  OG_RETURN_NOT_OK(PreadAll(fd, 0, static_cast<uint64_t>(st.st_size), &out, path));
  return out;
}

Result<std::string> LocalStore::DoGetRange(const std::string& key, uint64_t offset,
                                           uint64_t length) {
  std::string path = PathOf(key);
  struct stat st;
  OG_ASSIGN_OR_RAISE(int fd, OpenForRead(path, key, &st));
  Fd guard(fd);
  uint64_t size = static_cast<uint64_t>(st.st_size);
  if (offset > size) {
    return Status::BadRequest("range [", offset, ", +", length, ") starts past the end of '", key,
                              "' (", size, " bytes)");
  }
  std::string out;
  OG_RETURN_NOT_OK(PreadAll(fd, offset, std::min(length, size - offset), &out, path));
  return out;
}

Result<uint64_t> LocalStore::DoSize(const std::string& key) {
  std::string path = PathOf(key);
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR)
      return Status::NotFound("object '", key, "' not found");
    return Errno("cannot stat", path, errno);
  }
  if (!S_ISREG(st.st_mode)) return Status::NotFound("object '", key, "' not found");
  return static_cast<uint64_t>(st.st_size);
}

Status LocalStore::MakeParents(const std::string& path) const {
  // Walk from the filesystem root down so that the store root itself is created too.
  std::string dir = DirOf(path);
  std::vector<std::string> missing;
  std::string cur = dir;
  while (!cur.empty()) {
    struct stat st;
    if (::stat(cur.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode)) return Status::IOError("'", cur, "' exists and is not a directory");
      break;
    }
    if (errno != ENOENT) return Errno("cannot stat", cur, errno);
    missing.push_back(cur);
    cur = DirOf(cur);
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    // On EEXIST a concurrent writer made it but may not have fsynced it into its parent yet;
    // fsync here too, so that our object never sits in a directory that a crash could lose.
    if (::mkdir(it->c_str(), 0755) != 0 && errno != EEXIST) {
      return Errno("cannot create directory", *it, errno);
    }
    std::string parent = DirOf(*it);
    OG_RETURN_NOT_OK(FsyncDir(parent.empty() ? "/" : parent, stats()));
  }
  return Status::OK();
}

Result<std::string> LocalStore::WriteTemp(const std::string& dir, const std::string& bytes) const {
  std::string tmp = dir + "/" + kTempPrefix + NewUlid();
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("cannot create", tmp, errno);
  Fd guard(fd);
  Status st = WriteAll(fd, bytes, tmp);
  if (st.ok()) stats().fsyncs.fetch_add(1, std::memory_order_relaxed);
  if (st.ok() && ::fsync(fd) != 0) st = Errno("cannot fsync", tmp, errno);
  if (st.ok() && guard.Close() != 0) st = Errno("cannot close", tmp, errno);
  if (!st.ok()) {
    ::unlink(tmp.c_str());
    return st;
  }
  return tmp;
}

Status LocalStore::DoPut(const std::string& key, const std::string& bytes) {
  std::string path = PathOf(key);
  OG_RETURN_NOT_OK(MakeParents(path));
  std::string dir = DirOf(path);
  OG_ASSIGN_OR_RAISE(std::string tmp, WriteTemp(dir, bytes));
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return Errno("cannot rename into", path, err);
  }
  return FsyncDir(dir, stats());
}

Result<bool> LocalStore::DoPutIfAbsent(const std::string& key, const std::string& bytes) {
  std::string path = PathOf(key);
  OG_RETURN_NOT_OK(MakeParents(path));
  std::string dir = DirOf(path);
  OG_ASSIGN_OR_RAISE(std::string tmp, WriteTemp(dir, bytes));
  bool created = false;
  int err = 0;
  if (::link(tmp.c_str(), path.c_str()) == 0) {
    created = true;
  } else if (errno == EEXIST) {
    created = false;
  } else if (errno == EPERM || errno == ENOTSUP || errno == EOPNOTSUPP || errno == ENOSYS ||
             errno == EMLINK) {
    // No hard links here (some FUSE and network filesystems): an exclusive rename is atomic too.
    if (::syscall(SYS_renameat2, AT_FDCWD, tmp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) ==
        0) {
      OG_RETURN_NOT_OK(FsyncDir(dir, stats()));
      return true;
    }
    if (errno == EEXIST) {
      created = false;
    } else {
      err = errno;
    }
  } else {
    err = errno;
  }
  ::unlink(tmp.c_str());
  if (err != 0) return Errno("cannot create", path, err);
  OG_RETURN_NOT_OK(FsyncDir(dir, stats()));
  return created;
}

Result<std::vector<ListEntry>> LocalStore::DoList(const std::string& prefix) {
  std::vector<ListEntry> out;
  // Start at the deepest directory the prefix names completely.
  size_t slash = prefix.rfind('/');
  std::string rel = slash == std::string::npos ? "" : prefix.substr(0, slash + 1);
  std::string dir = rel.empty() ? root_ : root_ + "/" + rel.substr(0, rel.size() - 1);
  OG_RETURN_NOT_OK(Walk(dir, rel, prefix, &out));
  std::sort(out.begin(), out.end(),
            [](const ListEntry& a, const ListEntry& b) { return a.key < b.key; });
  return out;
}

Status LocalStore::DoDelete(const std::string& key) {
  std::string path = PathOf(key);
  if (::unlink(path.c_str()) != 0) {
    // A directory is not an object, so deleting its key deletes nothing (Linux reports EISDIR).
    if (errno == ENOENT || errno == ENOTDIR || errno == EISDIR) return Status::OK();
    return Errno("cannot delete", path, errno);
  }
  return Status::OK();
}

}  // namespace og::store
