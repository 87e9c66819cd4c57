import {
  entityKey, generateSecret, keyFields, maskSecrets, naturalCompare, strongPin,
  type Account, type Acl, type BusinessHoursRule, type Campaign, type ChangeResult, type CollectionName, type Conference, type Diagnostic,
  type Extension, type FaxUser, type Group, type HotDesk, type Queue, type Store, type Trunk,
} from '@acm/core';
import { AcmError } from './errors.js';
import { decide, scopeOf, type Principal } from './permissions.js';

/** Options of a write: check only (`dryRun`), or pass the validation gate despite errors (`force`, journaled). */
export interface WriteOptions {
  /** Validate exactly as the write would, then write nothing. */
  readonly dryRun?: boolean;
  /** Write even when the change introduces validation errors; recorded in the journal with the actor. */
  readonly force?: boolean;
}

/** The outcome of an accepted write. Refusals throw an {@link AcmError} of kind `refused` with the findings. */
export interface WriteResult {
  /** The store key of the entity written. */
  readonly key: string;
  /** True when nothing was written (a dry run that would be accepted). */
  readonly dryRun: boolean;
  /** Journal entries written. */
  readonly journalIds: readonly number[];
  /** The errors a `force` passed. */
  readonly forced: readonly Diagnostic[];
}

/** What {@link Collection.list} returns: one page of entities, and how many matched in all. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly offset: number;
  readonly limit: number | null;
}

/** How {@link Collection.list} filters, sorts and pages. */
export interface ListQuery {
  /** Only entities of this cluster. */
  readonly cluster?: string;
  /** Only entities of this group. */
  readonly group?: string;
  /** Only entities whose top-level members equal these values. */
  readonly where?: Readonly<Record<string, string | number | boolean>>;
  /** Case-insensitive text that the key, id, number or name must contain. */
  readonly search?: string;
  /** A member to sort by (natural order: 5200 before 10000), `-member` descending; default store order. */
  readonly sort?: string;
  readonly offset?: number;
  /** At most this many (default all). */
  readonly limit?: number;
  /** Include secrets (SIP secrets, PINs); administrators only. Default masked. */
  readonly withSecrets?: boolean;
}

/** The entity type of each collection a workspace exposes. */
export interface CollectionTypes {
  extensions: Extension;
  groups: Group;
  trunks: Trunk;
  acls: Acl;
  businessHours: BusinessHoursRule;
  queues: Queue;
  hotDesks: HotDesk;
  conferences: Conference;
  faxUsers: FaxUser;
  campaigns: Campaign;
  accounts: Account;
}

/** Runs a store write, translating a refusal into an {@link AcmError}. @internal */
export function accepted(result: ChangeResult, what: string, key: string, dryRun: boolean): WriteResult {
  if (!result.ok) throw new AcmError('refused', `${what}: refused with ${result.diagnostics.length} finding(s): ${result.diagnostics[0]?.message ?? ''}`, result.diagnostics);
  return { key, dryRun, journalIds: result.journalIds, forced: result.forced ?? [] };
}

function textOf(value: unknown): string {
  if (typeof value !== 'object' || value === null) return '';
  const v = value as Record<string, unknown>;
  return ['id', 'number', 'name', 'username', 'description'].map((k) => (typeof v[k] === 'string' ? v[k] : '')).join('\u0000').toLowerCase();
}

/** What a copy must not take over from its source: credentials are generated anew. */
function withFreshSecrets(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...value };
  if (typeof out.secret === 'string' || (typeof out.secret === 'object' && out.secret !== null)) out.secret = generateSecret(24);
  const vm = out.voicemail;
  if (typeof vm === 'object' && vm !== null && 'pin' in vm) out.voicemail = { ...(vm as Record<string, unknown>), pin: strongPin(String((vm as Record<string, unknown>).box ?? '')) };
  delete out.passwordHash;
  return out;
}

/**
 * The entities of one collection of the workspace's store, with permissions and the validation
 * gate: `get`, `list` (filter, sort, page), `create`, `update`, `copy`, `delete`, each write with
 * `dryRun` and `force`. Secrets are masked on the way out unless asked for by an administrator;
 * account password hashes never leave.
 */
export class Collection<T> {
  /** @internal */
  constructor(
    /** The collection's name in the model. */
    readonly name: CollectionName,
    private readonly store: () => Promise<Store>,
    private readonly principal: () => Promise<Principal>,
    private readonly actor: () => Promise<string>,
    private readonly allowForce: (what: string) => Promise<void>,
  ) {}

