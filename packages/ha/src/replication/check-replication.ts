import { diag } from '@acm/core';
import type { Diagnostic } from '@acm/core';
import { analyzeReplication, statusOf } from './analyze-replication.js';
import type { AnalyzeOptions, CheckStatus, ReplicationEdge } from './analyze-replication.js';
import { heartbeatProbe } from './heartbeat.js';
import type { HeartbeatOptions, HeartbeatResult } from './heartbeat.js';
import { readNodeState } from './node-state.js';
import type { NodeSnapshot } from './node-state.js';
import type { EdgeRef, ReplicationNode, TopologySpec } from './replication-node.js';
import { errorText } from './sql-connection.js';
import type { SqlConnector } from './sql-connection.js';

/** Options of {@link checkReplication}. */
export interface CheckReplicationOptions extends AnalyzeOptions {
  /** Also run the heartbeat probe (writes a row on each writer). Default false. */
  readonly heartbeat?: boolean | HeartbeatOptions;
  /** Connect timeout per node in ms (default 2000). */
  readonly connectTimeoutMs?: number;
  /**
   * Opens the sessions to the nodes (default: mysql2 to each node's `host:port`). The one seam of
   * the check: {@link simulatedReplication} passes a stand-in that never opens a socket.
   */
  readonly connect?: SqlConnector;
  /** Clock for `checkedAt` (tests pass a fixed one). */
  readonly now?: () => Date;
}

/** Everything one replication check found: snapshots, the actual graph, findings and state. */
export interface ReplicationReport {
  readonly topology: TopologySpec;
  readonly checkedAt: string;
  readonly durationMs: number;
  readonly nodes: readonly NodeSnapshot[];
  readonly expectedEdges: readonly EdgeRef[];
  readonly edges: readonly ReplicationEdge[];
  readonly heartbeat?: HeartbeatResult;
  readonly diagnostics: readonly Diagnostic[];
  readonly status: CheckStatus;
}

/**
 * Reads every member in parallel (over mysql2 unless `options.connect` is given), builds the actual
 * replication graph, compares it with the declared topology and (optionally) measures real
 * propagation with heartbeat rows. Never throws: a member whose password could not be resolved
 * (`ReplicationNode.secretError`) is not contacted and named, and any failure is a
 * `replication.check-failed` finding; both make the report UNKNOWN unless something read is CRITICAL.
 *
 * @example
 * ```ts
 * const report = await checkReplication({ kind: 'circular', members: ['a', 'b', 'c'] }, nodes);
 * report.status;                                  // 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN'
 * report.diagnostics.map((d) => d.code);          // e.g. ['replication.ring-broken', ...]
 * ```
 */
export async function checkReplication(topology: TopologySpec, nodes: readonly ReplicationNode[], options: CheckReplicationOptions = {}): Promise<ReplicationReport> {
  const started = performance.now();
  const checkedAt = (options.now ?? (() => new Date()))().toISOString();
  const base = options.basePath ?? ['replication', topology.id ?? 0];
  const durationMs = (): number => Math.round((performance.now() - started) * 10) / 10;
  let snapshots: NodeSnapshot[] = [];
  try {
    const members = new Set(topology.members);
    const read = { ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }), ...(options.connect === undefined ? {} : { connect: options.connect }) };
    const inScope = nodes.filter((n) => members.has(n.id));
    // A member without its password is not read: the analysis treats it as unknown, not down.
    snapshots = await Promise.all(inScope.filter((n) => n.secretError === undefined).map((n) => readNodeState(n, read)));
    const analysis = analyzeReplication(topology, nodes, snapshots, options);
    const unresolved = inScope.filter((n) => n.secretError !== undefined).map((n) =>
      diag('replication.secret-unresolved', [...base, 'members', topology.members.indexOf(n.id)], { node: n.id, reason: n.secretError }));
    let heartbeat: HeartbeatResult | undefined;
    if (options.heartbeat !== undefined && options.heartbeat !== false && !analysis.diagnostics.some((d) => d.code === 'replication.topology-invalid')) {
      heartbeat = await heartbeatProbe(topology, nodes, {
        basePath: base,
        ...read,
        ...(options.heartbeat === true ? {} : options.heartbeat),
      });
    }
    const diagnostics = [...unresolved, ...analysis.diagnostics, ...(heartbeat?.diagnostics ?? [])];
    const unread: NodeSnapshot[] = inScope.filter((n) => n.secretError !== undefined).map((n) => ({ id: n.id, reachable: false, error: `not contacted: ${String(n.secretError)}` }));
    return {
      topology,
      checkedAt,
      durationMs: durationMs(),
      nodes: [...snapshots, ...unread].sort((a, b) => topology.members.indexOf(a.id) - topology.members.indexOf(b.id)),
      expectedEdges: analysis.expectedEdges,
      edges: analysis.edges,
      ...(heartbeat === undefined ? {} : { heartbeat }),
      diagnostics,
      status: statusOf(diagnostics),
    };
  } catch (e) {
    // A bug or an unforeseen server answer: the monitor gets UNKNOWN with the reason, never a crash.
    const reason = nodes.reduce((t, n) => (n.password ? t.split(n.password).join('***') : t), errorText(e));
    const diagnostics = [diag('replication.check-failed', [...base], { step: 'check', reason })];
    return { topology, checkedAt, durationMs: durationMs(), nodes: snapshots, expectedEdges: [], edges: [], diagnostics, status: statusOf(diagnostics) };
  }
}
