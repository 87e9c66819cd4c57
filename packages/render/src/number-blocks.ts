import { naturalCompare } from '@acm/core';

/**
 * Compares dial strings as numbers where both are plain digit strings without a leading zero (by
 * length, then text), and with core's `naturalCompare` otherwise. Same order as `naturalCompare`,
 * without its regular expressions on the common path.
 */
export function compareNumbers(a: string, b: string): number {
  if (plainDigits(a) && plainDigits(b)) {
    if (a.length !== b.length) return a.length - b.length;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return naturalCompare(a, b);
}

/** True for a non-empty string of ASCII digits (no regular expression: this runs for every number). */
function allDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function plainDigits(s: string): boolean {
  return s.charCodeAt(0) !== 48 && allDigits(s);
}

/** Longest digit string handled as a number (exact in a double). */
const MAX_DIGITS = 15;

/** True when `s` is a digit string short enough to be handled as a number. */
export function isBlockNumber(s: string): boolean {
  return s.length <= MAX_DIGITS && allDigits(s);
}

/** Digit-class of an Asterisk pattern for the digits `lo`..`hi` (`X`, `Z`, `N`, `[3-7]`, `5`). */
function digitClass(lo: number, hi: number): string {
  if (lo === hi) return String(lo);
  if (lo === 0 && hi === 9) return 'X';
  if (lo === 1 && hi === 9) return 'Z';
  if (lo === 2 && hi === 9) return 'N';
  return `[${lo}-${hi}]`;
}

/**
 * The fewest Asterisk extensions (literals and `_` patterns) matching exactly the digit strings from
 * `from` to `to` (same length, both included).
 *
 * @example
 * ```ts
 * rangePatterns('6100', '6199'); // ['_61XX']
 * rangePatterns('6150', '6230'); // ['_61[5-9]X', '_62[0-2]X', '6230']
 * ```
 */
export function rangePatterns(from: string, to: string): string[] {
  const out: string[] = [];
  split(from, to, '', out);
  return out.map((p) => (/[XZN[]/.test(p) ? `_${p}` : p));
}

function split(lo: string, hi: string, prefix: string, out: string[]): void {
  if (lo === hi) { out.push(prefix + lo); return; }
  const n = lo.length;
  const a = lo.charCodeAt(0) - 48;
  const b = hi.charCodeAt(0) - 48;
  const loRest = lo.slice(1);
  const hiRest = hi.slice(1);
  if (a === b) { split(loRest, hiRest, prefix + lo[0], out); return; }
  const zeros = '0'.repeat(n - 1);
  const nines = '9'.repeat(n - 1);
  let first = a;
  let last = b;
  if (loRest !== zeros) { split(loRest, nines, prefix + String(a), out); first = a + 1; }
  const tail = hiRest !== nines;
  if (tail) last = b - 1;
  if (first <= last) out.push(prefix + digitClass(first, last) + 'X'.repeat(n - 1));
  if (tail) split(zeros, hiRest, prefix + String(b), out);
}

/** A closed interval of numbers of one length. */
interface Interval { lo: number; hi: number }

/** Digit strings by length, as sorted numbers (see {@link sortedNumbers}). */
export type SortedNumbers = ReadonlyMap<number, Float64Array>;

/**
 * Digit strings grouped by length as numbers, and the strings that are not digit strings. Numbers go
 * into plain arrays and are sorted once as typed arrays (a native numeric sort, no comparator).
 */
export class NumberSet {
  private readonly byLength = new Map<number, number[]>();
  /** The strings that are not digit strings (`*80`), in the order added. */
  readonly others: string[] = [];

  add(n: string): void {
    if (!isBlockNumber(n)) { this.others.push(n); return; }
    let list = this.byLength.get(n.length);
    if (!list) this.byLength.set(n.length, (list = []));
    list.push(Number(n));
  }

  /** The numbers of each length, sorted. */
  sorted(): Map<number, Float64Array> {
    return NumberSet.union([this]);
  }

  /** The numbers of every set, by length, sorted. */
  static union(sets: Iterable<NumberSet>): Map<number, Float64Array> {
    const lists = new Map<number, number[][]>();
    for (const set of sets) {
      for (const [len, list] of set.byLength) {
        const l = lists.get(len);
        if (l) l.push(list);
        else lists.set(len, [list]);
      }
    }
    const out = new Map<number, Float64Array>();
    for (const [len, parts] of lists) {
      const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) { all.set(p, at); at += p.length; }
      out.set(len, all.sort());
    }
    return out;
  }
}

/** Indexes digit strings for {@link numberBlocks}' exclusions; other strings are ignored. */
export function sortedNumbers(numbers: Iterable<string>): SortedNumbers {
  const set = new NumberSet();
  for (const n of numbers) set.add(n);
  return set.sorted();
}

function lowerBound(list: Float64Array, v: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Turns digit strings and ranges into the Asterisk extensions matching exactly them; numbers of
 * `exclude` are cut out of the ranges (not out of `numbers`). Order: by length, then by value, then
 * the numbers that are not digit strings, as literals.
 *
 * @example
 * ```ts
 * numberBlocks(['6100'], [{ from: '6100', to: '6199' }], sortedNumbers(['6150'])); // ['_61[0-4]X', '_615Z', '_61[6-9]X']
 * ```
 */
export function numberBlocks(numbers: NumberSet | Iterable<string>, ranges: Iterable<{ readonly from: string; readonly to: string }>, exclude: SortedNumbers): string[] {
  const byLength = new Map<number, Interval[]>();
  const push = (len: number, iv: Interval): void => {
    let list = byLength.get(len);
    if (!list) byLength.set(len, (list = []));
    list.push(iv);
  };
  let own: NumberSet;
  if (numbers instanceof NumberSet) own = numbers;
  else {
    own = new NumberSet();
    for (const n of numbers) own.add(n);
  }
  // Runs of consecutive numbers become one interval each: a cluster's thousands of numbers are a few runs.
  for (const [len, sorted] of own.sorted()) {
    let run: Interval | undefined;
    for (const v of sorted) {
      if (run && v <= run.hi + 1) { run.hi = v; continue; }
      if (run) push(len, run);
      run = { lo: v, hi: v };
    }
    if (run) push(len, run);
  }
  for (const r of ranges) {
    if (r.from.length !== r.to.length || !isBlockNumber(r.from) || !isBlockNumber(r.to)) continue;
    const len = r.from.length;
    const lo = Number(r.from);
    const hi = Number(r.to);
    if (lo > hi) continue;
    const cut = exclude.get(len) ?? new Float64Array(0);
    let start = lo;
    for (let i = lowerBound(cut, lo); i < cut.length && (cut[i] as number) <= hi; i++) {
      const v = cut[i] as number;
      if (v > start) push(len, { lo: start, hi: v - 1 });
      start = v + 1;
    }
    if (start <= hi) push(len, { lo: start, hi });
  }
  const out: string[] = [];
  for (const len of [...byLength.keys()].sort((x, y) => x - y)) {
    const list = (byLength.get(len) as Interval[]).sort((x, y) => x.lo - y.lo || x.hi - y.hi);
    let cur: Interval | undefined;
    const emit = (iv: Interval): void => { out.push(...rangePatterns(String(iv.lo).padStart(len, '0'), String(iv.hi).padStart(len, '0'))); };
    for (const iv of list) {
      if (cur && iv.lo <= cur.hi + 1) { if (iv.hi > cur.hi) cur.hi = iv.hi; continue; }
      if (cur) emit(cur);
      cur = { lo: iv.lo, hi: iv.hi };
    }
    if (cur) emit(cur);
  }
  // Numbers that are not plain digit strings stay literals.
  for (const n of [...new Set(own.others)].sort(compareNumbers)) out.push(n);
  return out;
}
