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

function plainDigits(s: string): boolean {
  if (s.length === 0 || s.charCodeAt(0) === 48) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const DIGITS = /^[0-9]+$/;
/** Longest digit string handled as a number (exact in a double). */
const MAX_DIGITS = 15;

/** True when `s` is a digit string short enough to be handled as a number. */
export function isBlockNumber(s: string): boolean {
  return s.length <= MAX_DIGITS && DIGITS.test(s);
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
export type SortedNumbers = ReadonlyMap<number, readonly number[]>;

/** Indexes digit strings for {@link numberBlocks}' exclusions; other strings are ignored. */
export function sortedNumbers(numbers: Iterable<string>): SortedNumbers {
  const out = new Map<number, number[]>();
  for (const n of numbers) {
    if (!isBlockNumber(n)) continue;
    let list = out.get(n.length);
    if (!list) out.set(n.length, (list = []));
    list.push(Number(n));
  }
  for (const list of out.values()) list.sort((x, y) => x - y);
  return out;
}

function lowerBound(list: readonly number[], v: number): number {
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
export function numberBlocks(numbers: Iterable<string>, ranges: Iterable<{ readonly from: string; readonly to: string }>, exclude: SortedNumbers): string[] {
  const byLength = new Map<number, Interval[]>();
  const push = (len: number, iv: Interval): void => {
    let list = byLength.get(len);
    if (!list) byLength.set(len, (list = []));
    list.push(iv);
  };
  const others: string[] = [];
  for (const n of numbers) {
    if (!isBlockNumber(n)) { others.push(n); continue; }
    const v = Number(n);
    push(n.length, { lo: v, hi: v });
  }
  for (const r of ranges) {
    if (r.from.length !== r.to.length || !isBlockNumber(r.from) || !isBlockNumber(r.to)) continue;
    const len = r.from.length;
    const lo = Number(r.from);
    const hi = Number(r.to);
    if (lo > hi) continue;
    const cut = exclude.get(len) ?? [];
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
  for (const n of [...new Set(others)].sort(compareNumbers)) out.push(n);
  return out;
}
