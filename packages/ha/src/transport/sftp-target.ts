import { posix } from 'node:path';
import type { FileTarget } from '@acm/core';
import type { Client, SFTPWrapper, Stats } from 'ssh2';
import type { SshExec } from '../exec/ssh-exec.js';

/** Options of an {@link SftpTarget}. */
export interface SftpTargetOptions {
  /** Root directory on the server that the relative paths are below (default `/`). */
  readonly root?: string;
  /** Close the {@link SshExec} (the shared connection) when the target is closed (default true). */
  readonly closeConnection?: boolean;
  /**
   * Time one SFTP request may take before the target gives up on the connection (default 30 000 ms):
   * a link that went silent fails the step instead of hanging the deployment.
   */
  readonly requestTimeoutMs?: number;
}

/** SFTP status code for "no such file" (ENOENT, ENOTDIR on OpenSSH). */
const NO_SUCH_FILE = 2;
/** SFTP status code for "failure": what OpenSSH's sftp-server answers for ENOSPC, EDQUOT and EIO. */
const FAILURE = 4;
/** Bytes per SFTP write request (OpenSSH accepts up to 255 KiB; 32 KiB is what every server takes). */
const CHUNK = 32 * 1024;

type SftpError = Error & { code?: number | string };

const isMissing = (e: unknown): boolean => (e as SftpError | undefined)?.code === NO_SUCH_FILE;

interface Session {
  readonly client: Client;
  readonly sftp: Promise<SFTPWrapper>;
  /** Rejects when the connection or the SFTP channel goes away: pending requests fail with it. */
  readonly lost: Promise<never>;
}

/**
 * Runs one callback-style SFTP request as a promise that also fails when the connection is lost or
 * the request overruns; the error names the operation and path, never data.
 */
