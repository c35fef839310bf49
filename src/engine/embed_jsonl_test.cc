// The offline `omnigraph embed` pipeline (surface.md §5.4), with the deterministic mock provider:
// which records each mode touches, the text fed to the model, byte-for-byte pass-through of every
// other line, spec and manifest errors that leave no output behind.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/testing.h"
#include "embed/mock_embedding.h"
#include "omnigraph/omnigraph.h"

namespace og {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSpec = R"({"dimension": 4, "types": {"Note": {"target": "embedding", "fields": ["title", "text"]}}})";
constexpr const char* kInput =
    "{\"type\":\"Note\",\"data\":{\"slug\":\"a\",\"title\":\"Graphs\",\"text\":\"about graphs\"}}\n"
    "{\"edge\": \"Links\",  \"from\": \"a\", \"to\": \"b\"}\n"
    "{\"type\":\"Note\",\"data\":{\"slug\":\"b\",\"text\":\"pasta\",\"embedding\":[1,0,0,0]}}\n"
    "{\"type\":\"Tag\",\"data\":{\"slug\":\"t\"}}\n";

class EmbedJsonlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(OG_TEST_TMP_DIR) /
           ("embed-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "in.jsonl") << kInput;
    ASSERT_EQ(setenv("OMNIGRAPH_EMBEDDINGS_MOCK", "1", 1), 0);
  }
  void TearDown() override { unsetenv("OMNIGRAPH_EMBEDDINGS_MOCK"); }

  EmbedJsonlOptions Options() const {
    EmbedJsonlOptions o;
    o.input = (dir_ / "in.jsonl").string();
    o.output = (dir_ / "out.jsonl").string();
    o.spec_json = kSpec;
    return o;
  }
  std::vector<std::string> OutputLines() const {
    std::ifstream in(dir_ / "out.jsonl");
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }
  static nlohmann::json Data(const std::string& line) { return nlohmann::json::parse(line)["data"]; }

  fs::path dir_;
};

TEST_F(EmbedJsonlTest, FillMissingEmbedsOnlyRecordsWithoutAVectorAndPassesTheRestThrough) {
  OG_ASSIGN_OR_FAIL(EmbedJsonlSummary s, EmbedJsonl(Options()));
  EXPECT_EQ(s.mode, "fill_missing");
  EXPECT_EQ(s.records, 4);
  EXPECT_EQ(s.selected_records, 2);
  EXPECT_EQ(s.embedded_records, 1);
  auto lines = OutputLines();
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(Data(lines[0])["embedding"].size(), 4u);
  EXPECT_EQ(lines[1], "{\"edge\": \"Links\",  \"from\": \"a\", \"to\": \"b\"}");  // byte for byte
  EXPECT_EQ(Data(lines[2])["embedding"], nlohmann::json::parse("[1,0,0,0]"));    // kept
  EXPECT_EQ(lines[3], "{\"type\":\"Tag\",\"data\":{\"slug\":\"t\"}}");
  // The model saw "type: Note", then "field: value" per listed non-empty field.
  std::vector<float> expected = embed::MockEmbedding("type: Note\ntitle: Graphs\ntext: about graphs", 4);
  auto got = Data(lines[0])["embedding"];
  for (size_t i = 0; i < 4; ++i) EXPECT_FLOAT_EQ(got[i].get<float>(), expected[i]) << i;
}

TEST_F(EmbedJsonlTest, SelectReembedsAllAndCleanRemoves) {
  EmbedJsonlOptions select = Options();
  select.selects = {"Note:slug=b"};
  OG_ASSIGN_OR_FAIL(EmbedJsonlSummary s, EmbedJsonl(select));
  EXPECT_EQ(s.mode, "reembed_selected");
  EXPECT_EQ(s.selected_records, 1);
  EXPECT_EQ(s.embedded_records, 1);
  auto lines = OutputLines();
  EXPECT_NE(Data(lines[2])["embedding"], nlohmann::json::parse("[1,0,0,0]"));  // re-embedded
  EXPECT_FALSE(Data(lines[0]).contains("embedding"));                          // not selected

  EmbedJsonlOptions all = Options();
  all.reembed_all = true;
  OG_ASSIGN_OR_FAIL(s, EmbedJsonl(all));
  EXPECT_EQ(s.embedded_records, 2);

  EmbedJsonlOptions clean = Options();
  clean.clean = true;
  OG_ASSIGN_OR_FAIL(s, EmbedJsonl(clean));
  EXPECT_EQ(s.cleaned_records, 1);
  EXPECT_FALSE(Data(OutputLines()[2]).contains("embedding"));
}

TEST_F(EmbedJsonlTest, BadSpecsAndInputsLeaveNoOutput) {
  EmbedJsonlOptions bad = Options();
  bad.spec_json = R"({"dimension": 4, "types": {"Note": {"target": "embedding"}}})";
  EXPECT_EQ(EmbedJsonl(bad).status().code(), StatusCode::BadRequest);
  bad.spec_json = R"({"dimension": 0, "types": {}})";
  EXPECT_EQ(EmbedJsonl(bad).status().code(), StatusCode::BadRequest);
  bad = Options();
  bad.types = {"Ghost"};
  EXPECT_NE(EmbedJsonl(bad).status().message().find("'Ghost' is not a type of the spec"), std::string::npos);
  bad = Options();
  std::ofstream(dir_ / "broken.jsonl") << kInput << "{not json\n";
  bad.input = (dir_ / "broken.jsonl").string();
  auto r = EmbedJsonl(bad);
  EXPECT_EQ(r.status().code(), StatusCode::BadRequest);
  EXPECT_NE(r.status().message().find("broken.jsonl:5"), std::string::npos) << r.status().message();
  EXPECT_FALSE(fs::exists(dir_ / "out.jsonl"));
  EXPECT_FALSE(fs::exists(dir_ / "out.jsonl.tmp"));
}

TEST_F(EmbedJsonlTest, ASeedManifestNamesInputOutputAndSpec) {
  std::ofstream(dir_ / "seed.yaml") << "sources:\n  raw_seed: in.jsonl\nartifacts:\n  embedded_seed: build/x.jsonl\n"
                                       "embeddings:\n  dimension: 4\n  types:\n    Note:\n      target: embedding\n"
                                       "      fields: [text]\n";
  OG_ASSIGN_OR_FAIL(EmbedJsonlOptions o, EmbedOptionsFromSeedManifest((dir_ / "seed.yaml").string()));
  EXPECT_EQ(fs::path(o.input), (dir_ / "in.jsonl").lexically_normal());
  EXPECT_EQ(fs::path(o.output), (dir_ / "build/x.jsonl").lexically_normal());
  OG_ASSIGN_OR_FAIL(EmbedJsonlSummary s, EmbedJsonl(o));
  EXPECT_EQ(s.embedded_records, 1);
  std::ofstream(dir_ / "typo.yaml") << "source:\n  raw_seed: in.jsonl\n";
  auto typo = EmbedOptionsFromSeedManifest((dir_ / "typo.yaml").string());
  EXPECT_NE(typo.status().message().find("unknown key 'source'"), std::string::npos) << typo.status().ToString();
}

}  // namespace
}  // namespace og
