import type { Cluster, Diagnostic, TrunkLoad } from '@acm/core';
import type { ReplicationReport } from '../replication/check-replication.js';
import type { HaReport } from '../verify/ha-report.js';
import { analyzeItspLoading } from './itsp-loading.js';
import type { HostHealth } from './host-health.js';

/** A monitoring level (Nagios style). */
export type HealthLevel = 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';

/** One cell of the status table: a level and a short text. */
export interface HealthCell {
  readonly level: HealthLevel;
  readonly text: string;
}

/** One cluster's column of the guide's "Status of the Enterprise" table. */
export interface ClusterHealth {
  readonly cluster: string;
  readonly service: HealthCell;
  readonly routing: HealthCell;
  readonly asterisk: HealthCell;
  readonly server: HealthCell;
  readonly reporting: HealthCell;
  readonly itsp: HealthCell;
}

/** The enterprise status at a glance, with every finding and a monitoring exit code. */
export interface EnterpriseHealth {
  readonly clusters: readonly ClusterHealth[];
  readonly level: HealthLevel;
  /** 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (CRITICAL beats WARNING beats UNKNOWN). */
  readonly exitCode: 0 | 1 | 2 | 3;
  readonly diagnostics: readonly Diagnostic[];
}

/** The inputs: latest reports, per cluster where they apply. */
export interface EnterpriseHealthInputs {
  readonly ha?: readonly HaReport[];
  readonly replication?: readonly ReplicationReport[];
  readonly hosts?: readonly HostHealth[];
  /** Trunk loadings per cluster id (from the AMI poller's data, where present). */
  readonly itsp?: Readonly<Record<string, readonly TrunkLoad[]>>;
}

const RANK: Record<HealthLevel, number> = { OK: 0, UNKNOWN: 1, WARNING: 2, CRITICAL: 3 };
/** The worse of several levels (CRITICAL > WARNING > UNKNOWN > OK). */
export function worst(levels: readonly HealthLevel[]): HealthLevel {
  return levels.reduce<HealthLevel>((a, b) => (RANK[b] > RANK[a] ? b : a), 'OK');
}
/** The monitoring exit code of a level. */
export function exitCodeOf(level: HealthLevel): 0 | 1 | 2 | 3 {
  return level === 'OK' ? 0 : level === 'WARNING' ? 1 : level === 'CRITICAL' ? 2 : 3;
}
/** Monitoring exit code of HA reports: 0 NORMAL, 1 FAILOVER/DEGRADED, 2 SPLIT-BRAIN/DOWN, 3 no server reachable. */
export function haExitCode(reports: readonly HaReport[]): 0 | 1 | 2 | 3 {
  if (reports.length > 0 && reports.every((r) => r.servers.every((s) => !s.reachable))) return 3;
  let code: 0 | 1 | 2 = 0;
  for (const r of reports) {
    if (r.state === 'SPLIT-BRAIN' || r.state === 'DOWN') code = 2;
    else if ((r.state === 'FAILOVER' || r.state === 'DEGRADED') && code < 1) code = 1;
  }
  return code;
}

/** Monitoring exit code of replication reports: 0 OK, 1 WARNING, 2 CRITICAL, 3 no member reachable. */
export function replicationExitCode(reports: readonly ReplicationReport[]): 0 | 1 | 2 | 3 {
  if (reports.length > 0 && reports.every((r) => r.nodes.length > 0 && r.nodes.every((n) => !n.reachable))) return 3;
  return reports.some((r) => r.status === 'CRITICAL') ? 2 : reports.some((r) => r.status === 'WARNING') ? 1 : 0;
}

const fromSeverities = (ds: readonly Diagnostic[]): HealthLevel => (ds.some((d) => d.severity === 'error') ? 'CRITICAL' : ds.some((d) => d.severity === 'warning') ? 'WARNING' : 'OK');

/**
 * Builds the guide's home table (2.0): per cluster service availability, routing, Asterisk,
 * server, reporting and ITSP loading, from the latest reports (pure). Missing reports are UNKNOWN.
 */
