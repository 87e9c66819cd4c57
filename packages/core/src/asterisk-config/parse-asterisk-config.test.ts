import { describe, expect, it } from 'vitest';
import { checkPjsipConfig, effectiveEntries, parseAsteriskConfig } from './index.js';

describe('parseAsteriskConfig', () => {
  it('reads sections, = and =>, comments, templates and includes', () => {
    const text = [
      '; top comment', '[tpl](!)', 'type = endpoint', 'allow = ulaw ; trailing', ';-- block', 'still comment --;',
      '[6001](tpl)', 'context = default', '#include "more.conf"', '[ctx]', 'exten => 1,1,NoOp(a\\;b)',
    ].join('\n');
    const cfg = parseAsteriskConfig(text, { file: 'x.conf', readInclude: (n) => (n === 'more.conf' ? 'mailboxes = 6001@default' : undefined) });
    expect(cfg.problems).toEqual([]);
    expect(cfg.sections.map((s) => [s.name, s.isTemplate, s.inherits])).toEqual([['tpl', true, []], ['6001', false, ['tpl']], ['ctx', false, []]]);
    const s6001 = cfg.sections[1]!;
    // template entries first, then own (context), then the included line, which continues section [6001]
    expect(effectiveEntries(cfg, s6001).map((e) => `${e.key}${e.op}${e.value}`)).toEqual(['type=endpoint', 'allow=ulaw', 'context=default', 'mailboxes=6001@default']);
    expect(cfg.sections[2]!.entries[0]).toMatchObject({ key: 'exten', op: '=>', value: '1,1,NoOp(a;b)', line: 11 });
    expect(cfg.includes).toEqual(['more.conf']);
  });

  it('reports lines outside sections, bad lines, missing includes and unknown templates', () => {
    const cfg = parseAsteriskConfig('a = 1\n[s](nope)\njunk\n#include missing.conf\n', { readInclude: () => undefined });
    expect(cfg.problems.map((p) => [p.code, p.line])).toEqual([
      ['config.no-section', 1], ['config.bad-line', 3], ['config.missing-include', 4], ['config.unknown-template', 2],
    ]);
  });
});

describe('checkPjsipConfig', () => {
  it('flags unknown types and options, accepts known ones', () => {
    const cfg = parseAsteriskConfig('[a]\ntype = endpoint\nallow = ulaw\nnat = yes\n[b]\ntype = peer\n[c]\ncontext = x\n[t](!)\nfoo = 1\n');
    expect(checkPjsipConfig(cfg).map((p) => [p.code, p.line])).toEqual([['pjsip.unknown-option', 4], ['pjsip.unknown-type', 5], ['pjsip.missing-type', 7]]);
  });
});
