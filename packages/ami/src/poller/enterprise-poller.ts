import { resolveSecret, type Enterprise, type Secret } from '@acm/core';
import type { AmiClientOptions } from '../client/ami-client.js';
import { AmiManager, type AmiConnectionFactory } from '../client/ami-manager.js';
import { AmiError } from '../codec/ami-error.js';
import type { StatusStore } from '../status/status-store.js';
import { StatusPoller, type StatusPollerOptions } from './status-poller.js';

/**
 * Resolves an AMI secret with core's `resolveSecret` (inline, `{ env }`, `{ file }` relative to
 * `baseDir`); a secret that cannot be opened (unset variable, unreadable file, sealed) is an
 * `auth-failed` error naming why, never the value.
 */
export function resolveAmiSecret(secret: Secret, baseDir = process.cwd()): string {
  const r = resolveSecret(secret, { baseDir });
  if (r.ok) return r.value;
  throw new AmiError('auth-failed', `AMI secret: ${r.message}`, { reason: r.reason });
}

/** Options of {@link pollEnterprise}. */
export interface PollEnterpriseOptions extends StatusPollerOptions {
  /** Only servers of this cluster. */
  readonly cluster?: string;
  /** Directory `file:` secrets are relative to. */
  readonly baseDir?: string;
  /** Overrides per client (timeouts, backoff, transport). */
  readonly client?: Partial<AmiClientOptions>;
  /** Connection factory (default: AmiClient). */
  readonly factory?: AmiConnectionFactory;
}

/** Everything {@link pollEnterprise} started. */
export interface EnterprisePolling {
  readonly manager: AmiManager;
  readonly pollers: ReadonlyMap<string, StatusPoller>;
  /** Servers left out, with why (no `ami` block, unresolvable secret). */
  readonly skipped: ReadonlyMap<string, string>;
  /** Stops the pollers and closes every connection. */
  stop(): Promise<void>;
}

/**
 * Starts one client and one poller per server that has an `ami` block, across all clusters (or
 * one), writing into `store`. Trunks of a server's cluster are passed to its poller. Call
 * `manager.connectAll()` to connect; each client then reconnects on its own.
 */
export function pollEnterprise(enterprise: Enterprise, store: StatusStore, options: PollEnterpriseOptions = {}): EnterprisePolling {
  const manager = new AmiManager(options.factory);
  const pollers = new Map<string, StatusPoller>();
  const skipped = new Map<string, string>();
  for (const cluster of enterprise.clusters) {
    if (options.cluster !== undefined && cluster.id !== options.cluster) continue;
    const trunks = enterprise.trunks.filter((t) => t.cluster === cluster.id).map((t) => t.id);
    for (const server of cluster.servers) {
      if (server.ami === undefined) {
        skipped.set(server.id, 'no ami block');
        continue;
      }
      let secret: string;
      try {
        secret = resolveAmiSecret(server.ami.secret, options.baseDir);
      } catch (e) {
        skipped.set(server.id, e instanceof Error ? e.message : String(e));
        continue;
      }
      const conn = manager.add({ ...options.client, id: server.id, host: server.address, port: server.ami.port ?? 5038, username: server.ami.username, secret });
      pollers.set(server.id, new StatusPoller(conn, store, { ...options, server: server.id, trunks }));
    }
  }
  return {
    manager,
    pollers,
    skipped,
    stop: async () => {
      await Promise.all([...pollers.values()].map((p) => p.stop()));
      await manager.closeAll();
    },
  };
}

/** Outcome of polling one server once. */
export interface ServerPollOutcome {
  readonly server: string;
  readonly ok: boolean;
  /** Error code and message when not ok (never a secret). */
  readonly error?: { readonly code: string; readonly message: string };
}

/**
 * Polls every server once: connect, full resync into `store`, close. Resolves when every server
 * has synced or failed (a refused connection, a wrong secret, or no resync within `timeoutMs`).
 */
export async function pollEnterpriseOnce(
  enterprise: Enterprise,
  store: StatusStore,
  options: PollEnterpriseOptions & { readonly timeoutMs?: number } = {},
): Promise<ServerPollOutcome[]> {
  const polling = pollEnterprise(enterprise, store, { ...options, client: { reconnect: false, keepalive: { intervalMs: 0 }, ...options.client } });
  const outcomes: ServerPollOutcome[] = [...polling.skipped].map(([server, why]) => ({ server, ok: false, error: { code: 'skipped', message: why } }));
  try {
    await Promise.all(
      [...polling.pollers].map(([server, poller]) =>
        new Promise<ServerPollOutcome>((resolve) => {
          const timer = setTimeout(() => resolve({ server, ok: false, error: { code: 'timeout', message: `no status from ${server} within ${options.timeoutMs ?? 10_000} ms` } }), options.timeoutMs ?? 10_000);
          const done = (o: ServerPollOutcome): void => {
            clearTimeout(timer);
            resolve(o);
          };
          poller.on('resynced', () => done({ server, ok: true }));
          poller.on('resync-failed', ({ error }) => done({ server, ok: false, error: { code: error.code, message: error.message } }));
          polling.manager.get(server)?.connect().catch((e: AmiError) => done({ server, ok: false, error: { code: e.code ?? 'connect-failed', message: e.message } }));
        }).then((o) => outcomes.push(o)),
      ),
    );
  } finally {
    await polling.stop();
  }
  return outcomes.sort((a, b) => a.server.localeCompare(b.server));
}