export function enterpriseHealth(clusters: readonly Cluster[], inputs: EnterpriseHealthInputs): EnterpriseHealth {
  const all: Diagnostic[] = [];
  const rows = clusters.map((c): ClusterHealth => {
    const ha = inputs.ha?.find((r) => r.cluster === c.id);
    const serverIds = new Set(c.servers.map((s) => s.id));
    const unknown = (what: string): HealthCell => ({ level: 'UNKNOWN', text: `${what} not checked` });

    // Without a report, or with no server readable, the HA cells are UNKNOWN, not OK.
    let service: HealthCell = unknown('HA');
    let routing: HealthCell = unknown('routing');
    let asterisk: HealthCell = unknown('Asterisk');
    if (ha !== undefined) all.push(...ha.diagnostics);
    if (ha !== undefined && ha.servers.some((s) => s.reachable)) {
      const primary = c.servers.find((s) => s.role === 'primary')?.id;
      const vipText = ha.vips.map((v) => `${v.kind.toUpperCase()} ${v.holders.length === 0 ? 'DOWN' : v.holders.length > 1 ? 'SPLIT BRAIN' : v.holders[0] === primary ? 'OK' : 'FAIL OVER'}`);
      const level: HealthLevel = ha.state === 'NORMAL' ? 'OK' : ha.state === 'FAILOVER' || ha.state === 'DEGRADED' ? 'WARNING' : 'CRITICAL';
      service = { level, text: ha.state === 'FAILOVER' ? `HA failover active: ${vipText.join(' ')}` : ha.state === 'NORMAL' ? vipText.join(' ') : `${ha.state}: ${vipText.join(' ')}` };
      const asym = ha.diagnostics.filter((d) => d.code === 'ha.routing-asymmetric');
      routing = asym.length > 0 ? { level: 'WARNING', text: `asymmetric routing: ${asym.map((d) => `${String(d.data.server)} ${String(d.data.interface)}`).join(', ')}` } : { level: 'OK', text: 'symmetric routing OK' };
      const ast = ha.diagnostics.filter((d) => d.code === 'ha.asterisk-down');
      const known = ha.servers.some((s) => s.asterisk !== undefined);
      asterisk = ast.length > 0 ? { level: fromSeverities(ast), text: `ASTERISK DOWN on ${ast.map((d) => String(d.data.server)).join(', ')}` } : known ? { level: 'OK', text: 'SERVICES OK' } : unknown('Asterisk');
    }

    const hosts = (inputs.hosts ?? []).filter((h) => serverIds.has(h.facts.server));
    for (const h of hosts) all.push(...h.diagnostics);
    const server: HealthCell = hosts.length === 0
      ? unknown('server')
      : (() => {
          const level = worst(hosts.map((h) => h.status));
          const bad = hosts.flatMap((h) => h.diagnostics.filter((d) => d.severity !== 'info'));
          return { level, text: bad.length === 0 ? 'Server Util OK' : bad.map((d) => d.message).join('; ') };
        })();

    const reps = (inputs.replication ?? []).filter((r) => r.topology.members.some((m) => serverIds.has(m)));
    const reporting: HealthCell = reps.length === 0
      ? unknown('replication')
      : { level: worst(reps.map((r) => r.status)), text: reps.every((r) => r.status === 'OK') ? 'MySQL OK' : `MySQL replication ${worst(reps.map((r) => r.status))}` };

    const loads = inputs.itsp?.[c.id] ?? [];
    const itspDiags = loads.flatMap((l, i) => analyzeItspLoading(l, ['clusters', c.id, 'trunks', i]));
    all.push(...itspDiags);
    const itsp: HealthCell = loads.length === 0
      ? unknown('ITSP loading')
      : { level: fromSeverities(itspDiags), text: loads.map((l) => `${l.trunk} ${l.percent ?? '-'} % of ${l.capacity} channels`).join(', ') };
    return { cluster: c.id, service, routing, asterisk, server, reporting, itsp };
  });
  // Replication findings once, even when a topology spans clusters.
  for (const r of inputs.replication ?? []) all.push(...r.diagnostics);
  const level = worst(rows.flatMap((r) => [r.service, r.routing, r.asterisk, r.server, r.reporting, r.itsp].map((x) => x.level)));
  return { clusters: rows, level, exitCode: exitCodeOf(level), diagnostics: all };
}

/** Renders the status table like the guide's home page: one row per component, one column per cluster. */
export function renderEnterpriseHealth(h: EnterpriseHealth): string {
  const rows: [string, keyof Omit<ClusterHealth, 'cluster'>][] = [
    ['Service Availability', 'service'], ['Routing', 'routing'], ['Asterisk', 'asterisk'],
    ['Server Status', 'server'], ['Reporting', 'reporting'], ['ITSP Loading', 'itsp'],
  ];
  const cell = (c: HealthCell): string => (c.level === 'OK' ? c.text : `${c.level}: ${c.text}`);
  const table = [['Component', ...h.clusters.map((c) => c.cluster.toUpperCase())], ...rows.map(([label, k]) => [label, ...h.clusters.map((c) => cell(c[k]))])];
  const widths = (table[0] ?? []).map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  const lines = table.map((r) => r.map((x, i) => x.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
  return `${lines.join('\n')}\n\nOverall: ${h.level}\n`;
}
