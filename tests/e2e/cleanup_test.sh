#!/usr/bin/env bash
# cleanup: needs a retention policy; reports without --confirm; removes versions outside retention
# and orphans of crashed writes older than the grace period; never breaks a retained snapshot; a
# crash in the middle of it leaves the graph readable.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OG="${OG_BIN:-$ROOT/build/bin/omnigraph}"
T="$(mktemp -d "${OG_TEST_TMP_DIR:-/tmp}/og-cleanup-XXXXXX")"
trap 'rm -rf "$T"' EXIT
pass=0; fail=0
check() { local name="$1"; shift; if "$@"; then pass=$((pass+1)); echo "ok   $name"; else fail=$((fail+1)); echo "FAIL $name"; fi; }
fails_with() {  # fails_with CODE FRAGMENT COMMAND...: exits 1 (4 for PreconditionFailed) printing
  local code="$1" frag="$2" err rc want=1  # "error[CODE]: ..." whose message contains FRAGMENT
  shift 2
  [ "$code" = PreconditionFailed ] && want=4
  err="$("$@" 2>&1 >/dev/null)"; rc=$?
  if [ $rc = $want ] && grep -q "^error\[$code\]: " <<<"$err" && grep -qF -- "$frag" <<<"$err"; then return 0; fi
  echo "     want exit $want and error[$code] containing '$frag'; got exit $rc: $err"; return 1
}
files() { find "$G" -type f | wc -l; }
count() { "$OG" query --store "$G" "$@" -e 'query q() { match { $p: Person } return { count($p) as n } }' --format csv | tail -1; }
add() { "$OG" mutate --store "$G" -e "query a() { insert Person { name: \"$1\" } }" >/dev/null; }
G="$T/g"
printf 'node Person { name: String @key }\n' > "$T/s.pg"
"$OG" init --schema "$T/s.pg" "$G" >/dev/null
add a; add b
old="$("$OG" commit list "$G" --json | "$ROOT/.venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["commits"][1]["graph_commit_id"])')"
add c; add d
prev="$("$OG" commit list "$G" --json | "$ROOT/.venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["commits"][1]["graph_commit_id"])')"
OMNIGRAPH_FAILPOINTS=before_ref "$OG" mutate --store "$G" -e 'query a() { insert Person { name: "crashed" } }' 2>/dev/null
check "the crashed write left orphans but no version" test "$(count)" = 4

check "a policy is required" fails_with BadRequest "cleanup needs a retention policy" "$OG" cleanup "$G"
before=$(files)
"$OG" cleanup "$G" --keep 2 --grace 0s > "$T/out"
check "without --confirm nothing is deleted" test "$(files)" = "$before"
check "the dry run reports what it would remove" grep -q "would remove 4 commits" "$T/out"
"$OG" cleanup "$G" --keep 2 --grace 1h --confirm > "$T/out"
check "the grace period protects young files" grep -q "removed 0 commits" "$T/out"
"$OG" cleanup "$G" --keep 2 --grace 0s --confirm --json > "$T/out"
check "old versions and the crashed write's orphans (its files and commit) are removed (older fragments stay: newer versions share them)" "$ROOT/.venv/bin/python" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["commits_removed"]==4 and d["manifests_removed"]>=3 and d["fragments_removed"]==1 and not d["dry_run"], d' "$T/out"
check "fewer files remain" test "$(files)" -lt "$before"
check "the head is intact" test "$(count)" = 4
check "a retained older version is readable" test "$(count --snapshot "$prev")" = 3
check "a removed version is NotFound" fails_with NotFound "$old" \
  "$OG" query --store "$G" --snapshot "$old" -e 'query q() { match { $p: Person } return { $p.name } }'
check "history stops at the horizon" test "$("$OG" commit list "$G" | wc -l)" = 2
add e
check "writes continue after cleanup" test "$(count)" = 5
add f; add g
OMNIGRAPH_FAILPOINTS=before_delete "$OG" cleanup "$G" --keep 1 --grace 0s --confirm 2>/dev/null; rc=$?
check "cleanup can crash mid-way" test $rc = 86
check "the graph is readable after a crashed cleanup" test "$(count)" = 7
"$OG" cleanup "$G" --keep 1 --grace 0s --confirm >/dev/null
check "a second cleanup finishes the job" test "$("$OG" commit list "$G" | wc -l)" = 1
check "the head is still intact" test "$(count)" = 7

echo "$pass passed, $fail failed"
test $fail = 0
