import type { Enterprise, Secret, Server } from '@acm/core';
import { VARIABLES_SQL } from './node-state.js';
import { expectedEdges } from './replication-node.js';
import type { SqlConnection, SqlConnector } from './sql-connection.js';

/** What can be broken in a simulated topology. */
export type ReplicationFaultKind = 'io-stopped' | 'sql-error' | 'lag' | 'down';

/** A fault planted in a simulated topology. */
export interface ReplicationFault {
  /** Model id of the server the fault is on (for `down`: the server that is down). */
  readonly node: string;
  /**
   * `io-stopped`: the node's IO thread is stopped (`STOP SLAVE IO_THREAD`); `sql-error`: its SQL
   * thread stopped on a duplicate key (1062); `lag`: it is `seconds` behind; `down`: the server
   * does not answer and its replicas' IO threads are `Connecting` with error 2003.
   */
  readonly kind: ReplicationFaultKind;
  /** `io-stopped`, `sql-error`, `lag`: only the connection from this source (default every connection of the node). */
  readonly source?: string;
  /** `lag`: Seconds_Behind_Master (default 120). */
  readonly seconds?: number;
}

/** Options of {@link simulatedReplication}. */
export interface SimulatedReplicationOptions {
  readonly faults?: readonly ReplicationFault[];
}

/** The options a simulated check passes to `checkEnterpriseReplication` (spread them in). */
export interface SimulatedReplication {
  /** Answers the check's statements from the declared topology; never opens a socket. */
  readonly connect: SqlConnector;
  /** A simulation needs no password: secrets are not opened. */
  readonly resolveSecret: (s: Secret | undefined) => string | undefined;
}

type Row = Record<string, unknown>;
interface SimNode {
  readonly server: Server;
  readonly variables: Row;
  readonly channels: Row[];
  readonly heartbeat: Map<string, string>;
  readonly down: boolean;
}

const norm = (sql: string): string => sql.trim().replace(/\s+/g, ' ');

/**
 * A stand-in for the enterprise's MySQL servers: each member answers the statements the check
 * sends (`SHOW ALL SLAVES STATUS`, the variables, the heartbeat table) with rows consistent with
 * the declared topologies, so the same parsers and analyzers run. Every declared edge replicates
 * unless a planted fault says otherwise; heartbeat rows travel along the running connections.
 * Nothing contacts a model address.
 *
 * @example
 * ```ts
 * const reports = await checkEnterpriseReplication(model, {
 *   heartbeat: true,
 *   ...simulatedReplication(model, { faults: [{ node: 'ast21', kind: 'io-stopped' }] }),
 * });
 * // the ring: 'replication.not-replicating' on ast21, 'replication.ring-broken' at its hop
 * ```
 */
