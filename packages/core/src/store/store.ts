import { userInfo } from 'node:os';
import { Migrator, type Kysely, type Transaction } from 'kysely';
import { diag } from '../diagnostics/catalogue.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { changesWaiting, listJournal, recordJournal, type ChangesWaiting, type JournalEntry, type JournalQuery, type JournalRecord } from '../journal/journal.js';
import { COLLECTIONS, normalizeEnterprise, type CollectionName, type Enterprise } from '../model/enterprise.js';
import type { Extension } from '../model/extension.js';
import { validate } from '../validate/validate.js';
import { Validator, type ModelEdit, type ValidationDelta } from '../validate/validator.js';
import { parseDatabaseUrl, type DatabaseLocation } from './database-url.js';
import { entityCluster, entityKey, keyFields } from './entity-key.js';
import { MIGRATION_TABLE, storeMigrations, type StoreDialect } from './migrations.js';
import { openDatabase } from './open-database.js';
import type { StoreDatabase, StoreDb as Db } from './store-schema.js';

/** Who makes a change, and how it is grouped in the journal. */
export interface ChangeOptions {
  /** Recorded in the journal; default the OS user name. */
  readonly actor?: string;
  /** Journal batch id; a multi-change call gets one automatically. */
  readonly batch?: string;
  /**
   * Validate exactly as the write would, then write nothing (no entity, no journal entry, no
   * revision): the result says whether the changes would be accepted and why not.
   */
  readonly dryRun?: boolean;
  /**
   * Pass the validation gate despite errors: the change is written and the errors it passed are
   * recorded in the journal as a `force` entry naming the actor. Without it, errors refuse.
   */
  readonly force?: boolean;
}

/** Thrown inside a dry run's or a refused write's transaction so that it rolls back. */
const DRY_RUN = Symbol('dry run');
/** Thrown inside an import's transaction when the import would change nothing. */
const NO_CHANGE = Symbol('no change');

/** One change of a batch. `update` merges `patch` into the entity; a member set to `null` is removed. */
export type Change =
  | { readonly action: 'create'; readonly collection: CollectionName; readonly value: unknown }
  | { readonly action: 'update'; readonly collection: CollectionName; readonly key: string; readonly patch: Readonly<Record<string, unknown>> }
  | { readonly action: 'delete'; readonly collection: CollectionName; readonly key: string };

/** Outcome of a write: applied (with its journal ids) or refused with the diagnostics that explain why. */
export interface ChangeResult {
  readonly ok: boolean;
  /** Errors that made the store refuse the change (nothing was written); empty when ok. */
  readonly diagnostics: readonly Diagnostic[];
  /** Ids of the journal entries written. */
  readonly journalIds: readonly number[];
  /** The errors a `force` passed (written anyway, recorded in the journal); empty otherwise. */
  readonly forced?: readonly Diagnostic[];
}

/** Outcome of {@link Store.importEnterprise}: a {@link ChangeResult} plus what the import changed. */
export interface ImportResult extends ChangeResult {
  /** Entities added, updated (other content or place) and removed, and whether the settings changed. */
  readonly changes: { readonly added: number; readonly updated: number; readonly removed: number; readonly settings: boolean };
  /** Findings of the imported model by severity (errors only when forced). */
  readonly validation: { readonly error: number; readonly warning: number; readonly info: number };
}

/** The journal record of a `force`: which operation passed the gate, on which cluster, past which errors (code and path). */
export function forceRecord(operation: string, errors: readonly Diagnostic[], cluster: string | null = null): JournalRecord {
  return { action: 'force', collection: '*', key: operation, cluster, after: { operation, errors: errors.map((d) => ({ code: d.code, path: d.path })) } };
}

/** Options of {@link Store.open}. */
export interface OpenStoreOptions {
  /** Run pending migrations on open (default true). */
  readonly migrate?: boolean;
}


const SETTING_KEYS = ['name', 'domain', 'topology', 'features', 'musicOnHold', 'blacklist', 'numberPlan', 'policy'] as const;
const CHUNK = 500;

