// Runs every example script (examples/scripts/*.ts) the way an integrator would, with tsx.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, 'examples', 'scripts');
let failed = 0;
for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts')).sort()) {
  console.log(`\n=== examples/scripts/${f}`);
  const r = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(dir, f)], { stdio: 'inherit', cwd: root, timeout: 300_000 });
  if (r.status !== 0) {
    console.log(`examples/scripts/${f} FAILED (exit ${r.status ?? r.signal})`);
    failed++;
  }
}
process.exitCode = failed === 0 ? 0 : 1;
