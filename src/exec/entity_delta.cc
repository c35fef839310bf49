#include "exec/entity_delta.h"
#include "common/utf8.h"

#include <map>
#include <unordered_map>

#include <arrow/api.h>
#include <arrow/compare.h>

#include "common/arrow_util.h"
#include "table/deletion_vector.h"
#include "table/table_scan.h"

namespace og::exec {
namespace {

Result<Roaring> DeletedRows(store::ObjectStore& store, const table::FragmentMeta& f) {
  if (f.deletion_key.empty()) return Roaring();
  OG_ASSIGN_OR_RAISE(table::DeletionVector dv, table::DeletionVector::Read(store, f.deletion_key));
  return dv.bitmap();
}

// The rows of `side` that are live there but not in `other` (null = empty table), with their
// addresses in `side`.
Result<std::shared_ptr<arrow::Table>> RowsOnlyIn(store::ObjectStore& store,
                                                 const table::TableManifest* side,
                                                 const table::TableManifest* other,
                                                 const std::shared_ptr<arrow::Schema>& schema) {
  std::vector<std::shared_ptr<arrow::Table>> parts;
  if (side) {
    std::map<std::string, const table::FragmentMeta*> other_by_file;
    if (other) {
      for (const auto& f : other->fragments) other_by_file.emplace(f.data_key, &f);
    }
    std::vector<uint32_t> whole;
    std::map<uint32_t, Roaring> some;
    for (const auto& f : side->fragments) {
      auto it = other_by_file.find(f.data_key);
      if (it == other_by_file.end()) {
        whole.push_back(f.id);
        continue;
      }
      if (it->second->deletion_key == f.deletion_key) continue;  // identical rows on both sides
      OG_ASSIGN_OR_RAISE(Roaring mine, DeletedRows(store, f));
      OG_ASSIGN_OR_RAISE(Roaring theirs, DeletedRows(store, *it->second));
      Roaring only_mine_live = theirs - mine;  // deleted there, live here
      if (!only_mine_live.isEmpty()) some.emplace(f.id, std::move(only_mine_live));
    }
    table::ScanOptions options;
    options.with_row_address = true;
    if (!whole.empty()) {
      options.fragment_ids = whole;
      OG_ASSIGN_OR_RAISE(auto t, table::ScanTable(store, *side, options));
      parts.push_back(std::move(t));
    }
    if (!some.empty()) {
      options.fragment_ids.clear();
      options.rows = &some;
      OG_ASSIGN_OR_RAISE(auto t, table::ScanTable(store, *side, options));
      parts.push_back(std::move(t));
    }
  }
  std::shared_ptr<arrow::Table> out;
  if (parts.empty()) {
    arrow::FieldVector fields = schema->fields();
    fields.push_back(arrow::field(table::kFragmentColumn, arrow::uint32(), false));
    fields.push_back(arrow::field(table::kOffsetColumn, arrow::uint32(), false));
    OG_ARROW_ASSIGN_OR_RAISE(out, arrow::Table::MakeEmpty(arrow::schema(fields)));
  } else if (parts.size() == 1) {
    out = parts[0];
  } else {
    OG_ARROW_ASSIGN_OR_RAISE(out, arrow::ConcatenateTables(parts));
  }
  OG_ARROW_ASSIGN_OR_RAISE(out, out->CombineChunks());
  return out;
}

std::shared_ptr<arrow::Array> ColumnArray(const arrow::Table& t, int i) {
  const auto& col = t.column(i);
  return col->num_chunks() == 1 ? col->chunk(0) : arrow::Concatenate(col->chunks()).ValueOrDie();
}

}  // namespace

Result<TableDelta> DiffTableVersions(store::ObjectStore& store, const table::TableManifest* from,
                                     const table::TableManifest* to,
                                     const std::shared_ptr<arrow::Schema>& schema) {
  TableDelta delta;
  if (from && to && from->key() == to->key()) {
    OG_ASSIGN_OR_RAISE(delta.removed, RowsOnlyIn(store, nullptr, nullptr, schema));
    delta.added = delta.removed;
    return delta;
  }
  OG_ASSIGN_OR_RAISE(delta.removed, RowsOnlyIn(store, from, to, schema));
  OG_ASSIGN_OR_RAISE(delta.added, RowsOnlyIn(store, to, from, schema));
  return delta;
}

const char* ChangeOpName(ChangeOp op) {
  switch (op) {
    case ChangeOp::kInsert:
      return "insert";
    case ChangeOp::kUpdate:
      return "update";
    case ChangeOp::kDelete:
      return "delete";
  }
  return "";
}

bool SameRow(const arrow::Table& x, int64_t a, const arrow::Table& y, int64_t b,
             const arrow::Schema& schema) {
  static const auto kEqual = arrow::EqualOptions::Defaults().nans_equal(true);
  for (const auto& field : schema.fields()) {
    auto cx = x.GetColumnByName(field->name());
    auto cy = y.GetColumnByName(field->name());
    if (!cx || !cy) return false;
    // Locate the rows' chunks (delta tables are single-chunk; callers may pass others).
    auto locate = [](const arrow::ChunkedArray& c, int64_t row) {
      for (const auto& chunk : c.chunks()) {
        if (row < chunk->length()) return std::make_pair(chunk, row);
        row -= chunk->length();
      }
      return std::make_pair(std::shared_ptr<arrow::Array>(), int64_t{0});
    };
    auto [ax, ia] = locate(*cx, a);
    auto [ay, ib] = locate(*cy, b);
    if (!ax || !ay || !ax->RangeEquals(ia, ia + 1, ib, *ay, kEqual)) return false;
  }
  return true;
}

Result<std::vector<EntityChange>> EntityChangesOf(const TableDelta& delta) {
  std::map<std::string, EntityChange> by_id;
  auto ids_of = [](const arrow::Table& t) {
    return std::static_pointer_cast<arrow::StringArray>(ColumnArray(t, 0));
  };
  if (delta.removed->num_rows() > 0) {
    auto ids = ids_of(*delta.removed);
    for (int64_t r = 0; r < ids->length(); ++r) {
      std::string id(ids->GetView(r));
      auto [it, fresh] = by_id.emplace(id, EntityChange{id, ChangeOp::kDelete, r, -1});
      if (!fresh) return Status::Corruption("entity ", QuoteName(id), " is live twice in one table version");
    }
  }
  if (delta.added->num_rows() > 0) {
    auto ids = ids_of(*delta.added);
    for (int64_t r = 0; r < ids->length(); ++r) {
      std::string id(ids->GetView(r));
      auto it = by_id.find(id);
      if (it == by_id.end()) {
        by_id.emplace(id, EntityChange{id, ChangeOp::kInsert, -1, r});
      } else if (it->second.after >= 0 || it->second.op == ChangeOp::kInsert) {
        return Status::Corruption("entity ", QuoteName(id), " is live twice in one table version");
      } else {
        it->second.op = ChangeOp::kUpdate;
        it->second.after = r;
      }
    }
  }
  // The schema columns: everything but the row address.
  arrow::FieldVector fields;
  for (const auto& f : delta.added->schema()->fields()) {
    if (f->name() != table::kFragmentColumn && f->name() != table::kOffsetColumn) fields.push_back(f);
  }
  arrow::Schema columns(fields);
  std::vector<EntityChange> out;
  out.reserve(by_id.size());
  for (auto& [id, change] : by_id) {
    if (change.op == ChangeOp::kUpdate &&
        SameRow(*delta.removed, change.before, *delta.added, change.after, columns)) {
      continue;  // rewritten, not changed
    }
    out.push_back(std::move(change));
  }
  return out;
}

}  // namespace og::exec
