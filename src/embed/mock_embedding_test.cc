// The mock embedding is pinned to values computed independently (a few lines of Python with
// arbitrary-precision integers, run once; see the comment below), so the algorithm of
// surface.md §5.1 is provably exact: FNV-1a-64 seed, xorshift64 per component,
// 2·(seed/(2^64−1))−1 in double, L2-normalised, one rounding to float.
#include "embed/mock_embedding.h"

#include <cmath>
#include <string>
#include <vector>

#include "common/testing.h"
#include "embed/embedding_client.h"

namespace og::embed {
namespace {

// Reference (Python 3):
//   M = 2**64 - 1
//   def fnv(b):
//       h = 0xcbf29ce484222325
//       for c in b: h = ((h ^ c) * 0x100000001b3) & M
//       return h
//   def xs(x):
//       x ^= (x << 13) & M; x ^= x >> 7; x ^= (x << 17) & M; return x
//   def mock(text, dim):
//       s = fnv(text.encode()); vals = []
//       for _ in range(dim):
//           s = xs(s); vals.append(2.0 * (float(s) / float(M)) - 1.0)
//       n = math.sqrt(sum(v * v for v in vals))
//       return [struct.unpack('f', struct.pack('f', v / n))[0] for v in vals]

TEST(MockEmbeddingTest, Fnv1aKnownVectors) {
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cULL);  // the FNV reference test vector
  EXPECT_EQ(Fnv1a64("hello"), 0xa430d84680aabd0bULL);
  EXPECT_EQ(Fnv1a64("graph databases"), 0x3ae4af653ba3e631ULL);
  EXPECT_EQ(Fnv1a64("h\xC3\xA9llo w\xC3\xB6rld \xE2\x9C\x93"), 0x4aee6004cebc55b9ULL);
}

TEST(MockEmbeddingTest, XorShiftIsTheThirteenSevenSeventeenStep) {
  uint64_t x = 1;
  x = XorShift64(x);
  EXPECT_EQ(x, 1082269761ULL);  // 1 ^ 1<<13 = 8193; ^ 8193>>7 = 8257; ^ 8257<<17
  EXPECT_EQ(XorShift64(0), 0u);
}

TEST(MockEmbeddingTest, PinnedValues) {
  EXPECT_EQ(MockEmbedding("", 4),
            (std::vector<float>{-0.432940006f, -0.764261484f, -0.326452404f, 0.349136353f}));
  EXPECT_EQ(MockEmbedding("hello", 4),
            (std::vector<float>{-0.352814049f, 0.574378431f, 0.491500586f, -0.551397145f}));
  EXPECT_EQ(MockEmbedding("graph databases", 8),
            (std::vector<float>{0.194049329f, 0.440557867f, -0.43570894f, 0.242845356f,
                                -0.0255729705f, 0.504463077f, -0.45601517f, -0.237382933f}));
  EXPECT_EQ(MockEmbedding("h\xC3\xA9llo w\xC3\xB6rld \xE2\x9C\x93", 3),
            (std::vector<float>{0.665319324f, 0.54676789f, 0.508325696f}));
  EXPECT_EQ(MockEmbedding("a", 1), (std::vector<float>{1.0f}));

  std::vector<float> v = MockEmbedding("hello", 384);
  ASSERT_EQ(v.size(), 384u);
  EXPECT_EQ(v[0], -0.0347202495f);
  EXPECT_EQ(v[1], 0.0565242916f);
  EXPECT_EQ(v[2], 0.0483683236f);
  EXPECT_EQ(v[382], 0.00630845129f);
  EXPECT_EQ(v[383], 0.00142241293f);
}

TEST(MockEmbeddingTest, UnitNormAndDeterministic) {
  for (int dim : {1, 2, 3, 16, 384, 3072}) {
    std::vector<float> v = MockEmbedding("some text", dim);
    double sum = 0;
    for (float x : v) sum += static_cast<double>(x) * x;
    EXPECT_NEAR(std::sqrt(sum), 1.0, 1e-6) << dim;
    EXPECT_EQ(v, MockEmbedding("some text", dim));
  }
  EXPECT_NE(MockEmbedding("some text", 8), MockEmbedding("some text.", 8));
}

TEST(MockEmbeddingTest, ClientMockProviderMatchesAndIgnoresRole) {
  OG_ASSIGN_OR_FAIL(auto client, EmbeddingClient::Make(EmbeddingConfig::ForProvider(
                                     EmbedProvider::kMock)));
  OG_ASSIGN_OR_FAIL(auto vs, client->Embed({"hello", "graph databases"}, 8, EmbedRole::kDocument));
  ASSERT_EQ(vs.size(), 2u);
  EXPECT_EQ(vs[0], MockEmbedding("hello", 8));
  EXPECT_EQ(vs[1], MockEmbedding("graph databases", 8));
  OG_ASSIGN_OR_FAIL(auto q, client->EmbedOne("hello", 8, EmbedRole::kQuery));
  EXPECT_EQ(q, vs[0]);
  EXPECT_EQ(client->stats().requests, 0u);  // no network
  OG_ASSERT_RAISES(BadRequest, client->Embed({"x"}, 0, EmbedRole::kQuery));
  OG_ASSERT_RAISES(BadRequest, client->Embed({std::string("bad \xFF utf8")}, 4,
                                             EmbedRole::kQuery));
}

}  // namespace
}  // namespace og::embed
