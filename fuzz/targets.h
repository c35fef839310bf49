// Fuzz targets: one function per input language, each running a fuzz input through the same entry
// points the CLI and the engine use (lang_targets.cc: schema, gq, params; jsonl_target.cc: jsonl).
// Compiled into both the libFuzzer binaries (fuzzer.cc, clang with OG_BUILD_FUZZERS=ON) and the
// regression runner (regress_main.cc, every build with tests), so an input that once crashed a
// fuzzer is replayed by the exact same code in `make test`.
//
// A target returns OK when the code under test behaved: it accepted the input, or rejected it with
// an ordinary user-facing error (BadRequest or ResourceExhausted, with a non-empty, valid UTF-8
// message that every JSON surface can carry). It returns Internal naming the broken invariant
// otherwise (a catalog that does not survive its JSON round trip, bound parameters of the wrong
// JSON kind, an Arrow table that fails validation, ...). Crashes are not caught here: sanitizer
// reports, stack overflows and uncaught exceptions end the process, which is what the fuzzer and
// the regression test (one process per input) detect.
//
// The schemas, queries and parameter declarations the targets run against are fixed and written
// here (fixtures.cc); none of them come from shared data.
#pragma once

#include <string_view>
#include <vector>

#include "common/status.h"

namespace og::fuzz {

using TargetFn = Status (*)(std::string_view input);

struct Target {
  const char* name;  // the directory name under fuzz/regressions and the fuzzer's suffix
  TargetFn fn;
};

/// `.pg` text → ParseSchema; on success the catalog must round-trip through ToJson/FromJson.
Status FuzzSchema(std::string_view input);
/// `.gq` text → ParseQueries, Typecheck of each query against the fixed catalog, and lint of the
/// whole source (the report must serialise, and render as text).
Status FuzzQueries(std::string_view input);
/// JSONL text → ParseGraphBatch against the fixed catalog; on success every table must validate and
/// every cell must encode as JSON the way query results do.
Status FuzzJsonl(std::string_view input);
/// JSON text → BindParams against fixed declarations: the input as the whole parameter object of a
/// query declaring every parameter type, and as the value `x` of one query per parameter type.
Status FuzzParams(std::string_view input);

/// Every target, in a fixed order (targets.cc; linked into og_fuzz_regress only).
const std::vector<Target>& Targets();
/// The target named `name`, or nullptr.
const Target* FindTarget(std::string_view name);

}  // namespace og::fuzz
