// The peer side of the search benchmark (bench/run, "search" section): LanceDB (@lancedb/lancedb)
// and SQLite FTS5 (better-sqlite3) on the data gen_search.py wrote, one query at a time, timed inside
// the loop. Appends one JSONL record per (system, workload) to --out, in the shape og_search_bench
// writes; `--report FILE` prints a run's records side by side.
//
//   node bench/search_peers.mjs --data DIR --work DIR --out FILE [--systems lancedb,sqlite]
//                               [--run-id ID] [--passes N] [--lance-indexes ivf_pq,ivf_hnsw_sq] [--quick]
//                               [--target-recall 0.95] [--keep]
//   node bench/search_peers.mjs --report FILE
//
// LanceDB: table `vecs` (vid, vector FixedSizeList<Float32>[128]) with the V vectors, table `docs`
// (slug, body) with the D documents. Vector indexes: `createIndex("vector")` without a config (the
// index LanceDB picks for a vector column, IVF_PQ here) and, with --lance-indexes, IVF_HNSW_SQ
// (`Index.hnswSq()`), each measured at its query defaults, over a sweep of nprobes x refineFactor
// (IVF_PQ) or ef x refineFactor (HNSW), at the cheapest swept setting with recall@10 >= 0.95
// (--target-recall), and in its exact mode (`bypassVectorIndex()`). --quick sweeps fewer settings.
// Full text:
// `Index.fts({ withPosition: true })` (positions, like ours), queried with
// `query().fullTextSearch(q)` (terms OR-ed, BM25).
// SQLite: an FTS5 table (slug UNINDEXED, body; unicode61 tokenizer) filled in one transaction, then
// `WHERE docs MATCH 'a OR b' ORDER BY bm25(docs) LIMIT 10`, prepared once.
// Recall@10 is against the exact top 10 computed here by brute force (squared L2 in float64, ties by
// index), independently of og_search_bench; both record it (`truth`), so the report checks they
// agree. Wall time is reported, never asserted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    work: { type: 'string' },
    out: { type: 'string' },
    systems: { type: 'string', default: 'lancedb,sqlite' },
    'run-id': { type: 'string', default: '' },
    passes: { type: 'string', default: '3' },
    'lance-indexes': { type: 'string', default: 'ivf_pq,ivf_hnsw_sq' },
    keep: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    'target-recall': { type: 'string', default: '0.95' },
    report: { type: 'string' },
  },
});

const DIM = 128;
const K = 10;
const nowMs = () => performance.now();
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const round3 = (x) => Math.round(x * 1000) / 1000;

if (args.report) {
  report(args.report);
  process.exit(0);
}
if (!args.data || !args.work || !args.out) {
  console.error('usage: node search_peers.mjs --data DIR --work DIR --out FILE [--systems lancedb,sqlite]\n' +
                '       node search_peers.mjs --report FILE');
  process.exit(2);
}
const passes = Math.max(1, Number(args.passes));
const target = Number(args['target-recall']);  // the recall@10 a tuned setting must reach

// ---- data ------------------------------------------------------------------------------------

const readJson = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));
const manifest = readJson(path.join(args.data, 'manifest.json'));
const { docs: D, vectors: V } = manifest.params;
const floats = (name) => {
  const b = fs.readFileSync(path.join(args.data, name));
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);  // little-endian host
};
const vectors = floats('vectors.f32');
const vectorQueries = floats('vector_queries.f32');
const textQueries = readJson(path.join(args.data, 'text_queries.json'));
const corpus = fs.readFileSync(path.join(args.data, 'corpus.txt'), 'utf8').split('\n').slice(0, D);
const NQ = Math.min(textQueries.length, vectorQueries.length / DIM);
const query = (q) => vectorQueries.subarray(q * DIM, (q + 1) * DIM);
if (vectors.length !== V * DIM || corpus.length !== D) throw new Error('data files do not match manifest.json');

const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version,
                  platform: `${os.platform()}-${os.arch()}`, mem_gib: Math.round(os.totalmem() / 2 ** 30),
                  loadavg_1m: os.loadavg()[0] };

