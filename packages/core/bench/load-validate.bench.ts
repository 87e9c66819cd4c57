// Benchmark of issue 2: load (JSON file from disk) + validate a synthetic enterprise at the sizes
// S, M, L, XL of shared/design/model.md. Prints a table; run with `npm run bench`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODEL_RULES, SYNTHETIC_SIZES, generateEnterprise, loadEnterprise, validate } from '@acm/core';

const sizes = (process.env.ACM_BENCH_SIZES ?? 'S,M,L,XL').split(',') as (keyof typeof SYNTHETIC_SIZES)[];
const dir = await mkdtemp(join(tmpdir(), 'acm-bench-'));
const rows: string[][] = [];
const best = async (runs: number, f: () => Promise<void> | void): Promise<number> => {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    min = Math.min(min, performance.now() - t);
  }
  return min;
};
for (const name of sizes) {
  const size = SYNTHETIC_SIZES[name];
  const enterprise = generateEnterprise(size);
  const file = join(dir, `${name}.json`);
  const text = JSON.stringify(enterprise);
  await writeFile(file, text);
  const runs = name === 'XL' ? 2 : 3;
  let loaded = await loadEnterprise(file);
  const loadMs = await best(runs, async () => {
    loaded = await loadEnterprise(file);
  });
  const model = loaded.enterprise;
  if (model === undefined) throw new Error(`synthetic ${name} did not load: ${loaded.diagnostics[0]?.message}`);
  let findings = validate(model).length; // warm-up: JIT and lazy tables
  const modelMs = await best(runs, () => void validate(model, { rules: MODEL_RULES }));
  const fullMs = await best(runs, () => {
    findings = validate(model).length;
  });
  global.gc?.();
  const heap = process.memoryUsage().heapUsed / 1024 / 1024;
  rows.push([name, String(model.extensions.length), String(size.clusters), (text.length / 1e6).toFixed(1), loadMs.toFixed(0), modelMs.toFixed(0), fullMs.toFixed(0), (loadMs + fullMs).toFixed(0), String(findings), heap.toFixed(0)]);
}
await rm(dir, { recursive: true, force: true });
const head = ['size', 'extensions', 'clusters', 'MB json', 'load ms', 'model rules ms', 'validate ms', 'load+validate ms', 'findings', 'heap MB'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
const line = (r: string[]): string => r.map((c, i) => c.padStart(widths[i] as number)).join(' | ');
console.log('\nload (JSON file) + validate, best of 3 runs (2 for XL) after a warm-up; model rules = the structural and model checks incl. the proxy number plan, validate = every default rule (adds the number space, roaming, inter-site checks)');
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(line(r));
