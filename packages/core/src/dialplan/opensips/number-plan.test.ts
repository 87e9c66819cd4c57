import { describe, expect, it } from 'vitest';
import type { DialplanRule } from './dialplan-rule.js';
import { analyzeDpid, checkPcre, classify, compileNumberPlan } from './index.js';
import { TALK_RULES } from './test-support/talk-rules.js';

const rule = (id: number, pr: number, matchExp: string, attrs: string, more: Partial<DialplanRule> = {}): DialplanRule =>
  ({ id, dpid: 0, pr, matchOp: 1, matchExp, matchFlags: 0, disabled: false, attrs, ...more });

describe('checkPcre', () => {
  const kinds = (s: string) => checkPcre(s).findings.map((f) => `${f.kind}:${f.construct}`);
  it('accepts plain expressions and translates PCRE-only spellings', () => {
    expect(kinds('^0(([0-2][4-9])[1-9]|80)[0-9].*')).toEqual([]);
    expect(checkPcre('\\A12\\z')).toMatchObject({ findings: [], source: '^12$' });
    expect(checkPcre('^[[:digit:]]{3}$')).toMatchObject({ findings: [], source: '^[0-9]{3}$' });
    expect(checkPcre('(?i)^fax')).toMatchObject({ findings: [], flags: 'i', source: '^fax' });
    expect(checkPcre('^(1|2)(3)').groups).toBe(2);
    expect(checkPcre('^1|^2$').alternatives).toEqual(['^1', '^2$']);
  });
  it('reports what PCRE rejects, reads differently, or ACM cannot model', () => {
    expect(kinds('^(12')).toEqual(['invalid:^(12']);
    expect(kinds('^[0-9')).toEqual(['invalid:[']);
    expect(kinds('^[^]')).toContain('pcre-incompatible:[^]');
    expect(kinds('^\\u0036')).toEqual(['pcre-incompatible:\\u']);
    expect(kinds('^1{,3}$')).toEqual(['pcre-incompatible:{,3}']);
    expect(kinds('(?<=a+)b')).toEqual(['pcre-incompatible:(?<=a+)']);
    expect(kinds('^\\q')).toEqual(['pcre-incompatible:\\q']);
    expect(kinds('^(?>12)')).toEqual(['unsupported:(?>']);
    expect(kinds('^1++')).toEqual(['unsupported:++']);
    expect(kinds('^(1)\\1')).toEqual(['unsupported:\\1']);
  });
});

describe('classify (dp_translate)', () => {
  it('classifies the talk numbers', () => {
    const plan = compileNumberPlan(TALK_RULES);
    expect(plan.diagnostics).toEqual([]);
    const cls = (n: string) => { const r = classify(plan, 0, n); return r.status === 'translated' ? [r.rule.id, r.attrs, r.output] : r.status; };
    expect(cls('6123')).toEqual([25, 'voip', '6123']); // no subst/repl: the output is the input
    expect(cls('5000')).toEqual([2, 'voip', '5000']);
    expect(cls('21456')).toEqual([6, 'legacy', '21456']);
    expect(cls('005771234567')).toEqual([3, 'national', '005771234567']); // 0 + 0577...
    expect(cls('0800123')).toEqual([3, 'national', '0800123']);
    expect(cls('05771530123')).toEqual([14, 'toip', '05771530123']);
    expect(cls('03351234567')).toEqual([15, 'mobile', '03351234567']);
    expect(cls('00044207')).toEqual([16, 'international', '00044207']);
    expect(cls('112')).toBe('no-match');
    expect(cls('2145')).toBe('no-match'); // rule 6 wants five characters
    expect(cls('')).toBe('no-match');
    expect(classify(TALK_RULES, 1, '6123').status).toBe('no-match'); // another dpid
  });

  it('follows priority, id tie-break, equality vs regex, flags, disabled rows', () => {
    const rules = [
      rule(7, 2, '6001', 'exact', { matchOp: 0 }),
      rule(9, 1, '^6', 'regex'),
      rule(4, 1, '^60', 'lower-id'),
      rule(1, 0, '^6001$', 'disabled', { disabled: true }),
      rule(11, 0, 'fax', 'ci', { matchOp: 0, matchFlags: 1 }),
      rule(12, 0, '^IVR', 'ci-re', { matchFlags: 1 }),
    ];
    const at = (n: string) => { const r = classify(rules, 0, n); return r.status === 'no-match' ? r.status : r.rule.id; };
    expect(at('6001')).toBe(4); // pr 1 beats the exact pr 2 rule; among pr 1, id 4 beats id 9
    expect(at('61')).toBe(9);
    expect(at('FAX')).toBe(11);
    expect(at('ivr_5000')).toBe(12);
    expect(classify([rule(1, 1, '6001', 'x', { matchOp: 0 })], 0, '6001x').status).toBe('no-match');
    expect(classify([rule(1, 1, '^FAX', 'x')], 0, 'fax').status).toBe('no-match');
  });

  it('translates with subst/repl like rule_translate', () => {
    const out = (r: DialplanRule, n: string) => { const x = classify([r], 0, n); return x.status === 'translated' ? x.output : x.status; };
    expect(out(rule(1, 1, '^0', 'n', { substExp: '^0(.*)$', replExp: '+39\\1' }), '0577123')).toBe('+39577123');
    // Only the replacement is output: the unmatched part of the input is not kept.
    expect(out(rule(1, 1, '^9', 'n', { substExp: '^9(1)', replExp: 'x\\1' }), '9123')).toBe('x1');
    expect(out(rule(1, 1, '^6', 'n', { replExp: 'IVR_5000' }), '6123')).toBe('IVR_5000');
    expect(out(rule(1, 1, '^6', 'n', { substExp: '^7', replExp: 'x' }), '6123')).toBe('translate-failed');
    expect(out(rule(1, 1, '^5', 'n', { substExp: '^(5)(0)', replExp: '\\2\\1\\0' }), '5000')).toBe('0550');
    const bad = compileNumberPlan([rule(8, 1, '^6', 'n', { substExp: '^(6)', replExp: '\\2' })]);
    expect(bad.rules).toEqual([]);
    expect(bad.diagnostics.map((d) => [d.code, d.path, d.data])).toEqual([
      ['dialplan.dp-repl-group-missing', ['rules', 0, 'replExp'], { id: 8, group: 2, groups: 1 }],
    ]);
  });

  it('drops rules whose regex does not compile, with a diagnostic', () => {
    const plan = compileNumberPlan([rule(5, 1, '^(6', 'x'), rule(6, 2, '^6', 'y')]);
    expect(plan.diagnostics.map((d) => [d.code, d.path, d.data.id])).toEqual([['dialplan.dp-regex-invalid', ['rules', 0, 'matchExp'], 5]]);
    const r = classify(plan, 0, '61');
    expect(r.status === 'translated' && r.rule.id).toBe(6);
  });
});

