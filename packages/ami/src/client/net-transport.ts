import { Socket } from 'node:net';
import { AmiError } from '../codec/ami-error.js';
import { AmiParser, type AmiParserOptions } from '../codec/ami-parser.js';
import { serializeAction, type AmiAction } from '../codec/ami-serializer.js';
import type { AmiTransport, AmiTransportHandlers } from './ami-transport.js';

/** Where and how a {@link NetTransport} connects. */
export interface NetTransportOptions {
  readonly host: string;
  readonly port: number;
  /** Give up connecting after this many ms (default 5000). */
  readonly connectTimeoutMs?: number;
  /** Parser limits. */
  readonly parser?: AmiParserOptions;
}

/** The default transport: ACM's own {@link AmiParser} over a `node:net` socket. */
export class NetTransport implements AmiTransport {
  readonly #options: NetTransportOptions;
  #socket: Socket | undefined;
  #closed = false;

  /** Creates a transport; nothing happens until {@link NetTransport.open}. */
  constructor(options: NetTransportOptions) {
    this.#options = options;
  }

  /** Connects; see {@link AmiTransport.open}. */
  open(handlers: AmiTransportHandlers): Promise<void> {
    const { host, port } = this.#options;
    const parser = new AmiParser(this.#options.parser);
    const socket = new Socket();
    this.#socket = socket;
    socket.setNoDelay(true);
    return new Promise<void>((resolve, reject) => {
      let connected = false;
      const timer = setTimeout(() => {
        socket.destroy(new AmiError('connect-failed', `connect to ${host}:${port} timed out`, { host, port }));
      }, this.#options.connectTimeoutMs ?? 5000);
      socket.once('connect', () => {
        connected = true;
        clearTimeout(timer);
        resolve();
      });
      socket.on('data', (chunk: Buffer) => {
        for (const frame of parser.push(chunk)) {
          if (this.#closed) return;
          if (frame.kind === 'message') handlers.message(frame.message);
          else if (frame.kind === 'banner') handlers.banner(frame.text);
          else handlers.garbage(frame.reason, frame.bytes);
        }
      });
      // Errors are reported through `closed` (or the rejected open), never thrown.
      let lastError: Error | undefined;
      socket.on('error', (err) => {
        lastError = err;
      });
      socket.on('close', () => {
        clearTimeout(timer);
        if (!connected) {
          reject(
            lastError instanceof AmiError
              ? lastError
              : new AmiError('connect-failed', `cannot connect to ${host}:${port}: ${lastError?.message ?? 'closed'}`, { host, port }, { cause: lastError }),
          );
          return;
        }
        if (this.#closed) return;
        this.#closed = true;
        handlers.closed(lastError);
      });
      socket.connect({ host, port });
    });
  }

  /** Writes one action; see {@link AmiTransport.send}. */
  send(action: AmiAction, actionId: string): void {
    const bytes = serializeAction(action, actionId);
    if (this.#socket === undefined || this.#socket.destroyed) throw new AmiError('not-connected', 'not connected');
    this.#socket.write(bytes);
  }

  /** Half-closes after pending writes. */
  end(): void {
    this.#socket?.end();
  }

  /** Destroys the socket at once. */
  destroy(): void {
    this.#socket?.destroy();
  }
}
