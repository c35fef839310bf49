// Input limits of the .pg and .gq front ends. Every recursive rule of both parsers counts its
// nesting, so no input can exhaust the stack here or in the passes after parsing (typecheck,
// lowering), which recurse no deeper than the AST.
#pragma once

#include <cstddef>

namespace og::lang {

/// Deepest nesting of `not { }` blocks, function-call arguments and list literals.
inline constexpr int kMaxNestingDepth = 64;
/// Longest identifier, type name or variable name (names are quoted back in error messages).
inline constexpr size_t kMaxIdentifierBytes = 1024;
/// Largest .pg or .gq source accepted.
inline constexpr size_t kMaxSourceBytes = size_t{16} << 20;

}  // namespace og::lang
