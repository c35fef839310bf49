// One behavioural suite for every ObjectStore implementation (STYLE.md §16). Each store is
// instantiated through a Factory type; real differences are declared as capability constants.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "common/ids.h"
#include "common/testing.h"
#include "store/local_store.h"
#include "store/memory_store.h"
#include "store/store_factory.h"

namespace og::store {
namespace {

struct LocalFactory {
  static constexpr bool kPersistsAcrossHandles = true;
  static Result<std::shared_ptr<ObjectStore>> Make() {
    std::string root = std::string(OG_TEST_TMP_DIR) + "/store-conformance/" + NewUlid();
    OG_ASSIGN_OR_RAISE(std::shared_ptr<ObjectStore> store, LocalStore::Open(root));
    return store;
  }
};

struct MemoryFactory {
  static constexpr bool kPersistsAcrossHandles = true;
  static Result<std::shared_ptr<ObjectStore>> Make() {
    return std::shared_ptr<ObjectStore>(MemoryStore::Create());
  }
};

template <typename Factory>
class StoreConformance : public ::testing::Test {
 protected:
  void SetUp() override { OG_ASSIGN_OR_FAIL(store_, Factory::Make()); }
  ObjectStore& store() { return *store_; }
  std::shared_ptr<ObjectStore> store_;
};

using StoreTypes = ::testing::Types<LocalFactory, MemoryFactory>;
class StoreNames {
 public:
  template <typename T>
  static std::string GetName(int) {
    if (std::is_same_v<T, LocalFactory>) return "Local";
    return "Memory";
  }
};
TYPED_TEST_SUITE(StoreConformance, StoreTypes, StoreNames);

TYPED_TEST(StoreConformance, PutThenGetReturnsTheBytes) {
  std::string payload("binary\0data\xff", 12);
  OG_ASSERT_OK(this->store().Put("a/b/c.bin", payload));
  OG_ASSIGN_OR_FAIL(std::string got, this->store().Get("a/b/c.bin"));
  EXPECT_EQ(got, payload);
  OG_ASSIGN_OR_FAIL(uint64_t size, this->store().Size("a/b/c.bin"));
  EXPECT_EQ(size, 12u);
}

TYPED_TEST(StoreConformance, EmptyObjectsAreObjects) {
  OG_ASSERT_OK(this->store().Put("empty", ""));
  OG_ASSIGN_OR_FAIL(auto got, this->store().Get("empty"));
  EXPECT_EQ(got, "");
  OG_ASSIGN_OR_FAIL(auto size, this->store().Size("empty"));
  EXPECT_EQ(size, 0u);
  OG_ASSIGN_OR_FAIL(auto listed, this->store().List(""));
  EXPECT_EQ(listed.size(), 1u);
}

TYPED_TEST(StoreConformance, MissingKeyIsNotFound) {
  EXPECT_EQ(this->store().Get("nope/x").status().code(), StatusCode::NotFound);
  EXPECT_EQ(this->store().GetRange("nope/x", 0, 1).status().code(), StatusCode::NotFound);
  EXPECT_EQ(this->store().Size("nope/x").status().code(), StatusCode::NotFound);
  OG_ASSERT_OK(this->store().Put("dir/x", "1"));
  // A "directory" is not an object.
  EXPECT_EQ(this->store().Get("dir").status().code(), StatusCode::NotFound);
  EXPECT_EQ(this->store().Size("dir").status().code(), StatusCode::NotFound);
}

TYPED_TEST(StoreConformance, PutReplacesAtomically) {
  OG_ASSERT_OK(this->store().Put("k", "first"));
  OG_ASSERT_OK(this->store().Put("k", "second!"));
  OG_ASSIGN_OR_FAIL(auto got, this->store().Get("k"));
  EXPECT_EQ(got, "second!");
}

TYPED_TEST(StoreConformance, RangeReadsClipAtTheEnd) {
  OG_ASSERT_OK(this->store().Put("r", "0123456789"));
  const struct {
    uint64_t offset, length;
    const char* want;
  } cases[] = {{2, 3, "234"}, {0, 10, "0123456789"}, {8, 100, "89"}, {10, 5, ""}, {4, 0, ""}};
  for (const auto& c : cases) {
    OG_ASSIGN_OR_FAIL(std::string got, this->store().GetRange("r", c.offset, c.length));
    EXPECT_EQ(got, c.want) << c.offset << "+" << c.length;
  }
  EXPECT_EQ(this->store().GetRange("r", 11, 1).status().code(), StatusCode::BadRequest);
}

TYPED_TEST(StoreConformance, ListIsRecursiveSortedAndPrefixExact) {
  for (const char* k :
       {"refs/branches/main2/1.json", "refs/branches/main/2.json", "commits/b.json",
        "refs/branches/main/1.json", "refs/branches/main/sub/0.json", "commits/a.json", "refsx"}) {
    OG_ASSERT_OK(this->store().Put(k, k));
  }
  auto all = this->store().List("");
  OG_ASSERT_OK(all);
  std::vector<std::string> keys;
  for (const auto& e : *all) keys.push_back(e.key);
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "commits/a.json", "commits/b.json", "refs/branches/main/1.json",
                      "refs/branches/main/2.json", "refs/branches/main/sub/0.json",
                      "refs/branches/main2/1.json", "refsx"}));
  keys.clear();
  OG_ASSIGN_OR_FAIL(auto main_refs, this->store().List("refs/branches/main/"));
  for (const auto& e : main_refs) keys.push_back(e.key);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"refs/branches/main/1.json", "refs/branches/main/2.json",
                                      "refs/branches/main/sub/0.json"}));
  // A prefix may end inside a segment, as on S3.
  keys.clear();
  OG_ASSIGN_OR_FAIL(auto partial, this->store().List("refs/branches/mai"));
  for (const auto& e : partial) keys.push_back(e.key);
  EXPECT_EQ(keys.size(), 4u);
  keys.clear();
  OG_ASSIGN_OR_FAIL(auto refs, this->store().List("refs"));
  for (const auto& e : refs) keys.push_back(e.key);
  EXPECT_EQ(keys.size(), 5u);
  OG_ASSIGN_OR_FAIL(auto listed, this->store().List("nothing/here/"));
  EXPECT_TRUE(listed.empty());
}

