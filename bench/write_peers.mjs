// The peers' side of the write benchmark (bench/run runs it next to og_write_bench), one JSON
// object per measurement on stdout:
// - SQLite: N sequential single-row INSERTs into `person (name TEXT PRIMARY KEY, age INTEGER)`,
//   each its own durable transaction (autocommit; WAL, synchronous=FULL), timed inside the loop;
// - LanceDB: an empty local table with the schema of og_write_bench's `Person` (name: String
//   non-null, age: I32 nullable), then N sequential single-row `table.add([row])` calls (each one
//   Lance commit: a data file and a new manifest version), timed the same way. Skipped, with the
//   reason printed, when @lancedb/lancedb does not load or cannot run here.
// - fsyncs per commit (--fsyncs): each system's run again under `strace -f -c`, once with N inserts
//   and once with none; (fsync + fdatasync + sync_file_range + msync calls of the first minus the
//   second) / N. Skipped with the reason printed when strace is missing or cannot trace here.
//
//   node bench/write_peers.mjs [--work DIR] [--inserts N] [--systems sqlite,lancedb] [--fsyncs]
// Wall time is reported, never asserted.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    work: { type: 'string', default: 'bench/work' },
    inserts: { type: 'string', default: '200' },
    systems: { type: 'string', default: 'sqlite,lancedb' },
    fsyncs: { type: 'boolean', default: false },
  },
});
const dir = args.work;
const n = Number(args.inserts);
const systems = args.systems.split(',').filter(Boolean);
fs.mkdirSync(dir, { recursive: true });

function summary(system, workload, lat, totalMs, extra = {}) {
  // Latency against history length (each insert is one more fragment/version for LanceDB).
  const fifths = lat.length >= 5 ? [0, 1, 2, 3, 4].map((f) => {
    const part = lat.slice(Math.floor(f * lat.length / 5), Math.floor((f + 1) * lat.length / 5)).sort((a, b) => a - b);
    return part[Math.ceil(0.5 * part.length) - 1];
  }) : [];
  lat.sort((a, b) => a - b);
  const pct = (p) => (lat.length ? lat[Math.min(lat.length - 1, Math.ceil(p * lat.length) - 1)] : null);
  return { system, workload, inserts: lat.length, p50_ms: pct(0.5), p99_ms: pct(0.99), max_ms: pct(1),
           commits_per_s: lat.length ? lat.length / (totalMs / 1000) : null, p50_ms_by_fifth: fifths, ...extra };
}

async function runSqlite() {
  const { default: Database } = await import('better-sqlite3');
  const file = `${dir}/sqlite-write.db`;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE person (name TEXT PRIMARY KEY, age INTEGER)');
  const insert = db.prepare('INSERT INTO person (name, age) VALUES (?, ?)');
  const lat = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    insert.run(`p${i}`, i % 90);  // autocommit: one durable transaction per insert
    lat.push(performance.now() - s);
  }
  const total = performance.now() - t0;
  const rows = db.prepare('SELECT count(*) AS c FROM person').get().c;
  db.close();
  return summary('sqlite', 'P12.insert_durable', lat, total, { rows });
}

async function runLancedb() {
  let lancedb, arrow;
  try {
    lancedb = await import('@lancedb/lancedb');
    arrow = await import('apache-arrow');
  } catch (e) {
    return { system: 'lancedb', workload: 'P12.insert_add', skipped: `@lancedb/lancedb does not load: ${e.message}` };
  }
  try {
    const ldir = `${dir}/lancedb-write`;
    fs.rmSync(ldir, { recursive: true, force: true });
    const conn = await lancedb.connect(ldir);
    // og_write_bench's `node Person { name: String @key  age: I32? }`. Lance has no key
    // constraint: add() appends without a uniqueness check (ours and SQLite's check the key).
    const schema = new arrow.Schema([
      new arrow.Field('name', new arrow.Utf8(), false),
      new arrow.Field('age', new arrow.Int32(), true),
    ]);
    const table = await conn.createEmptyTable('person', schema);
    const lat = [];
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      await table.add([{ name: `p${i}`, age: i % 90 }]);
      lat.push(performance.now() - s);
    }
    const total = performance.now() - t0;
    const got = (await table.schema()).fields.map((f) => `${f.name}:${f.type}${f.nullable ? '?' : ''}`);
    const extra = { rows: await table.countRows(), version: await table.version(), schema: got.join(' '),
                    lancedb: lancedbVersion() };
    table.close();
    return summary('lancedb', 'P12.insert_add', lat, total, extra);
  } catch (e) {
    return { system: 'lancedb', workload: 'P12.insert_add', skipped: `@lancedb/lancedb does not run here: ${e.message}` };
  }
}

function lancedbVersion() {
  try {
    const here = path.dirname(fileURLToPath(import.meta.url));
    return JSON.parse(fs.readFileSync(`${here}/node_modules/@lancedb/lancedb/package.json`, 'utf8')).version;
  } catch {
    return null;
  }
}

// fsync-family calls of one run of this script for `system` with `inserts` inserts, by strace.
const SYNC_CALLS = ['fsync', 'fdatasync', 'sync_file_range', 'msync', 'syncfs', 'sync'];
function countSyncs(system, inserts) {
  const out = path.join(os.tmpdir(), `write_peers_strace_${process.pid}_${system}_${inserts}.txt`);
  const r = spawnSync('strace', ['-f', '-c', '-o', out, '-e', `trace=${SYNC_CALLS.join(',')}`,
    process.execPath, fileURLToPath(import.meta.url), '--work', dir, '--inserts', String(inserts),
    '--systems', system], { encoding: 'utf8' });
  if (r.error) throw new Error(`strace: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`strace exit ${r.status}: ${(r.stderr || '').trim().split('\n').pop()}`);
  const text = fs.readFileSync(out, 'utf8');
  fs.rmSync(out, { force: true });
  const calls = {};
  for (const line of text.split('\n')) {
    const m = line.trim().split(/\s+/);
    if (SYNC_CALLS.includes(m[m.length - 1]) && /^\d+$/.test(m[3] ?? '')) calls[m[m.length - 1]] = Number(m[3]);
    else if (SYNC_CALLS.includes(m[m.length - 1]) && /^\d+$/.test(m[2] ?? '')) calls[m[m.length - 1]] = Number(m[2]);
  }
  const skipped = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((x) => x.skipped);
  if (skipped) throw new Error(skipped.skipped);
  return calls;
}

for (const system of systems) {
  const run = { sqlite: runSqlite, lancedb: runLancedb }[system];
  if (!run) {
    console.log(JSON.stringify({ system, skipped: `unknown system (write_peers knows sqlite, lancedb)` }));
    continue;
  }
  console.log(JSON.stringify(await run()));
  if (args.fsyncs && n > 0) {
    try {
      const base = countSyncs(system, 0);
      const full = countSyncs(system, n);
      const by = Object.fromEntries(SYNC_CALLS.filter((c) => full[c] || base[c])
        .map((c) => [c, ((full[c] ?? 0) - (base[c] ?? 0)) / n]));
      const total = Object.values(by).reduce((a, b) => a + b, 0);
      console.log(JSON.stringify({ system, workload: 'P12.fsyncs', inserts: n, method: 'strace -f -c, N inserts minus 0',
        fsyncs_per_commit: total, by_call: by }));
    } catch (e) {
      console.log(JSON.stringify({ system, workload: 'P12.fsyncs', skipped: `cannot count fsyncs: ${e.message}` }));
    }
  }
}
