import { sql, type Kysely, type Transaction } from 'kysely';
import type { Enterprise } from '../model/enterprise.js';
import type { StoreDialect } from './migrations.js';
import type { StatusDatabase, StatusRowBase } from './status-schema.js';
import type { StatusBatch, StatusQuery, StatusStore } from './status-store.js';
import type { AgentState, AgentTime, ChannelStatus, ContactStatus, ExtensionStatus, MailboxStatus, QueueMemberStatus, StatusSnapshot, TrunkStatus } from './status-types.js';
import type { StoreDatabase } from './store-schema.js';

/** Options of {@link SqlStatusStore}. */
export interface SqlStatusStoreOptions {
  /** Cluster of a server, written beside every row (see {@link serverClusters}); rows get null when undefined. */
  readonly clusterOf?: (server: string) => string | undefined;
  /** Clock for the agent-time rows' `updated_at` (default Date.now). */
  readonly now?: () => number;
  /** Rows per INSERT statement (default 200). */
  readonly chunk?: number;
  /** Feed rows kept for readers in other processes (default 10,000; older ones are pruned). */
  readonly feedKeep?: number;
}

/** Filter of {@link SqlStatusStore.snapshot}: servers and/or clusters. */
export interface SqlStatusQuery extends StatusQuery {
  /** Only rows of servers of these clusters. */
  readonly clusters?: readonly string[];
}

/** What {@link SqlStatusStore.onBatch} listeners get: the batch, after its transaction committed. */
export type StatusBatchListener = (batch: StatusBatch) => void;

/** One entry of the store's status feed ({@link SqlStatusStore.feed}): a committed batch and its increasing id. */
export interface StatusFeedEntry {
  readonly id: number;
  /** Commit time, Unix ms. */
  readonly at: number;
  readonly cluster: string | null;
  readonly batch: StatusBatch;
}

/** Server id to cluster id for every server of the model: the `clusterOf` of {@link SqlStatusStore}. */
export function serverClusters(enterprise: Enterprise): (server: string) => string | undefined {
  const map = new Map<string, string>();
  for (const c of enterprise.clusters) for (const s of c.servers) map.set(s.id, c.id);
  return (server) => map.get(server);
}

type Db = Kysely<StatusDatabase>;
type Trx = Transaction<StatusDatabase>;
type TableName = Exclude<keyof StatusDatabase, 'acm_status_feed'>;

/** The key columns of each status table, after `server`. */
const KEYS: { readonly [T in TableName]: readonly (keyof StatusDatabase[T] & string)[] } = {
  acm_status_extension: ['extension'],
  acm_status_trunk: ['trunk'],
  acm_status_channel: ['uniqueid'],
  acm_status_queue_member: ['queue', 'interface'],
  acm_status_mailbox: ['mailbox'],
  acm_status_agent_time: ['agent', 'day'],
};
const TABLES = Object.keys(KEYS) as TableName[];
/** MySQL errors worth retrying the whole transaction for: deadlock, lock wait timeout. */
const RETRY_ERRNO = new Set([1213, 1205]);
const MAX_ATTEMPTS = 5;

const num = (v: unknown): number => Number(v);
const opt = <K extends string, V>(key: K, v: V | null | undefined): { [P in K]?: V } => (v === null || v === undefined ? {} : ({ [key]: v } as { [P in K]?: V }));

/**
 * The SQL {@link StatusStore}: the status tables of the ACM store (SQLite or MySQL/MariaDB).
 * Each batch is one transaction of multi-row upserts and keyed deletes; a `replace` batch first
 * deletes every row of its server, so a resync after a reconnect never leaves stale rows or
 * counts anything twice. Batches of one server are written in call order; batches of different
 * servers run concurrently (MySQL deadlocks are retried). Listeners of {@link onBatch} hear each
 * batch once it is committed: the change feed of live views in the same process.
 *
 * @example
 * ```ts
 * const store = await Store.open('sqlite:./acm.db');
 * const status = new SqlStatusStore(store, { clusterOf: serverClusters(enterprise) });
 * await pollEnterpriseOnce(enterprise, status); // from @acm/ami
 * const { extensions } = await status.snapshot({ clusters: ['tpa1'] });
 * ```
 */
