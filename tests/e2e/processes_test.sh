#!/usr/bin/env bash
# Concurrent writers in separate processes (cross-process safety rests on put-if-absent alone):
# same-table writers each either publish or fail with a Conflict — never a lost or torn write —
# and writers to disjoint tables all publish (rebased onto each other). Bounded: 2 rounds of 4.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OG="${OG_BIN:-$ROOT/build/bin/omnigraph}"
T="$(mktemp -d "${OG_TEST_TMP_DIR:-/tmp}/og-procs-XXXXXX")"
trap 'rm -rf "$T"' EXIT
pass=0; fail=0
check() { local name="$1"; shift; if "$@"; then pass=$((pass+1)); echo "ok   $name"; else fail=$((fail+1)); echo "FAIL $name"; fi; }
G="$T/g"
printf 'node Person { name: String @key }\nnode Company { name: String @key }\nnode City { name: String @key }\nnode Tool { name: String @key }\n' > "$T/s.pg"
"$OG" init --schema "$T/s.pg" "$G" >/dev/null
count() { "$OG" query --store "$G" -e "query q() { match { \$x: $1 } return { count(\$x) as n } }" --format csv | tail -1; }

ok=0; conflicts=0; other=0
for round in 1 2; do
  pids=()
  for w in 1 2 3 4; do
    "$OG" mutate --store "$G" -e "query a() { insert Person { name: \"r$round-w$w\" } }" >/dev/null 2>"$T/err-$round-$w" &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    if wait "${pids[$i]}"; then ok=$((ok+1))
    elif grep -q "concurrent write to node:Person" "$T/err-$round-$((i+1))"; then conflicts=$((conflicts+1))
    else other=$((other+1)); cat "$T/err-$round-$((i+1))"; fi
  done
done
check "every same-table writer published or got a Conflict" test $other = 0
check "at least one writer per round published" test $ok -ge 2
check "exactly the acknowledged writes are in the graph" test "$(count Person)" = $ok
echo "same table: $ok published, $conflicts conflicts"

pids=()
for t in Company City Tool; do
  "$OG" mutate --store "$G" -e "query a() { insert $t { name: \"x\" } }" >/dev/null 2>"$T/err-$t" & pids+=($!)
done
bad=0
for p in "${pids[@]}"; do wait "$p" || bad=$((bad+1)); done
check "writers to disjoint tables all publish" test $bad = 0
check "all three disjoint writes are there" test "$(count Company)$(count City)$(count Tool)" = 111
check "no acknowledged write was lost" test "$(count Person)" = $ok

echo "$pass passed, $fail failed"
test $fail = 0