function request<T>(session: Session, timeoutMs: number, op: string, path: string, fn: (cb: (err: Error | undefined | null, value?: T) => void) => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<T>((resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${op} ${path}: no answer from the server in ${timeoutMs} ms`));
      // A connection that stopped answering is useless: drop it so the next call reconnects.
      session.client.end();
    }, timeoutMs);
    try {
      fn((err, value) => {
        if (err !== undefined && err !== null) {
          // SFTP v3 has no "no space" status: say what a failed write most likely means.
          const writing = (op === 'write' || op === 'fsync') && (err as SftpError).code === FAILURE;
          const e: SftpError = new Error(`${op} ${path}: ${err.message || 'failed'}${writing ? ' (the server could not store the data: disk full, quota exceeded or I/O error)' : ''}`);
          e.code = (err as SftpError).code;
          reject(e);
        } else resolve(value as T);
      });
    } catch (err) {
      // ssh2 throws synchronously when the channel is already gone.
      reject(new Error(`${op} ${path}: ${(err as Error).message}`));
    }
  });
  const lost = session.lost.catch((e: unknown) => {
    throw new Error(`${op} ${path}: ${(e as Error).message}`);
  });
  return Promise.race([done, lost]).finally(() => clearTimeout(timer));
}

/**
 * A deployment {@link FileTarget} on a remote server over SFTP, on the pinned and authenticated
 * connection of an {@link SshExec} (so one SSH connection per server carries both the files and
 * the reloads). Writes are flushed (`fsync@openssh.com` when offered) before they count, and
 * {@link SftpTarget.rename} uses `posix-rename@openssh.com`, which replaces the destination
 * atomically on the server (plain SFTP v3 rename refuses to overwrite). A replaced file keeps its
 * mode (and owner, when the login may set it). After a dropped connection the next call reconnects.
 *
 * @example
 * ```ts
 * const ssh = new SshExec({ host: '10.0.0.5', username: 'root', privateKey, hostKey: 'SHA256:...' });
 * const files = new SftpTarget(ssh, { root: '/' });
 * await files.writeFile('etc/asterisk/.acm/staging/7/etc/asterisk/pjsip.conf', text);
 * await files.rename('etc/asterisk/.acm/staging/7/etc/asterisk/pjsip.conf', 'etc/asterisk/pjsip.conf');
 * await files.close();
 * ```
 */
export class SftpTarget implements FileTarget {
  readonly label: string;
  /** Absolute (or home-relative, when not starting with `/`) root on the server. */
  readonly root: string;
  private current: Session | undefined;
  private readonly timeoutMs: number;

  constructor(
    private readonly ssh: SshExec,
    private readonly options: SftpTargetOptions = {},
  ) {
    const root = posix.normalize(options.root ?? '/');
    this.root = root.length > 1 && root.endsWith('/') ? root.slice(0, -1) : root;
    this.label = `sftp://${ssh.host}${this.root.startsWith('/') ? '' : '/~/'}${this.root}`;
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
  }

  /** The server path of a relative path; refuses paths that would leave the root. */
  private abs(path: string): string {
    const rel = posix.normalize(path);
    if (rel === '..' || rel.startsWith('../') || posix.isAbsolute(rel)) throw new Error(`path ${JSON.stringify(path)} leaves ${this.root}`);
    return rel === '.' ? this.root : posix.join(this.root, rel);
  }

  /** An SFTP channel on the current connection: reopened when the connection was replaced. */
  private async session(): Promise<{ sftp: SFTPWrapper; call: <T>(op: string, path: string, fn: (cb: (err: Error | undefined | null, value?: T) => void) => void) => Promise<T> }> {
    const client = await this.ssh.connection();
    if (this.current?.client !== client) {
      let markLost: (e: Error) => void = () => undefined;
      const lost = new Promise<never>((_, reject) => {
        markLost = reject;
      });
      lost.catch(() => undefined);
      const onClose = (): void => markLost(new Error('connection lost'));
      client.once('close', onClose);
      const sftp = new Promise<SFTPWrapper>((resolve, reject) => {
        client.sftp((err, channel) => {
          if (err !== undefined && err !== null) {
            reject(new Error(`${this.ssh.host}: cannot start SFTP (${err.message})`));
            return;
          }
          channel.once('close', () => markLost(new Error('SFTP channel closed')));
          resolve(channel);
        });
      });
      const session: Session = { client, sftp, lost };
      this.current = session;
      const forget = (): void => {
        client.removeListener('close', onClose);
        if (this.current === session) this.current = undefined;
      };
      lost.catch(forget);
      sftp.catch(forget);
    }
    const session = this.current;
    const sftp = await Promise.race([session.sftp, session.lost]);
    return { sftp, call: (op, path, fn) => request(session, this.timeoutMs, op, path, fn) };
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    const p = this.abs(path);
    const { sftp, call } = await this.session();
    try {
      return await call<Buffer>('read', p, (cb) => sftp.readFile(p, cb));
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  /** Creates a directory and its missing parents (`mkdir -p`). */
  private async mkdirs(dir: string): Promise<void> {
    const { sftp, call } = await this.session();
    const missing: string[] = [];
    let d = dir;
    for (;;) {
      const at = d;
      const st = await call<Stats>('stat', at, (cb) => sftp.stat(at, cb)).catch((e: unknown) => {
        if (isMissing(e)) return undefined;
        throw e;
      });
      if (st !== undefined) {
        if (!st.isDirectory()) throw new Error(`mkdir ${dir}: ${at} exists and is not a directory`);
        break;
      }
      missing.push(at);
      const parent = posix.dirname(at);
      if (parent === at) break;
      d = parent;
    }
    for (const m of missing.reverse()) {
      await call<void>('mkdir', m, (cb) => sftp.mkdir(m, cb)).catch(async (e: unknown) => {
        // Another writer may have made it in between: fine if it is a directory now.
        const st = await call<Stats>('stat', m, (cb) => sftp.stat(m, cb)).catch(() => undefined);
        if (st?.isDirectory() !== true) throw e;
      });
    }
  }

  async writeFile(path: string, data: string | Uint8Array): Promise<void> {
    const p = this.abs(path);
    await this.mkdirs(posix.dirname(p));
    const { sftp, call } = await this.session();
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const handle = await call<Buffer>('open', p, (cb) => sftp.open(p, 'w', 0o644, cb));
    try {
      for (let at = 0; at < buf.length; at += CHUNK) {
        const from = at;
        const n = Math.min(CHUNK, buf.length - from);
        await call<void>('write', p, (cb) => sftp.write(handle, buf, from, n, from, cb));
      }
      // The content must be on the server's disk before a rename can make it live.
      await call<unknown>('fsync', p, (cb) => sftp.ext_openssh_fsync(handle, cb)).catch((e: unknown) => {
        if (!/not supported/i.test((e as Error).message)) throw e;
      });
    } finally {
      await call<void>('close', p, (cb) => sftp.close(handle, cb)).catch(() => undefined);
    }
  }

  async rename(from: string, to: string): Promise<void> {
    const src = this.abs(from);
    const dest = this.abs(to);
    await this.mkdirs(posix.dirname(dest));
    const { sftp, call } = await this.session();
    const old = await call<Stats>('stat', dest, (cb) => sftp.stat(dest, cb)).catch((e: unknown) => {
      if (isMissing(e)) return undefined;
      throw e;
    });
    if (old !== undefined) {
      if (old.isDirectory()) throw new Error(`rename ${src} ${dest}: ${dest} is a directory`);
      // The new file takes the place of the old one: keep its permissions (and owner where allowed).
      await call<void>('chmod', src, (cb) => sftp.chmod(src, old.mode & 0o7777, cb));
      await call<void>('chown', src, (cb) => sftp.chown(src, old.uid, old.gid, cb)).catch(() => undefined);
    }
    await call<void>('rename', `${src} ${dest}`, (cb) => sftp.ext_openssh_rename(src, dest, cb));
  }

  async remove(path: string): Promise<void> {
    const p = this.abs(path);
    const { sftp, call } = await this.session();
    await call<void>('unlink', p, (cb) => sftp.unlink(p, cb)).catch((e: unknown) => {
      if (!isMissing(e)) throw e;
    });
  }

  async removeTree(path: string): Promise<void> {
    const p = this.abs(path);
    if (p === this.root) throw new Error(`refusing to remove the root ${this.root}`);
    const { sftp, call } = await this.session();
    const walk = async (at: string): Promise<void> => {
      const st = await call<Stats>('lstat', at, (cb) => sftp.lstat(at, cb)).catch((e: unknown) => {
        if (isMissing(e)) return undefined;
        throw e;
      });
      if (st === undefined) return;
      if (!st.isDirectory()) {
        await call<void>('unlink', at, (cb) => sftp.unlink(at, cb));
        return;
      }
      const entries = await call<{ filename: string }[]>('readdir', at, (cb) => sftp.readdir(at, cb));
      for (const e of entries) {
        if (e.filename === '.' || e.filename === '..') continue;
        await walk(posix.join(at, e.filename));
      }
      await call<void>('rmdir', at, (cb) => sftp.rmdir(at, cb));
    };
    await walk(p);
  }

  /** Ends the SFTP channel and, unless `closeConnection` is false, the SSH connection. */
  async close(): Promise<void> {
    const session = this.current;
    this.current = undefined;
    if (session !== undefined) {
      const sftp = await session.sftp.catch(() => undefined);
      sftp?.end();
    }
    if (this.options.closeConnection !== false) await this.ssh.close();
  }
}
