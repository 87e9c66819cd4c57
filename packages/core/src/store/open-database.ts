import { Kysely } from 'kysely';
import type { DatabaseLocation } from './database-url.js';
import type { StoreDatabase } from './store-schema.js';

/**
 * Creates the Kysely instance for a store location. The drivers are imported on demand, so a
 * SQLite user never loads mysql2 and the other way round.
 */
export async function openDatabase(location: DatabaseLocation): Promise<Kysely<StoreDatabase>> {
  if (location.dialect === 'sqlite') {
    const [{ SqliteDialect }, { default: Database }] = await Promise.all([import('kysely'), import('better-sqlite3')]);
    const db = new Database(location.file);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    return new Kysely<StoreDatabase>({ dialect: new SqliteDialect({ database: db }) });
  }
  const [{ MysqlDialect }, { createPool }] = await Promise.all([import('kysely'), import('mysql2')]);
  const pool = createPool({
    host: location.host,
    port: location.port,
    user: location.user,
    ...(location.password === undefined ? {} : { password: location.password }),
    database: location.database,
    connectionLimit: 5,
    charset: 'utf8mb4',
    supportBigNumbers: true,
  });
  return new Kysely<StoreDatabase>({ dialect: new MysqlDialect({ pool }) });
}
