import { SET_WORDS } from './char-set.js';
import type { CompiledPattern } from './compiled-pattern.js';
import { matchesPattern } from './match-pattern.js';

/**
 * Compares two extensions exactly as Asterisk sorts a context (`ext_cmp` in `pbx.c`): negative when
 * `a` is tried first. Literals come before patterns; literals compare byte by byte ignoring `-`;
 * patterns compare position by position: fewer members first, then the lowest first member, then the
 * set holding the lowest differing character; `.` after any set, `!` after `.`, end of pattern last.
 * Returns 0 when Asterisk considers them the same extension.
 */
export function comparePatterns(a: CompiledPattern, b: CompiledPattern): number {
  if (!a.isPattern) {
    if (b.isPattern) return -1;
    const x = a.normalized;
    const y = b.normalized;
    const n = Math.min(x.length, y.length);
    for (let i = 0; i < n; i++) {
      const d = (x.charCodeAt(i) & 0xff) - (y.charCodeAt(i) & 0xff);
      if (d !== 0) return d;
    }
    return x.length - y.length;
  }
  if (!b.isPattern) return 1;
  const sa = a.sortScores;
  const sb = b.sortScores;
  for (let i = 0; ; i++) {
    const va = sa[i]!;
    const vb = sb[i]!;
    if (va !== vb) return va - vb;
    // memcmp(right, left): the set holding the lowest differing character sorts first.
    const off = i * SET_WORDS;
    for (let w = 0; w < SET_WORDS; w++) {
      const wa = a.sortBitmaps[off + w]!;
      const wb = b.sortBitmaps[off + w]!;
      if (wa !== wb) return wb > wa ? 1 : -1;
    }
    if (va === 0x30000) return 0;
  }
}

/** Sorts extensions into the order Asterisk tries them (stable; returns a new array). */
export function sortPatterns<T extends CompiledPattern>(patterns: readonly T[]): T[] {
  return [...patterns].sort(comparePatterns);
}

/** The extensions that match a number, in the order Asterisk tries them, and the one a call reaches. */
export interface PatternRanking<T extends CompiledPattern = CompiledPattern> {
  /** Every matching extension, first one first (what `dialplan show <number>@ctx` lists). */
  readonly candidates: T[];
  /** The extension the call reaches, or undefined when none matches. */
  readonly winner: T | undefined;
}

/**
 * Ranks the extensions of one context that match `number`, as Asterisk does.
 *
 * @example
 * ```ts
 * const ps = ['_6.', '_6XX1', '_64XX', '_6[34]NX', '_64NX'].map((p) => compilePattern(p).pattern);
 * rankCandidates(ps, '6421').candidates.map((p) => p.source);
 * // ['_64NX', '_64XX', '_6[34]NX', '_6XX1', '_6.']
 * ```
 */
export function rankCandidates<T extends CompiledPattern>(patterns: readonly T[], number: string): PatternRanking<T> {
  const candidates = patterns.filter((p) => matchesPattern(p, number)).sort(comparePatterns);
  return { candidates, winner: candidates[0] };
}
