import { describe, expect, it } from 'vitest';
import { LocalExec } from '@acm/core';
import { fixture } from '../test-support/fixture.js';
import { FixtureExec } from '../test-support/fixture-exec.js';
import { GUIDE_CLUSTER, guideAnswers } from '../test-support/guide-cluster.js';
import { verifyCluster } from '../verify/verify-cluster.js';
import { HEALTH_PROBES, analyzeHostHealth, checkHostHealth, collectHostFacts } from './host-health.js';
import { trunkLoad } from '@acm/core';
import { analyzeItspLoading } from './itsp-loading.js';
import { enterpriseHealth, renderEnterpriseHealth, worst } from './enterprise-health.js';

const k = (argv: readonly string[]): string => argv.join(' ');
// Real captures: fail2ban and iptables from the ast16 namespace, df/loadavg from this machine.
const ast16Host = {
  [k(HEALTH_PROBES.fail2ban)]: fixture('ast16-netns/fail2ban-status.txt'),
  [k(HEALTH_PROBES.fail2banJail('asterisk'))]: fixture('ast16-netns/fail2ban-status-asterisk.txt'),
  [k(HEALTH_PROBES.fail2banJail('mysqld-auth'))]: fixture('ast16-netns/fail2ban-status-mysqld-auth.txt'),
  [k(HEALTH_PROBES.fail2banJail('sshd'))]: fixture('ast16-netns/fail2ban-status-sshd.txt'),
  [k(HEALTH_PROBES.iptables)]: fixture('ast16-netns/iptables-L-n-v-x.txt'),
  [k(HEALTH_PROBES.df)]: fixture('debian12/df-P.txt'),
  [k(HEALTH_PROBES.loadavg)]: fixture('debian12/loadavg.txt'),
  [k(HEALTH_PROBES.nproc)]: '2\n',
};

describe('host health', () => {
  it('reads jails, banned counts and blocking chains', async () => {
    const f = await collectHostFacts('ast16', new FixtureExec('ast16', ast16Host));
    expect(f.fail2ban?.map((j) => [j.jail, j.currentlyBanned])).toEqual([['asterisk', 2], ['mysqld-auth', 0], ['sshd', 1]]);
    expect(f.chains?.map((c) => [c.name, c.blocked.length, c.blockedPackets, c.passedPackets, c.references])).toEqual([
      ['BLACKLIST-INPUT', 3, 88, 0, 1],
      ['f2b-asterisk-tcp', 2, 0, 0, 1],
      ['f2b-asterisk-udp', 2, 0, 76, 1], // the guide's "history count of 76 packets"
      ['f2b-sshd', 1, 0, 0, 1],
    ]);
    expect(f.load?.load5).toBe(0.36);
    expect(f.unknown).toEqual([]);
    const h = analyzeHostHealth(f, { jails: ['sshd', 'asterisk', 'mysqld-auth'], chains: ['BLACKLIST-INPUT', 'f2b-sshd'] });
    expect(h.diagnostics).toEqual([]);
    expect(h.status).toBe('OK');
  });

  it('names missing jails and chains, full disks and high load against thresholds', async () => {
    const f = await collectHostFacts('ast16', new FixtureExec('ast16', ast16Host));
    // df: / is 22 % used; load5 0.36 on 2 CPUs = 0.18 per CPU.
    const h = analyzeHostHealth(f, { jails: ['dropbear'], chains: ['f2b-mysql'], diskWarn: 20, diskCrit: 50, loadWarn: 0.1, loadCrit: 0.15 }, ['clusters', 'tpa1', 'servers', 0]);
    expect(h.diagnostics.map((d) => [d.code, d.severity, d.data])).toEqual([
      ['health.disk', 'warning', { server: 'ast16', mount: '/', usePercent: 22, threshold: 20 }],
      ['health.load', 'error', { server: 'ast16', load5: 0.36, cpus: 2, threshold: 0.15 }],
      ['health.fail2ban-jail-missing', 'warning', { server: 'ast16', jail: 'dropbear' }],
      ['health.blacklist-missing', 'warning', { server: 'ast16', chain: 'f2b-mysql', reason: 'missing' }],
    ]);
    expect(h.status).toBe('CRITICAL');
  });

  it('runs for real on this machine (fail2ban installed but not running here)', async () => {
    const h = await checkHostHealth('here', new LocalExec(), { diskWarn: 101, diskCrit: 101 });
    expect(h.facts.reachable).toBe(true);
    expect(h.facts.disks?.some((d) => d.mountedOn === '/')).toBe(true);
    expect(h.facts.cpus).toBeGreaterThan(0);
    expect(h.facts.load?.total).toBeGreaterThan(0);
    const f2b = (await new LocalExec().run(HEALTH_PROBES.fail2ban)).code;
    if (f2b === 255) expect(h.diagnostics.map((d) => d.code)).toContain('health.fail2ban-down');
  });

  it('is UNKNOWN for an unreachable host', async () => {
    const h = await checkHostHealth('gone', new FixtureExec('gone', {}, true));
    expect(h.status).toBe('UNKNOWN');
    expect(h.diagnostics[0]).toMatchObject({ code: 'health.unknown', data: { server: 'gone', item: 'host' } });
  });
});

