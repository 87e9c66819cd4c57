import { SET_WORDS, setHas } from './char-set.js';
import type { CompiledPattern } from './compiled-pattern.js';

/**
 * True when Asterisk would match `number` against the extension (`E_MATCH` mode of `pbx.c`).
 * `-` characters in the number are ignored, as Asterisk does. Allocation-free.
 *
 * @example
 * ```ts
 * matchesPattern(compilePattern('_64NX').pattern, '6421'); // true
 * matchesPattern(compilePattern('_X.').pattern, '5');      // false: `.` needs one more character
 * ```
 */
export function matchesPattern(pattern: CompiledPattern, number: string): boolean {
  if (pattern.neverMatches) return false;
  const { sets, length, tail } = pattern;
  let pos = 0;
  let extra = 0;
  for (let i = 0; i < number.length; i++) {
    const c = number.charCodeAt(i);
    if (c === 0x2d) continue;
    if (pos < length) {
      if (!setHas(sets, pos * SET_WORDS, c)) return false;
      pos++;
    } else {
      if (tail === 'none') return false;
      extra++;
    }
  }
  if (pos < length) return false;
  return tail !== 'one-or-more' || extra > 0;
}
