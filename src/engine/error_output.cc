// ErrorOutputJson: the one mapping from a Status to the error body on the wire (surface.md §2.5).
#include "omnigraph/omnigraph.h"

namespace og {
namespace {

// The closed `code` vocabulary by HTTP status; nullptr where OmniGraph sends none (412).
const char* ErrorCodeWord(int http_status) {
  switch (http_status) {
    case 400:
    case 413:
    case 415: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 409: return "conflict";
    case 412: return nullptr;
    case 429: return "too_many_requests";
    default: return "internal";
  }
}

// "node:Person" → ("node", "Person"); a key without a kind is all type name.
std::pair<std::string, std::string> SplitTableKey(const std::string& table_key) {
  auto colon = table_key.find(':');
  if (colon == std::string::npos) return {"", table_key};
  return {table_key.substr(0, colon), table_key.substr(colon + 1)};
}

template <typename Detail>
const Detail* DetailAs(const Status& status) {
  const auto& detail = status.detail();
  if (!detail || std::string(detail->type_id()) != Detail::kTypeId) return nullptr;
  return static_cast<const Detail*>(detail.get());
}

}  // namespace

OrderedJson ErrorOutputJson(const Status& status) {
  OrderedJson body = {{"error", status.message()}};
  if (const char* code = ErrorCodeWord(HttpStatusFor(status.code()))) body["code"] = code;
  OrderedJson conflicts = OrderedJson::array();
  if (const auto* merge = DetailAs<MergeConflictsDetail>(status)) {
    for (const auto& c : merge->conflicts()) {
      auto [kind, type] = SplitTableKey(c.table_key);
      conflicts.push_back({{"entity_kind", kind},
                           {"type_name", type},
                           {"entity_id", c.entity_id.empty() ? OrderedJson(nullptr) : OrderedJson(c.entity_id)},
                           {"kind", c.kind},
                           {"message", c.message}});
    }
  }
  body["merge_conflicts"] = std::move(conflicts);
  if (const auto* pre = DetailAs<PreconditionFailureDetail>(status)) {
    body["precondition_failure"] = {
        {"expected", pre->expected()},
        {"actual", pre->actual().empty() ? OrderedJson(nullptr) : OrderedJson(pre->actual())}};
  } else if (const auto* limit = DetailAs<ResourceLimitDetail>(status)) {
    body["resource_limit"] = {
        {"resource", limit->resource()}, {"limit", limit->limit()}, {"actual", limit->actual()}};
  } else if (const auto* lost = DetailAs<ConflictDetail>(status)) {
    auto [kind, type] = SplitTableKey(lost->table());
    body["published_dataset_version_conflict"] = {
        {"entity_kind", kind},
        {"type_name", type},
        {"expected_published_dataset_version", lost->expected_version()},
        {"actual_published_dataset_version", lost->actual_version()}};
  }
  return body;
}

}  // namespace og
