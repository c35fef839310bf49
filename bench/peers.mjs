// The peer side of the benchmark: Kùzu and SQLite (better-sqlite3) in one Node process, timed
// inside the loop, on the data and plan gen_social.py wrote for one size. Appends one record per
// (system, workload) to --out; bench/report.mjs turns the records into the comparison table.
//
//   node bench/peers.mjs --data DIR --work DIR --out FILE [--systems kuzu,sqlite] [--run-id ID]
//
// Settings follow tests-and-perf.md §4.1: Kùzu on disk with 2 execution threads per connection,
// SQLite one connection in WAL mode with synchronous=FULL and indexes on keys and edge endpoints.
// Queries are prepared once and executed per sample, as an application would use each binding.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import kuzu from 'kuzu';
import Database from 'better-sqlite3';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    work: { type: 'string' },
    out: { type: 'string' },
    systems: { type: 'string', default: 'kuzu,sqlite' },
    'run-id': { type: 'string', default: '' },
    keep: { type: 'boolean', default: false },
  },
});
if (!args.data || !args.work || !args.out) {
  console.error('usage: node peers.mjs --data DIR --work DIR --out FILE [--systems kuzu,sqlite]');
  process.exit(2);
}

const readJson = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));
const plan = readJson(path.join(args.data, 'plan.json'));
const manifest = readJson(path.join(args.data, 'manifest.json'));
const { workloads } = readJson(path.join(benchDir, 'workloads.json'));
const csv = (name) => path.join(path.resolve(args.data), name);

// ---- systems: open a fresh database, bulk load it, prepare a query into a callable -----------

const kuzuSystem = {
  name: 'kuzu',
  version: kuzu.VERSION,
  open(dir) {
    this.db = new kuzu.Database(path.join(dir, 'kuzu.db'));
    this.conn = new kuzu.Connection(this.db, 2);  // pin execution to the machine's 2 cores
  },
  run(text) {
    const r = this.conn.querySync(text);
    for (const q of Array.isArray(r) ? r : [r]) q.close();
  },
  load() {
    // Kùzu's native bulk path: COPY FROM CSV, nodes before the relationships that reference them.
    this.run('CREATE NODE TABLE Person(name STRING PRIMARY KEY, age INT32)');
    this.run('CREATE NODE TABLE Company(name STRING PRIMARY KEY)');
    this.run('CREATE REL TABLE Knows(FROM Person TO Person)');
    this.run('CREATE REL TABLE WorksAt(FROM Person TO Company)');
    this.run(`COPY Person FROM '${csv('person.csv')}' (HEADER=true)`);
    this.run(`COPY Company FROM '${csv('company.csv')}' (HEADER=true)`);
    this.run(`COPY Knows FROM '${csv('knows.csv')}' (HEADER=true)`);
    this.run(`COPY WorksAt FROM '${csv('works_at.csv')}' (HEADER=true)`);
  },
  counts() {  // [nodes, edges] as stored, read back after the timed load
    const one = (q) => { const r = this.conn.querySync(q); const v = r.getAllSync(); r.close();
                         return Number(Object.values(v[0])[0]); };
    return [one('MATCH (n) RETURN count(*)'), one('MATCH ()-[r]->() RETURN count(*)')];
  },
  prepare(w) {
    const ps = this.conn.prepareSync(w.cypher);
    if (!ps.isSuccess()) throw new Error(ps.getErrorMessage());
    return (params) => {
      const r = this.conn.executeSync(ps, params);
      const rows = r.getAllSync();
      r.close();
      return rows;
    };
  },
  rowsToArrays: (rows) => rows.map((r) => Object.values(r).map(toPlain)),
  close() {
    this.conn.closeSync();
    this.db.closeSync();
  },
};

