import type { ReplicationReport } from './check-replication.js';

/**
 * Renders a replication report for people: the members, the actual edges against the declared
 * ones, the heartbeat matrix and the findings' codes.
 *
 * @example
 * ```text
 * Replication central (circular: s1 -> s2 -> s3 -> s1): CRITICAL, checked in 41 ms
 *   s2 -> s3  IO No   SQL No   lag -     declared   ...
 * ```
 */
export function renderReplicationReport(r: ReplicationReport): string {
  const t = r.topology;
  const shape = t.kind === 'circular' ? [...t.members, t.members[0]].join(' -> ') : t.kind === 'master-master' ? t.members.join(' <-> ') : `${t.members[0]} -> ${t.members.slice(1).join(', ')}`;
  const L: string[] = [`Replication ${t.id ?? ''} (${t.kind}: ${shape}): ${r.status}, checked in ${Math.round(r.durationMs)} ms`.replace('Replication  (', 'Replication (')];
  for (const n of r.nodes) {
    L.push(n.reachable
      ? `  ${n.id}: server_id ${n.variables.serverId}, ${n.variables.version}, binlog ${n.variables.logBin ? n.variables.binlogFormat : 'OFF'}, log_slave_updates ${n.variables.logSlaveUpdates ? 'ON' : 'OFF'}, read_only ${n.variables.readOnly ? 'ON' : 'OFF'}, auto_increment ${n.variables.autoIncrementOffset}/${n.variables.autoIncrementIncrement}`
      : r.diagnostics.some((d) => d.code === 'replication.secret-unresolved' && d.data.node === n.id) ? `  ${n.id}: NOT CHECKED (${n.error})`
      : n.missingGrant !== undefined ? `  ${n.id}: NOT READABLE (the user lacks ${n.missingGrant})`
      : `  ${n.id}: UNREACHABLE (${n.error})`);
  }
  L.push('  edges:');
  const rows = [
    ...r.edges.map((e) => `    ${e.source ?? `${e.masterHost}:${e.masterPort}`} -> ${e.replica}${e.connectionName === '' ? '' : ` [${e.connectionName}]`}  IO ${e.io}  SQL ${e.sql}  lag ${e.secondsBehindMaster ?? '-'}  ${e.expected ? 'declared' : 'NOT DECLARED'}`),
    // An edge is MISSING only when its replica was read and has no such connection.
    ...r.expectedEdges.filter((x) => !r.edges.some((e) => e.source === x.source && e.replica === x.replica)).map((x) =>
      `    ${x.source} -> ${x.replica}  ${r.nodes.some((n) => n.id === x.replica && n.reachable) ? 'MISSING' : `UNKNOWN (${x.replica} not read)`}`),
  ];
  L.push(...(rows.length === 0 ? ['    (none)'] : rows));
  if (r.heartbeat !== undefined) {
    L.push('  heartbeat (ms from write to arrival):');
    for (const a of r.heartbeat.arrivals) L.push(`    ${a.source} -> ${a.replica}: ${a.unknown !== undefined ? 'UNKNOWN (not readable)' : a.ms === null ? (a.expected ? 'NOT ARRIVED' : 'not expected') : `${a.ms}`}`);
  }
  return `${L.join('\n')}\n`;
}
