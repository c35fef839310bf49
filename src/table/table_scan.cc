#include "table/table_scan.h"

#include <arrow/api.h>
#include <arrow/compute/api.h>
#include <arrow/io/interfaces.h>
#include <arrow/io/memory.h>
#include <parquet/arrow/reader.h>
#include <parquet/arrow/schema.h>
#include <parquet/file_reader.h>
#include <parquet/metadata.h>
#include <parquet/statistics.h>

#include <mutex>
#include <set>

#include "common/arrow_util.h"
#include "table/column_stats.h"
#include "table/compute_init.h"
#include "table/deletion_vector.h"
#include "table/parquet_mapping.h"

namespace og::table {
namespace {

namespace cp = arrow::compute;

// ---- reading Parquet through an ObjectStore -----------------------------------------------------

// An arrow RandomAccessFile whose reads are ObjectStore::GetRange requests. ReadAt is thread-safe
// (Arrow's pre-buffering issues reads from its I/O pool); Read/Seek use a guarded position. The
// first store error is kept so the scan can report it with its own code (e.g. NotFound).
class StoreFile final : public arrow::io::RandomAccessFile {
 public:
  StoreFile(store::ObjectStore& store, std::string key, int64_t size)
      : store_(store), key_(std::move(key)), size_(size) {}

  arrow::Status Close() override {
    closed_ = true;
    return arrow::Status::OK();
  }
  bool closed() const override { return closed_; }
  arrow::Result<int64_t> Tell() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return pos_;
  }
  arrow::Status Seek(int64_t position) override {
    if (position < 0 || position > size_) return arrow::Status::Invalid("seek out of range");
    std::lock_guard<std::mutex> lock(mu_);
    pos_ = position;
    return arrow::Status::OK();
  }
  arrow::Result<int64_t> GetSize() override { return size_; }

  arrow::Result<int64_t> Read(int64_t nbytes, void* out) override {
    std::lock_guard<std::mutex> lock(mu_);
    ARROW_ASSIGN_OR_RAISE(int64_t n, ReadAt(pos_, nbytes, /*allow_short_read=*/true, out));
    pos_ += n;
    return n;
  }
  arrow::Result<std::shared_ptr<arrow::Buffer>> Read(int64_t nbytes) override {
    std::lock_guard<std::mutex> lock(mu_);
    ARROW_ASSIGN_OR_RAISE(auto buf, ReadAt(pos_, nbytes, /*allow_short_read=*/true));
    pos_ += buf->size();
    return buf;
  }

  using arrow::io::RandomAccessFile::ReadAt;
  arrow::Result<int64_t> ReadAt(int64_t position, int64_t nbytes, bool allow_short_read,
                                void* out) override {
    ARROW_ASSIGN_OR_RAISE(auto buf, ReadAt(position, nbytes, allow_short_read));
    std::memcpy(out, buf->data(), static_cast<size_t>(buf->size()));
    return buf->size();
  }
  arrow::Result<int64_t> ReadAt(int64_t position, int64_t nbytes, void* out) override {
    return ReadAt(position, nbytes, /*allow_short_read=*/true, out);
  }
  arrow::Result<std::shared_ptr<arrow::Buffer>> ReadAt(int64_t position, int64_t nbytes,
                                                       bool allow_short_read) override {
    if (position < 0 || nbytes < 0 || position > size_) {
      return arrow::Status::Invalid("read [", position, ", +", nbytes, ") outside ", key_);
    }
    int64_t n = std::min(nbytes, size_ - position);
    if (n < nbytes && !allow_short_read) {
      return arrow::Status::IOError("short read of ", key_);
    }
    if (n == 0) return std::make_shared<arrow::Buffer>(nullptr, 0);
    auto bytes = store_.GetRange(key_, static_cast<uint64_t>(position), static_cast<uint64_t>(n));
    if (!bytes.ok()) {
      Remember(bytes.status());
      return arrow::Status::IOError(bytes.status().ToString());
    }
    if (static_cast<int64_t>(bytes->size()) != n) {
      Remember(Status::Corruption(key_, " is shorter than its manifest says"));
      return arrow::Status::IOError("short read of ", key_);
    }
    return arrow::Buffer::FromString(std::move(*bytes));
  }
  arrow::Result<std::shared_ptr<arrow::Buffer>> ReadAt(int64_t position, int64_t nbytes) override {
    return ReadAt(position, nbytes, /*allow_short_read=*/true);
  }

