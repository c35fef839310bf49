#!/usr/bin/env bash
# The .test runner can fail: run run_tests.py on deliberately wrong .test files (written to a temp
# dir, against a small shared-data dir of our own) and require a non-zero exit with the right FAIL
# line for each kind of wrong expectation: a row value, a run-all row count, a query missing from or
# extra in a run-all block, an error code, an error fragment, a malformed or Internal expectation,
# mutate / load counts, a cli line, an unexpected success; missing shared data skips (exit 77) or,
# under CI=true, fails naming the path. A correct file passes, and --rewrite repairs a wrong one.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OG="${OG_BIN:-$ROOT/build/bin/omnigraph}"
PY="${OG_PYTHON:-python3}"
RUNNER="$ROOT/tests/e2e/run_tests.py"
T="$(mktemp -d "${OG_TEST_TMP_DIR:-/tmp}/og-runner-XXXXXX")"
trap 'rm -rf "$T"' EXIT
pass=0; fail=0
check() { local name="$1"; shift; if "$@"; then pass=$((pass+1)); echo "ok   $name"; else fail=$((fail+1)); echo "FAIL $name"; fi; }

# A shared-data dir of our own: fixtures/mini.{pg,jsonl,gq}.
mkdir -p "$T/shared/fixtures"
cat > "$T/shared/fixtures/mini.pg" <<'EOF'
node Person { name: String @key  age: I32? }
edge Knows: Person -> Person
EOF
cat > "$T/shared/fixtures/mini.jsonl" <<'EOF'
{"type": "Person", "data": {"name": "ann", "age": 30}}
{"type": "Person", "data": {"name": "bob", "age": 40}}
{"edge": "Knows", "from": "ann", "to": "bob"}
EOF
cat > "$T/shared/fixtures/mini.gq" <<'EOF'
query everyone() { match { $p: Person } return { $p.name } }
query by_name($name: String) { match { $p: Person { name: $name } } return { $p.name } }
query friends($name: String) { match { $p: Person { name: $name }  $p knows $f } return { $f.name } }
query add($name: String) { insert Person { name: $name } }
EOF

mk() { sed 's/<TAB>/\t/g' > "$T/$1.test"; }  # mk NAME < text: a .test file, <TAB> for a tab

# run_case NAME WANT_STATUS WANT_LINE [VAR=VALUE...]: the runner exits WANT_STATUS on NAME.test and
# prints a line containing WANT_LINE (a fixed string).
run_case() {
  local name="$1" want="$2" line="$3" out rc
  shift 3
  out="$(cd "$T" && env CI=false OG_BIN="$OG" OG_SHARED_DATA_DIR="$T/shared" "$@" \
         "$PY" "$RUNNER" "$name.test" 2>&1)"; rc=$?
  if [ "$rc" = "$want" ] && grep -qF -- "$line" <<<"$out"; then return 0; fi
  echo "     want exit $want and a line '$line'; got exit $rc:"; sed 's/^/     | /' <<<"$out"
  return 1
}

mk good <<'EOF'
dataset mini

run ordered
query q() { match { $p: Person } return { $p.name, $p.age } order { $p.age desc } }
----
p.name<TAB>p.age
bob<TAB>40
ann<TAB>30

run query=friends file=fixtures/mini.gq params={"name":"ann"}
f.name
bob

run
query q() { match { $x: Ghost } return { $x } }
----
error BadRequest: T1: unknown node type 'Ghost'

mutate params={"n":"cy"}
query q($n: String) { insert Person { name: $n } }
----
affected_nodes=1 affected_edges=0

load mode=merge
{"type": "Person", "data": {"name": "dee"}}
----
nodes=1 edges=0

cli snapshot $G --json
"graph_branch": "main"
"entity_count": 4

run-all file=fixtures/mini.gq seed=fixtures/mini.jsonl
everyone<TAB>4
by_name<TAB>1
friends<TAB>1
EOF
check "a correct file passes" run_case good 0 "0 failed, 0 skipped"

# Every kind of wrong expectation in one file (one graph, one run of the runner): each one must be
# reported on its own FAIL line, and nothing but the dataset load may pass.
mk wrong <<'EOF'
schema-error
node A { name: String @key }
node A { name: String @key }
----
error BadRequest: duplicate node type 'B'

dataset mini

run
query q() { match { $p: Person { name: "ann" } } return { $p.age } }
----
p.age
31

run ordered
query q() { match { $p: Person } return { $p.name } order { $p.name asc } }
----
p.name
bob
ann

run
query q() { match { $x: Ghost } return { $x } }
----
error NotFound: T1: unknown node type 'Ghost'

run
query q() { match { $x: Ghost } return { $x } }
----
error BadRequest: unknown node type 'Ghoul'

