import type { StoreDb as Db } from '../store/store-schema.js';
import { maskSecrets } from './mask-secrets.js';

/**
 * What a journal entry records. `force` records that someone passed the validation gate with
 * `force` despite errors (its `after` holds the operation and the errors passed); it is not a
 * change of the model, so it never counts as a change waiting.
 */
export type JournalAction = 'create' | 'update' | 'delete' | 'import' | 'force';

/** One change made through the SDK: who, when, what, before and after (secrets masked). */
export interface JournalEntry {
  readonly id: number;
  /** ISO 8601 time. */
  readonly at: string;
  readonly actor: string;
  readonly action: JournalAction;
  readonly collection: string;
  /** Store key of the entity (`tpa1/5200`); `*` for a whole-enterprise import. */
  readonly key: string;
  /** Cluster the change affects, or null when it affects every cluster. */
  readonly cluster: string | null;
  /** Id shared by the entries of one batch, if any. */
  readonly batch: string | null;
  /** The entity before the change (undefined for a create), secrets masked. */
  readonly before?: unknown;
  /** The entity after the change (undefined for a delete), secrets masked. */
  readonly after?: unknown;
}

/** A change to record, before it has an id. */
export interface JournalRecord {
  readonly action: JournalAction;
  readonly collection: string;
  readonly key: string;
  readonly cluster: string | null;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Filters for {@link listJournal}. */
export interface JournalQuery {
  /** Only entries with an id greater than this. */
  readonly afterId?: number;
  /** Only entries that affect this cluster (its own, and enterprise-wide ones). */
  readonly cluster?: string;
  /** At most this many entries, newest last. */
  readonly limit?: number;
}


/** Writes journal entries inside the caller's transaction; returns their ids. */
export async function recordJournal(trx: Db, actor: string, records: readonly JournalRecord[], batch: string | null = null): Promise<number[]> {
  const at = new Date().toISOString();
  const ids: number[] = [];
  for (const r of records) {
    const result = await trx
      .insertInto('acm_journal')
      .values({
        at,
        actor,
        action: r.action,
        collection: r.collection,
        ekey: r.key,
        cluster: r.cluster,
        batch,
        // Masked before it is stored: a rotated secret must not stay readable in the journal table.
        before: r.before === undefined ? null : JSON.stringify(maskSecrets(r.before)),
        after: r.after === undefined ? null : JSON.stringify(maskSecrets(r.after)),
      })
      .executeTakeFirst();
    ids.push(Number(result.insertId));
  }
  return ids;
}

/** Lists journal entries, oldest first, with every secret masked. */
export async function listJournal(db: Db, query: JournalQuery = {}): Promise<JournalEntry[]> {
  let q = db.selectFrom('acm_journal').selectAll();
  if (query.afterId !== undefined) q = q.where('id', '>', query.afterId);
  if (query.cluster !== undefined) {
    const cluster = query.cluster;
    q = q.where((eb) => eb.or([eb('cluster', '=', cluster), eb('cluster', 'is', null)]));
  }
  const rows = query.limit === undefined ? await q.orderBy('id').execute() : (await q.orderBy('id', 'desc').limit(query.limit).execute()).reverse();
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at,
    actor: r.actor,
    action: r.action as JournalAction,
    collection: r.collection,
    key: r.ekey,
    cluster: r.cluster,
    batch: r.batch,
    ...(r.before === null ? {} : { before: maskSecrets(JSON.parse(r.before) as unknown) }),
    ...(r.after === null ? {} : { after: maskSecrets(JSON.parse(r.after) as unknown) }),
  }));
}

/** Id of the newest journal entry (0 when the journal is empty). */
export async function journalHead(db: Db): Promise<number> {
  const row = await db.selectFrom('acm_journal').select((eb) => eb.fn.max('id').as('head')).executeTakeFirst();
  return row?.head === null || row?.head === undefined ? 0 : Number(row.head);
}

/** The changes made since a cluster's last successful deployment. */
export interface ChangesWaiting {
  readonly cluster: string;
  /** The last successful deployment of the cluster, if any. */
  readonly lastDeployment: number | null;
  readonly entries: readonly JournalEntry[];
}

/** "Changes waiting" for each cluster: journal entries newer than what its last successful deployment reflects. */
export async function changesWaiting(db: Db, clusters: readonly string[]): Promise<ChangesWaiting[]> {
  const out: ChangesWaiting[] = [];
  for (const cluster of clusters) {
    const last = await db
      .selectFrom('acm_deployment')
      .select(['id', 'journal_id'])
      .where('cluster', '=', cluster)
      .where('status', '=', 'succeeded')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const entries = (await listJournal(db, { cluster, afterId: last === undefined ? 0 : Number(last.journal_id) })).filter((e) => e.action !== 'force');
    out.push({ cluster, lastDeployment: last === undefined ? null : Number(last.id), entries });
  }
  return out;
}