const sqliteSystem = {
  name: 'sqlite',
  version: null,  // filled on open from sqlite_version()
  open(dir) {
    this.db = new Database(path.join(dir, 'sqlite.db'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.version = this.db.prepare('SELECT sqlite_version()').pluck().get();
  },
  load() {
    const db = this.db;
    // Keyed nodes are clustered on their key (WITHOUT ROWID); edges keep endpoint names, like the
    // JSONL and the Kùzu CSVs. Endpoint indexes are built after the rows, the usual bulk recipe.
    db.exec(`CREATE TABLE person(name TEXT PRIMARY KEY, age INTEGER NOT NULL) WITHOUT ROWID;
             CREATE TABLE company(name TEXT PRIMARY KEY) WITHOUT ROWID;
             CREATE TABLE knows(src TEXT NOT NULL, dst TEXT NOT NULL);
             CREATE TABLE works_at(src TEXT NOT NULL, dst TEXT NOT NULL);`);
    const insertCsv = (file, sql, convert) => {
      const st = db.prepare(sql);
      const lines = fs.readFileSync(csv(file), 'utf8').split('\n');
      for (let i = 1; i < lines.length; i++) {
        if (lines[i]) st.run(convert(lines[i].split(',')));
      }
    };
    db.transaction(() => {  // one transaction of prepared INSERTs (§4.4 P1)
      insertCsv('person.csv', 'INSERT INTO person VALUES (?, ?)', ([n, a]) => [n, Number(a)]);
      insertCsv('company.csv', 'INSERT INTO company VALUES (?)', (f) => f);
      insertCsv('knows.csv', 'INSERT INTO knows VALUES (?, ?)', (f) => f);
      insertCsv('works_at.csv', 'INSERT INTO works_at VALUES (?, ?)', (f) => f);
      db.exec(`CREATE INDEX knows_src ON knows(src); CREATE INDEX knows_dst ON knows(dst);
               CREATE INDEX works_at_src ON works_at(src);
               CREATE INDEX works_at_dst ON works_at(dst);`);
    })();
    db.exec('ANALYZE');  // give the planner statistics, as a tuned deployment would have
  },
  counts() {
    const n = (t) => this.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get();
    return [n('person') + n('company'), n('knows') + n('works_at')];
  },
  prepare(w) {
    const st = this.db.prepare(w.sql).raw(true);
    const named = w.sql.includes('$name');
    return named ? (params) => st.all(params) : () => st.all();
  },
  rowsToArrays: (rows) => rows.map((r) => r.map(toPlain)),
  close() {
    this.db.close();
  },
};

function toPlain(v) {
  return typeof v === 'bigint' ? Number(v) : v;
}

// ---- checksums (same definitions as workloads.json, og_bench.cc and gen_social.py) -------------

const idx = (name) => Number(String(name).slice(1));
const CHECKS = {
  idx_plus_int: (rows) => rows.reduce((s, r) => s + idx(r[0]) + Number(r[1]), 0),
  ordered: (rows) => rows.reduce((s, r, i) => s + (i + 1) * (idx(r[0]) * 100 + Number(r[1])), 0),
  group_avg: (rows) =>
    rows.reduce((s, r) => s + idx(r[0]) * Number(r[1]) + Math.floor(r[2] * Number(r[1]) + 0.5), 0),
  sum_idx: (rows) => rows.reduce((s, r) => s + idx(r[0]), 0),
  value: (rows) => Number(rows[0][0]),
};

// ---- timing -------------------------------------------------------------------------------------

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

export function summarize(samples) {
  const s = [...samples].sort((a, b) => a - b);
  // nearest-rank percentile
  const pct = (p) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
  const round = (x) => Math.round(x * 1000) / 1000;  // µs resolution
  return {
    p50_ms: round(pct(50)), p95_ms: round(pct(95)), p99_ms: round(pct(99)),
    min_ms: round(s[0]), max_ms: round(s[s.length - 1]),
    mean_ms: round(s.reduce((a, b) => a + b, 0) / s.length),
  };
}

function dirBytes(dir) {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : fs.statSync(p).size;
  }
  return total;
}

const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version,
                  platform: `${os.platform()}-${os.arch()}`,
                  mem_gib: Math.round(os.totalmem() / 2 ** 30) };

