#!/usr/bin/env bash
# Crash safety: kill a writer at every failpoint (OMNIGRAPH_FAILPOINTS makes the process exit on
# the spot, as a crash would), then reopen. The graph must be exactly the old state (crash before
# the ref entry is created) or exactly the new state (crash after it) — never a mix — reads must be
# consistent, and the next write must succeed. Covers a load (merge mode, with replaced rows, so
# deletion vectors are written), a multi-statement mutation (update + delete + insert) and a
# three-way branch merge (both sides changed Person, so the merge writes rows and deletions).
# Person.bio is full-text indexed, so every write that adds Person rows also writes an index
# segment (after_index_segment), and a search after the crash must agree with the rows.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OG="${OG_BIN:-$ROOT/build/bin/omnigraph}"
T="$(mktemp -d "${OG_TEST_TMP_DIR:-/tmp}/og-crash-XXXXXX")"
trap 'rm -rf "$T"' EXIT
pass=0; fail=0
check() { local name="$1"; shift; if "$@"; then pass=$((pass+1)); echo "ok   $name"; else fail=$((fail+1)); echo "FAIL $name"; fi; }

cat > "$T/schema.pg" <<'PG'
node Person { name: String @key  age: I32?  bio: String? @index }
node Company { name: String @key }
edge WorksAt: Person -> Company
PG
cat > "$T/base.jsonl" <<'JL'
{"type": "Person", "data": {"name": "Alice", "age": 30, "bio": "writes graph engines"}}
{"type": "Person", "data": {"name": "Bob", "age": 25, "bio": "reviews storage code"}}
{"type": "Person", "data": {"name": "Erin", "age": 52, "bio": "writes query planners"}}
{"type": "Person", "data": {"name": "Fay", "age": 60}}
{"type": "Company", "data": {"name": "Acme"}}
{"edge": "WorksAt", "from": "Alice", "to": "Acme", "data": {"id": "w1"}}
{"edge": "WorksAt", "from": "Erin", "to": "Acme", "data": {"id": "w3"}}
JL
cat > "$T/delta.jsonl" <<'JL'
{"type": "Person", "data": {"name": "Alice", "age": 31, "bio": "reviews papers"}}
{"type": "Person", "data": {"name": "Carol", "age": 41, "bio": "writes the docs"}}
{"type": "Company", "data": {"name": "Globex"}}
{"edge": "WorksAt", "from": "Carol", "to": "Globex", "data": {"id": "w2"}}
JL
MUT='query m() {
  update Person set { age: 99 } where name = "Bob"
  delete Person where name = "Alice"
  insert Person { name: "Dan", age: 7, bio: "writes tests" }
}'

# For the merge: the branch runs MUT plus an insert of Zed; main updates Erin and inserts the same
# Zed (an identical change, so the branch's new fragment is only partly applied and gets copied,
# and both sides' deletions in the base fragment are united in a new deletion vector).
ZED='query z() { insert Person { name: "Zed", age: 1 } }'
MUT_ZED="${MUT%\}}  insert Person { name: \"Zed\", age: 1 }
}"
ERIN='query e() { update Person set { age: 53 } where name = "Erin" }'

fresh() {  # fresh DIR KIND: a graph holding the base data (and, for a merge, the two sides)
  rm -rf "$1"
  "$OG" init --schema "$T/schema.pg" "$1" >/dev/null &&
  "$OG" load --data "$T/base.jsonl" --mode overwrite "$1" >/dev/null 2>&1 || return 1
  if [ "$2" = merge ]; then
    "$OG" branch create "$1" f >/dev/null &&
    "$OG" mutate --store "$1" --branch f -e "$MUT_ZED" >/dev/null &&
    "$OG" mutate --store "$1" -e "$ERIN" >/dev/null &&
    "$OG" mutate --store "$1" -e "$ZED" >/dev/null
  fi
}
write() {  # write KIND DIR
  case "$1" in
    load) "$OG" load --data "$T/delta.jsonl" --mode merge "$2" >/dev/null 2>&1 ;;
    mutation) "$OG" mutate --store "$2" -e "$MUT" >/dev/null 2>&1 ;;
    merge) "$OG" branch merge "$2" f >/dev/null 2>&1 ;;
  esac
}

for kind in load mutation merge; do
  fresh "$T/before" "$kind"; "$OG" export "$T/before" > "$T/before.jsonl"
  rm -rf "$T/after"; cp -r "$T/before" "$T/after"; write "$kind" "$T/after"; "$OG" export "$T/after" > "$T/after.jsonl"
  check "$kind: the write changes the graph" test "$(cat "$T/before.jsonl")" != "$(cat "$T/after.jsonl")"
  for fp in after_fragment after_deletion_vector after_index_segment after_table_manifest after_commit before_ref after_ref; do
    G="$T/g-$kind-$fp"
    fresh "$G" "$kind"
    OMNIGRAPH_FAILPOINTS="$fp" write "$kind" "$G"; rc=$?
    check "$kind/$fp: the process died at the failpoint" test $rc = 86
    "$OG" export "$G" > "$T/got.jsonl" 2>"$T/err"
    if [ "$fp" = after_ref ]; then want="$T/after.jsonl"; else want="$T/before.jsonl"; fi
    check "$kind/$fp: reopened graph is exactly the $( [ "$fp" = after_ref ] && echo new || echo old ) state" cmp -s "$T/got.jsonl" "$want" || diff "$T/got.jsonl" "$want"
    # Reads are consistent: every edge's endpoints exist.
    edges="$("$OG" query --store "$G" -e 'query q() { match { $p: Person  $p worksAt $c } return { count($c) as n } }' --format csv | tail -1)"
    check "$kind/$fp: traversals see whole rows" test "$edges" = "$(grep -c '"edge"' "$want")"
    # The full-text index agrees with the rows: people whose bio holds "writes".
    writers="$("$OG" query --store "$G" -e 'query q() { match { $p: Person  search($p.bio, "writes") } return { count($p) as n } }' --format csv | tail -1)"
    check "$kind/$fp: search sees exactly the surviving rows" test "$writers" = "$(grep -cE '"bio": ?"[^"]*\bwrites\b' "$want")"
    # The next write succeeds.
    "$OG" mutate --store "$G" -e 'query n() { insert Person { name: "Next" } }' >/dev/null 2>&1
    check "$kind/$fp: the next write succeeds" test "$("$OG" query --store "$G" -e 'query q() { match { $p: Person { name: "Next" } } return { $p.name } }' --format csv | tail -1)" = Next
  done
done

echo "$pass passed, $fail failed"
test $fail = 0