describe('ITSP loading', () => {
  it("matches the guide: 31 of 40 channels is 77.5 %, a warning; the figures are core's trunkLoad", () => {
    const l = trunkLoad('telnix', 31, 40);
    expect(l.percent).toBe(77.5); // 31 / 40
    expect(l.bandwidthKbps).toBe(2703.2); // 31 * 87.2 (G.711); the guide's 2914 is ~94 kbps a call
    expect(trunkLoad('telnix', 31, 40, { codec: 'guide' }).bandwidthKbps).toBe(2914);
    expect(analyzeItspLoading(l, ['clusters', 'tpa1']).map((d) => [d.code, d.severity, d.data])).toEqual([
      ['health.itsp-loading', 'warning', { trunk: 'telnix', active: 31, capacity: 40, percent: 77.5 }],
    ]);
    expect(analyzeItspLoading(trunkLoad('telnix', 37, 40), ['x']).map((d) => d.severity)).toEqual(['error']); // 92.5 %
    expect(analyzeItspLoading(trunkLoad('t', 13, 160), ['x'])).toEqual([]);
  });
});

describe('enterprise health table', () => {
  it('builds the guide home table and the monitoring exit code', async () => {
    const ha = await verifyCluster(GUIDE_CLUSTER, { execFor: (s) => new FixtureExec(s.id, guideAnswers(s.id as 'ast16' | 'ast15')) });
    const host = analyzeHostHealth(await collectHostFacts('ast16', new FixtureExec('ast16', ast16Host)));
    const ok = enterpriseHealth([GUIDE_CLUSTER], { ha: [ha], hosts: [host], itsp: { tpa1: [trunkLoad('telnix', 9, 40)] } });
    expect(ok.clusters[0]).toMatchObject({
      service: { level: 'OK', text: 'VOICE OK' }, routing: { level: 'OK' }, asterisk: { level: 'OK', text: 'SERVICES OK' },
      server: { level: 'OK' }, reporting: { level: 'UNKNOWN' }, itsp: { level: 'OK', text: 'telnix 22.5 % of 40 channels' },
    });
    // Nothing is worse than the replication report nobody ran: UNKNOWN, exit 3.
    expect([ok.level, ok.exitCode]).toEqual(['UNKNOWN', 3]);
    const busy = enterpriseHealth([GUIDE_CLUSTER], { ha: [ha], hosts: [host], itsp: { tpa1: [trunkLoad('telnix', 31, 40)] } });
    expect([busy.level, busy.exitCode]).toEqual(['WARNING', 1]);
    const text = renderEnterpriseHealth(busy);
    expect(text.split('\n')[0]).toMatch(/^Component\s+TPA1$/);
    expect(text).toContain('WARNING: telnix 77.5 % of 40 channels');
  });
  it('a component the caller does not monitor is neutral: a healthy cluster exits 0; figures not supplied stay UNKNOWN', async () => {
    const ha = await verifyCluster(GUIDE_CLUSTER, { execFor: (s) => new FixtureExec(s.id, guideAnswers(s.id as 'ast16' | 'ast15')) });
    const host = analyzeHostHealth(await collectHostFacts('ast16', new FixtureExec('ast16', ast16Host)));
    const quiet = enterpriseHealth([GUIDE_CLUSTER], { ha: [ha], hosts: [host], replication: 'not-monitored', itsp: 'not-monitored' });
    expect([quiet.clusters[0]?.itsp.level, quiet.clusters[0]?.reporting.level, quiet.level, quiet.exitCode]).toEqual(['NOT-MONITORED', 'NOT-MONITORED', 'OK', 0]);
    // A cluster in no replication topology has nothing to report; with figures, no trunk in use is OK.
    const idle = enterpriseHealth([GUIDE_CLUSTER], { ha: [ha], hosts: [host], replication: [], replicationClusters: [], itsp: { tpa1: [] } });
    expect([idle.clusters[0]?.reporting.level, idle.clusters[0]?.itsp.level, idle.exitCode]).toEqual(['NOT-MONITORED', 'OK', 0]);
    // Figures supplied for other clusters only, or none at all: UNKNOWN (exit 3), never silently OK.
    expect(enterpriseHealth([GUIDE_CLUSTER], { ha: [ha], hosts: [host], replication: 'not-monitored', itsp: { lon: [] } }).clusters[0]?.itsp.level).toBe('UNKNOWN');
    expect(enterpriseHealth([GUIDE_CLUSTER], { ha: [ha], hosts: [host], replication: 'not-monitored' }).exitCode).toBe(3);
    // NOT-MONITORED never hides a real finding.
    const busy = enterpriseHealth([GUIDE_CLUSTER], { ha: [ha], hosts: [host], replication: 'not-monitored', itsp: { tpa1: [trunkLoad('telnix', 31, 40)] } });
    expect([busy.level, busy.exitCode]).toEqual(['WARNING', 1]);
    expect(worst(['NOT-MONITORED', 'NOT-MONITORED'])).toBe('OK');
    expect(worst(['NOT-MONITORED', 'UNKNOWN', 'OK'])).toBe('UNKNOWN');
  });
});
