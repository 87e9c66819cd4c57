import { ANY_SET, SET_WORDS, setIntersectInto, setPick } from './char-set.js';
import type { CompiledPattern } from './compiled-pattern.js';

/** A number of one extension that is a proper prefix of a number of another (overlap dialing waits). */
export interface PrefixAmbiguity {
  /** The shorter number, dialable on its own (`411`). */
  readonly prefix: string;
  /** A longer number that starts with it (`4110`). */
  readonly longer: string;
}

function setOf(p: CompiledPattern, i: number): [Uint32Array, number] | undefined {
  if (i < p.length) return [p.sets, i * SET_WORDS];
  return p.tail === 'none' ? undefined : [ANY_SET, 0];
}

/**
 * Finds the shortest number of `short` that is a proper prefix of some number of `long`
 * (411 vs 4110, or 411 vs `_41XX`), so a phone dialing it must wait for the inter-digit timeout.
 * Undefined when there is none. Exact: the shortest candidate prefix length is `short.minLength`.
 */
export function findPrefixAmbiguity(short: CompiledPattern, long: CompiledPattern): PrefixAmbiguity | undefined {
  if (short.neverMatches || long.neverMatches) return undefined;
  const l = Math.max(short.minLength, 1); // numbers are never empty
  if (l > short.maxLength || l >= long.maxLength) return undefined;
  const scratch = new Uint32Array(SET_WORDS);
  let prefix = '';
  for (let i = 0; i < l; i++) {
    const a = setOf(short, i)!;
    const b = setOf(long, i);
    if (b === undefined) return undefined;
    if (!setIntersectInto(a[0], a[1], b[0], b[1], scratch, 0)) return undefined;
    prefix += String.fromCharCode(setPick(scratch, 0));
  }
  let longer = prefix;
  const total = Math.max(long.minLength, l + 1);
  for (let i = l; i < total; i++) {
    const b = setOf(long, i)!;
    longer += String.fromCharCode(setPick(b[0], b[1]));
  }
  return { prefix, longer };
}
