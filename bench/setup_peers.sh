#!/usr/bin/env bash
# Install the peer systems (kuzu, better-sqlite3, @lancedb/lancedb) into bench/node_modules with
# `npm ci` from the committed package-lock.json: exactly the locked versions, each checked against
# its integrity hash, or a failure. Nothing is fetched but npm packages: bench/.npmrc turns install
# scripts off and the two steps those scripts would have done are done here, locally
# (@lancedb/lancedb needs none: its prebuilt addon is the optional package
# @lancedb/lancedb-linux-x64-gnu on this platform).
#
# The lockfile holds placeholder entries for @lancedb/lancedb's per-platform packages that the
# registry does not have at 0.39.0 (darwin-arm64, linux-arm64-*, win32-*); without them npm 11.16+
# rejects the lockfile it wrote itself (npm/cli#9846). bench/relock.mjs rewrites the lockfile
# with them; see bench/README.md.
#
# Idempotent: exits at once when the peers load and were installed from this very lockfile.
# kuzu and better-sqlite3 are required (exit 1 if they do not load); LanceDB is optional (no binary
# for some platforms): the write bench (write_peers.mjs) skips it with the reason printed.
set -euo pipefail
cd "$(dirname "$0")"

stamp=node_modules/.omnigraph-peers.lock.sha256
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
core_load() {
  node -e 'require("kuzu"); new (require("better-sqlite3"))(":memory:").close()' 2>/dev/null
}
lancedb_warn() {
  local err
  err="$(node --input-type=module -e \
    'try { await import("@lancedb/lancedb") } catch (e) { console.log(e.message) }' 2>&1 || true)"
  [ -z "$err" ] || echo "setup_peers: @lancedb/lancedb does not load ($err); the write bench skips it" >&2
}
if [ "$(cat "$stamp" 2>/dev/null)" = "$lock_sum" ] && core_load; then
  lancedb_warn
  exit 0
fi

echo "setup_peers: installing kuzu, better-sqlite3 and lancedb from package-lock.json (npm ci)" >&2
# --loglevel=error also hides npm's EBADENGINE warning: @lancedb/lancedb 0.39.0 declares
# node >= 22, but its addon loads and runs on Node 20 (write_peers.mjs records the rows it reads
# back; write_report.mjs flags a count that differs from the inserts).
npm ci --no-audit --no-fund --loglevel=error >&2

# kuzu ships a prebuilt addon per platform in prebuilt/; its install.js copies this platform's one
# (and the JS API files) into place. It builds from source only if that binary is missing.
node node_modules/kuzu/install.js >/dev/null

# better-sqlite3 ships the SQLite amalgamation but no binary, and its install script would first try
# to download one from GitHub (prebuild-install). Compile it directly with the node-gyp bundled in
# npm, against the Node headers installed with node itself (so node-gyp downloads no headers).
node_prefix="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
node_gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
if [ ! -f "$node_prefix/include/node/node.h" ]; then
  echo "setup_peers: no Node headers in $node_prefix/include/node (Debian's nodejs has them)" >&2
  exit 1
fi
echo "setup_peers: compiling better-sqlite3 (bundled SQLite; about 2 minutes on one core)" >&2
log="$PWD/node_modules/.better-sqlite3-build.log"
(cd node_modules/better-sqlite3 &&
  node "$node_gyp" rebuild --release --nodedir="$node_prefix" >"$log" 2>&1) ||
  { tail -40 "$log" >&2; exit 1; }

core_load || { echo "setup_peers: kuzu or better-sqlite3 still does not load" >&2; exit 1; }
echo "$lock_sum" >"$stamp"
lancedb_warn
