// ErrorOutputJson: every Status maps to OmniGraph's ErrorOutput body (surface.md §2.5) — the
// closed `code` vocabulary by HTTP status, `merge_conflicts` always present, and the structured
// field of each detail. The CLI's --json errors and the server both print this body.
#include <gtest/gtest.h>

#include "omnigraph/omnigraph.h"

namespace og {
namespace {

TEST(ErrorOutput, CodeWordFollowsTheHttpStatusOfEachStatusCode) {
  struct Case {
    Status status;
    int http;
    const char* code;  // nullptr: no `code` key
  };
  const Case cases[] = {
      {Status::BadRequest("bad"), 400, "bad_request"},
      {Status::Unauthorized("who"), 401, "unauthorized"},
      {Status::Forbidden("no"), 403, "forbidden"},
      {Status::NotFound("gone"), 404, "not_found"},
      {Status::Conflict("lost"), 409, "conflict"},
      {Status::PreconditionFailed("stale"), 412, nullptr},
      {Status::ResourceExhausted("big"), 413, "bad_request"},
      {Status::PayloadTooLarge("big"), 413, "bad_request"},
      {Status::IOError("disk"), 500, "internal"},
      {Status::Corruption("bits"), 500, "internal"},
      {Status::Internal("bug"), 500, "internal"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.status.ToString());
    EXPECT_EQ(HttpStatusFor(c.status.code()), c.http);
    OrderedJson body = ErrorOutputJson(c.status);
    EXPECT_EQ(body["error"], c.status.message());
    EXPECT_EQ(body["merge_conflicts"], OrderedJson::array());
    if (c.code) {
      EXPECT_EQ(body["code"], c.code);
    } else {
      EXPECT_FALSE(body.contains("code"));
    }
  }
}

TEST(ErrorOutput, DetailsBecomeTheirStructuredFields) {
  Status limit(StatusCode::ResourceExhausted, "too many",
               std::make_shared<ResourceLimitDetail>("keyed entities for node:Person", 8192, 9000));
  EXPECT_EQ(ErrorOutputJson(limit)["resource_limit"],
            (OrderedJson{{"resource", "keyed entities for node:Person"}, {"limit", 8192}, {"actual", 9000}}));

  Status lost(StatusCode::Conflict, "lost", std::make_shared<ConflictDetail>("edge:Knows", 3, 5));
  EXPECT_EQ(ErrorOutputJson(lost)["published_dataset_version_conflict"],
            (OrderedJson{{"entity_kind", "edge"},
                         {"type_name", "Knows"},
                         {"expected_published_dataset_version", 3},
                         {"actual_published_dataset_version", 5}}));

  // A branch with no commit yet has no actual head: null, as OmniGraph sends it.
  Status stale(StatusCode::PreconditionFailed, "stale",
               std::make_shared<PreconditionFailureDetail>("01EXPECTED", ""));
  EXPECT_EQ(ErrorOutputJson(stale)["precondition_failure"],
            (OrderedJson{{"expected", "01EXPECTED"}, {"actual", nullptr}}));

  Status merge(StatusCode::Conflict, "2 conflicts",
               std::make_shared<MergeConflictsDetail>(std::vector<MergeConflictItem>{
                   {"node:Person", "bob", "divergent_update", "bob changed on both sides"},
                   {"edge:Knows", "", "orphan_edge", "an edge lost its endpoint"}}));
  OrderedJson body = ErrorOutputJson(merge);
  EXPECT_EQ(body["code"], "conflict");
  ASSERT_EQ(body["merge_conflicts"].size(), 2u);
  EXPECT_EQ(body["merge_conflicts"][0],
            (OrderedJson{{"entity_kind", "node"},
                         {"type_name", "Person"},
                         {"entity_id", "bob"},
                         {"kind", "divergent_update"},
                         {"message", "bob changed on both sides"}}));
  EXPECT_TRUE(body["merge_conflicts"][1]["entity_id"].is_null());
}

}  // namespace
}  // namespace og
