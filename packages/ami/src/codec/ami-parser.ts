import { AmiMessage, type AmiHeader } from './ami-message.js';

/** What the parser found in the byte stream. */
export type AmiFrame =
  /** The greeting line (`Asterisk Call Manager/11.0.0`), sent once on connect. */
  | { readonly kind: 'banner'; readonly text: string }
  /** One complete message. */
  | { readonly kind: 'message'; readonly message: AmiMessage }
  /** Bytes that are not AMI (`bad-line`) or a message over the size limit (`oversize`), skipped. */
  | { readonly kind: 'garbage'; readonly reason: 'bad-line' | 'oversize'; readonly text: string; readonly bytes: number };

/** Options of {@link AmiParser}. */
export interface AmiParserOptions {
  /** Treat a first line starting with `Asterisk Call Manager/` as the banner (default true). */
  readonly expectBanner?: boolean;
  /** A message bigger than this many bytes is skipped and reported as garbage (default 4 MiB). */
  readonly maxMessageBytes?: number;
}

const CR = 13;
const LF = 10;
const DELIM = Buffer.from('\r\n\r\n', 'latin1');
const BANNER_PREFIX = 'Asterisk Call Manager/';
const GARBAGE_PREVIEW = 120;

/** True for AMI header names: letters, digits, `-`, `_`, `.` and `/` (e.g. `Cause-txt`, `CID-CallingPres`). */
function isHeaderName(line: string, end: number): boolean {
  if (end === 0) return false;
  for (let i = 0; i < end; i++) {
    const c = line.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95 || c === 46 || c === 47;
    if (!ok) return false;
  }
  return true;
}

/**
 * Incremental AMI parser: feed it TCP chunks as they arrive, get complete frames back.
 *
 * It buffers across reads and splits messages on `\r\n\r\n`, so half messages at a TCP boundary,
 * 64 KB lines and many messages in one read all work. Each byte is copied and scanned a bounded
 * number of times (no re-parse from the start). Lines that are not `Key: Value` are reported as
 * garbage and skipped; the value is everything after the first `: ` (one space removed), so the
 * leading spaces of `Output:` lines survive. Repeated keys are kept in order.
 *
 * @example
 * ```ts
 * const p = new AmiParser();
 * p.push('Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nAction'); // [{ kind: 'banner', ... }]
 * p.push('ID: 1\r\nPing: Pong\r\n\r\n'); // [{ kind: 'message', message }] with message.get('Ping') === 'Pong'
 * ```
 */
export class AmiParser {
  #buf: Buffer = Buffer.allocUnsafe(8192);
  #len = 0;
  /** Offset from which the next delimiter search starts (bytes before it hold no delimiter). */
  #scan = 0;
  #expectBanner: boolean;
  #discarding = false;
  #discarded = 0;
  readonly #maxMessageBytes: number;

  /** Creates a parser; see {@link AmiParserOptions}. */
  constructor(options: AmiParserOptions = {}) {
    this.#expectBanner = options.expectBanner ?? true;
    this.#maxMessageBytes = options.maxMessageBytes ?? 4 * 1024 * 1024;
  }

  /** Bytes held that do not yet form a complete message. */
  get pendingBytes(): number {
    return this.#len;
  }

  /** Forgets buffered bytes and expects a new banner (call it when a new connection starts). */
  reset(): void {
    this.#len = 0;
    this.#scan = 0;
    this.#expectBanner = true;
    this.#discarding = false;
    this.#discarded = 0;
  }

  /** Feeds one chunk and returns the frames it completed, in order. */
  push(chunk: Uint8Array | string): AmiFrame[] {
    const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.#append(data);
    const out: AmiFrame[] = [];
    let start = 0;
    if (this.#expectBanner) {
      const nl = this.#indexOfCrlf(0);
      if (nl < 0) {
        if (this.#len < 256) return out;
        this.#expectBanner = false;
      } else {
        this.#expectBanner = false;
        const first = this.#buf.toString('latin1', 0, nl);
        if (first.startsWith(BANNER_PREFIX)) {
          out.push({ kind: 'banner', text: first });
          start = nl + 2;
          this.#scan = start;
        }
      }
    }
    const view = this.#buf.subarray(0, this.#len);
    for (;;) {
      const idx = view.indexOf(DELIM, Math.max(this.#scan, start));
      if (idx < 0) break;
      if (this.#discarding) {
        out.push({ kind: 'garbage', reason: 'oversize', text: '', bytes: this.#discarded + (idx - start) + 4 });
        this.#discarding = false;
        this.#discarded = 0;
      } else if (idx > start) {
        this.#decode(start, idx, out);
      }
      start = idx + 4;
      this.#scan = start;
    }
    // Keep the tail (an incomplete message) at the front of the buffer.
    if (start > 0) {
      this.#buf.copyWithin(0, start, this.#len);
      this.#len -= start;
    }
    this.#scan = Math.max(0, this.#len - 3);
    if (this.#len > this.#maxMessageBytes) {
      // Too big to be a real message: drop it but keep the last 3 bytes so a delimiter split
      // across reads is still found.
      if (!this.#discarding) this.#discarding = true;
      const keep = 3;
      this.#discarded += this.#len - keep;
      this.#buf.copyWithin(0, this.#len - keep, this.#len);
      this.#len = keep;
      this.#scan = 0;
    }
    return out;
  }

  #append(data: Uint8Array): void {
    const need = this.#len + data.length;
    if (need > this.#buf.length) {
      let size = this.#buf.length * 2;
      while (size < need) size *= 2;
      const next = Buffer.allocUnsafe(size);
      this.#buf.copy(next, 0, 0, this.#len);
      this.#buf = next;
    }
    this.#buf.set(data, this.#len);
    this.#len = need;
  }

  #indexOfCrlf(from: number): number {
    for (let i = from; i + 1 < this.#len; i++) if (this.#buf[i] === CR && this.#buf[i + 1] === LF) return i;
    return -1;
  }

  #decode(start: number, end: number, out: AmiFrame[]): void {
    const text = this.#buf.toString('utf8', start, end);
    const lines = text.split('\r\n');
    const headers: AmiHeader[] = [];
    let bad: string[] | undefined;
    let follows = false;
    for (const line of lines) {
      if (line.length === 0) continue; // extra blank lines between messages
      const colon = line.indexOf(':');
      if (colon > 0 && isHeaderName(line, colon)) {
        const value = line.charCodeAt(colon + 1) === 32 ? line.slice(colon + 2) : line.slice(colon + 1);
        const name = line.slice(0, colon);
        if (headers.length === 0 && name.toLowerCase() === 'response' && value.toLowerCase() === 'follows') follows = true;
        headers.push([name, value]);
      } else if (follows) {
        // Asterisk before 14 sent raw CLI text after `Response: Follows`, ended by `--END COMMAND--`.
        if (line !== '--END COMMAND--') headers.push(['Output', line]);
      } else {
        (bad ??= []).push(line);
      }
    }
    if (bad !== undefined) {
      const joined = bad.join('\n');
      out.push({ kind: 'garbage', reason: 'bad-line', text: joined.slice(0, GARBAGE_PREVIEW), bytes: Buffer.byteLength(joined) });
    }
    if (headers.length > 0) out.push({ kind: 'message', message: new AmiMessage(headers) });
  }
}
