import { diag } from '@acm/core';
import type { Diagnostic, ModelPath } from '@acm/core';
import { autoIncrementCollides } from './auto-increment.js';
import type { NodeSnapshot, ReplicaChannel } from './node-state.js';
import { expectedEdges, topologyProblem } from './replication-node.js';
import type { EdgeRef, ReplicationNode, TopologySpec } from './replication-node.js';

/** An actual replication connection found on a node, resolved to a member where possible. */
export interface ReplicationEdge {
  /** The node whose binary log is read, or `null` when `masterHost:masterPort` is not a known node. */
  readonly source: string | null;
  readonly replica: string;
  readonly connectionName: string;
  readonly masterHost: string;
  readonly masterPort: number;
  readonly io: string;
  readonly sql: string;
  readonly secondsBehindMaster: number | null;
  /** True when the topology declares this edge. */
  readonly expected: boolean;
  /** Both threads running. */
  readonly running: boolean;
}

/**
 * Monitoring state of a check: OK, WARNING (warnings only), CRITICAL (any error), or UNKNOWN when
 * part of it could not be checked (a secret, a privilege, a failed step) and nothing read is an error.
 */
export type CheckStatus = 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';

/** The result of comparing the actual replication graph with the declared topology. */
export interface ReplicationAnalysis {
  readonly topology: TopologySpec;
  readonly expectedEdges: readonly EdgeRef[];
  readonly edges: readonly ReplicationEdge[];
  readonly diagnostics: readonly Diagnostic[];
  readonly status: CheckStatus;
}

/** Options of {@link analyzeReplication}. */
export interface AnalyzeOptions {
  /** Seconds_Behind_Master above this is `replication.lagging` (default 30). */
  readonly maxLagSeconds?: number;
  /** Model path of the topology; a member's path is `[...basePath, 'members', index]` (default `['replication', id]`). */
  readonly basePath?: ModelPath;
  /**
   * Connections another declared topology gives a member (a ring member that is also half of a
   * site pair): they are not `unexpected-source` here, and that topology's check judges them.
   */
  readonly foreignEdges?: readonly ForeignEdge[];
}

/** A replication connection of `replica` to `masterHost:masterPort` that another topology declares. */
export interface ForeignEdge {
  readonly replica: string;
  readonly masterHost: string;
  readonly masterPort: number;
  /** Id of the topology that declares it, for reports. */
  readonly topology?: string;
}

/** Codes meaning "this part could not be checked": they make a check UNKNOWN, not CRITICAL. */
export const UNKNOWN_CODES: ReadonlySet<string> = new Set(['replication.secret-unresolved', 'replication.missing-grant', 'replication.check-failed']);

/** The monitoring state of a set of diagnostics. */
export function statusOf(diagnostics: readonly Diagnostic[]): CheckStatus {
  const known = diagnostics.filter((d) => !UNKNOWN_CODES.has(d.code));
  if (known.some((d) => d.severity === 'error')) return 'CRITICAL';
  if (known.length < diagnostics.length) return 'UNKNOWN';
  if (diagnostics.some((d) => d.severity === 'warning')) return 'WARNING';
  return 'OK';
}

const key = (host: string, port: number): string => `${host.toLowerCase()}:${port}`;

/**
 * Compares what the nodes report with the declared topology and names every problem (pure: the
 * snapshots come from {@link readNodeState}). Every rule runs; nothing stops at the first finding.
 */
