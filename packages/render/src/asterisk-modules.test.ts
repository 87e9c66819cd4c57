import { join } from 'node:path';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnterprise, parseAsteriskConfig, validate, type Enterprise, type Extension } from '@acm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LARGE_SERVER_ENDPOINTS, createSecretResolver, renderEnterprise, type RenderResult } from './index.js';

// res_parking, musiconhold and pjsip [global]: the modules the dialplan and the queues rely on.
const here = dirname(fileURLToPath(import.meta.url));
const secrets = createSecretResolver({ env: {} });
let demo: Enterprise;

beforeAll(async () => {
  demo = (await loadEnterprise(join(here, '..', '..', '..', 'examples', 'enterprise'))).enterprise as Enterprise;
});

const file = (r: RenderResult, cluster: string, name: string): string =>
  r.servers.find((s) => s.cluster === cluster)!.files.find((f) => f.path === `etc/asterisk/${name}`)!.content;
const section = (text: string, name: string): Record<string, string[]> => {
  const sec = parseAsteriskConfig(text).sections.find((s) => s.name === name);
  const out: Record<string, string[]> = {};
  for (const e of sec?.entries ?? []) (out[e.key] ??= []).push(e.value);
  return out;
};

describe('call parking', () => {
  it('renders res_parking.conf with the default lot on the parking code\'s spaces, reloaded by res_parking', () => {
    const r = renderEnterprise(demo, { clusters: ['tpa1'], secrets });
    const lot = section(file(r, 'tpa1', 'res_parking.conf'), 'default');
    expect(lot.parkpos).toEqual(['701-720']);
    expect(lot.parkext).toBeUndefined();
    const f = r.servers[0]!.files.find((x) => x.path === 'etc/asterisk/res_parking.conf')!;
    expect(f.reload).toBe('module reload res_parking.so');
  });

  it('follows features.parking: 4700 parks in 4700 and picks up at 4701-4720 of the same lot', () => {
    const r = renderEnterprise({ ...demo, features: { ...demo.features, parking: '4700' } }, { clusters: ['tpa1'], secrets });
    expect(section(file(r, 'tpa1', 'res_parking.conf'), 'default').parkpos).toEqual(['4701-4720']);
    const park = section(file(r, 'tpa1', 'extensions.conf'), 'acm-feature-parking');
    expect(park.exten).toEqual(expect.arrayContaining(['4700,1,Park(default)', '4701,1,ParkedCall(default,4701)', '4720,1,ParkedCall(default,4720)']));
    expect(park.exten!.filter((x) => x.includes(',1,'))).toHaveLength(21);
  });
});

describe('music on hold', () => {
  it('renders the default class when the model declares none, so queues\' musicclass exists', () => {
    const r = renderEnterprise(demo, { secrets });
    for (const s of r.servers) {
      const moh = parseAsteriskConfig(s.files.find((f) => f.path === 'etc/asterisk/musiconhold.conf')!.content);
      const classes = new Set(moh.sections.map((x) => x.name));
      expect(section(s.files.find((f) => f.path === 'etc/asterisk/musiconhold.conf')!.content, 'default')).toEqual({ mode: ['files'], directory: ['moh'] });
      const queues = parseAsteriskConfig(s.files.find((f) => f.path === 'etc/asterisk/queues.conf')!.content);
      for (const q of queues.sections) for (const e of q.entries) if (e.key === 'musicclass') expect(classes.has(e.value), `${s.server} ${q.name}`).toBe(true);
    }
  });

  it('renders the model\'s classes, and validate() refuses a queue naming an undeclared one', () => {
    const queues = demo.queues.map((q, i) => (i === 0 ? { ...q, musicOnHold: 'sales' } : q));
    const cluster = queues[0]!.cluster;
    const withClass: Enterprise = { ...demo, queues, musicOnHold: [{ id: 'sales', directory: '/var/lib/asterisk/moh-sales', sort: 'alpha' }] };
    const r = renderEnterprise(withClass, { clusters: [cluster], secrets });
    const moh = file(r, cluster, 'musiconhold.conf');
    expect(section(moh, 'sales')).toEqual({ mode: ['files'], directory: ['/var/lib/asterisk/moh-sales'], sort: ['alpha'] });
    expect(section(moh, 'default').mode).toEqual(['files']);
    expect(validate(withClass).filter((d) => d.path[0] === 'queues' || d.path[0] === 'musicOnHold')).toEqual([]);
    const missing = validate({ ...demo, queues }).filter((d) => d.code === 'ref.unknown' && d.path[0] === 'queues');
    expect(missing.map((d) => [d.path, d.data])).toEqual([[['queues', 0, 'musicOnHold'], { kind: 'music-on-hold class', value: 'sales' }]]);
  });
});

describe('pjsip [global] on large servers', () => {
  const grow = (e: Enterprise, cluster: string, endpoints: number): Enterprise => {
    const have = e.extensions.filter((x) => x.cluster === cluster).length + e.hotDesks.filter((h) => h.cluster === cluster).length
      + e.trunks.filter((t) => t.cluster === cluster && t.protocol === 'SIP' && t.host).length;
    const model = e.extensions.find((x) => x.cluster === cluster && !x.provisioning && !x.roaming && !x.standardNumber)!;
    const extra: Extension[] = Array.from({ length: endpoints - have }, (_, i) => ({ ...model, number: String(300000 + i), voicemail: undefined, services: undefined, callForward: undefined }));
    return { ...e, extensions: [...e.extensions, ...extra] };
  };
  const global = (e: Enterprise): Record<string, string[]> => section(file(renderEnterprise(e, { clusters: ['tpa1'], secrets }), 'tpa1', 'pjsip.conf'), 'global');

  it(`keeps Asterisk's MWI defaults up to ${LARGE_SERVER_ENDPOINTS} endpoints`, () => {
    const g = global(grow(demo, 'tpa1', LARGE_SERVER_ENDPOINTS));
    expect(g.mwi_disable_initial_unsolicited).toBeUndefined();
    expect(g.mwi_tps_queue_high).toBeUndefined();
  });

  it(`turns off the initial unsolicited MWI and raises the MWI queue above ${LARGE_SERVER_ENDPOINTS}`, () => {
    const g = global(grow(demo, 'tpa1', LARGE_SERVER_ENDPOINTS + 1));
    expect(g.mwi_disable_initial_unsolicited).toEqual(['yes']);
    expect(g.mwi_tps_queue_high).toEqual(['2000']);
    expect(g.mwi_tps_queue_low).toEqual(['1800']);
    expect(global(grow(demo, 'tpa1', 5000)).mwi_tps_queue_high).toEqual(['5000']);
  });
});

describe('parking spaces in the number space', () => {
  // The number space already claims the lot and its spaces (kind `parking`, context `feature-parking`).
  it('reports an extension on a parking space of features.parking where a profile dials both', () => {
    const i = demo.extensions.findIndex((e) => e.cluster === 'tpa1' && !e.roaming && !e.standardNumber && !e.voicemail);
    const e: Enterprise = {
      ...demo, features: { ...demo.features, parking: '4700' },
      extensions: demo.extensions.map((x, j) => (j === i ? { ...x, number: '4705', rightsProfile: 'TampaReception' } : x)),
    };
    const found = validate(e).filter((d) => d.code === 'numspace.duplicate' && d.data.extension === '4705');
    expect(found.map((d) => [d.path, d.data.cluster, d.related?.map((r) => r.path[0])])).toEqual([[['features', 'parking'], 'tpa1', ['extensions']]]);
  });
});
