/** Options of {@link Backoff}: capped exponential delays with jitter. */
export interface BackoffOptions {
  /** First delay in ms (default 500). */
  readonly initialMs?: number;
  /** Cap in ms (default 30 000). */
  readonly maxMs?: number;
  /** Growth factor per attempt (default 2). */
  readonly factor?: number;
  /** Fraction of each delay that is random, 0..1 (default 0.5): delay = base * (1 - jitter + jitter * random()). */
  readonly jitter?: number;
  /** Random source in [0, 1) (default Math.random); tests inject their own. */
  readonly random?: () => number;
}

/**
 * Capped exponential backoff with jitter, so that many clients whose server restarts do not all
 * reconnect in the same millisecond.
 *
 * @example
 * ```ts
 * const b = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 });
 * [b.next(), b.next(), b.next(), b.next(), b.next()]; // [100, 200, 400, 800, 1000]
 * ```
 */
export class Backoff {
  readonly #initial: number;
  readonly #max: number;
  readonly #factor: number;
  readonly #jitter: number;
  readonly #random: () => number;
  #attempt = 0;

  /** Creates a backoff; see {@link BackoffOptions}. */
  constructor(options: BackoffOptions = {}) {
    this.#initial = options.initialMs ?? 500;
    this.#max = options.maxMs ?? 30_000;
    this.#factor = options.factor ?? 2;
    this.#jitter = Math.min(1, Math.max(0, options.jitter ?? 0.5));
    this.#random = options.random ?? Math.random;
  }

  /** Attempts since the last reset. */
  get attempt(): number {
    return this.#attempt;
  }

  /** The delay before the next attempt, in ms; grows until the cap. */
  next(): number {
    const base = Math.min(this.#max, this.#initial * this.#factor ** this.#attempt);
    this.#attempt++;
    return Math.round(base * (1 - this.#jitter + this.#jitter * this.#random()));
  }

  /** Starts again from the first delay (after a successful login). */
  reset(): void {
    this.#attempt = 0;
  }
}
