import { randomBytes } from 'node:crypto';
import { diag } from '@acm/core';
import type { Diagnostic, ModelPath } from '@acm/core';
import { expectedEdges, writers } from './replication-node.js';
import type { ReplicationNode, TopologySpec } from './replication-node.js';
import { deniedGrant, errorText, mysqlConnector } from './sql-connection.js';
import type { SqlConnection, SqlConnector } from './sql-connection.js';

/** Options of {@link heartbeatProbe}. */
export interface HeartbeatOptions {
  /** Schema holding the heartbeat table (default `acm_heartbeat`). */
  readonly schema?: string;
  /**
   * How long to wait at most for the rows to arrive, in ms (default 3000). The probe ends as soon
   * as every expected row has arrived, so a healthy topology takes milliseconds, not this long.
   */
  readonly timeoutMs?: number;
  /** Arrival slower than this is `replication.heartbeat-slow` (default 1000 ms). */
  readonly slowMs?: number;
  /** Poll interval while waiting (default 5 ms). */
  readonly pollMs?: number;
  /** Model path of the topology (as in {@link analyzeReplication}). */
  readonly basePath?: ModelPath;
  /** Connect timeout in ms (default 2000). */
  readonly connectTimeoutMs?: number;
  /** Opens the sessions (default {@link mysqlConnector}); a simulation passes its own. */
  readonly connect?: SqlConnector;
}

/** How long a heartbeat written on `source` took to appear on `replica` (`null`: never within the probe time). */
export interface HeartbeatArrival {
  readonly source: string;
  readonly replica: string;
  /** True when the topology says writes on `source` must reach `replica`. */
  readonly expected: boolean;
  readonly ms: number | null;
  /** Set when the arrival could not be measured (the replica refused to read the table): why. */
  readonly unknown?: string;
}

/** The heartbeat probe's measurements and findings. */
export interface HeartbeatResult {
  readonly arrivals: readonly HeartbeatArrival[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The nodes a write on `source` must reach through the declared edges. In a ring a write goes
 * all the way round (given log_slave_updates); in master-slave only to the replicas.
 */
export function reachableFrom(topology: TopologySpec, source: string): Set<string> {
  const edges = expectedEdges(topology);
  const seen = new Set<string>([source]);
  const queue = [source];
  while (queue.length > 0) {
    const s = queue.shift() as string;
    for (const e of edges) {
      if (e.source === s && !seen.has(e.replica)) {
        seen.add(e.replica);
        queue.push(e.replica);
      }
    }
  }
  seen.delete(source);
  return seen;
}

const ident = (s: string): string => `\`${s.replace(/`/g, '``')}\``;

/**
 * Writes a fresh token row on each writing member (pt-heartbeat style) and measures when it
 * appears on every other member: real end-to-end propagation, which Seconds_Behind_Master is not
 * in a ring. Creates `<schema>.heartbeat` on the writers when missing (it then replicates).
 * The user needs `SELECT, INSERT, DELETE, CREATE` on the schema (REPLACE is an INSERT and a
 * DELETE): a refused privilege is `replication.missing-grant` naming the node and the grant,
 * another failure `replication.check-failed`. Unreachable nodes are skipped (the replication
 * check reports them). Never throws.
 */
