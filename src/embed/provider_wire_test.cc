// Request bodies and response decoding of each provider wire, without a server.
#include "embed/provider_wire.h"

#include <nlohmann/json.hpp>

#include "common/testing.h"
#include "embed/embedding_vector.h"

namespace og::embed {
namespace {

using Json = nlohmann::json;

bool HasHeader(const WireRequest& r, const std::string& line) {
  for (const auto& h : r.headers) {
    if (h == line) return true;
  }
  return false;
}

TEST(ProviderWireTest, OpenAiBody) {
  EmbeddingConfig c = EmbeddingConfig::ForProvider(EmbedProvider::kOpenAi);
  c.api_key = "sk-test";
  std::vector<std::string> texts = {"alpha", "beta \"quoted\""};
  WireRequest r = BuildEmbedRequest(c, texts, 256, EmbedRole::kQuery);
  EXPECT_EQ(r.url, "https://api.openai.com/v1/embeddings");
  EXPECT_TRUE(HasHeader(r, "Authorization: Bearer sk-test"));
  EXPECT_TRUE(HasHeader(r, "Content-Type: application/json"));
  Json body = Json::parse(r.body);
  EXPECT_EQ(body, Json::parse(R"({"model":"text-embedding-3-large",
                                  "input":["alpha","beta \"quoted\""],"dimensions":256})"));
  // Keys go out in the documented order.
  EXPECT_EQ(r.body.find("\"model\""), 1u);
}

TEST(ProviderWireTest, NoAuthorizationHeaderWithoutKey) {
  EmbeddingConfig c = EmbeddingConfig::ForProvider(EmbedProvider::kOpenAiCompatible);
  c.base_url = "http://127.0.0.1:8000/v1/";
  std::vector<std::string> texts = {"x"};
  WireRequest r = BuildEmbedRequest(c, texts, 8, EmbedRole::kDocument);
  EXPECT_EQ(r.url, "http://127.0.0.1:8000/v1/embeddings");
  for (const auto& h : r.headers) EXPECT_EQ(h.find("Authorization"), std::string::npos);
}

TEST(ProviderWireTest, E5PrefixAndInputTypeConventions) {
  EmbeddingConfig c = EmbeddingConfig::ForProvider(EmbedProvider::kOpenAiCompatible);
  c.model = "intfloat/multilingual-e5-small";
  std::vector<std::string> texts = {"how tall is everest"};
  Json q = Json::parse(BuildEmbedRequest(c, texts, 384, EmbedRole::kQuery).body);
  EXPECT_EQ(q["input"][0], "query: how tall is everest");
  EXPECT_FALSE(q.contains("input_type"));
  Json d = Json::parse(BuildEmbedRequest(c, texts, 384, EmbedRole::kDocument).body);
  EXPECT_EQ(d["input"][0], "passage: how tall is everest");

  c.role_convention = RoleConvention::kInputType;
  Json qi = Json::parse(BuildEmbedRequest(c, texts, 384, EmbedRole::kQuery).body);
  EXPECT_EQ(qi["input"][0], "how tall is everest");
  EXPECT_EQ(qi["input_type"], "query");
  Json di = Json::parse(BuildEmbedRequest(c, texts, 384, EmbedRole::kDocument).body);
  EXPECT_EQ(di["input_type"], "document");

  c.role_convention = RoleConvention::kAuto;
  c.model = "openai/text-embedding-3-small";
  Json plain = Json::parse(BuildEmbedRequest(c, texts, 384, EmbedRole::kQuery).body);
  EXPECT_EQ(plain["input"][0], "how tall is everest");
  EXPECT_FALSE(plain.contains("input_type"));
}

TEST(ProviderWireTest, GeminiSingleAndBatch) {
  EmbeddingConfig c = EmbeddingConfig::ForProvider(EmbedProvider::kGemini);
  c.api_key = "g-key";
  c.model = "models/gemini-embedding-001";
  std::vector<std::string> one = {"hello"};
  WireRequest r = BuildEmbedRequest(c, one, 768, EmbedRole::kQuery);
  EXPECT_EQ(r.url,
            "https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:"
            "embedContent");
  EXPECT_TRUE(HasHeader(r, "x-goog-api-key: g-key"));
  for (const auto& h : r.headers) EXPECT_EQ(h.find("Authorization"), std::string::npos);
  EXPECT_EQ(Json::parse(r.body), Json::parse(R"({"model":"models/gemini-embedding-001",
      "content":{"parts":[{"text":"hello"}]},"taskType":"RETRIEVAL_QUERY",
      "outputDimensionality":768})"));

  std::vector<std::string> two = {"a", "b"};
  WireRequest b = BuildEmbedRequest(c, two, 3, EmbedRole::kDocument);
  EXPECT_EQ(b.url,
            "https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:"
            "batchEmbedContents");
  Json body = Json::parse(b.body);
  ASSERT_EQ(body["requests"].size(), 2u);
  EXPECT_EQ(body["requests"][1]["content"]["parts"][0]["text"], "b");
  EXPECT_EQ(body["requests"][1]["taskType"], "RETRIEVAL_DOCUMENT");
  EXPECT_EQ(body["requests"][1]["model"], "models/gemini-embedding-001");
  EXPECT_EQ(body["requests"][0]["outputDimensionality"], 3);
}

TEST(ProviderWireTest, ParseOpenAiOrdersByIndex) {
  std::string body = R"({"object":"list","data":[
      {"object":"embedding","index":2,"embedding":[2,0]},
      {"object":"embedding","index":0,"embedding":[0,1.5]},
      {"object":"embedding","index":1,"embedding":[1e-3,-4]}],"model":"m"})";
  OG_ASSIGN_OR_FAIL(auto v, ParseEmbedResponse(EmbedProvider::kOpenAi, body, 3));
  EXPECT_EQ(v[0], (std::vector<double>{0, 1.5}));
  EXPECT_EQ(v[1], (std::vector<double>{1e-3, -4}));
  EXPECT_EQ(v[2], (std::vector<double>{2, 0}));
  // Without indexes, the listed order is the input order.
  OG_ASSIGN_OR_FAIL(auto w, ParseEmbedResponse(EmbedProvider::kOpenAiCompatible,
                                               R"({"data":[{"embedding":[1]},{"embedding":[2]}]})",
                                               2));
  EXPECT_EQ(w[1], (std::vector<double>{2}));
}

