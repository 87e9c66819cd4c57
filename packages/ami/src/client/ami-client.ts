import { randomBytes } from 'node:crypto';
import { AmiError } from '../codec/ami-error.js';
import type { AmiMessage } from '../codec/ami-message.js';
import type { AmiAction } from '../codec/ami-serializer.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { Emitter } from './emitter.js';
import type {
  AmiCommandResult,
  AmiConnection,
  AmiConnectionEvents,
  AmiConnectionState,
  AmiListResult,
  AmiSendOptions,
} from './ami-connection.js';
import type { AmiTransport, AmiTransportFactory } from './ami-transport.js';
import { NetTransport } from './net-transport.js';

/**
 * List actions that Asterisk answers with `Response: Error` instead of an empty list when there is
 * nothing to list, keyed by lower-case action name, with the message it sends (without the bare
 * `\n` Asterisk appends). Read from Asterisk 22's sources (res_pjsip `ami_show_endpoints`,
 * `ami_show_contacts`, `ami_show_aors`) and the standby capture C-01. `QueueStatus`,
 * `DeviceStateList`, `CoreShowChannels`, `PJSIPShowRegistrationsOutbound` and
 * `PJSIPShowRegistrationsInbound` answer an empty list normally and are not here.
 */
export const EMPTY_LIST_ERRORS: Readonly<Record<string, string>> = Object.freeze({
  pjsipshowendpoints: 'No endpoints found',
  pjsipshowcontacts: 'No Contacts found',
  pjsipshowaors: 'No AORs found',
});

/** True when `response` is the error a list action sends for "nothing to list" ({@link EMPTY_LIST_ERRORS}). */
export function isEmptyListError(action: string, response: AmiMessage): boolean {
  const expected = EMPTY_LIST_ERRORS[action.toLowerCase()];
  if (expected === undefined || response.response?.toLowerCase() !== 'error') return false;
  return (response.get('Message') ?? '').trim().toLowerCase() === expected.toLowerCase();
}

/** Options of {@link AmiClient}. The secret is used for the login only and never appears in errors. */
export interface AmiClientOptions {
  /** Id of the server (used in errors and by the manager); default `host:port`. */
  readonly id?: string;
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly secret: string;
  /** `Events:` header of the login (default `on`). */
  readonly events?: 'on' | 'off' | string;
  /** Default per-action timeout in ms (default 10 000). */
  readonly actionTimeoutMs?: number;
  /** Reconnect after failures (default true); a wrong secret is never retried. */
  readonly reconnect?: boolean;
  /** Reconnect delays. */
  readonly backoff?: BackoffOptions;
  /** Keepalive: a Ping every `intervalMs` that must be answered within `timeoutMs` (default 15 000 / 5 000; 0 disables). */
  readonly keepalive?: { readonly intervalMs?: number; readonly timeoutMs?: number };
  /**
   * `net` (default): ACM's codec over node:net; or a factory, e.g. the npm library for comparison
   * (`() => new AsteriskManagerTransport({ host, port })` from `@acm/ami/asterisk-manager`).
   */
  readonly transport?: 'net' | AmiTransportFactory;
  /** Connect timeout in ms for the `net` transport (default 5000). */
  readonly connectTimeoutMs?: number;
}

interface Pending {
  readonly kind: 'single' | 'list';
  readonly name: string;
  readonly resolve: (value: { response: AmiMessage; items: AmiMessage[]; complete: AmiMessage | undefined }) => void;
  readonly reject: (error: AmiError) => void;
  readonly timer: NodeJS.Timeout;
  response: AmiMessage | undefined;
  readonly items: AmiMessage[];
}

/**
 * The AMI client: one per Asterisk server. It logs in, reconnects with capped exponential
 * backoff and jitter, pings to detect a dead peer, times out every action, fails pending
 * actions on disconnect, collects event lists and never logs to the console.
 *
 * @example
 * ```ts
 * const ami = new AmiClient({ host: '127.0.0.1', port: 5038, username: 'acm', secret });
 * await ami.connect();
 * const { items } = await ami.list({ action: 'PJSIPShowEndpoints' });
 * await ami.close();
 * ```
 */
