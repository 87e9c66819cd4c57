import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { agentUnavailableMigration, statusMigration } from './status-migration.js';

/** The SQL dialects the store runs on. */
export type StoreDialect = 'sqlite' | 'mysql';

/** Name of the table Kysely records applied migrations in. */
export const MIGRATION_TABLE = 'acm_migration';

function types(dialect: StoreDialect) {
  const mysql = dialect === 'mysql';
  return {
    // Keys compare byte for byte on both dialects (MySQL's default collation folds case).
    key: mysql ? sql`varchar(191) character set utf8mb4 collate utf8mb4_bin` : sql`text`,
    short: mysql ? sql`varchar(64) character set utf8mb4 collate utf8mb4_bin` : sql`text`,
    json: mysql ? sql`longtext character set utf8mb4 collate utf8mb4_bin` : sql`text`,
    id: mysql ? sql`bigint` : sql`integer`,
  };
}

function initial(dialect: StoreDialect): Migration {
  const t = types(dialect);
  return {
    // Migrations see the schema as it was at their time, not today's types: Kysely's documented Kysely<any>.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('acm_entity')
        .addColumn('collection', t.short, (c) => c.notNull())
        .addColumn('ekey', t.key, (c) => c.notNull())
        .addColumn('cluster', t.short)
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('data', t.json, (c) => c.notNull())
        .addPrimaryKeyConstraint('acm_entity_pk', ['collection', 'ekey'])
        .execute();
      await db.schema.createIndex('acm_entity_cluster').on('acm_entity').columns(['collection', 'cluster']).execute();
      await db.schema
        .createTable('acm_setting')
        .addColumn('name', t.short, (c) => c.primaryKey())
        .addColumn('data', t.json, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('acm_journal')
        .addColumn('id', t.id, (c) => c.primaryKey().autoIncrement())
        .addColumn('at', t.short, (c) => c.notNull())
        .addColumn('actor', t.key, (c) => c.notNull())
        .addColumn('action', t.short, (c) => c.notNull())
        .addColumn('collection', t.short, (c) => c.notNull())
        .addColumn('ekey', t.key, (c) => c.notNull())
        .addColumn('cluster', t.short)
        .addColumn('batch', t.short)
        .addColumn('before', t.json)
        .addColumn('after', t.json)
        .execute();
      await db.schema.createIndex('acm_journal_cluster').on('acm_journal').columns(['cluster', 'id']).execute();
      await db.schema
        .createTable('acm_deployment')
        .addColumn('id', t.id, (c) => c.primaryKey().autoIncrement())
        .addColumn('cluster', t.short, (c) => c.notNull())
        .addColumn('actor', t.key, (c) => c.notNull())
        .addColumn('started_at', t.short, (c) => c.notNull())
        .addColumn('finished_at', t.short)
        .addColumn('status', t.short, (c) => c.notNull())
        .addColumn('reason', t.json)
        .addColumn('journal_id', t.id, (c) => c.notNull())
        .addColumn('rollback_of', t.id)
        .addColumn('summary', t.json)
        .execute();
      await db.schema.createIndex('acm_deployment_cluster').on('acm_deployment').columns(['cluster', 'status', 'id']).execute();
      await db.schema
        .createTable('acm_deployment_file')
        .addColumn('deployment_id', t.id, (c) => c.notNull())
        .addColumn('server', t.short, (c) => c.notNull())
        .addColumn('path', t.key, (c) => c.notNull())
        .addColumn('sha256', t.short, (c) => c.notNull())
        .addColumn('change', t.short, (c) => c.notNull())
        .addColumn('reload', t.key)
        .addColumn('content', t.json, (c) => c.notNull())
        .addPrimaryKeyConstraint('acm_deployment_file_pk', ['deployment_id', 'server', 'path'])
        .execute();
      await db.schema
        .createTable('acm_lock')
        .addColumn('name', t.short, (c) => c.primaryKey())
        .addColumn('holder', t.key, (c) => c.notNull())
        .addColumn('acquired_at', t.short, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('acm_revision')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('revision', t.id, (c) => c.notNull())
        .execute();
      await db.insertInto('acm_revision').values({ id: 1, revision: 0 }).execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>): Promise<void> {
      for (const table of ['acm_revision', 'acm_lock', 'acm_deployment_file', 'acm_deployment', 'acm_journal', 'acm_setting', 'acm_entity']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}

/**
 * Migration `0003-deployment-blobs`: file contents move out of `acm_deployment_file` into
 * `acm_deployment_blob`, one row per distinct content (keyed by its SHA-256). A commit then stores
 * only the contents no earlier deployment had: not the files it keeps, not a second copy of what
 * both servers of a pair get.
 */
function deploymentBlobs(dialect: StoreDialect): Migration {
  const t = types(dialect);
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('acm_deployment_blob')
        .addColumn('sha256', t.short, (c) => c.primaryKey())
        .addColumn('content', t.json, (c) => c.notNull())
        .execute();
      await sql`insert into acm_deployment_blob (sha256, content) select sha256, min(content) from acm_deployment_file where ${sql.ref('change')} <> 'remove' group by sha256`.execute(db);
      await db.schema.alterTable('acm_deployment_file').dropColumn('content').execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('acm_deployment_file').addColumn('content', t.json, (c) => c.notNull().defaultTo('')).execute();
      await sql`update acm_deployment_file set content = coalesce((select b.content from acm_deployment_blob b where b.sha256 = acm_deployment_file.sha256), '')`.execute(db);
      await db.schema.dropTable('acm_deployment_blob').execute();
    },
  };
}

/**
 * Migration `0005-status-feed`: the live feed of status batches, one row per committed batch in
 * the same transaction, so a reader in another process (a console, `acm poll --watch` elsewhere)
 * follows what a poller writes by id. Old rows are pruned as new ones come.
 */
function statusFeed(dialect: StoreDialect): Migration {
  const t = types(dialect);
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('acm_status_feed')
        .addColumn('id', t.id, (c) => c.primaryKey().autoIncrement())
        .addColumn('at', t.id, (c) => c.notNull())
        .addColumn('server', t.short, (c) => c.notNull())
        .addColumn('cluster', t.short)
        .addColumn('batch', t.json, (c) => c.notNull())
        .execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('acm_status_feed').execute();
    },
  };
}

/** The store's migrations, in order, for one dialect (one set: the dialects differ only in column types). */
export function storeMigrations(dialect: StoreDialect): MigrationProvider {
  return {
    getMigrations: () =>
      Promise.resolve({
        '0001-initial': initial(dialect),
        '0002-status': statusMigration(dialect),
        '0003-deployment-blobs': deploymentBlobs(dialect),
        '0004-agent-unavailable': agentUnavailableMigration(dialect),
        '0005-status-feed': statusFeed(dialect),
      }),
  };
}