  async #check(action: 'read' | 'edit' | 'accounts', entity: unknown, what: string): Promise<void> {
    const d = decide(await this.principal(), this.name === 'accounts' ? 'accounts' : action, scopeOf(this.name, entity));
    if (!d.allowed) throw new AcmError('forbidden', `${what}: ${d.reason}`);
  }

  #out(value: T, withSecrets: boolean): T {
    if (this.name === 'accounts') {
      const { passwordHash: _h, ...rest } = value as unknown as Account;
      return rest as unknown as T;
    }
    return withSecrets ? value : maskSecrets(value);
  }

  async #secretsAllowed(withSecrets: boolean | undefined): Promise<boolean> {
    if (withSecrets !== true) return false;
    if ((await this.principal()).role !== 'administrator') throw new AcmError('forbidden', `${this.name}: only an administrator reads secrets`);
    return true;
  }

  /** The entity with this store key (`tpa1/5200` for an extension, the id otherwise); `not-found` when there is none. */
  async get(key: string, options: { readonly withSecrets?: boolean } = {}): Promise<T> {
    const secrets = await this.#secretsAllowed(options.withSecrets);
    const value = await (await this.store()).collection<T>(this.name).get(key);
    if (value === undefined) throw new AcmError('not-found', `${this.name}: no entity ${JSON.stringify(key)}`);
    await this.#check('read', value, `${this.name} ${key}`);
    return this.#out(value, secrets);
  }

  /** A page of the entities the principal may see, filtered and sorted. */
  async list(query: ListQuery = {}): Promise<Page<T>> {
    const secrets = await this.#secretsAllowed(query.withSecrets);
    if (this.name === 'accounts') await this.#check('accounts', undefined, 'accounts');
    const all = await (await this.store()).collection<T>(this.name).list(query.cluster === undefined ? {} : { cluster: query.cluster });
    const search = query.search?.toLowerCase();
    const where = Object.entries(query.where ?? {});
    const principal = await this.principal();
    let items = all.filter((x) => {
      const r = x as unknown as Record<string, unknown>;
      if (query.group !== undefined && r.group !== query.group) return false;
      if (where.some(([k, v]) => r[k] !== v)) return false;
      if (search !== undefined && search !== '' && !`${entityKey(this.name, x) ?? ''}\u0000${textOf(x)}`.toLowerCase().includes(search)) return false;
      return decide(principal, 'read', scopeOf(this.name, x)).allowed;
    });
    if (query.sort !== undefined && query.sort !== '') {
      const desc = query.sort.startsWith('-');
      const member = desc ? query.sort.slice(1) : query.sort;
      const val = (x: T): string => {
        const v = (x as unknown as Record<string, unknown>)[member];
        return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
      };
      items = [...items].sort((a, b) => (desc ? -1 : 1) * naturalCompare(val(a), val(b)));
    }
    const offset = Math.max(0, query.offset ?? 0);
    const limit = query.limit === undefined ? null : Math.max(0, query.limit);
    const page = items.slice(offset, limit === null ? undefined : offset + limit);
    return { items: page.map((x) => this.#out(x, secrets)), total: items.length, offset, limit };
  }

  /** Adds an entity (refused when its key exists or it introduces validation errors). */
  async create(value: T, options: WriteOptions = {}): Promise<WriteResult> {
    const key = entityKey(this.name, value);
    if (key === undefined) throw new AcmError('usage', `${this.name}: the new entity needs ${keyFields(this.name).join(' and ')}`);
    await this.#check('edit', value, `${this.name} ${key}`);
    if (options.force === true) await this.allowForce(`${this.name} ${key}`);
    const store = await this.store();
    return accepted(await store.collection<T>(this.name).create(value, await this.#change(options)), `create ${this.name} ${key}`, key, options.dryRun === true);
  }

  /** Merges `patch` into the entity `key` (a member set to `null` is removed). */
  async update(key: string, patch: Readonly<Record<string, unknown>>, options: WriteOptions = {}): Promise<WriteResult> {
    const store = await this.store();
    const before = await store.collection<T>(this.name).get(key);
    if (before === undefined) throw new AcmError('not-found', `${this.name}: no entity ${JSON.stringify(key)}`);
    await this.#check('edit', before, `${this.name} ${key}`);
    const merged = { ...(before as unknown as Record<string, unknown>), ...patch };
    await this.#check('edit', merged, `${this.name} ${key}`);
    if (options.force === true) await this.allowForce(`${this.name} ${key}`);
    const newKey = entityKey(this.name, Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== null))) ?? key;
    return accepted(await store.collection<T>(this.name).update(key, patch, await this.#change(options)), `update ${this.name} ${key}`, newKey, options.dryRun === true);
  }

  /**
   * A new entity from an existing one (the guide's "copy from extension numbers"): `changes` must
   * give the new key (e.g. `{ number: '6120' }`); SIP secrets and voicemail PINs are generated anew.
   */
  async copy(key: string, changes: Readonly<Record<string, unknown>>, options: WriteOptions = {}): Promise<WriteResult> {
    const store = await this.store();
    const source = await store.collection<T>(this.name).get(key);
    if (source === undefined) throw new AcmError('not-found', `${this.name}: no entity ${JSON.stringify(key)}`);
    await this.#check('read', source, `${this.name} ${key}`);
    const copy: Record<string, unknown> = { ...withFreshSecrets(source as unknown as Record<string, unknown>), ...changes };
    // A mailbox named after the number follows the copy's number.
    const src = source as unknown as Record<string, unknown>;
    const vm = copy.voicemail as Record<string, unknown> | undefined;
    if (typeof changes.number === 'string' && changes.voicemail === undefined && typeof vm === 'object' && vm !== null && vm.box === src.number) copy.voicemail = { ...vm, box: changes.number };
    const newKey = entityKey(this.name, copy);
    if (newKey === key) throw new AcmError('usage', `copy of ${this.name} ${key}: give the copy its own ${keyFields(this.name).join(' and ')}`);
    return this.create(copy as unknown as T, options);
  }

  /** Deletes the entity `key` (refused when that leaves validation errors behind, such as a dangling reference). */
  async delete(key: string, options: WriteOptions = {}): Promise<WriteResult> {
    const store = await this.store();
    const before = await store.collection<T>(this.name).get(key);
    if (before === undefined) throw new AcmError('not-found', `${this.name}: no entity ${JSON.stringify(key)}`);
    await this.#check('edit', before, `${this.name} ${key}`);
    if (options.force === true) await this.allowForce(`${this.name} ${key}`);
    return accepted(await store.collection<T>(this.name).delete(key, await this.#change(options)), `delete ${this.name} ${key}`, key, options.dryRun === true);
  }

  async #change(options: WriteOptions): Promise<{ actor: string; dryRun?: boolean; force?: boolean }> {
    return { actor: await this.actor(), ...(options.dryRun === true ? { dryRun: true } : {}), ...(options.force === true ? { force: true } : {}) };
  }
}
