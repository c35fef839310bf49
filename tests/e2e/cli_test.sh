#!/usr/bin/env bash
# CLI end-to-end: the README quickstart, output formats, export round trip, --io-stats, exit codes,
# and that fragments under tables/ are plain Parquet that DuckDB reads as they are.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OG="${OG_BIN:-$ROOT/build/bin/omnigraph}"
PY="$ROOT/.venv/bin/python"
T="$(mktemp -d "${OG_TEST_TMP_DIR:-/tmp}/og-cli-XXXXXX")"
trap 'rm -rf "$T"' EXIT
pass=0; fail=0
check() {  # check NAME CONDITION-COMMAND...
  local name="$1"; shift
  if "$@"; then pass=$((pass+1)); echo "ok   $name"; else fail=$((fail+1)); echo "FAIL $name"; fi
}
fails_with() {  # fails_with CODE FRAGMENT COMMAND...: exits 1 (4 for PreconditionFailed) printing
  local code="$1" frag="$2" err rc want=1  # "error[CODE]: ..." whose message contains FRAGMENT
  shift 2
  [ "$code" = PreconditionFailed ] && want=4
  err="$("$@" 2>&1 >/dev/null)"; rc=$?
  if [ $rc = $want ] && grep -q "^error\[$code\]: " <<<"$err" && grep -qF -- "$frag" <<<"$err"; then return 0; fi
  echo "     want exit $want and error[$code] containing '$frag'; got exit $rc: $err"; return 1
}
Q="$ROOT/examples/quickstart"
G="$T/g"

# The quickstart, exactly as the README shows it.
"$OG" init --schema "$Q/schema.pg" "$G" >/dev/null
"$OG" load --data "$Q/data.jsonl" --mode overwrite "$G" >/dev/null 2>&1
out="$("$OG" query build_tool_users --store "$G" --query "$Q/queries.gq" --params '{"lead": "ada"}')"
expected="4 rows from branch main via build_tool_users
a.handle | a.role   | t.name   | u.calls
---------+----------+----------+--------
bo       | coder    | compiler | 120    
dee      | reviewer | linter   | 64     
cy       | coder    | compiler | 45     
cy       | coder    | linter   | 30     "
check "quickstart table output" test "$out" = "$expected"
one="$("$OG" query one --store "$G" -e 'query one() { match { $a: Agent { handle: "ada" } } return { $a.handle } }' | head -1)"
check "one row is still '1 rows' (OmniGraph's header)" test "$one" = "1 rows from branch main via one"
check "README shows the quickstart answer" grep -qF "dee      | reviewer | linter   | 64" "$ROOT/README.md"

# Output formats.
csv="$("$OG" query calls_by_kind --store "$G" --query "$Q/queries.gq" --format csv)"
check "csv header and rows" test "$csv" = "$(printf 't.kind,calls,users\nbuild,259.0,4\nretrieval,12.0,1')"
jsonl="$("$OG" query calls_by_kind --store "$G" --query "$Q/queries.gq" --format jsonl)"
check "jsonl metadata first" test "$(echo "$jsonl" | head -1 | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["kind"])')" = metadata
check "jsonl one line per row" test "$(echo "$jsonl" | wc -l)" = 3
kv="$("$OG" query calls_by_kind --store "$G" --query "$Q/queries.gq" --format kv)"
check "kv rows" grep -q "^t.kind: retrieval$" <<<"$kv"
json="$("$OG" query calls_by_kind --store "$G" --query "$Q/queries.gq" --json)"
check "json envelope" "$PY" -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["row_count"]==2 and d["columns"]==["t.kind","calls","users"] and d["target"]=={"branch":"main","snapshot":None} and len(d["graph_commit_id"])==26' "$json"

# --io-stats prints one JSON line of request counters on stderr.
stats="$("$OG" --io-stats snapshot "$G" 2>&1 >/dev/null)"
check "--io-stats JSON" "$PY" -c 'import json,sys; d=json.loads(sys.argv[1]); assert set(d)=={"reads","writes","lists","deletes","bytes_read","bytes_written","fsyncs"} and d["reads"]>0 and d["writes"]==0' "$stats"

