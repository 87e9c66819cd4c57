import type { AmiMessage } from '../codec/ami-message.js';
import type { AmiAction } from '../codec/ami-serializer.js';

/** Callbacks a transport calls while its connection is open. */
export interface AmiTransportHandlers {
  /** The greeting line, when the transport sees it. */
  banner(text: string): void;
  /** One complete message (response or event). */
  message(message: AmiMessage): void;
  /** Bytes that were skipped because they are not AMI. */
  garbage(reason: 'bad-line' | 'oversize', bytes: number): void;
  /** The connection ended (once); `error` when it ended abnormally. */
  closed(error?: Error): void;
}

/**
 * One TCP connection to an AMI port, as bytes in and messages out. The client adds login,
 * ActionIDs, timeouts, lists, keepalive and reconnects on top; a new transport is made per attempt.
 */
export interface AmiTransport {
  /** Opens the connection; resolves once TCP is connected, rejects if it cannot be. */
  open(handlers: AmiTransportHandlers): Promise<void>;
  /** Writes one action with the given ActionID; throws `invalid-header` for unsafe values. */
  send(action: AmiAction, actionId: string): void;
  /** Closes gracefully (FIN after pending writes). */
  end(): void;
  /** Closes at once (dead peer); `closed` is still called. */
  destroy(): void;
}

/** Makes a fresh transport for each connection attempt. */
export type AmiTransportFactory = () => AmiTransport;
