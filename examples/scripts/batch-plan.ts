// Plans the guide's USSales batch (3.0.5) on the demo enterprise, then one that collides.
// Run: npx tsx examples/scripts/batch-plan.ts
import { loadEnterprise, planBatch } from '@acm/core';

const { enterprise } = await loadEnterprise(new URL('../enterprise', import.meta.url).pathname);
if (enterprise === undefined) throw new Error('demo enterprise unreadable');

const ok = planBatch(enterprise, { group: 'USSales', cluster: 'tpa1', from: '6110', to: '6129' });
console.log(`6110-6129 on tpa1: ${ok.status}, ${ok.extensions.length} extensions, first "${ok.extensions[0]?.name}"`);

const clash = planBatch(enterprise, { group: 'USSales', cluster: 'tpa1', from: '6105', to: '6112' });
console.log(`6105-6112 on tpa1: ${clash.status}`);
for (const d of clash.diagnostics) console.log(`  ${d.severity} ${d.code} ${d.message}`);

if (ok.status !== 'VALID' || clash.status !== 'INVALID') process.exit(1);