  /// The first store error a read hit, or OK.
  Status error() const {
    std::lock_guard<std::mutex> lock(mu_);
    return error_;
  }

 private:
  void Remember(const Status& st) {
    std::lock_guard<std::mutex> lock(mu_);
    if (error_.ok()) error_ = st;
  }

  store::ObjectStore& store_;
  const std::string key_;
  const int64_t size_;
  mutable std::mutex mu_;
  int64_t pos_ = 0;  // GUARDED_BY(mu_)
  Status error_;     // GUARDED_BY(mu_)
  std::atomic<bool> closed_{false};
};

// ---- scan planning ------------------------------------------------------------------------------

struct BoundPredicate {
  int field = -1;  // index in the manifest schema
  CompareOp op = CompareOp::kEq;
  std::shared_ptr<arrow::Scalar> value;  // cast to the column type; null for is (not) null
  bool floating = false;
};

struct ScanPlan {
  std::vector<int> projected;  // manifest field indices, output order
  std::vector<int> needed;     // projected ∪ predicate columns, ascending
  std::vector<BoundPredicate> predicates;
  bool never_matches = false;  // a comparison with a null literal
  std::shared_ptr<arrow::Schema> output_schema;
};

bool IsComparison(CompareOp op) { return op != CompareOp::kIsNull && op != CompareOp::kIsNotNull; }

Result<ScanPlan> Plan(const TableManifest& manifest, const ScanOptions& options) {
  const arrow::Schema& schema = *manifest.schema;
  ScanPlan plan;
  std::set<int> needed;
  if (options.columns.empty()) {
    for (int i = 0; i < schema.num_fields(); ++i) plan.projected.push_back(i);
  } else {
    for (const std::string& name : options.columns) {
      int i = schema.GetFieldIndex(name);
      if (i < 0)
        return Status::BadRequest("table '", manifest.table_id, "' has no column '", name, "'");
      plan.projected.push_back(i);
    }
  }
  needed.insert(plan.projected.begin(), plan.projected.end());
  for (const Predicate& p : options.predicates) {
    int i = schema.GetFieldIndex(p.column);
    if (i < 0) {
      return Status::BadRequest("predicate ", p.ToString(), ": table '", manifest.table_id,
                                "' has no column '", p.column, "'");
    }
    needed.insert(i);
    BoundPredicate b;
    b.field = i;
    b.op = p.op;
    const auto& type = schema.field(i)->type();
    b.floating = type->id() == arrow::Type::FLOAT || type->id() == arrow::Type::DOUBLE;
    if (IsComparison(p.op)) {
      if (!HasScalarStats(*type)) {
        return Status::BadRequest("predicate ", p.ToString(), ": column '", p.column, "' of type ",
                                  type->ToString(), " cannot be compared");
      }
      if (!p.value || !p.value->is_valid) {
        plan.never_matches = true;  // SQL: a comparison with null is never true
        continue;
      }
      if (p.value->type->Equals(*type)) {
        b.value = p.value;
      } else {
        auto cast = cp::Cast(arrow::Datum(p.value), type);
        if (!cast.ok()) {
          return Status::BadRequest("predicate ", p.ToString(), ": cannot compare column '",
                                    p.column, "' (", type->ToString(), ") with a ",
                                    p.value->type->ToString(), " value: ", cast.status().message());
        }
        b.value = cast->scalar();
      }
    }
    plan.predicates.push_back(std::move(b));
  }
  plan.needed.assign(needed.begin(), needed.end());
  arrow::FieldVector fields;
  for (int i : plan.projected) fields.push_back(schema.field(i));
  if (options.with_row_address) {
    fields.push_back(arrow::field(kFragmentColumn, arrow::uint32(), /*nullable=*/false));
    fields.push_back(arrow::field(kOffsetColumn, arrow::uint32(), /*nullable=*/false));
  }
  plan.output_schema = arrow::schema(fields);
  return plan;
}

bool FragmentMayMatch(const TableManifest& manifest, const FragmentMeta& f, const ScanPlan& plan) {
  for (const BoundPredicate& p : plan.predicates) {
    RangeStats rs;
    rs.rows = f.physical_rows;
    auto it = f.stats.find(manifest.schema->field(p.field)->name());
    if (it != f.stats.end()) {
      rs.min = it->second.min.get();
      rs.max = it->second.max.get();
      rs.null_count = it->second.null_count;
    }
    if (!MayMatch(rs, p.op, p.value.get())) return false;
  }
  return true;
}

void CollectLeaves(const parquet::arrow::SchemaField& field, std::vector<int>* out) {
  if (field.is_leaf()) {
    out->push_back(field.column_index);
    return;
  }
  for (const auto& child : field.children) CollectLeaves(child, out);
}

const char* ComputeFunctionFor(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return "equal";
    case CompareOp::kNe:
      return "not_equal";
    case CompareOp::kLt:
      return "less";
    case CompareOp::kLe:
      return "less_equal";
    case CompareOp::kGt:
      return "greater";
    case CompareOp::kGe:
      return "greater_equal";
    case CompareOp::kIsNull:
      return "is_null";
    case CompareOp::kIsNotNull:
      return "is_valid";
  }
  return "";
}

