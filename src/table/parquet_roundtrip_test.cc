// Pins the dependency decision of DESIGN.md: Arrow C++ and Parquet (system or from the pyarrow
// wheel) link and run here, and a Parquet file written by Arrow reads back identically.
#include <arrow/api.h>
#include <arrow/io/api.h>
#include <gtest/gtest.h>
#include <parquet/arrow/reader.h>
#include <parquet/arrow/writer.h>

#include <filesystem>

namespace {

TEST(ParquetRoundTrip, ArrowWritesAndReadsBackAParquetFile) {
  std::filesystem::create_directories(OG_TEST_TMP_DIR);
  std::string path = std::string(OG_TEST_TMP_DIR) + "/roundtrip.parquet";
  arrow::StringBuilder names;
  arrow::Int32Builder ages;
  ASSERT_TRUE(names.AppendValues({"Alice", "Bob"}).ok());
  ASSERT_TRUE(ages.Append(30).ok());
  ASSERT_TRUE(ages.AppendNull().ok());
  auto table = arrow::Table::Make(
      arrow::schema({arrow::field("name", arrow::utf8(), false), arrow::field("age", arrow::int32())}),
      {names.Finish().ValueOrDie(), ages.Finish().ValueOrDie()});
  {
    auto out = arrow::io::FileOutputStream::Open(path).ValueOrDie();
    ASSERT_TRUE(parquet::arrow::WriteTable(*table, arrow::default_memory_pool(), out, 1024).ok());
    ASSERT_TRUE(out->Close().ok());
  }
  auto in = arrow::io::ReadableFile::Open(path).ValueOrDie();
  auto reader = parquet::arrow::OpenFile(in, arrow::default_memory_pool()).ValueOrDie();
  auto back = reader->ReadTable().ValueOrDie();
  EXPECT_TRUE(back->Equals(*table)) << back->ToString();
}

}  // namespace
