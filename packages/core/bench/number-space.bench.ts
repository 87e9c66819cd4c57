// Number-space benchmark: full conflict check, single-extension re-check (ConflictChecker) and a
// validated single edit (Validator.applyEdit: every rule, scoped to what the edit touches) over the
// synthetic enterprises S/M/L/XL. Run: npx tsx packages/core/bench/number-space.bench.ts [S M L XL]
// Build and check are the best of two runs (the machine may be shared).
import { performance } from 'node:perf_hooks';
import { SYNTHETIC_SIZES, generateEnterprise } from '../src/synthetic/generate-enterprise.js';
import { ConflictChecker } from '../src/number-space/conflict-checker.js';
import { buildNumberSpace } from '../src/number-space/number-space.js';
import { findConflicts } from '../src/number-space/find-conflicts.js';
import '../src/number-space/index.js';
import { Validator } from '../src/validate/validator.js';

type SizeName = keyof typeof SYNTHETIC_SIZES;
const wanted = (process.argv.slice(2).filter((a) => a in SYNTHETIC_SIZES) as SizeName[]);
const sizes: SizeName[] = wanted.length > 0 ? wanted : ['S', 'M', 'L', 'XL'];

const ms = (t: number): string => t.toFixed(t < 10 ? 2 : 0);
const rows: string[][] = [];
for (const name of sizes) {
  const size = SYNTHETIC_SIZES[name];
  const e = generateEnterprise(size);
  let build = Infinity;
  let check = Infinity;
  let space = buildNumberSpace(e);
  let found = findConflicts(space);
  for (let run = 0; run < 2; run++) {
    let t = performance.now();
    space = buildNumberSpace(e);
    build = Math.min(build, performance.now() - t);
    t = performance.now();
    found = findConflicts(space);
    check = Math.min(check, performance.now() - t);
  }
  const checker = new ConflictChecker(e);
  // Single edits: renumber 200 extensions spread over the enterprise (each to its own number + '9'
  // is not used: renumber to the next extension's number on the same cluster, a real conflict).
  const edits = 200;
  const step = Math.max(1, Math.floor(e.extensions.length / edits));
  const times: number[] = [];
  for (let k = 0; k < edits; k++) {
    const i = (k * step) % e.extensions.length;
    const x = e.extensions[i]!;
    const s = performance.now();
    checker.setExtension(i, { ...x, number: `${x.number}0` });
    checker.setExtension(i, x);
    times.push((performance.now() - s) / 2);
  }
  times.sort((a, b) => a - b);
  // Validated edits: rename (nothing found) and renumber onto a neighbour (a duplicate found), each undone.
  let t = performance.now();
  const validator = new Validator(e);
  const validatorBuild = performance.now() - t;
  const vtimes: number[] = [];
  const vedits = 50;
  const vstep = Math.max(1, Math.floor(e.extensions.length / vedits));
  for (let k = 0; k < vedits; k++) {
    const i = (k * vstep) % e.extensions.length;
    const x = e.extensions[i]!;
    const next = e.extensions[(i + 1) % e.extensions.length]!;
    for (const value of [{ ...x, name: `Renamed ${k}` }, { ...x, number: next.number, cluster: next.cluster }]) {
      t = performance.now();
      validator.applyEdit({ op: 'set', collection: 'extensions', index: i, value });
      vtimes.push(performance.now() - t);
      validator.applyEdit({ op: 'set', collection: 'extensions', index: i, value: x });
    }
  }
  vtimes.sort((a, b) => a - b);
  const claims = [...space.clusters.values()].reduce((n, c) => n + [...c.literals.values()].reduce((m, l) => m + l.length, 0) + [...c.buckets.values()].reduce((m, l) => m + l.length, 0), 0);
  rows.push([name, String(size.extensions), String(size.clusters), String(size.routePatterns), String(claims), ms(build), ms(check), ms(build + check), String(found.length), ms(times[Math.floor(times.length / 2)]!), ms(times[Math.floor(times.length * 0.99)]!), ms(validatorBuild), ms(vtimes[Math.floor(vtimes.length / 2)]!), ms(vtimes[Math.floor(vtimes.length * 0.99)]!)]);
}
const head = ['size', 'extensions', 'clusters', 'routes', 'claims', 'build ms', 'check ms', 'full ms', 'findings', 'edit p50 ms', 'edit p99 ms', 'validator ms', 'validated edit p50 ms', 'p99 ms'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: readonly string[]): string => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
console.log(line(head));
for (const r of rows) console.log(line(r));
