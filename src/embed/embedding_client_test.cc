// EmbeddingClient against a scripted HTTP server on 127.0.0.1: batching and result order,
// retries (429, 5xx, timeouts, refused connections), the deadline, non-retryable failures
// (malformed JSON, provider 4xx, wrong dimension, zero or non-finite vectors), credentials, the
// role conventions, the Gemini wire, and concurrent use. No network beyond loopback.
#include "embed/embedding_client.h"

#include <chrono>
#include <cmath>
#include <thread>

#include <nlohmann/json.hpp>

#include "common/testing.h"
#include "embed/scripted_http_server.h"

namespace og::embed {
namespace {

using Json = nlohmann::json;
using testing::ScriptedHttpServer;
using testing::ScriptedReply;
using testing::ScriptedRequest;
using Clock = std::chrono::steady_clock;

constexpr const char* kKey = "sk-test-key-0123456789";

EmbeddingConfig LocalConfig(const ScriptedHttpServer& server) {
  EmbeddingConfig c = EmbeddingConfig::ForProvider(EmbedProvider::kOpenAiCompatible);
  c.base_url = server.base_url();
  c.model = "test-model";
  c.api_key = kKey;
  c.timeout_ms = 2000;
  c.retry_attempts = 3;
  c.retry_backoff_ms = 1;
  c.deadline_ms = 10000;
  return c;
}

// The vector the echo server returns for input k of a request: unnormalised, (k+1, 1, 0, ...).
std::vector<double> EchoVector(int k, int dimension) {
  std::vector<double> v(static_cast<size_t>(dimension), 0.0);
  v[0] = k + 1;
  if (dimension > 1) v[1] = 1;
  return v;
}

// An OpenAI-style server: one vector per input of the requested dimension, listed in reverse
// order (so the client must place them by "index").
ScriptedReply EchoReply(const ScriptedRequest& req) {
  Json body = Json::parse(req.body);
  int dim = body["dimensions"].get<int>();
  Json data = Json::array();
  for (int k = static_cast<int>(body["input"].size()) - 1; k >= 0; --k) {
    data.push_back({{"object", "embedding"}, {"index", k}, {"embedding", EchoVector(k, dim)}});
  }
  return {200, Json{{"object", "list"}, {"data", data}, {"model", body["model"]}}.dump()};
}

std::vector<float> Normalized(std::vector<double> v) {
  double sum = 0;
  for (double x : v) sum += x * x;
  std::vector<float> out;
  for (double x : v) out.push_back(static_cast<float>(x / std::sqrt(sum)));
  return out;
}

std::string Message(const Status& st) { return st.ToString(); }

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(EmbeddingClientTest, BatchesOrdersByIndexAndNormalises) {
  ScriptedHttpServer server([](const ScriptedRequest& req, int) { return EchoReply(req); });
  ASSERT_TRUE(server.ok());
  EmbeddingConfig c = LocalConfig(server);
  c.max_batch_size = 2;
  OG_ASSIGN_OR_FAIL(auto client, EmbeddingClient::Make(c));
  std::vector<std::string> texts = {"t0", "t1", "t2", "t3", "t4"};
  OG_ASSIGN_OR_FAIL(auto vectors, client->Embed(texts, 3, EmbedRole::kDocument));
  ASSERT_EQ(vectors.size(), 5u);
  // Batches of 2, 2, 1: text i is input (i % 2) of its request.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(vectors[i], Normalized(EchoVector(i % 2, 3))) << i;
  }
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  const ScriptedRequest& first = requests[0];
  EXPECT_EQ(first.method, "POST");
  EXPECT_EQ(first.path, "/v1/embeddings");
  EXPECT_EQ(first.headers.at("authorization"), std::string("Bearer ") + kKey);
  EXPECT_EQ(first.headers.at("content-type"), "application/json");
  EXPECT_EQ(Json::parse(first.body),
            Json::parse(R"({"model":"test-model","input":["t0","t1"],"dimensions":3})"));
  EXPECT_EQ(Json::parse(requests[2].body)["input"], Json::parse(R"(["t4"])"));
  // Keep-alive: the pooled handle reused its connection.
  EXPECT_EQ(server.connection_count(), 1);
  EXPECT_EQ(client->stats().requests, 3u);
  EXPECT_EQ(client->stats().retries, 0u);
}

TEST(EmbeddingClientTest, EmptyInputSendsNothing) {
  ScriptedHttpServer server([](const ScriptedRequest& req, int) { return EchoReply(req); });
  OG_ASSIGN_OR_FAIL(auto client, EmbeddingClient::Make(LocalConfig(server)));
  OG_ASSIGN_OR_FAIL(auto vectors, client->Embed({}, 3, EmbedRole::kQuery));
  EXPECT_TRUE(vectors.empty());
  EXPECT_EQ(server.request_count(), 0);
  OG_ASSERT_RAISES(BadRequest, client->Embed({"x"}, 0, EmbedRole::kQuery));
  OG_ASSERT_RAISES(BadRequest, client->Embed({"x"}, EmbeddingClient::kMaxDimension + 1,
                                             EmbedRole::kQuery));
  OG_ASSERT_RAISES(BadRequest, client->Embed({"ok", std::string("\xC0\x80")}, 3,
                                             EmbedRole::kQuery));
  EXPECT_EQ(server.request_count(), 0);
}

TEST(EmbeddingClientTest, RetriesA429ThenSucceeds) {
  ScriptedHttpServer server([](const ScriptedRequest& req, int index) {
    if (index == 0) {
      return ScriptedReply{429, R"({"error":{"message":"rate limited, slow down"}})",
                           {{"Retry-After", "0"}}};
    }
    return EchoReply(req);
  });
  OG_ASSIGN_OR_FAIL(auto client, EmbeddingClient::Make(LocalConfig(server)));
  OG_ASSIGN_OR_FAIL(auto v, client->EmbedOne("hello", 2, EmbedRole::kQuery));
  EXPECT_EQ(v, Normalized(EchoVector(0, 2)));
  EXPECT_EQ(server.request_count(), 2);
  EXPECT_EQ(client->stats().retries, 1u);
}

TEST(EmbeddingClientTest, RetryAfterBeyondTheDeadlineGivesUpAtOnce) {
  ScriptedHttpServer server([](const ScriptedRequest&, int) {
    return ScriptedReply{429, R"({"error":{"message":"quota"}})", {{"retry-after", "5"}}};
  });
  EmbeddingConfig c = LocalConfig(server);
  c.deadline_ms = 1000;
  OG_ASSIGN_OR_FAIL(auto client, EmbeddingClient::Make(c));
  auto start = Clock::now();
  auto r = client->EmbedOne("hello", 2, EmbedRole::kQuery);
  OG_ASSERT_RAISES(IOError, r);
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(500));  // did not sleep 5 s
  std::string msg = Message(r.status());
  EXPECT_TRUE(Contains(msg, "deadline of 1000 ms after 1 attempt")) << msg;
  EXPECT_TRUE(Contains(msg, "HTTP 429")) << msg;
  EXPECT_TRUE(Contains(msg, "quota")) << msg;
  EXPECT_EQ(server.request_count(), 1);
}

