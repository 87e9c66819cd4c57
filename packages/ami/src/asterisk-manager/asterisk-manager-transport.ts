import Manager, { type ManagerInstance } from 'asterisk-manager';
import { AmiError } from '../codec/ami-error.js';
import { AmiMessage, type AmiHeader } from '../codec/ami-message.js';
import { validateAction, type AmiAction } from '../codec/ami-serializer.js';
import type { AmiTransport, AmiTransportHandlers } from '../client/ami-transport.js';

/** A message as asterisk-manager parses it: keys lowercased, repeated keys as arrays, `Variable` as an object. */
export type LibraryObject = Record<string, string | string[] | Record<string, string> | undefined>;

/** Where an {@link AsteriskManagerTransport} connects. */
export interface AsteriskManagerTransportOptions {
  readonly host: string;
  readonly port: number;
}

/**
 * Converts the library's parsed object (lowercased keys, arrays for repeated keys, an object for
 * `Variable`) back into an {@link AmiMessage}. Key case and the relative order of repeated keys
 * and other keys are lost; lookups are case-insensitive so routing still works.
 */
export function fromRawObject(raw: LibraryObject, actionIdOverride?: string): AmiMessage {
  const headers: AmiHeader[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (key === 'actionid' && actionIdOverride !== undefined) headers.push([key, actionIdOverride]);
    else if (typeof value === 'string') headers.push([key, value]);
    else if (Array.isArray(value)) for (const v of value) headers.push([key, v]);
    else for (const [k, v] of Object.entries(value)) headers.push([key, `${k}=${v}`]);
  }
  return new AmiMessage(headers);
}

/**
 * A transport over the `asterisk-manager` 0.2.0 package, with its defects neutralised where that
 * can be done from outside (see docs/ami.md): values are validated before they reach it (it does
 * not escape CR/LF), our ActionIDs are passed under the lowercase `actionid` key it honours, its
 * login is used only because it otherwise holds every action, its reconnect (console.log, +10 s
 * steps) is never enabled, and a dead peer is handled by dropping the instance. What cannot be
 * fixed from outside (quadratic re-parse, `Response: Follows` without `--END COMMAND--` swallowing
 * all later traffic, lost key case) is why `NetTransport` (from `@acm/ami`) is the default.
 */
export class AsteriskManagerTransport implements AmiTransport {
  readonly #options: AsteriskManagerTransportOptions;
  #manager: ManagerInstance | undefined;
  #handlers: AmiTransportHandlers | undefined;
  #loginActionId: string | undefined;
  #closed = false;

  /** Creates a transport; nothing happens until {@link AsteriskManagerTransport.open}. */
  constructor(options: AsteriskManagerTransportOptions) {
    this.#options = options;
  }

  /** Connects through the library; see {@link AmiTransport.open}. */
  open(handlers: AmiTransportHandlers): Promise<void> {
    const { host, port } = this.#options;
    this.#handlers = handlers;
    // No port: the constructor then neither connects nor logs in by itself.
    const manager = Manager(undefined, host, '', '', true);
    this.#manager = manager;
    return new Promise<void>((resolve, reject) => {
      let connected = false;
      let lastError: Error | undefined;
      manager.on('error', (err: Error) => {
        lastError = err;
      });
      manager.on('rawevent', (raw: LibraryObject) => {
        if (this.#closed) return;
        let override: string | undefined;
        if (this.#loginActionId !== undefined && typeof raw['response'] === 'string' && raw['event'] === undefined) {
          // Its login uses a timestamp ActionID of its own; give the response ours back.
          override = this.#loginActionId;
          this.#loginActionId = undefined;
        }
        handlers.message(fromRawObject(raw, override));
      });
      manager.on('close', () => {
        if (!connected) {
          reject(new AmiError('connect-failed', `cannot connect to ${host}:${port}: ${lastError?.message ?? 'closed'}`, { host, port }, { cause: lastError }));
          return;
        }
        this.#finish(lastError);
      });
      manager.connect(port, host, () => {
        connected = true;
        resolve();
      });
    });
  }

  #finish(error?: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#handlers?.closed(error);
  }

  /** Writes one action through the library after validating it. */
  send(action: AmiAction, actionId: string): void {
    validateAction(action);
    const manager = this.#manager;
    if (manager === undefined || this.#closed || !manager.isConnected()) throw new AmiError('not-connected', 'not connected');
    if (action.action.toLowerCase() === 'login') {
      // Its action() holds everything until its own login() has succeeded, so log in through it.
      // (It sends `Event:` instead of `Events:`; Asterisk ignores that, so events stay on.)
      const headers = action.headers ?? {};
      manager.options.username = String(headers['Username'] ?? '');
      manager.options.password = String(headers['Secret'] ?? '');
      this.#loginActionId = actionId;
      manager.login(() => undefined);
      return;
    }
    // Only the lowercase `actionid` key is honoured; any other spelling is replaced by a timestamp.
    const obj: Record<string, unknown> = { action: action.action, actionid: actionId };
    for (const [k, v] of Object.entries(action.headers ?? {})) if (v !== undefined) obj[k] = v;
    manager.action(obj);
    // Its once(actionId) listener would otherwise stay registered if no response ever comes.
    manager.removeAllListeners(actionId);
  }

  /** Graceful close. */
  end(): void {
    this.#manager?.disconnect();
  }

  /** Drops the instance at once: its disconnect() only half-closes, which never completes against a dead peer. */
  destroy(): void {
    this.#manager?.disconnect();
    this.#finish(new AmiError('disconnected', 'connection dropped'));
  }
}
