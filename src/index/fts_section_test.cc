#include "index/fts_section.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <ctime>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "common/testing.h"
#include "index/index_test_util.h"
#include "index/bm25.h"
#include "index/levenshtein.h"

namespace og::index {
namespace {

using testing::CountingReader;

std::shared_ptr<const Analyzer> English() { return Analyzer::Make().ValueOrDie(); }

// A seeded corpus of pseudo-English: words built from syllables with inflectional suffixes (so the
// stemmer merges some of them), drawn with a skewed (Zipf-like) distribution, sprinkled with stop
// words, punctuation and capitals.
class CorpusGenerator {
 public:
  explicit CorpusGenerator(uint32_t seed, size_t vocabulary = 20000) : rng_(seed) {
    static const char* kSyllables[] = {"ka", "lo", "mi", "ne", "tor", "gra", "phi", "dat", "lu", "ren",
                                       "so", "vek", "qua", "ti", "bel", "mon", "zu", "ar", "es", "ul"};
    static const char* kSuffixes[] = {"", "", "", "s", "ing", "ed", "ation", "er", "ly"};
    std::set<std::string> seen;
    while (words_.size() < vocabulary) {
      std::string w;
      int syllables = 1 + static_cast<int>(rng_() % 4);
      for (int i = 0; i < syllables; ++i) w += kSyllables[rng_() % 20];
      w += kSuffixes[rng_() % 9];
      if (seen.insert(w).second) words_.push_back(w);
    }
  }

  std::string Document(int words) {
    static const char* kStop[] = {"the", "of", "and", "a", "to", "in", "is", "with"};
    static const char* kPunct[] = {" ", " ", " ", " ", ", ", ". ", "; ", " - "};
    std::string text;
    for (int i = 0; i < words; ++i) {
      if (i > 0) text += kPunct[rng_() % 8];
      if (rng_() % 5 == 0) {
        text += kStop[rng_() % 8];
        continue;
      }
      double u = std::uniform_real_distribution<double>(0, 1)(rng_);
      std::string w = words_[static_cast<size_t>(std::pow(u, 3.0) * static_cast<double>(words_.size()))];
      if (rng_() % 10 == 0) w[0] = static_cast<char>(w[0] - 'a' + 'A');
      text += w;
    }
    return text;
  }

  std::mt19937& rng() { return rng_; }

 private:
  std::mt19937 rng_;
  std::vector<std::string> words_;
};

struct BruteDoc {
  DocId doc;
  std::vector<uint32_t> positions;
};

// The index computed the obvious way, from the same analyzer output.
struct BruteIndex {
  std::map<std::string, std::vector<BruteDoc>> postings;
  std::map<std::string, std::set<std::string>> surfaces;
  std::vector<std::pair<DocId, uint32_t>> lengths;
  uint64_t total_length = 0;