TEST(ProviderWireTest, ParseOpenAiRejectsBadShapes) {
  auto fails = [](const std::string& body, size_t n, const std::string& needle) {
    auto r = ParseEmbedResponse(EmbedProvider::kOpenAi, body, n);
    EXPECT_EQ(r.status().code(), StatusCode::IOError) << body;
    EXPECT_NE(r.status().message().find(needle), std::string::npos)
        << body << " -> " << r.status().message();
  };
  fails("{not json", 1, "not valid JSON");
  fails("", 1, "not valid JSON");
  fails(R"({"data":[{"index":0,"embedding":[NaN, 1]}]})", 1, "non-finite");
  fails(R"({"data":[{"index":0,"embedding":[Infinity]}]})", 1, "non-finite");
  fails("[1,2]", 1, "not a JSON object");
  fails(R"({"object":"list"})", 1, "no \"data\" array");
  fails(R"({"data":[]})", 1, "returned 0 embeddings for 1 inputs");
  fails(R"({"data":[{"index":1,"embedding":[1]}]})", 1, "index is not an integer in [0, 1)");
  fails(R"({"data":[{"index":0,"embedding":[1]},{"index":0,"embedding":[1]}]})", 2,
        "appears twice");
  fails(R"({"data":[{"index":0}]})", 1, "has no \"embedding\"");
  fails(R"({"data":[{"index":0,"embedding":"AACAPw=="}]})", 1, "base64");
  fails(R"({"data":[{"index":0,"embedding":[1,"2"]}]})", 1, "non-number");
  fails(R"({"data":[{"index":0,"embedding":[1,null]}]})", 1, "non-number");
}

