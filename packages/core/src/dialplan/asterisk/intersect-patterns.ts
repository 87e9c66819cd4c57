import { ANY_SET, SET_WORDS, setHas, setIntersectInto, setPick, setsMeet } from './char-set.js';
import type { CompiledPattern } from './compiled-pattern.js';

/** The numbers two extensions both match, in the same shape as a compiled pattern. */
export interface PatternIntersection {
  /** Character sets of the fixed positions (8 words each). */
  readonly sets: Uint32Array;
  /** Number of fixed positions. */
  readonly length: number;
  /** Shortest common number length. */
  readonly minLength: number;
  /** Longest common number length (`Infinity` when both have a tail). */
  readonly maxLength: number;
  /** The shortest common number (digits preferred, then the smallest character). */
  readonly witness: string;
}

function setAt(p: CompiledPattern, i: number): [Uint32Array, number] | undefined {
  if (i < p.length) return [p.sets, i * SET_WORDS];
  return p.tail === 'none' ? undefined : [ANY_SET, 0];
}

/**
 * True when some number matches both extensions. Allocation-free, for use in tight loops
 * (compare only patterns whose `literalPrefix` can meet, then call this).
 */
export function patternsOverlap(a: CompiledPattern, b: CompiledPattern): boolean {
  if (a.neverMatches || b.neverMatches) return false;
  const lo = Math.max(a.minLength, b.minLength, 1); // numbers are never empty
  if (lo > Math.min(a.maxLength, b.maxLength)) return false;
  // Positions >= lo exist only with tails (any character), so checking [0, lo) suffices.
  for (let i = 0; i < lo; i++) {
    const sa = setAt(a, i);
    const sb = setAt(b, i);
    if (sa === undefined || sb === undefined) return false;
    if (!setsMeet(sa[0], sa[1], sb[0], sb[1])) return false;
  }
  return true;
}

/**
 * The shortest number both extensions match, or undefined when their languages are disjoint.
 * Deterministic: at each position the smallest shared digit, else the smallest shared character.
 */
export function shortestCommonNumber(a: CompiledPattern, b: CompiledPattern): string | undefined {
  if (!patternsOverlap(a, b)) return undefined;
  const lo = Math.max(a.minLength, b.minLength, 1);
  let out = '';
  const scratch = new Uint32Array(SET_WORDS);
  for (let i = 0; i < lo; i++) {
    const sa = setAt(a, i)!;
    const sb = setAt(b, i)!;
    setIntersectInto(sa[0], sa[1], sb[0], sb[1], scratch, 0);
    out += String.fromCharCode(setPick(scratch, 0));
  }
  return out;
}

/**
 * Intersects two extensions: the position-wise set intersection with `.`/`!` tails taken into account.
 * Undefined when no number matches both.
 */
export function intersectPatterns(a: CompiledPattern, b: CompiledPattern): PatternIntersection | undefined {
  const witness = shortestCommonNumber(a, b);
  if (witness === undefined) return undefined;
  const k = Math.max(a.length, b.length);
  const sets = new Uint32Array(k * SET_WORDS);
  for (let i = 0; i < k; i++) {
    const sa = setAt(a, i)!;
    const sb = setAt(b, i)!;
    setIntersectInto(sa[0], sa[1], sb[0], sb[1], sets, i * SET_WORDS);
  }
  return {
    sets,
    length: k,
    minLength: Math.max(a.minLength, b.minLength, 1),
    maxLength: Math.min(a.maxLength, b.maxLength),
    witness,
  };
}

/** True when `number` is in an intersection (same rules as `matchesPattern`). */
export function intersectionHas(x: PatternIntersection, number: string): boolean {
  const digits = number.replaceAll('-', '');
  if (digits.length < x.minLength || digits.length > x.maxLength) return false;
  for (let i = 0; i < x.length; i++) if (!setHas(x.sets, i * SET_WORDS, digits.charCodeAt(i))) return false;
  return true;
}
