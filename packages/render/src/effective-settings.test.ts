// The renderer and core's views read an extension's settings from one resolver (effectiveExtension):
// who has a voicemail box, which context and codecs a phone gets.
import { normalizeEnterprise, roamingView, validate, type Enterprise } from '@acm/core';
import { describe, expect, it } from 'vitest';
import { buildRenderContext, createSecretResolver } from './index.js';

function enterprise(): Enterprise {
  const cluster = (id: string, n: number) => ({
    id, site: 'tpa', voiceVip: { address: `10.0.${n}.10`, interface: 'eth0' }, dundiEid: `00:50:56:00:00:0${n}`,
    servers: [{ id: `${id}a`, hostname: `${id}a.example.net`, address: `10.0.${n}.11`, role: 'primary' as const }],
  });
  return normalizeEnterprise({
    name: 'Agree', topology: 'central',
    sites: [{ id: 'tpa', name: 'Tampa', timezone: 'America/New_York', dialing: { countryCode: '1', outsideLinePrefix: '9', emergencyNumbers: ['911'] } }],
    clusters: [cluster('c1', 1), cluster('c2', 2)],
    rightsProfiles: [{ id: 'staff', callClasses: ['internal', 'emergency'] }],
    groups: [{ id: 'sales', kind: 'agents', rightsProfile: 'staff', template: { voicemail: true, codecs: ['g722'] } }],
    extensions: [
      { number: '6101', cluster: 'c1', group: 'sales', name: 'Ann', secret: 'Zq8wXv3rTn5mKp2jLs9d', voicemail: { box: '6101', pin: '580314' } },
      { number: '6102', cluster: 'c1', group: 'sales', name: 'Bob', secret: 'Hy7tGb4nMk2wQp8zRx5c', standardNumber: true },
      { number: '6102', cluster: 'c2', group: 'sales', name: 'Bob', secret: 'Hy7tGb4nMk2wQp8zRx5d', standardNumber: true },
    ],
  });
}

describe('render and core agree on effective extension settings', () => {
  it('a template box is rendered where the roaming view says the number has voicemail, and validation asks for its PIN', () => {
    const e = enterprise();
    const secrets = createSecretResolver({ env: {} });
    const rendered = new Map(['c1', 'c2'].map((c) => [c, buildRenderContext(e, c, `${c}a`, secrets).context!]));
    const withBox = (number: string): string[] => [...rendered].filter(([, ctx]) => ctx.boxes.some((b) => b.box === number)).map(([c]) => c);
    const view = roamingView(e).numbers.find((n) => n.number === '6102');
    expect(withBox('6102')).toEqual(['c1', 'c2']);
    expect(view?.voicemailClusters).toEqual(withBox('6102'));
    // The phone's mailbox is the same box.
    expect(rendered.get('c1')!.phones.find((p) => p.name === '6102')?.mailboxes).toBe('6102@default');
    expect(validate(e).filter((d) => d.code === 'voicemail.no-pin').map((d) => d.path)).toEqual([['extensions', 1], ['extensions', 2]]);
  });

  it('context and codecs come from the group', () => {
    const phone = buildRenderContext(enterprise(), 'c1', 'c1a', createSecretResolver({ env: {} })).context!.phones.find((p) => p.name === '6102');
    expect([phone?.context, phone?.codecs]).toEqual(['staff', 'g722']);
  });
});
