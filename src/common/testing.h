// Test-only helpers shared by every layer's GoogleTest binary (not part of og_common's sources;
// include it only from *_test.cc files, which link GoogleTest).
//
// - OG_ASSERT_OK / OG_EXPECT_OK: a failing Status prints its code and message, never a throw.
// - OG_ASSIGN_OR_FAIL(lhs, rexpr): take the value of a Result or fail the test with its Status.
// - OG_ASSERT_RAISES(code, expr): expr must fail with exactly that StatusCode.
// - OG_REQUIRE_SHARED_DATA(path): tests that read ../shared/data call this first. When the path
//   is missing the test fails under CI=true and is skipped loudly (naming the path) elsewhere.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "common/result.h"

#define OG_ASSERT_OK(expr)                                              \
  do {                                                                  \
    ::og::Status _og_test_st = ::og::ToStatus(expr);                    \
    ASSERT_TRUE(_og_test_st.ok()) << #expr << ": " << _og_test_st.ToString(); \
  } while (false)

#define OG_EXPECT_OK(expr)                                              \
  do {                                                                  \
    ::og::Status _og_test_st = ::og::ToStatus(expr);                    \
    EXPECT_TRUE(_og_test_st.ok()) << #expr << ": " << _og_test_st.ToString(); \
  } while (false)

#define OG_ASSIGN_OR_FAIL_IMPL(tmp, lhs, rexpr)                            \
  auto tmp = (rexpr);                                                      \
  ASSERT_TRUE(tmp.ok()) << #rexpr << ": " << tmp.status().ToString();      \
  lhs = std::move(tmp).MoveValueUnsafe();

/// Assign the value of an og::Result to `lhs` (may be a declaration) or fail the test.
#define OG_ASSIGN_OR_FAIL(lhs, rexpr) \
  OG_ASSIGN_OR_FAIL_IMPL(OG_CONCAT(_og_test_result_, __LINE__), lhs, rexpr)

/// `expr` (a Status or Result) must fail with StatusCode::code.
#define OG_ASSERT_RAISES(status_code, expr)                                               \
  do {                                                                                    \
    ::og::Status _og_test_st = ::og::ToStatus(expr);                                      \
    ASSERT_EQ(_og_test_st.code(), ::og::StatusCode::status_code)                          \
        << #expr << " should fail with " #status_code ", got " << _og_test_st.ToString(); \
  } while (false)

namespace og::testing {

/// True when running under CI (the CI environment variable is "true" or "1").
inline bool UnderCi() {
  const char* ci = std::getenv("CI");
  return ci && (std::string(ci) == "true" || std::string(ci) == "1");
}

}  // namespace og::testing

/// Skip (loudly) or, under CI=true, fail the current test when `path` does not exist.
#define OG_REQUIRE_SHARED_DATA(path)                                                          \
  do {                                                                                        \
    std::string _og_path = (path);                                                            \
    if (!std::filesystem::exists(_og_path)) {                                                 \
      if (::og::testing::UnderCi()) {                                                         \
        FAIL() << "shared test data missing under CI: " << _og_path;                          \
      } else {                                                                                \
        GTEST_SKIP() << "SKIPPED: shared test data missing: " << _og_path                     \
                     << " (set OG_SHARED_DATA_DIR or check out ../shared next to the project)"; \
      }                                                                                       \
    }                                                                                         \
  } while (false)