export class AmiClient implements AmiConnection {
  /** Server id. */
  readonly id: string;
  readonly #options: AmiClientOptions;
  readonly #emitter = new Emitter<AmiConnectionEvents>();
  readonly #backoff: Backoff;
  readonly #pending = new Map<string, Pending>();
  readonly #idPrefix = `acm${randomBytes(3).toString('hex')}-`;
  readonly #factory: AmiTransportFactory;
  #seq = 0;
  #state: AmiConnectionState = 'idle';
  #transport: AmiTransport | undefined;
  #generation = 0;
  #attempt = 0;
  #banner: string | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #keepaliveTimer: NodeJS.Timeout | undefined;
  #waiters: { resolve: () => void; reject: (e: AmiError) => void }[] = [];
  #closing: Promise<void> | undefined;

  /** Creates a client; nothing connects until {@link AmiClient.connect}. */
  constructor(options: AmiClientOptions) {
    this.#options = options;
    this.id = options.id ?? `${options.host}:${options.port}`;
    this.#backoff = new Backoff(options.backoff);
    const t = options.transport ?? 'net';
    this.#factory = typeof t === 'function' ? t : () => new NetTransport({ host: options.host, port: options.port, connectTimeoutMs: options.connectTimeoutMs ?? 5000 });
  }

  /** Current state. */
  get state(): AmiConnectionState {
    return this.#state;
  }

  /** The greeting of the current connection (`Asterisk Call Manager/11.0.0`), when the transport reports it. */
  get banner(): string | undefined {
    return this.#banner;
  }

  /** Number of actions waiting for an answer. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Subscribes to an event; see {@link AmiConnectionEvents}. */
  on<K extends keyof AmiConnectionEvents & string>(name: K, listener: (payload: AmiConnectionEvents[K]) => void): () => void {
    return this.#emitter.on(name, listener);
  }