export class SqlStatusStore implements StatusStore {
  readonly #db: Db;
  readonly #dialect: StoreDialect;
  readonly #clusterOf: (server: string) => string | undefined;
  readonly #now: () => number;
  readonly #chunk: number;
  readonly #feedKeep: number;
  readonly #queues = new Map<string, Promise<void>>();
  readonly #listeners = new Set<StatusBatchListener>();
  /** Batches committed (for tests and metrics). */
  batches = 0;

  /** Uses the tables of an open store (see `Store.open`; migration `0002-status` creates them). */
  constructor(store: { readonly db: Kysely<StoreDatabase>; readonly dialect: StoreDialect }, options: SqlStatusStoreOptions = {}) {
    // The status tables are created by migration 0002 of the same store; Kysely needs only their types.
    this.#db = store.db as unknown as Db;
    this.#dialect = store.dialect;
    this.#clusterOf = options.clusterOf ?? (() => undefined);
    this.#now = options.now ?? Date.now;
    this.#chunk = Math.max(1, options.chunk ?? 200);
    this.#feedKeep = Math.max(1, options.feedKeep ?? 10_000);
  }

  /**
   * The feed of committed batches after `afterId` (oldest first, at most `limit`): how a reader in
   * another process follows a poller. Start from {@link feedHead} to get only what comes next.
   */
  async feed(afterId: number, options: { readonly limit?: number; readonly clusters?: readonly string[] } = {}): Promise<StatusFeedEntry[]> {
    let q = this.#db.selectFrom('acm_status_feed').selectAll().where('id', '>', afterId);
    if (options.clusters !== undefined) q = options.clusters.length === 0 ? q.where(sql<boolean>`1 = 0`) : q.where('cluster', 'in', [...options.clusters]);
    const rows = await q.orderBy('id').limit(options.limit ?? 1000).execute();
    return rows.map((r) => ({ id: Number(r.id), at: Number(r.at), cluster: r.cluster, batch: JSON.parse(r.batch) as StatusBatch }));
  }

  /** The id of the newest feed entry (0 when there is none). */
  async feedHead(): Promise<number> {
    const row = await this.#db.selectFrom('acm_status_feed').select((eb) => eb.fn.max('id').as('head')).executeTakeFirst();
    return row?.head === null || row?.head === undefined ? 0 : Number(row.head);
  }

  /** Subscribes to committed batches; returns the unsubscribe function. */
  onBatch(listener: StatusBatchListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Applies one batch in one transaction (after the earlier batches of the same server). */
  applyBatch(batch: StatusBatch): Promise<void> {
    const previous = this.#queues.get(batch.server) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.#applyWithRetry(batch));
    const tail = run.catch(() => undefined);
    this.#queues.set(batch.server, tail);
    void tail.then(() => {
      if (this.#queues.get(batch.server) === tail) this.#queues.delete(batch.server);
    });
    return run.then(() => {
      this.batches++;
      for (const l of this.#listeners) {
        try {
          l(batch);
        } catch {
          // A live view's failure must not fail the poller's write, which is already committed.
        }
      }
    });
  }

  async #applyWithRetry(batch: StatusBatch): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const tx = this.#dialect === 'mysql' ? this.#db.transaction().setIsolationLevel('read committed') : this.#db.transaction();
        await tx.execute((trx) => this.#write(trx, batch));
        return;
      } catch (e) {
        const errno = (e as { errno?: unknown }).errno;
        if (attempt >= MAX_ATTEMPTS || typeof errno !== 'number' || !RETRY_ERRNO.has(errno)) throw e;
        await new Promise((r) => setTimeout(r, 5 * attempt));
      }
    }
  }