run
query q() { match { $x: Ghost } return { $x } }
----
error: Ghost

run
query q() { match { $x: Ghost } return { $x } }
----
error Internal: Ghost

run-all file=fixtures/mini.gq seed=fixtures/mini.jsonl
everyone<TAB>3
by_name<TAB>1
add<TAB>0

cli snapshot $G --json
"graph_branch": "feature"

load-error mode=merge
{"type": "Persn", "data": {"name": "eve"}}
----
error Conflict: unknown node type 'Persn'

load mode=merge
{"type": "Person", "data": {"name": "eve"}}
----
nodes=2 edges=0

mutate
query q() { insert Person { name: "fay" } }
----
error BadRequest: fay

mutate
query q() { delete Person where name = "ann" }
----
affected_nodes=1 affected_edges=0
EOF
out="$(cd "$T" && env CI=false OG_BIN="$OG" OG_SHARED_DATA_DIR="$T/shared" "$PY" "$RUNNER" wrong.test 2>&1)"
rc=$?
reported() {  # reported LINE: the runner's output on wrong.test has a line containing LINE
  grep -qF -- "$1" <<<"$out" && return 0
  echo "     no line '$1' in:"; sed 's/^/     | /' <<<"$out"; return 1
}
check "a file of wrong expectations exits 1" test $rc = 1
check "a wrong schema-error fragment fails" reported "FAIL wrong.test:1 schema-error"
check "a wrong row value fails" reported "FAIL wrong.test:9 run (1 rows)"
check "a wrong order under 'ordered' fails" reported "FAIL wrong.test:15 run (2 rows)"
check "a wrong error code fails" reported "code BadRequest, not NotFound"
check "a wrong error fragment fails" reported "message lacks \"unknown node type 'Ghoul'\""
check "an expectation without a code fails" reported "malformed expectation 'error: Ghost'"
check "an Internal expectation never passes" reported "an Internal error never satisfies an expectation"
check "a wrong run-all row count fails" reported "FAIL wrong.test:42 run-all everyone (2 rows) {}"
check "  and says what it wanted" reported "want 3 rows, got 2"
check "a read query missing from a run-all block fails" reported "FAIL wrong.test:42 run-all friends (1 rows)"
check "a run-all name that is not a read query of the file fails" reported "FAIL wrong.test:42 run-all add"
check "a missing cli output line fails" reported "FAIL wrong.test:47 cli snapshot"
check "a wrong load-error code fails" reported "code BadRequest, not Conflict"
check "wrong load counts fail" reported "FAIL wrong.test:55 load nodes=1 edges=0"
check "an expected error that does not happen fails" reported "but the command succeeded"
check "wrong mutation counts fail" \
  reported "want 'affected_nodes=1 affected_edges=0', got 'affected_nodes=1 affected_edges=1'"
check "nothing else passes" test "$(grep -c '^ok ' <<<"$out")" = 2  # the dataset load and by_name

mk typo <<'EOF'
dataset mini

run orderd
query q() { match { $p: Person } return { $p.name } }
----
p.name
ann
bob
EOF
check "an unknown step option fails" run_case typo 1 "unknown word 'orderd'"

mk no_data <<'EOF'
dataset nowhere

run
query q() { match { $p: Person } return { $p.name } }
----
p.name
EOF
check "a missing dataset is a loud skip (exit 77)" run_case no_data 77 "SKIPPED: no_data.test: shared test data missing: $T/shared/fixtures/nowhere.pg"
check "a missing dataset fails under CI=true" run_case no_data 1 "FAIL no_data.test: shared test data missing under CI=true: $T/shared/fixtures/nowhere.pg" CI=true
check "a missing shared dir fails under CI=true" run_case good 1 "shared test data missing under CI=true: $T/absent" CI=true OG_SHARED_DATA_DIR="$T/absent"
check "a missing shared dir is a loud skip" run_case good 77 "SKIPPED: good.test: shared test data missing: $T/absent" OG_SHARED_DATA_DIR="$T/absent"

# --rewrite repairs a wrong run-all block: afterwards the file passes.
mk rewritten <<'EOF'
dataset mini

run-all file=fixtures/mini.gq seed=fixtures/mini.jsonl
everyone<TAB>3
by_name<TAB>1
EOF
(cd "$T" && OG_BIN="$OG" OG_SHARED_DATA_DIR="$T/shared" "$PY" "$RUNNER" --rewrite rewritten.test >/dev/null 2>&1)
check "--rewrite regenerates the run-all block" run_case rewritten 0 "0 failed, 0 skipped"
check "  with the real count" grep -q "^everyone	2$" "$T/rewritten.test"

echo "$pass passed, $fail failed"
test $fail = 0
