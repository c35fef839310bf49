#include "common/strict_json.h"

#include <vector>

#include "common/utf8.h"

namespace og {
namespace {

using Json = nlohmann::json;

// Builds the value with nlohmann's SAX events, refusing what the DOM parser would accept silently.
class StrictBuilder : public nlohmann::json_sax<Json> {
 public:
  explicit StrictBuilder(const JsonLimits& limits) : limits_(limits) {}

  bool null() override { return Add(Json(nullptr)); }
  bool boolean(bool v) override { return Add(Json(v)); }
  bool number_integer(number_integer_t v) override { return Add(Json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return Add(Json(v)); }
  bool number_float(number_float_t v, const string_t&) override { return Add(Json(v)); }
  bool string(string_t& v) override { return Add(Json(std::move(v))); }
  bool binary(binary_t&) override { return Fail("binary values are not JSON"); }

  bool start_object(std::size_t) override { return Open(Json::object()); }
  bool key(string_t& k) override {
    Json& obj = *stack_.back();
    if (obj.contains(k)) return Fail("duplicate key " + QuoteForMessage(k));
    pending_key_ = std::move(k);
    return true;
  }
  bool end_object() override {
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t) override { return Open(Json::array()); }
  bool end_array() override {
    stack_.pop_back();
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    position_ = position;
    if (error_.empty()) {
      // nlohmann's own text quotes the offending bytes, which may be ill-formed UTF-8: word ours.
      if (ex.id == 406) error_ = "number out of range";
      else if (std::string(ex.what()).find("UTF-8") != std::string::npos) error_ = "invalid UTF-8 in a string";
      else error_ = "not valid JSON";
    }
    return false;
  }

  Json result;
  std::string error_;
  size_t position_ = 0;

 private:
  bool Add(Json v) {
    if (stack_.empty()) {
      result = std::move(v);
    } else if (stack_.back()->is_array()) {
      stack_.back()->push_back(std::move(v));
    } else {
      (*stack_.back())[pending_key_] = std::move(v);
    }
    return true;
  }
  bool Open(Json container) {
    if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
      return Fail("nested deeper than " + std::to_string(limits_.max_depth) + " levels");
    }
    Json* slot;
    if (stack_.empty()) {
      result = std::move(container);
      slot = &result;
    } else if (stack_.back()->is_array()) {
      stack_.back()->push_back(std::move(container));
      slot = &stack_.back()->back();
    } else {
      slot = &((*stack_.back())[pending_key_] = std::move(container));
    }
    stack_.push_back(slot);
    return true;
  }
  bool Fail(std::string why) {
    error_ = std::move(why);
    return false;
  }

  const JsonLimits& limits_;
  std::vector<Json*> stack_;  // open containers; pointers stay valid (only the innermost grows)
  std::string pending_key_;
};

}  // namespace

Result<nlohmann::json> ParseJsonStrict(std::string_view text, const std::string& origin,
                                       const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Status::BadRequest(origin, ": JSON of ", text.size(), " bytes is over the limit of ",
                              limits.max_bytes);
  }
  StrictBuilder builder(limits);
  bool ok = Json::sax_parse(text.begin(), text.end(), &builder, nlohmann::detail::input_format_t::json,
                            /*strict=*/true);
  if (!ok) {
    std::string where = builder.position_ > 0 ? " (at byte " + std::to_string(builder.position_) + ")" : "";
    return Status::BadRequest(origin, ": ", builder.error_.empty() ? "not valid JSON" : builder.error_, where);
  }
  return std::move(builder.result);
}

}  // namespace og
