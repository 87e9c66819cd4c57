import { describe, expect, it } from 'vitest';
import { MemoryStatusStore } from '../status/status-store.js';
import { enterpriseStatus } from '../status/enterprise-status.js';
import { simulateEnterprise } from '../simulator/simulate-enterprise.js';
import { demoEnterprise } from '../test-support/demo-enterprise.js';
import { until } from '../test-support/wait.js';
import { pollEnterprise, pollEnterpriseOnce, resolveAmiSecret } from './enterprise-poller.js';

describe('pollEnterpriseOnce with simulateEnterprise', () => {
  it('polls every simulated server once and maps the status onto the model', async () => {
    const sim = await simulateEnterprise(demoEnterprise());
    try {
      const store = new MemoryStatusStore();
      const outcomes = await pollEnterpriseOnce(sim.enterprise, store, { timeoutMs: 5000 });
      expect(outcomes).toEqual([{ server: 'ast1', ok: true }]);
      const view = enterpriseStatus(sim.enterprise, await store.snapshot());
      // Three extensions; with the default 80 % share, i % 5 < 4 registers all three (i = 0, 1, 2).
      expect(view.extensions.map((e) => [e.extension, e.registered])).toEqual([['6003', true], ['6001', true], ['6002', true]]);
      expect(view.trunks[0]).toMatchObject({ trunk: 'trunk-b', reachable: true, load: { activeCalls: 0, capacity: 40 } });
    } finally {
      await sim.stop();
    }
  });

  it('reports a server that refuses, and one without an ami block, without throwing', async () => {
    const e = demoEnterprise(1); // port 1: refused
    const withSecond = { ...e, clusters: [{ ...e.clusters[0]!, servers: [...e.clusters[0]!.servers, { id: 'ast2', hostname: 'ast2', address: '127.0.0.1', role: 'secondary' as const }] }] };
    const outcomes = await pollEnterpriseOnce(withSecond, new MemoryStatusStore(), { timeoutMs: 3000 });
    expect(outcomes.map((o) => [o.server, o.ok, o.error?.code])).toEqual([['ast1', false, 'connect-failed'], ['ast2', false, 'skipped']]);
  });
});

describe('pollEnterprise (what acm poll --watch runs) on an HA pair', () => {
  it('follows the standby, where no phone is registered ("No Contacts found"), and converges as soon as a phone registers there', async () => {
    const e = demoEnterprise();
    const pair = { ...e, clusters: [{ ...e.clusters[0]!, servers: [...e.clusters[0]!.servers, { ...e.clusters[0]!.servers[0]!, id: 'ast2', hostname: 'ast2', role: 'secondary' as const }] }] };
    const sim = await simulateEnterprise(pair);
    const store = new MemoryStatusStore();
    const polling = pollEnterprise(sim.enterprise, store, { flushIntervalMs: 5, client: { keepalive: { intervalMs: 0 } } });
    try {
      const failed: string[] = [];
      for (const p of polling.pollers.values()) p.on('resync-failed', ({ server, error }) => failed.push(`${server}: ${error.code}`));
      void polling.manager.connectAll();
      await until(() => [...polling.pollers.values()].every((p) => p.synced), 'both servers resynced');
      expect(failed).toEqual([]);
      const onStandby = async (n: string) => (await store.snapshot()).extensions.find((x) => x.server === 'ast2' && x.extension === n);
      expect(await onStandby('6001')).toMatchObject({ registered: false });
      sim.simulators.get('ast2')!.register('6001');
      await until(async () => (await onStandby('6001'))?.registered === true, '6001 registered on the standby');
    } finally {
      await polling.stop();
      await sim.stop();
    }
  });
});

describe('resolveAmiSecret', () => {
  it('reads inline and env secrets and refuses sealed ones', () => {
    process.env['ACM_TEST_AMI_SECRET'] = 'from-env';
    expect(resolveAmiSecret('inline')).toBe('inline');
    expect(resolveAmiSecret({ env: 'ACM_TEST_AMI_SECRET' })).toBe('from-env');
    expect(() => resolveAmiSecret({ sealed: 'xyz' })).toThrow(/sealed/);
    expect(() => resolveAmiSecret({ env: 'ACM_TEST_UNSET_VARIABLE' })).toThrow(/ACM_TEST_UNSET_VARIABLE/);
  });
});
