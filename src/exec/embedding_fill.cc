#include "exec/embedding_fill.h"

#include <arrow/api.h>

#include "common/arrow_util.h"
#include "common/utf8.h"

namespace og::exec {

Result<std::shared_ptr<arrow::Table>> FillEmbeddings(const lang::NodeType& node,
                                                     std::shared_ptr<arrow::Table> rows, const EmbedFn* embed) {
  for (const lang::Property& prop : node.properties) {
    if (!prop.embed) continue;
    int target_index = rows->schema()->GetFieldIndex(prop.name);
    auto source_column = rows->GetColumnByName(prop.embed->source_property);
    if (target_index < 0 || !source_column) {
      return Status::Internal("@embed columns of ", node.name, " are missing from the rows");
    }
    OG_ARROW_ASSIGN_OR_RAISE(auto target, arrow::Concatenate(rows->column(target_index)->chunks()));
    OG_ARROW_ASSIGN_OR_RAISE(auto source, arrow::Concatenate(source_column->chunks()));
    const auto& vectors = static_cast<const arrow::FixedSizeListArray&>(*target);
    const auto& texts = static_cast<const arrow::StringArray&>(*source);
    std::vector<int64_t> todo;
    std::vector<std::string> inputs;
    for (int64_t r = 0; r < rows->num_rows(); ++r) {
      if (!vectors.IsNull(r)) continue;
      if (texts.IsNull(r)) {
        if (!prop.type.nullable) {
          return Status::BadRequest(node.name, ".", prop.name, " must be set: it is not nullable and its @embed source ",
                                    QuoteName(prop.embed->source_property), " is null");
        }
        continue;
      }
      todo.push_back(r);
      inputs.emplace_back(texts.GetView(r));
    }
    if (todo.empty()) continue;
    if (!embed || !*embed) {
      return Status::BadRequest(node.name, ".", prop.name, " is embedded from ", QuoteName(prop.embed->source_property),
                                " at write time, but no embedding provider is available");
    }
    int dim = prop.type.vector_dim;
    auto made = (*embed)(inputs, dim, /*query_role=*/false, prop.embed->model);
    if (!made.ok()) return made.status().Prepend("embedding ", node.name, ".", prop.name, ": ");
    const auto& embedded = *made;
    if (embedded.size() != todo.size()) {
      return Status::Internal("the embedder returned ", embedded.size(), " vectors for ", todo.size(), " texts");
    }
    // Rebuild the vector column: given vectors stay, empty ones take their embedding.
    const auto& values = static_cast<const arrow::FloatArray&>(*vectors.values());
    arrow::FixedSizeListBuilder builder(arrow::default_memory_pool(), std::make_shared<arrow::FloatBuilder>(), dim);
    auto* floats = static_cast<arrow::FloatBuilder*>(builder.value_builder());
    size_t next = 0;
    for (int64_t r = 0; r < rows->num_rows(); ++r) {
      if (!vectors.IsNull(r)) {
        OG_RETURN_NOT_OK(FromArrow(builder.Append()));
        OG_RETURN_NOT_OK(FromArrow(floats->AppendValues(values.raw_values() + vectors.value_offset(r), dim)));
      } else if (next < todo.size() && todo[next] == r) {
        const std::vector<float>& v = embedded[next++];
        if (static_cast<int>(v.size()) != dim) {
          return Status::IOError("the embedder returned a vector of ", v.size(), " numbers for ", node.name, ".",
                                 prop.name, " (", dim, " expected)");
        }
        OG_RETURN_NOT_OK(FromArrow(builder.Append()));
        OG_RETURN_NOT_OK(FromArrow(floats->AppendValues(v)));
      } else {
        OG_RETURN_NOT_OK(FromArrow(builder.AppendNull()));
      }
    }
    std::shared_ptr<arrow::Array> filled;
    OG_RETURN_NOT_OK(FromArrow(builder.Finish(&filled)));
    auto field = rows->schema()->field(target_index);
    OG_ARROW_ASSIGN_OR_RAISE(filled, filled->View(field->type()));
    OG_ARROW_ASSIGN_OR_RAISE(rows, rows->SetColumn(target_index, field, std::make_shared<arrow::ChunkedArray>(filled)));
  }
  return rows;
}

}  // namespace og::exec
