import { createConnection } from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import type { ReplicationNode } from './replication-node.js';

/** The few operations the replication check needs from a MySQL/MariaDB session. */
export interface SqlConnection {
  /** Runs one statement; resolves to its rows (empty for a statement without a result set). */
  query(sql: string, values?: readonly unknown[]): Promise<readonly Readonly<Record<string, unknown>>[]>;
  /** Closes the session (never rejects). */
  end(): Promise<void>;
}

/** Opens a session to a node: the real one uses mysql2; simulations answer the same statements. */
export type SqlConnector = (node: ReplicationNode, options: { readonly connectTimeoutMs: number }) => Promise<SqlConnection>;

/** The real connector: a mysql2 connection to the node's `host:port` as its `user`. */
export const mysqlConnector: SqlConnector = async (node, options) => {
  const conn = await createConnection({
    host: node.host,
    port: node.port ?? 3306,
    user: node.user,
    ...(node.password === undefined ? {} : { password: node.password }),
    connectTimeout: options.connectTimeoutMs,
  });
  return {
    async query(sql, values) {
      const [rows] = await conn.query<RowDataPacket[]>(sql, values === undefined ? undefined : [...values]);
      return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
    },
    async end() {
      await conn.end().catch(() => undefined);
    },
  };
};

/**
 * The privilege a server refused, read from its error (MariaDB/MySQL `ER_TABLEACCESS_DENIED_ERROR`
 * 1142 names the command, `ER_DBACCESS_DENIED_ERROR` 1044 a database, `ER_SPECIFIC_ACCESS_DENIED_ERROR`
 * 1227 the privileges), or `undefined` when the error is not a refused privilege.
 */
export function deniedGrant(e: unknown, fallback: string): string | undefined {
  const err = e as { errno?: number; message?: string };
  const msg = err.message ?? '';
  if (err.errno === 1142) return /^(\w+) command denied/i.exec(msg)?.[1]?.toUpperCase() ?? fallback;
  if (err.errno === 1044) return fallback;
  // "you need (at least one of) the SUPER, SLAVE MONITOR privilege(s)": the last is the specific one.
  if (err.errno === 1227) return /need (?:\(at least one of\) )?the (.+?) privilege/i.exec(msg)?.[1]?.split(',').pop()?.trim() ?? fallback;
  return undefined;
}

/** The first line of an error, with the password (if any) masked. */
export function errorText(e: unknown, password?: string): string {
  const err = e as { code?: string; message?: string };
  let msg = (err.message ?? String(e)).split('\n')[0] ?? '';
  if (password) msg = msg.split(password).join('***');
  return err.code !== undefined && !msg.includes(err.code) ? `${err.code}: ${msg}` : msg;
}
