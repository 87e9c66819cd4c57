import type { AmiConnection } from '../client/ami-connection.js';
import { Backoff, type BackoffOptions } from '../client/backoff.js';
import { Emitter } from '../client/emitter.js';
import { AmiError } from '../codec/ami-error.js';
import type { AmiMessage } from '../codec/ami-message.js';
import { ServerStatusTracker, type ResyncData } from '../status/server-status.js';
import { emptyBatch, type StatusBatch, type StatusStore } from '../status/status-store.js';
import { AgentClock } from './agent-clock.js';

/** Options of {@link StatusPoller}. */
export interface StatusPollerOptions {
  /** Server id used as the key in the store (default: the connection's id). */
  readonly server?: string;
  /** Endpoint names that are trunks even without an outbound registration (from the model). */
  readonly trunks?: Iterable<string>;
  /** Write changes at most this often, in ms (default 100). */
  readonly flushIntervalMs?: number;
  /** Write at once when this many keys are dirty (default 1000). */
  readonly maxBatch?: number;
  /** Per-list timeout of the resync, in ms (default 30 000). */
  readonly resyncTimeoutMs?: number;
  /** Parallel MailboxCount actions during a resync (default 16). */
  readonly mailboxConcurrency?: number;
  /** Clock (default Date.now). */
  readonly now?: () => number;
  /**
   * A resync that fails while the connection stays up (an action answered `Response: Error`, a
   * list that timed out) is retried after these delays (default 1 s doubling to 60 s); `false`
   * waits for the next login instead. After a disconnect the next login resyncs anyway.
   */
  readonly retry?: BackoffOptions | false;
}

/** What a {@link StatusPoller} reports. */
export interface StatusPollerEvents {
  /** A resync finished and was written (with `replace`). */
  resynced: { readonly server: string; readonly counts: ServerStatusTracker['counts'] };
  /**
   * A resync failed. With the connection still up it is retried after `retryInMs` (with backoff,
   * `attempt` counting from 1); otherwise (`retryInMs` undefined) the next login resyncs.
   */
  'resync-failed': { readonly server: string; readonly error: AmiError; readonly attempt: number; readonly retryInMs?: number };
  /** A batch was written to the store: the live views' change feed. */
  batch: StatusBatch;
  /** The store refused a batch; the poller resyncs on the next login. */
  'store-failed': { readonly server: string; readonly error: unknown };
}

/**
 * Keeps the status of one Asterisk server in a {@link StatusStore}: a full resync on every login
 * (endpoints and contacts, device states, queues with members and pause reasons, channels,
 * outbound registrations, mailbox counts), then events; changes are written in batches.
 */
export class StatusPoller {
  /** Server id. */
  readonly server: string;
  /** The in-memory status of the server (read it for live figures). */
  readonly tracker: ServerStatusTracker;
  /** Per-agent time in state today. */
  readonly agentClock: AgentClock;
  readonly #conn: AmiConnection;
  readonly #store: StatusStore;
  readonly #options: StatusPollerOptions;
  readonly #now: () => number;
  readonly #emitter = new Emitter<StatusPollerEvents>();
  readonly #unsubscribe: (() => void)[] = [];
  #buffer: AmiMessage[] | undefined;
  #synced = false;
  #flushTimer: NodeJS.Timeout | undefined;
  #dirty = 0;
  #resyncGeneration = 0;
  #writing: Promise<void> = Promise.resolve();
  #resyncs = 0;
  readonly #retry: Backoff | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #stopped = false;