  /** Connects and logs in; see {@link AmiConnection.connect}. */
  connect(): Promise<void> {
    if (this.#state === 'connected') return Promise.resolve();
    if (this.#state === 'closed') return Promise.reject(new AmiError('closed', `connection to ${this.id} is closed`, { server: this.id }));
    const p = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    if (this.#state === 'idle' || this.#state === 'auth-failed') {
      this.#backoff.reset();
      void this.#attempt_();
    }
    return p;
  }

  async #attempt_(): Promise<void> {
    this.#reconnectTimer = undefined;
    const generation = ++this.#generation;
    this.#attempt++;
    this.#state = this.#attempt === 1 ? 'connecting' : 'reconnecting';
    const transport = this.#factory();
    this.#transport = transport;
    this.#banner = undefined;
    try {
      await transport.open({
        banner: (text) => {
          if (generation === this.#generation) this.#banner = text;
        },
        message: (m) => {
          if (generation === this.#generation) this.#onMessage(m);
        },
        garbage: (reason, bytes) => {
          if (generation === this.#generation) this.#emitter.emit('garbage', { reason, bytes });
        },
        closed: (error) => {
          if (generation === this.#generation) this.#onDown(new AmiError('disconnected', `connection to ${this.id} lost${error ? `: ${error.message}` : ''}`, { server: this.id }, { cause: error }));
        },
      });
    } catch (e) {
      if (generation !== this.#generation) return;
      this.#onDown(e instanceof AmiError ? e : new AmiError('connect-failed', `cannot connect to ${this.id}`, { server: this.id }, { cause: e }));
      return;
    }
    if (generation !== this.#generation) return;
    let response: AmiMessage;
    try {
      response = (
        await this.#send(
          { action: 'Login', headers: { Username: this.#options.username, Secret: this.#options.secret, Events: this.#options.events ?? 'on' } },
          'single',
          this.#options.actionTimeoutMs ?? 10_000,
          true,
        )
      ).response;
    } catch {
      if (generation === this.#generation && (this.#state as AmiConnectionState) !== 'closed') {
        transport.destroy();
      }
      return;
    }
    if (generation !== this.#generation) return;
    if (response.response?.toLowerCase() !== 'success') {
      // Wrong credentials: report once and stop. Retrying would only hammer the server (and fail2ban).
      const error = new AmiError('auth-failed', `login to ${this.id} as ${this.#options.username} failed: ${response.get('Message') ?? 'no message'}`, {
        server: this.id,
        username: this.#options.username,
      });
      this.#state = 'auth-failed';
      this.#generation++;
      transport.destroy();
      this.#failPending(error);
      this.#emitter.emit('auth-failed', { error });
      this.#settleWaiters(error);
      return;
    }
    this.#state = 'connected';
    this.#backoff.reset();
    this.#scheduleKeepalive(generation);
    this.#emitter.emit('connected', { attempt: this.#attempt, banner: this.#banner });
    this.#settleWaiters();
  }

  #settleWaiters(error?: AmiError): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) {
      if (error === undefined) w.resolve();
      else w.reject(error);
    }
  }

  #onDown(error: AmiError): void {
    this.#generation++;
    this.#transport = undefined;
    clearTimeout(this.#keepaliveTimer);
    this.#failPending(error);
    if (this.#state === 'closed' || this.#state === 'auth-failed') return;
    // The state is updated before anyone hears of the loss, so listeners read the state after it.
    if (this.#options.reconnect === false) {
      this.#state = 'idle';
      this.#emitter.emit('disconnected', { error });
      this.#settleWaiters(error);
      return;
    }
    const delayMs = this.#backoff.next();
    this.#state = 'reconnecting';
    this.#reconnectTimer = setTimeout(() => void this.#attempt_(), delayMs);
    this.#emitter.emit('disconnected', { error });
    if (this.#state === 'reconnecting') this.#emitter.emit('reconnecting', { attempt: this.#backoff.attempt, delayMs });
  }

  #failPending(error: AmiError): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) {
      clearTimeout(p.timer);
      p.reject(new AmiError(error.code, `${p.name}: ${error.message}`, { ...error.data, action: p.name }, { cause: error }));
    }
  }

  #scheduleKeepalive(generation: number): void {
    const interval = this.#options.keepalive?.intervalMs ?? 15_000;
    if (interval <= 0) return;
    const timeoutMs = this.#options.keepalive?.timeoutMs ?? 5000;
    this.#keepaliveTimer = setTimeout(() => {
      if (generation !== this.#generation) return;
      this.#send({ action: 'Ping' }, 'single', timeoutMs, false).then(
        () => {
          if (generation === this.#generation) this.#scheduleKeepalive(generation);
        },
        (e: AmiError) => {
          if (generation !== this.#generation || e.code !== 'timeout') return;
          // No Pong in time: the peer is gone (or wedged). Drop the socket and reconnect.
          const transport = this.#transport;
          this.#onDown(new AmiError('disconnected', `keepalive to ${this.id} timed out after ${timeoutMs} ms`, { server: this.id, reason: 'keepalive' }));
          transport?.destroy();
        },
      );
    }, interval);
  }

  #onMessage(m: AmiMessage): void {
    const id = m.actionId;
    const pending = id === undefined ? undefined : this.#pending.get(id);
    if (pending === undefined) {
      if (m.event !== undefined) this.#emitter.emit('event', m);
      return;
    }
    if (pending.response === undefined && m.event === undefined) {
      pending.response = m;
      const listStarted = m.get('EventList')?.toLowerCase() === 'start';
      if (!listStarted) this.#finish(id!, pending, undefined);
      return;
    }
    if (m.get('EventList')?.toLowerCase() === 'complete') {
      this.#finish(id!, pending, m);
      return;
    }
    if (pending.response !== undefined && pending.kind === 'single' && m.event !== undefined) {
      // e.g. OriginateResponse after the action was answered: an ordinary event.
      this.#emitter.emit('event', m);
      return;
    }
    pending.items.push(m);
  }

  #finish(id: string, pending: Pending, complete: AmiMessage | undefined): void {
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    pending.resolve({ response: pending.response!, items: pending.items, complete });
  }

  #send(
    action: AmiAction,
    kind: 'single' | 'list',
    timeoutMs: number,
    duringLogin: boolean,
  ): Promise<{ response: AmiMessage; items: AmiMessage[]; complete: AmiMessage | undefined }> {
    return new Promise((resolve, reject) => {
      const transport = this.#transport;
      if (transport === undefined || (!duringLogin && this.#state !== 'connected')) {
        reject(new AmiError('not-connected', `${action.action}: not connected to ${this.id}`, { server: this.id, action: action.action }));
        return;
      }
      const actionId = `${this.#idPrefix}${++this.#seq}`;
      try {
        transport.send(action, actionId);
      } catch (e) {
        reject(e instanceof AmiError ? e : new AmiError('protocol', String(e), { action: action.action }));
        return;
      }
      const timer = setTimeout(() => {
        if (this.#pending.get(actionId) !== pending) return;
        this.#pending.delete(actionId);
        reject(new AmiError('timeout', `${action.action} on ${this.id}: no answer within ${timeoutMs} ms`, { server: this.id, action: action.action, timeoutMs }));
      }, timeoutMs);
      const pending: Pending = { kind, name: action.action, resolve, reject, timer, response: undefined, items: [] };
      this.#pending.set(actionId, pending);
    });
  }

  /** Sends an action; see {@link AmiConnection.action}. */
  async action(action: AmiAction, options: AmiSendOptions = {}): Promise<AmiMessage> {
    const { response } = await this.#send(action, 'single', options.timeoutMs ?? this.#options.actionTimeoutMs ?? 10_000, false);
    if (response.response?.toLowerCase() === 'error') {
      throw new AmiError('action-failed', `${action.action} on ${this.id}: ${response.get('Message') ?? 'error'}`, {
        server: this.id,
        action: action.action,
        message: response.get('Message'),
      });
    }
    return response;
  }

  /** Sends an event-list action; see {@link AmiConnection.list}. */
  async list(action: AmiAction, options: AmiSendOptions = {}): Promise<AmiListResult> {
    const { response, items, complete } = await this.#send(action, 'list', options.timeoutMs ?? this.#options.actionTimeoutMs ?? 10_000, false);
    // An empty PJSIPShowContacts (every HA standby) is an error in Asterisk, not a list: read it as no items.
    if (complete === undefined && isEmptyListError(action.action, response)) return { response, items: [], complete: undefined };
    if (complete === undefined) {
      throw new AmiError('action-failed', `${action.action} on ${this.id}: ${response.get('Message') ?? 'no event list'}`, {
        server: this.id,
        action: action.action,
        message: response.get('Message'),
      });
    }
    return { response, items, complete };
  }

  /** Runs a CLI command; see {@link AmiConnection.command}. */
  async command(command: string, options: AmiSendOptions = {}): Promise<AmiCommandResult> {
    const { response } = await this.#send(
      { action: 'Command', headers: { Command: command } },
      'single',
      options.timeoutMs ?? this.#options.actionTimeoutMs ?? 10_000,
      false,
    );
    return { ok: response.response?.toLowerCase() === 'success', output: response.getAll('Output'), response };
  }

  /** Logs off and closes; see {@link AmiConnection.close}. */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#closing = (async () => {
      clearTimeout(this.#reconnectTimer);
      clearTimeout(this.#keepaliveTimer);
      const transport = this.#transport;
      const wasConnected = this.#state === 'connected';
      this.#state = 'closed';
      const closedError = new AmiError('closed', `connection to ${this.id} closed`, { server: this.id });
      if (transport !== undefined && wasConnected) {
        // Logoff politely, but never wait long for it.
        await this.#send({ action: 'Logoff' }, 'single', 1000, true).catch(() => undefined);
      }
      this.#generation++;
      this.#failPending(closedError);
      this.#settleWaiters(closedError);
      transport?.end();
      transport?.destroy();
      this.#transport = undefined;
    })();
    return this.#closing;
  }
}
