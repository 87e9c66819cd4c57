/** What follows the fixed positions of a pattern: nothing, `.` (one or more of anything) or `!` (zero or more). */
export type PatternTail = 'none' | 'one-or-more' | 'zero-or-more';

/**
 * An Asterisk extension (literal or `_` pattern) compiled for fast matching, sorting and set algebra.
 *
 * The language is: `length` fixed positions, position `i` holding one character of the set stored
 * in `sets` at words `[i * 8, i * 8 + 8)` (see `char-set.ts`), followed by `tail`.
 * A literal is a pattern whose every set has one member and whose tail is `none`.
 */
export interface CompiledPattern {
  /** The extension exactly as written (`_64NX`, `6001`, `555-1212`). */
  readonly source: string;
  /** True for `_` patterns, false for literal extensions. */
  readonly isPattern: boolean;
  /** Character sets of the fixed positions, 8 words each. */
  readonly sets: Uint32Array;
  /** Number of fixed positions. */
  readonly length: number;
  /** What follows the fixed positions. */
  readonly tail: PatternTail;
  /** Shortest number the pattern accepts (`length`, plus one for a `.` tail). */
  readonly minLength: number;
  /** Longest number the pattern accepts (`Infinity` with a tail). */
  readonly maxLength: number;
  /**
   * The characters of the leading positions whose set has exactly one member (`64` for `_64NX`,
   * the whole number for a literal): a key for indexing patterns by where their numbers can start.
   */
  readonly literalPrefix: string;
  /** True when Asterisk can never match anything with it (unclosed set, a set that is empty after ranges). */
  readonly neverMatches: boolean;
  /** Asterisk's per-position sort scores (`ext_cmp_pattern_pos`), ending with the end-of-string score. */
  readonly sortScores: Int32Array;
  /** Asterisk's per-position sort bitmaps, 8 words per score (used to break ties between equal scores). */
  readonly sortBitmaps: Uint32Array;
  /** The literal with `-` removed, as Asterisk compares literals (only meaningful when `isPattern` is false). */
  readonly normalized: string;
}
