import { fileURLToPath } from 'node:url';
import { loadEnterprise } from '@acm/core';
import type { Enterprise } from '@acm/core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { checkEnterpriseHealth, verifyEnterprise } from '../enterprise/enterprise-checks.js';
import type { ReplicationReport } from '../replication/check-replication.js';
import { haExitCode } from '../health/enterprise-health.js';
import { trunkLoad } from '@acm/core';
import { renderSipHa } from '../verify/render-sip-ha.js';
import { parsePjsipShowRegistrations } from '../parsers/asterisk-cli.js';
import { simulatedHosts } from './simulated-hosts.js';

// The real SSH path must never run in simulate mode: calling it fails the test.
const sshCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('../verify/transports.js', () => ({
  sshExecFor: () => {
    sshCalls.count++;
    throw new Error('sshExecFor called in simulate mode');
  },
}));

const DEMO = fileURLToPath(new URL('../../../../examples/enterprise', import.meta.url));
let demo: Enterprise;
beforeAll(async () => {
  demo = (await loadEnterprise(DEMO)).enterprise as Enterprise;
});

/** Replication reports as a reader would return them: every declared topology OK. */
const okReplication = (m: Pick<Enterprise, 'replication'>): Promise<ReplicationReport[]> =>
  Promise.resolve(m.replication.map((t) => ({ topology: t, checkedAt: '2026-01-01T00:00:00Z', durationMs: 0, nodes: [], expectedEdges: [], edges: [], diagnostics: [], status: 'OK' as const })));

describe('simulatedHosts on the demo enterprise', () => {
  it('verifies every HA cluster NORMAL with the real parsers, and never reaches SSH', async () => {
    const sim = simulatedHosts(demo);
    const reports = await verifyEnterprise(demo, { execFor: sim.execFor });
    expect(reports.map((r) => [r.cluster, r.state, r.diagnostics.map((d) => d.code)])).toEqual(demo.clusters.map((c) => [c.id, 'NORMAL', []]));
    expect(reports.map((r) => r.active)).toEqual(demo.clusters.map((c) => c.servers.find((s) => s.role === 'primary')?.id));
    expect(haExitCode(reports)).toBe(0);
    const tpa1 = reports.find((r) => r.cluster === 'tpa1');
    expect(tpa1?.trunks.map((t) => t.status)).toEqual(['available', 'not-configured']);
    expect(tpa1?.configFiles.every((f) => f.same)).toBe(true);
    expect(tpa1?.servers.every((s) => s.routing.length > 0 && s.routing.every((r) => r.symmetric))).toBe(true);
    expect(renderSipHa(tpa1 as NonNullable<typeof tpa1>, 'ast16')).toContain('- NOW IN NORMAL STATE -');
    // Every server was asked the probes; nobody opened an SSH transport.
    expect([...sim.calls.keys()].sort()).toEqual(demo.clusters.flatMap((c) => c.servers.map((s) => s.id)).sort());
    expect(sshCalls.count).toBe(0);
  });

  it('a planted down primary gives FAILOVER (the secondary took the VIPs); a planted VIP on both gives SPLIT-BRAIN', async () => {
    const [tpa1] = await verifyEnterprise(demo, { cluster: 'tpa1', execFor: simulatedHosts(demo, { faults: { down: ['ast16'] } }).execFor });
    expect(tpa1?.state).toBe('FAILOVER');
    expect(tpa1?.active).toBe('ast15');
    // ast15 holds both VIPs, cannot reach ast16's replication address, and ast16 cannot be read.
    expect(tpa1?.diagnostics.map((d) => d.code).sort()).toEqual(['ha.address-unreachable', 'ha.failover', 'ha.failover', 'ha.server-unreachable']);
    expect(tpa1?.diagnostics.find((d) => d.code === 'ha.address-unreachable')?.data).toMatchObject({ server: 'ast15', address: '192.168.8.216', what: 'replication' });
    const [split] = await verifyEnterprise(demo, { cluster: 'lon', execFor: simulatedHosts(demo, { faults: { vipOn: { lon: ['ast41', 'ast42'] } } }).execFor });
    expect(split?.state).toBe('SPLIT-BRAIN');
    const [both] = await verifyEnterprise(demo, { cluster: 'ams', execFor: simulatedHosts(demo, { faults: { down: ['ast51', 'ast52'] } }).execFor });
    expect([both?.state, haExitCode(both === undefined ? [] : [both])]).toEqual(['UNKNOWN', 3]);
    const [drift] = await verifyEnterprise(demo, { cluster: 'sfo', execFor: simulatedHosts(demo, { faults: { configDrift: ['ast32'] } }).execFor });
    expect([drift?.state, drift?.diagnostics.map((d) => d.data.file)]).toEqual(['DEGRADED', ['/etc/asterisk/pjsip.conf']]);
    expect(sshCalls.count).toBe(0);
  });

  it('acm health level: exit 0 on the healthy demo with ITSP figures or not-monitored; a full disk raises it', async () => {
    const sim = simulatedHosts(demo);
    const figures = Object.fromEntries(demo.clusters.map((c) => [c.id, demo.trunks.filter((t) => t.cluster === c.id).map((t) => trunkLoad(t.id, 2, t.channels))]));
    const withFigures = await checkEnterpriseHealth(demo, { execFor: sim.execFor, readReplication: okReplication, itsp: figures });
    expect(withFigures.hosts.every((h) => h.status === 'OK')).toBe(true);
    expect(withFigures.health.clusters.map((c) => c.reporting.level)).toEqual(demo.clusters.map(() => 'OK'));
    expect([withFigures.health.level, withFigures.health.exitCode]).toEqual(['OK', 0]);
    const quiet = await checkEnterpriseHealth(demo, { execFor: sim.execFor, skipReplication: true, itsp: 'not-monitored' });
    expect(quiet.health.clusters.map((c) => [c.itsp.level, c.reporting.level])).toEqual(demo.clusters.map(() => ['NOT-MONITORED', 'NOT-MONITORED']));
    expect(quiet.health.exitCode).toBe(0);
    // Without either, the ITSP cells are UNKNOWN (nobody said) and the exit code is 3.
    expect((await checkEnterpriseHealth(demo, { execFor: sim.execFor, skipReplication: true })).health.exitCode).toBe(3);
    const full = await checkEnterpriseHealth(demo, { execFor: simulatedHosts(demo, { faults: { diskPercent: { ast22: 95 } } }).execFor, skipReplication: true, itsp: 'not-monitored' });
    expect(full.health.diagnostics.filter((d) => d.code === 'health.disk').map((d) => [d.severity, d.data.server])).toEqual([['error', 'ast22']]);
    expect(full.health.exitCode).toBe(2);
    expect(sshCalls.count).toBe(0);
  });

  it('answers pjsip registrations on the active server only, in the real format', async () => {
    const sim = simulatedHosts(demo);
    const registered = demo.trunks.filter((t) => t.cluster === 'tpa1' && t.register === true && t.host !== undefined).map((t) => t.id);
    const on = (id: string) => sim.execFor(demo.clusters.flatMap((c) => c.servers).find((s) => s.id === id) as Enterprise['clusters'][number]['servers'][number]).run(['asterisk', '-rx', 'pjsip show registrations']);
    expect(parsePjsipShowRegistrations((await on('ast16')).stdout).map((r) => [r.auth, r.status])).toEqual(registered.map((id) => [`${id}-auth`, 'Registered']));
    expect(parsePjsipShowRegistrations((await on('ast15')).stdout)).toEqual([]);
  });
});