  async #write(trx: Trx, b: StatusBatch): Promise<void> {
    const server = b.server;
    const base: StatusRowBase = { server, cluster: this.#clusterOf(server) ?? null, updated_at: 0 };
    if (b.replace) for (const t of TABLES) await trx.deleteFrom(t).where('server', '=', server).execute();
    await this.#upsert(trx, 'acm_status_extension', b.extensions.map((x) => extensionRow(base, x)));
    await this.#upsert(trx, 'acm_status_trunk', b.trunks.map((x) => trunkRow(base, x)));
    await this.#upsert(trx, 'acm_status_channel', b.channels.map((x) => channelRow(base, x)));
    await this.#upsert(trx, 'acm_status_queue_member', b.queueMembers.map((x) => memberRow(base, x)));
    await this.#upsert(trx, 'acm_status_mailbox', b.mailboxes.map((x) => mailboxRow(base, x)));
    const now = this.#now();
    await this.#upsert(trx, 'acm_status_agent_time', b.agentTimes.map((x) => agentTimeRow({ ...base, updated_at: now }, x)));
    // Deletions after upserts, as MemoryStatusStore applies them.
    await this.#delete(trx, 'acm_status_extension', server, b.deleted.extensions.map((k) => [k]));
    await this.#delete(trx, 'acm_status_trunk', server, b.deleted.trunks.map((k) => [k]));
    await this.#delete(trx, 'acm_status_channel', server, b.deleted.channels.map((k) => [k]));
    await this.#delete(trx, 'acm_status_queue_member', server, b.deleted.queueMembers.map(splitMemberKey));
    await this.#delete(trx, 'acm_status_mailbox', server, b.deleted.mailboxes.map((k) => [k]));
    const fed = await trx.insertInto('acm_status_feed').values({ at: this.#now(), server, cluster: base.cluster, batch: JSON.stringify(b) }).executeTakeFirst();
    const id = Number(fed.insertId);
    // Pruned now and then, not on every batch: one range delete per 256 batches.
    if (id % 256 === 0 && id > this.#feedKeep) await trx.deleteFrom('acm_status_feed').where('id', '<=', id - this.#feedKeep).execute();
  }

  async #upsert<T extends TableName>(trx: Trx, table: T, rows: readonly StatusDatabase[T][]): Promise<void> {
    if (rows.length === 0) return;
    const keys = KEYS[table] as readonly string[];
    // Last row of a key wins, as in a Map; one statement must not name a key twice.
    const unique = new Map<string, StatusDatabase[T]>();
    for (const r of rows) unique.set(keys.map((k) => String((r as unknown as Record<string, unknown>)[k])).join('\u0000'), r);
    const all = [...unique.values()];
    const columns = Object.keys(all[0]!).filter((c) => c !== 'server' && !keys.includes(c));
    // Kysely cannot type a statement over a union of tables; the rows are typed by the table above.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const t = trx as unknown as Kysely<any>;
    for (let i = 0; i < all.length; i += this.#chunk) {
      const values = all.slice(i, i + this.#chunk);
      const insert = t.insertInto(table as string).values(values);
      if (this.#dialect === 'mysql') {
        await insert.onDuplicateKeyUpdate(Object.fromEntries(columns.map((c) => [c, sql`values(${sql.ref(c)})`]))).execute();
      } else {
        await insert.onConflict((oc) => oc.columns(['server', ...keys]).doUpdateSet(Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)])))).execute();
      }
    }
  }

  async #delete(trx: Trx, table: TableName, server: string, keys: readonly (readonly string[])[]): Promise<void> {
    if (keys.length === 0) return;
    const cols = KEYS[table] as readonly string[];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const t = trx as unknown as Kysely<any>;
    for (let i = 0; i < keys.length; i += this.#chunk) {
      const part = keys.slice(i, i + this.#chunk);
      let q = t.deleteFrom(table).where('server', '=', server);
      if (cols.length === 1) q = q.where(cols[0]!, 'in', part.map((k) => k[0]!));
      else q = q.where((eb) => eb.or(part.map((k) => eb.and(cols.map((c, j) => eb(c, '=', k[j] ?? ''))))));
      await q.execute();
    }
  }

  /** Reads the current rows (ordered by server and key), optionally only of some servers or clusters. */
  async snapshot(query: SqlStatusQuery = {}): Promise<StatusSnapshot> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const select = <T extends TableName>(table: T): Promise<any[]> => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      let q = (this.#db as unknown as Kysely<any>).selectFrom(table).selectAll();
      if (query.servers !== undefined) q = query.servers.length === 0 ? q.where(sql<boolean>`1 = 0`) : q.where('server', 'in', [...query.servers]);
      if (query.clusters !== undefined) q = query.clusters.length === 0 ? q.where(sql<boolean>`1 = 0`) : q.where('cluster', 'in', [...query.clusters]);
      q = q.orderBy('server');
      for (const k of KEYS[table]) q = q.orderBy(k);
      return q.execute();
    };
    const [extensions, trunks, channels, members, mailboxes, agentTimes] = await Promise.all([
      select('acm_status_extension'), select('acm_status_trunk'), select('acm_status_channel'),
      select('acm_status_queue_member'), select('acm_status_mailbox'), select('acm_status_agent_time'),
    ]);
    return {
      extensions: extensions.map(extensionOf),
      trunks: trunks.map(trunkOf),
      channels: channels.map(channelOf),
      queueMembers: members.map(memberOf),
      mailboxes: mailboxes.map(mailboxOf),
      agentTimes: agentTimes.map(agentTimeOf),
    };
  }

  /** Deletes every status row (of one server, when given), e.g. when a server leaves the model. */
  async clear(server?: string): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      for (const t of TABLES) {
        if (server === undefined) await trx.deleteFrom(t).execute();
        else await trx.deleteFrom(t).where('server', '=', server).execute();
      }
    });
  }
}

