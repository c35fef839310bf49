// libFuzzer entry point for one target, chosen at build time (OG_FUZZ_TARGET names it and
// OG_FUZZ_FN is its function in targets.h; see CMakeLists.txt). A target that returns a non-OK
// Status has broken an invariant: print it and abort, which libFuzzer reports as a crash and saves
// the input.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "fuzz/targets.h"

#if !defined(OG_FUZZ_TARGET) || !defined(OG_FUZZ_FN)
#error "OG_FUZZ_TARGET and OG_FUZZ_FN must name a target of fuzz/targets.h"
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  og::Status st = OG_FUZZ_FN(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!st.ok()) {
    std::fprintf(stderr, "fuzz target '%s' broke an invariant: %s\n", OG_FUZZ_TARGET,
                 st.ToString().c_str());
    std::abort();
  }
  return 0;
}
