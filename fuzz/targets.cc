// The registry of fuzz targets, for og_fuzz_regress (each libFuzzer binary calls its one target).
#include "fuzz/targets.h"

namespace og::fuzz {

const std::vector<Target>& Targets() {
  static const std::vector<Target> targets = {
      {"schema", &FuzzSchema},
      {"gq", &FuzzQueries},
      {"jsonl", &FuzzJsonl},
      {"params", &FuzzParams},
  };
  return targets;
}

const Target* FindTarget(std::string_view name) {
  for (const Target& t : Targets()) {
    if (name == t.name) return &t;
  }
  return nullptr;
}

}  // namespace og::fuzz
