// Parser for .gq query files (languages.md §2.1 reads, §3.1 mutations, §4 search calls).
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "lang/gq_ast.h"

namespace og::lang {

/// Parse every query declaration of `source`. `file` names the source in errors. Returns
/// BadRequest "file:line:col in query 'q': parse error: expected ..., found ..." on a syntax error.
/// Cost: O(size of source).
Result<QueryFile> ParseQueries(std::string_view source, const std::string& file);

}  // namespace og::lang
