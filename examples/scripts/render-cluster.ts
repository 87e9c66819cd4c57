// Renders one cluster (tpa1) of the demo enterprise with the tpa site's template override
// (examples/templates/sites/tpa: voicemail.conf attaching messages to e-mail, plus an extra file),
// checks the override took effect, and prints the manifest of each server.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatPath, loadEnterprise } from '@acm/core';
import { createSecretResolver, manifestOf, renderEnterprise } from '@acm/render';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const loaded = await loadEnterprise(join(root, 'enterprise'));
if (!loaded.enterprise) throw new Error('demo enterprise unreadable');
const result = renderEnterprise(loaded.enterprise, {
  clusters: ['tpa1'],
  templateRoot: join(root, 'templates'),
  secrets: createSecretResolver({ env: process.env }),
  // Scripts may add data to the render context and files of their own.
  extend: (ctx) => ({ renderedFor: ctx.server.hostname }),
  extraFiles: (ctx) => [{ path: 'etc/asterisk/acm-server.txt', content: `${String(ctx.extra.renderedFor)}\n` }],
});
// Problems (a secret that cannot be resolved, a failing template) are diagnostics with model paths;
// a server they concern is left out of result.servers rather than rendered wrong.
for (const d of result.diagnostics) console.error(`${d.code} at ${formatPath(d.path)}: ${d.message}`);
if (result.diagnostics.length > 0) process.exitCode = 1;
for (const server of result.servers) {
  const vm = server.files.find((f) => f.path === 'etc/asterisk/voicemail.conf');
  if (!vm?.content.includes('attach = yes')) throw new Error('site override of voicemail.conf not applied');
  if (!server.files.some((f) => f.path === 'etc/asterisk/extensions-tpa-notes.conf')) throw new Error('extra file missing');
  const m = manifestOf(server);
  console.log(`${m.cluster}/${m.server}`);
  for (const f of m.files) console.log(`  ${f.path.padEnd(42)} ${String(f.size).padStart(7)}  ${f.sha256.slice(0, 12)}  ${f.reload}`);
}
