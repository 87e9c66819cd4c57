import { describe, expect, it } from 'vitest';
import type { Cluster, Enterprise } from '@acm/core';
import type { HaReport } from '../verify/ha-report.js';
import { renderWhatIf } from './render-what-if.js';
import { whatIf } from './what-if.js';

const cluster = (id: string, site: string, n: number, a: string, b: string): Cluster => ({
  id, site, dundiEid: `00:00:00:00:00:0${n}`,
  voiceVip: { address: `10.${n}.0.218`, interface: 'eth0' },
  webVip: { address: `10.${n}.19.218`, interface: 'eth1' },
  servers: [
    { id: a, hostname: a, address: `10.${n}.0.1`, role: 'primary' },
    { id: b, hostname: b, address: `10.${n}.0.2`, role: 'secondary' },
  ],
  trunkInterfaces: [{ name: 't', address: `172.20.${n}.1`, provider: `ITSP${n}` }],
});
// The guide's enterprise: TPA (two clusters) and SFO, central topology with a ring across clusters.
const model: Pick<Enterprise, 'sites' | 'clusters' | 'replication'> = {
  sites: [],
  clusters: [cluster('tpa1', 'tpa', 1, 'ast16', 'ast15'), cluster('tpa2', 'tpa', 2, 'ast21', 'ast22'), cluster('sfo', 'sfo', 3, 'ast31', 'ast32')],
  replication: [{ id: 'central', scope: 'enterprise', kind: 'circular', members: ['ast16', 'ast21', 'ast31'] }],
};

describe('whatIf', () => {
  it('server ast16 down: the VIPs move to ast15, the ring stops at both of its hops, and what resyncs', () => {
    const r = whatIf(model, { kind: 'server-down', server: 'ast16' });
    expect(r.vips.filter((v) => v.cluster === 'tpa1')).toEqual([
      { cluster: 'tpa1', kind: 'voice', address: '10.1.0.218', from: 'ast16', to: 'ast15', outcome: 'moves' },
      { cluster: 'tpa1', kind: 'web', address: '10.1.19.218', from: 'ast16', to: 'ast15', outcome: 'moves' },
    ]);
    expect(r.vips.filter((v) => v.cluster !== 'tpa1').every((v) => v.outcome === 'stays')).toBe(true);
    expect(r.clusters[0]).toMatchObject({ cluster: 'tpa1', voice: 'failover', localCallsWork: true, cutOffFrom: [], trunks: ['ITSP1'] });
    expect(r.phones[0]).toEqual({ cluster: 'tpa1', via: 'vip', target: { cluster: 'tpa1', address: '10.1.0.218' } });
    const ring = r.replication[0];
    // Ring ast16 -> ast21 -> ast31 -> ast16 loses its two hops through ast16.
    expect(ring?.stopped).toEqual([{ source: 'ast16', replica: 'ast21' }, { source: 'ast31', replica: 'ast16' }]);
    expect(ring?.writesReach).toEqual({ ast21: ['ast31'], ast31: [] });
    // On return: ast21 replays ast31's writes (they used to go via ast16), ast16 replays both.
    expect(ring?.resync).toEqual([
      { source: 'ast16', replica: 'ast21', replays: ['ast31'] },
      { source: 'ast31', replica: 'ast16', replays: ['ast21', 'ast31'] },
    ]);
    expect(ring?.conflictRisk).toBe(false);
  });

  it('cluster tpa1 isolated: VIPs stay, tpa1 keeps local service alone, writes on both sides risk conflicts', () => {
    const r = whatIf(model, { kind: 'cluster-isolated', cluster: 'tpa1' });
    expect(r.island).toEqual(['ast16', 'ast15']);
    expect(r.vips.every((v) => v.outcome === 'stays')).toBe(true);
    expect(r.clusters.map((c) => [c.cluster, c.voice, c.reaches, c.cutOffFrom])).toEqual([
      ['tpa1', 'up', [], ['tpa2', 'sfo']],
      ['tpa2', 'up', ['sfo'], ['tpa1']],
      ['sfo', 'up', ['tpa2'], ['tpa1']],
    ]);
    expect(r.replication[0]?.stopped).toEqual([{ source: 'ast16', replica: 'ast21' }, { source: 'ast31', replica: 'ast16' }]);
    expect(r.replication[0]?.writesReach).toEqual({ ast16: [], ast21: ['ast31'], ast31: [] });
    expect(r.replication[0]?.conflictRisk).toBe(true);
  });

  it('site sfo link down: the ring breaks on both hops into and out of sfo', () => {
    const r = whatIf(model, { kind: 'site-link-down', site: 'sfo' });
    expect(r.island).toEqual(['ast31', 'ast32']);
    expect(r.replication[0]?.stopped).toEqual([{ source: 'ast21', replica: 'ast31' }, { source: 'ast31', replica: 'ast16' }]);
    expect(r.replication[0]?.writesReach).toEqual({ ast16: ['ast21'], ast21: [], ast31: [] });
    expect(r.clusters.find((c) => c.cluster === 'sfo')).toMatchObject({ voice: 'up', localCallsWork: true, reaches: [], cutOffFrom: ['tpa1', 'tpa2'] });
  });

  it('with ast15 already unreachable in the latest HA report, ast16 down loses tpa1: phones go to tpa2 by DNS SRV', () => {
    const ha = { cluster: 'tpa1', servers: [{ id: 'ast16', reachable: true }, { id: 'ast15', reachable: false }], vips: [] } as unknown as HaReport;
    const r = whatIf(model, { kind: 'server-down', server: 'ast16' }, { ha: [ha] });
    expect([...r.down].sort()).toEqual(['ast15', 'ast16']);
    expect(r.vips[0]).toMatchObject({ cluster: 'tpa1', kind: 'voice', outcome: 'lost', to: null });
    expect(r.clusters[0]).toMatchObject({ voice: 'down', localCallsWork: false, trunks: [] });
    // Same site first: tpa2 before sfo.
    expect(r.phones[0]).toEqual({ cluster: 'tpa1', via: 'dns-srv', target: { cluster: 'tpa2', address: '10.2.0.218' } });
    expect(renderWhatIf(r)).toContain('tpa1: next DNS SRV target tpa2 (10.2.0.218)');
  });

  it('names an unknown server', () => {
    expect(whatIf(model, { kind: 'server-down', server: 'nope' }).unknown).toBe('server nope');
  });
});
