// Pins the dependency decision of DESIGN.md: Arrow C++ and Parquet (system or from the pyarrow
// wheel) link and run here, and a Parquet file written by Arrow reads back identically.
#include <arrow/api.h>
#include <arrow/io/api.h>
#include <gtest/gtest.h>
#include <parquet/arrow/reader.h>
#include <parquet/arrow/writer.h>

#include <filesystem>

#include "common/arrow_util.h"
#include "common/testing.h"

namespace {

TEST(ParquetRoundTrip, ArrowWritesAndReadsBackAParquetFile) {
  std::filesystem::create_directories(OG_TEST_TMP_DIR);
  std::string path = std::string(OG_TEST_TMP_DIR) + "/roundtrip.parquet";
  arrow::StringBuilder names;
  arrow::Int32Builder ages;
  OG_ASSERT_OK(names.AppendValues({"Alice", "Bob"}));
  OG_ASSERT_OK(ages.Append(30));
  OG_ASSERT_OK(ages.AppendNull());
  OG_ASSIGN_OR_FAIL(auto name_array, names.Finish());
  OG_ASSIGN_OR_FAIL(auto age_array, ages.Finish());
  auto table = arrow::Table::Make(
      arrow::schema({arrow::field("name", arrow::utf8(), false), arrow::field("age", arrow::int32())}),
      {name_array, age_array});
  {
    OG_ASSIGN_OR_FAIL(auto out, arrow::io::FileOutputStream::Open(path));
    OG_ASSERT_OK(parquet::arrow::WriteTable(*table, arrow::default_memory_pool(), out, 1024));
    OG_ASSERT_OK(out->Close());
  }
  OG_ASSIGN_OR_FAIL(auto in, arrow::io::ReadableFile::Open(path));
  OG_ASSIGN_OR_FAIL(auto reader, parquet::arrow::OpenFile(in, arrow::default_memory_pool()));
  OG_ASSIGN_OR_FAIL(auto back, reader->ReadTable());
  EXPECT_TRUE(back->Equals(*table)) << back->ToString();
}

}  // namespace
