// Turn one run's JSONL records (from og_bench and peers.mjs, plus the "expected" records bench/run
// adds per size) into the comparison table: one line per workload and size with each system's p50,
// the ratio ours/peer (< 1 = OmniGraph faster) and the verify result. A timing counts only when the
// system's row count and checksum equal the expected answer (which every other system must also
// match); otherwise its ratio is not printed. Appends one "cell" record per line to the same file.
//
//   node bench/report.mjs bench/out/run-<id>.jsonl
import fs from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node report.mjs RECORDS.jsonl');
  process.exit(2);
}
const records = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const OURS = 'omnigraph';
const PEERS = ['kuzu', 'sqlite'];
const SYSTEMS = [OURS, ...PEERS];

const expected = new Map();  // persons -> {workload: {rows, checksum}}
const results = new Map();   // `${workload}|${persons}` -> {system: record}
for (const r of records) {
  if (r.kind === 'expected') expected.set(r.persons, r.expected);
  if (r.kind !== 'result') continue;
  const key = `${r.workload}|${r.persons}`;
  if (!results.has(key)) results.set(key, {});
  results.get(key)[r.system] = r;
}

function verdict(rec, exp) {
  if (!rec) return null;
  if (rec.error) return 'error';
  if (!exp) return 'unchecked';
  return rec.rows === exp.rows && rec.checksum === exp.checksum ? 'ok' : 'WRONG';
}

const fmtMs = (ms) => (ms === undefined ? '-' : ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2)
                                                                                   : ms.toFixed(3));
const fmtRatio = (x) => (x === null ? '-' : x >= 10 ? x.toFixed(1) : x.toFixed(2));

const cols = ['workload', 'persons', 'omnigraph', 'kuzu', 'sqlite', 'og/kuzu', 'og/sqlite',
              'verify'];
const widths = [20, 9, 11, 11, 11, 8, 10, 0];
const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join(' ').trimEnd();
console.log('p50 wall time in ms per call (P1: per full load); ratio < 1 = OmniGraph faster');
console.log(line(cols));

const keys = [...results.keys()].sort((a, b) => {
  const [wa, pa] = a.split('|');
  const [wb, pb] = b.split('|');
  return Number(pa) - Number(pb) || wa.localeCompare(wb);
});
for (const key of keys) {
  const [workload, personsText] = key.split('|');
  const persons = Number(personsText);
  const bySystem = results.get(key);
  const exp = expected.get(persons)?.[workload];
  const verdicts = Object.fromEntries(SYSTEMS.map((s) => [s, verdict(bySystem[s], exp)]));
  const counts = (s) => verdicts[s] === 'ok' || verdicts[s] === 'unchecked';
  const p50 = (s) => (counts(s) ? bySystem[s].p50_ms : undefined);
  const ratio = (peer) => (p50(OURS) !== undefined && p50(peer) ? p50(OURS) / p50(peer) : null);
  const bad = SYSTEMS.filter((s) => verdicts[s] && verdicts[s] !== 'ok')
                     .map((s) => `${s}:${verdicts[s]}`);
  const present = SYSTEMS.filter((s) => verdicts[s]);
  const verify = bad.length ? bad.join(' ') : `ok (${present.length} systems)`;
  console.log(line([workload, persons, ...SYSTEMS.map((s) => fmtMs(p50(s))),
                    ...PEERS.map((p) => fmtRatio(ratio(p))), verify]));
  const cell = { kind: 'cell', workload, persons, expected: exp ?? null, verify: verdicts };
  for (const s of SYSTEMS) {
    const r = bySystem[s];
    if (r) cell[s] = r.error ? { error: r.error } : { p50_ms: r.p50_ms, p99_ms: r.p99_ms,
                                                      samples: r.samples };
  }
  for (const p of PEERS) cell[`ratio_${p}`] = ratio(p);
  fs.appendFileSync(file, JSON.stringify(cell) + '\n');
}
