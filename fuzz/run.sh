#!/usr/bin/env bash
# Run the libFuzzer targets for a bounded time each (make fuzz builds them first; docs/TESTING.md).
#
#   fuzz/run.sh [TARGET...]          default: schema gq jsonl params
#
# Environment:
#   FUZZ_SECONDS      seconds per target (default 60)
#   FUZZ_BUILD_DIR    the fuzz build (default build-fuzz)
#   OG_SHARED_DATA_DIR  shared data for seeds (default ../shared/data)
#   FUZZ_ARGS         extra libFuzzer flags (e.g. "-jobs=2 -workers=2")
#
# Seeds are assembled into $FUZZ_BUILD_DIR/seeds/<target> (fuzz/seeds.py); what a run discovers is
# kept in $FUZZ_BUILD_DIR/corpus/<target> and reused by the next run. Any crash, leak, timeout
# (an input running over 10 s) or out-of-memory stops that target, saves the input under
# $FUZZ_BUILD_DIR/crashes/<target>/ and makes the script exit 1 after the other targets ran.
# Minimise it and add it to fuzz/regressions/<target>/ (see docs/TESTING.md).
set -uo pipefail
cd "$(dirname "$0")/.."

BUILD=${FUZZ_BUILD_DIR:-build-fuzz}
SECS=${FUZZ_SECONDS:-60}
SHARED=${OG_SHARED_DATA_DIR:-../shared/data}
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(schema gq jsonl params)

declare -A DICT=([schema]=pg [gq]=gq [jsonl]=jsonl [params]=json)

# Stack traces with symbols; every UBSan finding is fatal (the code is built with
# -fno-sanitize-recover=undefined too); leaks are checked after each input.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ]; then
  for s in llvm-symbolizer llvm-symbolizer-14; do
    if command -v "$s" >/dev/null; then export ASAN_SYMBOLIZER_PATH=$(command -v "$s"); break; fi
  done
fi

python3 fuzz/seeds.py "$BUILD/seeds" "$SHARED" || exit 1

failed=()
for t in "${TARGETS[@]}"; do
  bin="$BUILD/bin/og_fuzz_$t"
  if [ ! -x "$bin" ] || [ -z "${DICT[$t]:-}" ]; then
    echo "fuzz: no fuzzer '$t' ($bin); build it with make fuzz" >&2
    failed+=("$t")
    continue
  fi
  mkdir -p "$BUILD/corpus/$t" "$BUILD/crashes/$t"
  log="$BUILD/fuzz-$t.log"
  echo "fuzz: $t for ${SECS}s (log $log)"
  start=$(date +%s)
  # The first corpus directory receives new inputs; seeds and regressions are read only.
  # shellcheck disable=SC2086
  "$bin" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=4096 -max_len=8192 \
    -use_value_profile=1 -print_final_stats=1 -dict="fuzz/dicts/${DICT[$t]}.dict" \
    -artifact_prefix="$BUILD/crashes/$t/" ${FUZZ_ARGS:-} \
    "$BUILD/corpus/$t" "$BUILD/seeds/$t" "fuzz/regressions/$t" >"$log" 2>&1
  rc=$?
  end=$(date +%s)
  stats=$(grep -E "^stat::number_of_executed_units|^stat::new_units_added" "$log" | tr '\n' ' ')
  cov=$(grep -oE "cov: [0-9]+ ft: [0-9]+" "$log" | tail -1)
  if [ $rc -ne 0 ]; then
    echo "fuzz: $t FAILED (exit $rc after $((end - start))s); input saved under $BUILD/crashes/$t/:"
    grep -E "^(==[0-9]+==ERROR|SUMMARY|fuzz target|.*runtime error|artifact_prefix|Test unit written)" "$log" | head -8
    failed+=("$t")
  else
    echo "fuzz: $t ok in $((end - start))s: $cov $stats"
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]} (logs in $BUILD/fuzz-<target>.log)"
fi
echo "fuzz: $((${#TARGETS[@]} - ${#failed[@]})) passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