export function analyzeReplication(
  topology: TopologySpec,
  nodes: readonly ReplicationNode[],
  snapshots: readonly NodeSnapshot[],
  options: AnalyzeOptions = {},
): ReplicationAnalysis {
  const base: ModelPath = options.basePath ?? ['replication', topology.id ?? 0];
  const maxLag = options.maxLagSeconds ?? 30;
  const out: Diagnostic[] = [];
  const memberIndex = new Map(topology.members.map((m, i) => [m, i] as const));
  const pathOf = (id: string): ModelPath => {
    const i = memberIndex.get(id);
    return i === undefined ? [...base] : [...base, 'members', i];
  };
  const problem = topologyProblem(topology, new Set(nodes.map((n) => n.id)));
  if (problem !== undefined) {
    out.push(diag('replication.topology-invalid', [...base, 'members'], { kind: topology.kind, members: [...topology.members], reason: problem }));
    return { topology, expectedEdges: [], edges: [], diagnostics: out, status: statusOf(out) };
  }

  const expected = expectedEdges(topology);
  const isExpected = (s: string | null, r: string): boolean => s !== null && expected.some((e) => e.source === s && e.replica === r);
  const byAddress = new Map<string, string>();
  for (const n of nodes) byAddress.set(key(n.replicationHost ?? n.host, n.replicationPort ?? n.port ?? 3306), n.id);
  const snap = new Map(snapshots.map((s) => [s.id, s] as const));
  const foreign = new Set((options.foreignEdges ?? []).map((f) => `${f.replica}>${key(f.masterHost, f.masterPort)}`));
  const members = topology.members;

  // 1. The actual graph, and what is wrong with each connection.
  const edges: ReplicationEdge[] = [];
  const channelOf = new Map<string, ReplicaChannel>();
  for (const id of members) {
    const s = snap.get(id);
    if (s === undefined || !s.reachable) continue;
    for (const ch of s.channels) {
      const source = byAddress.get(key(ch.masterHost, ch.masterPort)) ?? null;
      if (!isExpected(source, id) && foreign.has(`${id}>${key(ch.masterHost, ch.masterPort)}`)) continue;
      const running = ch.ioRunning === 'Yes' && ch.sqlRunning === 'Yes';
      const edge: ReplicationEdge = {
        source, replica: id, connectionName: ch.connectionName, masterHost: ch.masterHost, masterPort: ch.masterPort,
        io: ch.ioRunning, sql: ch.sqlRunning, secondsBehindMaster: ch.secondsBehindMaster, expected: isExpected(source, id), running,
      };
      edges.push(edge);
      if (source !== null) channelOf.set(`${source}>${id}`, ch);
      const common = { node: id, source: source ?? `${ch.masterHost}:${ch.masterPort}`, connection: ch.connectionName };
      if (!edge.expected) {
        out.push(diag('replication.unexpected-source', pathOf(id), { ...common, source, masterHost: ch.masterHost, masterPort: ch.masterPort }));
      }
      if (!running) {
        const thread = ch.ioRunning !== 'Yes' && ch.sqlRunning !== 'Yes' ? 'both' : ch.ioRunning !== 'Yes' ? 'io' : 'sql';
        out.push(diag('replication.not-replicating', pathOf(id), {
          ...common, thread, io: ch.ioRunning, sql: ch.sqlRunning,
          ioErrno: ch.lastIoErrno, ioError: ch.lastIoError, sqlErrno: ch.lastSqlErrno, sqlError: ch.lastSqlError,
        }));
      } else if (ch.secondsBehindMaster !== null && ch.secondsBehindMaster > maxLag) {
        out.push(diag('replication.lagging', pathOf(id), { ...common, seconds: ch.secondsBehindMaster, threshold: maxLag }));
      }
    }
  }

  // 2. Unreachable nodes: down only when the replicas confirm it (their IO threads lost it).
  const down = new Set<string>();
  for (const id of members) {
    const s = snap.get(id);
    if (s === undefined || s.reachable) continue;
    if (s.missingGrant !== undefined) {
      // It answered: not down, but ACM may not read its replication state.
      out.push(diag('replication.missing-grant', pathOf(id), { node: id, grant: s.missingGrant, on: '*.*' }));
      continue;
    }
    const replicaEdges = edges.filter((e) => e.source === id);
    const confirmedBy = replicaEdges.filter((e) => e.io !== 'Yes').map((e) => e.replica);
    const still = replicaEdges.filter((e) => e.io === 'Yes').map((e) => e.replica);
    if (replicaEdges.length > 0 && still.length === 0) {
      down.add(id);
      out.push(diag('replication.node-down', pathOf(id), { node: id, error: s.error, confirmedBy }));
    } else {
      // With a replica still reading from it the node is alive (a path problem): a warning.
      // With no replica to vouch either way it may be down: an error.
      out.push(diag('replication.node-unreachable', pathOf(id), { node: id, error: s.error, replicasStillReplicating: still }, {
        severity: still.length > 0 ? 'warning' : 'error',
      }));
    }
  }

  // 3. Declared edges that do not exist or do not carry writes.
  expected.forEach((e, hop) => {
    const replicaSnap = snap.get(e.replica);
    const ch = channelOf.get(`${e.source}>${e.replica}`);
    const running = ch !== undefined && ch.ioRunning === 'Yes' && ch.sqlRunning === 'Yes';
    let reason: string | undefined;
    if (replicaSnap === undefined || !replicaSnap.reachable) reason = down.has(e.replica) ? 'replica-down' : undefined;
    else if (ch === undefined) reason = 'missing';
    else if (down.has(e.source)) reason = 'source-down';
    else if (!running) reason = 'not-replicating';
    if (reason === 'missing' && topology.kind !== 'circular') {
      out.push(diag('replication.missing-edge', pathOf(e.replica), { source: e.source, replica: e.replica }));
    }
    if (reason !== undefined && topology.kind === 'circular') {
      out.push(diag('replication.ring-broken', [...base, 'members', hop], { hop, source: e.source, replica: e.replica, reason }));
    }
  });

  // 4. Variables of the reachable members.
  const vars = members.flatMap((id) => {
    const s = snap.get(id);
    return s !== undefined && s.reachable ? [{ id, v: s.variables }] : [];
  });
  const byServerId = new Map<number, string[]>();
  for (const { id, v } of vars) byServerId.set(v.serverId, [...(byServerId.get(v.serverId) ?? []), id]);
  for (const [serverId, ids] of byServerId) {
    if (ids.length > 1) {
      out.push(diag('replication.duplicate-server-id', pathOf(ids[0] as string), { serverId, nodes: ids }, { related: ids.slice(1).map((i) => ({ path: pathOf(i) })) }));
    }
  }
  const coMasters = topology.kind === 'master-slave' ? [] : vars;
  for (let i = 0; i < coMasters.length; i++) {
    for (let j = i + 1; j < coMasters.length; j++) {
      const a = coMasters[i] as (typeof vars)[number];
      const b = coMasters[j] as (typeof vars)[number];
      if (autoIncrementCollides({ increment: a.v.autoIncrementIncrement, offset: a.v.autoIncrementOffset }, { increment: b.v.autoIncrementIncrement, offset: b.v.autoIncrementOffset })) {
        out.push(diag('replication.auto-increment-collision', pathOf(a.id), {
          nodes: [a.id, b.id],
          increments: [a.v.autoIncrementIncrement, b.v.autoIncrementIncrement],
          offsets: [a.v.autoIncrementOffset, b.v.autoIncrementOffset],
        }, { related: [{ path: pathOf(b.id) }] }));
      }
    }
  }
  const byDomain = new Map<number, string[]>();
  for (const { id, v } of coMasters) byDomain.set(v.gtidDomainId, [...(byDomain.get(v.gtidDomainId) ?? []), id]);
  for (const [domainId, ids] of byDomain) {
    if (ids.length > 1) out.push(diag('replication.gtid-domain-shared', pathOf(ids[0] as string), { domainId, nodes: ids }));
  }
  const sources = new Set(expected.map((e) => e.source));
  for (const { id, v } of vars) {
    if (topology.kind === 'circular' && !v.logSlaveUpdates) out.push(diag('replication.log-slave-updates-off', pathOf(id), { node: id }));
    if (sources.has(id) && !v.logBin) out.push(diag('replication.log-bin-off', pathOf(id), { node: id }));
    if (topology.kind === 'master-slave' && id !== members[0] && !v.readOnly) out.push(diag('replication.writable-replica', pathOf(id), { node: id }));
  }
  const formats = Object.fromEntries(vars.filter((x) => x.v.logBin).map((x) => [x.id, x.v.binlogFormat] as const));
  if (new Set(Object.values(formats)).size > 1) out.push(diag('replication.binlog-format-mismatch', [...base, 'members'], { formats }));

  return { topology, expectedEdges: expected, edges, diagnostics: out, status: statusOf(out) };
}