function emit(system, version, workload, fields) {
  const rec = { kind: 'search', run_id: args['run-id'], system, version, workload, docs: D, vectors: V,
                inputs_sha256: manifest.sha256, machine: { ...machine, loadavg_1m: os.loadavg()[0],
                                                           peak_rss_kib: Math.round(process.resourceUsage().maxRSS) },
                ...fields };
  fs.appendFileSync(args.out, JSON.stringify(rec) + '\n');
  let t = '';
  if (fields.error) t = `ERROR ${fields.error}`;
  else if (fields.skipped) t = `skipped: ${fields.skipped}`;
  else if (fields.qps !== undefined) t = `qps ${fields.qps}  p50 ${fields.p50_ms} ms`;
  else if (fields.ms !== undefined) t = `${fields.ms} ms`;
  if (fields.recall_at_10 !== undefined) t += `  recall@10 ${fields.recall_at_10}`;
  if (fields.setting) t += `  (${fields.setting})`;
  console.error(`  ${system.padEnd(9)} ${workload.padEnd(24)} ${t}`);
}

// Same statistics as og_search_bench: nearest-rank percentiles, qps = calls / total time.
function summarize(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const pct = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  const sum = s.reduce((a, b) => a + b, 0);
  return { p50_ms: round3(pct(50)), p95_ms: round3(pct(95)), p99_ms: round3(pct(99)), min_ms: round3(s[0]),
           max_ms: round3(s[s.length - 1]), mean_ms: round3(sum / s.length),
           qps: Math.round((s.length / (sum / 1000)) * 10) / 10 };
}

// One untimed pass, then `n` timed passes; `run(q)` answers query q. Returns the last pass's answers.
async function timed(run, n = passes) {
  const times = [];
  let answers = [];
  let first = 0;
  let cpuTimed = 0;
  for (let pass = 0; pass <= n; pass++) {
    answers = [];
    const cp = cpuMs();
    for (let q = 0; q < NQ; q++) {
      const t0 = nowMs();
      const a = await run(q);
      const ms = nowMs() - t0;
      if (pass === 0 && q === 0) first = ms;
      if (pass > 0) times.push(ms);
      answers.push(a);
    }
    if (pass > 0) cpuTimed += cpuMs() - cp;
  }
  return { stats: { ...summarize(times), queries: NQ, passes: n, samples: times.length, first_query_ms: round3(first),
                    cpu_ms_per_query: round3(cpuTimed / times.length) },
           answers };
}

// Exact top K of every vector query: squared L2 in float64, ties by index.
function exactTruth() {
  const t0 = nowMs();
  const truth = [];
  for (let q = 0; q < NQ; q++) {
    const qv = query(q);
    const best = [];  // sorted ascending [d, i], at most K
    for (let i = 0; i < V; i++) {
      let s = 0;
      const o = i * DIM;
      for (let d = 0; d < DIM; d++) { const e = vectors[o + d] - qv[d]; s += e * e; }
      if (best.length < K || s < best[K - 1][0]) {
        let j = best.length < K ? best.length : K - 1;
        while (j > 0 && best[j - 1][0] > s) { best[j] = best[j - 1]; j--; }
        best[j] = [s, i];
      }
    }
    truth.push(best.map(([, i]) => i));
  }
  console.error(`  peers     exact top-10 of ${NQ} queries over ${V} vectors: ${Math.round(nowMs() - t0)} ms ` +
                '(brute force, for recall)');
  return truth;
}

function recall(answers, truth, toIndex) {
  let hits = 0;
  answers.forEach((ids, q) => { const want = new Set(truth[q]); for (const id of ids) if (want.has(toIndex(id))) hits++; });
  return Math.round((hits / (answers.length * K)) * 10000) / 10000;
}

function dirBytes(dir, classify) {
  const out = { index: 0, data: 0, meta: 0 };
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[classify(p)] += fs.statSync(p).size;
    }
  };
  walk(dir);
  out.total = out.index + out.data + out.meta;
  return out;
}

// ---- LanceDB ---------------------------------------------------------------------------------

