import {
  MemoryStatusStore, SqlStatusStore, enterpriseStatus, pollEnterprise, pollEnterpriseOnce, pollStatus, serverClusters,
  type AmiConnectionState, type EnterpriseStatusView, type ServerPollOutcome, type StatusBatch,
} from '@acm/ami';
import { simulateEnterprise } from '@acm/ami/simulator';
import { CODEC_ASSUMPTIONS, LOAD_THRESHOLDS, type Enterprise, type StatusFeedEntry, type StatusSnapshot } from '@acm/core';
import { AcmError, firstLine } from './errors.js';
import type { ModelInput, ModelRead, Workspace } from './workspace.js';

/** How the status views count load. */
export interface LoadOptions {
  /** Bandwidth assumption per call: one of {@link CODEC_ASSUMPTIONS} (default `g711`). */
  readonly codec?: string;
  /** Alarm when calls reach this share of a trunk's or cluster's capacity (default 0.75). */
  readonly nearLimit?: number;
}

/** Options of {@link Workspace.status}. */
export interface StatusOptions extends ModelInput, LoadOptions {
  readonly cluster?: string;
  readonly group?: string;
  /** Poll AMI simulators of the servers (on loopback) instead of the real servers. */
  readonly simulate?: boolean;
  /** Read what the poller wrote to the store instead of polling. */
  readonly fromStore?: boolean;
  /** Give up on a server after this many ms (default 10 000). */
  readonly timeoutMs?: number;
}

/** When the store last heard of a server. */
export interface StoredServer {
  readonly server: string;
  /** Unix ms of its newest status row, or null when the store holds none. */
  readonly updatedAt: number | null;
}

/** What {@link Workspace.status} returns: the guide's Current Extension Status, trunks, load and channels. */
export interface StatusReport {
  /** `poll` (the servers), `simulate` (AMI simulators) or `store` (the status tables). */
  readonly source: 'poll' | 'simulate' | 'store';
  readonly cluster: string | null;
  readonly group: string | null;
  /** Per server: the poll outcome, or (from the store) when it was last heard of. */
  readonly servers: readonly (ServerPollOutcome | StoredServer)[];
  readonly view: EnterpriseStatusView;
  /** Active channels of the servers shown. */
  readonly channels: StatusSnapshot['channels'];
}

/** One server's counts after {@link Workspace.pollOnce}. */
export interface PollRow extends ServerPollOutcome {
  readonly extensions: number;
  readonly registered: number;
  readonly trunks: number;
  readonly channels: number;
  readonly queueMembers: number;
  readonly paused: number;
}

/** Options of {@link Workspace.watch}. */
export interface WatchOptions extends ModelInput {
  readonly cluster?: string;
  /** Poll simulators (random traffic at `rate` events per second per server) instead of the servers. */
  readonly simulate?: boolean;
  readonly rate?: number;
  /** A server's connection changed state (the state after the change). */
  readonly onState?: (event: { readonly server: string; readonly state: AmiConnectionState; readonly error?: { readonly code: string; readonly message: string } }) => void;
  /** A batch of status changes was committed to the store. */
  readonly onBatch?: (batch: StatusBatch) => void;
  /** A server's resync failed on a live connection; retried after `retryInMs` (undefined: at the next login). */
  readonly onResyncFailed?: (event: { readonly server: string; readonly error: { readonly code: string; readonly message: string }; readonly attempt: number; readonly retryInMs: number | undefined }) => void;
  /** The store refused a batch: that server is not followed until its next login. */
  readonly onStoreFailed?: (event: { readonly server: string; readonly message: string }) => void;
}

/** A running poller: stop it to close every connection (and the simulators). */
export interface Watching {
  /** Servers not polled, with why (no `ami` block, a secret that cannot be resolved). */
  readonly skipped: ReadonlyMap<string, string>;
  stop(): Promise<void>;
}

/** Options of {@link Workspace.follow}. */
export interface FollowOptions {
  readonly clusters?: readonly string[];
  /** Start after this feed id (default: the newest, so only what comes next). */
  readonly afterId?: number;
  /** How often the store is read (default 500 ms). */
  readonly intervalMs?: number;
  readonly onBatch: (entry: StatusFeedEntry) => void;
  /** Reading the store failed (it is tried again at the next interval). */
  readonly onError?: (message: string) => void;
}

