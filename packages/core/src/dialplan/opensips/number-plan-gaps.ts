import type { DigitTable } from './rule-language.js';

/** Digit-only numbers of one length that no rule classifies. */
export interface NumberPlanGap {
  /** Number length. */
  readonly length: number;
  /** How many numbers of that length match no rule. */
  readonly count: number;
  /** The smallest few of them. */
  readonly examples: readonly string[];
  /**
   * The same numbers as Asterisk-style patterns (`X` any digit, `[134]` a set), e.g. `[134579]XXX`;
   * possibly cut at `maxPatterns`.
   */
  readonly patterns: readonly string[];
  /** True when `patterns` was cut. */
  readonly truncated: boolean;
}

/** Options for gap enumeration. */
export interface GapOptions {
  /** Longest number length examined (default 4). */
  readonly maxLength?: number;
  /** Examples per length (default 5). */
  readonly examples?: number;
  /** Patterns per length (default 20). */
  readonly maxPatterns?: number;
}

/**
 * Enumerates the digit strings of length 1..maxLength accepted by none of the tables, by building the
 * union automaton lazily over the digits (a subset construction whose states are the live
 * (rule, state) pairs) and counting per state and remaining length. Exact; the cost depends on the
 * number of distinct union states, not on 10^length.
 */
export function findNumberGaps(tables: readonly DigitTable[], options: GapOptions = {}): NumberPlanGap[] {
  const maxLength = options.maxLength ?? 4;
  const nExamples = options.examples ?? 5;
  const maxPatterns = options.maxPatterns ?? 20;

  // Union states: each is a list of (table, state) pairs; id 0 is the dead state (nothing alive).
  const keys = new Map<string, number>();
  const states: Int32Array[] = [];
  const accepting: boolean[] = [];
  const children: Int32Array[] = [];
  const intern = (pairs: Int32Array): number => {
    const key = pairs.join(',');
    let id = keys.get(key);
    if (id === undefined) {
      id = states.length;
      keys.set(key, id);
      states.push(pairs);
      let acc = false;
      for (let i = 0; i < pairs.length; i += 2) if (tables[pairs[i]!]!.accept[pairs[i + 1]!] === 1) acc = true;
      accepting.push(acc);
      children.push(new Int32Array(10).fill(-1));
    }
    return id;
  };
  intern(new Int32Array(0));
  const start = intern(Int32Array.from(tables.flatMap((_, t) => [t, 0])));
  const child = (s: number, d: number): number => {
    const known = children[s]![d]!;
    if (known >= 0) return known;
    const pairs = states[s]!;
    const out: number[] = [];
    for (let i = 0; i < pairs.length; i += 2) {
      const t = pairs[i]!;
      const to = tables[t]!.next[pairs[i + 1]! * 10 + d]!;
      if (to >= 0) out.push(t, to);
    }
    const id = intern(Int32Array.from(out));
    children[s]![d] = id;
    return id;
  };

  // gaps(s, r): numbers of exactly r more digits from s that end in a non-accepting state.
  const memo = new Map<number, number>();
  const gaps = (s: number, r: number): number => {
    if (s === 0) return 10 ** r;
    if (r === 0) return accepting[s] ? 0 : 1;
    const key = s * 64 + r;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let n = 0;
    for (let d = 0; d < 10; d++) n += gaps(child(s, d), r - 1);
    memo.set(key, n);
    return n;
  };

  const result: NumberPlanGap[] = [];
  for (let len = 1; len <= maxLength; len++) {
    const count = gaps(start, len);
    if (count === 0) continue;
    const examples: string[] = [];
    const collect = (s: number, r: number, prefix: string): void => {
      if (examples.length >= nExamples || gaps(s, r) === 0) return;
      if (r === 0) { examples.push(prefix); return; }
      for (let d = 0; d < 10 && examples.length < nExamples; d++) collect(child(s, d), r - 1, prefix + d);
    };
    collect(start, len, '');
    const patterns: string[] = [];
    let truncated = false;
    const describe = (s: number, r: number, prefix: string): void => {
      if (truncated) return;
      const g = gaps(s, r);
      if (g === 0) return;
      if (g === 10 ** r) { push(prefix + 'X'.repeat(r)); return; }
      // Digits whose whole subtree is a gap share one set; the others are described one by one.
      const full: number[] = [];
      for (let d = 0; d < 10; d++) if (gaps(child(s, d), r - 1) === 10 ** (r - 1)) full.push(d);
      if (full.length > 0) push(prefix + digitSet(full) + 'X'.repeat(r - 1));
      for (let d = 0; d < 10; d++) if (!full.includes(d)) describe(child(s, d), r - 1, prefix + d);
    };
    const push = (p: string): void => {
      if (patterns.length >= maxPatterns) truncated = true;
      else patterns.push(p);
    };
    describe(start, len, '');
    result.push({ length: len, count, examples, patterns, truncated });
  }
  return result;
}

function digitSet(ds: readonly number[]): string {
  if (ds.length === 1) return String(ds[0]);
  if (ds.length === 10) return 'X';
  if (ds.length === 9 && ds[0] === 1) return 'Z';
  if (ds.length === 8 && ds[0] === 2) return 'N';
  return `[${ds.join('')}]`;
}
