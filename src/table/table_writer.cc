#include "table/table_writer.h"

#include <arrow/api.h>
#include <arrow/io/memory.h>
#include <parquet/arrow/writer.h>
#include <parquet/properties.h>

#include <set>
#include <utility>

#include "common/arrow_util.h"
#include "common/ids.h"
#include "store/layout.h"
#include "store/put_all.h"
#include "table/column_stats.h"
#include "table/parquet_mapping.h"
#include "table/table_scan.h"

namespace og::table {
namespace {

Result<arrow::Compression::type> CodecFor(const std::string& name) {
  if (name == "zstd") return arrow::Compression::ZSTD;
  if (name == "snappy") return arrow::Compression::SNAPPY;
  if (name == "uncompressed") return arrow::Compression::UNCOMPRESSED;
  return Status::BadRequest("unknown fragment compression '", name,
                            "' (zstd, snappy, uncompressed)");
}

Status ValidateOptions(const WriterOptions& o) {
  if (o.row_group_rows <= 0) return Status::BadRequest("row_group_rows must be positive");
  if (o.max_rows_per_fragment <= 0 || o.max_rows_per_fragment > int64_t{UINT32_MAX}) {
    return Status::BadRequest("max_rows_per_fragment must be in [1, 2^32)");
  }
  return CodecFor(o.compression).status();
}

}  // namespace

TableWriter::TableWriter(std::shared_ptr<store::ObjectStore> store,
                         std::shared_ptr<const TableManifest> base, TableManifest staged,
                         WriterOptions options)
    : store_(std::move(store)),
      base_(std::move(base)),
      staged_(std::move(staged)),
      options_(std::move(options)) {}

TableWriter::~TableWriter() = default;

Result<std::unique_ptr<TableWriter>> TableWriter::Open(std::shared_ptr<store::ObjectStore> store,
                                                       std::shared_ptr<const TableManifest> base,
                                                       WriterOptions options) {
  if (!store) return Status::BadRequest("TableWriter needs a store");
  if (!base) return Status::BadRequest("TableWriter::Open needs a base manifest");
  OG_RETURN_NOT_OK(ValidateOptions(options));
  TableManifest staged = *base;
  staged.id.clear();
  staged.version = base->version + 1;
  staged.parent_key = base->key();
  staged.created_at_us = 0;
  return std::unique_ptr<TableWriter>(
      new TableWriter(std::move(store), std::move(base), std::move(staged), std::move(options)));
}

Result<std::unique_ptr<TableWriter>> TableWriter::Create(std::shared_ptr<store::ObjectStore> store,
                                                         std::string table_id,
                                                         std::shared_ptr<arrow::Schema> schema,
                                                         WriterOptions options) {
  if (!store) return Status::BadRequest("TableWriter needs a store");
  if (!store::IsPathSafeId(table_id)) {
    return Status::BadRequest("table id '", table_id,
                              "' is not path-safe ([A-Za-z0-9._-], no leading '.')");
  }
  if (!schema) return Status::BadRequest("table '", table_id, "' needs a schema");
  OG_RETURN_NOT_OK(ValidateOptions(options));
  std::set<std::string> names;
  for (const auto& f : schema->fields()) {
    if (f->name() == kFragmentColumn || f->name() == kOffsetColumn) {
      return Status::BadRequest("column name '", f->name(), "' is reserved for row addresses");
    }
    if (!names.insert(f->name()).second) {
      return Status::BadRequest("table '", table_id, "' has two columns named '", f->name(), "'");
    }
  }
  OG_RETURN_NOT_OK(SchemaToJson(*schema).status().Prepend("table '", table_id, "': "));
  TableManifest staged;
  staged.table_id = std::move(table_id);
  staged.version = 1;
  staged.schema = std::move(schema);
  return std::unique_ptr<TableWriter>(
      new TableWriter(std::move(store), nullptr, std::move(staged), std::move(options)));
}

const std::shared_ptr<arrow::Schema>& TableWriter::schema() const { return staged_.schema; }

uint64_t TableWriter::rows() const {
  uint64_t rows = 0;
  for (const FragmentMeta& f : staged_.fragments) {
    auto it = deletes_.find(f.id);
    rows += f.physical_rows - (it == deletes_.end() ? f.deleted_rows : it->second.cardinality());
  }
  return rows;
}

Status TableWriter::CheckLive() const {
  if (finished_)
    return Status::BadRequest("table writer for '", staged_.table_id, "' is already finished");
  return Status::OK();
}

Result<std::shared_ptr<arrow::Table>> TableWriter::Conform(const arrow::Table& data) const {
  const arrow::Schema& target = *staged_.schema;
  const arrow::Schema& given = *data.schema();
  std::vector<std::shared_ptr<arrow::ChunkedArray>> columns;
  for (const auto& field : target.fields()) {
    std::vector<int> idx = given.GetAllFieldIndices(field->name());
    if (idx.empty()) {
      return Status::BadRequest("table '", staged_.table_id, "': appended data lacks column '",
                                field->name(), "'");
    }
    if (idx.size() > 1) {
      return Status::BadRequest("table '", staged_.table_id, "': appended data has column '",
                                field->name(), "' twice");
    }
    auto column = data.column(idx[0]);
    if (!column->type()->Equals(*field->type())) {
      if (!SameLayout(*column->type(), *field->type(), /*date64_as_timestamp=*/false)) {
        return Status::BadRequest("table '", staged_.table_id, "': column '", field->name(),
                                  "' has type ", column->type()->ToString(), ", the table stores ",
                                  field->type()->ToString());
      }
      OG_ASSIGN_OR_RAISE(column, ViewAs(column, field->type()));
    }
    if (!field->nullable() && column->null_count() > 0) {
      return Status::BadRequest("table '", staged_.table_id, "': column '", field->name(),
                                "' is not nullable but ", column->null_count(),
                                " appended values are null");
    }
    columns.push_back(std::move(column));
  }
  if (given.num_fields() != target.num_fields()) {
    for (const auto& f : given.fields()) {
      if (!target.GetFieldByName(f->name())) {
        return Status::BadRequest("table '", staged_.table_id, "' has no column '", f->name(), "'");
      }
    }
  }
  return arrow::Table::Make(staged_.schema, std::move(columns), data.num_rows());
}

Result<uint32_t> TableWriter::WriteFragment(const std::shared_ptr<arrow::Table>& data) {
  if (staged_.next_fragment_id == UINT32_MAX) {
    return Status::Internal("table '", staged_.table_id, "' ran out of fragment ids");
  }
  // Statistics for the manifest, computed on the table's own types.
  std::map<std::string, ColumnStats> stats;
  for (int i = 0; i < data->num_columns(); ++i) {
    const auto& field = staged_.schema->field(i);
    if (!HasScalarStats(*field->type())) continue;
    OG_ASSIGN_OR_RAISE(ColumnStats cs, ComputeColumnStats(*data->column(i)));
    stats.emplace(field->name(), std::move(cs));
  }

  // The Parquet file, with date64 stored as timestamp[ms] (parquet_mapping.h).
  auto storage_schema = StorageSchema(*staged_.schema);
  std::vector<std::shared_ptr<arrow::ChunkedArray>> storage_columns;
  for (int i = 0; i < data->num_columns(); ++i) {
    OG_ASSIGN_OR_RAISE(auto col, ViewAs(data->column(i), storage_schema->field(i)->type()));
    storage_columns.push_back(std::move(col));
  }
  auto storage_table =
      arrow::Table::Make(storage_schema, std::move(storage_columns), data->num_rows());
  OG_ASSIGN_OR_RAISE(auto codec, CodecFor(options_.compression));
  auto props = parquet::WriterProperties::Builder()
                   .compression(codec)
                   ->max_row_group_length(options_.row_group_rows)
                   ->enable_statistics()
                   ->created_by("omnigraph-cpp")
                   ->build();
  auto arrow_props = parquet::ArrowWriterProperties::Builder().store_schema()->build();
  OG_ARROW_ASSIGN_OR_RAISE(auto sink, arrow::io::BufferOutputStream::Create());
  arrow::Status written;
  try {
    written = parquet::arrow::WriteTable(*storage_table, arrow::default_memory_pool(), sink,
                                         options_.row_group_rows, props, arrow_props);
  } catch (const std::exception& e) {  // Parquet throws on some invalid input; stop it here
    written = arrow::Status::Invalid(e.what());
  }
  OG_RETURN_NOT_OK(
      FromArrow(written).Prepend("writing a fragment of table '", staged_.table_id, "': "));
  OG_ARROW_ASSIGN_OR_RAISE(auto buffer, sink->Finish());

  FragmentMeta f;
  f.id = staged_.next_fragment_id;
  f.data_key = store::FragmentKey(staged_.table_id, NewUlid());
  f.data_bytes = static_cast<uint64_t>(buffer->size());
  f.physical_rows = static_cast<uint64_t>(data->num_rows());
  f.created_version = staged_.version;
  f.stats = std::move(stats);
  pending_bytes_ += static_cast<uint64_t>(buffer->size());
  pending_.emplace_back(f.data_key, buffer->ToString());
  if (pending_bytes_ > kMaxPendingBytes) OG_RETURN_NOT_OK(FlushPending());
  staged_.next_fragment_id++;
  staged_.rows += f.physical_rows;
  staged_.fragments.push_back(std::move(f));
  return staged_.fragments.back().id;
}

Result<std::vector<uint32_t>> TableWriter::Append(const arrow::Table& data) {
  OG_RETURN_NOT_OK(CheckLive());
  OG_ASSIGN_OR_RAISE(auto conformed, Conform(data));
  std::vector<uint32_t> ids;
  int64_t total = conformed->num_rows();
  for (int64_t offset = 0; offset < total; offset += options_.max_rows_per_fragment) {
    int64_t n = std::min(options_.max_rows_per_fragment, total - offset);
    OG_ASSIGN_OR_RAISE(uint32_t id, WriteFragment(conformed->Slice(offset, n)));
    ids.push_back(id);
  }
  return ids;
}

Result<std::vector<uint32_t>> TableWriter::Append(const arrow::RecordBatch& data) {
  auto table = arrow::Table::Make(data.schema(), data.columns(), data.num_rows());
  return Append(*table);
}

FragmentMeta* TableWriter::FindStaged(uint32_t fragment_id) {
  return const_cast<FragmentMeta*>(staged_.FindFragment(fragment_id));
}

Status TableWriter::DeleteRows(uint32_t fragment_id, const Roaring& offsets) {
  OG_RETURN_NOT_OK(CheckLive());
  FragmentMeta* f = FindStaged(fragment_id);
  if (!f) {
    return Status::NotFound("table '", staged_.table_id, "' has no fragment ", fragment_id);
  }
  if (offsets.isEmpty()) return Status::OK();
  if (offsets.maximum() >= f->physical_rows) {
    return Status::BadRequest("row offset ", offsets.maximum(), " is outside fragment ",
                              fragment_id, " of table '", staged_.table_id, "' (", f->physical_rows,
                              " rows)");
  }
  auto it = deletes_.find(fragment_id);
  if (it == deletes_.end()) {
    DeletionVector existing;
    if (!f->deletion_key.empty()) {
      OG_ASSIGN_OR_RAISE(existing, DeletionVector::Read(*store_, f->deletion_key));
      if (existing.cardinality() != f->deleted_rows ||
          (!existing.empty() && existing.maximum() >= f->physical_rows)) {
        return Status::Corruption("deletion vector ", f->deletion_key, " does not match fragment ",
                                  fragment_id, " of table '", staged_.table_id, "'");
      }
    }
    it = deletes_.emplace(fragment_id, std::move(existing)).first;
  }
  uint64_t before = it->second.cardinality();
  it->second.Union(offsets);
  if (it->second.cardinality() != before) dirty_.insert(fragment_id);
  return Status::OK();
}

Status TableWriter::DeleteRows(const std::map<uint32_t, Roaring>& row_addresses) {
  for (const auto& [fragment_id, offsets] : row_addresses) {
    OG_RETURN_NOT_OK(DeleteRows(fragment_id, offsets));
  }
  return Status::OK();
}

Result<uint32_t> TableWriter::AdoptFragment(const FragmentMeta& fragment) {
  OG_RETURN_NOT_OK(CheckLive());
  std::string prefix = store::FragmentKey(staged_.table_id, "");
  prefix = prefix.substr(0, prefix.rfind('/') + 1);
  if (fragment.data_key.rfind(prefix, 0) != 0) {
    return Status::BadRequest("fragment ", fragment.data_key, " is not a file of table '",
                              staged_.table_id, "'");
  }
  for (const FragmentMeta& f : staged_.fragments) {
    if (f.data_key == fragment.data_key) {
      return Status::BadRequest("table '", staged_.table_id, "' already holds fragment ",
                                fragment.data_key);
    }
  }
  if (staged_.next_fragment_id == UINT32_MAX) {
    return Status::Internal("table '", staged_.table_id, "' ran out of fragment ids");
  }
  FragmentMeta f = fragment;
  f.id = staged_.next_fragment_id++;
  staged_.rows += f.live_rows();
  staged_.fragments.push_back(std::move(f));
  return staged_.fragments.back().id;
}

void TableWriter::Truncate() {
  staged_.fragments.clear();
  staged_.indexes.clear();
  staged_.rows = 0;
  deletes_.clear();
  dirty_.clear();
}

Status TableWriter::SetIndexes(std::vector<IndexMeta> indexes) {
  OG_RETURN_NOT_OK(CheckLive());
  std::set<std::string> ids;
  for (IndexMeta& idx : indexes) {
    if (!store::IsPathSafeId(idx.id))
      return Status::BadRequest("index id '", idx.id, "' is not path-safe");
    if (!ids.insert(idx.id).second)
      return Status::BadRequest("index id '", idx.id, "' is used twice");
    std::sort(idx.fragment_ids.begin(), idx.fragment_ids.end());
    idx.fragment_ids.erase(std::unique(idx.fragment_ids.begin(), idx.fragment_ids.end()),
                           idx.fragment_ids.end());
    if (idx.params_json.empty()) idx.params_json = "{}";
  }
  staged_.indexes = std::move(indexes);
  return Status::OK();
}

Status TableWriter::FlushDeletes() {
  for (auto it = dirty_.begin(); it != dirty_.end();) {
    uint32_t id = *it;
    FragmentMeta* f = FindStaged(id);
    const DeletionVector& dv = deletes_.at(id);
    if (f == nullptr) {
      // Unreachable: Truncate clears dirty_, and fragments leave only here.
      return Status::Internal("staged deletes for missing fragment ", id);
    }
    if (dv.cardinality() >= f->physical_rows) {
      // Every row is gone: drop the fragment rather than write a deletion vector for it.
      staged_.fragments.erase(staged_.fragments.begin() + (f - staged_.fragments.data()));
      deletes_.erase(id);
    } else {
      std::string key = store::DeletionKey(staged_.table_id, NewUlid());
      pending_.emplace_back(key, dv.Serialize());
      f->deletion_key = std::move(key);
      f->deleted_rows = dv.cardinality();
    }
    it = dirty_.erase(it);
  }
  staged_.rows = rows();
  return Status::OK();
}

TableManifest TableWriter::Snapshot() const {
  TableManifest m = staged_;
  m.rows = rows();
  std::set<uint32_t> present;
  for (const FragmentMeta& f : m.fragments) present.insert(f.id);
  for (IndexMeta& idx : m.indexes) {
    std::erase_if(idx.fragment_ids, [&](uint32_t id) { return !present.count(id); });
  }
  // An index left covering no fragment of the version is dropped with its last fragment.
  std::erase_if(m.indexes, [](const IndexMeta& idx) { return idx.fragment_ids.empty(); });
  return m;
}

Status TableWriter::FlushPending() {
  Status st = store::PutAll(*store_, pending_);
  pending_.clear();
  pending_bytes_ = 0;
  return st;
}

std::vector<std::pair<std::string, std::string>> TableWriter::TakePendingWrites() {
  pending_bytes_ = 0;
  return std::exchange(pending_, {});
}

Result<std::shared_ptr<const TableManifest>> TableWriter::Preview() {
  OG_RETURN_NOT_OK(CheckLive());
  OG_RETURN_NOT_OK(FlushDeletes());
  OG_RETURN_NOT_OK(FlushPending());
  TableManifest m = Snapshot();
  m.created_at_us = NowMicros();
  return std::make_shared<const TableManifest>(std::move(m));
}

Result<std::shared_ptr<const TableManifest>> TableWriter::Finish() {
  OG_RETURN_NOT_OK(CheckLive());
  OG_RETURN_NOT_OK(FlushDeletes());
  TableManifest m = Snapshot();
  m.id = NewUlid();
  m.created_at_us = NowMicros();
  // The manifest and the files it names go out together: nothing references any of them until a
  // commit does, and the caller publishes only after this returns.
  OG_ASSIGN_OR_RAISE(std::string manifest_bytes, m.Serialize());
  pending_.emplace_back(m.key(), std::move(manifest_bytes));
  finished_ = true;
  if (!options_.defer_writes) OG_RETURN_NOT_OK(FlushPending());
  return std::make_shared<const TableManifest>(std::move(m));
}

}  // namespace og::table
