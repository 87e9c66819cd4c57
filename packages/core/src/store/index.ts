export type { DatabaseLocation } from './database-url.js';
export { DEFAULT_DATABASE_URL, describeDatabaseUrl, dialectOf, parseDatabaseUrl } from './database-url.js';
export { entityCluster, entityKey, keyFields } from './entity-key.js';
export type { StoreDialect } from './migrations.js';
export { MIGRATION_TABLE, storeMigrations } from './migrations.js';
export type { DeploymentBlobTable, DeploymentFileTable, DeploymentTable, EntityTable, JournalTable, LockTable, RevisionTable, SettingTable, StoreDatabase, StoreDb } from './store-schema.js';
export type { Change, ChangeOptions, ChangeResult, ImportResult, OpenStoreOptions } from './store.js';
export { EntityCollection, Store, defaultActor, forceRecord, introducedErrors, introducedErrorsOfDelta } from './store.js';
export type { StoreOp } from './store.js';
export { applyChanges } from './store.js';
export type { LocateEntity } from './store.js';
export { AGENT_STATES, PAUSE_REASONS } from './status-types.js';
export type { AgentState, AgentTime, ChannelStatus, ContactStatus, ExtensionStatus, MailboxStatus, QueueMemberStatus, StatusSnapshot, TrunkStatus } from './status-types.js';
export { MemoryStatusStore, emptyBatch } from './status-store.js';
export type { StatusBatch, StatusQuery, StatusStore } from './status-store.js';
export type {
  StatusAgentTimeTable, StatusChannelTable, StatusDatabase, StatusExtensionTable, StatusFeedTable, StatusMailboxTable, StatusQueueMemberTable, StatusRowBase, StatusTrunkTable,
} from './status-schema.js';
export { STATUS_TABLES, statusMigration } from './status-migration.js';
export { SqlStatusStore, serverClusters } from './sql-status-store.js';
export type { SqlStatusQuery, SqlStatusStoreOptions, StatusBatchListener, StatusFeedEntry } from './sql-status-store.js';