TYPED_TEST(StoreConformance, ListReportsSizeAndTime) {
  int64_t before = NowMillis();
  OG_ASSERT_OK(this->store().Put("x/y", "12345"));
  OG_ASSIGN_OR_FAIL(auto listed, this->store().List("x/"));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].size, 5u);
  EXPECT_GE(listed[0].mtime_ms, before - 2000);
  EXPECT_LE(listed[0].mtime_ms, NowMillis() + 2000);
}

TYPED_TEST(StoreConformance, DeleteRemovesAndIsIdempotent) {
  OG_ASSERT_OK(this->store().Put("d/1", "x"));
  OG_ASSERT_OK(this->store().Delete("d/1"));
  EXPECT_EQ(this->store().Get("d/1").status().code(), StatusCode::NotFound);
  OG_ASSIGN_OR_FAIL(auto listed, this->store().List("d/"));
  EXPECT_TRUE(listed.empty());
  OG_EXPECT_OK(this->store().Delete("d/1"));
  OG_EXPECT_OK(this->store().Delete("never/was"));
}

TYPED_TEST(StoreConformance, PutIfAbsentCreatesOnce) {
  auto first = this->store().PutIfAbsent("refs/x/1.json", "winner");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(*first);
  auto second = this->store().PutIfAbsent("refs/x/1.json", "loser");
  OG_ASSERT_OK(second);
  EXPECT_FALSE(*second);
  OG_ASSIGN_OR_FAIL(auto got, this->store().Get("refs/x/1.json"));
  EXPECT_EQ(got, "winner");
}

