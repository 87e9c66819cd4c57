import type { Cluster, Diagnostic, TrunkLoad } from '@acm/core';
import type { ReplicationReport } from '../replication/check-replication.js';
import type { HaReport, HaState } from '../verify/ha-report.js';
import { analyzeItspLoading } from './itsp-loading.js';
import type { HostHealth } from './host-health.js';

/** A monitoring level (Nagios style). */
export type HealthLevel = 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';

/**
 * The level of one cell: a {@link HealthLevel}, or `NOT-MONITORED` when the caller said the
 * component is not watched (or the model declares nothing to watch). `NOT-MONITORED` is neutral:
 * it never raises the overall level or the exit code.
 */
export type CellLevel = HealthLevel | 'NOT-MONITORED';

/** What the caller says about a component it did not measure: it is not watched here. */
export type NotMonitored = 'not-monitored';

/** One cell of the status table: a level and a short text. */
export interface HealthCell {
  readonly level: CellLevel;
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
  /** The worst cell level (CRITICAL > WARNING > UNKNOWN > OK; NOT-MONITORED cells do not count). */
  readonly level: HealthLevel;
  /** 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (CRITICAL beats WARNING beats UNKNOWN). */
  readonly exitCode: 0 | 1 | 2 | 3;
  readonly diagnostics: readonly Diagnostic[];
}

/** Trunk loadings per cluster id (from the AMI poller's channel counts). */
export type ItspFigures = Readonly<Record<string, readonly TrunkLoad[]>>;

/**
 * The inputs of {@link enterpriseHealth}: the latest reports. For each component, absent means
 * "not supplied" (its cells are UNKNOWN: nobody looked), `'not-monitored'` means the caller
 * does not watch it (cells `NOT-MONITORED`, neutral).
 */
export interface EnterpriseHealthInputs {
  /** HA verify reports (service, routing and Asterisk cells); a cluster without one is UNKNOWN. */
  readonly ha?: readonly HaReport[];
  /**
   * Replication reports (reporting cell). A cluster none of whose servers is a member of a
   * topology in the reports is UNKNOWN, unless `replicationTopologies` says it is in none.
   */
  readonly replication?: readonly ReplicationReport[] | NotMonitored;
  /**
   * Cluster ids that belong to some declared replication topology; a cluster not listed has
   * nothing to replicate, so its reporting cell is `NOT-MONITORED`. Default: every cluster belongs.
   */
  readonly replicationClusters?: readonly string[];
  /** Host health per server (server cell); a cluster with none is UNKNOWN. */
  readonly hosts?: readonly HostHealth[];
  /**
   * ITSP loading (ITSP cell): figures per cluster id, or `'not-monitored'`. With figures, a
   * cluster present (even with an empty list: no trunk in use) is analyzed and a cluster absent
   * is UNKNOWN; without this field every ITSP cell is UNKNOWN.
   */
  readonly itsp?: ItspFigures | NotMonitored;
}

const RANK: Record<CellLevel, number> = { 'NOT-MONITORED': -1, OK: 0, UNKNOWN: 1, WARNING: 2, CRITICAL: 3 };
/** The worse of several levels (CRITICAL > WARNING > UNKNOWN > OK); `NOT-MONITORED` never wins, so none at all is OK. */
export function worst(levels: readonly CellLevel[]): HealthLevel {
  return levels.reduce<HealthLevel>((a, b) => (b !== 'NOT-MONITORED' && RANK[b] > RANK[a] ? b : a), 'OK');
}
/** The monitoring exit code of a level. */
export function exitCodeOf(level: HealthLevel): 0 | 1 | 2 | 3 {
  return level === 'OK' ? 0 : level === 'WARNING' ? 1 : level === 'CRITICAL' ? 2 : 3;
}
/**
 * Monitoring exit code of HA reports: 0 NORMAL, 1 FAILOVER/DEGRADED, 2 SPLIT-BRAIN/DOWN,
 * 3 UNKNOWN. Over several clusters the worst wins, ranked CRITICAL (2) > WARNING (1) > UNKNOWN (3) > OK (0).
 */
export function haExitCode(reports: readonly HaReport[]): 0 | 1 | 2 | 3 {
  return exitCodeOf(worst(reports.map((r) => haLevel(r.state))));
}

/** The monitoring level of an HA state. */
export function haLevel(state: HaState): HealthLevel {
  return state === 'NORMAL' ? 'OK' : state === 'FAILOVER' || state === 'DEGRADED' ? 'WARNING' : state === 'UNKNOWN' ? 'UNKNOWN' : 'CRITICAL';
}

/** Monitoring exit code of replication reports: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (a report UNKNOWN, or no member reachable). */
export function replicationExitCode(reports: readonly ReplicationReport[]): 0 | 1 | 2 | 3 {
  if (reports.length > 0 && reports.every((r) => r.nodes.length > 0 && r.nodes.every((n) => !n.reachable))) return 3;
  if (reports.some((r) => r.status === 'CRITICAL')) return 2;
  return reports.some((r) => r.status === 'UNKNOWN') ? 3 : reports.some((r) => r.status === 'WARNING') ? 1 : 0;
}

