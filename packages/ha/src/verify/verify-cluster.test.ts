import { describe, expect, it } from 'vitest';
import type { Cluster, Diagnostic } from '@acm/core';
import { fixture } from '../test-support/fixture.js';
import { FixtureExec } from '../test-support/fixture-exec.js';
import type { FixtureAnswer } from '../test-support/fixture-exec.js';
import { GUIDE_CLUSTER, guideAnswers } from '../test-support/guide-cluster.js';
import { haExitCode } from '../health/enterprise-health.js';
import { renderSipHa } from './render-sip-ha.js';
import { PROBES } from './server-facts.js';
import { verifyCluster } from './verify-cluster.js';

const NOW = () => new Date('2018-01-17T10:09:32Z');
const k = (argv: readonly string[]): string => argv.join(' ');

async function verify(answers: Record<string, Record<string, FixtureAnswer> | 'down'>, cluster: Cluster = GUIDE_CLUSTER) {
  return verifyCluster(cluster, {
    now: NOW,
    execFor: (s) => {
      const a = answers[s.id];
      return new FixtureExec(s.id, a === 'down' || a === undefined ? {} : a, a === 'down');
    },
  });
}
const codes = (ds: readonly Diagnostic[]): string[] => ds.map((d) => d.code).sort();

/** ip -j addr of a server with `address` added to (or removed from) eth0. */
function withAddress(json: string, address: string, present: boolean): string {
  const links = JSON.parse(json) as { ifname: string; addr_info: { local: string }[] }[];
  for (const l of links) {
    if (l.ifname !== 'eth0') continue;
    l.addr_info = present
      ? [...l.addr_info, { family: 'inet', local: address, prefixlen: 24, scope: 'global', secondary: true, label: 'eth0:1' } as never]
      : l.addr_info.filter((a) => a.local !== address);
  }
  return JSON.stringify(links);
}

describe('verifyCluster: the guide sample', () => {
  it('reproduces the guide `sip-ha -v` report byte for byte from command outputs', async () => {
    const report = await verify({ ast16: guideAnswers('ast16'), ast15: guideAnswers('ast15') });
    expect(report.state).toBe('NORMAL');
    expect(report.diagnostics).toEqual([]);
    expect(report.active).toBe('ast16');
    const text = renderSipHa(report, 'ast16', { title: 'KCCVoIP High Availability Routines for Asterisk', controller: 'kccvoip SIP-HA' });
    expect(text).toBe(fixture('guide/sip-ha-v.txt'));
  });

  it('shows the standby view from the secondary', async () => {
    const report = await verify({ ast16: guideAnswers('ast16'), ast15: guideAnswers('ast15') });
    const text = renderSipHa(report, 'ast15');
    expect(text).toContain('This server is SLAVE in active/standby HA pair\nmaster server is : 192.168.0.216 service primary');
    expect(text).toContain('Replication IP 192.168.0.216 reachable');
    expect(text).toContain('SIP-HA will receive local files from 192.168.0.216');
  });
});

