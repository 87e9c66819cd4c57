import { describe, expect, it } from 'vitest';
import {
  compilePattern, comparePatterns, coverPattern, findPrefixAmbiguity, intersectPatterns, matchesPattern,
  patternsOverlap, rankCandidates, shortestCommonNumber, sortPatterns,
} from './index.js';

const c = (s: string) => compilePattern(s).pattern;
const codes = (s: string) => compilePattern(s, ['x']).diagnostics.map((d) => d.code);

describe('compilePattern', () => {
  it('reads wildcards, sets, ranges, escapes, dashes and tails', () => {
    const p = c('_6[34]N-X');
    expect(p.length).toBe(4);
    expect([p.minLength, p.maxLength, p.tail, p.literalPrefix]).toEqual([4, 4, 'none', '6']);
    expect(c('_X.')).toMatchObject({ minLength: 2, maxLength: Infinity, tail: 'one-or-more' });
    expect(c('_X!')).toMatchObject({ minLength: 1, tail: 'zero-or-more' });
    expect(c('555-1212')).toMatchObject({ isPattern: false, length: 7, literalPrefix: '5551212', normalized: '5551212' });
    // `\]` and `\-` are members, `-` last is literal.
    const e = c('_[\\]\\-a-]');
    for (const ch of [']', 'a']) expect(matchesPattern(e, ch)).toBe(true);
    // ...but a dash in the dialed number is skipped before matching, so even a set holding '-' never sees one.
    expect(matchesPattern(e, '-')).toBe(false);
    expect(matchesPattern(e, 'b')).toBe(false);
    expect(compilePattern('_6XX1').diagnostics).toEqual([]);
  });

  it('reports invalid patterns as diagnostics, never throwing', () => {
    expect(codes('_1[2')).toEqual(['dialplan.pattern-unclosed-set']);
    expect(c('_1[2').neverMatches).toBe(true);
    expect(codes('_1[]2')).toEqual(['dialplan.pattern-empty-set']);
    expect(c('_1[]2').length).toBe(2); // Asterisk ignores []
    expect(codes('_X.1')).toEqual(['dialplan.pattern-after-wildcard']);
    expect(compilePattern('_X.1').diagnostics[0]!.data).toMatchObject({ ignored: '1', wildcard: '.' });
    expect(codes('_[9-0]')).toEqual(['dialplan.pattern-reversed-range']);
    expect(c('_[9-0]').neverMatches).toBe(true);
    expect(codes('_')).toEqual(['dialplan.pattern-empty']);
    expect(codes('_12/34')).toEqual(['dialplan.pattern-invalid-char']);
    expect(codes('_1x')).toEqual(['dialplan.pattern-lowercase-wildcard']);
    expect(compilePattern('_1[2', ['extensions', 3, 'number']).diagnostics[0]!.path).toEqual(['extensions', 3, 'number']);
  });
});

describe('matchesPattern', () => {
  it('follows pbx.c', () => {
    expect(matchesPattern(c('_NXX'), '200')).toBe(true);
    expect(matchesPattern(c('_NXX'), '100')).toBe(false); // N is 2-9
    expect(matchesPattern(c('_ZX'), '09')).toBe(false); // Z is 1-9
    expect(matchesPattern(c('_X.'), '1')).toBe(false); // `.` needs at least one more
    expect(matchesPattern(c('_X.'), '1a#')).toBe(true); // `.` takes any character
    expect(matchesPattern(c('_X!'), '1')).toBe(true);
    expect(matchesPattern(c('555-1212'), '5551212')).toBe(true);
    expect(matchesPattern(c('5551212'), '555-1212')).toBe(true); // dashes in the number are ignored too
    expect(matchesPattern(c('_FA[X]_.'), 'FAX_5500')).toBe(true); // the talk's media pattern
    expect(matchesPattern(c('_FA[X]_.'), 'FA1_5500')).toBe(false);
    expect(matchesPattern(c('_FAX_.'), 'FA1_5500')).toBe(true); // bare X is a digit: why the talk writes [X]
    expect(matchesPattern(c('_x1'), '71')).toBe(true); // lowercase x is X in pbx.c
    expect(matchesPattern(c('_1[2'), '12')).toBe(false);
  });
});

