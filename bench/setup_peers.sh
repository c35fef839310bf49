#!/usr/bin/env bash
# Install the peer systems (kuzu, better-sqlite3, @lancedb/lancedb) into bench/node_modules from the committed
# package-lock.json. Nothing is fetched but npm packages: bench/.npmrc turns install scripts off and
# the two steps those scripts would have done are done here, locally. Idempotent: exits at once when
# both peers already load.
set -euo pipefail
cd "$(dirname "$0")"

peers_load() {
  node -e 'require("kuzu"); new (require("better-sqlite3"))(":memory:").close(); require("@lancedb/lancedb")' 2>/dev/null
}
peers_load && exit 0

echo "setup_peers: installing kuzu, better-sqlite3 and lancedb from package-lock.json" >&2
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

peers_load || { echo "setup_peers: peers still do not load" >&2; exit 1; }
