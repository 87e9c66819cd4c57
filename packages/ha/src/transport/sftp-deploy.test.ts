import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Deployer, Store } from '@acm/core';
import type { ApplyOptions, RenderedFile, Server, ServerTransport } from '@acm/core';
import { SshExec } from '../exec/ssh-exec.js';
import { haveBinaries } from '../../../../test-support/free-port.js';
import { SSHD, startSshd } from '../../../../test-support/sshd.js';
import { fileOf, snapshot } from '../../../../test-support/deploy-files.js';
import { CuttingProxy } from '../../../../test-support/tcp-proxy.js';
import type { SshdHandle } from '../../../../test-support/sshd.js';
import { SftpTarget } from './sftp-target.js';
import { sshDeployTransport, sshTransportFor } from './ssh-deploy-transport.js';

// Skips locally without sshd; under CI haveBinaries throws, so the run fails instead.
const HAVE_SSHD = await haveBinaries(SSHD, '/usr/bin/ssh-keygen');

const STATE_DIR = 'etc/asterisk/.acm';
const SECRET = 'Sup3r-S3cret-sip-password';
const file = fileOf;

interface Box {
  sshd: SshdHandle;
  root: string;
  /** Reload log written by the fake `asterisk` on this server. */
  log: string;
}

describe.runIf(HAVE_SSHD)('deploy over SFTP to two real sshd servers', () => {
  let a: Box;
  let b: Box;
  let work: string;
  let fakeAsterisk: string;
  let store: Store;
  const proxy = new CuttingProxy();

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'acm-sftp-deploy-'));
    // The fake `asterisk -rx <cmd>` logs the command to reloads-<sshd port>.log: SSH_CONNECTION ends
    // with the port of the sshd that runs it, so each "server" keeps its own log.
    fakeAsterisk = join(work, 'asterisk');
    await writeFile(fakeAsterisk, `#!/bin/sh\n[ "$1" = "-rx" ] || exit 2\nprintf '%s\\n' "$2" >> "${work}/reloads-\${SSH_CONNECTION##* }.log"\n`, { mode: 0o755 });
    const boxes: Box[] = [];
    for (const name of ['a', 'b']) {
      const sshd = await startSshd();
      if (sshd === undefined) throw new Error('sshd vanished');
      const root = join(work, `root-${name}`);
      await mkdir(join(root, 'etc/asterisk'), { recursive: true });
      boxes.push({ sshd, root, log: join(work, `reloads-${sshd.port}.log`) });
    }
    [a, b] = boxes as [Box, Box];
    await proxy.start(b.sshd.port);
  });

  afterAll(async () => {
    await proxy.stop();
    await a?.sshd.stop();
    await b?.sshd.stop();
    await store?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await store?.close();
    store = await Store.open('sqlite::memory:');
    for (const box of [a, b]) {
      await rm(box.root, { recursive: true, force: true });
      await mkdir(join(box.root, 'etc/asterisk'), { recursive: true });
      await writeFile(join(box.root, 'etc/asterisk/pjsip.conf'), 'hand-made before ACM\n');
      await rm(box.log, { force: true });
    }
    proxy.refuse = false;
    proxy.cutAfterBytes = undefined;
  });

  /** The model's view of a server, reached directly or (for b, when asked) through the proxy. */
  const serverOf = (box: Box, id: string, over: { viaProxy?: boolean; hostKey?: string; privateKey?: string } = {}): Server => ({
    id,
    hostname: `${id}.example.test`,
    address: '127.0.0.1',
    role: id === 'a' ? 'primary' : 'secondary',
    ssh: { port: over.viaProxy === true ? proxy.port : box.sshd.port, user: box.sshd.username, hostKey: over.hostKey ?? box.sshd.hostKeyLine, privateKey: over.privateKey ?? box.sshd.clientKey },
  });

  const deployer = (b2: Server, a2: Server = serverOf(a, 'a')): Deployer =>
    new Deployer(store, {
      stateDir: STATE_DIR,
      reloadArgv: (reload) => [fakeAsterisk, '-rx', reload],
      transport: (_cluster, server): ServerTransport => {
        const box = server === 'a' ? a : b;
        return sshTransportFor(server === 'a' ? a2 : b2, { root: box.root, connectTimeoutMs: 5000 });
      },
    });

  const v1 = (): Record<string, RenderedFile[]> => ({
    a: [file('etc/asterisk/pjsip.conf', `[a]\npassword=${SECRET}\n`, 'module reload res_pjsip.so'), file('etc/asterisk/extensions.conf', 'exten v1\n', 'dialplan reload'), file('etc/asterisk/old.conf', 'to be removed\n', 'module reload res_old.so')],
    b: [file('etc/asterisk/pjsip.conf', `[b]\npassword=${SECRET}\n`, 'module reload res_pjsip.so'), file('etc/asterisk/extensions.conf', 'exten v1\n', 'dialplan reload')],
  });
  const v2 = (): Record<string, RenderedFile[]> => ({
    a: [file('etc/asterisk/pjsip.conf', `[a]\npassword=${SECRET}\nv2\n`, 'module reload res_pjsip.so'), file('etc/asterisk/extensions.conf', 'exten v1\n', 'dialplan reload'), file('etc/asterisk/acm.d/tpa1.conf', 'new in v2\n', 'dialplan reload')],
    b: [file('etc/asterisk/pjsip.conf', `[b]\npassword=${SECRET}\nv2\n`, 'module reload res_pjsip.so'), file('etc/asterisk/extensions.conf', 'exten v1\n', 'dialplan reload'), file('etc/asterisk/acm.d/tpa1.conf', 'new in v2\n', 'dialplan reload')],
  });
  const reloadsOf = async (box: Box): Promise<string[]> => (await readFile(box.log, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');

  /** Deploys v1 to both servers directly and returns what they hold afterwards. */
  async function deployV1(): Promise<[Record<string, string>, Record<string, string>]> {
    const d = deployer(serverOf(b, 'b'));
    const r = await d.apply(await d.plan('tpa1', v1()));
    expect(r).toMatchObject({ ok: true, servers: { a: 'switched', b: 'switched' } });
    await rm(a.log, { force: true });
    await rm(b.log, { force: true });
    return [await snapshot(a.root), await snapshot(b.root)];
  }

  it('deploys, changes, adds and removes files on both servers, keeps modes, runs only the needed reloads', async () => {
    const d = deployer(serverOf(b, 'b'));
    const r1 = await d.apply(await d.plan('tpa1', v1()));
    expect(r1).toMatchObject({ ok: true, servers: { a: 'switched', b: 'switched' } });
    expect(await snapshot(a.root)).toEqual({ 'etc/asterisk/pjsip.conf': `[a]\npassword=${SECRET}\n`, 'etc/asterisk/extensions.conf': 'exten v1\n', 'etc/asterisk/old.conf': 'to be removed\n' });
    expect(await snapshot(b.root)).toEqual({ 'etc/asterisk/pjsip.conf': `[b]\npassword=${SECRET}\n`, 'etc/asterisk/extensions.conf': 'exten v1\n' });
    // First deployment: every file is new, so each server runs each of its files' reloads once, sorted.
    expect(await reloadsOf(a)).toEqual(['dialplan reload', 'module reload res_old.so', 'module reload res_pjsip.so']);
    expect(await reloadsOf(b)).toEqual(['dialplan reload', 'module reload res_pjsip.so']);
    // The hand-made pjsip.conf it replaced is kept in the deployment's backup on the server.
    expect(await readFile(join(a.root, STATE_DIR, `backup/${r1.id}/files/etc/asterisk/pjsip.conf`), 'utf8')).toBe('hand-made before ACM\n');
    // Staging is cleaned up.
    expect(await readdir(join(a.root, STATE_DIR, 'staging')).catch(() => [])).toEqual([]);

    await chmod(join(a.root, 'etc/asterisk/pjsip.conf'), 0o640);
    await rm(a.log);
    await rm(b.log);
    const r2 = await d.apply(await d.plan('tpa1', v2()));
    expect(r2).toMatchObject({ ok: true });
    expect(await snapshot(a.root)).toEqual({ 'etc/asterisk/pjsip.conf': `[a]\npassword=${SECRET}\nv2\n`, 'etc/asterisk/extensions.conf': 'exten v1\n', 'etc/asterisk/acm.d/tpa1.conf': 'new in v2\n' });
    expect((await stat(join(a.root, 'etc/asterisk/pjsip.conf'))).mode & 0o777).toBe(0o640);
    // a: pjsip changed, tpa1.conf added (dialplan), old.conf removed (res_old); extensions.conf unchanged.
    expect(await reloadsOf(a)).toEqual(['dialplan reload', 'module reload res_old.so', 'module reload res_pjsip.so']);
    expect(await reloadsOf(b)).toEqual(['dialplan reload', 'module reload res_pjsip.so']);

    // Rolling back to v1 over SFTP restores v1 exactly.
    const r3 = await d.rollback(r1.id as number);
    expect(r3).toMatchObject({ ok: true });
    // (acm.d/ stays as an empty directory: the snapshot lists files only.)
    expect(await snapshot(a.root)).toEqual({ 'etc/asterisk/pjsip.conf': `[a]\npassword=${SECRET}\n`, 'etc/asterisk/extensions.conf': 'exten v1\n', 'etc/asterisk/old.conf': 'to be removed\n' });
  });

  it('a staging failure on the second server leaves both servers on their old files', async () => {
    const [oldA, oldB] = await deployV1();
    // As root nothing is read-only, so make the staging directory impossible: a file where it must be.
    await rm(join(b.root, STATE_DIR, 'staging'), { recursive: true, force: true });
    await writeFile(join(b.root, STATE_DIR, 'staging'), 'in the way\n');
    const d = deployer(serverOf(b, 'b'));
    const r = await d.apply(await d.plan('tpa1', v2()));
    expect(r.ok).toBe(false);
    expect(r.servers).toEqual({ a: 'untouched', b: 'untouched' });
    expect(r.reason).toMatch(/^b: stage /);
    expect(await snapshot(a.root)).toEqual(oldA);
    expect(await snapshot(b.root)).toEqual(oldB);
    expect(await readdir(join(a.root, STATE_DIR, 'staging'))).toEqual([]);
    expect(await reloadsOf(a)).toEqual([]);
    expect((await d.history({ limit: 1 }))[0]).toMatchObject({ status: 'failed', outcome: { a: 'untouched', b: 'untouched' } });
  });

  it('a full disk on the second server while staging leaves both servers on their old files and says so', async () => {
    const [oldA, oldB] = await deployV1();
    // The next deployment is #2 (a fresh store, v1 was #1). Its staged pjsip.conf on b lands on
    // /dev/full, where every write fails with ENOSPC, as on a full filesystem.
    const staged = join(b.root, STATE_DIR, 'staging', '2', 'etc/asterisk');
    await mkdir(staged, { recursive: true });
    await symlink('/dev/full', join(staged, 'pjsip.conf'));
    const d = deployer(serverOf(b, 'b'));
    const r = await d.apply(await d.plan('tpa1', v2()));
    expect(r.id).toBe(2);
    expect(r.ok).toBe(false);
    expect(r.servers).toEqual({ a: 'untouched', b: 'untouched' });
    expect(r.reason).toMatch(/^b: stage etc\/asterisk\/pjsip\.conf failed: .*disk full/);
    expect(r.reason).not.toContain(SECRET);
    expect(await snapshot(a.root)).toEqual(oldA);
    expect(await snapshot(b.root)).toEqual(oldB);
    expect(await readdir(join(a.root, STATE_DIR, 'staging'))).toEqual([]);
    expect(await reloadsOf(a)).toEqual([]);
  });

  it('a switch failure on the second server puts the first back from its backup', async () => {
    const [oldA, oldB] = await deployV1();
    // v2 adds etc/asterisk/acm.d/tpa1.conf: on b a plain file sits where the directory must be.
    await writeFile(join(b.root, 'etc/asterisk/acm.d'), 'in the way\n');
    const d = deployer(serverOf(b, 'b'));
    const r = await d.apply(await d.plan('tpa1', v2()));
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/^b: switch etc\/asterisk\/acm\.d\/tpa1\.conf failed/);
    expect(r.servers).toEqual({ a: 'restored', b: 'restored' });
    expect(await snapshot(a.root)).toEqual(oldA);
    expect(await snapshot(b.root)).toEqual({ ...oldB, 'etc/asterisk/acm.d': 'in the way\n' });
    // No server had been reloaded yet, so the restore reloads nothing.
    expect(await reloadsOf(a)).toEqual([]);
  });

  it('refuses a server whose host key is not the pinned one, with a clear message, and changes nothing', async () => {
    const [oldA, oldB] = await deployV1();
    const d = deployer(serverOf(b, 'b', { hostKey: b.sshd.wrongHostKeyLine }));
    const r = await d.apply(await d.plan('tpa1', v2()));
    expect(r.ok).toBe(false);
    expect(r.reason).toContain('b: ');
    expect(r.reason).toContain('host key does not match the pinned key');
    expect(r.servers).toEqual({ a: 'untouched', b: 'untouched' });
    expect(await snapshot(a.root)).toEqual(oldA);
    expect(await snapshot(b.root)).toEqual(oldB);
    expect(await readdir(join(a.root, STATE_DIR, 'staging'))).toEqual([]);
  });

  it('a connection killed mid-upload (and the server gone) leaves every server on a complete set of old files', async () => {
    await deployV1();
    // b's big file makes the upload long enough to cut in the middle: ~2 MB, cut after 300 kB.
    const big = `${'x'.repeat(79)}\n`.repeat(25_000);
    const files = v2();
    files.b = [...(files.b ?? []), file('etc/asterisk/big.conf', big, 'dialplan reload')];
    const [oldA, oldB] = [await snapshot(a.root), await snapshot(b.root)];
    proxy.cutAfterBytes = 300_000;
    const d = deployer(serverOf(b, 'b', { viaProxy: true }));
    const plan = await d.plan('tpa1', files);
    // Once the cut happens, b stays unreachable (the restore cannot reach it either).
    const cuts = proxy.cuts;
    const watcher = setInterval(() => {
      if (proxy.cuts > cuts) proxy.refuse = true;
    }, 1);
    const r = await d.apply(plan).finally(() => clearInterval(watcher));
    expect(proxy.cuts).toBe(cuts + 1);
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/^b: stage /);
    expect(r.servers).toEqual({ a: 'untouched', b: 'untouched' });
    expect(await snapshot(a.root)).toEqual(oldA);
    expect(await snapshot(b.root)).toEqual(oldB);
    // The half-uploaded file is only ever in b's staging dir, never live.
    expect(oldB['etc/asterisk/big.conf']).toBeUndefined();
  });

  it('a connection killed during the switch of the second server: both are restored over fresh connections', async () => {
    const [oldA, oldB] = await deployV1();
    const d = deployer(serverOf(b, 'b', { viaProxy: true }));
    const plan = await d.plan('tpa1', v2());
    const onProgress: ApplyOptions['onProgress'] = (ev) => {
      if (ev.server === 'b' && ev.step === 'switch') proxy.kill();
    };
    const r = await d.apply(plan, { onProgress });
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/^b: switch /);
    expect(r.servers).toEqual({ a: 'restored', b: 'restored' });
    expect(await snapshot(a.root)).toEqual(oldA);
    expect(await snapshot(b.root)).toEqual(oldB);
    // After the failure the same deployment goes through on a healthy link.
    const again = await d.apply(await d.plan('tpa1', v2()));
    expect(again).toMatchObject({ ok: true, servers: { a: 'switched', b: 'switched' } });
    expect(await snapshot(b.root)).toEqual({ 'etc/asterisk/pjsip.conf': `[b]\npassword=${SECRET}\nv2\n`, 'etc/asterisk/extensions.conf': 'exten v1\n', 'etc/asterisk/acm.d/tpa1.conf': 'new in v2\n' });
  });

  it('never puts a secret (private key, passphrase, file content) in reasons, history or errors', async () => {
    await deployV1();
    // b refuses a's key: authentication fails on b after a has staged.
    const d = deployer(serverOf(b, 'b', { privateKey: b.sshd.otherClientKey }));
    const r = await d.apply(await d.plan('tpa1', v2()));
    expect(r.ok).toBe(false);
    expect(r.reason).toContain('authentication failed');
    const seen = JSON.stringify([r, await d.history({ limit: 5 })]);
    const keyBody = b.sshd.otherClientKey.split('\n')[1] ?? 'unreachable';
    expect(keyBody.length).toBeGreaterThan(20);
    for (const secret of [keyBody, 'PRIVATE KEY', SECRET]) expect(seen).not.toContain(secret);

    // A private key that cannot be resolved names the reference, never a value.
    const server: Server = { ...serverOf(b, 'b'), ssh: { user: 'root', hostKey: b.sshd.hostKeyLine, privateKey: { env: 'ACM_TEST_NO_SUCH_KEY' } } };
    expect(() => sshTransportFor(server, { resolveSecret: () => undefined })).toThrow(/b: the private key of the ssh endpoint cannot be resolved \(env ACM_TEST_NO_SUCH_KEY\)/);
    // A passphrase given for an unencrypted-but-refused login never shows either.
    const t = sshDeployTransport({ host: '127.0.0.1', port: b.sshd.port, username: b.sshd.username, privateKey: b.sshd.otherClientKey, passphrase: 'pass-phrase-42', password: 'hunter2-pw', hostKey: b.sshd.hostKeyLine });
    const err = (await t.files.readFile('etc/asterisk/pjsip.conf').then(() => new Error('read'), (e: unknown) => e)) as Error;
    expect(err.message).toMatch(/authentication failed/);
    for (const secret of ['pass-phrase-42', 'hunter2-pw', keyBody]) expect(`${err.message} ${String(err.stack)}`).not.toContain(secret);
    await t.files.close();
  });

  it('SftpTarget: missing files read as undefined, paths cannot leave the root, trees are removed', async () => {
    const ssh = new SshExec({ host: '127.0.0.1', port: a.sshd.port, username: a.sshd.username, privateKey: a.sshd.clientKey, hostKey: a.sshd.hostFingerprint });
    const t = new SftpTarget(ssh, { root: a.root });
    try {
      expect(t.label).toBe(`sftp://${a.sshd.username}@127.0.0.1:${a.sshd.port}${a.root}`);
      expect(await t.readFile('nope/none.conf')).toBeUndefined();
      await expect(t.writeFile('../escape.conf', 'x')).rejects.toThrow(/leaves/);
      await t.writeFile('t/x/y.conf', 'deep\n');
      await t.writeFile('t/z.conf', new Uint8Array([104, 105]));
      expect(Buffer.from((await t.readFile('t/x/y.conf')) ?? []).toString()).toBe('deep\n');
      expect(await readFile(join(a.root, 't/z.conf'), 'utf8')).toBe('hi');
      await t.remove('t/none.conf');
      await t.removeTree('t');
      await t.removeTree('t');
      expect(await readdir(a.root)).not.toContain('t');
      // The deploy transport's reloads run through the one Exec interface and report the exit status.
      const deploy = sshDeployTransport({ host: '127.0.0.1', port: a.sshd.port, username: a.sshd.username, privateKey: a.sshd.clientKey, hostKey: a.sshd.hostFingerprint });
      try {
        expect(await deploy.exec?.run(['sh', '-c', 'echo out; echo err >&2; exit 3'])).toMatchObject({ code: 3, stdout: 'out\n', stderr: 'err\n', timedOut: false });
      } finally {
        await deploy.files.close();
      }
    } finally {
      await t.close();
    }
  });
});
