// LocalStore specifics beyond the conformance suite: the files on disk, crash leftovers, errors.
#include "store/local_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/ids.h"
#include "common/testing.h"
#include "store/store_factory.h"

namespace og::store {
namespace {

namespace fs = std::filesystem;

std::string FreshRoot() { return std::string(OG_TEST_TMP_DIR) + "/local-store/" + NewUlid(); }

TEST(LocalStore, ObjectsAreFilesUnderTheRoot) {
  std::string root = FreshRoot();
  OG_ASSIGN_OR_FAIL(auto store, LocalStore::Open(root));
  EXPECT_FALSE(fs::exists(root));  // created lazily by the first write
  OG_ASSERT_OK(store->Put("tables/t/data/x.parquet", "PAR1"));
  std::ifstream in(root + "/tables/t/data/x.parquet", std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "PAR1");
  EXPECT_EQ(store->uri(), "file://" + fs::absolute(root).lexically_normal().string());
}

TEST(LocalStore, ADurablePutCostsTwoFsyncsInAnExistingDirectory) {
  std::string root = FreshRoot();
  OG_ASSIGN_OR_FAIL(auto store, LocalStore::Open(root));
  OG_ASSERT_OK(store->Put("d/a", "1"));  // creates root and d/ (each fsynced into its parent)
  uint64_t before = store->stats().Snapshot().fsyncs;
  OG_ASSERT_OK(store->Put("d/b", "2"));
  EXPECT_EQ(store->stats().Snapshot().fsyncs - before, 2u);  // the file, then its directory
  before = store->stats().Snapshot().fsyncs;
  OG_ASSIGN_OR_FAIL(auto put_if_absent, store->PutIfAbsent("d/c", "3"));
  ASSERT_TRUE(put_if_absent);
  EXPECT_EQ(store->stats().Snapshot().fsyncs - before, 2u);
}

TEST(LocalStore, NoTemporaryFilesRemain) {
  std::string root = FreshRoot();
  OG_ASSIGN_OR_FAIL(auto store, LocalStore::Open(root));
  OG_ASSERT_OK(store->Put("d/a", "1"));
  OG_ASSERT_OK(store->PutIfAbsent("d/b", "2"));
  OG_ASSIGN_OR_FAIL(auto put_if_absent, store->PutIfAbsent("d/b", "3"));
  ASSERT_FALSE(put_if_absent);
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(root + "/d")) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b"}));
}

TEST(LocalStore, CrashLeftoversAreInvisible) {
  std::string root = FreshRoot();
  OG_ASSIGN_OR_FAIL(auto store, LocalStore::Open(root));
  OG_ASSERT_OK(store->Put("d/a", "1"));
  // What a writer that crashed between write and rename leaves behind.
  std::ofstream(root + "/d/.tmp-01HXCRASHED") << "partial";
  OG_ASSIGN_OR_FAIL(auto listed, store->List(""));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].key, "d/a");
}

TEST(LocalStore, RelativeRootsAreMadeAbsolute) {
  auto store = LocalStore::Open("relative/dir");
  OG_ASSERT_OK(store);
  EXPECT_EQ((*store)->root().front(), '/');
  EXPECT_EQ(LocalStore::Open("").status().code(), StatusCode::BadRequest);
}

TEST(LocalStore, RootThatIsAFileIsAnError) {
  std::string root = FreshRoot();
  fs::create_directories(fs::path(root).parent_path());
  std::ofstream(root) << "not a dir";
  auto store = LocalStore::Open(root);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::IOError);
  EXPECT_NE(store.status().message().find(root), std::string::npos);
}

TEST(LocalStore, IOErrorsNameThePathAndTheCause) {
  std::string root = FreshRoot();
  OG_ASSIGN_OR_FAIL(auto store, LocalStore::Open(root));
  OG_ASSERT_OK(store->Put("blocker", "file"));
  // "blocker" is a file, so no object can live below it.
  Status st = store->Put("blocker/child", "x");
  ASSERT_EQ(st.code(), StatusCode::IOError);
  EXPECT_NE(st.message().find(root + "/blocker"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("not a directory"), std::string::npos) << st.message();
}

TEST(LocalStore, StoreFactoryAcceptsPathsAndFileUris) {
  std::string root = FreshRoot();
  auto a = OpenStore(root);
  OG_ASSERT_OK(a);
  ASSERT_TRUE((*a)->Put("k", "v").ok());
  auto b = OpenStore("file://" + root);
  OG_ASSERT_OK(b);
  OG_ASSIGN_OR_FAIL(auto got, (*b)->Get("k"));
  EXPECT_EQ(got, "v");
  auto c = OpenStore("file://localhost" + root);
  OG_ASSERT_OK(c);
  OG_ASSIGN_OR_FAIL(auto via_localhost, (*c)->Get("k"));
  EXPECT_EQ(via_localhost, "v");
  EXPECT_EQ(OpenStore("file://relative").status().code(), StatusCode::BadRequest);
}

TEST(StoreFactory, SchemesAndErrors) {
  auto m1 = OpenStore("memory://factory-test");
  auto m2 = OpenStore("memory://factory-test");
  ASSERT_TRUE(m1.ok() && m2.ok());
  ASSERT_TRUE((*m1)->Put("k", "shared").ok());
  OG_ASSIGN_OR_FAIL(auto got, (*m2)->Get("k"));
  EXPECT_EQ(got, "shared");
  auto fresh = OpenStore("memory://");
  OG_ASSERT_OK(fresh);
  OG_ASSIGN_OR_FAIL(auto listed, (*fresh)->List(""));
  EXPECT_TRUE(listed.empty());
  auto s3 = OpenStore("s3://bucket/prefix");
  EXPECT_EQ(s3.status().code(), StatusCode::Unsupported);
  EXPECT_NE(s3.status().message().find("S3 is not available yet"), std::string::npos);
  EXPECT_EQ(OpenStore("").status().code(), StatusCode::BadRequest);
  EXPECT_EQ(OpenStore("gs://x").status().code(), StatusCode::BadRequest);
}

}  // namespace
}  // namespace og::store