function splitMemberKey(key: string): [string, string] {
  const at = key.indexOf('\u0000');
  return at < 0 ? [key, ''] : [key.slice(0, at), key.slice(at + 1)];
}

function extensionRow(base: StatusRowBase, x: ExtensionStatus): StatusDatabase['acm_status_extension'] {
  return {
    ...base, extension: x.extension, updated_at: x.updatedAt,
    contacts: JSON.stringify(x.contacts.map((c) => ({ uri: c.uri, status: c.status, roundtripUsec: c.roundtripUsec }))),
    registered: x.registered ? 1 : 0, device_state: x.deviceState, agent_state: x.agentState ?? null, pause_reason: x.pauseReason ?? null,
    queues: JSON.stringify(x.queues), calls_taken: x.callsTaken, last_call_at: x.lastCallAt ?? null, active_channels: x.activeChannels,
  };
}

// Row readers take `any` rows: drivers differ in what they return for integers (number, bigint as string).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyRow = any;

function extensionOf(r: AnyRow): ExtensionStatus {
  return {
    server: r.server, extension: r.extension, contacts: JSON.parse(r.contacts) as ContactStatus[], registered: num(r.registered) !== 0,
    deviceState: r.device_state, ...opt('agentState', r.agent_state as AgentState | null), ...opt('pauseReason', r.pause_reason as string | null),
    queues: JSON.parse(r.queues) as string[], callsTaken: num(r.calls_taken), ...opt('lastCallAt', r.last_call_at === null ? null : num(r.last_call_at)),
    activeChannels: num(r.active_channels), updatedAt: num(r.updated_at),
  };
}

function trunkRow(base: StatusRowBase, x: TrunkStatus): StatusDatabase['acm_status_trunk'] {
  return { ...base, trunk: x.trunk, updated_at: x.updatedAt, registration: x.registration ?? null, device_state: x.deviceState, reachable: x.reachable ? 1 : 0, active_channels: x.activeChannels };
}