TEST(EmbeddingClientTest, ServerErrorForeverGivesUpAfterTheAttempts) {
  ScriptedHttpServer server([](const ScriptedRequest&, int) {
    return ScriptedReply{500, R"({"error":{"message":"upstream exploded"}})"};
  });
  EmbeddingConfig c = LocalConfig(server);
  c.retry_attempts = 2;
  OG_ASSIGN_OR_FAIL(auto client, EmbeddingClient::Make(c));
  auto r = client->EmbedOne("hello", 2, EmbedRole::kQuery);
  OG_ASSERT_RAISES(IOError, r);
  std::string msg = Message(r.status());
  EXPECT_TRUE(Contains(msg, "HTTP 500")) << msg;
  EXPECT_TRUE(Contains(msg, "upstream exploded")) << msg;
  EXPECT_TRUE(Contains(msg, "after 3 attempts")) << msg;
  EXPECT_TRUE(Contains(msg, "openai-compatible")) << msg;
  EXPECT_TRUE(Contains(msg, "test-model")) << msg;
  EXPECT_EQ(server.request_count(), 3);  // the first attempt + 2 retries
  EXPECT_EQ(client->stats().failures, 1u);
}

TEST(EmbeddingClientTest, ServerErrorWithoutJsonBodyShowsAnExcerpt) {
  ScriptedHttpServer server([](const ScriptedRequest&, int) {
    return ScriptedReply{503, "<html>Service Unavailable</html>"};
  });
  EmbeddingConfig c = LocalConfig(server);
  c.retry_attempts = 0;
  OG_ASSIGN_OR_FAIL(auto client, EmbeddingClient::Make(c));
  auto r = client->EmbedOne("hello", 2, EmbedRole::kQuery);
  std::string msg = Message(r.status());
  EXPECT_TRUE(Contains(msg, "HTTP 503")) << msg;
  EXPECT_TRUE(Contains(msg, "Service Unavailable")) << msg;
  EXPECT_TRUE(Contains(msg, "after 1 attempt:")) << msg;
}

