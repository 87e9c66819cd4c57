/** One `Key: Value` line of an AMI message, in wire order and original case. */
export type AmiHeader = readonly [name: string, value: string];

/**
 * One AMI message (a response or an event): its header lines in wire order.
 *
 * Lookups are case-insensitive, as Asterisk's own are; repeated keys (the `Output:` lines of a
 * `Command` response) are kept in order and read with {@link AmiMessage.getAll}.
 */
export class AmiMessage {
  /** Header lines in wire order, original case. */
  readonly headers: readonly AmiHeader[];
  readonly #lower: readonly string[];

  /** Builds a message from its header lines. */
  constructor(headers: readonly AmiHeader[]) {
    this.headers = headers;
    this.#lower = headers.map((h) => h.at(0)!.toLowerCase());
  }

  /** The value of the first header called `name` (case-insensitive), or undefined. */
  get(name: string): string | undefined {
    const key = name.toLowerCase();
    const idx = this.#lower.indexOf(key);
    return idx < 0 ? undefined : this.headers[idx]![1];
  }

  /** Every value of the headers called `name`, in wire order. */
  getAll(name: string): string[] {
    const key = name.toLowerCase();
    const out: string[] = [];
    for (let i = 0; i < this.#lower.length; i++) if (this.#lower[i] === key) out.push(this.headers[i]![1]);
    return out;
  }

  /** True when a header called `name` is present. */
  has(name: string): boolean {
    return this.#lower.includes(name.toLowerCase());
  }

  /** The `Event:` value, for events. */
  get event(): string | undefined {
    return this.get('Event');
  }

  /** The `Response:` value, for responses (and `OriginateResponse` events). */
  get response(): string | undefined {
    return this.get('Response');
  }

  /** The `ActionID:` value, if any. */
  get actionId(): string | undefined {
    return this.get('ActionID');
  }

  /** A plain object of the headers (the first value wins for repeated keys), for JSON and logs. */
  toObject(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.headers) if (!(k in out)) out[k] = v;
    return out;
  }
}
