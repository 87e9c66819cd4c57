// Writes docs/diagnostics.md from the diagnostic catalogue (the one source of codes and their docs).
import { writeFileSync } from 'node:fs';
import { CATALOGUE } from '@acm/core';

const byArea = new Map();
for (const [code, entry] of CATALOGUE) {
  if (!byArea.has(entry.area)) byArea.set(entry.area, []);
  byArea.get(entry.area).push([code, entry]);
}
let out = '# Diagnostic codes\n\n';
out += 'Generated from the catalogue in `packages/core/src/diagnostics/` by `npm run docs`; do not edit by hand.\n\n';
out += 'Every finding ACM reports has a stable `code`, a default `severity` (a site may change it or silence the code with `policy.severity` / `policy.suppress`), a `path` into the model and machine-readable `data`.\n\n';
for (const [area, entries] of [...byArea].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  out += `## ${area}\n\n| code | severity | meaning |\n|---|---|---|\n`;
  for (const [code, entry] of entries.sort((a, b) => (a[0] < b[0] ? -1 : 1))) out += `| \`${code}\` | ${entry.severity} | ${entry.doc.replace(/\|/g, '\\|')} |\n`;
  out += '\n';
}
writeFileSync(new URL('../docs/diagnostics.md', import.meta.url), out);
console.log(`docs/diagnostics.md: ${CATALOGUE.size} codes`);
