// The physical shape of the graph's tables, derived from the catalog: one table per node type
// (system column `id` + properties) and one per edge type (`id`, `src`, `dst` + properties).
// Type mapping per languages.md §1.2: String/enum → utf8, Bool → bool, I32/I64/U32/U64 → the same
// integer, F32/F64 → float/double, Date → date32, DateTime → date64 (ms), Vector(N) →
// fixed_size_list<float32, N>, [T] → list<T>, Blob → binary.
#pragma once

#include <memory>
#include <string>

#include <arrow/type_fwd.h>

#include "lang/catalog.h"

namespace og::graph {

/// "node:Person" / "edge:Knows": the key of a table inside a commit.
std::string NodeTableKey(const std::string& type_name);
std::string EdgeTableKey(const std::string& type_name);
/// The path-safe storage id of a table key ("node-Person").
std::string TableIdFor(const std::string& table_key);

/// Arrow type of a declared property type (nullability is carried by the field).
std::shared_ptr<arrow::DataType> ArrowTypeFor(const lang::PropType& type);
/// The Arrow schema of a node type's table.
std::shared_ptr<arrow::Schema> NodeTableSchema(const lang::NodeType& node);
/// The Arrow schema of an edge type's table.
std::shared_ptr<arrow::Schema> EdgeTableSchema(const lang::EdgeType& edge);

}  // namespace og::graph