/** The load options checked: a known codec, a share in (0, 1]. @internal */
export function loadOptions(options: LoadOptions): { codec: string; nearLimit: number } {
  const codec = options.codec ?? 'g711';
  if (CODEC_ASSUMPTIONS[codec] === undefined) throw new AcmError('usage', `--codec: ${JSON.stringify(codec)} is unknown; expected ${Object.keys(CODEC_ASSUMPTIONS).join(', ')}`);
  const nearLimit = options.nearLimit ?? LOAD_THRESHOLDS.nearLimit;
  if (!Number.isFinite(nearLimit) || nearLimit <= 0 || nearLimit > 1) throw new AcmError('usage', `--near-limit: ${JSON.stringify(String(options.nearLimit))} must be a share between 0 and 1, e.g. 0.8`);
  return { codec, nearLimit };
}

async function scoped(ws: Workspace, read: ModelRead, options: { readonly cluster?: string; readonly group?: string }): Promise<void> {
  if (options.cluster !== undefined) await ws.requireCluster(options.cluster, read.enterprise);
  if (options.group !== undefined && !read.enterprise.groups.some((g) => g.id === options.group)) throw new AcmError('usage', `--group: no group ${JSON.stringify(options.group)}`);
}

/** Per server of the model (of `cluster`): when the store last heard of it. */
export function storedServers(enterprise: Enterprise, snapshot: StatusSnapshot, cluster?: string): StoredServer[] {
  const newest = new Map<string, number>();
  for (const rows of [snapshot.extensions, snapshot.trunks, snapshot.channels, snapshot.queueMembers, snapshot.mailboxes]) {
    for (const r of rows) newest.set(r.server, Math.max(newest.get(r.server) ?? 0, r.updatedAt));
  }
  return enterprise.clusters.filter((c) => cluster === undefined || c.id === cluster).flatMap((c) => c.servers.map((s) => ({ server: s.id, updatedAt: newest.get(s.id) ?? null })));
}

function serversOf(enterprise: Enterprise, cluster: string | undefined): Set<string> {
  return new Set(enterprise.clusters.filter((c) => cluster === undefined || c.id === cluster).flatMap((c) => c.servers.map((s) => s.id)));
}

/** @internal {@link Workspace.status}. */
export async function status(ws: Workspace, options: StatusOptions): Promise<StatusReport> {
  const load = loadOptions(options);
  if (options.fromStore === true && options.simulate === true) throw new AcmError('usage', '--from-db and --simulate exclude each other (poll the simulators into the store with acm poll --simulate)');
  const read = await ws.model(options);
  await scoped(ws, read, options);
  const viewOptions = { ...load, ...(options.cluster === undefined ? {} : { cluster: options.cluster }), ...(options.group === undefined ? {} : { group: options.group }) };
  const shown = serversOf(read.enterprise, options.cluster);
  const base = { cluster: options.cluster ?? null, group: options.group ?? null };
  if (options.fromStore === true) {
    await ws.require('read', options.cluster === undefined ? {} : { cluster: options.cluster }, 'status');
    const snapshot = await new SqlStatusStore(await ws.store()).snapshot();
    const servers = storedServers(read.enterprise, snapshot, options.cluster);
    if (servers.length > 0 && servers.every((s) => s.updatedAt === null)) throw new AcmError('not-found', `the store holds no status for ${servers.map((s) => s.server).join(', ')}; run acm poll first`);
    return { source: 'store', ...base, servers, view: enterpriseStatus(read.enterprise, snapshot, viewOptions), channels: snapshot.channels.filter((c) => shown.has(c.server)) };
  }
  if (options.simulate !== true && read.fromStore) await ws.require('monitor', {}, 'status (polls the servers)');
  const polled = await pollStatus(read.enterprise, new MemoryStatusStore(), { ...viewOptions, timeoutMs: options.timeoutMs ?? 10_000, ...(options.simulate === true ? { simulate: true } : {}), poll: { baseDir: read.secretBase } });
  return { source: options.simulate === true ? 'simulate' : 'poll', ...base, servers: polled.outcomes, view: polled.view, channels: polled.snapshot.channels.filter((c) => shown.has(c.server)) };
}