TEST(EmbeddingClientTest, ClientErrorIsNotRetriedAndSurfacesTheProviderMessage) {
  // A provider that echoes the key back (some do, masked or not): it must not reach our message.
  ScriptedHttpServer server([](const ScriptedRequest& req, int) {
    return ScriptedReply{401, Json{{"error", {{"message", "Invalid API key: " +
                                                              req.headers.at("authorization")}}}}
                                  .dump()};
  });
  OG_ASSIGN_OR_FAIL(auto client, EmbeddingClient::Make(LocalConfig(server)));
  auto r = client->EmbedOne("hello", 2, EmbedRole::kQuery);
  OG_ASSERT_RAISES(IOError, r);
  std::string msg = Message(r.status());
  EXPECT_TRUE(Contains(msg, "HTTP 401")) << msg;
  EXPECT_TRUE(Contains(msg, "Invalid API key")) << msg;
  EXPECT_FALSE(Contains(msg, kKey)) << msg;
  EXPECT_TRUE(Contains(msg, "<redacted>")) << msg;
  EXPECT_EQ(server.request_count(), 1);
}

TEST(EmbeddingClientTest, SlowResponseTimesOutRetriesThenSucceeds) {
  ScriptedHttpServer server([](const ScriptedRequest& req, int index) {
    ScriptedReply reply = EchoReply(req);
    if (index == 0) reply.delay_ms = 2000;
    return reply;
  });
  EmbeddingConfig c = LocalConfig(server);
  c.timeout_ms = 150;
  OG_ASSIGN_OR_FAIL(auto client, EmbeddingClient::Make(c));
  auto start = Clock::now();
  OG_ASSIGN_OR_FAIL(auto v, client->EmbedOne("hello", 2, EmbedRole::kQuery));
  EXPECT_EQ(v, Normalized(EchoVector(0, 2)));
  EXPECT_EQ(server.request_count(), 2);
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(1500));
}

TEST(EmbeddingClientTest, SlowServerHitsTheDeadline) {
  ScriptedHttpServer server([](const ScriptedRequest& req, int) {
    ScriptedReply reply = EchoReply(req);
    reply.delay_ms = 5000;
    return reply;
  });
  EmbeddingConfig c = LocalConfig(server);
  c.timeout_ms = 120;
  c.retry_attempts = 50;
  c.retry_backoff_ms = 10;
  c.deadline_ms = 400;
  OG_ASSIGN_OR_FAIL(auto client, EmbeddingClient::Make(c));
  auto start = Clock::now();
  auto r = client->EmbedOne("hello", 2, EmbedRole::kQuery);
  auto elapsed = Clock::now() - start;
  OG_ASSERT_RAISES(IOError, r);
  std::string msg = Message(r.status());
  EXPECT_TRUE(Contains(msg, "deadline of 400 ms")) << msg;
  EXPECT_TRUE(Contains(msg, "timed out")) << msg;
  EXPECT_GE(server.request_count(), 2);
  EXPECT_LE(server.request_count(), 4);
  EXPECT_GE(elapsed, std::chrono::milliseconds(250));
  EXPECT_LT(elapsed, std::chrono::milliseconds(1500));
}

TEST(EmbeddingClientTest, RefusedConnectionIsRetriedThenReported) {
  int port = testing::FreeLoopbackPort();
  ASSERT_GT(port, 0);
  EmbeddingConfig c = EmbeddingConfig::ForProvider(EmbedProvider::kOpenAiCompatible);
  c.base_url = "http://127.0.0.1:" + std::to_string(port) + "/v1";
  c.model = "m";
  c.retry_attempts = 2;
  c.retry_backoff_ms = 1;
  OG_ASSIGN_OR_FAIL(auto client, EmbeddingClient::Make(c));
  auto r = client->EmbedOne("hello", 2, EmbedRole::kQuery);
  OG_ASSERT_RAISES(IOError, r);
  EXPECT_TRUE(Contains(Message(r.status()), "after 3 attempts")) << Message(r.status());
  EXPECT_EQ(client->stats().requests, 3u);
}

