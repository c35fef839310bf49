#include "index/analyzer.h"

#include <random>
#include <thread>

#include "common/testing.h"

namespace og::index {
namespace {

std::shared_ptr<const Analyzer> English() {
  auto a = Analyzer::Make();
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  return *a;
}

std::vector<std::string> Terms(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const auto& t : tokens) out.push_back(t.term);
  return out;
}

std::vector<uint32_t> Positions(const std::vector<Token>& tokens) {
  std::vector<uint32_t> out;
  for (const auto& t : tokens) out.push_back(t.position);
  return out;
}

using Strings = std::vector<std::string>;

// Guarantee: punctuation and spaces are not words; words are lower-cased and stemmed.
TEST(AnalyzerTest, EnglishTextWithPunctuation) {
  auto a = English();
  auto tokens = a->Analyze("Hello, World! Graph-databases (GRAPHS)... rock; 42 times.");
  EXPECT_EQ(Terms(tokens), (Strings{"hello", "world", "graph", "databas", "graph", "rock", "42", "time"}));
  EXPECT_EQ(Positions(tokens), (std::vector<uint32_t>{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(tokens[3].surface, "databases");
}

// Guarantee: inflected forms share one stem, so a query for one finds the others.
TEST(AnalyzerTest, StemmingMergesInflections) {
  auto a = English();
  EXPECT_EQ(Terms(a->Analyze("learning learns learned learn")), (Strings{"learn", "learn", "learn", "learn"}));
  EXPECT_EQ(Terms(a->Analyze("networks network's Networking")), (Strings{"network", "network", "network"}));
  EXPECT_EQ(Terms(a->Analyze("don’t")), Terms(a->Analyze("don't")));  // U+2019 = '
}

// Guarantee: stop words are dropped but still take a position, so phrases keep their gaps.
TEST(AnalyzerTest, StopWordsDroppedPositionsKept) {
  auto a = English();
  auto tokens = a->Analyze("The state of the art is THIS");
  EXPECT_EQ(Terms(tokens), (Strings{"state", "art"}));
  EXPECT_EQ(Positions(tokens), (std::vector<uint32_t>{1, 4}));
  EXPECT_TRUE(a->Analyze("a an and the to of").empty());
  EXPECT_TRUE(a->IsStopWord("the"));
  EXPECT_FALSE(a->IsStopWord("graph"));
}

// Guarantee: full Unicode case folding and normalisation: accents kept, case and composition
// folded, German ß folds to ss, ligatures decompose.
TEST(AnalyzerTest, UnicodeFolding) {
  auto a = English();
  EXPECT_EQ(Terms(a->Analyze("CAFÉ")), Terms(a->Analyze("café")));
  EXPECT_EQ(Terms(a->Analyze("cafe\xCC\x81")), Terms(a->Analyze("café")));  // e + combining acute
  EXPECT_NE(Terms(a->Analyze("café")), Terms(a->Analyze("cafe")));           // accents are kept
  EXPECT_EQ(a->Analyze("Straße")[0].surface, "strasse");
  EXPECT_EQ(Terms(a->Analyze("STRASSE")), Terms(a->Analyze("Straße")));
  EXPECT_EQ(Terms(a->Analyze("ΣΊΣΥΦΟΣ")), Terms(a->Analyze("σίσυφος")));
  EXPECT_EQ(a->Analyze("\xEF\xAC\x81nd")[0].surface, "find");  // "ﬁnd" with the fi ligature
}

// Guarantee: each CJK ideograph is its own word with its own position; kana words and Latin words
// around them are segmented too.
TEST(AnalyzerTest, CjkIdeographsAreWords) {
  auto a = English();
  auto tokens = a->Analyze("我爱北京 graph 天安门");
  EXPECT_EQ(Terms(tokens), (Strings{"我", "爱", "北", "京", "graph", "天", "安", "门"}));
  EXPECT_EQ(Positions(tokens), (std::vector<uint32_t>{0, 1, 2, 3, 4, 5, 6, 7}));
}

// Guarantee: invalid UTF-8 never crashes and never stops the words around it from being found.
TEST(AnalyzerTest, InvalidUtf8IsReplacedNotFatal) {
  auto a = English();
  auto tokens = a->Analyze("good\xff\xfe words \xc3 here\xe2\x82");
  EXPECT_EQ(Terms(tokens), (Strings{"good", "word", "here"}));
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    std::string junk(rng() % 64, '\0');
    for (auto& c : junk) c = static_cast<char>(rng());
    for (const auto& t : a->Analyze(junk)) EXPECT_LE(t.term.size(), 4 * Analyzer::kMaxTermBytes);
  }
}

// Guarantee: over-long words are not indexed but keep their position.
TEST(AnalyzerTest, OverlongWordsSkipped) {
  auto a = English();
  auto tokens = a->Analyze("short " + std::string(300, 'x') + " tail");
  EXPECT_EQ(Terms(tokens), (Strings{"short", "tail"}));
  EXPECT_EQ(Positions(tokens), (std::vector<uint32_t>{0, 2}));
}

// Guarantee: the language is a parameter; unknown languages are refused as BadRequest.
TEST(AnalyzerTest, LanguageParameter) {
  EXPECT_EQ(Analyzer::Make({.language = "klingon"}).status().code(), StatusCode::BadRequest);
  OG_ASSIGN_OR_FAIL(auto german, Analyzer::Make({.language = "german"}));
  EXPECT_TRUE(german->stop_words().empty());
  EXPECT_EQ(Terms(german->Analyze("Häuser")), Terms(german->Analyze("Haus")));
  OG_ASSIGN_OR_FAIL(auto plain, Analyzer::Make({.language = "none", .stop_words = Strings{}}));
  EXPECT_EQ(Terms(plain->Analyze("The Learning")), (Strings{"the", "learning"}));
}

// Guarantee: Analyze is thread-safe (each call uses its own stemmer and break iterator).
TEST(AnalyzerTest, ConcurrentAnalyzeAgrees) {
  auto a = English();
  const std::string text = "Neural networks are learning representations of graphs, quickly and repeatedly.";
  const auto expected = a->Analyze(text);
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 300; ++i) {
        if (a->Analyze(text) != expected) ++mismatches;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace og::index
