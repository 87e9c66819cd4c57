import type { Generated, Kysely, Transaction } from 'kysely';

/** One entity of the model: its collection, key, cluster and JSON body. */
export interface EntityTable {
  /** Collection name (`extensions`, `trunks`, ...). */
  collection: string;
  /** Key unique within the collection (`tpa1/5200` for an extension, the id otherwise). */
  ekey: string;
  /** Cluster the entity lives on, or null for enterprise-wide entities. */
  cluster: string | null;
  /** Position in the collection (import order, then creation order): keeps exports stable. */
  seq: number;
  /** The entity as JSON. */
  data: string;
}

/** Enterprise-wide settings (name, domain, topology, features, musicOnHold, blacklist, numberPlan, policy) as JSON, one row each. */
export interface SettingTable {
  name: string;
  data: string;
}

/** One entry of the change journal. */
export interface JournalTable {
  id: Generated<number>;
  /** ISO 8601 time of the change. */
  at: string;
  actor: string;
  /** `create`, `update`, `delete` or `import`. */
  action: string;
  collection: string;
  ekey: string;
  /** Cluster the change affects; null when it affects every cluster. */
  cluster: string | null;
  /** Groups the entries of one batch. */
  batch: string | null;
  before: string | null;
  after: string | null;
}

/** One deployment (commit or rollback) of a cluster. */
export interface DeploymentTable {
  id: Generated<number>;
  cluster: string;
  actor: string;
  started_at: string;
  finished_at: string | null;
  /** `running`, `succeeded` or `failed`. */
  status: string;
  reason: string | null;
  /** Last journal entry the deployed files reflect. */
  journal_id: number;
  /** The deployment a rollback re-applied, if any. */
  rollback_of: number | null;
  /** JSON summary: per server, counts and reloads, and what a failure left behind. */
  summary: string | null;
}

/** One file of a deployment: the complete set per server, so any deployment can be re-applied (content in `acm_deployment_blob` by sha256). */
export interface DeploymentFileTable {
  deployment_id: number;
  server: string;
  path: string;
  sha256: string;
  /** What the deployment did with it: `add`, `change`, `keep` or `remove` (removed files keep their old content). */
  change: string;
  reload: string | null;
}

/** A file content some deployment wrote, once per distinct content. */
export interface DeploymentBlobTable {
  /** Hex SHA-256 of the UTF-8 content. */
  sha256: string;
  content: string;
}

/** Named locks (a row exists while the lock is held). */
export interface LockTable {
  name: string;
  holder: string;
  acquired_at: string;
}

/** Store revision counter; its single row is updated first in every write so writers serialise. */
export interface RevisionTable {
  id: number;
  revision: number;
}

/** The tables of the ACM store. */
export interface StoreDatabase {
  acm_entity: EntityTable;
  acm_setting: SettingTable;
  acm_journal: JournalTable;
  acm_deployment: DeploymentTable;
  acm_deployment_file: DeploymentFileTable;
  acm_deployment_blob: DeploymentBlobTable;
  acm_lock: LockTable;
  acm_revision: RevisionTable;
}

/** A store connection or an open transaction on it (what store and journal functions take). */
export type StoreDb = Kysely<StoreDatabase> | Transaction<StoreDatabase>;
