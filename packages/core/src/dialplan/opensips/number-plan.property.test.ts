import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Words } from 'refa';
import type { DialplanRule } from './dialplan-rule.js';
import { analyzeDpid, classify, compileNumberPlan, ruleLanguage } from './index.js';

const rule = (id: number, pr: number, matchExp: string): DialplanRule =>
  ({ id, dpid: 0, pr, matchOp: 1, matchExp, matchFlags: id % 3 === 0 ? 1 : 0, disabled: false, attrs: `a${id % 2}` });

const regexChars = fc.constantFrom(...'^$.*+?|()[]{}\\-0123456789aAxX,:<=!>iPu'.split(''));
const anyRegex = fc.array(regexChars, { maxLength: 14 }).map((a) => a.join(''));
// Small well-formed regexes over digits, to compare the automaton with the regex on numbers.
const atom = fc.oneof(fc.constantFrom('0', '1', '2', '5', '.', '[0-4]', '[^3]', '\\d', '(1|22)', 'a'), fc.constant('(0|1)'));
const quant = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}');
const wellFormed = fc.tuple(fc.boolean(), fc.array(fc.tuple(atom, quant), { minLength: 1, maxLength: 5 }), fc.boolean())
  .map(([s, parts, e]) => `${s ? '^' : ''}${parts.map(([a, q]) => a + q).join('')}${e ? '$' : ''}`);
const numberArb = fc.stringMatching(/^[0-9aA]{1,8}$/);

describe('number plan properties', () => {
  it('never throws on arbitrary expressions', () => {
    fc.assert(fc.property(fc.array(anyRegex, { minLength: 1, maxLength: 4 }), numberArb, (exps, n) => {
      const rules = exps.map((e, i) => rule(i + 1, i, e));
      const plan = compileNumberPlan(rules);
      classify(plan, 0, n);
      analyzeDpid(rules, 0, { gaps: { maxLength: 3 } });
    }), { numRuns: 300 });
  });

  it("a rule's automaton accepts exactly the numbers its regex finds a match in", () => {
    fc.assert(fc.property(wellFormed, fc.array(numberArb, { maxLength: 20 }), (exp, numbers) => {
      const plan = compileNumberPlan([rule(1, 1, exp)]);
      const r = plan.rules[0]!;
      const lang = ruleLanguage(r)!;
      for (const n of numbers) expect(lang.test(Words.fromStringToUTF16(n))).toBe(new RegExp(exp).test(n));
    }), { numRuns: 500 });
  });

  it('overlap witnesses are classified by the winner and also match the loser', () => {
    fc.assert(fc.property(fc.array(wellFormed, { minLength: 2, maxLength: 5 }), (exps) => {
      const rules = exps.map((e, i) => ({ ...rule(i + 1, i, e), matchFlags: 0 }));
      const a = analyzeDpid(rules, 0, { gaps: { maxLength: 2 } });
      for (const o of a.overlaps) {
        const got = classify(rules, 0, o.witness);
        expect(got.status === 'translated' && got.rule.id).toBe(o.winner);
        expect(new RegExp(rules.find((x) => x.id === o.loser)!.matchExp).test(o.witness)).toBe(true);
      }
      for (const s of a.shadowed) expect(a.overlaps.some((o) => o.loser === s.id)).toBe(false);
      for (const g of a.gaps) for (const n of g.examples) expect(classify(rules, 0, n).status).toBe('no-match');
    }), { numRuns: 300 });
  });
});