TEST(EmbeddingClientTest, DroppedConnectionIsRetried) {
  ScriptedHttpServer server([](const ScriptedRequest& req, int index) {
    ScriptedReply reply = EchoReply(req);
    reply.hang_up = index == 0;
    return reply;
  });
  OG_ASSIGN_OR_FAIL(auto client, EmbeddingClient::Make(LocalConfig(server)));
  OG_ASSIGN_OR_FAIL(auto v, client->EmbedOne("hello", 2, EmbedRole::kQuery));
  EXPECT_EQ(v.size(), 2u);
  EXPECT_EQ(server.request_count(), 2);
}

TEST(EmbeddingClientTest, MalformedJsonIsNotRetried) {
  ScriptedHttpServer server([](const ScriptedRequest&, int) {
    return ScriptedReply{200, R"({"data": [{"index": 0, "embedding": [0.1, 0.2)"};
  });
  OG_ASSIGN_OR_FAIL(auto client, EmbeddingClient::Make(LocalConfig(server)));
  auto r = client->EmbedOne("hello", 2, EmbedRole::kQuery);
  OG_ASSERT_RAISES(IOError, r);
  std::string msg = Message(r.status());
  EXPECT_TRUE(Contains(msg, "not valid JSON")) << msg;
  EXPECT_TRUE(Contains(msg, "failed:")) << msg;
  EXPECT_EQ(server.request_count(), 1);
}

TEST(EmbeddingClientTest, WrongDimensionIsNotRetried) {
  ScriptedHttpServer server([](const ScriptedRequest&, int) {
    return ScriptedReply{200, R"({"data":[{"index":0,"embedding":[0.1,0.2,0.3]}]})"};
  });
  OG_ASSIGN_OR_FAIL(auto client, EmbeddingClient::Make(LocalConfig(server)));
  auto r = client->EmbedOne("hello", 4, EmbedRole::kQuery);
  OG_ASSERT_RAISES(IOError, r);
  std::string msg = Message(r.status());
  EXPECT_TRUE(Contains(msg, "dimension mismatch")) << msg;
  EXPECT_TRUE(Contains(msg, "returned 3 values")) << msg;
  EXPECT_TRUE(Contains(msg, "Vector(4)")) << msg;
  EXPECT_TRUE(Contains(msg, "text 0")) << msg;
  EXPECT_EQ(server.request_count(), 1);
}

TEST(EmbeddingClientTest, ZeroVectorIsRefused) {
  ScriptedHttpServer server([](const ScriptedRequest&, int) {
    return ScriptedReply{200, R"({"data":[{"index":0,"embedding":[1,1]},
                                          {"index":1,"embedding":[0,0]}]})"};
  });
  OG_ASSIGN_OR_FAIL(auto client, EmbeddingClient::Make(LocalConfig(server)));
  auto r = client->Embed({"a", "b"}, 2, EmbedRole::kDocument);
  OG_ASSERT_RAISES(IOError, r);
  std::string msg = Message(r.status());
  EXPECT_TRUE(Contains(msg, "text 1: the provider returned a vector with zero norm")) << msg;
  EXPECT_EQ(server.request_count(), 1);
}

TEST(EmbeddingClientTest, NanIsRefused) {
  // Python's json module writes NaN as a bare literal; a float overflow is an infinity.
  ScriptedHttpServer server([](const ScriptedRequest&, int index) {
    if (index == 0) return ScriptedReply{200, R"({"data":[{"index":0,"embedding":[NaN,1]}]})"};
    return ScriptedReply{200, R"({"data":[{"index":0,"embedding":[1e39,1]}]})"};
  });
  OG_ASSIGN_OR_FAIL(auto client, EmbeddingClient::Make(LocalConfig(server)));
  auto nan = client->EmbedOne("a", 2, EmbedRole::kQuery);
  OG_ASSERT_RAISES(IOError, nan);
  EXPECT_TRUE(Contains(Message(nan.status()), "non-finite")) << Message(nan.status());
  auto inf = client->EmbedOne("a", 2, EmbedRole::kQuery);
  OG_ASSERT_RAISES(IOError, inf);
  EXPECT_TRUE(Contains(Message(inf.status()), "non-finite")) << Message(inf.status());
  EXPECT_EQ(server.request_count(), 2);  // one each, no retries
}

