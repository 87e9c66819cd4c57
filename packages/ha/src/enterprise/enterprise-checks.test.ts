import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster, Enterprise, Server } from '@acm/core';
import { haveBinaries } from '../../../../test-support/free-port.js';
import { replicate, startMariadbServers, waitUntil } from '../../../../test-support/mariadb.js';
import type { MariadbServer } from '../../../../test-support/mariadb.js';
import { startSshd } from '../../../../test-support/sshd.js';
import type { SshdHandle } from '../../../../test-support/sshd.js';
import { checkEnterpriseHealth, checkEnterpriseReplication, replicationNodesFor } from './enterprise-checks.js';

// The whole model-driven path: servers reached by SSH from their model endpoint (pinned host
// key, inline private key) and by MySQL from their model `mysql` endpoint.
let sshd: SshdHandle | undefined;
let dbs: MariadbServer[] = [];
beforeAll(async () => {
  [sshd, dbs] = await Promise.all([startSshd(), startMariadbServers([{ serverId: 1 }, { serverId: 2, readOnly: true }]).then((s) => s ?? [])]);
  if (dbs.length === 2) {
    await replicate(dbs[1] as MariadbServer, dbs[0] as MariadbServer);
    await waitUntil(async () => (await (dbs[1] as MariadbServer).query<{ Slave_IO_Running: string }>('SHOW ALL SLAVES STATUS'))[0]?.Slave_IO_Running === 'Yes');
  }
});
afterAll(async () => {
  await Promise.all([sshd?.stop(), ...dbs.map((d) => d.destroy())]);
});

function model(): Pick<Enterprise, 'clusters' | 'replication'> {
  const h = sshd as SshdHandle;
  const server = (id: string, role: Server['role'], db: MariadbServer): Server => ({
    id, hostname: `${id}.lab`, address: '127.0.0.1', role,
    ssh: { port: h.port, user: h.username, hostKey: h.hostFingerprint, privateKey: h.clientKey },
    mysql: { port: db.port, user: db.user },
  });
  const cluster: Cluster = {
    id: 'lab', site: 'here', dundiEid: '00:00:00:00:00:01', voiceVip: { address: '127.0.0.1', interface: 'lo' },
    servers: [server('a', 'primary', dbs[0] as MariadbServer), server('b', 'secondary', dbs[1] as MariadbServer)],
  };
  return { clusters: [cluster], replication: [{ id: 'pair', scope: 'site', site: 'here', kind: 'master-slave', members: ['a', 'b'] }] };
}

describe.runIf((await haveBinaries('/usr/sbin/sshd')) && (await haveBinaries('/usr/sbin/mariadbd')))('enterprise checks from the model', () => {
  it('maps model servers to replication nodes', () => {
    const m = model();
    const nodes = replicationNodesFor(m, m.replication[0] as Enterprise['replication'][number]);
    expect(nodes.map((n) => [n.id, n.host, n.port, n.user, n.replicationHost])).toEqual([
      ['a', '127.0.0.1', dbs[0]?.port, 'root', '127.0.0.1'],
      ['b', '127.0.0.1', dbs[1]?.port, 'root', '127.0.0.1'],
    ]);
  });

  it('checks replication at the model path of the topology', async () => {
    const [r] = await checkEnterpriseReplication(model());
    expect(r?.status).toBe('OK');
    expect(r?.edges.map((e) => `${e.source}>${e.replica}`)).toEqual(['a>b']);
  });

  it('builds the enterprise table over SSH and MySQL', async () => {
    const { health, ha, hosts } = await checkEnterpriseHealth(model(), { thresholds: { diskWarn: 101, diskCrit: 101 } });
    expect(hosts.map((h) => h.facts.reachable)).toEqual([true, true]);
    expect(ha[0]?.servers.every((s) => s.reachable)).toBe(true);
    // Both "servers" are this host, so both hold 127.0.0.1: a real split brain.
    expect(ha[0]?.state).toBe('SPLIT-BRAIN');
    expect(health.clusters[0]?.service.level).toBe('CRITICAL');
    expect(health.clusters[0]?.reporting).toEqual({ level: 'OK', text: 'MySQL OK' });
    expect(health.exitCode).toBe(2);
    // fail2ban is not running on this machine (or not installed): a finding on each host, at its model path.
    expect(hosts[1]?.diagnostics.length).toBeGreaterThan(0);
    expect(hosts[1]?.diagnostics.every((d) => JSON.stringify(d.path) === JSON.stringify(['clusters', 0, 'servers', 1]))).toBe(true);
  });
});
