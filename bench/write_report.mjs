// Print the write-path figures of one run: the JSON lines of og_write_bench and write_peers.mjs
// (bench/run collects both in bench/out/write-<time>.jsonl).
//
//   node bench/write_report.mjs bench/out/write-<id>.jsonl
import fs from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node write_report.mjs WRITE-RECORDS.jsonl');
  process.exit(2);
}
const records = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('{'))
  .map((l) => JSON.parse(l));
const ours = records.filter((r) => !r.system);
const find = (system, workload) => records.find((r) => r.system === system && r.workload === workload);

const f = (x, d = 2) => (x === null || x === undefined ? '-' : Number(x).toFixed(d));
const pad = (cells, widths) => cells.map((c, i) => String(c).padEnd(widths[i])).join(' ').trimEnd();

const seq = ours.find((r) => r.workload === 'P12.insert_durable');
const rows = [];
const fifths = [];
if (seq) {
  rows.push(['omnigraph', seq.inserts, seq.p50_ms, seq.p99_ms, seq.max_ms, seq.commits_per_s,
             seq.fsyncs_per_commit, 'store counter', 'insert mutation (one commit)']);
  if (seq.p50_ms_by_fifth?.length) fifths.push(['omnigraph', seq.p50_ms_by_fifth]);
}
for (const [system, workload, what] of [['lancedb', 'P12.insert_add', 'table.add([row])'],
                                        ['sqlite', 'P12.insert_durable', 'INSERT, autocommit']]) {
  const r = find(system, workload);
  const fs_ = find(system, 'P12.fsyncs');
  if (!r) continue;
  if (r.skipped) {
    console.log(`${system}: skipped: ${r.skipped}`);
    continue;
  }
  if (r.rows !== undefined && r.rows !== r.inserts) console.log(`${system}: ${r.rows} rows after ${r.inserts} inserts`);
  const label = system === 'lancedb' && r.lancedb ? `lancedb ${r.lancedb}` : system;
  if (r.p50_ms_by_fifth?.length) fifths.push([label, r.p50_ms_by_fifth]);
  rows.push([label, r.inserts, r.p50_ms, r.p99_ms, r.max_ms, r.commits_per_s,
             fs_?.fsyncs_per_commit ?? null, fs_?.skipped ? 'not counted' : fs_ ? 'strace' : 'not counted', what]);
  if (fs_?.skipped) console.log(`${system} fsyncs: ${fs_.skipped}`);
}
const w = [16, 8, 8, 8, 8, 10, 14, 14, 0];
console.log(pad(['system', 'inserts', 'p50 ms', 'p99 ms', 'max ms', 'commits/s', 'fsyncs/commit', 'fsyncs by', 'statement'], w));
for (const r of rows) {
  console.log(pad([r[0], r[1], f(r[2]), f(r[3]), f(r[4]), f(r[5], 0), f(r[6]), r[7], r[8]], w));
}

if (fifths.length) {
  console.log(`p50 ms by fifth of the inserts (latency against history length): ` +
              fifths.map(([label, v]) => `${label} ${v.map((x) => f(x)).join(' / ')}`).join('; '));
}
const kinds = (p) => ['GET', 'PUT', 'PUT_IF_ABSENT', 'LIST', 'DELETE'].map((k) => `${k} ${f(p[k])}`).join(', ');
const objects = (p) => Object.entries(p.objects).filter(([, v]) => v).map(([k, v]) => `${k} ${f(v)}`).join(', ');
if (seq?.per_commit) {
  const p = seq.per_commit;
  console.log(`omnigraph per commit: ${f(p.requests)} requests (${kinds(p)}); ${f(p.fsyncs)} fsyncs; ` +
              `objects created: ${objects(p)}`);
}
for (const r of ours.filter((x) => x.workload?.startsWith('P20.'))) {
  const p = r.per_published_commit;
  const where = r.workload === 'P20.writers_disjoint_tables' ? 'disjoint tables' : 'one table';
  console.log(`omnigraph ${r.writers} writers, ${where}: ${r.published}/${r.attempts} published, ` +
              `${r.conflicts} conflicts, ${r.errors ?? 0} errors, ${f(r.commits_per_s, 0)} commits/s; ` +
              `per published commit ${f(p.requests)} requests (${kinds(p)}), ${f(p.fsyncs)} fsyncs`);
}
const opt = ours.find((r) => r.workload === 'P12.optimize');
if (opt) {
  const t = opt.tables.map((x) => `${x.table} ${x.fragments_before} -> ${x.fragments_after} fragments`).join(', ');
  console.log(`omnigraph optimize: insert p50 ${f(opt.p50_ms_20_inserts_before)} ms before, ` +
              `${f(opt.p50_ms_20_inserts_after)} ms after; optimize ${f(opt.optimize_ms, 1)} ms (${t || 'nothing to compact'})`);
}
const ic = ours.find((r) => r.workload === 'P12.index_cost');
if (ic) {
  const cells = Object.entries(ic.types).map(([type, t]) =>
    `${type} p50 ${f(t.p50_ms)} ms, ${f(t.requests)} requests, ${f(t.PUT)} PUT, ${f(t.fsyncs)} fsyncs`);
  console.log(`omnigraph index cost per single-row insert (${ic.inserts_per_type} each): ${cells.join('; ')}`);
}
