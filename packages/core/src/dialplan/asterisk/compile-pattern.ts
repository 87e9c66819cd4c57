import type { Diagnostic, ModelPath } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/catalogue.js';
import { SET_WORDS, setAdd, setSize } from './char-set.js';
import type { CompiledPattern, PatternTail } from './compiled-pattern.js';

/** A compiled extension and the problems found while reading it. */
export interface PatternCompileResult {
  readonly pattern: CompiledPattern;
  readonly diagnostics: Diagnostic[];
}

const SCORE_DOT = 0x18000;
const SCORE_BANG = 0x28000;
const SCORE_END = 0x30000;
const SCORE_SET_ERROR = 0x40000;

function digitRange(slab: Uint32Array, offset: number, from: number): void {
  for (let c = from; c <= 0x39; c++) setAdd(slab, offset, c);
}

/**
 * Reads an Asterisk extension the way `pbx.c` matches it (`_extension_match_core`) and compiles it.
 *
 * Never throws: problems are returned as `dialplan.pattern-*` diagnostics at `path`, and the compiled
 * form follows what Asterisk would do with the text (an unclosed set never matches, an empty set `[]`
 * is ignored, characters after `.`/`!` are ignored, lowercase `x`/`n`/`z` are wildcards as in `pbx.c`).
 * Inside a set, `\` escapes the next character (`[\]\-]`), as the reference describes.
 *
 * @example
 * ```ts
 * compilePattern('_6[34]NX').pattern.minLength; // 4
 * compilePattern('_1[2').diagnostics[0].code;   // 'dialplan.pattern-unclosed-set'
 * ```
 */
export function compilePattern(source: string, path: ModelPath = []): PatternCompileResult {
  const diagnostics: Diagnostic[] = [];
  const isPattern = source.startsWith('_');
  // Worst case one position per source character.
  const work = new Uint32Array(Math.max(1, source.length) * SET_WORDS);
  let k = 0;
  let tail: PatternTail = 'none';
  let neverMatches = false;
  let lowercaseReported = false;
  const badChar = (c: string, index: number): void => {
    diagnostics.push(diag('dialplan.pattern-invalid-char', path, { pattern: source, char: c, index }));
  };
  const checkChar = (code: number, index: number): void => {
    if (code < 0x20 || code > 0x7e || code === 0x2f) badChar(String.fromCharCode(code), index);
  };

  if (!isPattern) {
    for (let i = 0; i < source.length; i++) {
      const code = source.charCodeAt(i);
      if (code === 0x2d) continue; // '-' is eye candy in literals too
      checkChar(code, i);
      setAdd(work, k * SET_WORDS, code & 0xff);
      k++;
    }
  } else {
    let i = 1;
    while (i < source.length) {
      const ch = source[i]!;
      const code = source.charCodeAt(i);
      if (ch === '-') { i++; continue; }
      if (ch === '.' || ch === '!') {
        tail = ch === '.' ? 'one-or-more' : 'zero-or-more';
        const rest = source.slice(i + 1).replaceAll('-', '');
        if (rest !== '') diagnostics.push(diag('dialplan.pattern-after-wildcard', path, { pattern: source, wildcard: ch, ignored: rest, index: i + 1 }));
        break;
      }
      if (ch === '[') {
        const start = i;
        const off = k * SET_WORDS;
        let j = i + 1;
        let closed = false;
        let items = 0;
        // Collect members: `\` escapes, `a-b` ranges, `-` first or last is literal.
        const members: number[] = [];
        while (j < source.length) {
          const itemStart = j;
          let c = source[j]!;
          if (c === ']') { closed = true; break; }
          if (c === '\\') {
            if (j + 1 >= source.length) break;
            j++;
            c = source[j]!;
          }
          const cCode = source.charCodeAt(j);
          j++;
          // Range when the next char is '-' followed by something other than the closing ']'.
          if (source[j] === '-' && j + 1 < source.length && source[j + 1] !== ']') {
            let hiIndex = j + 1;
            if (source[hiIndex] === '\\' && hiIndex + 1 < source.length) hiIndex++;
            const hi = source.charCodeAt(hiIndex);
            j = hiIndex + 1;
            items++;
            if (hi < cCode) {
              diagnostics.push(diag('dialplan.pattern-reversed-range', path, { pattern: source, range: source.slice(itemStart, j), index: itemStart }));
              continue;
            }
            for (let x = cCode; x <= hi; x++) {
              checkChar(x, start);
              members.push(x);
            }
            continue;
          }
          items++;
          checkChar(cCode, j - 1);
          members.push(cCode);
        }
        if (!closed) {
          diagnostics.push(diag('dialplan.pattern-unclosed-set', path, { pattern: source, index: start }));
          neverMatches = true;
          break;
        }
        i = j + 1;
        if (items === 0) {
          diagnostics.push(diag('dialplan.pattern-empty-set', path, { pattern: source, index: start }));
          continue; // Asterisk ignores `[]`
        }
        for (const m of members) setAdd(work, off, m & 0xff);
        if (members.length === 0) neverMatches = true; // only reversed ranges: nothing can match
        k++;
        continue;
      }
      const off = k * SET_WORDS;
      switch (ch) {
        case 'X': case 'x': digitRange(work, off, 0x30); break;
        case 'Z': case 'z': digitRange(work, off, 0x31); break;
        case 'N': case 'n': digitRange(work, off, 0x32); break;
        default:
          checkChar(code, i);
          setAdd(work, off, code & 0xff);
      }
      if ((ch === 'x' || ch === 'z' || ch === 'n') && !lowercaseReported) {
        lowercaseReported = true;
        diagnostics.push(diag('dialplan.pattern-lowercase-wildcard', path, { pattern: source, char: ch, index: i }));
      }
      k++;
      i++;
    }
  }
  if (k === 0 && tail === 'none' && !neverMatches) diagnostics.push(diag('dialplan.pattern-empty', path, { pattern: source }));

  const sets = work.slice(0, k * SET_WORDS);
  let literalPrefix = '';
  for (let p = 0; p < k; p++) {
    if (setSize(sets, p * SET_WORDS) !== 1) break;
    let c = -1;
    for (let w = 0; w < SET_WORDS && c < 0; w++) {
      const v = sets[p * SET_WORDS + w]!;
      if (v !== 0) c = w * 32 + Math.clz32(v);
    }
    literalPrefix += String.fromCharCode(c);
  }
  const { scores, bitmaps } = isPattern ? sortKey(source.slice(1)) : { scores: new Int32Array(0), bitmaps: new Uint32Array(0) };
  const pattern: CompiledPattern = {
    source,
    isPattern,
    sets,
    length: k,
    tail,
    minLength: k + (tail === 'one-or-more' ? 1 : 0),
    maxLength: tail === 'none' ? k : Number.POSITIVE_INFINITY,
    literalPrefix,
    neverMatches,
    sortScores: scores,
    sortBitmaps: bitmaps,
    normalized: isPattern ? source : source.replaceAll('-', ''),
  };
  return { pattern, diagnostics };
}

