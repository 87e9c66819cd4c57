import { SqlStatusStore, pollEnterprise, pollEnterpriseOnce, serverClusters, type StatusBatch } from '@acm/ami';
import { simulateEnterprise } from '@acm/ami/simulator';
import { describeDatabaseUrl } from '@acm/core';
import type { Command } from 'commander';
import { CommandFailure, UsageError, printJson, table, type CliContext, loadModel, parseMs } from '../output.js';
import { databaseUrl, withStore } from './db.js';
import { DEMO_ENTERPRISE } from './demo.js';

/** Resolves after `seconds` (when given) or on SIGINT/SIGTERM, whichever comes first. */
export function untilStopped(seconds: number | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    const timer = seconds === undefined ? undefined : setTimeout(done, seconds * 1000);
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

/** Parses an optional `--for <seconds>`. */
export function parseSeconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag}: "${value}" is not a positive number of seconds`);
  return n;
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** Human lines for one batch of the live feed. */
function describeBatch(b: StatusBatch): string[] {
  const lines: string[] = [];
  const t = clock(Date.now());
  if (b.replace) {
    lines.push(`${t} ${b.server} resync: ${b.extensions.length} extensions, ${b.trunks.length} trunks, ${b.channels.length} channels, ${b.queueMembers.length} queue members`);
    return lines;
  }
  for (const e of b.extensions) {
    const agent = e.agentState === undefined ? '' : ` agent ${e.agentState}${e.pauseReason ? ` (${e.pauseReason})` : ''}`;
    lines.push(`${t} ${b.server} ${e.extension} ${e.deviceState}${agent}${e.activeChannels > 0 ? `, ${e.activeChannels} channel(s)` : ''}`);
  }
  for (const tr of b.trunks) lines.push(`${t} ${b.server} trunk ${tr.trunk} ${tr.registration ?? ''} ${tr.reachable ? 'reachable' : 'UNREACHABLE'}, ${tr.activeChannels} call(s)`.replace(/\s+/g, ' '));
  return lines;
}

/** `acm poll`: runs the AMI poller once (`--once`) or keeps it running (`--watch`), writing the status tables of the store. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('poll')
    .description('run the AMI status poller into the store\'s status tables: --once (full resync of every server, then exit) or --watch (follow events)')
    .argument('[path]', 'enterprise file or directory', DEMO_ENTERPRISE)
    .option('--once', 'resync every server once and print a summary (default)')
    .option('--watch', 'keep polling and print one line per change (JSON lines with --json)')
    .option('--cluster <id>', 'only servers of this cluster')
    .option('--json', 'print JSON (one document; with --watch one JSON object per line)')
    .option('--simulate', 'poll AMI simulators started for each server instead of the real servers')
    .option('--rate <events>', 'with --simulate: random traffic per server, events per second', '20')
    .option('--for <seconds>', 'with --watch: stop after this many seconds (default: until Ctrl-C)')
    .option('--timeout <ms>', 'with --once: give up on a server after this many ms', '10000')
    .option('--db <url>', 'store the status goes to: sqlite:<file> or mysql://user@host:3306/db (default: $ACM_DATABASE_URL or ./acm.db)')
    .action(async (path: string, opts: { once?: boolean; watch?: boolean; cluster?: string; json?: boolean; simulate?: boolean; rate: string; for?: string; timeout: string; db?: string }) => {
      if (opts.once === true && opts.watch === true) throw new UsageError('--once and --watch exclude each other');
      const seconds = parseSeconds(opts.for, '--for');
      const rate = Number(opts.rate);
      if (!Number.isFinite(rate) || rate < 0) throw new UsageError(`--rate: "${opts.rate}" is not a number of events per second`);
      const url = databaseUrl(ctx, opts);
      const model = await loadModel(path);
      if (opts.cluster !== undefined && !model.clusters.some((c) => c.id === opts.cluster)) throw new UsageError(`--cluster: no cluster "${opts.cluster}" in ${path}`);
      const cluster = opts.cluster === undefined ? {} : { cluster: opts.cluster };
      await withStore(ctx, opts, async (db) => {
        const sim = opts.simulate === true ? await simulateEnterprise(model, { ...cluster, eventsPerSecond: opts.watch === true ? rate : 0 }) : undefined;
        try {
          const enterprise = sim?.enterprise ?? model;
          const store = new SqlStatusStore(db, { clusterOf: serverClusters(model) });
          if (opts.watch !== true) {
            const outcomes = await pollEnterpriseOnce(enterprise, store, { ...cluster, timeoutMs: parseMs('--timeout', opts.timeout) });
            const snap = await store.snapshot({ servers: outcomes.map((o) => o.server) });
            const rows = outcomes.map((o) => {
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
            ctx.exitCode = outcomes.some((o) => !o.ok && o.error?.code !== 'skipped') ? 1 : 0;
            if (opts.json === true) printJson(ctx, { database: describeDatabaseUrl(url), servers: rows });
            else {
              ctx.stdout(
                table(
                  ['server', 'status', 'extensions', 'registered', 'trunks', 'channels', 'queue members', 'paused'],
                  rows.map((r) => [r.server, r.ok ? 'ok' : `${r.error?.code}: ${r.error?.message}`, r.extensions, r.registered, r.trunks, r.channels, r.queueMembers, r.paused]),
                ),
              );
              ctx.stdout(`\nwritten to ${describeDatabaseUrl(url)} (read it with acm status --from-db)\n`);
            }
            if (outcomes.length > 0 && outcomes.every((o) => !o.ok)) throw new CommandFailure('no server could be polled');
            return;
          }
          const polling = pollEnterprise(enterprise, store, { ...cluster, client: { keepalive: { intervalMs: 15_000, timeoutMs: 5_000 } } });
          for (const [server, why] of polling.skipped) ctx.stderr(`acm: ${server} not polled: ${why}\n`);
          polling.manager.on('state', ({ server, state, error }) => {
            if (opts.json === true) ctx.stdout(`${JSON.stringify({ type: 'state', server, state, ...(error === undefined ? {} : { error: { code: error.code, message: error.message } }) })}\n`);
            else ctx.stdout(`${clock(Date.now())} ${server} ${state}${error === undefined ? '' : `: ${error.message}`}\n`);
          });
          for (const p of polling.pollers.values()) {
            // A failed resync on a live connection is retried with backoff by the poller: say so, with when.
            p.on('resync-failed', ({ server, error, attempt, retryInMs }) => {
              if (opts.json === true) ctx.stdout(`${JSON.stringify({ type: 'resync-failed', server, attempt, retryInMs: retryInMs ?? null, error: { code: error.code, message: error.message } })}\n`);
              else ctx.stdout(`${clock(Date.now())} ${server} resync failed (${error.code}: ${error.message}); ${retryInMs === undefined ? 'retried at the next login' : `retry ${attempt} in ${Math.round(retryInMs / 100) / 10} s`}\n`);
            });
            p.on('store-failed', ({ server, error }) => ctx.stderr(`acm: ${server}: the store refused a batch (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); its status is not followed until its next login\n`));
          }
          // The store's change feed: each batch once committed.
          store.onBatch((b) => {
            if (opts.json === true) ctx.stdout(`${JSON.stringify({ type: 'batch', ...b })}\n`);
            else for (const line of describeBatch(b)) ctx.stdout(`${line}\n`);
          });
          if (opts.json !== true) ctx.stdout(`writing to ${describeDatabaseUrl(url)}\n`);
          void polling.manager.connectAll();
          await untilStopped(seconds);
          await polling.stop();
        } finally {
          await sim?.stop();
        }
      });
    });
}
