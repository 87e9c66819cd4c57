/**
 * Character sets of Asterisk pattern positions, as 256-bit bitmaps over byte values.
 *
 * Layout: 8 unsigned 32-bit words per set, stored in one `Uint32Array` slab per pattern.
 * Character `c` is bit `31 - (c & 31)` of word `c >>> 5` ("most significant bit first").
 * That layout is the one Asterisk's `ext_cmp_pattern_pos` uses for its bitmaps, so comparing two
 * sets word by word as unsigned integers gives exactly Asterisk's `memcmp` tie-break.
 */

/** Number of 32-bit words in one character set. */
export const SET_WORDS = 8;

/** Tests whether character code `c` is in the set stored at `offset` (in words) of `slab`. */
export function setHas(slab: Uint32Array, offset: number, c: number): boolean {
  if (c < 0 || c > 255) return false;
  return ((slab[offset + (c >>> 5)]! >>> (31 - (c & 31))) & 1) === 1;
}

/** Adds character code `c` (0..255) to the set at `offset`. Returns true when it was not there yet. */
export function setAdd(slab: Uint32Array, offset: number, c: number): boolean {
  const w = offset + (c >>> 5);
  const bit = (1 << (31 - (c & 31))) >>> 0;
  const before = slab[w]!;
  if ((before & bit) !== 0) return false;
  slab[w] = (before | bit) >>> 0;
  return true;
}

/** Number of members of the set at `offset`. */
export function setSize(slab: Uint32Array, offset: number): number {
  let n = 0;
  for (let i = 0; i < SET_WORDS; i++) {
    let v = slab[offset + i]!;
    while (v !== 0) {
      v &= v - 1;
      n++;
    }
  }
  return n;
}

/** Smallest member of the set at `offset`, or -1 when empty. */
export function setMin(slab: Uint32Array, offset: number): number {
  for (let i = 0; i < SET_WORDS; i++) {
    const v = slab[offset + i]!;
    if (v !== 0) return i * 32 + Math.clz32(v);
  }
  return -1;
}

/** True when the set at `offset` has no member. */
export function setIsEmpty(slab: Uint32Array, offset: number): boolean {
  for (let i = 0; i < SET_WORDS; i++) if (slab[offset + i] !== 0) return false;
  return true;
}

/** Fills `out` at `outOffset` with the intersection of two sets; returns true when it is non-empty. */
export function setIntersectInto(
  a: Uint32Array, aOffset: number, b: Uint32Array, bOffset: number, out: Uint32Array, outOffset: number,
): boolean {
  let any = 0;
  for (let i = 0; i < SET_WORDS; i++) {
    const v = (a[aOffset + i]! & b[bOffset + i]!) >>> 0;
    out[outOffset + i] = v;
    any |= v;
  }
  return any !== 0;
}

/** True when the two sets share at least one member (no allocation). */
export function setsMeet(a: Uint32Array, aOffset: number, b: Uint32Array, bOffset: number): boolean {
  for (let i = 0; i < SET_WORDS; i++) if ((a[aOffset + i]! & b[bOffset + i]!) !== 0) return true;
  return false;
}

/**
 * The set of every character a number can hold (bytes 1..255), used for positions under a `.`/`!` tail.
 * NUL is left out: it cannot occur in a C string, so no extension can contain it.
 */
export const ANY_SET: Uint32Array = (() => {
  const s = new Uint32Array(SET_WORDS).fill(0xffffffff);
  s[0] = 0x7fffffff; // clear NUL
  return s;
})();

const DIGIT_PREFERENCE: readonly number[] = (() => {
  // Witness characters: digits first, then the other printable ASCII characters, then the rest.
  const order: number[] = [];
  for (let c = 0x30; c <= 0x39; c++) order.push(c);
  for (let c = 0x21; c <= 0x7e; c++) if (c < 0x30 || c > 0x39) order.push(c);
  order.push(0x20);
  for (let c = 1; c <= 255; c++) if (c < 0x20 || c > 0x7e) order.push(c);
  return order;
})();

/**
 * Picks the witness character of a set: its smallest digit if it has one, else its smallest printable
 * ASCII character, else its smallest member; -1 when the set is empty.
 */
export function setPick(slab: Uint32Array, offset: number): number {
  for (const c of DIGIT_PREFERENCE) if (setHas(slab, offset, c)) return c;
  return -1;
}
