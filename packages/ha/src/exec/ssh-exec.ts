import { Client } from 'ssh2';
import type { ClientChannel, ConnectConfig } from 'ssh2';
import { DEFAULT_EXEC_TIMEOUT_MS, DEFAULT_MAX_OUTPUT_BYTES, ExecError, assertArgv } from '@acm/core';
import type { Exec, ExecOptions, ExecResult } from '@acm/core';
import { hostKeyMatches, parseHostKeyPin } from './host-key.js';
import type { HostKeyPin } from './host-key.js';
import { OutputCollector } from '@acm/core';
import { Semaphore } from './semaphore.js';
import { shellJoin } from './shell-quote.js';

/** How to reach one host over SSH. Secrets given here never appear in errors or results. */
export interface SshExecOptions {
  /** Address or name of the host. */
  readonly host: string;
  /** TCP port (default 22). */
  readonly port?: number;
  readonly username: string;
  /** Private key (OpenSSH or PEM text). Key authentication is the norm. */
  readonly privateKey?: string | Buffer;
  /** Passphrase of an encrypted private key. */
  readonly passphrase?: string;
  /** Password, used only when `allowPassword` is true. */
  readonly password?: string;
  /** Allow password authentication (off by default: keys only). */
  readonly allowPassword?: boolean;
  /**
   * The pinned host key(s): `known_hosts` lines, public key lines or `SHA256:` fingerprints.
   * Required: a connection to a host whose key matches none is refused before authentication.
   */
  readonly hostKey: string | readonly string[];
  /** Time allowed for TCP connect + handshake + authentication (default 10 000 ms). */
  readonly connectTimeoutMs?: number;
  /** Maximum commands running at once on this host (default 4; sshd allows 10 sessions a connection). */
  readonly maxConcurrent?: number;
  /** Defaults applied to every run. */
  readonly defaults?: ExecOptions;
  /**
   * Wrap each command in coreutils `timeout -s KILL` (default true) so a command that overruns
   * is also killed on the host, one second after the client gave up on it. Turn off only for
   * hosts without coreutils.
   */
  readonly remoteKill?: boolean;
}

/**
 * Runs commands on a remote host over one SSH connection (ssh2), opened on first use and reused.
 * The host key is pinned; argv is quoted for the remote POSIX shell, so each element arrives as
 * exactly one argument; at most `maxConcurrent` commands run at once.
 *
 * @example
 * ```ts
 * const ssh = new SshExec({ host: '10.0.0.5', username: 'acm', privateKey, hostKey: 'SHA256:...' });
 * const r = await ssh.run(['asterisk', '-rx', 'core show uptime']);
 * await ssh.close();
 * ```
 */
export class SshExec implements Exec {
  /** `user@host:port`. */
  readonly host: string;
  private readonly pins: readonly HostKeyPin[];
  private readonly limit: Semaphore;
  private client: Promise<Client> | undefined;

  constructor(private readonly options: SshExecOptions) {
    this.host = `${options.username}@${options.host}:${options.port ?? 22}`;
    const lines = typeof options.hostKey === 'string' ? [options.hostKey] : options.hostKey;
    this.pins = lines.map((l) => parseHostKeyPin(l)).filter((p): p is HostKeyPin => p !== undefined);
    if (this.pins.length === 0) throw new ExecError('host-key', this.host, 'no usable pinned host key given');
    this.limit = new Semaphore(options.maxConcurrent ?? 4);
  }

  /** Runs `argv` on the remote host. */
  async run(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    assertArgv(this.host, argv);
    return await this.limit.use(async () => {
      const client = await this.connect();
      return this.execOn(client, argv, { ...this.options.defaults, ...options });
    });
  }

  /** Closes the connection (a later run reconnects). */
  async close(): Promise<void> {
    const pending = this.client;
    this.client = undefined;
    if (pending === undefined) return;
    const c = await pending.catch(() => undefined);
    if (c === undefined) return;
    await new Promise<void>((resolve) => {
      c.once('close', () => resolve());
      c.end();
      setTimeout(resolve, 1000).unref();
    });
  }

  /**
   * The pinned, authenticated connection (opened on first use, reopened after a drop), shared
   * with other channels to the same host such as SFTP.
   * @internal
   */
  connection(): Promise<Client> {
    return this.connect();
  }

  private connect(): Promise<Client> {
    this.client ??= this.open();
    const p = this.client;
    p.catch(() => {
      if (this.client === p) this.client = undefined;
    });
    return p;
  }

