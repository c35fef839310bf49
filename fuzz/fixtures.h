// The fixed schema and parameter declarations the fuzz targets run against (targets.h). Written
// for the fuzzers, not taken from shared data: together they use every scalar type (plain, nullable
// and as list elements), enums, vectors, @embed, single and composite @key, @unique, @index,
// @range, @check, interfaces, and edges with properties, @card and edge-level constraints.
#pragma once

#include <string>
#include <vector>

#include "lang/catalog.h"
#include "lang/gq_ast.h"

namespace og::fuzz {

/// The .pg text of the fixed schema.
extern const char kFixtureSchema[];

/// The fixed schema compiled once (aborts with the status if it does not compile: a fixture bug).
const lang::Catalog& FixtureCatalog();

/// One query declaring a parameter `p_<type>` for every parameter type the language has: each
/// scalar plain and nullable, each scalar as a list element, and vectors.
const lang::QueryDecl& AllParamsQuery();

/// One query per parameter type, each declaring the single parameter `x` of that type.
const std::vector<lang::QueryDecl>& SingleParamQueries();

}  // namespace og::fuzz