function emit(system, workload, fields) {
  const rec = { kind: 'result', run_id: args['run-id'], system: system.name,
                version: system.version, workload, persons: plan.persons,
                entities: plan.entities, quick: plan.quick, warmth: 'warm', machine, ...fields };
  fs.appendFileSync(args.out, JSON.stringify(rec) + '\n');
  const t = fields.error ? `ERROR ${fields.error}` : `p50 ${fields.p50_ms} ms  rows ${fields.rows}`;
  console.error(`  ${system.name.padEnd(7)} ${workload.padEnd(20)} ${t}`);
}

// P1: each rep loads into a fresh directory; the last one stays open for the read workloads.
function bulkLoad(system, dir) {
  const { samples } = plan.reps.P1;
  const times = [];
  for (let rep = 0; rep < samples; rep++) {
    if (rep > 0) system.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const t0 = nowMs();
    system.open(dir);
    system.load();
    times.push(nowMs() - t0);
  }
  const [nodes, edges] = system.counts();  // verify: what the database holds now
  const st = summarize(times);
  emit(system, 'P1.bulk_load', {
    samples: times.length, warmups: 0, samples_ms: times, ...st,
    rows: nodes + edges, checksum: edges,
    warmth: 'fresh database, warm OS cache', bytes_on_disk: dirBytes(dir),
    rows_per_s: Math.round((nodes + edges) / (st.p50_ms / 1000)), inputs_sha256: manifest.sha256,
  });
}

function readWorkload(system, w) {
  const { samples, warmups } = plan.reps[w.reps];
  const timed = w.inputs ? plan[w.inputs].map((name) => ({ name })) : Array(samples).fill({});
  const warm = w.inputs ? plan[`warmup_${w.inputs}`].slice(0, warmups).map((name) => ({ name }))
                        : Array(warmups).fill({});
  const exec = system.prepare(w);
  for (const p of warm) exec(p);
  const times = [];
  const results = [];
  for (const p of timed) {
    const t0 = nowMs();
    const rows = exec(p);
    times.push(nowMs() - t0);
    results.push(rows);
  }
  // Checksums are computed after the loop, so they are never timed. Inputs-free queries must give
  // the same answer on every sample; per-input ones add up over the inputs.
  const check = CHECKS[w.check];
  const sums = results.map((rows) => system.rowsToArrays(rows)).map((a) => [a.length, check(a)]);
  let rows, checksum;
  if (w.inputs) {
    rows = sums.reduce((s, [n]) => s + n, 0);
    checksum = sums.reduce((s, [, c]) => s + c, 0);
  } else {
    [rows, checksum] = sums[0];
    if (sums.some(([n, c]) => n !== rows || c !== checksum)) checksum = 'unstable';
  }
  return { samples: times.length, warmups: warm.length, samples_ms: times, ...summarize(times),
           rows, checksum, prepared: true };
}

const systems = { kuzu: kuzuSystem, sqlite: sqliteSystem };
for (const name of args.systems.split(',').filter(Boolean)) {
  const system = systems[name];
  if (!system) throw new Error(`unknown system ${name}`);
  const dir = path.join(args.work, `${name}-${plan.persons}`);
  try {
    bulkLoad(system, dir);
  } catch (e) {
    emit(system, 'P1.bulk_load', { error: String(e.message ?? e) });
    continue;  // nothing to read from
  }
  for (const w of workloads) {
    try {
      emit(system, w.id, readWorkload(system, w));
    } catch (e) {
      emit(system, w.id, { error: String(e.message ?? e) });
    }
  }
  system.close();
  if (!args.keep) fs.rmSync(dir, { recursive: true, force: true });
}