describe('analyzeDpid', () => {
  it("finds no overlaps in the talk's table, and finds its gaps", () => {
    const a = analyzeDpid(TALK_RULES, 0);
    expect(a.shadowed).toEqual([]);
    expect(a.overlaps).toEqual([]);
    expect(a.diagnostics.every((d) => d.code === 'dialplan.dp-gap')).toBe(true);
    const byLen = new Map(a.gaps.map((g) => [g.length, g]));
    // Length 1: no rule matches a single character (80/88 need two), so all ten digits are gaps.
    expect(byLen.get(1)).toMatchObject({ count: 10, patterns: ['X'] });
    // Length 2: only 80 and 88 match.
    expect(byLen.get(2)).toMatchObject({ count: 98, patterns: ['[012345679]X', '8[12345679]'] });
    // Length 3: only 80X and 88X (20 numbers) match, so 980 do not, among them 112 and 113.
    expect(byLen.get(3)).toMatchObject({ count: 980, examples: ['000', '001', '002', '003', '004'], patterns: ['[012345679]XX', '8[12345679]X'] });
    // Length 4: 6XXX and 5XXX (voip, 1000 each), 80XX and 88XX (100 each), 080X (national through the
    // `80` branch: 0 + 80 + one digit, 10) match: 2210; the other 7790 do not. Every 4-digit number
    // starting 1, 2, 3, 4, 7 or 9 is a gap (legacy 2... needs five characters).
    expect(byLen.get(4)).toMatchObject({ count: 7790, patterns: ['[123479]XXX', '0[012345679]XX', '08ZX', '8[12345679]XX'] });
    const gap3 = a.diagnostics.find((d) => d.data.length === 3)!;
    expect(gap3.path).toEqual(['dpids', 0]);
    for (const n of ['112', '113', '1234', '3000', '4000', '7000', '9000']) expect(classify(TALK_RULES, 0, n).status).toBe('no-match');
  });

  it('finds fully shadowed rules and overlaps with their winner and shortest witness', () => {
    const rules = [
      rule(1, 1, '^6[0-4].*', 'voip'),
      rule(2, 2, '^6.{3}$', 'legacy'),
      rule(3, 3, '^64[0-9]$', 'media'),
      rule(4, 3, '^6[5-9]', 'voip'),
      rule(5, 4, '^6(5|7)12$', 'toip', { timerec: 'FREQ=WEEKLY' }),
      rule(6, 5, '^6512$', 'x'),
    ];
    const a = analyzeDpid(rules, 0);
    // 3 (^64d$) is inside 1 (^6[0-4]...). 6 (6512) is taken by 2 (6 + three chars) and 4; 5 has a timerec so it shadows nothing.
    expect(a.shadowed).toEqual([{ id: 3, by: [1] }, { id: 5, by: [2, 4] }, { id: 6, by: [2, 4] }]);
    // 1 beats 2 on 6000 (shortest, digits first); 2 beats 4 on 6500. 4 (voip) vs 1 (voip): disjoint anyway.
    expect(a.overlaps).toEqual([{ winner: 1, loser: 2, witness: '6000' }, { winner: 2, loser: 4, witness: '6500' }]);
    const d = a.diagnostics.find((x) => x.code === 'dialplan.dp-rule-overlap' && x.data.loser === 2)!;
    expect(d.path).toEqual(['rules', 1]);
    expect(d.related).toEqual([{ path: ['rules', 0] }]);
    expect(a.diagnostics.filter((x) => x.code === 'dialplan.dp-timerec-assumed').map((x) => x.data.id)).toEqual([5]);
  });

  it('analyses unanchored, alternative and case-insensitive expressions as PCRE searches', () => {
    const rules = [
      rule(1, 1, '12', 'anywhere'),         // unanchored: any input containing 12
      rule(2, 2, '^512$|^9', 'alt'),        // 512 is taken by rule 1; 9... is not
      rule(3, 3, '^FAX', 'ci', { matchFlags: 1 }),
      rule(4, 4, '^fax_.*1$', 'lower'),     // every fax_...1 also matches ^FAX case-insensitively
    ];
    const a = analyzeDpid(rules, 0);
    // `by` lists every higher rule that takes some of its numbers: 3 takes them all, 1 those containing 12.
    expect(a.shadowed).toEqual([{ id: 4, by: [1, 3] }]);
    expect(a.overlaps).toEqual([{ winner: 1, loser: 2, witness: '512' }, { winner: 1, loser: 3, witness: 'FAX12' }]);
  });
});
