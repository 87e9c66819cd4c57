import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store, type Enterprise, type RenderedFile } from '@acm/core';
import { haveBinaries } from '../../../../test-support/free-port.js';
import { SSHD, startSshd, type SshdHandle } from '../../../../test-support/sshd.js';
import { fakeAsterisk, fileOf } from '../../../../test-support/deploy-files.js';
import { deployerFor, describeDeployTarget, remoteRootOf, serversWithoutTarget } from './deploy-target.js';

const file = fileOf;
const FILES = (server: string): RenderedFile[] => [file('etc/asterisk/pjsip.conf', `endpoints of ${server}\n`, 'pjsip reload'), file('README.acm', 'rendered by ACM\n')];

/** One cluster of two servers; ast2 has no ssh endpoint. */
function enterpriseWith(ssh: { host: string; port: number; user: string; hostKey: string; privateKey: { env: string } }): Enterprise {
  return {
    name: 'T',
    sites: [{ id: 'hq', name: 'HQ', timezone: 'UTC' }],
    clusters: [{
      id: 'c1', site: 'hq', voiceVip: { address: '10.0.0.10' },
      servers: [{ id: 'ast1', address: '10.0.0.11', ssh }, { id: 'ast2', address: '10.0.0.12' }],
    }],
  } as unknown as Enterprise;
}

describe('deploy targets without a server', () => {
  const enterprise = enterpriseWith({ host: '192.0.2.1', port: 2222, user: 'deploy', hostKey: 'SHA256:x', privateKey: { env: 'KEY' } });

  it('describes where each server is reached, with the root expanded and no secret', () => {
    const ssh = { remoteRoot: '/srv/{cluster}/{server}' };
    expect(describeDeployTarget(enterprise, ssh, 'c1', 'ast1')).toBe('sftp://deploy@192.0.2.1:2222/srv/c1/ast1');
    expect(describeDeployTarget(enterprise, ssh, 'c1', 'ast2')).toBe('no ssh endpoint');
    expect(describeDeployTarget(enterprise, { targetDir: '/tmp/out' }, 'c1', 'ast2')).toBe('local:/tmp/out/ast2');
    // The config file's settings apply when the target does not say.
    expect(describeDeployTarget(enterprise, { config: { targetDir: '/var/acm' } }, 'c1', 'ast1')).toBe('local:/var/acm/ast1');
    expect(remoteRootOf({ config: { remoteRoot: '/x/{server}' } }, 'c1', 'ast1')).toBe('/x/ast1');
    expect(remoteRootOf({ remoteRoot: '/y', config: { remoteRoot: '/x' } }, 'c1', 'ast1')).toBe('/y');
    expect(remoteRootOf({}, 'c1', 'ast1')).toBe('/');
  });

  it('names the servers a deployment over SSH cannot reach, and none for local directories', () => {
    expect(serversWithoutTarget(enterprise, {}, ['c1'])).toEqual(['c1/ast2']);
    expect(serversWithoutTarget(enterprise, {}, ['other'])).toEqual([]);
    expect(serversWithoutTarget(enterprise, { targetDir: '/tmp/out' }, ['c1'])).toEqual([]);
  });

  it('deploys to local directories, runs reloads on this machine only when asked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'acm-deploy-target-'));
    const store = await Store.open(`sqlite:${join(dir, 'acm.db')}`);
    try {
      const log = join(dir, 'reloads.log');
      const config = { asterisk: await fakeAsterisk(dir, log) };
      const quiet = deployerFor(store, enterprise, { targetDir: join(dir, 'out'), config });
      const first = await quiet.apply(await quiet.plan('c1', { ast1: FILES('ast1'), ast2: FILES('ast2') }));
      expect(first).toMatchObject({ ok: true, servers: { ast1: 'switched', ast2: 'switched' } });
      expect(await readFile(join(dir, 'out', 'ast2', 'etc/asterisk/pjsip.conf'), 'utf8')).toBe('endpoints of ast2\n');
      // Local staging and backups in the default `.acm`, and no reload without `reloads: true`.
      expect(existsSync(join(dir, 'out', 'ast1', '.acm', 'backup'))).toBe(true);
      expect(existsSync(log)).toBe(false);

      const loud = deployerFor(store, enterprise, { targetDir: join(dir, 'out'), reloads: true, config });
      const second = await loud.apply(await loud.plan('c1', { ast1: [file('etc/asterisk/pjsip.conf', 'v2\n', 'pjsip reload')], ast2: FILES('ast2') }));
      expect(second.ok).toBe(true);
      expect((await readFile(log, 'utf8')).split('\n')).toEqual(['-rx pjsip reload', '']);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// Skips locally without sshd; under CI haveBinaries throws, so the run fails instead.
const HAVE_SSHD = await haveBinaries(SSHD, '/usr/bin/ssh-keygen');

describe.skipIf(!HAVE_SSHD)('deployerFor over SSH (a real sshd)', () => {
  let sshd: SshdHandle | undefined;
  let dir = '';
  beforeAll(async () => {
    sshd = await startSshd();
    dir = await mkdtemp(join(tmpdir(), 'acm-deploy-target-ssh-'));
  }, 60_000);
  afterAll(async () => {
    await sshd?.stop();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('stages below etc/asterisk/.acm, switches, reloads on the server, and refuses a server without an endpoint', async () => {
    const s = sshd as SshdHandle;
    const enterprise = enterpriseWith({ host: '127.0.0.1', port: s.port, user: s.username, hostKey: s.hostFingerprint, privateKey: { env: 'ACM_TEST_KEY' } });
    const store = await Store.open(`sqlite:${join(dir, 'acm.db')}`);
    try {
      const log = join(dir, 'reloads.log');
      const target = {
        remoteRoot: join(dir, 'servers', '{server}'),
        config: { asterisk: await fakeAsterisk(dir, log), connectTimeoutSeconds: 5 },
        // The key comes from the environment the target is given, not from process.env.
        secretEnv: { ACM_TEST_KEY: s.clientKey },
      };
      const deployer = deployerFor(store, enterprise, target);
      const ok = await deployer.apply(await deployer.plan('c1', { ast1: FILES('ast1') }));
      expect(ok).toMatchObject({ ok: true, servers: { ast1: 'switched' }, reloads: { ast1: ['pjsip reload'] } });
      expect(await readFile(join(dir, 'servers', 'ast1', 'etc/asterisk/pjsip.conf'), 'utf8')).toBe('endpoints of ast1\n');
      expect(existsSync(join(dir, 'servers', 'ast1', 'etc/asterisk/.acm/backup', String(ok.id)))).toBe(true);
      expect(await readFile(log, 'utf8')).toBe('-rx pjsip reload\n');

      // ast2 has no ssh endpoint: the deployment fails naming it, and ast1 keeps its files.
      const failed = await deployer.apply(await deployer.plan('c1', { ast1: [file('etc/asterisk/pjsip.conf', 'v2\n', 'pjsip reload')], ast2: FILES('ast2') }));
      expect(failed.ok).toBe(false);
      expect(failed.reason).toMatch(/ast2.*no ssh endpoint/);
      expect(failed.reason).not.toContain('PRIVATE KEY');
      expect(await readFile(join(dir, 'servers', 'ast1', 'etc/asterisk/pjsip.conf'), 'utf8')).toBe('endpoints of ast1\n');
    } finally {
      await store.close();
    }
  }, 60_000);
});
