#include "store/layout.h"

#include <gtest/gtest.h>

#include "common/testing.h"

namespace og::store {
namespace {

TEST(Layout, BuildsEveryKeyOfTheDesign) {
  EXPECT_EQ(FormatKey(), "_og/format.json");
  EXPECT_EQ(BranchRefPrefix("main"), "refs/branches/main/");
  EXPECT_EQ(BranchRefKey("main", 7), "refs/branches/main/00000000000000000007.json");
  EXPECT_EQ(CommitKey("01HX"), "commits/01HX.json");
  EXPECT_EQ(SchemaSourceKey("abc"), "schema/abc.pg");
  EXPECT_EQ(SchemaCatalogKey("abc"), "schema/abc.json");
  EXPECT_EQ(TablePrefix("node-Person"), "tables/node-Person/");
  EXPECT_EQ(TableManifestKey("node-Person", "M1"), "tables/node-Person/manifests/M1.json");
  EXPECT_EQ(FragmentKey("edge-Knows", "F1"), "tables/edge-Knows/data/F1.parquet");
  EXPECT_EQ(DeletionKey("edge-Knows", "D1"), "tables/edge-Knows/deletions/D1.roar");
  EXPECT_EQ(IndexPrefix("node-Person", "I1"), "tables/node-Person/indexes/I1/");
}

TEST(Layout, SequenceNumbersSortNumerically) {
  EXPECT_LT(BranchRefKey("b", 9), BranchRefKey("b", 10));
  EXPECT_LT(BranchRefKey("b", 99999), BranchRefKey("b", 100000));
  EXPECT_EQ(BranchRefKey("b", UINT64_MAX), "refs/branches/b/18446744073709551615.json");
}

TEST(Layout, BranchNamesBecomeOneSegment) {
  EXPECT_EQ(EscapeBranch("feature/x"), "feature%2Fx");
  EXPECT_EQ(EscapeBranch("a b%c"), "a%20b%25c");
  EXPECT_EQ(EscapeBranch("v1.2_rc-3"), "v1.2_rc-3");
  EXPECT_EQ(EscapeBranch("."), "%2E");
  EXPECT_EQ(EscapeBranch(".."), "%2E.");
  EXPECT_EQ(EscapeBranch("ü"), "%C3%BC");
  for (std::string name : {"main", "feature/x", "a b%c", ".", "..", ".hidden", "ü/ö", "x.y"}) {
    auto back = UnescapeBranch(EscapeBranch(name));
    ASSERT_TRUE(back.ok()) << name;
    EXPECT_EQ(*back, name);
    EXPECT_EQ(EscapeBranch(name).find('/'), std::string::npos);
  }
  // "main" and "main/x" never share a ref prefix.
  EXPECT_NE(BranchRefPrefix("main/x").rfind(BranchRefPrefix("main"), 0), 0u);
}

TEST(Layout, UnescapeRejectsNonCanonicalInput) {
  EXPECT_FALSE(UnescapeBranch("a%2").ok());
  EXPECT_FALSE(UnescapeBranch("a%zz").ok());
  EXPECT_FALSE(UnescapeBranch("a%2f").ok());  // lower-case hex is never produced
  EXPECT_FALSE(UnescapeBranch("%61").ok());   // 'a' needs no escape
  EXPECT_FALSE(UnescapeBranch("a b").ok());
  EXPECT_FALSE(UnescapeBranch(".x").ok());  // a leading '.' is always escaped
  OG_EXPECT_OK(UnescapeBranch("x."));
}

TEST(Layout, ParsesBranchRefKeys) {
  auto info = ParseBranchRefKey(BranchRefKey("feature/x", 42));
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->branch, "feature/x");
  EXPECT_EQ(info->seq, 42u);
  for (const char* bad :
       {"refs/branches/main/42.json", "refs/branches/main/0000000000000000004x.json",
        "refs/branches/main/00000000000000000042.txt", "refs/tags/main/00000000000000000042.json",
        "refs/branches//00000000000000000042.json", "commits/x.json",
        "refs/branches/a/b/00000000000000000042.json"}) {
    EXPECT_EQ(ParseBranchRefKey(bad).status().code(), StatusCode::BadRequest) << bad;
  }
}

TEST(Layout, ParseKeyRoundTripsEveryKind) {
  struct Case {
    std::string key;
    KeyKind kind;
    std::string id;
    std::string table_id;
  };
  for (const Case& c : std::vector<Case>{
           {FormatKey(), KeyKind::kFormat, "", ""},
           {CommitKey("01HX"), KeyKind::kCommit, "01HX", ""},
           {SchemaSourceKey("h1"), KeyKind::kSchemaSource, "h1", ""},
           {SchemaCatalogKey("h1"), KeyKind::kSchemaCatalog, "h1", ""},
           {TableManifestKey("node-P", "M"), KeyKind::kTableManifest, "M", "node-P"},
           {FragmentKey("node-P", "F"), KeyKind::kFragment, "F", "node-P"},
           {DeletionKey("node-P", "D"), KeyKind::kDeletion, "D", "node-P"},
           {IndexPrefix("node-P", "I") + "part/0.bin", KeyKind::kIndexFile, "I", "node-P"},
       }) {
    auto info = ParseKey(c.key);
    ASSERT_TRUE(info.ok()) << c.key << ": " << info.status().ToString();
    EXPECT_EQ(info->kind, c.kind) << c.key;
    EXPECT_EQ(info->id, c.id) << c.key;
    EXPECT_EQ(info->table_id, c.table_id) << c.key;
  }
  EXPECT_EQ(ParseKey(IndexPrefix("t", "I") + "a/b")->rest, "a/b");
  auto ref = ParseKey(BranchRefKey("b", 3));
  OG_ASSERT_OK(ref);
  EXPECT_EQ(ref->kind, KeyKind::kBranchRef);
  for (const char* bad : {"tables/t/data/x.json", "tables/t/other/x.json", "tables/t/manifests",
                          "junk", "commits/a/b.json", "tables/t/indexes/I"}) {
    EXPECT_FALSE(ParseKey(bad).ok()) << bad;
  }
}

TEST(Layout, PathSafeIds) {
  EXPECT_TRUE(IsPathSafeId("node-Person"));
  EXPECT_TRUE(IsPathSafeId("01HX.v2_a"));
  EXPECT_FALSE(IsPathSafeId(""));
  EXPECT_FALSE(IsPathSafeId(".x"));
  EXPECT_FALSE(IsPathSafeId("a/b"));
  EXPECT_FALSE(IsPathSafeId("a b"));
}

}  // namespace
}  // namespace og::store