/** @internal {@link Workspace.pollOnce}. */
export async function pollOnce(ws: Workspace, options: ModelInput & { readonly cluster?: string; readonly simulate?: boolean; readonly timeoutMs?: number }): Promise<PollRow[]> {
  await ws.require('monitor', options.cluster === undefined ? {} : { cluster: options.cluster }, 'poll');
  const read = await ws.model(options);
  await scoped(ws, read, options);
  const cluster = options.cluster === undefined ? {} : { cluster: options.cluster };
  const store = new SqlStatusStore(await ws.store(), { clusterOf: serverClusters(read.enterprise) });
  const sim = options.simulate === true ? await simulateEnterprise(read.enterprise, { ...cluster, eventsPerSecond: 0, warmupSteps: 60 }) : undefined;
  try {
    const outcomes = await pollEnterpriseOnce(sim?.enterprise ?? read.enterprise, store, { ...cluster, baseDir: read.secretBase, timeoutMs: options.timeoutMs ?? 10_000 });
    const snap = await store.snapshot({ servers: outcomes.map((o) => o.server) });
    return outcomes.map((o) => {
      const of = <T extends { server: string }>(xs: readonly T[]): T[] => xs.filter((x) => x.server === o.server);
      return {
        ...o,
        extensions: of(snap.extensions).length,
        registered: of(snap.extensions).filter((e) => e.registered).length,
        trunks: of(snap.trunks).length,
        channels: of(snap.channels).length,
        queueMembers: of(snap.queueMembers).length,
        paused: of(snap.queueMembers).filter((m) => m.paused).length,
      };
    });
  } finally {
    await sim?.stop();
  }
}

/** @internal {@link Workspace.watch}. */
export async function watch(ws: Workspace, options: WatchOptions): Promise<Watching> {
  await ws.require('monitor', options.cluster === undefined ? {} : { cluster: options.cluster }, 'poll');
  const read = await ws.model(options);
  await scoped(ws, read, options);
  const rate = options.rate ?? 20;
  if (!Number.isFinite(rate) || rate < 0) throw new AcmError('usage', `--rate: ${JSON.stringify(String(options.rate))} is not a number of events per second`);
  const cluster = options.cluster === undefined ? {} : { cluster: options.cluster };
  const store = new SqlStatusStore(await ws.store(), { clusterOf: serverClusters(read.enterprise) });
  const sim = options.simulate === true ? await simulateEnterprise(read.enterprise, { ...cluster, eventsPerSecond: rate }) : undefined;
  const polling = pollEnterprise(sim?.enterprise ?? read.enterprise, store, { ...cluster, baseDir: read.secretBase, client: { keepalive: { intervalMs: 15_000, timeoutMs: 5_000 } } });
  polling.manager.on('state', ({ server, state, error }) => options.onState?.({ server, state, ...(error === undefined ? {} : { error: { code: error.code, message: error.message } }) }));
  for (const p of polling.pollers.values()) {
    p.on('resync-failed', ({ server, error, attempt, retryInMs }) => options.onResyncFailed?.({ server, error: { code: error.code, message: error.message }, attempt, retryInMs }));
    p.on('store-failed', ({ server, error }) => options.onStoreFailed?.({ server, message: firstLine(error) }));
  }
  const unsubscribe = options.onBatch === undefined ? undefined : store.onBatch(options.onBatch);
  void polling.manager.connectAll();
  return {
    skipped: polling.skipped,
    async stop() {
      unsubscribe?.();
      await polling.stop();
      await sim?.stop();
    },
  };
}

/** @internal {@link Workspace.follow}. */
export async function follow(ws: Workspace, options: FollowOptions): Promise<{ stop(): void }> {
  await ws.require('read', {}, 'status feed');
  const status = new SqlStatusStore(await ws.store());
  let after = options.afterId ?? (await status.feedHead());
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async (): Promise<void> => {
    try {
      for (;;) {
        const entries = await status.feed(after, { limit: 500, ...(options.clusters === undefined ? {} : { clusters: options.clusters }) });
        for (const e of entries) {
          after = e.id;
          if (!stopped) options.onBatch(e);
        }
        if (entries.length < 500) break;
      }
    } catch (e) {
      options.onError?.(firstLine(e));
    }
    if (!stopped) timer = setTimeout(() => void tick(), options.intervalMs ?? 500);
  };
  await tick();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
