// Number-space benchmark: full conflict check and single-extension re-check over the synthetic
// enterprises S/M/L/XL. Run: npx tsx packages/core/bench/number-space.bench.ts [S M L XL]
import { performance } from 'node:perf_hooks';
import { SYNTHETIC_SIZES, generateEnterprise } from '../src/synthetic/generate-enterprise.js';
import { ConflictChecker } from '../src/number-space/conflict-checker.js';
import { buildNumberSpace } from '../src/number-space/number-space.js';
import { findConflicts } from '../src/number-space/find-conflicts.js';

type SizeName = keyof typeof SYNTHETIC_SIZES;
const wanted = (process.argv.slice(2).filter((a) => a in SYNTHETIC_SIZES) as SizeName[]);
const sizes: SizeName[] = wanted.length > 0 ? wanted : ['S', 'M', 'L', 'XL'];

const ms = (t: number): string => t.toFixed(t < 10 ? 2 : 0);
const rows: string[][] = [];
for (const name of sizes) {
  const size = SYNTHETIC_SIZES[name];
  const e = generateEnterprise(size);
  let t = performance.now();
  const space = buildNumberSpace(e);
  const build = performance.now() - t;
  t = performance.now();
  const found = findConflicts(space);
  const check = performance.now() - t;
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
  const claims = [...space.clusters.values()].reduce((n, c) => n + [...c.literals.values()].reduce((m, l) => m + l.length, 0) + [...c.buckets.values()].reduce((m, l) => m + l.length, 0), 0);
  rows.push([name, String(size.extensions), String(size.clusters), String(size.routePatterns), String(claims), ms(build), ms(check), ms(build + check), String(found.length), ms(times[Math.floor(times.length / 2)]!), ms(times[Math.floor(times.length * 0.99)]!)]);
}
const head = ['size', 'extensions', 'clusters', 'routes', 'claims', 'build ms', 'check ms', 'full ms', 'findings', 'edit p50 ms', 'edit p99 ms'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: readonly string[]): string => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
console.log(line(head));
for (const r of rows) console.log(line(r));
