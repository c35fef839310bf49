#include "lang/functions.h"

#include <array>

namespace og::lang {
namespace {

constexpr std::array kFunctions = {
#define OG_GQ_FUNCTION_INFO(id, name, role, lo, hi) \
  FunctionInfo{FunctionId::id, name, FunctionRole::role, lo, hi},
    OG_GQ_FUNCTIONS(OG_GQ_FUNCTION_INFO)
#undef OG_GQ_FUNCTION_INFO
};

}  // namespace

const FunctionInfo* FindFunction(std::string_view name) {
  for (const FunctionInfo& f : kFunctions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const FunctionInfo& GetFunction(FunctionId id) { return kFunctions[static_cast<size_t>(id)]; }

}  // namespace og::lang
