// og::Status: the one error type carried from the storage layer to the CLI and the server.
//
// A Status is either OK (no allocation; success costs nothing) or an error with a code from the
// taxonomy in DESIGN.md, a human message, and optional structured detail (where in a source file the
// error is, which table conflicted, ...). Statuses are values: cheap to move, safe to copy, immutable
// once built. No exception crosses a layer boundary; third-party code that throws is wrapped at its seam.
#pragma once

#include <cstdint>
#include <memory>
#include <sstream>
#include <string>
#include <vector>
#include <utility>

namespace og {

// Listed once; exit codes and HTTP statuses are derived from this list (see status.cc).
#define OG_STATUS_CODES(X)                                                   \
  X(Ok, "OK")                                                                \
  X(BadRequest, "BadRequest")                                                \
  X(NotFound, "NotFound")                                                    \
  X(Conflict, "Conflict")                                                    \
  X(Unauthorized, "Unauthorized")                                            \
  X(Forbidden, "Forbidden")                                                  \
  X(PayloadTooLarge, "PayloadTooLarge")                                      \
  X(ResourceExhausted, "ResourceExhausted")                                  \
  X(PreconditionFailed, "PreconditionFailed")                                \
  X(Unsupported, "Unsupported")                                              \
  X(IOError, "IOError")                                                      \
  X(Corruption, "Corruption")                                                \
  X(Internal, "Internal")

enum class StatusCode : int {
#define OG_STATUS_ENUM(name, str) name,
  OG_STATUS_CODES(OG_STATUS_ENUM)
#undef OG_STATUS_ENUM
};

/// Return the stable spelling of a code ("BadRequest", ...).
const char* StatusCodeName(StatusCode code);
/// Return the HTTP status a code maps to (400, 404, 409, ...).
int HttpStatusFor(StatusCode code);
/// Return the CLI exit code a code maps to (0 ok, 4 precondition failed, 1 otherwise).
int ExitCodeFor(StatusCode code);

/// Where in a user-supplied source an error is: file (may be empty for inline text), 1-based line
/// and column (0 when unknown), and the query name when inside a .gq query.
struct SourceSpan {
  std::string file;
  int line = 0;
  int column = 0;
  std::string query;

  /// Render as "file:line:col" (omitting unknown parts), with " in query 'q'" when set.
  std::string ToString() const;
};

/// Structured payload of an error. Subclasses carry typed fields (conflict versions, spans).
class StatusDetail {
 public:
  virtual ~StatusDetail() = default;
  virtual const char* type_id() const = 0;
  virtual std::string ToString() const = 0;
};

/// Detail for errors located in a schema, query or data source.
class SourceDetail : public StatusDetail {
 public:
  explicit SourceDetail(SourceSpan span) : span_(std::move(span)) {}
  static constexpr const char* kTypeId = "source";
  const char* type_id() const override { return kTypeId; }
  std::string ToString() const override { return span_.ToString(); }
  const SourceSpan& span() const { return span_; }

 private:
  SourceSpan span_;
};

/// Detail for a lost optimistic-concurrency race on one table.
class ConflictDetail : public StatusDetail {
 public:
  ConflictDetail(std::string table, uint64_t expected, uint64_t actual)
      : table_(std::move(table)), expected_(expected), actual_(actual) {}
  static constexpr const char* kTypeId = "conflict";
  const char* type_id() const override { return kTypeId; }
  std::string ToString() const override;
  const std::string& table() const { return table_; }
  uint64_t expected_version() const { return expected_; }
  uint64_t actual_version() const { return actual_; }

 private:
  std::string table_;
  uint64_t expected_;
  uint64_t actual_;
};

/// Detail for work stopped by a budget: which resource ("query_memory_bytes", ...), its limit and
/// how much the work needed when it stopped (at least `limit` + 1; the full need is unknown).
class ResourceLimitDetail : public StatusDetail {
 public:
  ResourceLimitDetail(std::string resource, int64_t limit, int64_t actual)
      : resource_(std::move(resource)), limit_(limit), actual_(actual) {}
  static constexpr const char* kTypeId = "resource_limit";
  const char* type_id() const override { return kTypeId; }
  std::string ToString() const override;
  const std::string& resource() const { return resource_; }
  int64_t limit() const { return limit_; }
  int64_t actual() const { return actual_; }