TEST(EmbeddingClientTest, ErrorObjectInA200IsRetriedWhenItsCodeSaysSo) {
  ScriptedHttpServer server([](const ScriptedRequest& req, int index) {
    if (index == 0) {
      return ScriptedReply{200, R"({"error":{"code":502,"message":"upstream provider error"}})"};
    }
    if (index == 1) {
      return ScriptedReply{200, R"({"error":{"code":400,"message":"input too long"}})"};
    }
    return EchoReply(req);
  });
  EmbeddingConfig c = LocalConfig(server);
  OG_ASSIGN_OR_FAIL(auto client, EmbeddingClient::Make(c));
  auto r = client->EmbedOne("a", 2, EmbedRole::kQuery);
  OG_ASSERT_RAISES(IOError, r);
  std::string msg = Message(r.status());
  EXPECT_TRUE(Contains(msg, "provider error 400")) << msg;
  EXPECT_TRUE(Contains(msg, "input too long")) << msg;
  EXPECT_EQ(server.request_count(), 2);
}

TEST(EmbeddingClientTest, MissingKeyFailsOnFirstUseNamingTheVariables) {
  EmbeddingConfig c = EmbeddingConfig::ForProvider(EmbedProvider::kOpenAi);
  c.base_url = "http://127.0.0.1:1/v1";  // never contacted
  OG_ASSIGN_OR_FAIL(auto client, EmbeddingClient::Make(c));  // building needs no key
  auto r = client->EmbedOne("hello", 8, EmbedRole::kQuery);
  OG_ASSERT_RAISES(BadRequest, r);
  EXPECT_TRUE(Contains(r.status().message(), "OPENAI_API_KEY")) << r.status().message();
  EXPECT_EQ(client->stats().requests, 0u);
}

TEST(EmbeddingClientTest, LoopbackServerNeedsNoKey) {
  ScriptedHttpServer server([](const ScriptedRequest& req, int) { return EchoReply(req); });
  EmbeddingConfig c = LocalConfig(server);
  c.api_key = "";
  OG_ASSIGN_OR_FAIL(auto client, EmbeddingClient::Make(c));
  OG_ASSIGN_OR_FAIL(auto v, client->EmbedOne("hello", 2, EmbedRole::kQuery));
  EXPECT_EQ(v.size(), 2u);
  EXPECT_EQ(server.requests()[0].headers.count("authorization"), 0u);
}

TEST(EmbeddingClientTest, E5ModelsGetRolePrefixes) {
  ScriptedHttpServer server([](const ScriptedRequest& req, int) { return EchoReply(req); });
  EmbeddingConfig c = LocalConfig(server);
  c.model = "intfloat/multilingual-e5-small";
  OG_ASSIGN_OR_FAIL(auto client, EmbeddingClient::Make(c));
  OG_ASSERT_OK(client->EmbedOne("protein per day", 2, EmbedRole::kQuery));
  OG_ASSERT_OK(client->Embed({"doc one", "doc two"}, 2, EmbedRole::kDocument));
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(Json::parse(requests[0].body)["input"], Json::parse(R"(["query: protein per day"])"));
  EXPECT_EQ(Json::parse(requests[1].body)["input"],
            Json::parse(R"(["passage: doc one","passage: doc two"])"));
  EXPECT_EQ(Json::parse(requests[1].body)["model"], "intfloat/multilingual-e5-small");
}