TEST(ProviderWireTest, ParseGemini) {
  OG_ASSIGN_OR_FAIL(auto one, ParseEmbedResponse(EmbedProvider::kGemini,
                                                 R"({"embedding":{"values":[0.5,-0.5]}})", 1));
  EXPECT_EQ(one[0], (std::vector<double>{0.5, -0.5}));
  OG_ASSIGN_OR_FAIL(auto two, ParseEmbedResponse(
                                  EmbedProvider::kGemini,
                                  R"({"embeddings":[{"values":[1,0]},{"values":[0,1]}]})", 2));
  EXPECT_EQ(two[1], (std::vector<double>{0, 1}));
  OG_ASSERT_RAISES(IOError,
                         ParseEmbedResponse(EmbedProvider::kGemini, R"({"embedding":{}})", 1));
  OG_ASSERT_RAISES(IOError, ParseEmbedResponse(EmbedProvider::kGemini,
                                               R"({"embeddings":[{"values":[1]}]})", 2));
}

TEST(ProviderWireTest, ProviderErrors) {
  auto e = ExtractProviderError(R"({"error":{"message":"Invalid API key","type":"auth"}})");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->message, "\"Invalid API key\"");
  EXPECT_EQ(e->code, 0);
  auto g = ExtractProviderError(
      R"({"error":{"code":429,"message":"Resource exhausted","status":"RESOURCE_EXHAUSTED"}})");
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(g->code, 429);
  EXPECT_EQ(ExtractProviderError(R"({"error":"plain string"})")->message, "\"plain string\"");
  EXPECT_EQ(ExtractProviderError(R"({"detail":"Not Found"})")->message, "\"Not Found\"");
  EXPECT_FALSE(ExtractProviderError("<html>502 Bad Gateway</html>").has_value());
  EXPECT_FALSE(ExtractProviderError(R"({"data":[]})").has_value());
  // Bounded and printable.
  std::string long_msg(5000, 'x');
  auto l = ExtractProviderError(R"({"error":{"message":")" + long_msg + "\\n\"}}");
  ASSERT_TRUE(l.has_value());
  EXPECT_LT(l->message.size(), 600u);
}

TEST(ProviderWireTest, NormalizeEmbedding) {
  std::vector<double> raw = {3, 4};
  OG_ASSIGN_OR_FAIL(auto v, NormalizeEmbedding(raw, 2));
  EXPECT_EQ(v, (std::vector<float>{0.6f, 0.8f}));
  auto mismatch = NormalizeEmbedding(raw, 3);
  OG_ASSERT_RAISES(IOError, mismatch);
  EXPECT_NE(mismatch.status().message().find("dimension mismatch"), std::string::npos);
  EXPECT_NE(mismatch.status().message().find("returned 2 values"), std::string::npos);
  EXPECT_NE(mismatch.status().message().find("Vector(3)"), std::string::npos);
  std::vector<double> zero = {0, 0, 0};
  auto z = NormalizeEmbedding(zero, 3);
  OG_ASSERT_RAISES(IOError, z);
  EXPECT_NE(z.status().message().find("zero norm"), std::string::npos);
  std::vector<double> nan = {1, std::nan("")};
  OG_ASSERT_RAISES(IOError, NormalizeEmbedding(nan, 2));
  std::vector<double> too_big = {1e39, 1};  // finite as a double, infinite as a float
  auto big = NormalizeEmbedding(too_big, 2);
  OG_ASSERT_RAISES(IOError, big);
  EXPECT_NE(big.status().message().find("non-finite"), std::string::npos);
  std::vector<double> huge = {3e38, 3e38};  // near the float range: still fine
  OG_ASSIGN_OR_FAIL(auto h, NormalizeEmbedding(huge, 2));
  EXPECT_NEAR(h[0], 0.70710678f, 1e-6);
}

}  // namespace
}  // namespace og::embed
