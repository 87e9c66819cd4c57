// Render benchmark: files, bytes and wall time of renderEnterprise at the shared synthetic sizes.
// Each size twice: as generated, and with a full mesh of inter-site IAX2 trunks (every cluster routes
// every other cluster's numbers, the worst case for extensions.conf).
// Run: npx tsx packages/render/bench/render.bench.ts [S M L XL]
import { SYNTHETIC_SIZES, generateEnterprise } from '@acm/core';
import { createSecretResolver, renderEnterprise } from '@acm/render';

const sizes = (process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['S', 'M', 'L', 'XL']) as (keyof typeof SYNTHETIC_SIZES)[];
const rows: string[][] = [];
for (const name of sizes) for (const mesh of [false, true]) {
  const size = SYNTHETIC_SIZES[name];
  const enterprise = generateEnterprise(size, 1, { interSiteMesh: mesh });
  const secrets = createSecretResolver({ env: {} });
  const t0 = performance.now();
  const result = renderEnterprise(enterprise, { secrets });
  const ms = performance.now() - t0;
  const all = [...result.servers.flatMap((s) => s.files), ...result.files];
  const bytes = all.reduce((n, f) => n + f.size, 0);
  rows.push([name, mesh ? 'yes' : 'no', String(size.extensions), String(size.clusters), String(result.servers.length), String(all.length), (bytes / 1e6).toFixed(1), (ms / 1000).toFixed(2)]);
}
const head = ['size', 'iax mesh', 'extensions', 'clusters', 'servers', 'files', 'MB', 'seconds'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (r: string[]): string => r.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
console.log(line(head));
for (const r of rows) console.log(line(r));
