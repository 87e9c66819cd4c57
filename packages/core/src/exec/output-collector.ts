/**
 * Collects a stream's bytes up to a cap. `push` returns false once the cap is exceeded so the
 * caller can kill the producer; bytes beyond the cap are dropped.
 * @internal
 */
export class OutputCollector {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  /** True once data beyond the cap arrived. */
  overflowed = false;
  constructor(private readonly cap: number) {}

  /** Adds a chunk; false when the cap has been exceeded. */
  push(chunk: Buffer): boolean {
    if (this.overflowed) return false;
    const room = this.cap - this.size;
    if (chunk.length > room) {
      if (room > 0) this.chunks.push(chunk.subarray(0, room));
      this.size = this.cap;
      this.overflowed = true;
      return false;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    return true;
  }

  /** The collected bytes as UTF-8 text. */
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