// Scan one fragment; nullptr when nothing of it is read (all row groups pruned).
Result<std::shared_ptr<arrow::Table>> ScanFragment(store::ObjectStore& store,
                                                   const TableManifest& manifest,
                                                   const FragmentMeta& frag, const ScanPlan& plan,
                                                   const ScanOptions& options, ScanStats* stats) {
  const arrow::Schema& schema = *manifest.schema;
  const Roaring* selected = nullptr;
  if (options.rows) selected = &options.rows->at(frag.id);  // ScanTable skips unselected fragments
  auto where = [&](const Status& st) {
    return st.Prepend("table '", manifest.table_id, "' fragment ", frag.id, " (", frag.data_key,
                      "): ");
  };

  // Open the file: small fragments with one whole-object read, others through ranged reads.
  std::shared_ptr<arrow::io::RandomAccessFile> file;
  std::shared_ptr<StoreFile> store_file;
  bool whole = frag.data_bytes > 0 && frag.data_bytes <= options.small_fragment_bytes;
  if (whole) {
    OG_ASSIGN_OR_RAISE(std::string bytes, store.Get(frag.data_key));
    if (bytes.size() != frag.data_bytes) {
      return where(
          Status::Corruption("file has ", bytes.size(), " bytes, manifest says ", frag.data_bytes));
    }
    file = std::make_shared<arrow::io::BufferReader>(arrow::Buffer::FromString(std::move(bytes)));
  } else {
    uint64_t size = frag.data_bytes;
    if (size == 0) {
      OG_ASSIGN_OR_RAISE(size, store.Size(frag.data_key));
    }
    store_file = std::make_shared<StoreFile>(store, frag.data_key, static_cast<int64_t>(size));
    file = store_file;
  }
  auto fail = [&](const arrow::Status& st) -> Status {
    if (store_file && !store_file->error().ok()) return where(store_file->error());
    return where(Status::Corruption(st.ToString()));
  };

  parquet::arrow::FileReaderBuilder builder;
  if (auto st = builder.Open(file); !st.ok()) return fail(st);
  parquet::ArrowReaderProperties props;
  props.set_use_threads(false);
  if (!whole) {
    props.set_pre_buffer(true);
    arrow::io::CacheOptions cache = arrow::io::CacheOptions::Defaults();
    cache.hole_size_limit = 1 << 20;  // one request beats two on an object store
    cache.range_size_limit = 64 << 20;
    cache.lazy = false;
    props.set_cache_options(cache);
  } else {
    props.set_pre_buffer(false);
  }
  builder.properties(props);
  auto reader_result = builder.Build();
  if (!reader_result.ok()) return fail(reader_result.status());
  std::unique_ptr<parquet::arrow::FileReader> reader = std::move(*reader_result);
  std::shared_ptr<parquet::FileMetaData> meta = reader->parquet_reader()->metadata();
  if (static_cast<uint64_t>(meta->num_rows()) != frag.physical_rows) {
    return where(Status::Corruption("file has ", meta->num_rows(), " rows, manifest says ",
                                    frag.physical_rows));
  }
  std::shared_ptr<arrow::Schema> file_schema;
  if (auto st = reader->GetSchema(&file_schema); !st.ok()) return fail(st);
  const parquet::arrow::SchemaManifest& file_manifest = reader->manifest();

  // Where each needed column is in the file (-1: added after this fragment was written).
  std::map<int, int> file_index;
  for (int i : plan.needed) file_index[i] = file_schema->GetFieldIndex(schema.field(i)->name());

  // Row-group pruning by Parquet statistics.
  std::vector<int> row_groups;
  std::vector<std::pair<int64_t, int64_t>> ranges;  // (first offset, rows) per chosen row group
  int64_t first = 0;
  for (int rg = 0; rg < meta->num_row_groups(); ++rg) {
    auto rg_meta = meta->RowGroup(rg);
    int64_t rg_rows = rg_meta->num_rows();
    stats->row_groups_total++;
    bool keep = true;
    if (selected && rg_rows > 0) {
      uint64_t upto_last = selected->rank(static_cast<uint32_t>(first + rg_rows - 1));
      uint64_t before_first = first > 0 ? selected->rank(static_cast<uint32_t>(first - 1)) : 0;
      keep = upto_last > before_first;  // some selected row lives in this row group
    }
    if (keep && !options.disable_pruning) {
      for (const BoundPredicate& p : plan.predicates) {
        int fi = file_index[p.field];
        RangeStats rs;
        rs.rows = static_cast<uint64_t>(rg_rows);
        rs.may_hide_nan = p.floating;
        std::shared_ptr<arrow::Scalar> min, max;
        if (fi < 0) {
          rs.null_count = rs.rows;  // the column is absent: every value is null
        } else if (file_manifest.schema_fields[fi].is_leaf()) {
          auto col = rg_meta->ColumnChunk(file_manifest.schema_fields[fi].column_index);
          std::shared_ptr<parquet::Statistics> st = col->statistics();
          if (st) {
            if (st->HasNullCount()) rs.null_count = static_cast<uint64_t>(st->null_count());
            if (st->HasMinMax() && parquet::arrow::StatisticsAsScalars(*st, &min, &max).ok()) {
              rs.min = min.get();
              rs.max = max.get();
            }
          }
        }
        if (!MayMatch(rs, p.op, p.value.get())) {
          keep = false;
          break;
        }
      }
    }
    if (keep) {
      row_groups.push_back(rg);
      ranges.emplace_back(first, rg_rows);
    } else {
      stats->row_groups_skipped++;
    }
    first += rg_rows;
  }
  if (row_groups.empty()) return std::shared_ptr<arrow::Table>();

  int64_t rows = 0;
  for (const auto& r : ranges) rows += r.second;
  stats->rows_read += static_cast<uint64_t>(rows);

  // Read the needed columns of the chosen row groups.
  std::vector<int> leaves;
  for (int i : plan.needed) {
    if (file_index[i] >= 0) CollectLeaves(file_manifest.schema_fields[file_index[i]], &leaves);
  }
  std::shared_ptr<arrow::Table> data;
  if (!leaves.empty()) {
    auto read = reader->ReadRowGroups(row_groups, leaves);
    if (!read.ok()) return fail(read.status());
    data = std::move(*read);
    if (data->num_rows() != rows) {
      return where(
          Status::Corruption("row groups decoded to ", data->num_rows(), " rows, expected ", rows));
    }
  }
  std::map<int, std::shared_ptr<arrow::ChunkedArray>> columns;
  for (int i : plan.needed) {
    const auto& field = schema.field(i);
    std::shared_ptr<arrow::ChunkedArray> col;
    if (file_index[i] < 0) {
      if (!field->nullable()) {
        return where(Status::Corruption("non-nullable column '", field->name(),
                                        "' is missing from the file"));
      }
      OG_ARROW_ASSIGN_OR_RAISE(auto nulls, arrow::MakeArrayOfNull(field->type(), rows));
      col = std::make_shared<arrow::ChunkedArray>(nulls);
    } else {
      col = data->GetColumnByName(field->name());
      if (!col) return where(Status::Corruption("column '", field->name(), "' was not decoded"));
      if (!col->type()->Equals(*field->type())) {
        if (SameLayout(*col->type(), *field->type())) {
          OG_ASSIGN_OR_RAISE(col, ViewAs(col, field->type()));
        } else {
          auto cast = cp::Cast(arrow::Datum(col), field->type());
          if (!cast.ok()) {
            return where(Status::Corruption("column '", field->name(), "' is stored as ",
                                            col->type()->ToString(), ", not ",
                                            field->type()->ToString()));
          }
          col = cast->chunked_array();
        }
      }
    }
    columns[i] = std::move(col);
  }

  // Row offsets within the fragment.
  arrow::UInt32Builder offset_builder;
  OG_RETURN_NOT_OK(FromArrow(offset_builder.Reserve(rows)));
  for (const auto& [start, n] : ranges) {
    for (int64_t k = 0; k < n; ++k) offset_builder.UnsafeAppend(static_cast<uint32_t>(start + k));
  }
  std::shared_ptr<arrow::UInt32Array> offsets;
  OG_RETURN_NOT_OK(FromArrow(offset_builder.Finish(&offsets)));

  // Exact filter: the predicates, then the deletion vector.
  arrow::Datum mask;
  for (const BoundPredicate& p : plan.predicates) {
    std::vector<arrow::Datum> args{arrow::Datum(columns[p.field])};
    if (IsComparison(p.op)) args.emplace_back(p.value);
    OG_ARROW_ASSIGN_OR_RAISE(arrow::Datum m, cp::CallFunction(ComputeFunctionFor(p.op), args));
    if (mask.is_value()) {
      OG_ARROW_ASSIGN_OR_RAISE(mask, cp::CallFunction("and_kleene", {mask, m}));
    } else {
      mask = std::move(m);
    }
  }
  if (selected) {
    arrow::BooleanBuilder pick;
    OG_RETURN_NOT_OK(FromArrow(pick.Reserve(rows)));
    for (int64_t k = 0; k < rows; ++k) pick.UnsafeAppend(selected->contains(offsets->Value(k)));
    std::shared_ptr<arrow::BooleanArray> pick_array;
    OG_RETURN_NOT_OK(FromArrow(pick.Finish(&pick_array)));
    if (mask.is_value()) {
      OG_ARROW_ASSIGN_OR_RAISE(mask,
                               cp::CallFunction("and_kleene", {mask, arrow::Datum(pick_array)}));
    } else {
      mask = arrow::Datum(pick_array);
    }
  }
  if (!frag.deletion_key.empty()) {
    OG_ASSIGN_OR_RAISE(DeletionVector dv, DeletionVector::Read(store, frag.deletion_key));
    if (dv.cardinality() != frag.deleted_rows) {
      return where(Status::Corruption("deletion vector ", frag.deletion_key, " has ",
                                      dv.cardinality(), " rows, manifest says ",
                                      frag.deleted_rows));
    }
    arrow::BooleanBuilder keep;
    OG_RETURN_NOT_OK(FromArrow(keep.Reserve(rows)));
    for (int64_t k = 0; k < rows; ++k) keep.UnsafeAppend(!dv.Contains(offsets->Value(k)));
    std::shared_ptr<arrow::BooleanArray> keep_array;
    OG_RETURN_NOT_OK(FromArrow(keep.Finish(&keep_array)));
    if (mask.is_value()) {
      OG_ARROW_ASSIGN_OR_RAISE(mask,
                               cp::CallFunction("and_kleene", {mask, arrow::Datum(keep_array)}));
    } else {
      mask = arrow::Datum(keep_array);
    }
  }

  std::vector<std::shared_ptr<arrow::ChunkedArray>> out;
  for (int i : plan.projected) out.push_back(columns[i]);
  if (options.with_row_address) {
    OG_ARROW_ASSIGN_OR_RAISE(auto frag_ids,
                             arrow::MakeArrayFromScalar(arrow::UInt32Scalar(frag.id), rows));
    out.push_back(std::make_shared<arrow::ChunkedArray>(frag_ids));
    out.push_back(std::make_shared<arrow::ChunkedArray>(offsets));
  }
  auto table = arrow::Table::Make(plan.output_schema, std::move(out), rows);
  if (mask.is_value()) {
    // Rows whose mask is null (a comparison with a null value) are dropped: SQL semantics.
    OG_ARROW_ASSIGN_OR_RAISE(arrow::Datum filtered, cp::Filter(table, mask));
    table = filtered.table();
  }
  return table;
}

}  // namespace

