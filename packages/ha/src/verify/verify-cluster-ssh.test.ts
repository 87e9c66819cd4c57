import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster, Server } from '@acm/core';
import { LocalExec } from '@acm/core';
import { parseIpJsonAddr } from '../parsers/ip-addr.js';
import { haveBinaries } from '../../../../test-support/free-port.js';
import { startSshd } from '../../../../test-support/sshd.js';
import type { SshdHandle } from '../../../../test-support/sshd.js';
import { renderSipHa } from './render-sip-ha.js';
import { verifyCluster } from './verify-cluster.js';

// HA verify over a real sshd against this very machine. Both "servers" of the cluster are
// this host (127.0.0.1 and 127.0.0.2 both answer on lo), so the VIP (this machine's first
// global IPv4 address) is held twice: a genuine split brain, detected from real `ip -j addr`.
let sshd: SshdHandle | undefined;
let vip: { address: string; interface: string } | undefined;
let confDir = '';
const files = { 'extensions.conf': '[default]\nexten => 100,1,Answer()\n', 'pjsip.conf': '[transport-udp]\ntype=transport\n' };
let hasPing = false;
let hasAsterisk = false;

beforeAll(async () => {
  sshd = await startSshd();
  if (sshd === undefined) return;
  confDir = join(sshd.dir, 'etc-asterisk');
  await mkdir(confDir);
  for (const [n, c] of Object.entries(files)) await writeFile(join(confDir, n), c);
  const local = new LocalExec();
  const ifs = parseIpJsonAddr((await local.run(['ip', '-j', 'addr'])).stdout) ?? [];
  const g = ifs.flatMap((i) => i.addresses.filter((a) => a.family === 'inet' && a.scope === 'global').map((a) => ({ address: a.address, interface: i.name })))[0];
  vip = g ?? { address: '127.0.0.1', interface: 'lo' };
  hasPing = (await local.run(['sh', '-c', 'command -v ping'])).code === 0;
  hasAsterisk = (await local.run(['sh', '-c', 'command -v asterisk'])).code === 0;
});
afterAll(async () => {
  await sshd?.stop();
});

function server(id: string, address: string, role: Server['role'], hostKey?: string): Server {
  const h = sshd as SshdHandle;
  return { id, hostname: `${id}.lab`, address, role, ssh: { host: '127.0.0.1', port: h.port, user: h.username, hostKey: hostKey ?? h.hostKeyLine, privateKey: h.clientKey } };
}

describe.runIf(await haveBinaries('/usr/sbin/sshd'))('verifyCluster over a real sshd against this machine', () => {
  it('reads real facts, finds the split brain, and compares real config hashes', async () => {
    const cluster: Cluster = {
      id: 'lab', site: 'here', dundiEid: '00:00:00:00:00:01', voiceVip: vip as { address: string; interface: string },
      servers: [server('one', '127.0.0.1', 'primary'), server('two', '127.0.0.2', 'secondary')],
    };
    const report = await verifyCluster(cluster, { configPaths: [confDir] });
    expect(report.servers.map((s) => s.reachable)).toEqual([true, true]);
    expect(report.vips[0]?.holders).toEqual(['one', 'two']);
    expect(report.state).toBe('SPLIT-BRAIN');
    expect(report.diagnostics.find((d) => d.code === 'ha.split-brain')?.data).toMatchObject({ holders: ['one', 'two'], vip: vip?.address });
    const sha = (c: string): string => createHash('sha256').update(c).digest('hex');
    expect(report.configFiles).toEqual(
      Object.entries(files).map(([n, c]) => ({ path: join(confDir, n), sha256: { one: sha(c), two: sha(c) }, same: true })),
    );
    const one = report.servers[0];
    expect(one?.reach.find((r) => r.what === 'source')).toEqual({ what: 'source', address: '127.0.0.1', reachable: hasPing ? true : null });
    expect(one?.asterisk?.running).toBe(hasAsterisk);
    expect(report.diagnostics.some((d) => d.code === 'ha.asterisk-down')).toBe(!hasAsterisk);
    expect(renderSipHa(report, 'one')).toContain('- NOW IN SPLIT-BRAIN STATE -');
  });

  it('names a server whose host key does not match as unreachable, and still reads the other', async () => {
    const cluster: Cluster = {
      id: 'lab', site: 'here', dundiEid: '00:00:00:00:00:01', voiceVip: vip as { address: string; interface: string },
      servers: [server('one', '127.0.0.1', 'primary'), server('two', '127.0.0.2', 'secondary', sshd?.wrongHostKeyLine)],
    };
    const report = await verifyCluster(cluster, { configPaths: [confDir] });
    const d = report.diagnostics.find((x) => x.code === 'ha.server-unreachable');
    expect(d).toMatchObject({ path: ['clusters', 'lab', 'servers', 1], data: { server: 'two' } });
    expect(String(d?.data.reason)).toMatch(/host key/);
    expect(report.servers[0]?.reachable).toBe(true);
    expect(report.vips[0]?.holders).toEqual(['one']);
    expect(JSON.stringify(report)).not.toContain('PRIVATE KEY');
  });
});