const fromSeverities = (ds: readonly Diagnostic[]): HealthLevel => (ds.some((d) => d.severity === 'error') ? 'CRITICAL' : ds.some((d) => d.severity === 'warning') ? 'WARNING' : 'OK');

/**
 * Builds the guide's home table (2.0): per cluster service availability, routing, Asterisk,
 * server, reporting and ITSP loading, from the latest reports (pure). A component whose report
 * was not supplied is UNKNOWN; one the caller marks `'not-monitored'` is `NOT-MONITORED` and
 * neutral. The overall level is the worst cell, ranked CRITICAL > WARNING > UNKNOWN > OK, so
 * the exit code is 0 only when every monitored cell is OK.
 *
 * @example
 * ```ts
 * const h = enterpriseHealth(model.clusters, { ha, hosts, replication, itsp: 'not-monitored' });
 * h.exitCode; // 0 on a healthy enterprise: the ITSP cells are NOT-MONITORED, not UNKNOWN
 * ```
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
    if (ha !== undefined && ha.state === 'UNKNOWN') service = { level: 'UNKNOWN', text: `HA state UNKNOWN: ${ha.vips.filter((v) => v.holderUnknown === true).map((v) => `${v.kind.toUpperCase()} holder unknown`).join(' ')}` };
    if (ha !== undefined && ha.servers.some((s) => s.reachable)) {
      const primary = c.servers.find((s) => s.role === 'primary')?.id;
      const vipText = ha.vips.map((v) => `${v.kind.toUpperCase()} ${v.holderUnknown === true ? 'UNKNOWN' : v.holders.length === 0 ? 'DOWN' : v.holders.length > 1 ? 'SPLIT BRAIN' : v.holders[0] === primary ? 'OK' : 'FAIL OVER'}`);
      const level = haLevel(ha.state);
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

    const notMonitored = (what: string): HealthCell => ({ level: 'NOT-MONITORED', text: `${what} not monitored` });
    const replicates = inputs.replicationClusters === undefined || inputs.replicationClusters.includes(c.id);
    const reps = inputs.replication === 'not-monitored' ? [] : (inputs.replication ?? []).filter((r) => r.topology.members.some((m) => serverIds.has(m)));
    const reporting: HealthCell = inputs.replication === 'not-monitored' || (!replicates && reps.length === 0)
      ? notMonitored('replication')
      : reps.length === 0
        ? unknown('replication')
        : { level: worst(reps.map((r) => r.status)), text: reps.every((r) => r.status === 'OK') ? 'MySQL OK' : `MySQL replication ${worst(reps.map((r) => r.status))}` };

    let itsp: HealthCell;
    const loads = inputs.itsp === undefined || inputs.itsp === 'not-monitored' ? undefined : inputs.itsp[c.id];
    if (inputs.itsp === 'not-monitored') itsp = notMonitored('ITSP loading');
    else if (loads === undefined) itsp = { level: 'UNKNOWN', text: inputs.itsp === undefined ? 'ITSP loading not checked' : 'no ITSP figures for this cluster' };
    else {
      const itspDiags = loads.flatMap((l, i) => analyzeItspLoading(l, ['clusters', c.id, 'trunks', i]));
      all.push(...itspDiags);
      itsp = { level: fromSeverities(itspDiags), text: loads.length === 0 ? 'no trunk in use' : loads.map((l) => `${l.trunk} ${l.percent ?? '-'} % of ${l.capacity} channels`).join(', ') };
    }
    return { cluster: c.id, service, routing, asterisk, server, reporting, itsp };
  });
  // Replication findings once, even when a topology spans clusters.
  if (inputs.replication !== 'not-monitored') for (const r of inputs.replication ?? []) all.push(...r.diagnostics);
  const level = worst(rows.flatMap((r) => [r.service, r.routing, r.asterisk, r.server, r.reporting, r.itsp].map((x) => x.level)));
  return { clusters: rows, level, exitCode: exitCodeOf(level), diagnostics: all };
}

/** Renders the status table like the guide's home page: one row per component, one column per cluster. */
export function renderEnterpriseHealth(h: EnterpriseHealth): string {
  const rows: [string, keyof Omit<ClusterHealth, 'cluster'>][] = [
    ['Service Availability', 'service'], ['Routing', 'routing'], ['Asterisk', 'asterisk'],
    ['Server Status', 'server'], ['Reporting', 'reporting'], ['ITSP Loading', 'itsp'],
  ];
  const cell = (c: HealthCell): string => (c.level === 'OK' || c.level === 'NOT-MONITORED' ? c.text : `${c.level}: ${c.text}`);
  const table = [['Component', ...h.clusters.map((c) => c.cluster.toUpperCase())], ...rows.map(([label, k]) => [label, ...h.clusters.map((c) => cell(c[k]))])];
  const widths = (table[0] ?? []).map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  const lines = table.map((r) => r.map((x, i) => x.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
  return `${lines.join('\n')}\n\nOverall: ${h.level}\n`;
}
