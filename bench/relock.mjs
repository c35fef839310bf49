// Rewrite bench/package-lock.json after a change to package.json, in the form `npm ci` accepts.
//
//   node bench/relock.mjs
//
// 1. `npm install --package-lock-only`: resolves package.json against the existing lockfile
//    (locked versions are kept) and writes it; nothing is installed, no install script runs.
// 2. Placeholders. A package may list optional per-platform packages the registry does not have at
//    that version (@lancedb/lancedb 0.39.0 lists darwin-arm64, linux-arm64-*, win32-*; the
//    registry has 0.39.0 only for linux-x64). npm 11.16+ leaves them out of the lockfile it writes
//    and `npm ci` then rejects that lockfile ("Missing: @lancedb/lancedb-darwin-arm64@ from lock
//    file"; npm/cli#9846). For each such package this adds an entry with the required version,
//    `optional` and its os/cpu/libc taken from the name, and no integrity: `npm ci` skips it on
//    every other platform without a request, and on its own platform the fetch fails and npm
//    drops it as a failed optional dependency. Real packages keep their integrity hashes.
// 3. `npm install --package-lock-only` again (npm's own order and format; it keeps the
//    placeholders), then `npm ci --dry-run` to check that npm accepts the lockfile.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const npm = (...args) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'],
  { cwd: here, stdio: ['ignore', 'ignore', 'inherit'] });
const lockFile = path.join(here, 'package-lock.json');

npm('install', '--package-lock-only');

const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
const pkgs = lock.packages;
const platform = /-(darwin|linux|win32|freebsd|android)-(x64|arm64|arm|ia32|s390x|ppc64|riscv64)(?:-(gnu|musl|msvc|gnueabihf))?$/;
const added = [];
for (const [at, entry] of Object.entries(pkgs)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    // Node's resolution: the dependency sits in a node_modules folder on the path up from `at`.
    const parts = at ? at.split('/node_modules/') : [];
    const candidates = [];
    for (let i = parts.length; i >= 0; i--) {
      const base = parts.slice(0, i).join('/node_modules/');
      candidates.push(base ? `${base}/node_modules/${name}` : `node_modules/${name}`);
    }
    if (candidates.some((c) => pkgs[c])) continue;
    const m = platform.exec(name);
    if (!m || !/^\d+\.\d+\.\d+$/.test(spec)) {
      throw new Error(`${at || 'package.json'}: optional ${name}@${spec} is not in the lockfile and is not ` +
                      'a pinned per-platform package: resolve it by hand');
    }
    const placeholder = { version: spec, cpu: [m[2]], optional: true, os: [m[1]] };
    if (m[3] === 'gnu' || m[3] === 'gnueabihf') placeholder.libc = ['glibc'];
    if (m[3] === 'musl') placeholder.libc = ['musl'];
    pkgs[`node_modules/${name}`] = placeholder;
    added.push(`${name}@${spec}`);
  }
}
fs.writeFileSync(lockFile, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `relock: placeholders for ${added.join(', ')}` : 'relock: no placeholders needed');

npm('install', '--package-lock-only');
npm('ci', '--dry-run');
console.log('relock: npm ci accepts package-lock.json');