 private:
  std::string resource_;
  int64_t limit_;
  int64_t actual_;
};

/// Detail for a conditional write whose expected branch head was not the head: `actual` is the
/// head found (empty when the branch has no commit). The write had no effect.
class PreconditionFailureDetail : public StatusDetail {
 public:
  PreconditionFailureDetail(std::string expected, std::string actual)
      : expected_(std::move(expected)), actual_(std::move(actual)) {}
  static constexpr const char* kTypeId = "precondition_failure";
  const char* type_id() const override { return kTypeId; }
  std::string ToString() const override { return "expected " + expected_ + ", actual " + actual_; }
  const std::string& expected() const { return expected_; }
  const std::string& actual() const { return actual_; }

 private:
  std::string expected_;
  std::string actual_;
};

/// Detail for a merge refused because of conflicts: every one of them.
struct MergeConflictItem {
  std::string table_key;  // "node:Person"
  std::string entity_id;  // empty when the conflict is not about one entity
  std::string kind;       // divergent_insert, divergent_update, delete_vs_update, orphan_edge, ...
  std::string message;
};
class MergeConflictsDetail : public StatusDetail {
 public:
  explicit MergeConflictsDetail(std::vector<MergeConflictItem> conflicts)
      : conflicts_(std::move(conflicts)) {}
  static constexpr const char* kTypeId = "merge_conflicts";
  const char* type_id() const override { return kTypeId; }
  std::string ToString() const override { return std::to_string(conflicts_.size()) + " conflicts"; }
  const std::vector<MergeConflictItem>& conflicts() const { return conflicts_; }

 private:
  std::vector<MergeConflictItem> conflicts_;
};

namespace internal {
template <typename... Args>
std::string StrCat(Args&&... args) {
  std::ostringstream os;
  (os << ... << std::forward<Args>(args));
  return os.str();
}
}  // namespace internal

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::shared_ptr<StatusDetail> detail = nullptr);

  static Status OK() { return Status(); }

#define OG_STATUS_FACTORY(name, str)                                     \
  template <typename... Args>                                            \
  static Status name(Args&&... args) {                                   \
    return Status(StatusCode::name, internal::StrCat(std::forward<Args>(args)...)); \
  }
  OG_STATUS_CODES(OG_STATUS_FACTORY)
#undef OG_STATUS_FACTORY

  /// A BadRequest located at `span`; the message is prefixed with the rendered location.
  static Status AtSource(const SourceSpan& span, const std::string& message);

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return state_ ? state_->code : StatusCode::Ok; }
  const std::string& message() const;
  const std::shared_ptr<StatusDetail>& detail() const;

  bool IsBadRequest() const { return code() == StatusCode::BadRequest; }
  bool IsNotFound() const { return code() == StatusCode::NotFound; }
  bool IsConflict() const { return code() == StatusCode::Conflict; }

  /// Return a copy with a new message and the same code and detail.
  Status WithMessage(std::string message) const;
  /// Return a copy whose message is `prefix` + the current message.
  template <typename... Args>
  Status Prepend(Args&&... args) const {
    if (ok()) return *this;
    return WithMessage(internal::StrCat(std::forward<Args>(args)...) + message());
  }
  /// Return a copy carrying `detail`.
  Status WithDetail(std::shared_ptr<StatusDetail> detail) const;

  /// "Code: message".
  std::string ToString() const;

 private:
  struct State {
    StatusCode code;
    std::string message;
    std::shared_ptr<StatusDetail> detail;
  };
  std::shared_ptr<const State> state_;
};

}  // namespace og

#define OG_CONCAT_IMPL(a, b) a##b
#define OG_CONCAT(a, b) OG_CONCAT_IMPL(a, b)

/// Return the status from the enclosing function if `expr` is not OK.
#define OG_RETURN_NOT_OK(expr)                  \
  do {                                          \
    ::og::Status _og_st = ::og::ToStatus(expr); \
    if (!_og_st.ok()) return _og_st;            \
  } while (false)

namespace og {
inline const Status& ToStatus(const Status& st) { return st; }
namespace internal {
/// Print "<where> on an error: <status>" to stderr and abort. Used where a value was required.
[[noreturn]] void DieWithStatus(const Status& st, const char* where);
}  // namespace internal
}  // namespace og
