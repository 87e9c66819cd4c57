// Real servers for integration tests and benchmarks of every package (MariaDB here, sshd in
// sshd.ts): started on loopback with their own data and keys, stopped after. Not shipped.
import { spawn, execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import { freePort, haveBinaries, sleep } from './free-port.js';

const MARIADBD = '/usr/sbin/mariadbd';
const INSTALL_DB = '/usr/bin/mariadb-install-db';

/** Password of the replication user the harness creates (test servers only). */
export const REPL_USER = 'acm_repl';
const REPL_PASSWORD = 'acm-test-repl';

/** Server options of one test instance (the replication-relevant ones). */
export interface MariadbConfig {
  readonly serverId: number;
  readonly gtidDomainId?: number;
  readonly autoIncrementIncrement?: number;
  readonly autoIncrementOffset?: number;
  /** Default true. */
  readonly logSlaveUpdates?: boolean;
  /** Default true. */
  readonly logBin?: boolean;
  readonly readOnly?: boolean;
  /** Default ROW. */
  readonly binlogFormat?: 'ROW' | 'STATEMENT' | 'MIXED';
}

/**
 * A real `mariadbd` on 127.0.0.1 with its own datadir and port; passwordless `root` over TCP.
 * `stop()`/`kill()` and `start()` reuse the datadir, so a test can restart it with other options.
 */
export class MariadbServer {
  /** Always 127.0.0.1. */
  readonly host = '127.0.0.1';
  /** Superuser with no password. */
  readonly user = 'root';
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    readonly dir: string,
    readonly port: number,
    public config: MariadbConfig,
  ) {}

  /** Creates a datadir with `mariadb-install-db` and starts the server; `undefined` when MariaDB is not installed (outside CI). */
  static async create(config: MariadbConfig): Promise<MariadbServer | undefined> {
    if (!(await haveBinaries(MARIADBD, INSTALL_DB))) return undefined;
    const dir = await mkdtemp(join(tmpdir(), 'acm-mariadb-'));
    await mkdir(join(dir, 'tmp'));
    // Bootstraps running at once collide on temp table names in a shared TMPDIR: give each its own.
    await promisify(execFile)(INSTALL_DB, [
      '--no-defaults', '--user=root', `--datadir=${join(dir, 'data')}`, '--auth-root-authentication-method=normal', '--skip-test-db',
    ], { env: { ...process.env, TMPDIR: join(dir, 'tmp') } });
    const server = new MariadbServer(dir, await freePort(), config);
    await server.start();
    return server;
  }

  /** True while the process runs. */
  get running(): boolean {
    return this.child !== undefined;
  }

  /** Starts (or restarts) mariadbd, optionally with changed options, and waits until it accepts connections. */
  async start(changes: Partial<MariadbConfig> = {}): Promise<void> {
    if (this.child !== undefined) await this.stop();
    this.config = { ...this.config, ...changes };
    const c = this.config;
    const d = this.dir;
    const args = [
      '--no-defaults', '--user=root', `--datadir=${join(d, 'data')}`, `--socket=${join(d, 'sock')}`, `--tmpdir=${join(d, 'tmp')}`, `--pid-file=${join(d, 'pid')}`,
      `--log-error=${join(d, 'error.log')}`, `--port=${this.port}`, '--bind-address=127.0.0.1', '--skip-name-resolve',
      `--server-id=${c.serverId}`, `--gtid-domain-id=${c.gtidDomainId ?? 0}`,
      ...(c.logBin === false ? [] : [`--log-bin=${join(d, 'data', 'bin')}`]),
      `--relay-log=${join(d, 'data', 'relay')}`,
      c.logSlaveUpdates === false ? '--log-slave-updates=0' : '--log-slave-updates=1',
      `--binlog-format=${c.binlogFormat ?? 'ROW'}`,
      `--auto-increment-increment=${c.autoIncrementIncrement ?? 1}`, `--auto-increment-offset=${c.autoIncrementOffset ?? 1}`,
      ...(c.readOnly === true ? ['--read-only=1'] : []),
      '--innodb-buffer-pool-size=16M', '--innodb-log-file-size=8M', '--performance-schema=OFF', '--skip-innodb-doublewrite',
      '--innodb-flush-log-at-trx-commit=0', '--sync-binlog=0',
    ];
    const child = spawn(MARIADBD, args, { stdio: 'ignore' });
    this.child = child;
    this.exited = new Promise<void>((r) => child.once('exit', () => r()));
    void this.exited.then(() => {
      if (this.child === child) this.child = undefined;
    });
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        const conn = await createConnection({ host: this.host, port: this.port, user: this.user, connectTimeout: 1000 });
        await conn.end();
        return;
      } catch (e) {
        if (this.child !== child) throw new Error(`mariadbd on port ${this.port} exited while starting (see ${join(d, 'error.log')})`);
        if (Date.now() > deadline) throw new Error(`mariadbd on port ${this.port} not ready: ${(e as Error).message}`);
        await sleep(50);
      }
    }
  }

  /** Stops mariadbd cleanly (SIGTERM) and waits for the process to end. */
  async stop(): Promise<void> {
    const c = this.child;
    if (c === undefined) return;
    c.kill('SIGTERM');
    await Promise.race([this.exited, sleep(15_000)]);
    if (this.child === c) c.kill('SIGKILL');
    await this.exited;
  }

  /** Kills mariadbd (SIGKILL), as a crashed or powered-off node. */
  async kill(): Promise<void> {
    const c = this.child;
    if (c === undefined) return;
    c.kill('SIGKILL');
    await this.exited;
  }

  /** Runs one statement on a fresh connection and returns its rows. */
  async query<T = RowDataPacket>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const conn = await createConnection({ host: this.host, port: this.port, user: this.user, connectTimeout: 2000, multipleStatements: true });
    try {
      const [rows] = await conn.query(sql, params as unknown[]);
      return (Array.isArray(rows) ? rows : []) as T[];
    } finally {
      await conn.end();
    }
  }

  /** Stops the server and deletes its datadir. */
  async destroy(): Promise<void> {
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Starts one server per config, in parallel; `undefined` when MariaDB is not installed (outside CI). */
export async function startMariadbServers(configs: readonly MariadbConfig[]): Promise<MariadbServer[] | undefined> {
  const settled = await Promise.allSettled(configs.map((c) => MariadbServer.create(c)));
  const servers = settled.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined || servers.some((s) => s === undefined)) {
    // Never leave a started server behind when its siblings failed.
    await Promise.all(servers.map((s) => s?.destroy()));
    if (failed !== undefined) throw failed.reason;
    return undefined;
  }
  return servers as MariadbServer[];
}

