#include "exec/table_access.h"

#include <algorithm>

#include <arrow/api.h>

#include "common/arrow_util.h"
#include "exec/embedding_fill.h"
#include "exec/index_build.h"
#include "graph/table_schema.h"
#include "table/table_writer.h"

namespace og::exec {

Result<std::shared_ptr<arrow::Schema>> TableSchemaFor(const lang::Catalog& catalog,
                                                      const std::string& table_key) {
  if (table_key.rfind("node:", 0) == 0) {
    const lang::NodeType* node = catalog.FindNode(table_key.substr(5));
    if (node) return graph::NodeTableSchema(*node);
  } else if (table_key.rfind("edge:", 0) == 0) {
    const lang::EdgeType* edge = catalog.FindEdge(table_key.substr(5));
    if (edge) return graph::EdgeTableSchema(*edge);
  }
  return Status::NotFound("no table '", table_key, "' in the schema");
}

Result<std::shared_ptr<arrow::Table>> ReadTable(graph::GraphStore& graph,
                                                const graph::Snapshot& snap,
                                                const std::string& table_key,
                                                const std::vector<std::string>& columns,
                                                bool with_address,
                                                const std::vector<table::Predicate>& predicates,
                                                table::ScanStats* stats) {
  OG_ASSIGN_OR_RAISE(auto manifest, graph.ReadTable(snap, table_key));
  std::shared_ptr<arrow::Table> out;
  if (manifest) {
    table::ScanOptions options;
    options.columns = columns;
    options.predicates = predicates;
    options.with_row_address = with_address;
    options.stats = stats;
    OG_ASSIGN_OR_RAISE(out, table::ScanTable(graph.store(), *manifest, options));
  } else {
    // An empty table: no rows, with the columns the caller asked for.
    OG_ASSIGN_OR_RAISE(auto schema, TableSchemaFor(*snap.catalog, table_key));
    arrow::FieldVector fields;
    if (columns.empty()) {
      fields = schema->fields();
    } else {
      for (const auto& c : columns) {
        auto f = schema->GetFieldByName(c);
        if (!f) return Status::BadRequest("table ", table_key, " has no column '", c, "'");
        fields.push_back(f);
      }
    }
    if (with_address) {
      fields.push_back(arrow::field(table::kFragmentColumn, arrow::uint32(), false));
      fields.push_back(arrow::field(table::kOffsetColumn, arrow::uint32(), false));
    }
    OG_ARROW_ASSIGN_OR_RAISE(out, arrow::Table::MakeEmpty(arrow::schema(fields)));
  }
  OG_ARROW_ASSIGN_OR_RAISE(out, out->CombineChunks());
  return out;
}

DeleteSet DeletesOf(const arrow::RecordBatch& committed, const std::vector<bool>& removed) {
  DeleteSet out;
  if (committed.num_rows() == 0) return out;
  const auto& frag =
      static_cast<const arrow::UInt32Array&>(*committed.GetColumnByName(table::kFragmentColumn));
  const auto& offsets =
      static_cast<const arrow::UInt32Array&>(*committed.GetColumnByName(table::kOffsetColumn));
  for (int64_t r = 0; r < committed.num_rows(); ++r) {
    if (removed[r]) out[frag.Value(r)].add(offsets.Value(r));
  }
  return out;
}

Result<graph::TableEntry> StageTableChange(graph::GraphStore& graph, const graph::Snapshot& snap,
                                           const std::string& table_key, const TableChange& change,
                                           graph::CommitRequest* request, const EmbedFn* embed) {
  OG_ASSIGN_OR_RAISE(auto base, graph.ReadTable(snap, table_key));
  std::unique_ptr<table::TableWriter> writer;
  table::WriterOptions options;
  options.defer_writes = true;
  if (base) {
    OG_ASSIGN_OR_RAISE(writer, table::TableWriter::Open(graph.shared_store(), base, options));
  } else {
    OG_ASSIGN_OR_RAISE(auto schema, TableSchemaFor(*snap.catalog, table_key));
    OG_ASSIGN_OR_RAISE(writer, table::TableWriter::Create(graph.shared_store(),
                                                          graph::TableIdFor(table_key), schema,
                                                          options));
  }
  if (change.truncate) writer->Truncate();
  if (!change.deletes.empty()) OG_RETURN_NOT_OK(writer->DeleteRows(change.deletes));
  if (change.inserts && change.inserts->num_rows() > 0) {
    std::shared_ptr<arrow::Table> inserts = change.inserts;
    const lang::NodeType* node =
        table_key.rfind("node:", 0) == 0 ? snap.catalog->FindNode(table_key.substr(5)) : nullptr;
    if (node) {
      OG_ASSIGN_OR_RAISE(inserts, FillEmbeddings(*node, inserts, embed));
    }
    OG_ASSIGN_OR_RAISE(std::vector<uint32_t> ids, writer->Append(*inserts));
    OG_RETURN_NOT_OK(IndexAppendedRows(*snap.catalog, table_key, *writer, *inserts, ids,
                                       options.max_rows_per_fragment, &request->staged_objects));
  }
  OG_ASSIGN_OR_RAISE(auto manifest, writer->Finish());
  for (auto& object : writer->TakePendingWrites()) request->staged_objects.push_back(std::move(object));
  return graph::TableEntry{manifest->table_id, manifest->key(), manifest->version,
                           static_cast<int64_t>(manifest->rows)};
}

}  // namespace og::exec