  void Add(DocId doc, const std::vector<Token>& tokens) {
    if (tokens.empty()) return;
    for (const Token& t : tokens) {
      auto& list = postings[t.term];
      if (list.empty() || list.back().doc != doc) list.push_back({doc, {}});
      list.back().positions.push_back(t.position);
      if (t.surface != t.term) surfaces[t.term].insert(t.surface);
    }
    lengths.emplace_back(doc, static_cast<uint32_t>(tokens.size()));
    total_length += tokens.size();
  }
};

struct Built {
  std::string bytes;
  BruteIndex brute;
};

Built BuildCorpus(int num_docs, uint32_t seed, FtsBuildOptions options = {}, bool brute_force = true) {
  auto analyzer = English();
  CorpusGenerator gen(seed);
  FtsSectionBuilder builder(analyzer, options);
  Built built;
  const uint32_t fragments[] = {0, 3, 4, 9};
  int per_fragment = num_docs / 4 + 1;
  int made = 0;
  for (uint32_t fragment : fragments) {
    uint32_t row = 0;
    for (int i = 0; i < per_fragment && made < num_docs; ++i, ++made) {
      row += 1 + gen.rng()() % 3;  // gaps: rows without text (null cells)
      std::string text = gen.rng()() % 50 == 0 ? std::string("the of and") : gen.Document(gen.rng()() % 60);
      EXPECT_TRUE(builder.Add(fragment, row, text).ok());
      if (brute_force) built.brute.Add({fragment, row}, analyzer->Analyze(text));
    }
  }
  auto bytes = builder.Finish();
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  built.bytes = std::move(*bytes);
  return built;
}

void ExpectSameAsBrute(const PostingList& list, const std::vector<BruteDoc>& want, bool with_positions,
                       const std::string& term) {
  ASSERT_EQ(list.df(), want.size()) << term;
  ASSERT_EQ(list.has_positions(), with_positions);
  for (size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(list.docs[i], want[i].doc) << term;
    ASSERT_EQ(list.tfs[i], want[i].positions.size()) << term;
    if (with_positions) {
      auto got = list.positions_of(i);
      ASSERT_EQ(std::vector<uint32_t>(got.begin(), got.end()), want[i].positions) << term;
    }
  }
}

// Guarantee: every Lookup returns exactly the postings (docs, tfs, positions) of a brute-force
// index over the same analysed documents; absent terms are empty; statistics and document lengths
// match; the section records the analyzer it was built with.
TEST(FtsSectionTest, RoundTripAgainstBruteForce) {
  Built built = BuildCorpus(3000, 42);
  OG_ASSIGN_OR_FAIL(auto reader, FtsSectionReader::Open(MemoryRangeReader(built.bytes)));
  const BruteIndex& brute = built.brute;
  EXPECT_EQ(reader->doc_count(), brute.lengths.size());
  EXPECT_EQ(reader->total_length(), brute.total_length);
  EXPECT_EQ(reader->num_terms(), brute.postings.size());
  EXPECT_EQ(reader->analyzer_options().language, "english");
  EXPECT_EQ(*reader->analyzer_options().stop_words, Analyzer::EnglishStopWords().size() ? [] {
    auto w = Analyzer::EnglishStopWords();
    std::sort(w.begin(), w.end());
    return w;
  }() : std::vector<std::string>{});

  for (const auto& [term, want] : brute.postings) {
    OG_ASSIGN_OR_FAIL(PostingList with, reader->Lookup(term, true));
    ExpectSameAsBrute(with, want, true, term);
    OG_ASSIGN_OR_FAIL(PostingList without, reader->Lookup(term, false));
    ExpectSameAsBrute(without, want, false, term);
    OG_ASSIGN_OR_FAIL(uint64_t df, reader->DocFrequency(term));
    ASSERT_EQ(df, want.size());
  }
  for (std::string absent : {"", "zzzz", "the", "a", "kalo_missing"}) {
    OG_ASSIGN_OR_FAIL(PostingList list, reader->Lookup(absent));
    EXPECT_EQ(list.df(), 0u) << absent;
  }

  OG_ASSIGN_OR_FAIL(auto table, reader->DocLengths());
  ASSERT_EQ(table->size(), brute.lengths.size());
  EXPECT_EQ(table->total_length(), brute.total_length);
  for (size_t i = 0; i < brute.lengths.size(); ++i) {
    ASSERT_EQ(table->docs()[i], brute.lengths[i].first);
    ASSERT_EQ(table->lengths()[i], brute.lengths[i].second);
    ASSERT_EQ(table->Find(brute.lengths[i].first), brute.lengths[i].second);
  }
  EXPECT_FALSE(table->Find({0, 0}).has_value());  // rows start at 1 in the generator
  OG_ASSIGN_OR_FAIL(auto again, reader->DocLengths());
  EXPECT_EQ(again.get(), table.get());  // loaded once, shared

  // Prefix scan over terms agrees with the brute-force dictionary.
  std::vector<std::pair<std::string, uint64_t>> scanned, want;
  OG_ASSERT_OK(reader->ScanTerms("ka", [&](std::string_view t, uint64_t df) {
    scanned.emplace_back(t, df);
    return true;
  }));
  for (const auto& [term, list] : brute.postings) {
    if (term.rfind("ka", 0) == 0) want.emplace_back(term, list.size());
  }
  EXPECT_EQ(scanned, want);
  EXPECT_FALSE(want.empty());
}

// Guarantee: with inlining off (every term has external postings) and with everything inlined,
// the section still agrees with brute force.
TEST(FtsSectionTest, InlineAndExternalPostingsAgree) {
  for (size_t inline_limit : {size_t{0}, size_t{1} << 20}) {
    Built built = BuildCorpus(500, 7, {.max_inline_postings = inline_limit});
    OG_ASSIGN_OR_FAIL(auto reader, FtsSectionReader::Open(MemoryRangeReader(built.bytes)));
    for (const auto& [term, want] : built.brute.postings) {
      OG_ASSIGN_OR_FAIL(PostingList list, reader->Lookup(term));
      ExpectSameAsBrute(list, want, true, term);
    }
  }
}

// Guarantee: reads are economical and independent of the number of documents: Open <= 2 reads,
// Lookup <= 2 reads (1 for an absent or inlined term), DocLengths 1 read once.
TEST(FtsSectionTest, RangedReadEconomy) {
  for (int num_docs : {100, 3000, 30000}) {
    Built built = BuildCorpus(num_docs, 99, {}, /*brute_force=*/false);
    auto counting = std::make_shared<CountingReader>(MemoryRangeReader(built.bytes));
    OG_ASSIGN_OR_FAIL(auto reader, FtsSectionReader::Open(counting));
    EXPECT_LE(counting->reads, 2) << num_docs;
    std::vector<std::pair<std::string, uint64_t>> terms;
    OG_ASSERT_OK(reader->ScanTerms("", [&](std::string_view t, uint64_t df) {
      terms.emplace_back(t, df);
      return true;
    }));
    int max_lookup_reads = 0;
    for (const auto& [term, df] : terms) {
      int before = counting->reads;
      OG_ASSIGN_OR_FAIL(PostingList list, reader->Lookup(term));
      ASSERT_EQ(list.df(), df);
      max_lookup_reads = std::max(max_lookup_reads, counting->reads - before);
    }
    EXPECT_EQ(max_lookup_reads, 2) << num_docs;  // some term has external postings
    int before = counting->reads;
    OG_ASSIGN_OR_FAIL(PostingList none, reader->Lookup("notaword"));
    EXPECT_LE(counting->reads - before, 1);
    before = counting->reads;
    OG_ASSIGN_OR_FAIL(auto t1, reader->DocLengths());
    OG_ASSIGN_OR_FAIL(auto t2, reader->DocLengths());
    EXPECT_EQ(counting->reads - before, 1);
    EXPECT_EQ(t1->size(), reader->doc_count());
  }
}

// Guarantee: one reader serves concurrent Lookups and DocLengths calls with identical answers.
TEST(FtsSectionTest, ConcurrentReadersAgree) {
  Built built = BuildCorpus(1000, 11, {}, /*brute_force=*/false);
  OG_ASSIGN_OR_FAIL(auto reader, FtsSectionReader::Open(MemoryRangeReader(built.bytes)));
  std::vector<std::string> terms;
  OG_ASSERT_OK(reader->ScanTerms("", [&](std::string_view t, uint64_t) {
    terms.emplace_back(t);
    return true;
  }));
  std::vector<PostingList> expected;
  for (const auto& t : terms) expected.push_back(reader->Lookup(t).ValueOrDie());
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int th = 0; th < 4; ++th) {
    threads.emplace_back([&, th] {
      if (!reader->DocLengths().ok()) ++mismatches;
      for (size_t i = th; i < terms.size(); i += 2) {
        auto got = reader->Lookup(terms[i]);
        if (!got.ok() || got->docs != expected[i].docs || got->positions != expected[i].positions) ++mismatches;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}

// Guarantee: documents must come in increasing (fragment, row) order; texts with no terms are not
// documents; a finished builder refuses more work; an empty section opens and answers.
TEST(FtsSectionTest, BuilderContract) {
  FtsSectionBuilder builder(English());
  OG_ASSERT_OK(builder.Add(1, 5, "graph databases"));
  EXPECT_EQ(builder.Add(1, 5, "again").code(), StatusCode::BadRequest);
  EXPECT_EQ(builder.Add(0, 9, "earlier fragment").code(), StatusCode::BadRequest);
  OG_ASSERT_OK(builder.Add(1, 6, "the of and"));  // only stop words
  OG_ASSERT_OK(builder.Add(1, 7, ""));
  OG_ASSERT_OK(builder.Add(2, 0, "graph"));
  std::vector<Token> bad = {{"x", "x", 3}, {"y", "y", 3}};
  EXPECT_EQ(builder.AddTokens(2, 1, bad).code(), StatusCode::BadRequest);
  EXPECT_EQ(builder.doc_count(), 2u);
  OG_ASSIGN_OR_FAIL(std::string bytes, builder.Finish());
  EXPECT_EQ(builder.Finish().status().code(), StatusCode::BadRequest);
  EXPECT_EQ(builder.Add(3, 0, "late").code(), StatusCode::BadRequest);

  OG_ASSIGN_OR_FAIL(auto reader, FtsSectionReader::Open(MemoryRangeReader(bytes)));
  EXPECT_EQ(reader->doc_count(), 2u);
  EXPECT_EQ(reader->total_length(), 3u);
  OG_ASSIGN_OR_FAIL(PostingList graph, reader->Lookup("graph"));
  EXPECT_EQ(graph.docs, (std::vector<DocId>{{1, 5}, {2, 0}}));

  FtsSectionBuilder empty(English());
  OG_ASSIGN_OR_FAIL(std::string empty_bytes, empty.Finish());
  OG_ASSIGN_OR_FAIL(auto empty_reader, FtsSectionReader::Open(MemoryRangeReader(empty_bytes)));
  EXPECT_EQ(empty_reader->doc_count(), 0u);
  OG_ASSIGN_OR_FAIL(PostingList nothing, empty_reader->Lookup("graph"));
  EXPECT_EQ(nothing.df(), 0u);
  OG_ASSIGN_OR_FAIL(auto no_docs, empty_reader->DocLengths());
  EXPECT_EQ(no_docs->size(), 0u);
}

std::vector<std::string> FuzzyTermNames(const FtsSectionReader& reader, const Analyzer& analyzer,
                                        const char* word, int max_edits) {
  auto tokens = analyzer.Analyze(word);
  EXPECT_EQ(tokens.size(), 1u) << word;
  auto terms = reader.FuzzyTerms(tokens.at(0), max_edits);
  EXPECT_TRUE(terms.ok()) << terms.status().ToString();
  std::vector<std::string> names;
  for (const auto& t : *terms) names.push_back(t.term);
  return names;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Guarantee: fuzzy matching finds documents despite one-letter typos (substitution, deletion,
// insertion, transposition), anywhere in the word, suffixes included, with max_edits = 1.
TEST(FtsSectionTest, FuzzyFindsOneLetterTypos) {
  auto analyzer = English();
  FtsSectionBuilder builder(analyzer);
  OG_ASSERT_OK(builder.Add(0, 0, "Neural networks are learning representations"));
  OG_ASSERT_OK(builder.Add(0, 1, "Graph databases store nodes and edges"));
  OG_ASSERT_OK(builder.Add(0, 2, "Bananas are yellow"));
  OG_ASSIGN_OR_FAIL(std::string bytes, builder.Finish());
  OG_ASSIGN_OR_FAIL(auto reader, FtsSectionReader::Open(MemoryRangeReader(bytes)));

  EXPECT_TRUE(Contains(FuzzyTermNames(*reader, *analyzer, "nueral", 1), "neural"));     // transposition
  EXPECT_TRUE(Contains(FuzzyTermNames(*reader, *analyzer, "lerning", 1), "learn"));     // deletion
  EXPECT_TRUE(Contains(FuzzyTermNames(*reader, *analyzer, "learnin", 1), "learn"));     // suffix typo
  EXPECT_TRUE(Contains(FuzzyTermNames(*reader, *analyzer, "learnign", 1), "learn"));    // suffix swap
  EXPECT_TRUE(Contains(FuzzyTermNames(*reader, *analyzer, "netwroks", 1), "network"));
  EXPECT_TRUE(Contains(FuzzyTermNames(*reader, *analyzer, "grapph", 1), "graph"));      // insertion
  EXPECT_TRUE(Contains(FuzzyTermNames(*reader, *analyzer, "databeses", 1), "databas")); // substitution
  EXPECT_TRUE(Contains(FuzzyTermNames(*reader, *analyzer, "Nodes", 0), "node"));        // exact
  EXPECT_TRUE(FuzzyTermNames(*reader, *analyzer, "quantum", 2).empty());
  EXPECT_FALSE(Contains(FuzzyTermNames(*reader, *analyzer, "lerning", 0), "learn"));

  // Closest first: distance 0 before distance 1.
  auto exact = reader->FuzzyTerms(analyzer->Analyze("edge")[0], 2);
  ASSERT_TRUE(exact.ok());
  ASSERT_FALSE(exact->empty());
  EXPECT_EQ(exact->front(), (FuzzyTerm{"edg", 0}));
  EXPECT_EQ(reader->FuzzyTerms(analyzer->Analyze("edge")[0], -1).status().code(), StatusCode::BadRequest);
}

// Guarantee: FuzzyTerms returns exactly the terms a brute-force comparison finds (stem vs term,
// word vs term, word vs every surface form), with the smallest distance.
TEST(FtsSectionTest, FuzzyAgreesWithBruteForce) {
  Built built = BuildCorpus(800, 5, {.max_surface_forms = 1000});
  OG_ASSIGN_OR_FAIL(auto reader, FtsSectionReader::Open(MemoryRangeReader(built.bytes)));
  auto analyzer = English();
  CorpusGenerator gen(5);
  for (int q = 0; q < 40; ++q) {
    std::string doc = gen.Document(3);
    auto tokens = analyzer->Analyze(doc);
    if (tokens.empty()) continue;
    Token query = tokens[0];
    // Add a typo to the query word half the time.
    if (q % 2 == 0 && query.surface.size() > 2) {
      std::swap(query.surface[1], query.surface[2]);
      query.term = analyzer->Analyze(query.surface).at(0).term;
    }
    int k = 1 + q % 2;
    std::vector<FuzzyTerm> want;
    for (const auto& [term, list] : built.brute.postings) {
      int best = BoundedEditDistance(query.term, term, k);
      best = std::min(best, BoundedEditDistance(query.surface, term, k));
      auto it = built.brute.surfaces.find(term);
      if (it != built.brute.surfaces.end()) {
        for (const auto& s : it->second) best = std::min(best, BoundedEditDistance(query.surface, s, k));
      }
      if (best <= k) want.push_back({term, best});
    }
    std::sort(want.begin(), want.end(), [](const FuzzyTerm& a, const FuzzyTerm& b) {
      return a.distance != b.distance ? a.distance < b.distance : a.term < b.term;
    });
    OG_ASSIGN_OR_FAIL(auto got, reader->FuzzyTerms(query, k, SIZE_MAX));
    ASSERT_EQ(got, want) << query.surface << " / " << query.term;
  }
}

std::vector<uint32_t> QueryPositions(const std::vector<Token>& q) {
  std::vector<uint32_t> out;
  for (const auto& t : q) out.push_back(t.position);
  return out;
}

// Phrase check of `query` against `text`, both analysed, positions taken from the analyser.
uint32_t PhraseCount(const Analyzer& a, const std::string& text, const std::string& query) {
  auto doc = a.Analyze(text);
  auto q = a.Analyze(query);
  std::vector<std::vector<uint32_t>> lists;
  for (const auto& qt : q) {
    lists.emplace_back();
    for (const auto& dt : doc) {
      if (dt.term == qt.term) lists.back().push_back(dt.position);
    }
  }
  std::vector<std::span<const uint32_t>> spans(lists.begin(), lists.end());
  return CountPhraseMatches(spans, QueryPositions(q));
}

// Guarantee: phrases match only adjacent, in order, with the query's gaps: removed stop words keep
// their gap on both sides.
TEST(FtsSectionTest, PhraseAdjacency) {
  auto a = English();
  EXPECT_EQ(PhraseCount(*a, "deep networks with many layers", "networks layers"), 0u);
  EXPECT_EQ(PhraseCount(*a, "deep networks with many layers", "many layers"), 1u);
  EXPECT_EQ(PhraseCount(*a, "deep networks with many layers", "layers many"), 0u);  // order matters
  EXPECT_EQ(PhraseCount(*a, "the state of the art in graphs", "state of the art"), 1u);
  EXPECT_EQ(PhraseCount(*a, "State-of-the-art graphs", "state of the art"), 1u);
  EXPECT_EQ(PhraseCount(*a, "state art", "state of the art"), 0u);  // the gap is part of the phrase
  EXPECT_EQ(PhraseCount(*a, "new york and new york city", "new york"), 2u);
  EXPECT_EQ(PhraseCount(*a, "a rose is a rose is a rose", "rose is a rose"), 2u);  // overlapping
  EXPECT_EQ(PhraseCount(*a, "graphs", "graph"), 1u);

  // Direct: empty phrase and mismatched sizes match nothing.
  std::vector<std::span<const uint32_t>> none;
  EXPECT_EQ(CountPhraseMatches(none, {}), 0u);
  std::vector<uint32_t> p = {1, 2};
  std::vector<std::span<const uint32_t>> one = {p};
  EXPECT_EQ(CountPhraseMatches(one, std::vector<uint32_t>{0, 1}), 0u);
}

// Guarantee: phrase matching over postings read from a section agrees with the analyser-level
// check, document by document.
TEST(FtsSectionTest, PhraseOverPostings) {
  auto a = English();
  std::vector<std::string> texts = {"deep neural networks with many layers", "many layers of neural networks",
                                    "neural networks", "networks neural", "the state of the art neural networks"};
  FtsSectionBuilder builder(a);
  for (uint32_t i = 0; i < texts.size(); ++i) OG_ASSERT_OK(builder.Add(0, i, texts[i]));
  OG_ASSIGN_OR_FAIL(std::string bytes, builder.Finish());
  OG_ASSIGN_OR_FAIL(auto reader, FtsSectionReader::Open(MemoryRangeReader(bytes)));
  for (std::string query : {"neural networks", "many layers", "networks layers", "state of the art"}) {
    auto q = a->Analyze(query);
    std::vector<PostingList> lists;
    for (const auto& t : q) lists.push_back(reader->Lookup(t.term).ValueOrDie());
    std::set<uint32_t> matched;
    for (size_t i = 0; i < lists[0].df(); ++i) {
      DocId doc = lists[0].docs[i];
      std::vector<std::span<const uint32_t>> spans = {lists[0].positions_of(i)};
      bool all = true;
      for (size_t j = 1; j < lists.size() && all; ++j) {
        auto it = std::lower_bound(lists[j].docs.begin(), lists[j].docs.end(), doc);
        all = it != lists[j].docs.end() && *it == doc;
        if (all) spans.push_back(lists[j].positions_of(it - lists[j].docs.begin()));
      }
      if (all && PhraseMatches(spans, QueryPositions(q))) matched.insert(doc.row);
    }
    std::set<uint32_t> want;
    for (uint32_t i = 0; i < texts.size(); ++i) {
      if (PhraseCount(*a, texts[i], query) > 0) want.insert(i);
    }
    EXPECT_EQ(matched, want) << query;
  }
}

// Guarantee: BM25 over the section's statistics ranks a document with more occurrences of a rare
// term above one with fewer, and exactly reproduces the hand formula from postings and lengths.
TEST(FtsSectionTest, Bm25FromSectionStatistics) {
  auto a = English();
  FtsSectionBuilder builder(a);
  OG_ASSERT_OK(builder.Add(0, 0, "graph graph graph database"));
  OG_ASSERT_OK(builder.Add(0, 1, "graph database systems and more words here"));
  OG_ASSERT_OK(builder.Add(0, 2, "unrelated text entirely"));
  OG_ASSIGN_OR_FAIL(std::string bytes, builder.Finish());
  OG_ASSIGN_OR_FAIL(auto reader, FtsSectionReader::Open(MemoryRangeReader(bytes)));
  OG_ASSIGN_OR_FAIL(auto lengths, reader->DocLengths());
  OG_ASSIGN_OR_FAIL(PostingList graph, reader->Lookup("graph", false));
  Bm25Stats stats{reader->doc_count(), reader->total_length()};
  ASSERT_EQ(graph.df(), 2u);
  std::vector<double> scores;
  for (size_t i = 0; i < graph.df(); ++i) {
    Bm25TermMatch m{.tf = graph.tfs[i], .df = graph.df(), .query_count = 1};
    scores.push_back(Bm25Score(std::span(&m, 1), *lengths->Find(graph.docs[i]), stats));
  }
  EXPECT_GT(scores[0], scores[1]);
  // N 3, total 4 + 6 + 3 = 13, doc 0: tf 3, dl 4.
  const double avg = 13.0 / 3.0;
  const double idf = std::log(1 + (3 - 2 + 0.5) / (2 + 0.5));
  EXPECT_NEAR(scores[0], idf * 3 * 2.2 / (3 + 1.2 * (0.25 + 0.75 * 4 / avg)), 1e-12);
}

// Reads everything a section holds (every term's postings with positions, doc table, a fuzzy scan).
Status ReadWholeSection(const std::string& bytes) {
  OG_ASSIGN_OR_RAISE(auto reader, FtsSectionReader::Open(MemoryRangeReader(bytes), {.tail_read_bytes = 512}));
  std::vector<std::string> terms;
  OG_RETURN_NOT_OK(reader->ScanTerms("", [&](std::string_view t, uint64_t) {
    terms.emplace_back(t);
    return true;
  }));
  for (const auto& t : terms) OG_RETURN_NOT_OK(reader->Lookup(t).status());
  OG_RETURN_NOT_OK(reader->DocLengths().status());
  OG_RETURN_NOT_OK(reader->FuzzyTerms({"kalo", "kalo", 0}, 2).status());
  return Status::OK();
}

// Guarantee: any single flipped byte of a section is Corruption (every byte is under a checksum);
// truncations are Corruption; random multi-byte damage never crashes and never yields another
// error kind.
TEST(FtsSectionTest, CorruptedBytesAreCorruption) {
  Built built = BuildCorpus(150, 3, {.dictionary = {.block_size = 256}});
  const std::string& good = built.bytes;
  OG_ASSERT_OK(ReadWholeSection(good));
  std::mt19937_64 rng(777);
  for (int iter = 0; iter < 1500; ++iter) {
    std::string bad = good;
    size_t pos = rng() % bad.size();
    bad[pos] = static_cast<char>(bad[pos] ^ (1 + rng() % 255));
    Status st = ReadWholeSection(bad);
    ASSERT_EQ(st.code(), StatusCode::Corruption) << "flip at " << pos << " of " << bad.size() << ": "
                                                 << st.ToString();
  }
  for (int iter = 0; iter < 500; ++iter) {
    std::string bad = good;
    for (int f = 0; f < 2 + static_cast<int>(rng() % 6); ++f) bad[rng() % bad.size()] = static_cast<char>(rng());
    Status st = ReadWholeSection(bad);
    ASSERT_TRUE(st.ok() || st.code() == StatusCode::Corruption) << st.ToString();
  }
  for (int iter = 0; iter < 300; ++iter) {
    size_t keep = rng() % good.size();
    ASSERT_EQ(ReadWholeSection(good.substr(0, keep)).code(), StatusCode::Corruption) << keep;
  }
}

// Measurement, not a test: build speed and size for 100k synthetic documents of ~50 words.
// Run with --gtest_also_run_disabled_tests --gtest_filter='*DISABLED_Measure*'.
TEST(FtsSectionTest, DISABLED_MeasureBuild100k) {
  constexpr int kDocs = 100000;
  CorpusGenerator gen(2024);
  std::vector<std::string> texts;
  texts.reserve(kDocs);
  uint64_t text_bytes = 0;
  for (int i = 0; i < kDocs; ++i) {
    texts.push_back(gen.Document(40 + static_cast<int>(gen.rng()() % 21)));
    text_bytes += texts.back().size();
  }
  auto analyzer = English();
  using Clock = std::chrono::steady_clock;
  // CPU seconds of this process (the machine may be shared: wall time overstates the cost).
  auto cpu = [] { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; };

  const double c0 = cpu();
  auto t0 = Clock::now();
  uint64_t tokens = 0;
  for (const auto& t : texts) tokens += analyzer->Analyze(t).size();
  auto t1 = Clock::now();
  const double c1 = cpu();

  FtsSectionBuilder builder(analyzer);
  for (int i = 0; i < kDocs; ++i) OG_ASSERT_OK(builder.Add(0, static_cast<uint32_t>(i), texts[i]));
  auto t2 = Clock::now();
  const double c2 = cpu();
  const uint64_t num_terms = builder.num_terms();
  OG_ASSIGN_OR_FAIL(std::string bytes, builder.Finish());
  auto t3 = Clock::now();
  const double c3 = cpu();

  auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  std::printf("docs: %d, text: %.1f MB, tokens kept: %llu, terms: %llu\n", kDocs, text_bytes / 1e6,
              static_cast<unsigned long long>(tokens), static_cast<unsigned long long>(num_terms));
  std::printf("analyze only: wall %.2f s, cpu %.2f s  (%.0f docs/s cpu, %.1f MB/s cpu)\n", secs(t0, t1),
              c1 - c0, kDocs / (c1 - c0), text_bytes / 1e6 / (c1 - c0));
  std::printf("build (Add):  wall %.2f s, cpu %.2f s  (%.0f docs/s cpu)\n", secs(t1, t2), c2 - c1,
              kDocs / (c2 - c1));
  std::printf("Finish:       wall %.2f s, cpu %.2f s\n", secs(t2, t3), c3 - c2);
  std::printf("total build:  %.0f docs/s wall, %.0f docs/s cpu (one thread)\n", kDocs / secs(t1, t3),
              kDocs / (c3 - c1));
  std::printf("section: %.2f MB, %.1f bytes/doc (%.1f%% of text)\n", bytes.size() / 1e6,
              static_cast<double>(bytes.size()) / kDocs, 100.0 * bytes.size() / text_bytes);

  auto counting = std::make_shared<CountingReader>(MemoryRangeReader(bytes));
  auto t4 = Clock::now();
  OG_ASSIGN_OR_FAIL(auto reader, FtsSectionReader::Open(counting));
  int open_reads = counting->reads;
  auto t5 = Clock::now();
  std::vector<std::string> terms;
  OG_ASSERT_OK(reader->ScanTerms("", [&](std::string_view t, uint64_t) {
    terms.emplace_back(t);
    return true;
  }));
  auto t6 = Clock::now();
  uint64_t postings = 0;
  for (const auto& t : terms) postings += reader->Lookup(t).ValueOrDie().df();
  auto t7 = Clock::now();
  auto fuzzy = reader->FuzzyTerms(analyzer->Analyze("kalotor")[0], 2).ValueOrDie();
  auto t8 = Clock::now();
  std::printf("open: %.3f ms (%d reads); scan %zu terms: %.1f ms; lookup all terms: %.2f s (%.1f us/term, %llu postings)\n",
              secs(t4, t5) * 1e3, open_reads, terms.size(), secs(t5, t6) * 1e3, secs(t6, t7),
              secs(t6, t7) * 1e6 / terms.size(), static_cast<unsigned long long>(postings));
  std::printf("fuzzy (2 edits) over the dictionary: %.1f ms, %zu terms\n", secs(t7, t8) * 1e3, fuzzy.size());
}

}  // namespace
}  // namespace og::index

namespace og::index {
namespace {

// The cursor form of DocTable::Find (used along posting lists) answers as the plain one, for
// ascending probe runs and for probes that go back below the cursor.
TEST(FtsSectionTest, DocTableFindWithCursorAgreesWithFind) {
  std::mt19937 rng(11);
  std::vector<DocId> docs;
  std::vector<uint32_t> lengths;
  for (uint32_t f = 0; f < 3; ++f) {
    for (uint32_t r = 0; r < 400; ++r) {
      if (rng() % 3 == 0) continue;
      docs.push_back({f, r});
      lengths.push_back(1 + rng() % 90);
    }
  }
  DocTable table(docs, lengths, 0);
  size_t cursor = 0;
  uint32_t at = 0;  // position in the (fragment, row) space of 3 x 400
  for (int probe = 0; probe < 5000; ++probe) {
    // Mostly small steps forward (as along a posting list), sometimes a jump anywhere.
    at = rng() % 10 == 0 ? rng() % 1200 : std::min<uint32_t>(1199, at + rng() % 5);
    DocId doc{at / 400, at % 400};
    ASSERT_EQ(table.Find(doc, &cursor), table.Find(doc)) << "probe " << probe;
  }
  cursor = 0;
  for (const DocId& d : docs) ASSERT_EQ(table.Find(d, &cursor), table.Find(d));
}

}  // namespace
}  // namespace og::index
