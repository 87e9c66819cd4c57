import { describe, expect, it } from 'vitest';
import { tinyEnterprise } from '../test-support/tiny-enterprise.js';
import { roamingView } from '../roaming/roaming-view.js';
import { EXTENSION_DEFAULTS, effectiveExtension, extensionResolver } from './effective-extension.js';
import { normalizeEnterprise, type Enterprise } from './enterprise.js';
import type { Extension } from './extension.js';

function enterprise(): Enterprise {
  const doc = tinyEnterprise();
  return normalizeEnterprise({
    ...doc,
    groups: [{ id: 'sales', kind: 'agents', rightsProfile: 'staff', accountcode: 'SALES', callGroup: '1', template: { codecs: ['g722'], encryption: true, voicemail: true, voicemailEmailDomain: 'example.net' } }],
  });
}

describe('effectiveExtension', () => {
  it('takes each setting from the extension, else the group (fields and template), else the default, and says which', () => {
    const e = enterprise();
    const own = effectiveExtension(e, { ...e.extensions[0]!, codecs: ['ulaw'], rightsProfile: 'boss' });
    expect(own.codecs).toEqual({ value: ['ulaw'], from: 'extension' });
    expect(own.rightsProfile).toEqual({ value: 'boss', from: 'extension' });
    expect(own.context).toBe('boss');
    const x = effectiveExtension(e, e.extensions[1]!);
    expect(x.codecs).toEqual({ value: ['g722'], from: 'group' });
    expect(x.rightsProfile).toEqual({ value: 'staff', from: 'group' });
    expect(x.accountcode).toEqual({ value: 'SALES', from: 'group' });
    expect(x.callGroup).toEqual({ value: '1', from: 'group' });
    expect(x.encryption).toEqual({ value: true, from: 'group' });
    expect(x.sipTransport).toBe('tls');
    expect(x.dtmfMode).toEqual({ value: EXTENSION_DEFAULTS.dtmfMode, from: 'default' });
    expect(x.ringSeconds).toEqual({ value: 20, from: 'default' });
    expect(x.context).toBe('staff');
  });

  it('gives a template box (box = number, e-mail from the domain, no PIN); an own box keeps its PIN and takes the domain for its e-mail', () => {
    const e = enterprise();
    expect(effectiveExtension(e, e.extensions[1]!).voicemail).toEqual({ value: { box: '6102', email: '6102@example.net', emailFrom: 'group' }, from: 'group' });
    expect(effectiveExtension(e, e.extensions[0]!).voicemail).toEqual({ value: { box: '6101', pin: '580314', email: '6101@example.net', emailFrom: 'group' }, from: 'extension' });
  });

  it('an unknown group gives the extension its own settings and the defaults; blocked and own outbound lists get their contexts', () => {
    const e = enterprise();
    const lost: Extension = { ...e.extensions[1]!, group: 'nope' };
    const x = effectiveExtension(e, lost);
    expect(x.group).toBeUndefined();
    expect(x.rightsProfile).toEqual({ value: undefined, from: 'default' });
    expect(x.context).toBe('default');
    expect(x.voicemail.value).toBeUndefined();
    expect(effectiveExtension(e, { ...lost, blocked: true }).context).toBe('acm-blocked');
    expect(effectiveExtension(e, { ...lost, services: { outbound: ['local'] } }).context).toBe('acm-user-6102');
  });

  it('extensionResolver gives the same answers as effectiveExtension', () => {
    const e = enterprise();
    const r = extensionResolver(e);
    for (const x of e.extensions) expect(r(x)).toEqual(effectiveExtension(e, x));
  });
});

describe('the roaming view', () => {
  it('counts a template box as a box (as render does)', () => {
    const e = enterprise();
    const on2: Extension = { ...e.extensions[1]!, cluster: 'c2', standardNumber: true };
    const both = { ...e, extensions: [e.extensions[0]!, { ...e.extensions[1]!, standardNumber: true }, on2] };
    const n = roamingView(both).numbers.find((x) => x.number === '6102');
    expect(n?.voicemailClusters).toEqual(['c1', 'c2']);
    expect(n?.diagnostics.map((d) => d.code)).toContain('roaming.duplicate-voicemail');
  });
});