TYPED_TEST(StoreConformance, PutIfAbsentHasExactlyOneWinnerUnderARace) {
  constexpr int kThreads = 16;
  constexpr int kRounds = 20;
  for (int round = 0; round < kRounds; ++round) {
    std::string key = "race/" + std::to_string(round) + ".json";
    std::atomic<int> winners{0};
    std::atomic<int> errors{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    std::vector<std::string> payloads(kThreads);
    for (int t = 0; t < kThreads; ++t) {
      payloads[t] = "writer-" + std::to_string(t) + std::string(1000 + t, 'x');
      threads.emplace_back([&, t] {
        while (!go.load()) std::this_thread::yield();
        auto r = this->store().PutIfAbsent(key, payloads[t]);
        if (!r.ok()) {
          errors++;
        } else if (*r) {
          winners++;
        }
      });
    }
    go = true;
    for (auto& th : threads) th.join();
    EXPECT_EQ(errors.load(), 0);
    ASSERT_EQ(winners.load(), 1) << "round " << round;
    OG_ASSIGN_OR_FAIL(std::string stored, this->store().Get(key));
    EXPECT_NE(std::find(payloads.begin(), payloads.end(), stored), payloads.end())
        << "stored object is not one writer's complete payload";
  }
  // Losers leave nothing behind that List shows.
  OG_ASSIGN_OR_FAIL(auto listed, this->store().List("race/"));
  EXPECT_EQ(listed.size(), static_cast<size_t>(kRounds));
}

TYPED_TEST(StoreConformance, ConcurrentReadersNeverSeePartialObjects) {
  std::string a(200000, 'a');
  std::string b(300000, 'b');
  OG_ASSERT_OK(this->store().Put("hot", a));
  std::atomic<bool> stop{false};
  std::atomic<int> bad{0};
  std::thread reader([&] {
    while (!stop.load()) {
      auto got = this->store().Get("hot");
      if (!got.ok() || (*got != a && *got != b)) bad++;
    }
  });
  for (int i = 0; i < 20; ++i) OG_ASSERT_OK(this->store().Put("hot", i % 2 ? a : b));
  stop = true;
  reader.join();
  EXPECT_EQ(bad.load(), 0);
}

TYPED_TEST(StoreConformance, CountersCountEachRequestOnce) {
  ObjectStore& s = this->store();
  s.stats().Reset();
  OG_ASSERT_OK(s.Put("c/1", "abc"));           // write 3
  OG_ASSERT_OK(s.PutIfAbsent("c/2", "defg"));  // write 4
  OG_ASSERT_OK(s.PutIfAbsent("c/2", "zz"));    // write 2 (lost, still a request)
  OG_ASSERT_OK(s.Get("c/1"));                  // read 3
  OG_ASSERT_OK(s.GetRange("c/2", 1, 2));       // read 2
  OG_ASSERT_OK(s.Size("c/2"));                 // read 0
  EXPECT_FALSE(s.Get("c/missing").ok());           // read 0 (a 404 is a request)
  OG_ASSERT_OK(s.List("c/"));                  // list
  OG_ASSERT_OK(s.Delete("c/1"));               // delete
  IoCounts c = s.stats().Snapshot();
  EXPECT_EQ(c.reads, 4u);
  EXPECT_EQ(c.writes, 3u);
  EXPECT_EQ(c.lists, 1u);
  EXPECT_EQ(c.deletes, 1u);
  EXPECT_EQ(c.bytes_read, 5u);
  EXPECT_EQ(c.bytes_written, 9u);
  EXPECT_EQ(c.requests(), 9u);
  EXPECT_EQ(s.stats().ToJson(),
            "{\"reads\":4,\"writes\":3,\"lists\":1,\"deletes\":1,\"bytes_read\":5,\"bytes_written\":9,"
            "\"fsyncs\":" + std::to_string(c.fsyncs) + "}");
  // Invalid keys are refused before any request is made.
  EXPECT_EQ(s.Get("/abs").status().code(), StatusCode::BadRequest);
  EXPECT_EQ(s.stats().Snapshot(), c);
}

TYPED_TEST(StoreConformance, InvalidKeysAreBadRequest) {
  for (const char* k : {"", "/a", "a/", "a//b", "a/./b", "a/../b", "..", ".hidden", "a/.tmp-x"}) {
    EXPECT_EQ(this->store().Put(k, "x").code(), StatusCode::BadRequest) << k;
    EXPECT_EQ(this->store().Get(k).status().code(), StatusCode::BadRequest) << k;
  }
  EXPECT_EQ(this->store().List("/x").status().code(), StatusCode::BadRequest);
  EXPECT_EQ(this->store().List("a/../").status().code(), StatusCode::BadRequest);
}

TYPED_TEST(StoreConformance, HooksCanFailRequestsBeforeOrAfter) {
  ObjectStore& s = this->store();
  std::vector<std::string> trace;
  std::mutex mu;
  s.SetRequestHook([&](RequestPhase phase, const Request& r) -> Status {
    std::lock_guard<std::mutex> lock(mu);
    if (phase == RequestPhase::kBefore) {
      trace.push_back(std::string(RequestKindName(r.kind)) + " " + r.key);
      if (r.key == "blocked") return Status::IOError("failpoint: blocked");
    } else if (r.kind == RequestKind::kPutIfAbsent && r.key == "lost-response") {
      return Status::IOError("failpoint: response lost");
    }
    return Status::OK();
  });
  s.stats().Reset();
  EXPECT_EQ(s.Put("blocked", "x").code(), StatusCode::IOError);
  EXPECT_EQ(s.Get("blocked").status().code(), StatusCode::IOError);
  EXPECT_EQ(s.PutIfAbsent("lost-response", "y").status().code(), StatusCode::IOError);
  OG_ASSIGN_OR_FAIL(auto got, s.Get("lost-response"));
  EXPECT_EQ(got, "y");  // the write landed although the call failed
  s.SetRequestHook(nullptr);
  EXPECT_EQ(trace, (std::vector<std::string>{"PUT blocked", "GET blocked",
                                             "PUT_IF_ABSENT lost-response", "GET lost-response"}));
  EXPECT_EQ(s.stats().Snapshot().writes, 1u);  // the blocked PUT was never sent
  EXPECT_EQ(s.stats().Snapshot().reads, 1u);   // nor the blocked GET
  EXPECT_EQ(s.Get("blocked").status().code(), StatusCode::NotFound);
}

TYPED_TEST(StoreConformance, ReopeningByUriSeesTheSameObjects) {
  OG_ASSERT_OK(this->store().Put("p/q", "persist"));
  auto again = OpenStore(this->store().uri());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ((*again)->uri(), this->store().uri());
  OG_ASSIGN_OR_FAIL(auto got, (*again)->Get("p/q"));
  EXPECT_EQ(got, "persist");
  EXPECT_EQ((*again)->stats().Snapshot().reads, 1u);  // counters are per handle
}

TYPED_TEST(StoreConformance, ConcurrentWritersToOneDirectory) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::vector<std::thread> threads;
  std::atomic<int> errors{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string key = "deep/new/dir/" + std::to_string(t) + "-" + std::to_string(i);
        if (!this->store().Put(key, key).ok()) errors++;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(errors.load(), 0);
  OG_ASSIGN_OR_FAIL(auto listed, this->store().List("deep/"));
  EXPECT_EQ(listed.size(),
            static_cast<size_t>(kThreads * kPerThread));
}

}  // namespace
}  // namespace og::store
