// SQLite's side of the write benchmark: N sequential single-row INSERTs, each its own durable
// transaction (WAL, synchronous=FULL), timed inside the loop. Prints one JSON object.
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