# Export, then init + load --mode overwrite of the export reproduces the graph.
"$OG" export "$G" > "$T/export.jsonl"
"$OG" init --schema "$Q/schema.pg" "$T/g2" >/dev/null
"$OG" load --data "$T/export.jsonl" --mode overwrite "$T/g2" >/dev/null 2>&1
"$OG" export "$T/g2" > "$T/export2.jsonl"
check "export round trip" cmp -s "$T/export.jsonl" "$T/export2.jsonl"
check "export line count" test "$(wc -l < "$T/export.jsonl")" = 15

# Every fragment is plain Parquet: DuckDB reads them all and sees every loaded row.
rows="$("$PY" -c 'import duckdb,glob,sys; fs=glob.glob(sys.argv[1]+"/tables/*/data/*.parquet"); print(sum(duckdb.sql("select count(*) from read_parquet(%r)" % f).fetchone()[0] for f in fs))' "$G")"
check "DuckDB reads the fragments" test "$rows" = 15

# Exit codes and messages.
check "a missing graph is NotFound (exit 1)" fails_with NotFound "no graph at file://$T/nope" \
  "$OG" query --store "$T/nope" -e 'query q() { match { $a: Agent } return { $a.handle } }'
check "init refuses an existing graph" fails_with Conflict "a graph already exists at" \
  "$OG" init --schema "$Q/schema.pg" "$G"
"$OG" load --data "$Q/data.jsonl" "$G" 2>"$T/err"; rc=$?
check "load requires --mode" test $rc = 1
check "load names the missing --mode" grep -q -- "--mode is required" "$T/err"
check "version" grep -q "^omnigraph [0-9]" <<<"$("$OG" version)"

# Usage errors name what was typed.
check "an unknown subcommand names itself" fails_with BadRequest "unknown subcommand 'frobnicate'" "$OG" frobnicate
check "an unknown nested subcommand names itself and its parent" fails_with BadRequest "unknown subcommand 'frob' of 'branch'" "$OG" branch frob
check "a missing subcommand lists the choices" fails_with BadRequest "'commit' needs a subcommand (one of: list, show, changes)" "$OG" commit

# mutate: one commit per mutation, actor recorded; --if-commit is a compare-and-swap (exit 4)
head="$("$OG" snapshot "$G" --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["graph_commit_id"])')"
M='query add($h: String) { insert Agent { handle: $h, role: "coder" } }'
out="$("$OG" mutate --store "$G" -e "$M" --params '{"h":"eli"}' --as bot --if-commit "$head" --json)"
check "mutate JSON" "$PY" -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["affected_nodes"]==1 and d["commit"]["actor_id"]=="bot" and d["commit"]["parent_commit_id"]==sys.argv[2]' "$out" "$head"
"$OG" mutate --store "$G" -e "$M" --params '{"h":"fay"}' --if-commit "$head" --json >"$T/pre" 2>"$T/err"; rc=$?
check "stale --if-commit exits 4" test $rc = 4
check "stale --if-commit is PreconditionFailed" grep -q "^error\[PreconditionFailed\]: " "$T/err"
now="$("$OG" snapshot "$G" --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["graph_commit_id"])')"
check "stale --if-commit prints the ErrorOutput body with both heads" "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["precondition_failure"]=={"expected":sys.argv[2],"actual":sys.argv[3]} and "code" not in d and d["merge_conflicts"]==[] and d["error"].startswith("precondition failed")' "$T/pre" "$head" "$now"
check "stale --if-commit changed nothing" test "$("$OG" query --store "$G" -e 'query q() { match { $a: Agent { handle: "fay" } } return { $a.handle } }' --format csv | wc -l)" = 1
check "commit list shows the actor" grep -q "by bot" <<<"$("$OG" commit list "$G")"

echo "$pass passed, $fail failed"
test $fail = 0