describe('sorting (ext_cmp)', () => {
  it('orders the docs example for 6421 exactly', () => {
    const ps = ['_6.', '_6XX1', '_64XX', '_6[34]NX', '_64NX'].map(c);
    const r = rankCandidates(ps, '6421');
    expect(r.candidates.map((p) => p.source)).toEqual(['_64NX', '_64XX', '_6[34]NX', '_6XX1', '_6.']);
    expect(r.winner?.source).toBe('_64NX');
  });

  it('puts literals first, sets by size then by ASCII, `.` after sets and `!` after `.`', () => {
    const order = ['6421', '_6421', '_64[12]1', '_64[13]1', '_64[23]1', '_64N1', '_64Z1', '_64X1', '_64.', '_64!'];
    expect(sortPatterns([...order].reverse().map(c)).map((p) => p.source)).toEqual(order);
    // [12] and [13] both score 2 members starting at '1'; [12] holds the lower differing char '2'.
    expect(comparePatterns(c('_[12]'), c('_[13]'))).toBeLessThan(0);
    expect(comparePatterns(c('_X'), c('_x'))).toBe(0); // the same extension to Asterisk
    expect(comparePatterns(c('411'), c('4110'))).toBeLessThan(0);
    expect(comparePatterns(c('5-1'), c('51'))).toBe(0);
  });
});

describe('intersection', () => {
  it('gives the shortest common number, digits first', () => {
    expect(shortestCommonNumber(c('_64NX'), c('_6XX1'))).toBe('6421');
    expect(shortestCommonNumber(c('_6.'), c('_X!'))).toBe('60');
    expect(shortestCommonNumber(c('_NXX'), c('_1XX'))).toBeUndefined();
    expect(shortestCommonNumber(c('_XXX'), c('_XXXX'))).toBeUndefined();
    expect(shortestCommonNumber(c('_[a-c]X'), c('_[b-z]1'))).toBe('b1');
    expect(patternsOverlap(c('_X.'), c('1234'))).toBe(true);
    const x = intersectPatterns(c('_6[2-5]X.'), c('_6[4-9]!'))!;
    expect([x.length, x.minLength, x.maxLength, x.witness]).toEqual([3, 4, Infinity, '6400']);
  });
});

describe('coverage', () => {
  it('decides exactly whether earlier extensions take every number', () => {
    const [p, a, b] = ['_6XX', '_6[0-4]X', '_6[5-9]X'].map(c);
    expect(coverPattern(p!, [a!, b!])).toMatchObject({ covered: true, overlapping: [0, 1] });
    expect(coverPattern(p!, [a!])).toMatchObject({ covered: false, witness: '650' });
    // `_6.` after `_6X!`: `_6X!` takes 6 followed by a digit and anything; `_6.` still answers "6a".
    expect(coverPattern(c('_6.'), [c('_6X!')]).witness).toBe('6!');
    // Lengths: `_X.` (2+) minus `_XX` and `_XXX!` (3+) is fully covered.
    expect(coverPattern(c('_X.'), [c('_XX'), c('_X!')]).covered).toBe(true);
    // Length 2 is taken by _XX only for digit pairs, so "0!" (shortest, then digits first) is still open.
    expect(coverPattern(c('_X.'), [c('_XX'), c('_XXXX!')])).toMatchObject({ covered: false, witness: '0!' });
    // A literal covered by a pattern, and a pattern covered by literals.
    expect(coverPattern(c('6001'), [c('_6XXX')]).covered).toBe(true);
    const lits = Array.from({ length: 10 }, (_, i) => c(`7${i}`));
    expect(coverPattern(c('_7X'), lits).covered).toBe(true);
    expect(coverPattern(c('_7X'), lits.slice(0, 9)).witness).toBe('79');
    expect(coverPattern(c('_1[2'), []).covered).toBe(true); // never matches anything
  });
});

describe('prefix ambiguity', () => {
  it('finds numbers that are proper prefixes of other dialable numbers', () => {
    expect(findPrefixAmbiguity(c('411'), c('4110'))).toEqual({ prefix: '411', longer: '4110' });
    expect(findPrefixAmbiguity(c('411'), c('_41XX'))).toEqual({ prefix: '411', longer: '4110' });
    expect(findPrefixAmbiguity(c('_41X'), c('_4.'))).toEqual({ prefix: '410', longer: '4100' });
    expect(findPrefixAmbiguity(c('4110'), c('411'))).toBeUndefined();
    expect(findPrefixAmbiguity(c('411'), c('_42XX'))).toBeUndefined();
    expect(findPrefixAmbiguity(c('411'), c('_XXX'))).toBeUndefined();
  });
});
