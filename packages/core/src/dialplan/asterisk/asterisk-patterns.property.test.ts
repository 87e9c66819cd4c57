import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compilePattern, comparePatterns, coverPattern, findPrefixAmbiguity, matchesPattern, patternToRegex, shortestCommonNumber,
} from './index.js';

// A pattern built from tokens, so the reference semantics come from the structure, not from re-parsing text.
type Slot = { kind: 'set'; members: number[]; text: string };
interface Gen { text: string; slots: Slot[]; tail: 'none' | '.' | '!'; literal: boolean }

const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const DIGITS = '0123456789';
const LITERALS = `${DIGITS}abF*#`;

const slotArb: fc.Arbitrary<Slot> = fc.oneof(
  fc.constantFrom(...LITERALS).map((ch) => ({ kind: 'set' as const, members: [ch.charCodeAt(0)], text: ch })),
  fc.constantFrom(
    { kind: 'set' as const, members: range(0x30, 0x39), text: 'X' },
    { kind: 'set' as const, members: range(0x31, 0x39), text: 'Z' },
    { kind: 'set' as const, members: range(0x32, 0x39), text: 'N' },
    { kind: 'set' as const, members: range(0x30, 0x39), text: 'x' },
  ),
  fc.array(fc.oneof(
    fc.constantFrom(...LITERALS).map((ch) => ({ t: ch, m: [ch.charCodeAt(0)] })),
    fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }))
      .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const)
      .map(([a, b]) => ({ t: `${a}-${b}`, m: range(0x30 + a, 0x30 + b) })),
  ), { minLength: 1, maxLength: 3 }).map((items) => ({
    kind: 'set' as const,
    members: [...new Set(items.flatMap((i) => i.m))].sort((x, y) => x - y),
    text: `[${items.map((i) => i.t).join('')}]`,
  })),
);

const patternArb: fc.Arbitrary<Gen> = fc.oneof(
  fc.tuple(fc.array(slotArb, { minLength: 0, maxLength: 5 }), fc.constantFrom('none', '.', '!'), fc.boolean())
    .filter(([slots, tail]) => slots.length > 0 || tail !== 'none')
    .map(([slots, tail, dash]) => ({
      text: `_${slots.map((s, i) => (dash && i === 1 ? `-${s.text}` : s.text)).join('')}${tail === 'none' ? '' : tail}`,
      slots, tail: tail as Gen['tail'], literal: false,
    })),
  fc.stringMatching(/^[0-9]{1,5}$/).map((digits) => ({
    text: digits, literal: true, tail: 'none' as const,
    slots: [...digits].map((ch) => ({ kind: 'set' as const, members: [ch.charCodeAt(0)], text: ch })),
  })),
);

