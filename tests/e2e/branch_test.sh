#!/usr/bin/env bash
# Branches through the CLI: create / list / delete / merge (outcomes, conflicts as JSON with exit 1
# and no change), reads and writes with --branch, load --from, time travel with --snapshot and
# --version, commit changes, diff and entity lookups.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OG="${OG_BIN:-$ROOT/build/bin/omnigraph}"
PY="$ROOT/.venv/bin/python"
T="$(mktemp -d "${OG_TEST_TMP_DIR:-/tmp}/og-branch-XXXXXX")"
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
G="$T/g"
cat > "$T/s.pg" <<'EOF'
node Person { name: String @key  age: I32? }
edge Knows: Person -> Person
EOF
cat > "$T/d.jsonl" <<'EOF'
{"type":"Person","data":{"name":"alice","age":30}}
{"type":"Person","data":{"name":"bob","age":40}}
{"edge":"Knows","from":"alice","to":"bob"}
EOF
"$OG" init --schema "$T/s.pg" "$G" >/dev/null
"$OG" load "$G" --data "$T/d.jsonl" --mode overwrite >/dev/null 2>&1
people() { "$OG" query --store "$G" "$@" -e 'query q() { match { $p: Person } return { $p.name, $p.age } order { $p.name asc } }' --format csv | tail -n +2 | tr '\n' ' '; }
json() { "$PY" -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

"$OG" branch create "$G" feature/x >/dev/null
check "branch list shows the new branch" test "$("$OG" branch list "$G" | tr '\n' ' ')" = "feature/x main "
check "a branch name with a space is refused" fails_with BadRequest "invalid branch name 'bad name'" "$OG" branch create "$G" 'bad name'
check "main cannot be deleted" fails_with BadRequest "branch 'main' cannot be deleted" "$OG" branch delete "$G" main
"$OG" mutate --store "$G" --branch feature/x -e 'query q() { update Person set { age: 31 } where name = "alice" }' >/dev/null
"$OG" mutate --store "$G" -e 'query q() { insert Person { name: "carol", age: 5 } }' >/dev/null
check "the branch sees its own write" test "$(people --branch feature/x)" = "alice,31 bob,40 "
check "main does not" test "$(people)" = "alice,30 bob,40 carol,5 "

out="$("$OG" branch merge "$G" feature/x --json)"
check "a three-way merge reports merged" test "$(echo "$out" | json 'd["outcome"]')" = merged
check "main has both sides" test "$(people)" = "alice,31 bob,40 carol,5 "
merge_commit="$(echo "$out" | json 'd["commit"]')"
check "the merge commit has two parents" test "$("$OG" commit show "$G" "$merge_commit" --json | json 'd["merged_parent_commit_id"] is not None')" = True
check "commit changes lists the merged-in update" test "$("$OG" commit changes "$G" "$merge_commit" --json | json '[(c["op"], c["id"], c["after"]["properties"]["age"]) for c in d["changes"]]')" = "[('update', 'alice', 31)]"
check "merging again is already up to date" test "$("$OG" branch merge "$G" feature/x --json | json 'd["outcome"]')" = already_up_to_date

# A conflicting merge: exit 1, every conflict as JSON, main unchanged.
"$OG" branch create "$G" other >/dev/null
"$OG" mutate --store "$G" --branch other -e 'query q() { update Person set { age: 1 } where name = "bob" }' >/dev/null
"$OG" mutate --store "$G" -e 'query q() { update Person set { age: 2 } where name = "bob" }' >/dev/null
head_before="$("$OG" snapshot "$G" --json | json 'd["graph_commit_id"]')"
"$OG" branch merge "$G" other --json > "$T/conflict.json" 2>/dev/null; rc=$?
check "a conflicting merge exits 1" test $rc = 1
check "the conflict is listed with kind and id" test "$(json '[(c["kind"], c["entity_id"]) for c in d["merge_conflicts"]]' < "$T/conflict.json")" = "[('divergent_update', 'bob')]"
check "the conflicting merge changed nothing" test "$("$OG" snapshot "$G" --json | json 'd["graph_commit_id"]')" = "$head_before"

# Time travel: by commit and by version.
first_load="$("$OG" commit list "$G" --json | json '[c["graph_commit_id"] for c in d["commits"] if c["kind"] == "load"][0]')"
check "a read at the load's commit sees the loaded data" test "$(people --snapshot "$first_load")" = "alice,30 bob,40 "
check "a read at version 1 is the same state" test "$(people --version 1)" = "alice,30 bob,40 "
check "a missing version is NotFound" fails_with NotFound "branch 'main' has no version 999" "$OG" snapshot "$G" --version 999
check "entity at a past version" test "$("$OG" entity "$G" Person alice --version 1 | json 'd["age"]')" = 30
check "diff between two commits" test "$("$OG" diff "$G" --from "$first_load" --to "$head_before" --json --op insert | json '[c["id"] for c in d["changes"]]')" = "['carol']"

# load --branch --from forks a missing branch; delete; re-create.
"$OG" load "$G" --data "$T/d.jsonl" --mode merge --branch import --from main --json > "$T/load.json" 2>/dev/null
check "load --from creates the branch" test "$(json 'd["branch_created"], d["base_branch"]' < "$T/load.json")" = "True main"
check "load without --from into a missing branch fails" fails_with NotFound "branch 'nope' not found" "$OG" load "$G" --data "$T/d.jsonl" --mode merge --branch nope
"$OG" branch delete "$G" import >/dev/null
check "a deleted branch is gone from the list" test "$("$OG" branch list "$G" | tr '\n' ' ')" = "feature/x main other "
check "reading a deleted branch fails" fails_with NotFound "branch 'import' not found" "$OG" snapshot "$G" --branch import
"$OG" branch merge "$G" feature/x --into other --delete-branch --json > "$T/m.json"
check "merge --delete-branch deletes the source" test "$(json 'd.get("branch_deleted")' < "$T/m.json")" = True

echo "$pass passed, $fail failed"
test $fail = 0