/**
 * Port of Asterisk's `ext_cmp_pattern_pos` over a whole pattern (without its `_`): one score and one
 * bitmap per position, ending with the end-of-string score. Asterisk's sort does not know escapes.
 */
function sortKey(text: string): { scores: Int32Array; bitmaps: Uint32Array } {
  const scores: number[] = [];
  const maps: Uint32Array[] = [];
  let p = 0;
  for (;;) {
    const map = new Uint32Array(SET_WORDS);
    let score = -1;
    while (score < 0) {
      let c: number;
      do {
        c = p < text.length ? text.charCodeAt(p) & 0xff : 0;
        p++;
      } while (c === 0x2d);
      switch (c) {
        case 0x6e: case 0x4e: digitRange(map, 0, 0x32); score = 0x0800 | 0x32; break;
        case 0x78: case 0x58: digitRange(map, 0, 0x30); score = 0x0a00 | 0x30; break;
        case 0x7a: case 0x5a: digitRange(map, 0, 0x31); score = 0x0900 | 0x31; break;
        case 0x2e: score = SCORE_DOT; break;
        case 0x21: score = SCORE_BANG; break;
        case 0: score = SCORE_END; break;
        case 0x5b: {
          const end = text.indexOf(']', p);
          if (end < 0) { score = SCORE_SET_ERROR; break; }
          let count = 0;
          let cmin = 0xff;
          for (; p < end; p++) {
            let c1 = text.charCodeAt(p) & 0xff;
            let c2 = c1;
            if (p + 2 < end && text[p + 1] === '-') {
              c2 = text.charCodeAt(p + 2) & 0xff;
              p += 2;
            }
            if (c1 < cmin) cmin = c1;
            for (; c1 <= c2; c1++) if (setAdd(map, 0, c1)) count += 0x100;
          }
          p++; // skip ']'
          if (count !== 0) score = count | cmin; // an empty set is skipped: read the next position
          break;
        }
        default:
          setAdd(map, 0, c);
          score = 0x0100 | c;
      }
    }
    scores.push(score);
    maps.push(map);
    if (score === SCORE_END) break;
  }
  const bitmaps = new Uint32Array(maps.length * SET_WORDS);
  maps.forEach((m, i) => bitmaps.set(m, i * SET_WORDS));
  return { scores: Int32Array.from(scores), bitmaps };
}