function trunkOf(r: AnyRow): TrunkStatus {
  return {
    server: r.server, trunk: r.trunk, ...opt('registration', r.registration as string | null), deviceState: r.device_state, reachable: num(r.reachable) !== 0,
    activeChannels: num(r.active_channels), updatedAt: num(r.updated_at),
  };
}

function channelRow(base: StatusRowBase, x: ChannelStatus): StatusDatabase['acm_status_channel'] {
  return {
    ...base, uniqueid: x.uniqueid, updated_at: x.updatedAt, linkedid: x.linkedid, channel: x.channel, endpoint: x.endpoint ?? null, state: x.state,
    caller_id_num: x.callerIdNum, caller_id_name: x.callerIdName,
  };
}

function channelOf(r: AnyRow): ChannelStatus {
  return {
    server: r.server, uniqueid: r.uniqueid, linkedid: r.linkedid, channel: r.channel, ...opt('endpoint', r.endpoint as string | null), state: num(r.state),
    callerIdNum: r.caller_id_num, callerIdName: r.caller_id_name, updatedAt: num(r.updated_at),
  };
}

function memberRow(base: StatusRowBase, x: QueueMemberStatus): StatusDatabase['acm_status_queue_member'] {
  return {
    ...base, queue: x.queue, interface: x.interface, updated_at: x.updatedAt, name: x.name, membership: x.membership, paused: x.paused ? 1 : 0,
    paused_reason: x.pausedReason, status: x.status, calls_taken: x.callsTaken, last_call: x.lastCall, in_call: x.inCall ? 1 : 0,
  };
}

function memberOf(r: AnyRow): QueueMemberStatus {
  return {
    server: r.server, queue: r.queue, interface: r.interface, name: r.name, membership: r.membership, paused: num(r.paused) !== 0, pausedReason: r.paused_reason,
    status: num(r.status), callsTaken: num(r.calls_taken), lastCall: num(r.last_call), inCall: num(r.in_call) !== 0, updatedAt: num(r.updated_at),
  };
}

function mailboxRow(base: StatusRowBase, x: MailboxStatus): StatusDatabase['acm_status_mailbox'] {
  return { ...base, mailbox: x.mailbox, updated_at: x.updatedAt, new_messages: x.newMessages, old_messages: x.oldMessages, urgent_messages: x.urgentMessages };
}

function mailboxOf(r: AnyRow): MailboxStatus {
  return { server: r.server, mailbox: r.mailbox, newMessages: num(r.new_messages), oldMessages: num(r.old_messages), urgentMessages: num(r.urgent_messages), updatedAt: num(r.updated_at) };
}

/**
 * Seconds kept to the millisecond: the poller measures them from millisecond clocks, and a DOUBLE
 * does not come back from MariaDB bit for bit (917.2971778477735 returns as ...736).
 */
const ms = (seconds: number): number => Math.round(seconds * 1000) / 1000;

function agentTimeRow(base: StatusRowBase, x: AgentTime): StatusDatabase['acm_status_agent_time'] {
  const s = x.seconds;
  return {
    ...base, agent: x.agent, day: x.day, available_s: ms(s.available), on_call_s: ms(s['on-call']), ringing_s: ms(s.ringing), paused_s: ms(s.paused), logged_out_s: ms(s['logged-out']), unavailable_s: ms(s.unavailable),
    paused_by_reason: JSON.stringify(x.pausedByReason), state: x.state ?? null, since: x.since ?? null,
  };
}

function agentTimeOf(r: AnyRow): AgentTime {
  return {
    server: r.server, agent: r.agent, day: r.day,
    seconds: { available: num(r.available_s), 'on-call': num(r.on_call_s), ringing: num(r.ringing_s), paused: num(r.paused_s), unavailable: num(r.unavailable_s), 'logged-out': num(r.logged_out_s) },
    pausedByReason: JSON.parse(r.paused_by_reason) as Record<string, number>,
    ...opt('state', r.state as AgentState | null), ...opt('since', r.since === null ? null : num(r.since)),
  };
}
