// Index building on the write path: every write that adds fragments to a table with indexed
// columns adds, in the same commit, one index segment (index/segment_file.h) covering exactly
// those fragments — so there are no unindexed rows after a load or a mutation.
//
// Indexed columns are declared in the schema (languages.md §1.7): a single-property @index on a
// String property is a full-text section, on a Vector property a vector section; a node type with
// a @key gets a key section over `id` (index/key_section.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <arrow/type_fwd.h>

#include "common/result.h"
#include "index/segment_file.h"
#include "lang/catalog.h"
#include "table/table_manifest.h"
#include "table/table_writer.h"

namespace og::exec {

/// The sections a segment of `table_key` carries under `catalog` (empty: the table is not indexed).
std::vector<std::pair<index::SectionKind, std::string>> IndexedSections(const lang::Catalog& catalog,
                                                                        const std::string& table_key);

struct BuiltSegment {
  std::string key;    // store key of the file
  std::string bytes;  // the file
  table::IndexMeta meta;
};

/// One fragment's rows: `rows` slice [offset, offset + length) was written as fragment `id`.
struct FragmentSlice {
  uint32_t id = 0;
  int64_t offset = 0;
  int64_t length = 0;
};

/// Build the segment of `sections` over `rows` (the table's schema), whose slices were written as
/// `fragments`. Cost: analysing every indexed text and indexing every vector of the rows.
Result<BuiltSegment> BuildSegment(const std::string& table_id,
                                  const std::vector<std::pair<index::SectionKind, std::string>>& sections,
                                  const arrow::Table& rows, const std::vector<FragmentSlice>& fragments);

/// Index `rows`, just appended to `writer` as fragments `ids` (consecutive slices of at most
/// `rows_per_fragment` rows): build their segment, add its entry to the writer's version and its
/// file to `staged` (written with the commit). No-op when the table has no indexed column.
Status IndexAppendedRows(const lang::Catalog& catalog, const std::string& table_key, table::TableWriter& writer,
                         const arrow::Table& rows, const std::vector<uint32_t>& ids, int64_t rows_per_fragment,
                         std::vector<std::pair<std::string, std::string>>* staged);

}  // namespace og::exec
