#include "common/status.h"

#include <gtest/gtest.h>

#include "common/ids.h"
#include "common/result.h"
#include "common/testing.h"

namespace og {
namespace {

Result<int> Half(int x) {
  if (x % 2) return Status::BadRequest("odd: ", x);
  return x / 2;
}

Status Chain(int x, int* out) {
  OG_ASSIGN_OR_RAISE(int h, Half(x));
  OG_ASSIGN_OR_RAISE(*out, Half(h));
  return Status::OK();
}

TEST(Status, OkCostsNothingAndErrorsCarryCodeAndMessage) {
  Status ok;
  OG_EXPECT_OK(ok);
  Status bad = Status::Conflict("table ", "node:Person", " moved");
  EXPECT_EQ(bad.code(), StatusCode::Conflict);
  EXPECT_EQ(bad.message(), "table node:Person moved");
  EXPECT_EQ(bad.ToString(), "Conflict: table node:Person moved");
  EXPECT_EQ(HttpStatusFor(bad.code()), 409);
  EXPECT_EQ(ExitCodeFor(StatusCode::PreconditionFailed), 4);
  EXPECT_EQ(ExitCodeFor(StatusCode::BadRequest), 1);
}

TEST(Status, AtSourceRendersLocation) {
  Status st = Status::AtSource(SourceSpan{"s.pg", 3, 7, ""}, "unknown type 'Foo'");
  EXPECT_EQ(st.message(), "s.pg:3:7: unknown type 'Foo'");
  ASSERT_NE(st.detail(), nullptr);
  auto* d = dynamic_cast<SourceDetail*>(st.detail().get());
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->span().line, 3);
}

TEST(Result, PropagatesErrorsThroughMacros) {
  int out = 0;
  OG_EXPECT_OK(Chain(8, &out));
  EXPECT_EQ(out, 2);
  Status st = Chain(6, &out);
  EXPECT_TRUE(st.IsBadRequest());
  EXPECT_EQ(st.message(), "odd: 3");
}

TEST(Ids, UlidsAreUniqueAndSortInCreationOrder) {
  std::string prev = NewUlid();
  EXPECT_EQ(prev.size(), 26u);
  for (int i = 0; i < 10000; ++i) {
    std::string next = NewUlid();
    EXPECT_LT(prev, next);
    prev = next;
  }
}

}  // namespace
}  // namespace og
