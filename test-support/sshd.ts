import { spawn, execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort, haveBinaries, sleep } from './free-port.js';

/** Path of the OpenSSH server binary (Debian `openssh-server`). */
export const SSHD = '/usr/sbin/sshd';
const SSH_KEYGEN = '/usr/bin/ssh-keygen';

/** A running sshd on 127.0.0.1 with its own host key and one authorised client key. */
export interface SshdHandle {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The user the test logs in as (the current user). */
  readonly username: string;
  /** Private key (OpenSSH format) authorised for `username`. */
  readonly clientKey: string;
  /** A private key that is NOT authorised. */
  readonly otherClientKey: string;
  /** `known_hosts` line of the server's host key: `[127.0.0.1]:port ssh-ed25519 AAAA...`. */
  readonly hostKeyLine: string;
  /** `SHA256:` fingerprint of the server's host key, as `ssh-keygen -lf` prints it. */
  readonly hostFingerprint: string;
  /** A `known_hosts` line of a different key (to prove a wrong key is refused). */
  readonly wrongHostKeyLine: string;
  /** The temp directory holding config, keys and logs. */
  readonly dir: string;
  /** Stops sshd and removes the temp directory. */
  stop(): Promise<void>;
}

function keygen(file: string, comment: string): void {
  execFileSync(SSH_KEYGEN, ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file], { stdio: 'ignore' });
}

function waitForBanner(port: number, deadline: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const s = connect(port, '127.0.0.1');
      s.setTimeout(500);
      s.once('data', (d) => {
        s.destroy();
        if (d.toString('latin1').startsWith('SSH-2.0')) resolve();
        else retry();
      });
      const retry = (): void => {
        s.destroy();
        if (Date.now() > deadline) reject(new Error(`sshd did not answer on port ${port}`));
        else setTimeout(attempt, 25);
      };
      s.once('error', retry);
      s.once('timeout', retry);
    };
    attempt();
  });
}

/**
 * Starts `sshd -D -e -f <config>` on a free loopback port with its own host key and a fresh
 * client key in a temp dir. Resolves `undefined` when sshd is not installed (outside CI).
 */
export async function startSshd(): Promise<SshdHandle | undefined> {
  if (!(await haveBinaries(SSHD, SSH_KEYGEN))) return undefined;
  const dir = await mkdtemp(join(tmpdir(), 'acm-sshd-'));
  await chmod(dir, 0o700);
  // As root, sshd insists on its privilege-separation directory.
  if (process.getuid?.() === 0) await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  keygen(join(dir, 'host_ed25519'), 'acm-test-host');
  keygen(join(dir, 'wrong_host_ed25519'), 'acm-test-wrong-host');
  keygen(join(dir, 'client'), 'acm-test-client');
  keygen(join(dir, 'other_client'), 'acm-test-other');
  await writeFile(join(dir, 'authorized_keys'), await readFile(join(dir, 'client.pub')), { mode: 0o600 });
  const port = await freePort();
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host_ed25519')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    'MaxStartups 50',
    'MaxSessions 20',
    'Subsystem sftp internal-sftp',
    '',
  ].join('\n');
  const configFile = join(dir, 'sshd_config');
  await writeFile(configFile, config);
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  try {
    await waitForBanner(port, Date.now() + 5000);
  } catch (e) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw new Error(`sshd failed to start: ${(e as Error).message}\n${log}`);
  }
  const pub = (await readFile(join(dir, 'host_ed25519.pub'), 'utf8')).trim().split(/\s+/);
  const wrong = (await readFile(join(dir, 'wrong_host_ed25519.pub'), 'utf8')).trim().split(/\s+/);
  const fp = execFileSync(SSH_KEYGEN, ['-l', '-E', 'sha256', '-f', join(dir, 'host_ed25519.pub')], { encoding: 'utf8' }).split(/\s+/)[1] ?? '';
  return {
    host: '127.0.0.1',
    port,
    username: userInfo().username,
    clientKey: await readFile(join(dir, 'client'), 'utf8'),
    otherClientKey: await readFile(join(dir, 'other_client'), 'utf8'),
    hostKeyLine: `[127.0.0.1]:${port} ${pub[0]} ${pub[1]}`,
    hostFingerprint: fp,
    wrongHostKeyLine: `[127.0.0.1]:${port} ${wrong[0]} ${wrong[1]}`,
    dir,
    async stop(): Promise<void> {
      if (!exited) {
        const gone = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        await Promise.race([gone, sleep(3000)]);
        if (!exited) child.kill('SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