ScanStats& ScanStats::operator+=(const ScanStats& o) {
  fragments_total += o.fragments_total;
  fragments_skipped += o.fragments_skipped;
  row_groups_total += o.row_groups_total;
  row_groups_skipped += o.row_groups_skipped;
  rows_read += o.rows_read;
  rows_returned += o.rows_returned;
  return *this;
}

Result<std::shared_ptr<arrow::Table>> ScanTable(store::ObjectStore& store,
                                                const TableManifest& manifest,
                                                const ScanOptions& options) {
  if (!manifest.schema) return Status::BadRequest("table '", manifest.table_id, "' has no schema");
  OG_RETURN_NOT_OK(EnsureArrowCompute());
  OG_ASSIGN_OR_RAISE(ScanPlan plan, Plan(manifest, options));
  std::set<uint32_t> only(options.fragment_ids.begin(), options.fragment_ids.end());
  ScanStats stats;
  std::vector<std::shared_ptr<arrow::Table>> parts;
  for (const FragmentMeta& frag : manifest.fragments) {
    if (!only.empty() && !only.count(frag.id)) continue;
    if (options.rows) {
      auto sel = options.rows->find(frag.id);
      if (sel == options.rows->end() || sel->second.isEmpty()) continue;
    }
    stats.fragments_total++;
    if (plan.never_matches || frag.live_rows() == 0 ||
        (!options.disable_pruning && !FragmentMayMatch(manifest, frag, plan))) {
      stats.fragments_skipped++;
      continue;
    }
    // Parquet reports some malformed input by throwing; it stops here (STYLE.md, errors).
    Result<std::shared_ptr<arrow::Table>> scanned = [&]() -> Result<std::shared_ptr<arrow::Table>> {
      try {
        return ScanFragment(store, manifest, frag, plan, options, &stats);
      } catch (const std::exception& e) {
        return Status::Corruption("table '", manifest.table_id, "' fragment ", frag.id, " (",
                                  frag.data_key, "): ", e.what());
      }
    }();
    OG_ASSIGN_OR_RAISE(auto part, std::move(scanned));
    if (part && part->num_rows() > 0) parts.push_back(std::move(part));
  }
  std::shared_ptr<arrow::Table> result;
  if (parts.empty()) {
    OG_ARROW_ASSIGN_OR_RAISE(result, arrow::Table::MakeEmpty(plan.output_schema));
  } else if (parts.size() == 1) {
    result = std::move(parts[0]);
  } else {
    OG_ARROW_ASSIGN_OR_RAISE(result, arrow::ConcatenateTables(parts));
  }
  stats.rows_returned = static_cast<uint64_t>(result->num_rows());
  if (options.stats) *options.stats = stats;
  return result;
}

