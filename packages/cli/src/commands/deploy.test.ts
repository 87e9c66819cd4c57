import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built binary, as users run it (npm test builds first).
const root = new URL('../../../../', import.meta.url).pathname;

describe('acm plan / commit / deployments with acm.config.yaml', () => {
  let dir: string;
  const acm = (...args: string[]): { code: number | null; out: string; err: string } => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
    for (const k of ['ACM_DATABASE_URL', 'ACM_TARGET_DIR', 'ACM_CONFIG', 'ACM_REMOTE_ROOT', 'ACM_TEMPLATES']) delete env[k];
    const r = spawnSync(process.execPath, [join(root, 'packages/cli/dist/bin.js'), ...args], { cwd: dir, encoding: 'utf8', env });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'acm-cli-deploy-'));
    // The config file sets the store and the local target; relative paths are from its directory.
    await writeFile(join(dir, 'acm.config.yaml'), 'database: sqlite:./store.db\ndeploy:\n  targetDir: ./servers\n');
    expect(acm('import', join(root, 'examples/enterprise')).code).toBe(0);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('plans the real rendered files per server, commits them to the config target, then has nothing to do', async () => {
    const plan = JSON.parse(acm('plan', '--cluster', 'tpa1', '--json').out) as { plans: { cluster: string; hasChanges: boolean; servers: { server: string; added: string[]; reloads: string[] }[] }[] };
    const tpa1 = plan.plans[0];
    expect(tpa1?.hasChanges).toBe(true);
    // The files come from @acm/render: pjsip.conf is among them and asks for the PJSIP reload.
    expect(tpa1?.servers[0]?.added).toContain('etc/asterisk/pjsip.conf');
    expect(tpa1?.servers[0]?.reloads).toContain('module reload res_pjsip.so');
    const commit = acm('commit', '--cluster', 'tpa1', '--yes', '--json');
    expect(commit.code).toBe(0);
    expect(commit.err).toBe('');
    const servers = tpa1?.servers.map((s) => s.server) ?? [];
    expect((await readdir(join(dir, 'servers'))).sort()).toEqual([...servers].sort());
    expect(await readdir(join(dir, 'servers', servers[0] ?? '', 'etc/asterisk'))).toContain('pjsip.conf');
    const again = JSON.parse(acm('plan', '--cluster', 'tpa1', '--json').out) as { plans: { hasChanges: boolean }[] };
    expect(again.plans[0]?.hasChanges).toBe(false);
    // What is waiting comes from the store's last deployment, not from the target: nothing, and
    // nothing is written to the --target-dir given.
    expect(acm('commit', '--cluster', 'tpa1', '--yes', '--target-dir', 'elsewhere').out).toContain('nothing to commit');
    expect(await readdir(dir)).not.toContain('elsewhere');
  });

  it('breaks a stale deployment lock only for a named cluster', () => {
    expect(acm('deployments', '--break-lock').code).toBe(2);
    const r = acm('deployments', '--break-lock', '--cluster', 'tpa1', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ cluster: 'tpa1', broken: false });
  });

  it('refuses a config file with a typo: exit 2, one line with file:line:column', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'deploy:\n  targetDri: x\n');
    const r = acm('deployments', '--config', bad);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain(`${bad}:2:3`);
    expect(r.err).toContain('schema.unknown-key');
  });
});