TEST(EmbeddingClientTest, GeminiWire) {
  ScriptedHttpServer server([](const ScriptedRequest& req, int) {
    Json body = Json::parse(req.body);
    if (req.path.ends_with(":embedContent")) {
      int dim = body["outputDimensionality"].get<int>();
      return ScriptedReply{200, Json{{"embedding", {{"values", EchoVector(0, dim)}}}}.dump()};
    }
    Json embs = Json::array();
    for (size_t k = 0; k < body["requests"].size(); ++k) {
      int dim = body["requests"][k]["outputDimensionality"].get<int>();
      embs.push_back({{"values", EchoVector(static_cast<int>(k), dim)}});
    }
    return ScriptedReply{200, Json{{"embeddings", embs}}.dump()};
  });
  EmbeddingConfig c = EmbeddingConfig::ForProvider(EmbedProvider::kGemini);
  c.base_url = "http://127.0.0.1:" + std::to_string(server.port()) + "/v1beta";
  c.api_key = kKey;
  c.model = "gemini-embedding-001";
  OG_ASSIGN_OR_FAIL(auto client, EmbeddingClient::Make(c));
  OG_ASSIGN_OR_FAIL(auto q, client->EmbedOne("what is a graph", 3, EmbedRole::kQuery));
  EXPECT_EQ(q, Normalized(EchoVector(0, 3)));
  OG_ASSIGN_OR_FAIL(auto docs, client->Embed({"d0", "d1", "d2"}, 3, EmbedRole::kDocument));
  EXPECT_EQ(docs[2], Normalized(EchoVector(2, 3)));
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].path, "/v1beta/models/gemini-embedding-001:embedContent");
  EXPECT_EQ(requests[0].headers.at("x-goog-api-key"), kKey);
  EXPECT_EQ(requests[0].headers.count("authorization"), 0u);
  EXPECT_EQ(Json::parse(requests[0].body)["taskType"], "RETRIEVAL_QUERY");
  EXPECT_EQ(requests[1].path, "/v1beta/models/gemini-embedding-001:batchEmbedContents");
  EXPECT_EQ(Json::parse(requests[1].body)["requests"][2]["taskType"], "RETRIEVAL_DOCUMENT");
}

TEST(EmbeddingClientTest, ConcurrentCallsShareOneClient) {
  ScriptedHttpServer server([](const ScriptedRequest& req, int) { return EchoReply(req); });
  OG_ASSIGN_OR_FAIL(auto client, EmbeddingClient::Make(LocalConfig(server)));
  constexpr int kThreads = 4;
  constexpr int kCalls = 10;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCalls; ++i) {
        std::string a = "a", b = "b";
        a += std::to_string(t);
        b += std::to_string(i);
        auto r = client->Embed({a, b}, 4, EmbedRole::kDocument);
        if (!r.ok() || (*r)[1] != Normalized(EchoVector(1, 4))) failures.fetch_add(1);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(server.request_count(), kThreads * kCalls);
  EXPECT_LE(server.connection_count(), kThreads);  // pooled handles keep their connections
  EXPECT_EQ(client->stats().calls, static_cast<uint64_t>(kThreads * kCalls));
}

TEST(EmbeddingClientTest, TraceSinkSeesEveryCall) {
  ScriptedHttpServer server([](const ScriptedRequest& req, int index) {
    if (index == 0) return ScriptedReply{503, "{}"};
    return EchoReply(req);
  });
  std::vector<EmbedTrace> traces;
  OG_ASSIGN_OR_FAIL(auto client,
                    EmbeddingClient::Make(LocalConfig(server), [&](const EmbedTrace& t) {
                      traces.push_back(t);
                    }));
  OG_ASSERT_OK(client->Embed({"a", "b"}, 2, EmbedRole::kDocument));
  ASSERT_EQ(traces.size(), 1u);
  EXPECT_EQ(traces[0].model, "test-model");
  EXPECT_EQ(traces[0].dimension, 2);
  EXPECT_EQ(traces[0].texts, 2u);
  EXPECT_EQ(traces[0].requests, 2);
  EXPECT_EQ(traces[0].retries, 1);
  EXPECT_TRUE(traces[0].outcome.ok());
}

TEST(EmbeddingClientTest, InvalidConfigIsRefusedByMake) {
  EmbeddingConfig c = EmbeddingConfig::ForProvider(EmbedProvider::kOpenAiCompatible);
  c.timeout_ms = 0;
  OG_ASSERT_RAISES(BadRequest, EmbeddingClient::Make(c));
  c = EmbeddingConfig::ForProvider(EmbedProvider::kOpenAiCompatible);
  c.base_url = "file:///etc/passwd";
  OG_ASSERT_RAISES(BadRequest, EmbeddingClient::Make(c));
}

}  // namespace
}  // namespace og::embed
