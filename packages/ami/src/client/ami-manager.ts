import type { AmiMessage } from '../codec/ami-message.js';
import type { AmiError } from '../codec/ami-error.js';
import { AmiClient, type AmiClientOptions } from './ami-client.js';
import type { AmiConnection, AmiConnectionState } from './ami-connection.js';
import { Emitter } from './emitter.js';

/** What an {@link AmiManager} reports, each tagged with the server id. */
export interface AmiManagerEvents {
  /** An event from one server. */
  event: { readonly server: string; readonly event: AmiMessage };
  /** A server's connection changed state. */
  state: { readonly server: string; readonly state: AmiConnectionState; readonly error?: AmiError };
}

/** Makes the connection for one server (default: an {@link AmiClient}). */
export type AmiConnectionFactory = (options: AmiClientOptions & { readonly id: string }) => AmiConnection;

/**
 * Many AMI connections, one per Asterisk server, across clusters: add servers, connect them all
 * (each reconnects on its own), receive their events tagged with the server id, close them all.
 */
export class AmiManager {
  readonly #connections = new Map<string, AmiConnection>();
  readonly #emitter = new Emitter<AmiManagerEvents>();
  readonly #factory: AmiConnectionFactory;

  /** Creates an empty manager. */
  constructor(factory: AmiConnectionFactory = (o) => new AmiClient(o)) {
    this.#factory = factory;
  }

  /** Adds a server; its id must be unique. Returns its connection (not yet connected). */
  add(options: AmiClientOptions & { readonly id: string }): AmiConnection {
    if (this.#connections.has(options.id)) throw new Error(`AMI server ${options.id} is already managed`);
    const conn = this.#factory(options);
    const server = options.id;
    conn.on('event', (event) => this.#emitter.emit('event', { server, event }));
    conn.on('connected', () => this.#emitter.emit('state', { server, state: 'connected' }));
    conn.on('disconnected', ({ error }) => this.#emitter.emit('state', { server, state: conn.state, error }));
    conn.on('auth-failed', ({ error }) => this.#emitter.emit('state', { server, state: 'auth-failed', error }));
    this.#connections.set(server, conn);
    return conn;
  }

  /** The connection of one server. */
  get(server: string): AmiConnection | undefined {
    return this.#connections.get(server);
  }

  /** Ids of all managed servers, in the order they were added. */
  get servers(): string[] {
    return [...this.#connections.keys()];
  }

  /** Subscribes to tagged events; returns the unsubscribe function. */
  on<K extends keyof AmiManagerEvents & string>(name: K, listener: (payload: AmiManagerEvents[K]) => void): () => void {
    return this.#emitter.on(name, listener);
  }

  /** Connects every server; resolves with the outcome per server (never rejects). */
  async connectAll(): Promise<Map<string, AmiError | undefined>> {
    const out = new Map<string, AmiError | undefined>();
    await Promise.all(
      [...this.#connections].map(([id, c]) =>
        c.connect().then(
          () => out.set(id, undefined),
          (e: AmiError) => out.set(id, e),
        ),
      ),
    );
    return out;
  }

  /** Removes and closes one server. */
  async remove(server: string): Promise<void> {
    const c = this.#connections.get(server);
    this.#connections.delete(server);
    await c?.close();
  }

  /** Closes every connection. */
  async closeAll(): Promise<void> {
    const all = [...this.#connections.values()];
    this.#connections.clear();
    await Promise.all(all.map((c) => c.close()));
  }
}