/**
 * Makes `replica` replicate from `source` over the named connection (GTID, slave_pos, retry 1 s).
 * The replication user is created with sql_log_bin=0 so replicas never replay it.
 */
export async function replicate(replica: MariadbServer, source: MariadbServer, connectionName = ''): Promise<void> {
  await source.query(
    `SET SESSION sql_log_bin=0; CREATE USER IF NOT EXISTS '${REPL_USER}'@'127.0.0.1' IDENTIFIED BY '${REPL_PASSWORD}'; ` +
      `GRANT REPLICATION SLAVE ON *.* TO '${REPL_USER}'@'127.0.0.1'; SET SESSION sql_log_bin=1`,
  );
  const name = connectionName.replace(/'/g, '');
  await replica.query(
    `CHANGE MASTER '${name}' TO MASTER_HOST='${source.host}', MASTER_PORT=${source.port}, MASTER_USER='${REPL_USER}', ` +
      `MASTER_PASSWORD='${REPL_PASSWORD}', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1; START SLAVE '${name}'`,
  );
}

/**
 * Removes every replication connection and forgets all binlogs and GTID positions, so the same
 * servers can be wired into another topology. Drops the given databases first (without logging).
 */
export async function resetReplication(servers: readonly MariadbServer[], dropDatabases: readonly string[] = []): Promise<void> {
  for (const s of servers) {
    if (!s.running) continue;
    await s.query('STOP ALL SLAVES');
    const rows = await s.query<{ Connection_name: string }>('SHOW ALL SLAVES STATUS');
    for (const r of rows) await s.query(`RESET SLAVE '${r.Connection_name.replace(/'/g, '')}' ALL`);
  }
  for (const s of servers) {
    if (!s.running) continue;
    const drops = dropDatabases.map((d) => `DROP DATABASE IF EXISTS \`${d}\`;`).join(' ');
    await s.query(`SET SESSION sql_log_bin=0; ${drops} SET SESSION sql_log_bin=1`);
    await s.query("RESET MASTER; SET GLOBAL gtid_slave_pos=''");
  }
}

/** Polls `probe` until it returns true or the time is up; returns the last answer. */
export async function waitUntil(probe: () => Promise<boolean>, timeoutMs = 10_000, everyMs = 25): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return true;
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}
