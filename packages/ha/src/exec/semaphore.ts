/** A counting semaphore: at most `limit` holders at a time, waiters served in arrival order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('semaphore limit must be a positive integer');
  }

  /** Number of current holders. */
  get inUse(): number {
    return this.active;
  }

  /** Runs `fn` once a slot is free and releases the slot when it settles. */
  async use<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      // Hand the slot straight to the next waiter, so `active` never overshoots the limit.
      if (next !== undefined) next();
      else this.active--;
    }
  }
}
