// The peers' side of the write benchmark, one JSON object each:
// - SQLite: N sequential single-row INSERTs, each its own durable transaction (WAL,
//   synchronous=FULL), timed inside the loop;
// - LanceDB: N sequential single-row `table.add()` calls on a local table (each one Lance commit:
//   a data file and a new manifest version), timed the same way. Skipped, with the reason printed,
//   when the package does not load.
import Database from 'better-sqlite3';
import fs from 'node:fs';

const args = Object.fromEntries(process.argv.slice(2).map((a, i, all) => a.startsWith('--') ? [a.slice(2), all[i + 1]] : []).filter((p) => p.length));
const dir = args.work ?? 'bench/work';
const n = Number(args.inserts ?? 200);
fs.mkdirSync(dir, { recursive: true });
const path = `${dir}/sqlite-write.db`;
for (const f of [path, `${path}-wal`, `${path}-shm`]) fs.rmSync(f, { force: true });
const db = new Database(path);
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
lat.sort((a, b) => a - b);
const pct = (p) => lat[Math.min(lat.length - 1, Math.ceil(p * lat.length) - 1)];
console.log(JSON.stringify({ system: 'sqlite', workload: 'P12.insert_durable', inserts: n,
  p50_ms: pct(0.5), p99_ms: pct(0.99), commits_per_s: n / (total / 1000) }));

// LanceDB: the same N single-row inserts as table.add() calls.
let lancedb = null;
try {
  lancedb = await import('@lancedb/lancedb');
} catch (e) {
  console.log(JSON.stringify({ system: 'lancedb', skipped: `@lancedb/lancedb does not load: ${e.message}` }));
}
if (lancedb) {
  const ldir = `${dir}/lancedb-write`;
  fs.rmSync(ldir, { recursive: true, force: true });
  const conn = await lancedb.connect(ldir);
  const table = await conn.createTable('person', [{ name: 'seed', age: 0 }]);
  const llat = [];
  const l0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await table.add([{ name: `p${i}`, age: i % 90 }]);
    llat.push(performance.now() - s);
  }
  const ltotal = performance.now() - l0;
  llat.sort((a, b) => a - b);
  const lpct = (p) => llat[Math.min(llat.length - 1, Math.ceil(p * llat.length) - 1)];
  console.log(JSON.stringify({ system: 'lancedb', workload: 'P12.insert_add', inserts: n,
    p50_ms: lpct(0.5), p99_ms: lpct(0.99), commits_per_s: n / (ltotal / 1000),
    rows: await table.countRows() }));
}
