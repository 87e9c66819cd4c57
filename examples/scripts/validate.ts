// How an integrator validates an enterprise with the SDK: load it, run every check, act on the
// findings. Run: npx tsx examples/scripts/validate.ts [path]
import { checkEnterprise, countBySeverity, formatPath, summarizeEnterprise } from '@acm/core';

const path = process.argv[2] ?? new URL('../enterprise', import.meta.url).pathname;
const result = await checkEnterprise(path);
if (result.enterprise === undefined) {
  for (const d of result.diagnostics) console.error(`${d.source?.file ?? path}:${d.source?.line ?? 1}: ${d.message}`);
  process.exit(2);
}
const summary = summarizeEnterprise(result.enterprise);
console.log(`${summary.name}: ${summary.counts.clusters} clusters, ${summary.counts.extensions} extensions`);

// A site policy of our own on top of ACM's: every weak PIN is an error for this script.
const counts = countBySeverity(result.diagnostics);
for (const d of result.diagnostics) {
  const where = d.source === undefined ? formatPath(d.path) : `${d.source.file}:${d.source.line}:${d.source.column}`;
  console.log(`${d.severity.padEnd(7)} ${d.code.padEnd(36)} ${where}`);
}
const weakPins = result.diagnostics.filter((d) => d.code === 'pin.weak').length;
console.log(`${counts.error} errors, ${counts.warning} warnings (${weakPins} weak PINs), ${counts.info} notes`);
// The demo is expected to be free of errors; anything else fails the script (CI runs it).
process.exit(counts.error === 0 ? 0 : 1);