const numberArb = fc.oneof(
  fc.stringMatching(/^[0-9]{1,7}$/),
  fc.stringMatching(/^[0-9abF*#-]{0,7}$/),
);

function referenceRegex(g: Gen): RegExp {
  const cls = (s: Slot) => `[${s.members.map((m) => `\\u${m.toString(16).padStart(4, '0')}`).join('')}]`;
  const tail = g.tail === '.' ? '[^]+' : g.tail === '!' ? '[^]*' : '';
  return new RegExp(`^${g.slots.map(cls).join('')}${tail}$`);
}

/** Reference ordering from the documented rules (literals first; per position: fewer members, lower ASCII; `.`, `!`, end). */
function referenceCompare(a: Gen, b: Gen): number {
  if (a.literal !== b.literal) return a.literal ? -1 : 1;
  if (a.literal) return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
  const rank = (g: Gen, i: number): number => (i < g.slots.length ? 0 : g.tail === '.' ? 1 : g.tail === '!' ? 2 : 3);
  for (let i = 0; ; i++) {
    const ra = rank(a, i);
    const rb = rank(b, i);
    if (ra !== rb) return ra - rb;
    if (ra !== 0) return 0; // both at the same wildcard or both ended
    const ma = a.slots[i]!.members;
    const mb = b.slots[i]!.members;
    if (ma.length !== mb.length) return ma.length - mb.length;
    const inA = new Set(ma);
    const inB = new Set(mb);
    const diff = [...ma.filter((m) => !inB.has(m)), ...mb.filter((m) => !inA.has(m))].sort((x, y) => x - y);
    if (diff.length > 0) return inA.has(diff[0]!) ? -1 : 1;
  }
}

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);
const strip = (n: string) => n.replaceAll('-', '');

describe('asterisk pattern properties', () => {
  it('never throws on arbitrary text', () => {
    const chars = fc.constantFrom(...'_[]\\-.!XNZxnz0123456789/ a\u0001é'.split(''));
    fc.assert(fc.property(fc.array(chars, { maxLength: 12 }).map((a) => a.join('')), fc.array(chars, { maxLength: 12 }).map((a) => a.join('')), numberArb, (s, t, n) => {
      const a = compilePattern(s).pattern;
      const b = compilePattern(`_${t}`).pattern;
      matchesPattern(a, n);
      comparePatterns(a, b);
      shortestCommonNumber(a, b);
      coverPattern(a, [b]);
      findPrefixAmbiguity(a, b);
    }), { numRuns: 2000 });
  });

  it('match agrees with a reference regex translation', () => {
    fc.assert(fc.property(patternArb, numberArb, (g, n) => {
      const p = compilePattern(g.text);
      expect(p.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
      expect(matchesPattern(p.pattern, n)).toBe(referenceRegex(g).test(strip(n)));
    }), { numRuns: 3000 });
  });

  it('patternToRegex accepts exactly the numbers the matcher accepts', () => {
    fc.assert(fc.property(patternArb, numberArb, (g, n) => {
      const p = compilePattern(g.text).pattern;
      const body = patternToRegex(p);
      expect(body).toBeDefined();
      expect(new RegExp(`^${body}$`).test(strip(n))).toBe(matchesPattern(p, n));
    }), { numRuns: 3000 });
  });

  it('intersection witnesses match both patterns and nothing shorter does', () => {
    fc.assert(fc.property(patternArb, patternArb, fc.array(numberArb, { maxLength: 30 }), (ga, gb, numbers) => {
      const a = compilePattern(ga.text).pattern;
      const b = compilePattern(gb.text).pattern;
      const w = shortestCommonNumber(a, b);
      // Numbers are never empty (`_!` matches "" but nobody dials it).
      const both = numbers.filter((n) => matchesPattern(a, n) && matchesPattern(b, n)).map(strip).filter((n) => n !== '');
      if (w === undefined) {
        expect(both).toEqual([]);
      } else {
        expect(matchesPattern(a, w) && matchesPattern(b, w)).toBe(true);
        for (const n of both) expect(n.length).toBeGreaterThanOrEqual(w.length);
      }
    }), { numRuns: 2000 });
  });

  it('sort is a total order that follows the documented rules', () => {
    fc.assert(fc.property(patternArb, patternArb, patternArb, (ga, gb, gc) => {
      const [a, b, c] = [ga, gb, gc].map((g) => compilePattern(g.text).pattern) as [ReturnType<typeof compilePattern>['pattern'], ReturnType<typeof compilePattern>['pattern'], ReturnType<typeof compilePattern>['pattern']];
      expect(sign(comparePatterns(a, b))).toBe(sign(referenceCompare(ga, gb)));
      expect(sign(comparePatterns(a, b))).toBe(-sign(comparePatterns(b, a)) || 0);
      if (comparePatterns(a, b) <= 0 && comparePatterns(b, c) <= 0) expect(comparePatterns(a, c)).toBeLessThanOrEqual(0);
    }), { numRuns: 3000 });
  });

  it('coverage agrees with the numbers: a witness is uncovered, covered means no sampled number escapes', () => {
    fc.assert(fc.property(patternArb, fc.array(patternArb, { maxLength: 4 }), fc.array(numberArb, { maxLength: 40 }), (gp, gs, numbers) => {
      const p = compilePattern(gp.text).pattern;
      const before = gs.map((g) => compilePattern(g.text).pattern);
      const r = coverPattern(p, before);
      // Numbers are never empty: `_!` matches "" but no one can dial it.
      const escapes = (n: string) => strip(n) !== '' && matchesPattern(p, n) && !before.some((q) => matchesPattern(q, n));
      if (r.covered) for (const n of numbers) expect(escapes(n)).toBe(false);
      else {
        expect(escapes(r.witness!)).toBe(true);
        for (const n of numbers) if (escapes(n)) expect(strip(n).length).toBeGreaterThanOrEqual(r.witness!.length);
      }
    }), { numRuns: 2000 });
  });
});