describe('verifyCluster: failures', () => {
  it('FAILOVER: the primary is unreachable and the secondary holds the VIP', async () => {
    const ast15 = { ...guideAnswers('ast15'), [k(PROBES.ipJsonAddr)]: withAddress(fixture('ast15-netns/ip-j-addr.json'), '192.168.0.218', true) };
    const report = await verify({ ast16: 'down', ast15 });
    expect(report.state).toBe('FAILOVER');
    // ast15 took the VIP but neither the trunk address 172.20.15.1 (it only has .2) nor a
    // `from 192.168.0.218` rule (ast16 has one at priority 1001): both are named.
    expect(codes(report.diagnostics)).toEqual(['ha.failover', 'ha.routing-asymmetric', 'ha.server-unreachable', 'ha.trunk-interface-missing']);
    expect(report.diagnostics.find((d) => d.code === 'ha.routing-asymmetric')?.data).toMatchObject({ server: 'ast15', address: '192.168.0.218', reason: 'no-rule' });
    expect(report.diagnostics.find((d) => d.code === 'ha.failover')).toMatchObject({ path: ['clusters', 'tpa1', 'voiceVip'], data: { holder: 'ast15', primary: 'ast16', vip: '192.168.0.218' } });
    expect(report.trunks[0]?.status).toBe('not-configured');
    const text = renderSipHa(report, 'ast15');
    expect(text).toContain('This server is MASTER in active/standby HA pair\nmaster server is : 192.168.0.215 service secondary\nslave server is  : 192.168.0.216 service primary');
    expect(text).toContain('- NOW IN FAILOVER STATE -');
  });

  it('SPLIT-BRAIN: both servers hold the VIP', async () => {
    const ast15 = { ...guideAnswers('ast15'), [k(PROBES.ipJsonAddr)]: withAddress(fixture('ast15-netns/ip-j-addr.json'), '192.168.0.218', true) };
    const report = await verify({ ast16: guideAnswers('ast16'), ast15 });
    expect(report.state).toBe('SPLIT-BRAIN');
    expect(report.diagnostics.find((d) => d.code === 'ha.split-brain')?.data).toMatchObject({ holders: ['ast16', 'ast15'], vip: '192.168.0.218' });
  });

  it('DOWN: nobody holds the VIP and it does not answer', async () => {
    const ast16 = { ...guideAnswers('ast16'), [k(PROBES.ipJsonAddr)]: withAddress(fixture('ast16-netns/ip-j-addr.json'), '192.168.0.218', false), [k(PROBES.ping('192.168.0.218'))]: { code: 1 } };
    const ast15 = { ...guideAnswers('ast15'), [k(PROBES.ping('192.168.0.218'))]: { code: 1 } };
    const report = await verify({ ast16, ast15 });
    expect(report.state).toBe('DOWN');
    expect(codes(report.diagnostics)).toEqual(['ha.address-unreachable', 'ha.address-unreachable', 'ha.vip-down']);
    expect(report.diagnostics.filter((d) => d.code === 'ha.address-unreachable').map((d) => [d.data.server, d.data.what, d.path])).toEqual([
      ['ast16', 'service', ['clusters', 'tpa1', 'servers', 0]],
      ['ast15', 'service', ['clusters', 'tpa1', 'servers', 1]],
    ]);
  });

  it('DOWN: Asterisk does not answer on the active server', async () => {
    const ast16 = { ...guideAnswers('ast16'), [k(PROBES.asteriskUptime)]: 'Unable to connect to remote asterisk (does /var/run/asterisk/asterisk.ctl exist?)\n' };
    const report = await verify({ ast16, ast15: guideAnswers('ast15') });
    expect(report.state).toBe('DOWN');
    expect(report.diagnostics.map((d) => [d.code, d.severity, d.data.server])).toEqual([['ha.asterisk-down', 'error', 'ast16']]);
    expect(renderSipHa(report, 'ast16')).toContain('ASTERISK IS NOT RUNNING ON THIS SERVER');
  });

  it('DEGRADED: config files differ, routing is asymmetric, a trunk interface is missing, a ping cannot run', async () => {
    const rules = fixture('ast16-netns/ip-rule.txt').split('\n').filter((l) => !l.startsWith('1002:')).join('\n');
    const ast16 = { ...guideAnswers('ast16'), [k(PROBES.ipRule)]: rules };
    const ast15: Record<string, FixtureAnswer> = { ...guideAnswers('ast15'), [k(PROBES.configHashes(['/etc/asterisk']))]: { code: 1, stdout: fixture('sha256sum/server-b.txt') } };
    delete ast15[k(PROBES.ping('192.168.0.218'))];
    const cluster: Cluster = { ...GUIDE_CLUSTER, trunkInterfaces: [...(GUIDE_CLUSTER.trunkInterfaces ?? []), { name: 'colt', address: '172.20.17.1', provider: 'COLT' }] };
    const report = await verify({ ast16, ast15 }, cluster);
    expect(report.state).toBe('DEGRADED');
    expect(codes(report.diagnostics)).toEqual(['ha.check-failed', 'ha.config-mismatch', 'ha.config-mismatch', 'ha.routing-asymmetric', 'ha.trunk-interface-missing']);
    expect(report.diagnostics.filter((d) => d.code === 'ha.config-mismatch').map((d) => d.data.file)).toEqual(['etc/asterisk/odd\nname.conf', 'etc/asterisk/sip.conf']);
    expect(report.diagnostics.find((d) => d.code === 'ha.routing-asymmetric')?.data).toMatchObject({ server: 'ast16', interface: 'eth1', address: '192.168.19.216', reason: 'no-rule' });
    expect(report.diagnostics.find((d) => d.code === 'ha.trunk-interface-missing')).toMatchObject({ path: ['clusters', 'tpa1', 'trunkInterfaces', 2], data: { trunk: 'COLT', server: 'ast16' } });
    expect(report.diagnostics.find((d) => d.code === 'ha.check-failed')?.data).toMatchObject({ server: 'ast15', command: 'ping 192.168.0.218', reason: 'command not found' });
    expect(report.configFiles.filter((f) => f.same).map((f) => f.path)).toEqual(['etc/asterisk/extensions.conf', 'etc/asterisk/pjsip.conf']);
    expect(renderSipHa(report, 'ast15')).toContain('Active services 192.168.0.218 reachability UNKNOWN');
  });

  it('UNKNOWN: no server can be read; the VIP holders cannot be determined (exit 3)', async () => {
    const report = await verify({ ast16: 'down', ast15: 'down' });
    expect(report.state).toBe('UNKNOWN');
    expect(haExitCode([report])).toBe(3);
    expect(codes(report.diagnostics)).toEqual(['ha.server-unreachable', 'ha.server-unreachable', 'ha.vip-unknown']);
    expect(report.diagnostics.find((d) => d.code === 'ha.vip-unknown')).toMatchObject({ path: ['clusters', 'tpa1', 'voiceVip'], data: { vip: '192.168.0.218', candidates: ['ast16', 'ast15'] } });
    expect(report.vips[0]).toMatchObject({ holders: [], holderUnknown: true });
    expect(renderSipHa(report, 'ast16')).toContain('- STATE UNKNOWN -');
  });

  it('UNKNOWN: the primary does not hold the VIP, the secondary cannot be read and no ping tells', async () => {
    const ast16: Record<string, FixtureAnswer> = { ...guideAnswers('ast16'), [k(PROBES.ipJsonAddr)]: withAddress(fixture('ast16-netns/ip-j-addr.json'), '192.168.0.218', false) };
    delete ast16[k(PROBES.ping('192.168.0.218'))];
    const report = await verify({ ast16, ast15: 'down' });
    expect(report.state).toBe('UNKNOWN');
    expect(report.diagnostics.find((d) => d.code === 'ha.vip-unknown')?.data).toMatchObject({ candidates: ['ast15'] });
  });

  it('FAILOVER: the VIP answers while the primary does not hold it and the unreadable secondary must', async () => {
    const ast16 = { ...guideAnswers('ast16'), [k(PROBES.ipJsonAddr)]: withAddress(fixture('ast16-netns/ip-j-addr.json'), '192.168.0.218', false) };
    const report = await verify({ ast16, ast15: 'down' });
    expect(report.state).toBe('FAILOVER');
    expect(report.diagnostics.find((d) => d.code === 'ha.failover')?.data).toMatchObject({ holder: 'ast15', primary: 'ast16' });
  });

  it('DEGRADED, not FAILOVER: the VIP answers and the only unreadable server is the primary', async () => {
    const report = await verify({ ast16: 'down', ast15: guideAnswers('ast15') });
    expect(report.state).toBe('DEGRADED');
    expect(codes(report.diagnostics)).toEqual(['ha.server-unreachable']);
  });
});
