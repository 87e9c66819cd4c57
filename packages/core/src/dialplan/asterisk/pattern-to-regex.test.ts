import { describe, expect, it } from 'vitest';
import { patternToRegex } from './index.js';

describe('patternToRegex', () => {
  it('reads X, N, Z, sets and tails as the pattern engine does', () => {
    expect(patternToRegex('_9NXX.')).toBe('9[2-9][0-9][0-9].+');
    expect(patternToRegex('_Z!')).toBe('[1-9].*');
    expect(patternToRegex('_6[34]NX')).toBe('6[34][2-9][0-9]');
    expect(patternToRegex('_[*#]1')).toBe('(\\#|\\*)1');
    expect(patternToRegex('555-1212')).toBe('5551212');
    expect(patternToRegex('+4420.5')).toBe('\\+4420\\.5');
  });

  it('lowercase x is a wildcard, as in pbx.c; a letter other than X/N/Z is itself', () => {
    expect(patternToRegex('_x')).toBe('[0-9]');
    expect(patternToRegex('_FA[X]_.')).toBe('FAX\\_.+');
  });

  it('returns undefined for a pattern Asterisk never matches', () => {
    expect(patternToRegex('_1[2')).toBeUndefined();
  });
});