async function runLancedb(truth) {
  let lancedb, arrow;
  try {
    lancedb = await import('@lancedb/lancedb');
    arrow = await import('apache-arrow');
  } catch (e) {
    emit('lancedb', null, 'S1.load_vectors', { skipped: `@lancedb/lancedb does not load: ${e.message}` });
    return;
  }
  const version = JSON.parse(fs.readFileSync(path.join(benchDir, 'node_modules/@lancedb/lancedb/package.json'),
                                             'utf8')).version;
  const dir = path.join(args.work, `lancedb-search-${D}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const db = await lancedb.connect(dir);
  const lanceBytes = (name) => dirBytes(path.join(dir, `${name}.lance`), (p) =>
    p.includes(`${path.sep}_indices${path.sep}`) ? 'index' : p.includes(`${path.sep}data${path.sep}`) ? 'data' : 'meta');

  // Vectors: one Arrow table, written by createTable, then the vector index.
  const vecType = new arrow.FixedSizeList(DIM, new arrow.Field('item', new arrow.Float32(), true));
  const vecData = arrow.makeData({ type: vecType, length: V, nullCount: 0,
    child: arrow.makeData({ type: new arrow.Float32(), length: V * DIM, nullCount: 0, data: vectors }) });
  const vids = arrow.vectorFromArray(Array.from({ length: V }, (_, i) => `v${i}`), new arrow.Utf8());
  const vecTable = new arrow.Table({ vid: vids, vector: arrow.makeVector(vecData) });
  let t0 = nowMs(), c0 = cpuMs();
  const vecs = await db.createTable('vecs', vecTable);
  const writeMs = nowMs() - t0, writeCpu = cpuMs() - c0;
  const dataBytes = lanceBytes('vecs');

  const vectorAnswer = (q, tune) => async (i) => {
    let s = vecs.vectorSearch(query(i)).select(['vid', '_distance']).limit(K);
    s = tune(s);
    return (await s.toArray()).map((r) => r.vid);
  };
  const toIndex = (vid) => Number(vid.slice(1));
  const indexes = args['lance-indexes'].split(',').filter(Boolean);
  let first = true;
  for (const kind of indexes) {
    try {
      await vectorIndex(kind);
    } catch (e) {  // one index failing does not stop the others or the full-text part
      emit('lancedb', version, 'S3.vector_top10', { index: kind, error: String(e.message ?? e).slice(0, 300) });
    }
  }
  async function vectorIndex(kind) {
    const config = kind === 'ivf_hnsw_sq' ? lancedb.Index.hnswSq() : undefined;
    t0 = nowMs(); c0 = cpuMs();
    await vecs.createIndex('vector', config ? { config, replace: true } : { replace: true });
    const indexMs = nowMs() - t0, indexCpu = cpuMs() - c0;
    const [info] = await vecs.listIndices();
    const bytes = lanceBytes('vecs');
    const indexType = info?.indexType ?? kind;
    emit('lancedb', version, 'S1.load_vectors', {
      index: indexType, config: config ? 'Index.hnswSq() defaults' : 'createIndex("vector"), no config',
      ms: round3(writeMs + indexMs), write_ms: round3(writeMs), index_ms: round3(indexMs),
      cpu_ms: round3(writeCpu + indexCpu), rows: await vecs.countRows(),
      bytes_on_disk: { data: dataBytes.data, index: bytes.index, meta: bytes.meta, total: dataBytes.data + bytes.index + bytes.meta },
      what: 'createTable (Arrow, in memory) + createIndex on the vector column' });

    // Query defaults, then a sweep; the cheapest swept setting that reaches the target gets full passes.
    const defaults = await timed(vectorAnswer(0, (s) => s));
    emit('lancedb', version, 'S3.vector_top10', { index: indexType, setting: 'query defaults', ...defaults.stats,
      rows: defaults.answers.flat().length, recall_at_10: recall(defaults.answers, truth, toIndex) });
    const grid = indexType.includes('HNSW') || kind === 'ivf_hnsw_sq'
      // LanceDB requires ef >= limit x refineFactor.
      ? [undefined, 2, 5].flatMap((rf) => [...new Set((args.quick ? [15, 40, 160] : [15, 20, 40, 80, 160])
          .map((ef) => Math.max(ef, K * (rf ?? 1))))].map((ef) => ({
          setting: `ef ${ef}` + (rf ? `, refineFactor ${rf}` : ''), rf,
          tune: (s) => (rf ? s.ef(ef).refineFactor(rf) : s.ef(ef)) })))
      : (args.quick ? [20, 80] : [20, 40, 80, 160]).flatMap((np) => (args.quick ? [1, 10, 40] : [1, 5, 10, 20, 40]).map((rf) => ({
          setting: `nprobes ${np}, refineFactor ${rf}`, np, rf, tune: (s) => s.nprobes(np).refineFactor(rf) })));
    // IVF_PQ: per nprobes, refineFactor ascending until recall is reached (a larger one only costs
    // more). HNSW: per refineFactor (none first), ef ascending likewise; a refine is tried only if
    // no ef without it reaches the recall. Best = the highest qps among the reaching settings.
    const sweep = [];
    let best = null;
    const reached = new Set();
    for (const g of grid) {
      const group = g.np !== undefined ? `np${g.np}` : `rf${g.rf}`;
      if (reached.has(group)) continue;
      if (g.np === undefined && g.rf !== undefined && reached.size) break;
      let r;
      try {
        r = await timed(vectorAnswer(0, g.tune), 1);
      } catch (e) {
        sweep.push({ setting: g.setting, error: String(e.message ?? e).slice(0, 200) });
        continue;
      }
      const rec = recall(r.answers, truth, toIndex);
      sweep.push({ setting: g.setting, qps: r.stats.qps, p50_ms: r.stats.p50_ms, recall_at_10: rec });
      if (rec >= target) {
        reached.add(group);
        if (!best || r.stats.qps > best.qps) best = { ...g, qps: r.stats.qps };
      }
    }
    if (best) {
      const r = await timed(vectorAnswer(0, best.tune));
      emit('lancedb', version, 'S3.vector_top10', { index: indexType, setting: best.setting, tuned: true,
        ...r.stats, rows: r.answers.flat().length, recall_at_10: recall(r.answers, truth, toIndex), sweep });
    } else {
      emit('lancedb', version, 'S3.vector_top10', { index: indexType, setting: `none of the sweep reached ${target}`,
        tuned: true, error: `recall@10 >= ${target} not reached`, sweep });
    }
    if (first) {
      const exact = await timed(vectorAnswer(0, (s) => s.bypassVectorIndex()), 1);
      emit('lancedb', version, 'S3.vector_top10', { index: 'none (bypassVectorIndex: brute force)',
        setting: 'exact', ...exact.stats, rows: exact.answers.flat().length,
        recall_at_10: recall(exact.answers, truth, toIndex) });
      first = false;
    }
  }
  vecs.close();

  // Documents: createTable, then the full-text index.
  const docTable = new arrow.Table({
    slug: arrow.vectorFromArray(Array.from({ length: D }, (_, i) => `d${i}`), new arrow.Utf8()),
    body: arrow.vectorFromArray(corpus, new arrow.Utf8()) });
  t0 = nowMs(); c0 = cpuMs();
  const docs = await db.createTable('docs', docTable);
  const dWriteMs = nowMs() - t0;
  const dData = lanceBytes('docs');
  const t1 = nowMs();
  await docs.createIndex('body', { config: lancedb.Index.fts({ withPosition: true }) });
  const ftsMs = nowMs() - t1, dCpu = cpuMs() - c0;
  const dAll = lanceBytes('docs');
  emit('lancedb', version, 'S1.load_docs', {
    index: 'FTS (Index.fts({ withPosition: true }))', ms: round3(dWriteMs + ftsMs), write_ms: round3(dWriteMs),
    index_ms: round3(ftsMs), cpu_ms: round3(dCpu), rows: await docs.countRows(),
    bytes_on_disk: { data: dData.data, index: dAll.index, meta: dAll.meta, total: dData.data + dAll.index + dAll.meta },
    what: 'createTable (slug, body) + createIndex FTS on body; no vectors, no edges' });
  const fts = await timed(async (q) =>
    (await docs.query().fullTextSearch(textQueries[q]).select(['slug', '_score']).limit(K).toArray()).map((r) => r.slug));
  emit('lancedb', version, 'S2.bm25_top10', { ...fts.stats, rows: fts.answers.flat().length, top10: fts.answers,
                                              prepared: false });
  docs.close();
  db.close();
  if (!args.keep) fs.rmSync(dir, { recursive: true, force: true });
}

// ---- SQLite FTS5 -----------------------------------------------------------------------------

async function runSqlite() {
  const { default: Database } = await import('better-sqlite3');
  const file = path.join(args.work, `sqlite-search-${D}.db`);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const t0 = nowMs(), c0 = cpuMs();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const version = db.prepare('SELECT sqlite_version()').pluck().get();
  db.exec("CREATE VIRTUAL TABLE docs USING fts5(slug UNINDEXED, body, tokenize = 'unicode61')");
  const ins = db.prepare('INSERT INTO docs (slug, body) VALUES (?, ?)');
  db.transaction(() => { for (let i = 0; i < D; i++) ins.run(`d${i}`, corpus[i]); })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  const ms = nowMs() - t0, cpu = cpuMs() - c0;
  // Content (the docs' text) vs the full-text index, by dbstat when SQLite has it.
  let bytes = { total: fs.statSync(file).size };
  try {
    const rows = db.prepare('SELECT name, SUM(pgsize) AS b FROM dbstat GROUP BY name').all();
    const by = Object.fromEntries(rows.map((r) => [r.name, r.b]));
    const data = by.docs_content ?? 0;
    const index = (by.docs_data ?? 0) + (by.docs_idx ?? 0) + (by.docs_docsize ?? 0);
    bytes = { data, index, meta: bytes.total - data - index, total: bytes.total };
  } catch { /* no dbstat: total only */ }
  emit('sqlite', version, 'S1.load_docs', { index: 'FTS5 (unicode61)', ms: round3(ms), cpu_ms: round3(cpu), rows: D,
    bytes_on_disk: bytes, what: 'CREATE VIRTUAL TABLE fts5 + one transaction of INSERTs (WAL, synchronous=FULL)' });
  const stmt = db.prepare('SELECT slug FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10').pluck();
  const match = (q) => q.split(/\s+/).filter(Boolean).map((w) => `"${w}"`).join(' OR ');
  const r = await timed(async (q) => stmt.all(match(textQueries[q])));
  emit('sqlite', version, 'S2.bm25_top10', { ...r.stats, rows: r.answers.flat().length, top10: r.answers, prepared: true });
  db.close();
  if (!args.keep) for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

// ---- main ------------------------------------------------------------------------------------

const systems = args.systems.split(',').filter(Boolean);
let truth = null;
if (systems.includes('lancedb')) {
  truth = exactTruth();
  fs.appendFileSync(args.out, JSON.stringify({ kind: 'search', run_id: args['run-id'], system: 'peers',
    workload: 'truth', docs: D, vectors: V, truth }) + '\n');
}
for (const s of systems) {
  try {
    if (s === 'lancedb') await runLancedb(truth);
    else if (s === 'sqlite') await runSqlite();
    else throw new Error(`unknown system ${s} (lancedb, sqlite)`);
  } catch (e) {
    emit(s, null, 'error', { error: String(e.stack ?? e) });
  }
}

// ---- report ----------------------------------------------------------------------------------

function report(file) {
  const recs = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
    .filter((r) => r.kind === 'search');
  const sizes = [...new Set(recs.map((r) => r.docs))];
  const fmt = (x, d = 1) => (x === undefined || x === null ? '—' : Number(x).toLocaleString('en-US', { maximumFractionDigits: d }));
  const mb = (b) => (b === undefined ? '—' : (b / 1e6).toFixed(1));
  for (const docs of sizes) {
    const rs = recs.filter((r) => r.docs === docs);
    const get = (system, workload, pred = () => true) => rs.find((r) => r.system === system && r.workload === workload && pred(r));
    const V = rs[0].vectors;
    console.log(`search, ${docs.toLocaleString('en-US')} docs / ${V.toLocaleString('en-US')} x 128 vectors ` +
                '(qps = queries/s, one query at a time; p50 per query in ms):');
    const rows = [];
    const row = (label, cells) => rows.push([label, ...cells]);
    const load = (r) => (r ? (r.error ? 'ERROR' : `${fmt(r.ms / 1000, 2)} s, ${mb(r.bytes_on_disk?.data)} + ${mb(r.bytes_on_disk?.index)} MB`) : '—');
    const q = (r) => (r ? (r.error ? `ERROR ${r.error}`.slice(0, 40) : `${fmt(r.qps)} qps, p50 ${fmt(r.p50_ms, 3)}` +
                            (r.recall_at_10 !== undefined ? `, R ${r.recall_at_10.toFixed(3)}` : '') +
                            (r.setting ? ` [${r.setting}]` : '')) : '—');
    const ours = (w) => get('omnigraph', w);
    const lanceVecs = rs.filter((r) => r.system === 'lancedb' && r.workload === 'S1.load_vectors');
    row('load vectors (time, data + index MB)', [load(ours('S1.load_vectors')),
      lanceVecs.map((r) => `${r.index}: ${load(r)}`).join('; ') || '—', 'n/a']);
    row('load docs (text; ours + embedding, edges)', [load(ours('S1.load_docs')), load(get('lancedb', 'S1.load_docs')),
      load(get('sqlite', 'S1.load_docs'))]);
    row('BM25 top-10', [q(ours('S2.bm25_top10')), q(get('lancedb', 'S2.bm25_top10')), q(get('sqlite', 'S2.bm25_top10'))]);
    const lv = rs.filter((r) => r.system === 'lancedb' && r.workload === 'S3.vector_top10');
    const lq = (r) => `${r.index.split(' ')[0]} ${q(r)}`;
    row('vector top-10', [q(ours('S3.vector_top10')), lv.length ? lq(lv[0]) : '—', 'n/a']);
    for (const r of lv.slice(1)) row('', ['', lq(r), '']);
    row('hybrid rrf(nearest, bm25) top-10', [q(ours('S4.hybrid_rrf')), 'n/a', 'n/a']);
    const h = ours('S5.hybrid_rrf_cites');
    row('hybrid rrf + cites traversal', [q(h) + (h?.verified_queries ? ` (fusion ${h.fusion_agrees}/${h.verified_queries})` : ''),
      'n/a', 'n/a']);
    const f = ours('S6.fragments_vector_top10'), o = ours('S6.optimize'), fo = ours('S6.optimized_vector_top10');
    if (f) row(`vector top-10, ${f.segments} fragments/segments`, [q(f), '', '']);
    if (o) row('optimize (compact + rebuild segment)', [o.error ? 'ERROR' : `${fmt(o.ms / 1000, 2)} s`, '', '']);
    if (fo) row('vector top-10 after optimize', [q(fo), '', '']);
    const widths = [0, 1, 2, 3].map((i) => Math.max(...[['workload', 'OmniGraph', 'LanceDB', 'SQLite FTS5'], ...rows]
      .map((r) => String(r[i]).length)));
    const line = (r) => console.log(r.map((c, i) => String(c).padEnd(widths[i])).join(' | '));
    line(['workload', 'OmniGraph', 'LanceDB', 'SQLite FTS5']);
    console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
    rows.forEach(line);
    // Result checks: BM25 top-10 overlap between systems (same BM25 family; not asserted) and
    // whether both drivers computed the same exact top 10.
    const overlap = (a, b) => {
      if (!a?.top10 || !b?.top10) return null;
      let sum = 0, n = 0;
      a.top10.forEach((x, i) => {
        const y = new Set(b.top10[i] ?? []);
        const denom = Math.min(K, Math.max(x.length, y.size));
        if (denom === 0) return;
        sum += x.filter((s) => y.has(s)).length / denom;
        n++;
      });
      return n ? (sum / n).toFixed(3) : null;
    };
    const ob = ours('S2.bm25_top10');
    console.log(`BM25 top-10 overlap (mean over queries): ours vs SQLite FTS5 ${overlap(ob, get('sqlite', 'S2.bm25_top10')) ?? '—'}, ` +
                `ours vs LanceDB ${overlap(ob, get('lancedb', 'S2.bm25_top10')) ?? '—'}, ` +
                `LanceDB vs SQLite ${overlap(get('lancedb', 'S2.bm25_top10'), get('sqlite', 'S2.bm25_top10')) ?? '—'}`);
    const tp = get('peers', 'truth'), to = get('omnigraph', 'S3.vector_top10');
    if (tp?.truth && to?.truth) {
      const same = JSON.stringify(tp.truth) === JSON.stringify(to.truth);
      console.log(`exact top-10 (recall ground truth): ${same ? 'the same' : 'DIFFERENT'} in both drivers`);
    }
    console.log();
  }
}
