import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from './migrations.js';

/** The status tables, in creation order. */
export const STATUS_TABLES = ['acm_status_extension', 'acm_status_trunk', 'acm_status_channel', 'acm_status_queue_member', 'acm_status_mailbox', 'acm_status_agent_time'] as const;

/**
 * Migration `0004-agent-unavailable`: agent time gets a column for the `unavailable` state (a
 * queue member whose phone cannot be reached), 0 for the rows written before it.
 */
export function agentUnavailableMigration(dialect: StoreDialect): Migration {
  const real = dialect === 'mysql' ? sql`double` : sql`real`;
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('acm_status_agent_time').addColumn('unavailable_s', real, (c) => c.notNull().defaultTo(0)).execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('acm_status_agent_time').dropColumn('unavailable_s').execute();
    },
  };
}

/**
 * Migration `0002-status`: the live status tables the AMI poller writes (one row per server and
 * object, replaced on every resync), keyed as the StatusStore contract says.
 */
export function statusMigration(dialect: StoreDialect): Migration {
  const mysql = dialect === 'mysql';
  // Same column types as 0001 (keys compare byte for byte on MySQL), plus times in ms and fractional seconds.
  const key = mysql ? sql`varchar(191) character set utf8mb4 collate utf8mb4_bin` : sql`text`;
  const short = mysql ? sql`varchar(64) character set utf8mb4 collate utf8mb4_bin` : sql`text`;
  const text = mysql ? sql`text character set utf8mb4 collate utf8mb4_bin` : sql`text`;
  const json = mysql ? sql`longtext character set utf8mb4 collate utf8mb4_bin` : sql`text`;
  const big = mysql ? sql`bigint` : sql`integer`;
  const real = mysql ? sql`double` : sql`real`;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const common = <T extends string>(b: CreateTableBuilder<T, any>) =>
    b.addColumn('server', short, (c) => c.notNull()).addColumn('cluster', short).addColumn('updated_at', big, (c) => c.notNull());
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await common(db.schema.createTable('acm_status_extension'))
        .addColumn('extension', key, (c) => c.notNull())
        .addColumn('contacts', json, (c) => c.notNull())
        .addColumn('registered', 'integer', (c) => c.notNull())
        .addColumn('device_state', short, (c) => c.notNull())
        .addColumn('agent_state', short)
        .addColumn('pause_reason', text)
        .addColumn('queues', json, (c) => c.notNull())
        .addColumn('calls_taken', 'integer', (c) => c.notNull())
        .addColumn('last_call_at', big)
        .addColumn('active_channels', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('acm_status_extension_pk', ['server', 'extension'])
        .execute();
      await common(db.schema.createTable('acm_status_trunk'))
        .addColumn('trunk', key, (c) => c.notNull())
        .addColumn('registration', short)
        .addColumn('device_state', short, (c) => c.notNull())
        .addColumn('reachable', 'integer', (c) => c.notNull())
        .addColumn('active_channels', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('acm_status_trunk_pk', ['server', 'trunk'])
        .execute();
      await common(db.schema.createTable('acm_status_channel'))
        .addColumn('uniqueid', key, (c) => c.notNull())
        .addColumn('linkedid', key, (c) => c.notNull())
        .addColumn('channel', text, (c) => c.notNull())
        .addColumn('endpoint', key)
        .addColumn('state', 'integer', (c) => c.notNull())
        .addColumn('caller_id_num', text, (c) => c.notNull())
        .addColumn('caller_id_name', text, (c) => c.notNull())
        .addPrimaryKeyConstraint('acm_status_channel_pk', ['server', 'uniqueid'])
        .execute();
      await common(db.schema.createTable('acm_status_queue_member'))
        .addColumn('queue', key, (c) => c.notNull())
        .addColumn('interface', key, (c) => c.notNull())
        .addColumn('name', text, (c) => c.notNull())
        .addColumn('membership', short, (c) => c.notNull())
        .addColumn('paused', 'integer', (c) => c.notNull())
        .addColumn('paused_reason', text, (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('calls_taken', 'integer', (c) => c.notNull())
        .addColumn('last_call', big, (c) => c.notNull())
        .addColumn('in_call', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('acm_status_queue_member_pk', ['server', 'queue', 'interface'])
        .execute();
      await common(db.schema.createTable('acm_status_mailbox'))
        .addColumn('mailbox', key, (c) => c.notNull())
        .addColumn('new_messages', 'integer', (c) => c.notNull())
        .addColumn('old_messages', 'integer', (c) => c.notNull())
        .addColumn('urgent_messages', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('acm_status_mailbox_pk', ['server', 'mailbox'])
        .execute();
      await common(db.schema.createTable('acm_status_agent_time'))
        .addColumn('agent', key, (c) => c.notNull())
        .addColumn('day', short, (c) => c.notNull())
        .addColumn('available_s', real, (c) => c.notNull())
        .addColumn('on_call_s', real, (c) => c.notNull())
        .addColumn('ringing_s', real, (c) => c.notNull())
        .addColumn('paused_s', real, (c) => c.notNull())
        .addColumn('logged_out_s', real, (c) => c.notNull())
        .addColumn('paused_by_reason', json, (c) => c.notNull())
        .addColumn('state', short)
        .addColumn('since', big)
        .addPrimaryKeyConstraint('acm_status_agent_time_pk', ['server', 'agent', 'day'])
        .execute();
      // Live views filter by cluster (the wallboard of one site).
      for (const table of ['acm_status_extension', 'acm_status_trunk', 'acm_status_channel']) {
        await db.schema.createIndex(`${table}_cluster`).on(table).columns(['cluster']).execute();
      }
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>): Promise<void> {
      for (const table of [...STATUS_TABLES].reverse()) await db.schema.dropTable(table).execute();
    },
  };
}
