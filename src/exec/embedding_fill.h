// Ingest-time embedding (surface.md §5.2, done at write time here): a node row whose
// @embed("source") vector is empty while its source text is set gets the text's embedding
// (document role, the property's dimension, the @embed model when one is recorded) before the row
// is written — on load, insert and update alike. A row given a vector keeps it; an update that
// changes the source text and not the vector re-embeds (the mutation clears the stale vector).
#pragma once

#include <memory>

#include <arrow/type_fwd.h>

#include "common/result.h"
#include "exec/exec_context.h"
#include "lang/catalog.h"

namespace og::exec {

/// `rows` (node type `node`'s table schema) with every empty @embed vector whose source is set
/// filled in. BadRequest when a non-nullable @embed vector stays empty (its source is null) or a
/// vector is needed and `embed` is empty; the embedder's own errors pass through. Cost: one
/// embedding call per @embed property with rows to fill (the client batches).
Result<std::shared_ptr<arrow::Table>> FillEmbeddings(const lang::NodeType& node,
                                                     std::shared_ptr<arrow::Table> rows, const EmbedFn* embed);

}  // namespace og::exec
