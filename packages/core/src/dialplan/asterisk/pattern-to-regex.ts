import { SET_WORDS, setHas } from './char-set.js';
import { compilePattern } from './compile-pattern.js';
import type { CompiledPattern } from './compiled-pattern.js';

const isAlnum = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const kind = (c: number): number => (c >= 0x30 && c <= 0x39 ? 1 : c >= 0x41 && c <= 0x5a ? 2 : c >= 0x61 && c <= 0x7a ? 3 : 0);
const esc = (c: number): string => (isAlnum(c) ? String.fromCharCode(c) : `\\${String.fromCharCode(c)}`);

/** One position: a bracket of its letter and digit runs, other characters as escaped alternatives. */
function positionRegex(sets: Uint32Array, offset: number): string {
  const runs: string[] = [];
  const others: string[] = [];
  let c = 0x20;
  while (c <= 0x7e) {
    if (!setHas(sets, offset, c)) { c++; continue; }
    if (!isAlnum(c)) { others.push(esc(c)); c++; continue; }
    // A run stays inside one kind of character (digits, upper case, lower case).
    const start = c;
    while (c < 0x7e && kind(c + 1) === kind(start) && setHas(sets, offset, c + 1)) c++;
    const a = String.fromCharCode(start);
    const b = String.fromCharCode(c);
    runs.push(c === start ? a : c === start + 1 ? `${a}${b}` : `${a}-${b}`);
    c++;
  }
  const bracket = runs.length === 0 ? [] : [runs.length === 1 && runs[0]!.length === 1 ? runs[0]! : `[${runs.join('')}]`];
  const parts = [...bracket, ...others];
  return parts.length === 1 ? parts[0]! : `(${parts.join('|')})`;
}

/**
 * The regular expression body (no anchors) of the numbers Asterisk matches with an extension,
 * built from the compiled pattern ({@link compilePattern}): the same reading of `X`, `N`, `Z`, sets,
 * `.` and `!` as every other check. The body is both a POSIX extended expression (Asterisk's
 * `REGEX()`) and a JavaScript one: no escape sequence inside brackets, other characters escaped
 * outside them. Returns `undefined` for an extension Asterisk never matches (an unclosed set).
 *
 * @example
 * ```ts
 * patternToRegex('_9NXX.'); // '9[2-9][0-9][0-9].+'
 * patternToRegex('_[*#]1'); // '(\\#|\\*)1'
 * ```
 */
export function patternToRegex(pattern: string | CompiledPattern): string | undefined {
  const p = typeof pattern === 'string' ? compilePattern(pattern).pattern : pattern;
  if (p.neverMatches) return undefined;
  let out = '';
  for (let i = 0; i < p.length; i++) out += positionRegex(p.sets, i * SET_WORDS);
  return out + (p.tail === 'one-or-more' ? '.+' : p.tail === 'zero-or-more' ? '.*' : '');
}
