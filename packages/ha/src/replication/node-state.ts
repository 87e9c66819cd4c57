import type { ReplicationNode } from './replication-node.js';
import { deniedGrant, errorText, mysqlConnector } from './sql-connection.js';
import type { SqlConnection, SqlConnector } from './sql-connection.js';

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
  | {
      readonly id: string;
      readonly reachable: false;
      readonly error: string;
      /** The node answered but refused a statement the check needs: the privilege it lacks (e.g. `SLAVE MONITOR`). */
      readonly missingGrant?: string;
    };

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

/** The statement that reads a node's replication variables (simulations recognise it). */
export const VARIABLES_SQL =
  'SELECT @@server_id AS server_id, @@log_bin AS log_bin, @@log_slave_updates AS log_slave_updates, ' +
  '@@auto_increment_increment AS aii, @@auto_increment_offset AS aio, @@gtid_domain_id AS gtid_domain_id, ' +
  '@@read_only AS read_only, @@binlog_format AS binlog_format, @@version AS version';

/** Options of {@link readNodeState}. */
export interface ReadNodeOptions {
  /** Connect timeout in ms (default 2000). */
  readonly connectTimeoutMs?: number;
  /** Opens the session (default {@link mysqlConnector}); a simulation passes its own. */
  readonly connect?: SqlConnector;
}

/**
 * Connects to a node (mysql2 unless `options.connect` is given) and reads its variables and `SHOW ALL SLAVES STATUS`
 * (MariaDB; falls back to `SHOW SLAVE STATUS` on MySQL). Never throws: an unreachable node is a
 * snapshot with `reachable: false` and the error (which never contains the password).
 */
export async function readNodeState(node: ReplicationNode, options: ReadNodeOptions = {}): Promise<NodeSnapshot> {
  let conn: SqlConnection | undefined;
  let step = 'connect';
  try {
    conn = await (options.connect ?? mysqlConnector)(node, { connectTimeoutMs: options.connectTimeoutMs ?? 2000 });
    step = 'variables';
    const vars = await conn.query(VARIABLES_SQL);
    const v: Readonly<Record<string, unknown>> = vars[0] ?? {};
    step = 'slaves';
    let rows: readonly Readonly<Record<string, unknown>>[];
    try {
      rows = await conn.query('SHOW ALL SLAVES STATUS');
    } catch {
      rows = await conn.query('SHOW SLAVE STATUS');
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
      channels: rows.map((r) => channelFromRow(r)),
    };
  } catch (e) {
    // Logged in but refused SHOW ALL SLAVES STATUS: a missing grant, not an unreachable node.
    const grant = step === 'slaves' ? deniedGrant(e, 'SLAVE MONITOR') : undefined;
    return { id: node.id, reachable: false, error: errorText(e, node.password), ...(grant === undefined ? {} : { missingGrant: grant }) };
  } finally {
    await conn?.end();
  }
}