Result<std::map<uint32_t, Roaring>> RowAddressesOf(const arrow::Table& scanned) {
  auto frags = scanned.GetColumnByName(kFragmentColumn);
  auto offs = scanned.GetColumnByName(kOffsetColumn);
  if (!frags || !offs || frags->type()->id() != arrow::Type::UINT32 ||
      offs->type()->id() != arrow::Type::UINT32) {
    return Status::BadRequest("scan result has no uint32 '", kFragmentColumn, "' and '",
                              kOffsetColumn, "' columns (scan with with_row_address)");
  }
  std::map<uint32_t, Roaring> out;
  if (scanned.num_rows() == 0) return out;
  OG_ARROW_ASSIGN_OR_RAISE(auto f_all, arrow::Concatenate(frags->chunks()));
  OG_ARROW_ASSIGN_OR_RAISE(auto o_all, arrow::Concatenate(offs->chunks()));
  const auto& f = static_cast<const arrow::UInt32Array&>(*f_all);
  const auto& o = static_cast<const arrow::UInt32Array&>(*o_all);
  for (int64_t i = 0; i < f.length(); ++i) {
    if (f.IsNull(i) || o.IsNull(i)) return Status::BadRequest("null row address at row ", i);
    out[f.Value(i)].add(o.Value(i));
  }
  return out;
}

}  // namespace og::table