  private open(): Promise<Client> {
    const o = this.options;
    return new Promise<Client>((resolve, reject) => {
      const client = new Client();
      let rejectedKey = false;
      let ready = false;
      const keyTypes = [...new Set(this.pins.flatMap((p) => (p.kind === 'key' ? [p.type] : [])))];
      const config: ConnectConfig = {
        host: o.host,
        port: o.port ?? 22,
        username: o.username,
        readyTimeout: o.connectTimeoutMs ?? 10_000,
        ...(o.privateKey === undefined ? {} : { privateKey: o.privateKey }),
        ...(o.passphrase === undefined ? {} : { passphrase: o.passphrase }),
        ...(o.allowPassword === true && o.password !== undefined ? { password: o.password } : {}),
        // When full keys are pinned and no fingerprint is, ask only for those key types so a
        // server with several host keys presents the pinned one.
        ...(keyTypes.length > 0 && this.pins.every((p) => p.kind === 'key')
          ? { algorithms: { serverHostKey: keyTypes as NonNullable<NonNullable<ConnectConfig['algorithms']>['serverHostKey']> } }
          : {}),
        hostVerifier: (key: Buffer): boolean => {
          const ok = hostKeyMatches(this.pins, key);
          if (!ok) rejectedKey = true;
          return ok;
        },
      };
      client.on('ready', () => {
        ready = true;
        resolve(client);
      });
      client.on('error', (err: Error & { level?: string }) => {
        if (ready) return;
        const kind = rejectedKey
          ? 'host-key'
          : err.level === 'client-authentication'
            ? 'auth'
            : err.level === 'client-timeout'
              ? 'timeout'
              : 'connect';
        const what =
          kind === 'host-key'
            ? 'host key does not match the pinned key'
            : kind === 'auth'
              ? 'authentication failed'
              : kind === 'timeout'
                ? 'timed out connecting'
                : `cannot connect (${err.message})`;
        reject(new ExecError(kind, this.host, what));
      });
      client.on('close', () => {
        if (this.client !== undefined) {
          // Forget a dropped connection so the next run reconnects.
          void this.client.then((c) => {
            if (c === client) this.client = undefined;
          }, () => undefined);
        }
        if (!ready) reject(new ExecError(rejectedKey ? 'host-key' : 'connect', this.host, 'connection closed during handshake'));
      });
      client.connect(config);
    });
  }

  private execOn(client: Client, argv: readonly string[], opts: ExecOptions): Promise<ExecResult> {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
    const cap = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    // `env` sets the C locale whatever the login shell is, so outputs parse the same everywhere.
    const killer = this.options.remoteKill === false ? [] : ['timeout', '-s', 'KILL', `${(timeoutMs + 1000) / 1000}s`];
    const command = shellJoin(['env', 'LC_ALL=C', ...killer, ...argv]);
    const started = performance.now();
    return new Promise<ExecResult>((resolve, reject) => {
      client.exec(command, (err: Error | undefined, stream: ClientChannel) => {
        if (err !== undefined && err !== null) {
          reject(new ExecError('channel', this.host, `cannot open a session (${err.message})`));
          return;
        }
        const out = new OutputCollector(cap);
        const errOut = new OutputCollector(cap);
        let code: number | null = null;
        let signal: string | null = null;
        let timedOut = false;
        let truncated = false;
        let settled = false;
        const finish = (): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({
            argv: [...argv],
            code: timedOut || truncated ? null : code,
            signal,
            stdout: out.text(),
            stderr: errOut.text(),
            timedOut,
            truncated,
            durationMs: performance.now() - started,
          });
        };
        const stop = (): void => {
          try {
            stream.signal('KILL');
          } catch {
            // Older servers refuse signals; closing the channel still ends the session.
          }
          stream.close();
          // Do not wait for the host to acknowledge: the caller gets its answer now.
          finish();
        };
        const timer = setTimeout(() => {
          timedOut = true;
          stop();
        }, timeoutMs);
        stream.on('data', (c: Buffer) => {
          if (!out.push(c)) {
            truncated = true;
            stop();
          }
        });
        stream.stderr.on('data', (c: Buffer) => {
          if (!errOut.push(c)) {
            truncated = true;
            stop();
          }
        });
        stream.on('exit', (c: number | null, s?: string) => {
          code = typeof c === 'number' ? c : null;
          signal = s ?? null;
        });
        stream.on('close', finish);
        if (opts.stdin !== undefined) stream.end(opts.stdin);
        else stream.end();
      });
    });
  }
}