  /** Attaches a poller to a connection (which may or may not be connected yet). */
  constructor(conn: AmiConnection, store: StatusStore, options: StatusPollerOptions = {}) {
    this.#conn = conn;
    this.#store = store;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.server = options.server ?? conn.id;
    this.tracker = new ServerStatusTracker(this.server, options.trunks);
    this.agentClock = new AgentClock(this.server);
    this.#retry = options.retry === false ? undefined : new Backoff({ initialMs: 1000, maxMs: 60_000, ...options.retry });
    this.#unsubscribe.push(
      conn.on('connected', () => {
        this.#cancelRetry();
        void this.resync();
      }),
      conn.on('disconnected', () => {
        this.#cancelRetry();
        this.#synced = false;
        this.#buffer = undefined;
        this.agentClock.suspend(this.#now());
      }),
      conn.on('event', (e) => this.#onEvent(e)),
    );
    if (conn.state === 'connected') void this.resync();
  }

  /** Subscribes to poller events; returns the unsubscribe function. */
  on<K extends keyof StatusPollerEvents & string>(name: K, listener: (payload: StatusPollerEvents[K]) => void): () => void {
    return this.#emitter.on(name, listener);
  }

  /** True after a successful resync and until the next disconnect. */
  get synced(): boolean {
    return this.#synced;
  }

  /** Completed resyncs. */
  get resyncCount(): number {
    return this.#resyncs;
  }

  #onEvent(e: AmiMessage): void {
    if (this.#buffer !== undefined) {
      this.#buffer.push(e);
      return;
    }
    if (!this.#synced) return;
    if (e.event === 'Reload') {
      // Configuration changed (endpoints, queues may have appeared or gone): read everything again.
      void this.resync();
      return;
    }
    if (this.tracker.apply(e, this.#now())) this.#markDirty();
  }

  #markDirty(): void {
    this.#dirty++;
    if (this.#dirty >= (this.#options.maxBatch ?? 1000)) {
      void this.flush();
      return;
    }
    if (this.#flushTimer === undefined) this.#flushTimer = setTimeout(() => void this.flush(), this.#options.flushIntervalMs ?? 100);
  }

  #cancelRetry(): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  /** Runs a full resync now and writes it with `replace`; resolves false if it failed (see `retry`). */
  async resync(): Promise<boolean> {
    this.#cancelRetry();
    const generation = ++this.#resyncGeneration;
    this.#buffer = [];
    const c = this.#conn;
    const timeoutMs = this.#options.resyncTimeoutMs ?? 30_000;
    const items = (action: string): Promise<readonly AmiMessage[]> => c.list({ action }, { timeoutMs }).then((r) => r.items);
    try {
      const [endpoints, contacts, devices, queues, channels, registrations] = await Promise.all([
        items('PJSIPShowEndpoints'),
        items('PJSIPShowContacts'),
        items('DeviceStateList'),
        items('QueueStatus'),
        items('CoreShowChannels'),
        items('PJSIPShowRegistrationsOutbound'),
      ]);
      const ids = devices.map((d) => d.get('Device') ?? '').filter((d) => d.startsWith('MWI:')).map((d) => d.slice(4));
      const mailboxes: AmiMessage[] = [];
      const conc = this.#options.mailboxConcurrency ?? 16;
      for (let i = 0; i < ids.length; i += conc) {
        mailboxes.push(...(await Promise.all(ids.slice(i, i + conc).map((id) => c.action({ action: 'MailboxCount', headers: { Mailbox: id } }, { timeoutMs })))));
      }
      if (generation !== this.#resyncGeneration) return false;
      const data: ResyncData = { endpoints, contacts, devices, queues, channels, registrations, mailboxes };
      const now = this.#now();
      this.tracker.load(data, now);
      // Events that arrived while the lists were read: applying them again is harmless (idempotent).
      const buffered = this.#buffer ?? [];
      this.#buffer = undefined;
      for (const e of buffered) this.tracker.apply(e, now);
      this.#synced = true;
      this.#resyncs++;
      this.#retry?.reset();
      await this.flush(true);
      this.#emitter.emit('resynced', { server: this.server, counts: this.tracker.counts });
      return true;
    } catch (e) {
      if (generation === this.#resyncGeneration) this.#buffer = undefined;
      const error = e instanceof AmiError ? e : new AmiError('protocol', String(e), { server: this.server });
      // Still connected: nothing else would ever resync this server, so retry with backoff.
      const retry = this.#retry !== undefined && !this.#stopped && generation === this.#resyncGeneration && this.#conn.state === 'connected' ? this.#retry : undefined;
      const retryInMs = retry?.next();
      if (retryInMs !== undefined) this.#retryTimer = setTimeout(() => void this.resync(), retryInMs);
      this.#emitter.emit('resync-failed', { server: this.server, error, attempt: retry?.attempt ?? 1, ...(retryInMs === undefined ? {} : { retryInMs }) });
      return false;
    }
  }

  /** Writes every pending change now (`replace` after a resync). */
  flush(replace = false): Promise<void> {
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    this.#dirty = 0;
    const batch = this.#buildBatch(replace);
    const write = this.#writing.then(async () => {
      if (!replace && batch.extensions.length + batch.trunks.length + batch.channels.length + batch.queueMembers.length + batch.mailboxes.length +
        batch.agentTimes.length + batch.deleted.channels.length + batch.deleted.queueMembers.length + batch.deleted.extensions.length + batch.deleted.mailboxes.length === 0) return;
      try {
        await this.#store.applyBatch(batch);
        this.#emitter.emit('batch', batch);
      } catch (error) {
        this.#synced = false;
        this.#emitter.emit('store-failed', { server: this.server, error });
      }
    });
    this.#writing = write;
    return write;
  }

  #buildBatch(replace: boolean): StatusBatch {
    const now = this.#now();
    const t = this.tracker;
    const changes = t.takeChanges();
    const endpointKeys = replace ? t.endpointNames : [...changes.endpoints];
    const b = emptyBatch(this.server, replace);
    const out = {
      extensions: [] as StatusBatch['extensions'][number][], trunks: [] as StatusBatch['trunks'][number][], channels: [] as StatusBatch['channels'][number][],
      queueMembers: [] as StatusBatch['queueMembers'][number][], mailboxes: [] as StatusBatch['mailboxes'][number][], agentTimes: [] as StatusBatch['agentTimes'][number][],
    };
    const deleted = { channels: [] as string[], queueMembers: [] as string[], extensions: [] as string[], trunks: [] as string[], mailboxes: [] as string[] };
    for (const name of endpointKeys) {
      const ext = t.extension(name, now);
      const trunk = t.trunk(name, now);
      if (ext !== undefined) {
        out.extensions.push(ext);
        if (ext.agentState !== undefined && this.agentClock.set(name, ext.agentState, ext.pauseReason ?? '', now)) {
          out.agentTimes.push(this.agentClock.record(name, now)!);
        }
      } else if (trunk !== undefined) out.trunks.push(trunk);
      else {
        deleted.extensions.push(name);
        deleted.trunks.push(name);
      }
    }
    for (const id of changes.channels) {
      const ch = t.channel(id);
      if (ch === undefined) deleted.channels.push(id);
      else out.channels.push(ch);
    }
    for (const key of changes.members) {
      const m = t.member(key);
      if (m === undefined) deleted.queueMembers.push(key);
      else out.queueMembers.push(m);
    }
    for (const id of changes.mailboxes) {
      const mb = t.mailbox(id);
      if (mb === undefined) deleted.mailboxes.push(id);
      else out.mailboxes.push(mb);
    }
    if (replace) {
      out.channels = out.channels.filter((c) => t.channel(c.uniqueid) !== undefined);
      out.agentTimes = this.agentClock.records(now);
    }
    return { ...b, ...out, deleted };
  }

  /** Detaches from the connection and writes what is pending (does not close the connection). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#cancelRetry();
    for (const u of this.#unsubscribe) u();
    await this.flush();
  }
}
