#include "lang/check_pattern.h"

namespace og::lang {

Result<CheckPattern> CheckPattern::Compile(const std::string& pattern) {
  try {
    auto re = std::make_shared<const std::regex>(pattern, std::regex::ECMAScript);
    return CheckPattern(pattern, std::move(re));
  } catch (const std::regex_error& e) {
    return Status::BadRequest("not a valid regular expression: ", e.what());
  }
}

bool CheckPattern::Matches(std::string_view text) const {
  return std::regex_search(text.begin(), text.end(), *re_);
}

}  // namespace og::lang