/** Who a change is recorded as when no actor is given: the OS user. */
export function defaultActor(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

function errorIdentity(d: Diagnostic, keys: ReadonlyMap<string, readonly (string | undefined)[]>): string {
  const path: (string | number)[] = [...d.path];
  const [collection, index] = path;
  if (typeof collection === 'string' && typeof index === 'number') path[1] = keys.get(collection)?.[index] ?? index;
  return `${d.code}\u0000${JSON.stringify(path)}\u0000${JSON.stringify(d.data)}`;
}

function keyIndex(enterprise: Enterprise): Map<string, (string | undefined)[]> {
  const out = new Map<string, (string | undefined)[]>();
  for (const c of COLLECTIONS) out.set(c, (enterprise[c] as readonly unknown[]).map((e) => entityKey(c, e)));
  return out;
}

/** The validation errors `after` has that `before` had not (matched by code, entity key and data, so index shifts do not count). */
export function introducedErrors(before: Enterprise, after: Enterprise): Diagnostic[] {
  const count = new Map<string, number>();
  const beforeKeys = keyIndex(before);
  for (const d of validate(before)) {
    if (d.severity !== 'error') continue;
    const id = errorIdentity(d, beforeKeys);
    count.set(id, (count.get(id) ?? 0) + 1);
  }
  const afterKeys = keyIndex(after);
  const out: Diagnostic[] = [];
  for (const d of validate(after)) {
    if (d.severity !== 'error') continue;
    const id = errorIdentity(d, afterKeys);
    const n = count.get(id) ?? 0;
    if (n > 0) count.set(id, n - 1);
    else out.push(d);
  }
  return out;
}

function keyAt(enterprise: Enterprise, collection: CollectionName, index: number): string | undefined {
  const list = enterprise[collection] as readonly unknown[] | undefined;
  return Array.isArray(list) && index < list.length ? entityKey(collection, list[index]) : undefined;
}

function identityIn(d: Diagnostic, enterprise: Enterprise): string {
  const [collection, index] = d.path;
  const key = typeof collection === 'string' && isCollection(collection) && typeof index === 'number' ? keyAt(enterprise, collection, index) : undefined;
  const path: (string | number)[] = [...d.path];
  if (key !== undefined) path[1] = key;
  return `${d.code}\u0000${JSON.stringify(path)}\u0000${JSON.stringify(d.data)}`;
}

/**
 * {@link introducedErrors} from a validator's delta instead of two full validations: the same errors,
 * matched the same way (by code, entity key and data). `after` is the validator's findings after the
 * edit. Findings the delta leaves out count only where the key of their entity changed.
 */
export function introducedErrorsOfDelta(delta: ValidationDelta, before: Enterprise, after: Enterprise, afterDiagnostics: readonly Diagnostic[]): Diagnostic[] {
  const keyChanged = (d: Diagnostic): boolean => {
    const [collection, index] = d.path;
    return typeof collection === 'string' && isCollection(collection) && typeof index === 'number' && keyAt(before, collection, index) !== keyAt(after, collection, index);
  };
  // Errors present before and after whose entity changed key are "new" to the key-based matching.
  const addedJson = new Map<string, number>();
  for (const d of delta.added) addedJson.set(JSON.stringify(d), (addedJson.get(JSON.stringify(d)) ?? 0) + 1);
  const kept: Diagnostic[] = [];
  for (const d of afterDiagnostics) {
    if (d.severity !== 'error' || !keyChanged(d)) continue;
    const k = JSON.stringify(d);
    const n = addedJson.get(k) ?? 0;
    if (n > 0) addedJson.set(k, n - 1);
    else kept.push(d);
  }
  const count = new Map<string, number>();
  for (const d of [...delta.removed, ...kept]) {
    if (d.severity !== 'error') continue;
    const id = identityIn(d, before);
    count.set(id, (count.get(id) ?? 0) + 1);
  }
  const out: Diagnostic[] = [];
  for (const d of [...delta.added, ...kept]) {
    if (d.severity !== 'error') continue;
    const id = identityIn(d, after);
    const n = count.get(id) ?? 0;
    if (n > 0) count.set(id, n - 1);
    else out.push(d);
  }
  return out;
}

/** The edits that undo `edits` on `before`, or undefined when one of them removes an item. */
function inverseEdits(before: Enterprise, edits: readonly ModelEdit[]): ModelEdit[] | undefined {
  const lists = new Map<CollectionName, unknown[]>();
  const out: ModelEdit[] = [];
  for (const e of edits) {
    if (e.op === 'remove') return undefined;
    let list = lists.get(e.collection);
    if (list === undefined) lists.set(e.collection, (list = [...(before[e.collection] as readonly unknown[])]));
    if (e.index === list.length) out.push({ op: 'remove', collection: e.collection, index: e.index });
    else out.push({ op: 'set', collection: e.collection, index: e.index, value: list[e.index] });
    list[e.index] = e.value;
  }
  return out.reverse();
}

/** The model a store keeps between writes: as of which revision, its validator and where its keys are. */
interface KeptModel {
  readonly revision: number;
  readonly validator: Validator;
  readonly keys: KeyLocator;
}

/** Where each key is in the kept model, per collection (built on first use), kept up to date across edits. */
class KeyLocator {
  private readonly maps = new Map<CollectionName, Map<string, number>>();

  constructor(private model: Enterprise) {}

  readonly locate: LocateEntity = (collection, key) => {
    let m = this.maps.get(collection);
    if (m === undefined) {
      m = new Map();
      const list = this.model[collection] as readonly unknown[];
      for (let i = 0; i < list.length; i++) {
        const k = entityKey(collection, list[i]);
        if (k !== undefined && !m.has(k)) m.set(k, i);
      }
      this.maps.set(collection, m);
    }
    return m.get(key);
  };

  /** Follows edits that were applied to the model (`after` is the model they gave). */
  applied(edits: readonly ModelEdit[], after: Enterprise): void {
    const before = this.model;
    this.model = after;
    const overlay = new Map<string, unknown>();
    for (const e of edits) {
      const m = this.maps.get(e.collection);
      if (m === undefined) continue;
      if (e.op === 'remove') {
        this.maps.delete(e.collection);
        continue;
      }
      const slot = `${e.collection}/${e.index}`;
      const prev = overlay.has(slot) ? overlay.get(slot) : (before[e.collection] as readonly unknown[])[e.index];
      const oldKey = prev === undefined ? undefined : entityKey(e.collection, prev);
      if (oldKey !== undefined && m.get(oldKey) === e.index) m.delete(oldKey);
      const newKey = entityKey(e.collection, e.value);
      if (newKey !== undefined) m.set(newKey, e.index);
      overlay.set(slot, e.value);
    }
  }
}

/** The one cluster all records affect, or null (enterprise-wide) when they are not all on one cluster. */
function singleCluster(records: readonly JournalRecord[]): string | null {
  const first = records[0]?.cluster ?? null;
  return records.every((r) => r.cluster === first) ? first : null;
}

function isCollection(name: string): name is CollectionName {
  return (COLLECTIONS as readonly string[]).includes(name);
}

/** The entities of one collection: read them, and change them through validated, journaled writes. */
export class EntityCollection<T> {
  /** @internal */
  constructor(
    private readonly store: Store,
    /** The collection's name. */
    readonly name: CollectionName,
  ) {}

  /** The store key of an entity of this collection (see {@link entityKey}). */
  keyOf(value: T): string | undefined {
    return entityKey(this.name, value);
  }

  /** The entity with this key, if any. */
  async get(key: string): Promise<T | undefined> {
    const row = await this.store.db.selectFrom('acm_entity').select('data').where('collection', '=', this.name).where('ekey', '=', key).executeTakeFirst();
    return row === undefined ? undefined : (JSON.parse(row.data) as T);
  }

  /** The entities, in store order, optionally only those on one cluster. */
  async list(filter: { readonly cluster?: string } = {}): Promise<T[]> {
    let q = this.store.db.selectFrom('acm_entity').select('data').where('collection', '=', this.name);
    if (filter.cluster !== undefined) q = q.where('cluster', '=', filter.cluster);
    return (await q.orderBy('seq').execute()).map((r) => JSON.parse(r.data) as T);
  }

  /** How many entities the collection holds. */
  async count(): Promise<number> {
    const row = await this.store.db.selectFrom('acm_entity').select((eb) => eb.fn.countAll<number>().as('n')).where('collection', '=', this.name).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Adds an entity; refused when its key exists or it introduces validation errors. */
  create(value: T, options: ChangeOptions = {}): Promise<ChangeResult> {
    return this.store.batch([{ action: 'create', collection: this.name, value }], options);
  }

  /** Merges `patch` into the entity `key` (`null` removes a member); refused when it introduces validation errors. */
  update(key: string, patch: Readonly<Record<string, unknown>>, options: ChangeOptions = {}): Promise<ChangeResult> {
    return this.store.batch([{ action: 'update', collection: this.name, key, patch }], options);
  }

  /** Deletes the entity `key`; refused when that leaves validation errors behind (a dangling reference). */
  delete(key: string, options: ChangeOptions = {}): Promise<ChangeResult> {
    return this.store.batch([{ action: 'delete', collection: this.name, key }], options);
  }
}


/**
 * The ACM store: the whole enterprise in a database (SQLite file or MySQL/MariaDB) through Kysely,
 * with a change journal written in the same transaction as every change.
 *
 * @example
 * ```ts
 * const store = await Store.open('sqlite:./acm.db');
 * await store.importEnterprise(enterprise, { actor: 'alice' });
 * await store.extensions.update('tpa1/5200', { name: 'Alex Horn' }, { actor: 'alice' });
 * await store.close();
 * ```
 */
export class Store {
  /** Extensions (keys `cluster/number`). */
  readonly extensions: EntityCollection<Extension>;
  /** The stored model and its findings as of a store revision, so the next edit validates only what it touches. */
  private validation: KeptModel | undefined;

  private constructor(
    /** The Kysely instance (tables in {@link StoreDatabase}). */
    readonly db: Kysely<StoreDatabase>,
    /** The SQL dialect in use. */
    readonly dialect: StoreDialect,
  ) {
    this.extensions = new EntityCollection<Extension>(this, 'extensions');
  }

  /** Opens the store a URL names (`sqlite:./acm.db`, `mysql://acm@db:3306/acm`), migrating it unless told not to. Throws on a bad URL or an unreachable database. */
  static async open(url: string, options: OpenStoreOptions = {}): Promise<Store> {
    const location = parseDatabaseUrl(url);
    if ('error' in location) throw new Error(location.error);
    return Store.openLocation(location, options);
  }

  /** Opens a store at a parsed location. */
  static async openLocation(location: DatabaseLocation, options: OpenStoreOptions = {}): Promise<Store> {
    const store = new Store(await openDatabase(location), location.dialect);
    if (options.migrate !== false) {
      try {
        await store.migrate();
      } catch (e) {
        await store.close();
        throw e;
      }
    }
    return store;
  }

  /** Applies pending migrations; returns the names applied. */
  async migrate(): Promise<string[]> {
    const migrator = new Migrator({ db: this.db, provider: storeMigrations(this.dialect), migrationTableName: MIGRATION_TABLE, migrationLockTableName: `${MIGRATION_TABLE}_lock` });
    const { error, results } = await migrator.migrateToLatest();
    if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }

  /** The entities of any collection. */
  collection<T = unknown>(name: CollectionName): EntityCollection<T> {
    return new EntityCollection<T>(this, name);
  }

  /** Closes the connection(s). */
  async close(): Promise<void> {
    await this.db.destroy();
  }

  /** True once an enterprise has been imported. */
  async hasEnterprise(): Promise<boolean> {
    return (await this.db.selectFrom('acm_setting').select('name').where('name', '=', 'name').executeTakeFirst()) !== undefined;
  }

  /**
   * Replaces the store's content with `enterprise`, in one transaction: the validation gate first
   * (errors refuse unless `force`, which is journaled), then one `import` journal entry with what
   * changed (on the one cluster it touched, else enterprise-wide). An import identical to what the
   * store holds writes nothing at all, so no change waits.
   * Refused (nothing written) when two entities share a key or one has no key.
   */
  async importEnterprise(enterprise: Enterprise, options: ChangeOptions = {}): Promise<ImportResult> {
    const diagnostics: Diagnostic[] = [];
    const rows: { collection: string; ekey: string; cluster: string | null; seq: number; data: string }[] = [];
    const counts: Record<string, number> = {};
    for (const c of COLLECTIONS) {
      const seen = new Set<string>();
      const list = enterprise[c] as readonly unknown[];
      list.forEach((item, i) => {
        const key = entityKey(c, item);
        if (key === undefined) diagnostics.push(diag('store.missing-key', [c, i], { collection: c, fields: keyFields(c).join(' and ') }));
        else if (seen.has(key)) diagnostics.push(diag('store.duplicate-key', [c, i], { collection: c, key }));
        else {
          seen.add(key);
          rows.push({ collection: c, ekey: key, cluster: entityCluster(c, item), seq: i, data: JSON.stringify(item) });
        }
      });
      if (list.length > 0) counts[c] = list.length;
    }
    const none = { added: 0, updated: 0, removed: 0, settings: false };
    const zero = { error: 0, warning: 0, info: 0 };
    if (diagnostics.length > 0) return { ok: false, diagnostics, journalIds: [], changes: none, validation: zero };
    const settings = SETTING_KEYS.filter((k) => enterprise[k] !== undefined).map((k) => ({ name: k, data: JSON.stringify(enterprise[k]) }));
    // The model as the database will hold it (JSON), validated once; kept for the next edit.
    const stored: Record<string, unknown> = {};
    for (const s of settings) stored[s.name] = JSON.parse(s.data) as unknown;
    for (const c of COLLECTIONS) stored[c] = [];
    for (const r of rows) (stored[r.collection] as unknown[]).push(JSON.parse(r.data));
    const validator = new Validator(normalizeEnterprise(stored as unknown as Enterprise));
    const validation = { ...zero };
    for (const d of validator.diagnostics) validation[d.severity]++;
    const errors = validator.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0 && options.force !== true) return { ok: false, diagnostics: errors, journalIds: [], changes: none, validation };
    const forced = errors.length > 0 ? errors : undefined;
    let changes = none;
    let revision = -1;
    const journalIds = await this.write(async (trx) => {
      revision = Number((await trx.selectFrom('acm_revision').select('revision').where('id', '=', 1).executeTakeFirst())?.revision ?? -1);
      const held = new Map<string, { data: string; seq: number; cluster: string | null }>();
      for (const r of await trx.selectFrom('acm_entity').select(['collection', 'ekey', 'data', 'seq', 'cluster']).execute()) held.set(`${r.collection}\u0000${r.ekey}`, { data: r.data, seq: Number(r.seq), cluster: r.cluster });
      const heldSettings = new Map((await trx.selectFrom('acm_setting').selectAll().execute()).map((r) => [r.name, r.data]));
      const touched = new Map<string | null, { added: number; updated: number; removed: number }>();
      const touch = (cluster: string | null, what: 'added' | 'updated' | 'removed'): void => {
        const t = touched.get(cluster) ?? { added: 0, updated: 0, removed: 0 };
        t[what]++;
        touched.set(cluster, t);
      };
      for (const r of rows) {
        const id = `${r.collection}\u0000${r.ekey}`;
        const old = held.get(id);
        if (old === undefined) touch(r.cluster, 'added');
        else {
          if (old.data !== r.data || old.seq !== r.seq || old.cluster !== r.cluster) {
            touch(r.cluster, 'updated');
            if (old.cluster !== r.cluster) touch(old.cluster, 'updated');
          }
          held.delete(id);
        }
      }
      for (const old of held.values()) touch(old.cluster, 'removed');
      const settingsChanged = settings.length !== heldSettings.size || settings.some((s) => heldSettings.get(s.name) !== s.data);
      if (settingsChanged && !touched.has(null)) touched.set(null, { added: 0, updated: 0, removed: 0 });
      const sum = [...touched.values()].reduce((a, t) => ({ added: a.added + t.added, updated: a.updated + t.updated, removed: a.removed + t.removed }), { added: 0, updated: 0, removed: 0 });
      changes = { ...sum, settings: settingsChanged };
      if (touched.size === 0 || options.dryRun === true) throw options.dryRun === true ? DRY_RUN : NO_CHANGE;
      await trx.deleteFrom('acm_entity').execute();
      await trx.deleteFrom('acm_setting').execute();
      for (let i = 0; i < rows.length; i += CHUNK) await trx.insertInto('acm_entity').values(rows.slice(i, i + CHUNK)).execute();
      if (settings.length > 0) await trx.insertInto('acm_setting').values(settings).execute();
      // One entry: on the one cluster the import touched, else enterprise-wide.
      const only = touched.size === 1 ? [...touched.keys()][0] ?? null : null;
      const records: JournalRecord[] = [{ action: 'import', collection: '*', key: '*', cluster: only, after: { name: enterprise.name, counts, ...sum, settings: settingsChanged } }];
      if (forced !== undefined) records.push(forceRecord('import', forced));
      return recordJournal(trx, options.actor ?? defaultActor(), records, options.batch ?? null);
    }).catch((e: unknown) => {
      if (e === NO_CHANGE || e === DRY_RUN) return [];
      throw e;
    });
    // What was validated is what the store now holds: the next edit starts from it.
    if (journalIds.length > 0) this.validation = { revision, validator, keys: new KeyLocator(validator.enterprise) };
    return { ok: true, diagnostics: [], journalIds, changes, validation, ...(forced === undefined ? {} : { forced }) };
  }

  /** The stored enterprise, or undefined when nothing was imported. Serialise it with `serializeEnterprise`. */
  async exportEnterprise(db: Db = this.db): Promise<Enterprise | undefined> {
    const settings = await db.selectFrom('acm_setting').selectAll().execute();
    if (!settings.some((s) => s.name === 'name')) return undefined;
    const doc: Record<string, unknown> = {};
    for (const s of settings) doc[s.name] = JSON.parse(s.data) as unknown;
    for (const c of COLLECTIONS) doc[c] = [];
    const rows = await db.selectFrom('acm_entity').select(['collection', 'data']).orderBy('collection').orderBy('seq').execute();
    for (const r of rows) (doc[r.collection] as unknown[] | undefined)?.push(JSON.parse(r.data));
    return normalizeEnterprise(doc as unknown as Enterprise);
  }

  /**
   * Applies changes as one unit: refuses (writing nothing) when the changes introduce validation
   * errors, else writes them and their journal entries in one transaction. The store keeps the model
   * and its findings between writes (a {@link Validator}, valid while nobody else wrote), so an edit
   * re-checks only what it touches; the decision is the one a full validation before and after gives.
   */
  async batch(changes: readonly Change[], options: ChangeOptions = {}): Promise<ChangeResult> {
    const actor = options.actor ?? defaultActor();
    const batchId = options.batch ?? (changes.length > 1 ? `b-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}` : null);
    let refused: Diagnostic[] = [];
    let forced: Diagnostic[] | undefined;
    let settled: KeptModel | undefined;
    const cached = this.validation;
    this.validation = undefined;
    const journalIds = await this.write(async (trx): Promise<number[]> => {
      const revision = Number((await trx.selectFrom('acm_revision').select('revision').where('id', '=', 1).executeTakeFirst())?.revision ?? -1);
      const kept = cached !== undefined && cached.revision === revision - 1 ? cached : undefined;
      let validator = kept?.validator;
      const before = validator?.enterprise ?? (await this.exportEnterprise(trx));
      if (before === undefined) {
        refused = [diag('store.empty', [], {})];
        // A refused write changes nothing, not even the revision: the transaction rolls back.
        throw DRY_RUN;
      }
      const keys = kept?.keys ?? new KeyLocator(before);
      // A dry run or a refusal rolls its revision bump back: what it keeps is valid at the revision before.
      const keep = (v: Validator | undefined, rolledBack: boolean): void => {
        settled = v === undefined ? undefined : { revision: rolledBack ? revision - 1 : revision, validator: v, keys };
      };
      const result = applyChanges(before, changes, kept === undefined ? undefined : keys.locate);
      if (result.diagnostics.length > 0) {
        refused = result.diagnostics;
        keep(validator, true);
        throw DRY_RUN;
      }
      validator ??= new Validator(before);
      // The validator holds what the database will hold: JSON (no undefined members).
      const edits = result.edits.map((e) => (e.op === 'set' ? { ...e, value: JSON.parse(JSON.stringify(e.value)) as unknown } : e));
      const delta = validator.applyEdit(edits);
      const introduced = introducedErrorsOfDelta(delta, before, validator.enterprise, validator.diagnostics);
      if (introduced.length > 0 && options.force === true) forced = introduced;
      if ((introduced.length > 0 && options.force !== true) || options.dryRun === true) {
        if (options.force !== true) refused = introduced;
        const undo = inverseEdits(before, edits);
        if (undo !== undefined) validator.applyEdit(undo);
        keep(undo === undefined ? undefined : validator, true);
        throw DRY_RUN;
      }
      keys.applied(edits, validator.enterprise);
      keep(validator, false);
      let seq = Number((await trx.selectFrom('acm_entity').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst())?.m ?? 0);
      for (const op of result.ops) {
        const where = { collection: op.collection, key: op.removeKey };
        if (op.put !== undefined && op.put.key === op.removeKey) {
          await trx.updateTable('acm_entity').set({ data: JSON.stringify(op.put.value), cluster: entityCluster(op.collection, op.put.value) }).where('collection', '=', op.collection).where('ekey', '=', op.put.key).execute();
          continue;
        }
        // A key change keeps the entity's place in its collection.
        let keep: number | undefined;
        if (where.key !== undefined) {
          const old = await trx.selectFrom('acm_entity').select('seq').where('collection', '=', op.collection).where('ekey', '=', where.key).executeTakeFirst();
          keep = old === undefined ? undefined : Number(old.seq);
          await trx.deleteFrom('acm_entity').where('collection', '=', op.collection).where('ekey', '=', where.key).execute();
        }
        if (op.put !== undefined) {
          await trx.insertInto('acm_entity').values({ collection: op.collection, ekey: op.put.key, cluster: entityCluster(op.collection, op.put.value), seq: keep ?? ++seq, data: JSON.stringify(op.put.value) }).execute();
        }
      }
      return recordJournal(trx, actor, forced === undefined ? result.records : [...result.records, forceRecord('edit', forced, singleCluster(result.records))], batchId);
    }).catch((e: unknown) => {
      if (e === DRY_RUN) return [];
      throw e;
    });
    this.validation = settled;
    if (refused.length > 0) return { ok: false, diagnostics: refused, journalIds: [] };
    return { ok: true, diagnostics: [], journalIds, ...(forced === undefined ? {} : { forced }) };
  }

  /**
   * The stored model and its findings, validated once per store revision: kept, so the next call
   * and the next edit of this process start from it. Undefined when nothing was imported.
   */
  async checked(): Promise<{ readonly enterprise: Enterprise; readonly diagnostics: readonly Diagnostic[] } | undefined> {
    const read = await this.db.transaction().execute(async (trx) => {
      const revision = Number((await trx.selectFrom('acm_revision').select('revision').where('id', '=', 1).executeTakeFirst())?.revision ?? -1);
      if (this.validation?.revision === revision) return { revision, enterprise: undefined };
      return { revision, enterprise: await this.exportEnterprise(trx) };
    });
    const kept = this.validation;
    if (read.enterprise === undefined) {
      if (kept === undefined || kept.revision !== read.revision) return undefined;
      return { enterprise: kept.validator.enterprise, diagnostics: kept.validator.diagnostics };
    }
    const validator = new Validator(read.enterprise);
    this.validation = { revision: read.revision, validator, keys: new KeyLocator(validator.enterprise) };
    return { enterprise: validator.enterprise, diagnostics: validator.diagnostics };
  }

  /** Journal entries (secrets masked), oldest first. */
  journal(query: JournalQuery = {}): Promise<JournalEntry[]> {
    return listJournal(this.db, query);
  }

  /** Changes waiting per cluster (all clusters of the stored enterprise, or the one named). */
  async changesWaiting(cluster?: string): Promise<ChangesWaiting[]> {
    const clusters = cluster !== undefined ? [cluster] : (await this.db.selectFrom('acm_entity').select('ekey').where('collection', '=', 'clusters').orderBy('seq').execute()).map((r) => r.ekey);
    return changesWaiting(this.db, clusters);
  }

  /** Runs `fn` in a transaction that first bumps the store revision, so concurrent writers serialise. */
  async write<R>(fn: (trx: Transaction<StoreDatabase>) => Promise<R>): Promise<R> {
    return this.db.transaction().execute(async (trx) => {
      await trx.updateTable('acm_revision').set((eb) => ({ revision: eb('revision', '+', 1) })).where('id', '=', 1).execute();
      return fn(trx);
    });
  }
}

/** One row-level write a change turns into. @internal */
export interface StoreOp {
  collection: CollectionName;
  removeKey?: string;
  put?: { key: string; value: Record<string, unknown> };
}

/** Where an entity with a key is in a collection (its first occurrence), if the caller knows. @internal */
export type LocateEntity = (collection: CollectionName, key: string) => number | undefined;

/** A collection being changed: its items, and where each key is (first occurrence) once that is needed. */
class KeyedRows {
  readonly values: Record<string, unknown>[];
  private positions: Map<string, number[]> | undefined;
  private touched = false;

  constructor(private readonly c: CollectionName, before: readonly unknown[], private readonly locate: LocateEntity | undefined) {
    this.values = [...before] as Record<string, unknown>[];
  }

  keyAt(i: number): string {
    return entityKey(this.c, this.values[i]) ?? '';
  }

  /** Index of the first item with `key`, or -1. */
  find(key: string): number {
    if (this.positions === undefined && !this.touched && this.locate !== undefined && key !== '') {
      const hint = this.locate(this.c, key);
      if (hint === undefined) return -1;
      if (this.keyAt(hint) === key) return hint;
    }
    return this.index().get(key)?.[0] ?? -1;
  }

  private index(): Map<string, number[]> {
    if (this.positions === undefined) {
      const m = new Map<string, number[]>();
      for (let i = 0; i < this.values.length; i++) {
        const k = this.keyAt(i);
        const l = m.get(k);
        if (l === undefined) m.set(k, [i]);
        else l.push(i);
      }
      this.positions = m;
    }
    return this.positions;
  }

  set(at: number, value: Record<string, unknown>, oldKey: string, newKey: string): void {
    this.touched = true;
    this.values[at] = value;
    if (this.positions === undefined || oldKey === newKey) return;
    const old = this.positions.get(oldKey);
    if (old !== undefined) {
      old.splice(old.indexOf(at), 1);
      if (old.length === 0) this.positions.delete(oldKey);
    }
    const list = this.positions.get(newKey);
    if (list === undefined) this.positions.set(newKey, [at]);
    else {
      let lo = 0;
      while (lo < list.length && list[lo]! < at) lo++;
      list.splice(lo, 0, at);
    }
  }

  push(value: Record<string, unknown>, key: string): void {
    this.touched = true;
    this.values.push(value);
    if (this.positions === undefined) return;
    const list = this.positions.get(key);
    if (list === undefined) this.positions.set(key, [this.values.length - 1]);
    else list.push(this.values.length - 1);
  }

  remove(at: number): void {
    this.touched = true;
    this.values.splice(at, 1);
    this.positions = undefined;
  }
}

/**
 * Applies changes to an in-memory model (no validation, no I/O): the model after, the row writes,
 * the journal records, the same edits as {@link ModelEdit}s, and refusals such as unknown keys.
 * `locate` may tell where keys are in `before` (the store knows), sparing a scan of big collections. @internal
 */
export function applyChanges(before: Enterprise, changes: readonly Change[], locate?: LocateEntity): { after: Enterprise; ops: readonly StoreOp[]; records: JournalRecord[]; diagnostics: Diagnostic[]; edits: ModelEdit[] } {
  const lists = new Map<CollectionName, KeyedRows>();
  const rows = (c: CollectionName): KeyedRows => {
    let l = lists.get(c);
    if (l === undefined) lists.set(c, (l = new KeyedRows(c, before[c] as readonly unknown[], locate)));
    return l;
  };
  const ops: StoreOp[] = [];
  const edits: ModelEdit[] = [];
  const records: JournalRecord[] = [];
  const diagnostics: Diagnostic[] = [];
  changes.forEach((change, i) => {
    const c = change.collection;
    if (!isCollection(c)) {
      diagnostics.push(diag('store.unknown-collection', ['changes', i], { collection: c }));
      return;
    }
    const list = rows(c);
    if (change.action === 'create') {
      const key = entityKey(c, change.value);
      if (key === undefined) diagnostics.push(diag('store.missing-key', ['changes', i], { collection: c, fields: keyFields(c).join(' and ') }));
      else if (list.find(key) >= 0) diagnostics.push(diag('store.exists', ['changes', i], { collection: c, key }));
      else {
        const value = change.value as Record<string, unknown>;
        edits.push({ op: 'set', collection: c, index: list.values.length, value });
        list.push(value, key);
        ops.push({ collection: c, put: { key, value } });
        records.push({ action: 'create', collection: c, key, cluster: entityCluster(c, value), after: value });
      }
      return;
    }
    const at = list.find(change.key);
    const row = at < 0 ? undefined : { key: list.keyAt(at), value: list.values[at]! };
    if (row === undefined) {
      diagnostics.push(diag('store.not-found', ['changes', i], { collection: c, key: change.key }));
      return;
    }
    if (change.action === 'delete') {
      list.remove(at);
      edits.push({ op: 'remove', collection: c, index: at });
      ops.push({ collection: c, removeKey: row.key });
      records.push({ action: 'delete', collection: c, key: row.key, cluster: entityCluster(c, row.value), before: row.value });
      return;
    }
    const value: Record<string, unknown> = { ...row.value };
    for (const [k, v] of Object.entries(change.patch)) {
      if (v === null || v === undefined) delete value[k];
      else value[k] = v;
    }
    const key = entityKey(c, value);
    if (key === undefined) {
      diagnostics.push(diag('store.missing-key', ['changes', i], { collection: c, fields: keyFields(c).join(' and ') }));
      return;
    }
    if (key !== row.key && list.find(key) >= 0) {
      diagnostics.push(diag('store.exists', ['changes', i], { collection: c, key }));
      return;
    }
    list.set(at, value, row.key, key);
    edits.push({ op: 'set', collection: c, index: at, value });
    ops.push({ collection: c, removeKey: row.key, put: { key, value } });
    const bc = entityCluster(c, row.value);
    const ac = entityCluster(c, value);
    records.push({ action: 'update', collection: c, key, cluster: bc === ac ? ac : null, before: row.value, after: value });
  });
  const after: Record<string, unknown> = { ...before };
  for (const [c, l] of lists) after[c] = l.values;
  return { after: after as unknown as Enterprise, ops, records, diagnostics, edits };
}
