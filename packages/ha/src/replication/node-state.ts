import { createConnection } from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import type { ReplicationNode } from './replication-node.js';

/** The replication-relevant server variables of a node. */
export interface NodeVariables {
  readonly serverId: number;
  readonly logBin: boolean;
  readonly logSlaveUpdates: boolean;
  readonly autoIncrementIncrement: number;
  readonly autoIncrementOffset: number;
  readonly gtidDomainId: number;
  readonly readOnly: boolean;
  readonly binlogFormat: string;
  readonly version: string;
}

/** One row of `SHOW ALL SLAVES STATUS`: a replication connection of the node. */
export interface ReplicaChannel {
  /** `Connection_name` (empty for the default connection). */
  readonly connectionName: string;
  readonly masterHost: string;
  readonly masterPort: number;
  /** `Yes`, `No` or `Connecting`. */
  readonly ioRunning: string;
  /** `Yes` or `No`. */
  readonly sqlRunning: string;
  /** `null` when the SQL or IO thread is not running. */
  readonly secondsBehindMaster: number | null;
  readonly lastIoErrno: number;
  readonly lastIoError: string;
  readonly lastSqlErrno: number;
  readonly lastSqlError: string;
  /** `No`, `Slave_Pos` or `Current_Pos`. */
  readonly usingGtid: string;
  readonly gtidIoPos: string;
}

/** What ACM read from one node, or why it could not. */
export type NodeSnapshot =
  | { readonly id: string; readonly reachable: true; readonly variables: NodeVariables; readonly channels: readonly ReplicaChannel[] }
  | { readonly id: string; readonly reachable: false; readonly error: string };

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0) || 0);
const flag = (v: unknown): boolean => v === 1 || v === '1' || v === 'ON' || v === true;

/** Reads a `SHOW ALL SLAVES STATUS` row by column name (column order differs across versions). */
export function channelFromRow(row: Readonly<Record<string, unknown>>): ReplicaChannel {
  const sbm = row.Seconds_Behind_Master;
  return {
    connectionName: str(row.Connection_name),
    masterHost: str(row.Master_Host),
    masterPort: num(row.Master_Port),
    ioRunning: str(row.Slave_IO_Running),
    sqlRunning: str(row.Slave_SQL_Running),
    secondsBehindMaster: sbm === null || sbm === undefined || sbm === '' ? null : num(sbm),
    lastIoErrno: num(row.Last_IO_Errno),
    lastIoError: str(row.Last_IO_Error),
    lastSqlErrno: num(row.Last_SQL_Errno),
    lastSqlError: str(row.Last_SQL_Error),
    usingGtid: str(row.Using_Gtid),
    gtidIoPos: str(row.Gtid_IO_Pos),
  };
}

const VARIABLES_SQL =
  'SELECT @@server_id AS server_id, @@log_bin AS log_bin, @@log_slave_updates AS log_slave_updates, ' +
  '@@auto_increment_increment AS aii, @@auto_increment_offset AS aio, @@gtid_domain_id AS gtid_domain_id, ' +
  '@@read_only AS read_only, @@binlog_format AS binlog_format, @@version AS version';

/** Options of {@link readNodeState}. */
export interface ReadNodeOptions {
  /** Connect timeout in ms (default 2000). */
  readonly connectTimeoutMs?: number;
}

/**
 * Connects to a node with mysql2 and reads its variables and `SHOW ALL SLAVES STATUS`
 * (MariaDB; falls back to `SHOW SLAVE STATUS` on MySQL). Never throws: an unreachable node is a
 * snapshot with `reachable: false` and the error (which never contains the password).
 */
export async function readNodeState(node: ReplicationNode, options: ReadNodeOptions = {}): Promise<NodeSnapshot> {
  let conn;
  try {
    conn = await createConnection({
      host: node.host,
      port: node.port ?? 3306,
      user: node.user,
      ...(node.password === undefined ? {} : { password: node.password }),
      connectTimeout: options.connectTimeoutMs ?? 2000,
    });
    const [vars] = await conn.query<RowDataPacket[]>(VARIABLES_SQL);
    const v: Record<string, unknown> = vars[0] ?? {};
    let rows: RowDataPacket[];
    try {
      [rows] = await conn.query<RowDataPacket[]>('SHOW ALL SLAVES STATUS');
    } catch {
      [rows] = await conn.query<RowDataPacket[]>('SHOW SLAVE STATUS');
    }
    return {
      id: node.id,
      reachable: true,
      variables: {
        serverId: num(v.server_id),
        logBin: flag(v.log_bin),
        logSlaveUpdates: flag(v.log_slave_updates),
        autoIncrementIncrement: num(v.aii),
        autoIncrementOffset: num(v.aio),
        gtidDomainId: num(v.gtid_domain_id),
        readOnly: flag(v.read_only),
        binlogFormat: str(v.binlog_format),
        version: str(v.version),
      },
      channels: rows.map((r) => channelFromRow(r as Record<string, unknown>)),
    };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    let msg = (err.message ?? String(e)).split('\n')[0] ?? '';
    if (node.password) msg = msg.split(node.password).join('***');
    return { id: node.id, reachable: false, error: err.code !== undefined && !msg.includes(err.code) ? `${err.code}: ${msg}` : msg };
  } finally {
    await conn?.end().catch(() => undefined);
  }
}
