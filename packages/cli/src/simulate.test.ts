import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The built binary on the demo, with --simulate: stand-ins only, never the guide's 10.x/192.168.x.
const root = new URL('../../../', import.meta.url).pathname;
const acm = (...args: string[]): { code: number | null; out: string } => {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.ACM_DATABASE_URL;
  delete env.ACM_CONFIG;
  const r = spawnSync(process.execPath, [join(root, 'packages/cli/dist/bin.js'), ...args], { cwd: root, encoding: 'utf8', env });
  return { code: r.status, out: r.stdout };
};

describe('acm health and acm ha verify --simulate on the demo', () => {
  it('health exits 0 on the healthy simulated demo, every cell monitored (ITSP from AMI simulators, replication from simulated MySQL)', () => {
    const r = acm('health', 'examples/enterprise', '--simulate', '--json', '--jail', 'sshd', 'asterisk', '--chain', 'BLACKLIST-INPUT');
    const doc = JSON.parse(r.out) as { exitCode: number; level: string; itspSource: string; clusters: { itsp: { level: string }; service: { level: string }; reporting: { level: string } }[] };
    expect([r.code, doc.exitCode, doc.level, doc.itspSource]).toEqual([0, 0, 'OK', 'simulate']);
    // Every cell is monitored: idle AMI simulators give the ITSP figures, simulated MySQL the replication state.
    expect(doc.clusters.map((c) => [c.service.level, c.itsp.level, c.reporting.level])).toEqual(doc.clusters.map(() => ['OK', 'OK', 'OK']));
    // A planted fault shows: a primary down is a failover, a WARNING.
    const down = acm('health', 'examples/enterprise', '--simulate', '--simulate-down', 'ast16', '--json', '--jail', 'sshd', 'asterisk', '--chain', 'BLACKLIST-INPUT');
    expect([down.code, (JSON.parse(down.out) as { level: string }).level]).toEqual([1, 'WARNING']);
  });

  it('ha verify is NORMAL everywhere (exit 0); a planted down primary is FAILOVER (exit 1)', () => {
    const ok = acm('ha', 'verify', 'examples/enterprise', '--simulate', '--json');
    const doc = JSON.parse(ok.out) as { clusters: { state: string }[] };
    expect([ok.code, doc.clusters.map((c) => c.state)]).toEqual([0, doc.clusters.map(() => 'NORMAL')]);
    const down = acm('ha', 'verify', 'examples/enterprise', '--simulate', '--simulate-down', 'ast16', '--cluster', 'tpa1', '--json');
    expect([down.code, (JSON.parse(down.out) as { clusters: { state: string }[] }).clusters.map((c) => c.state)]).toEqual([1, ['FAILOVER']]);
    expect(acm('ha', 'verify', 'examples/enterprise', '--simulate-down', 'ast16').code).toBe(2);
  });
});
