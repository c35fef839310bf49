#include "lang/check_pattern.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace og::lang {

namespace {

// Per match: at most this many backtracking steps and this much heap (KiB) for its state.
constexpr uint32_t kMatchLimit = 10'000'000;
constexpr uint32_t kHeapLimitKiB = 64 * 1024;

std::string ErrorText(int code) {
  PCRE2_UCHAR buf[256];
  int n = pcre2_get_error_message(code, buf, sizeof(buf));
  return n < 0 ? "error " + std::to_string(code) : std::string(reinterpret_cast<char*>(buf), n);
}

}  // namespace

struct CheckPattern::Compiled {
  pcre2_code* code = nullptr;
  pcre2_match_context* match_context = nullptr;
  ~Compiled() {
    pcre2_match_context_free(match_context);
    pcre2_code_free(code);
  }
};

Result<CheckPattern> CheckPattern::Compile(const std::string& pattern) {
  if (pattern.size() > kMaxPatternBytes) {
    return Status::BadRequest("not a valid regular expression: longer than ", kMaxPatternBytes, " bytes");
  }
  auto compiled = std::make_shared<Compiled>();
  pcre2_compile_context* cctx = pcre2_compile_context_create(nullptr);
  if (!cctx) return Status::Internal("out of memory compiling a regular expression");
  pcre2_set_parens_nest_limit(cctx, kMaxGroupNesting);
  int error = 0;
  PCRE2_SIZE offset = 0;
  compiled->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                 PCRE2_UTF, &error, &offset, cctx);
  pcre2_compile_context_free(cctx);
  if (!compiled->code) {
    return Status::BadRequest("not a valid regular expression: ", ErrorText(error), " at offset ", offset);
  }
  compiled->match_context = pcre2_match_context_create(nullptr);
  if (!compiled->match_context) return Status::Internal("out of memory compiling a regular expression");
  pcre2_set_match_limit(compiled->match_context, kMatchLimit);
  pcre2_set_heap_limit(compiled->match_context, kHeapLimitKiB);
  return CheckPattern(pattern, std::move(compiled));
}

Result<bool> CheckPattern::Matches(std::string_view text) const {
  pcre2_match_data* md = pcre2_match_data_create_from_pattern(re_->code, nullptr);
  if (!md) return Status::Internal("out of memory matching a regular expression");
  // A match context is read-only during pcre2_match, so one is shared by every thread.
  int rc = pcre2_match(re_->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0,
                       0, md, re_->match_context);
  pcre2_match_data_free(md);
  if (rc >= 0) return true;
  if (rc == PCRE2_ERROR_NOMATCH) return false;
  return Status::BadRequest("pattern ", pattern_.substr(0, 64), " could not be matched: ", ErrorText(rc));
}

}  // namespace og::lang
