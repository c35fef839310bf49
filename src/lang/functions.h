// The functions of the query language, listed once (languages.md §2.5, §4). The parser recognises
// a call by looking its name up here, and the typechecker, the lowering and the executor dispatch
// on the FunctionId it records in the AST — no stage compares function names as strings.
#pragma once

#include <string_view>

namespace og::lang {

#define OG_GQ_FUNCTIONS(X)                                                   \
  /* id          name         role            min max */                   \
  X(kCount,      "count",      kAggregate,     1, 1)                       \
  X(kSum,        "sum",        kAggregate,     1, 1)                       \
  X(kAvg,        "avg",        kAggregate,     1, 1)                       \
  X(kMin,        "min",        kAggregate,     1, 1)                       \
  X(kMax,        "max",        kAggregate,     1, 1)                       \
  X(kSearch,     "search",     kTextPredicate, 2, 2)                       \
  X(kFuzzy,      "fuzzy",      kTextPredicate, 2, 3)                       \
  X(kMatchText,  "match_text", kTextPredicate, 2, 2)                       \
  X(kBm25,       "bm25",       kRanking,       2, 2)                       \
  X(kNearest,    "nearest",    kRanking,       2, 2)                       \
  X(kRrf,        "rrf",        kFusion,        2, 3)

enum class FunctionId {
#define OG_GQ_FUNCTION_ID(id, name, role, lo, hi) id,
  OG_GQ_FUNCTIONS(OG_GQ_FUNCTION_ID)
#undef OG_GQ_FUNCTION_ID
};

/// What a function is for, which decides where it may appear.
enum class FunctionRole {
  kAggregate,      // return values (count/sum/avg/min/max)
  kTextPredicate,  // match clauses: keep rows whose text matches (search/fuzzy/match_text)
  kRanking,        // first `order` entry or an rrf arm: rank rows by a score (bm25/nearest)
  kFusion,         // first `order` entry: fuse two rankings (rrf)
};

struct FunctionInfo {
  FunctionId id;
  std::string_view name;
  FunctionRole role;
  int min_args;
  int max_args;
};

/// The function called `name`, or nullptr.
const FunctionInfo* FindFunction(std::string_view name);
/// The entry of `id`.
const FunctionInfo& GetFunction(FunctionId id);

}  // namespace og::lang
