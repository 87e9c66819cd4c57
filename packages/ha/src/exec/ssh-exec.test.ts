import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd } from '../../../../test-support/sshd.js';
import type { SshdHandle } from '../../../../test-support/sshd.js';
import { freePort } from '../../../../test-support/free-port.js';
import { SshExec } from './ssh-exec.js';
import type { SshExecOptions } from './ssh-exec.js';

let sshd: SshdHandle | undefined;
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
});

function opts(over: Partial<SshExecOptions> = {}): SshExecOptions {
  if (!sshd) throw new Error('no sshd');
  return { host: sshd.host, port: sshd.port, username: sshd.username, privateKey: sshd.clientKey, hostKey: sshd.hostKeyLine, ...over };
}

describe.runIf(await import('../../../../test-support/free-port.js').then((m) => m.haveBinaries('/usr/sbin/sshd')))('SshExec against a real sshd', () => {
  it('runs argv with hostile arguments exactly, over one reused connection', async () => {
    const ssh = new SshExec(opts());
    try {
      const args = ["a'b", '$(id)', '`id`', 'x; echo pwned', 'two\nlines', '', ' s ', '*'];
      const r = await ssh.run(['printf', '%s\\0', ...args]);
      expect(r.code).toBe(0);
      expect(r.stdout.split('\0').slice(0, -1)).toEqual(args);
      const r2 = await ssh.run(['sh', '-c', 'echo err >&2; exit 4']);
      expect(r2).toMatchObject({ code: 4, stderr: 'err\n' });
      const r3 = await ssh.run(['cat'], { stdin: 'via stdin' });
      expect(r3.stdout).toBe('via stdin');
      expect(ssh.host).toBe(`${sshd?.username}@127.0.0.1:${sshd?.port}`);
    } finally {
      await ssh.close();
    }
  });

  it('accepts a SHA256 fingerprint pin and refuses a wrong host key', async () => {
    const byFp = new SshExec(opts({ hostKey: sshd?.hostFingerprint ?? '' }));
    expect((await byFp.run(['true'])).code).toBe(0);
    await byFp.close();
    const wrong = new SshExec(opts({ hostKey: sshd?.wrongHostKeyLine ?? '' }));
    await expect(wrong.run(['true'])).rejects.toMatchObject({ name: 'ExecError', kind: 'host-key' });
    await wrong.close();
    expect(() => new SshExec(opts({ hostKey: 'not a key' }))).toThrow(/pinned host key/);
  });

  it('reports an unauthorised key as auth and a closed port as connect, without secrets', async () => {
    const bad = new SshExec(opts({ privateKey: sshd?.otherClientKey ?? '', password: 'hunter2-secret' }));
    const err = (await bad.run(['true']).then(() => new Error('ran'), (e: unknown) => e)) as Error & { kind: string };
    expect(err).toMatchObject({ kind: 'auth' });
    expect(String(err.message)).not.toContain('hunter2');
    const closed = new SshExec(opts({ port: await freePort(), connectTimeoutMs: 2000 }));
    await expect(closed.run(['true'])).rejects.toMatchObject({ kind: 'connect' });
  });

  it('times out and caps output on the remote side', async () => {
    const ssh = new SshExec(opts());
    try {
      const slow = await ssh.run(['sleep', '10'], { timeoutMs: 300 });
      expect(slow.timedOut).toBe(true);
      expect(slow.code).toBeNull();
      const big = await ssh.run(['head', '-c', '1000000', '/dev/zero'], { maxOutputBytes: 2048 });
      expect(big.truncated).toBe(true);
      expect(big.stdout.length).toBe(2048);
      // The connection survives both and still runs commands.
      expect((await ssh.run(['echo', 'ok'])).stdout).toBe('ok\n');
      // The overrun command is killed on the host too (coreutils timeout, 1 s after the client gave up).
      await ssh.run(['sleep', '37.25'], { timeoutMs: 100 });
      let alive = true;
      for (let i = 0; i < 60 && alive; i++) {
        alive = (await ssh.run(['pgrep', '-f', '^sleep 37.25$'])).code === 0;
        if (alive) await new Promise((r) => setTimeout(r, 50));
      }
      expect(alive).toBe(false);
    } finally {
      await ssh.close();
    }
  });

  it('never runs more than maxConcurrent commands at once on the host', async () => {
    const ssh = new SshExec(opts({ maxConcurrent: 2 }));
    const dir = `${sshd?.dir}/conc`;
    // Each command registers itself in dir, waits, counts the registered commands, and leaves.
    const script = `mkdir -p ${dir}; f=${dir}/$$; touch $f; sleep 0.15; ls ${dir} | wc -l; rm $f`;
    try {
      const results = await Promise.all(Array.from({ length: 6 }, () => ssh.run(['sh', '-c', script])));
      const seen = results.map((r) => Number(r.stdout.trim()));
      expect(results.every((r) => r.code === 0)).toBe(true);
      expect(Math.max(...seen)).toBeLessThanOrEqual(2);
    } finally {
      await ssh.close();
    }
  });
});
