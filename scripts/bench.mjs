// Runs every benchmark file (packages/*/bench/*.bench.ts) in its own process and prints their tables.
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);
const files = [];
for (const pkg of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', pkg, 'bench');
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).sort()) if (f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o)))) files.push(join(dir, f));
}
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file.slice(root.length)}`);
  const r = spawnSync(join(root, 'node_modules/.bin/tsx'), ['--expose-gc', file], { stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=8192' } });
  if (r.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
