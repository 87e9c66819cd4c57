import type { WhatIfResult } from './what-if.js';

/** Renders a what-if answer as text for people (the CLI prints this). */
export function renderWhatIf(r: WhatIfResult): string {
  const s = r.scenario;
  const title = s.kind === 'server-down' ? `server ${s.server} down` : s.kind === 'cluster-isolated' ? `cluster ${s.cluster} isolated` : `site ${s.site} link down`;
  const L: string[] = [`What if: ${title}`];
  if (r.unknown !== undefined) L.push(`  (no ${r.unknown} in the model)`);
  if (r.down.length > 0) L.push(`  servers down: ${r.down.join(', ')}`);
  if (r.island.length > 0) L.push(`  cut off from the rest: ${r.island.join(', ')}`);
  L.push('', 'VIPs:');
  for (const v of r.vips) {
    const what = v.outcome === 'stays' ? `stays on ${v.to ?? '-'}` : v.outcome === 'moves' ? `moves ${v.from ?? '-'} -> ${v.to ?? '-'}` : `LOST (no server left; was on ${v.from ?? '-'})`;
    L.push(`  ${v.cluster} ${v.kind} ${v.address}: ${what}`);
  }
  L.push('', 'Clusters:');
  for (const c of r.clusters) {
    L.push(`  ${c.cluster} (${c.site}): voice ${c.voice.toUpperCase()}; local calls ${c.localCallsWork ? 'work' : 'STOP'}` +
      (c.trunks.length > 0 ? `; trunks ${c.trunks.join(', ')}` : '') +
      (c.cutOffFrom.length > 0 ? `; cut off from ${c.cutOffFrom.join(', ')}` : ''));
  }
  L.push('', 'Phones:');
  for (const p of r.phones) {
    L.push(`  ${p.cluster}: ${p.via === 'vip' ? `stay on ${p.target?.address ?? '-'}` : p.via === 'dns-srv' ? `next DNS SRV target ${p.target?.cluster ?? '-'} (${p.target?.address ?? '-'})` : 'NO service reachable'}`);
  }
  for (const t of r.replication) {
    L.push('', `Replication ${t.topology} (${t.kind}):`);
    if (t.stopped.length === 0) L.push('  all edges keep flowing');
    for (const e of t.stopped) L.push(`  stops: ${e.source} -> ${e.replica}`);
    for (const [w, reach] of Object.entries(t.writesReach)) L.push(`  writes on ${w} reach: ${reach.length === 0 ? 'nobody' : reach.join(', ')}`);
    for (const x of t.resync) L.push(`  on return: ${x.replica} replays from ${x.source}${x.replays.length > 0 ? ` the writes of ${x.replays.join(', ')}` : ''}`);
    if (t.conflictRisk) L.push('  RISK: writers on both sides; the same rows may change twice before resync');
    if (t.autoIncrementRisk) L.push('  RISK: AUTO_INCREMENT ranges collide (see replication.auto-increment-collision)');
  }
  L.push('', ...r.assumptions.map((a) => `assumed: ${a}`));
  return `${L.join('\n')}\n`;
}
