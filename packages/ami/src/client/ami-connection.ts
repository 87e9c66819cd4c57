import type { AmiError } from '../codec/ami-error.js';
import type { AmiMessage } from '../codec/ami-message.js';
import type { AmiAction } from '../codec/ami-serializer.js';

/** Where a connection stands. `auth-failed` is final: a wrong secret is never retried automatically. */
export type AmiConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'auth-failed' | 'closed';

/** What an {@link AmiConnection} reports. */
export interface AmiConnectionEvents {
  /** Logged in (first time or after a reconnect). */
  connected: { readonly attempt: number; readonly banner: string | undefined };
  /** A connection attempt failed or an open connection ended; pending actions were failed. */
  disconnected: { readonly error: AmiError };
  /** The next attempt is scheduled after `delayMs`. */
  reconnecting: { readonly attempt: number; readonly delayMs: number };
  /** The server refused the credentials; reported once, and the client stops. */
  'auth-failed': { readonly error: AmiError };
  /** An unsolicited event (list items go to their list, not here). */
  event: AmiMessage;
  /** Bytes that were not AMI were skipped. */
  garbage: { readonly reason: 'bad-line' | 'oversize'; readonly bytes: number };
}

/** Per-call options. */
export interface AmiSendOptions {
  /** Fail with `timeout` after this many ms (default: the client's actionTimeoutMs). */
  readonly timeoutMs?: number;
}

/** The result of an event-list action (`PJSIPShowEndpoints`, `QueueStatus`, ...). */
export interface AmiListResult {
  /**
   * The `Response: Success` / `EventList: start` message, or the `Response: Error` that Asterisk
   * sends instead of an empty list (`No Contacts found`, see `EMPTY_LIST_ERRORS`).
   */
  readonly response: AmiMessage;
  /** The item events that carried our ActionID, in order (none for an empty list). */
  readonly items: readonly AmiMessage[];
  /** The `...Complete` event (`EventList: Complete`); undefined when the empty list came as that error. */
  readonly complete: AmiMessage | undefined;
}

/** The result of a `Command` action: its `Output:` lines joined back into CLI lines. */
export interface AmiCommandResult {
  /** False for `Response: Error` (e.g. an unknown CLI command). */
  readonly ok: boolean;
  /** One entry per CLI output line (`Output: ` lines give empty strings). */
  readonly output: readonly string[];
  /** The raw response. */
  readonly response: AmiMessage;
}

/**
 * One logical AMI session with one Asterisk server: it logs in, keeps itself connected,
 * matches responses to actions, collects event lists and reports events.
 */
export interface AmiConnection {
  /** Stable id of the server this connection talks to. */
  readonly id: string;
  /** Current state. */
  readonly state: AmiConnectionState;
  /**
   * Connects and logs in. With reconnects enabled it keeps trying after network failures and
   * resolves on the first login; it rejects on `auth-failed` or when closed first.
   */
  connect(): Promise<void>;
  /** Sends an action and resolves with its response; `Response: Error` rejects with `action-failed`. */
  action(action: AmiAction, options?: AmiSendOptions): Promise<AmiMessage>;
  /**
   * Sends an event-list action and resolves once its `...Complete` event arrives. The error that
   * Asterisk sends for an empty list (`PJSIPShowContacts` with no phone registered: `No Contacts
   * found`) resolves as an empty list; any other `Response: Error` rejects with `action-failed`.
   */
  list(action: AmiAction, options?: AmiSendOptions): Promise<AmiListResult>;
  /** Runs a CLI command through `Action: Command`. */
  command(command: string, options?: AmiSendOptions): Promise<AmiCommandResult>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof AmiConnectionEvents & string>(name: K, listener: (payload: AmiConnectionEvents[K]) => void): () => void;
  /** Logs off, closes, fails pending actions with `closed` and stops reconnecting. */
  close(): Promise<void>;
}