export function simulatedReplication(model: Pick<Enterprise, 'clusters' | 'replication'>, options: SimulatedReplicationOptions = {}): SimulatedReplication {
  const servers = model.clusters.flatMap((c) => c.servers).filter((s) => s.mysql !== undefined);
  const byId = new Map(servers.map((s) => [s.id, s] as const));
  const faults = options.faults ?? [];
  for (const f of faults) {
    if (!byId.has(f.node)) throw new RangeError(`simulated fault on "${f.node}": no server with a mysql endpoint has that id`);
  }
  const down = new Set(faults.filter((f) => f.kind === 'down').map((f) => f.node));
  const coMasters = new Set(model.replication.filter((t) => t.kind !== 'master-slave').flatMap((t) => t.members));
  const writersOf = new Set(model.replication.flatMap((t) => (t.kind === 'master-slave' ? t.members.slice(0, 1) : t.members)));
  // Every co-master gets its own offset of one shared increment: no collision in any topology.
  const increment = Math.max(1, servers.length);
  const edges = model.replication.flatMap((t) => expectedEdges(t));

  const nodes = new Map<string, SimNode>();
  servers.forEach((server, i) => {
    const sources = [...new Set(edges.filter((e) => e.replica === server.id && byId.has(e.source)).map((e) => e.source))];
    const channels = sources.map((sourceId): Row => {
      const src = byId.get(sourceId) as Server;
      const host = src.replicationAddress ?? src.address;
      const port = src.mysql?.port ?? 3306;
      const mine = (kind: ReplicationFaultKind): ReplicationFault | undefined =>
        faults.find((f) => f.kind === kind && f.node === server.id && (f.source === undefined || f.source === sourceId));
      const sourceDown = down.has(sourceId);
      const ioStopped = mine('io-stopped') !== undefined;
      const sqlError = mine('sql-error') !== undefined;
      const lag = mine('lag');
      const running = !sourceDown && !ioStopped && !sqlError;
      return {
        Connection_name: sources.length > 1 ? sourceId : '',
        Master_Host: host,
        Master_Port: port,
        Slave_IO_Running: sourceDown ? 'Connecting' : ioStopped ? 'No' : 'Yes',
        Slave_SQL_Running: sqlError ? 'No' : 'Yes',
        Seconds_Behind_Master: running ? (lag === undefined ? 0 : (lag.seconds ?? 120)) : null,
        Last_IO_Errno: sourceDown ? 2003 : 0,
        Last_IO_Error: sourceDown ? `error reconnecting to master 'acm_repl@${host}:${port}' - retry-time: 60  maximum-retries: 100000  message: Can't connect to server on '${host}' (111 "Connection refused")` : '',
        Last_SQL_Errno: sqlError ? 1062 : 0,
        Last_SQL_Error: sqlError ? "Could not execute Write_rows_v1 event on table app.t; Duplicate entry '1' for key 'PRIMARY', Error_code: 1062; handler error HA_ERR_FOUND_DUPP_KEY" : '',
        Using_Gtid: 'Slave_Pos',
        Gtid_IO_Pos: '',
      };
    });
    const co = coMasters.has(server.id);
    nodes.set(server.id, {
      server,
      channels,
      heartbeat: new Map(),
      down: down.has(server.id),
      variables: {
        server_id: i + 1, log_bin: 1, log_slave_updates: 1, aii: co ? increment : 1, aio: co ? i + 1 : 1, gtid_domain_id: i + 1,
        read_only: writersOf.has(server.id) ? 0 : 1, binlog_format: 'ROW', version: '10.11.6-MariaDB-simulated',
      },
    });
  });

  /** A write on `origin` reaches every node along running connections (log_slave_updates is ON everywhere). */
  const replicateRow = (origin: string, key: string, token: string): void => {
    const seen = new Set([origin]);
    const queue = [origin];
    while (queue.length > 0) {
      const from = byId.get(queue.shift() as string) as Server;
      for (const n of nodes.values()) {
        if (seen.has(n.server.id) || n.down) continue;
        const ch = n.channels.find((c) => c.Master_Host === (from.replicationAddress ?? from.address) && c.Master_Port === (from.mysql?.port ?? 3306));
        if (ch === undefined || ch.Slave_IO_Running !== 'Yes' || ch.Slave_SQL_Running !== 'Yes') continue;
        n.heartbeat.set(key, token);
        seen.add(n.server.id);
        queue.push(n.server.id);
      }
    }
  };

  const connect: SqlConnector = (node) => {
    const n = nodes.get(node.id);
    if (n === undefined || n.down) {
      return Promise.reject(Object.assign(new Error(`connect ECONNREFUSED ${node.host}:${node.port ?? 3306} (simulated)`), { code: 'ECONNREFUSED', errno: -111 }));
    }
    let open = true;
    const conn: SqlConnection = {
      query(sql, values = []) {
        if (!open) return Promise.reject(new Error("Can't add new command when connection is in closed state"));
        const q = norm(sql);
        if (q === norm(VARIABLES_SQL)) return Promise.resolve([{ ...n.variables }]);
        if (/^SHOW ALL SLAVES STATUS$/i.test(q)) return Promise.resolve(n.channels.map((c) => ({ ...c })));
        if (/^SHOW SLAVE STATUS$/i.test(q)) return Promise.resolve(n.channels.filter((c) => c.Connection_name === '').map((c) => ({ ...c })));
        if (/^CREATE (DATABASE|TABLE) IF NOT EXISTS /i.test(q)) return Promise.resolve([]);
        if (/^REPLACE INTO \S+\.heartbeat /i.test(q)) {
          const [key, token] = values.map(String);
          n.heartbeat.set(String(key), String(token));
          replicateRow(n.server.id, String(key), String(token));
          return Promise.resolve([]);
        }
        if (/^SELECT token FROM \S+\.heartbeat WHERE node_id = \?$/i.test(q)) {
          const token = n.heartbeat.get(String(values[0]));
          return Promise.resolve(token === undefined ? [] : [{ token }]);
        }
        return Promise.reject(Object.assign(new Error(`statement not simulated: ${q.slice(0, 60)}`), { errno: 1064 }));
      },
      end() {
        open = false;
        return Promise.resolve();
      },
    };
    return Promise.resolve(conn);
  };
  return { connect, resolveSecret: () => undefined };
}
