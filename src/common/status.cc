#include "common/status.h"

#include "common/utf8.h"

#include <cstdio>
#include <cstdlib>

namespace og {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
#define OG_STATUS_NAME(name, str) \
  case StatusCode::name:          \
    return str;
    OG_STATUS_CODES(OG_STATUS_NAME)
#undef OG_STATUS_NAME
  }
  return "Unknown";
}

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::Ok: return 200;
    case StatusCode::BadRequest: return 400;
    case StatusCode::Unauthorized: return 401;
    case StatusCode::Forbidden: return 403;
    case StatusCode::NotFound: return 404;
    case StatusCode::Conflict: return 409;
    case StatusCode::PreconditionFailed: return 412;
    case StatusCode::PayloadTooLarge:
    case StatusCode::ResourceExhausted: return 413;
    case StatusCode::Unsupported: return 501;
    case StatusCode::IOError:
    case StatusCode::Corruption:
    case StatusCode::Internal: return 500;
  }
  return 500;
}

int ExitCodeFor(StatusCode code) {
  if (code == StatusCode::Ok) return 0;
  if (code == StatusCode::PreconditionFailed) return 4;
  return 1;
}

std::string SourceSpan::ToString() const {
  std::string out = ToValidUtf8(file);  // a path may hold any bytes; messages stay valid text
  if (line > 0) {
    if (!out.empty()) out.push_back(':');
    out.append(std::to_string(line));
    if (column > 0) {
      out.push_back(':');
      out.append(std::to_string(column));
    }
  }
  if (!query.empty()) {
    out.append(out.empty() ? "query '" : " in query '");
    out.append(query);
    out.push_back('\'');
  }
  return out;
}

std::string ResourceLimitDetail::ToString() const {
  return internal::StrCat(resource_, ": limit ", limit_, ", needed at least ", actual_);
}

std::string ConflictDetail::ToString() const {
  return internal::StrCat("table ", table_, ": expected version ", expected_, ", actual ", actual_);
}

Status::Status(StatusCode code, std::string message, std::shared_ptr<StatusDetail> detail) {
  if (code != StatusCode::Ok) {
    state_ = std::make_shared<const State>(State{code, std::move(message), std::move(detail)});
  }
}

Status Status::AtSource(const SourceSpan& span, const std::string& message) {
  std::string where = span.ToString();
  return Status(StatusCode::BadRequest, where.empty() ? message : where + ": " + message,
                std::make_shared<SourceDetail>(span));
}

const std::string& Status::message() const {
  static const std::string kEmpty;
  return state_ ? state_->message : kEmpty;
}

const std::shared_ptr<StatusDetail>& Status::detail() const {
  static const std::shared_ptr<StatusDetail> kNone;
  return state_ ? state_->detail : kNone;
}

Status Status::WithMessage(std::string message) const {
  if (ok()) return *this;
  return Status(state_->code, std::move(message), state_->detail);
}

Status Status::WithDetail(std::shared_ptr<StatusDetail> detail) const {
  if (ok()) return *this;
  return Status(state_->code, state_->message, std::move(detail));
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(StatusCodeName(code())) + ": " + message();
}

namespace internal {
void DieWithStatus(const Status& st, const char* where) {
  std::fprintf(stderr, "%s on an error: %s\n", where, st.ToString().c_str());
  std::abort();
}
}  // namespace internal

}  // namespace og
