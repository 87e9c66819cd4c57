function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * True when two AUTO_INCREMENT sequences `offset + k * increment` (k >= 0) share a value, i.e.
 * two co-masters can generate the same key. By the Chinese remainder theorem the sequences meet
 * exactly when the offsets are congruent modulo gcd(increments). An offset larger than its
 * increment is ignored by the server (treated as 1).
 *
 * @example
 * ```ts
 * autoIncrementCollides({ increment: 2, offset: 1 }, { increment: 2, offset: 2 }) // false: odd vs even
 * autoIncrementCollides({ increment: 1, offset: 1 }, { increment: 1, offset: 1 }) // true
 * autoIncrementCollides({ increment: 3, offset: 1 }, { increment: 2, offset: 2 }) // true: 4 is in both
 * ```
 */
export function autoIncrementCollides(a: { increment: number; offset: number }, b: { increment: number; offset: number }): boolean {
  const ia = Math.max(1, a.increment);
  const ib = Math.max(1, b.increment);
  const oa = a.offset > ia ? 1 : a.offset;
  const ob = b.offset > ib ? 1 : b.offset;
  return (oa - ob) % gcd(ia, ib) === 0;
}