export async function heartbeatProbe(topology: TopologySpec, nodes: readonly ReplicationNode[], options: HeartbeatOptions = {}): Promise<HeartbeatResult> {
  const schema = options.schema ?? 'acm_heartbeat';
  const timeoutMs = options.timeoutMs ?? 3000;
  const slowMs = options.slowMs ?? 1000;
  const pollMs = options.pollMs ?? 5;
  const connect = options.connect ?? mysqlConnector;
  const base: ModelPath = options.basePath ?? ['replication', topology.id ?? 0];
  const idx = (id: string): ModelPath => [...base, 'members', topology.members.indexOf(id)];
  const byId = new Map(nodes.map((n) => [n.id, n] as const));
  const conns = new Map<string, SqlConnection>();
  const diagnostics: Diagnostic[] = [];
  const denied = new Set<string>();
  const on = `${schema}.*`;
  /** Names a refused privilege (once per node and grant), or else the failure. */
  const failed = (node: string, step: string, e: unknown, grant: string): void => {
    const missing = deniedGrant(e, grant);
    if (missing === undefined) {
      diagnostics.push(diag('replication.check-failed', idx(node), { node, step, reason: errorText(e, byId.get(node)?.password) }));
    } else if (!denied.has(`${node}\0${missing}`)) {
      denied.add(`${node}\0${missing}`);
      diagnostics.push(diag('replication.missing-grant', idx(node), { node, grant: missing, on }));
    }
  };
  await Promise.all(
    topology.members.map(async (id) => {
      const n = byId.get(id);
      if (n === undefined || n.secretError !== undefined) return;
      try {
        conns.set(id, await connect(n, { connectTimeoutMs: options.connectTimeoutMs ?? 2000 }));
      } catch {
        // Unreachable: its rows cannot be written or read; the replication check names it.
      }
    }),
  );
  const table = `${ident(schema)}.heartbeat`;
  const arrivals: HeartbeatArrival[] = [];
  try {
    // Prepare every writer first; a writer that cannot write is named and left out.
    const writing: string[] = [];
    for (const w of writers(topology).filter((x) => conns.has(x))) {
      const c = conns.get(w) as SqlConnection;
      try {
        await c.query(`CREATE DATABASE IF NOT EXISTS ${ident(schema)}`);
        await c.query(`CREATE TABLE IF NOT EXISTS ${table} (node_id VARCHAR(64) NOT NULL PRIMARY KEY, token CHAR(32) NOT NULL, written_at TIMESTAMP(6) NOT NULL) ENGINE=InnoDB`);
        writing.push(w);
      } catch (e) {
        failed(w, 'create', e, 'CREATE');
      }
    }
    await Promise.all(
      writing.map(async (w) => {
        const token = randomBytes(16).toString('hex');
        // One row per topology and writer: topologies sharing a member are probed in parallel.
        const row = (topology.id === undefined ? w : `${topology.id}/${w}`).slice(0, 64);
        const reach = reachableFrom(topology, w);
        try {
          await (conns.get(w) as SqlConnection).query(`REPLACE INTO ${table} (node_id, token, written_at) VALUES (?, ?, NOW(6))`, [row, token]);
        } catch (e) {
          failed(w, 'write', e, 'INSERT');
          return;
        }
        const started = performance.now();
        await Promise.all(
          topology.members.filter((m) => m !== w && conns.has(m)).map(async (m) => {
            const c = conns.get(m) as SqlConnection;
            let ms: number | null = null;
            let unknown: string | undefined;
            // Wait (at most the timeout) only where the row must arrive; elsewhere one look suffices.
            const deadline = started + (reach.has(m) ? timeoutMs : 0);
            for (;;) {
              let rows: readonly Readonly<Record<string, unknown>>[] = [];
              try {
                rows = await c.query(`SELECT token FROM ${table} WHERE node_id = ?`, [row]);
              } catch (e) {
                // A table not yet replicated is a row not yet arrived; a refused SELECT never ends.
                if (deniedGrant(e, 'SELECT') !== undefined) {
                  failed(m, 'read', e, 'SELECT');
                  unknown = errorText(e);
                  break;
                }
              }
              if (rows[0]?.token === token) {
                ms = Math.round((performance.now() - started) * 10) / 10;
                break;
              }
              if (performance.now() >= deadline) break;
              await new Promise((r) => setTimeout(r, pollMs));
            }
            arrivals.push({ source: w, replica: m, expected: reach.has(m), ms, ...(unknown === undefined ? {} : { unknown }) });
          }),
        );
      }),
    );
  } finally {
    await Promise.all([...conns.values()].map((c) => c.end()));
  }
  arrivals.sort((a, b) => a.source.localeCompare(b.source) || a.replica.localeCompare(b.replica));
  // The probes ran in parallel: order their findings by member, as the rest of the report.
  const at = (d: Diagnostic): number => topology.members.indexOf(String(d.data.node));
  diagnostics.sort((a, b) => at(a) - at(b) || String(a.data.grant ?? '').localeCompare(String(b.data.grant ?? '')));
  for (const a of arrivals) {
    if (!a.expected || a.unknown !== undefined) continue;
    if (a.ms === null) diagnostics.push(diag('replication.heartbeat-missing', idx(a.replica), { source: a.source, replica: a.replica, waitedMs: timeoutMs }));
    else if (a.ms > slowMs) diagnostics.push(diag('replication.heartbeat-slow', idx(a.replica), { source: a.source, replica: a.replica, ms: a.ms, threshold: slowMs }));
  }
  return { arrivals, diagnostics };
}
