import type { StatusBatch } from '@acm/sdk';
import type { Command } from 'commander';
import { CommandFailure, UsageError, parseMs, printJson, storeOptions, table, withWorkspace, type CliContext } from '../output.js';

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

const clock = (ms: number): string => new Date(ms).toISOString().slice(11, 19);

/** Human lines for one batch of the live feed. */
function describeBatch(b: StatusBatch): string[] {
  const t = clock(Date.now());
  if (b.replace) return [`${t} ${b.server} resync: ${b.extensions.length} extensions, ${b.trunks.length} trunks, ${b.channels.length} channels, ${b.queueMembers.length} queue members`];
  const lines: string[] = [];
  for (const e of b.extensions) {
    const agent = e.agentState === undefined ? '' : ` agent ${e.agentState}${e.pauseReason ? ` (${e.pauseReason})` : ''}`;
    lines.push(`${t} ${b.server} ${e.extension} ${e.deviceState}${agent}${e.activeChannels > 0 ? `, ${e.activeChannels} channel(s)` : ''}`);
  }
  for (const tr of b.trunks) lines.push(`${t} ${b.server} trunk ${tr.trunk} ${tr.registration ?? ''} ${tr.reachable ? 'reachable' : 'UNREACHABLE'}, ${tr.activeChannels} call(s)`.replace(/\s+/g, ' '));
  return lines;
}

/** `acm poll`: the AMI poller once (`--once`), kept running (`--watch`), or following another process's poller (`--follow`). */
export function register(program: Command, ctx: CliContext): void {
  storeOptions(program
    .command('poll')
    .description('run the AMI status poller into the store\'s status tables: --once (full resync of every server, then exit), --watch (follow events), --follow (print what a poller in any process writes)')
    .argument('[path]', 'enterprise file or directory (default: the store\'s enterprise)'))
    .option('--once', 'resync every server once and print a summary (default)')
    .option('--watch', 'keep polling and print one line per change (JSON lines with --json)')
    .option('--follow', 'poll nothing: print the store\'s status feed as another process\'s poller writes it')
    .option('--cluster <id>', 'only servers of this cluster')
    .option('--simulate', 'poll AMI simulators started for each server (on loopback) instead of the real servers')
    .option('--rate <events>', 'with --simulate: random traffic per server, events per second', '20')
    .option('--for <seconds>', 'with --watch or --follow: stop after this many seconds (default: until Ctrl-C)')
    .option('--timeout <ms>', 'with --once: give up on a server after this many ms', '10000')
    .action(async (path: string | undefined, opts: { once?: boolean; watch?: boolean; follow?: boolean; cluster?: string; json?: boolean; simulate?: boolean; rate: string; for?: string; timeout: string }) => {
      if ([opts.once, opts.watch, opts.follow].filter((x) => x === true).length > 1) throw new UsageError('--once, --watch and --follow exclude each other');
      const seconds = parseSeconds(opts.for, '--for');
      const model = path === undefined ? {} : { path };
      const cluster = opts.cluster === undefined ? {} : { cluster: opts.cluster };
      await withWorkspace(ctx, opts, async (ws) => {
        const batchLine = (b: StatusBatch): void => {
          if (opts.json === true) ctx.stdout(`${JSON.stringify({ type: 'batch', ...b })}\n`);
          else for (const line of describeBatch(b)) ctx.stdout(`${line}\n`);
        };
        if (opts.follow === true) {
          const following = await ws.follow({ ...(opts.cluster === undefined ? {} : { clusters: [opts.cluster] }), onBatch: (e) => batchLine(e.batch), onError: (m) => ctx.stderr(`acm: reading the feed: ${m}\n`) });
          if (opts.json !== true) ctx.stdout(`following ${ws.storeName}\n`);
          await untilStopped(seconds);
          following.stop();
          return;
        }
        if (opts.watch !== true) {
          const rows = await ws.pollOnce({ ...model, ...cluster, simulate: opts.simulate === true, timeoutMs: parseMs('--timeout', opts.timeout) });
          ctx.exitCode = rows.some((o) => !o.ok && o.error?.code !== 'skipped') ? 1 : 0;
          if (opts.json === true) printJson(ctx, { database: ws.storeName, servers: rows });
          else {
            ctx.stdout(table(
              ['server', 'status', 'extensions', 'registered', 'trunks', 'channels', 'queue members', 'paused'],
              rows.map((r) => [r.server, r.ok ? 'ok' : `${r.error?.code}: ${r.error?.message}`, r.extensions, r.registered, r.trunks, r.channels, r.queueMembers, r.paused]),
            ));
            ctx.stdout(`\nwritten to ${ws.storeName} (read it with acm status --from-db)\n`);
          }
          if (rows.length > 0 && rows.every((o) => !o.ok)) throw new CommandFailure('no server could be polled');
          return;
        }
        const watching = await ws.watch({
          ...model,
          ...cluster,
          simulate: opts.simulate === true,
          rate: Number(opts.rate),
          onState: ({ server, state, error }) => {
            if (opts.json === true) ctx.stdout(`${JSON.stringify({ type: 'state', server, state, ...(error === undefined ? {} : { error }) })}\n`);
            else ctx.stdout(`${clock(Date.now())} ${server} ${state}${error === undefined ? '' : `: ${error.message}`}\n`);
          },
          onResyncFailed: ({ server, error, attempt, retryInMs }) => {
            if (opts.json === true) ctx.stdout(`${JSON.stringify({ type: 'resync-failed', server, attempt, retryInMs: retryInMs ?? null, error })}\n`);
            else ctx.stdout(`${clock(Date.now())} ${server} resync failed (${error.code}: ${error.message}); ${retryInMs === undefined ? 'retried at the next login' : `retry ${attempt} in ${Math.round(retryInMs / 100) / 10} s`}\n`);
          },
          onStoreFailed: ({ server, message }) => ctx.stderr(`acm: ${server}: the store refused a batch (${message}); its status is not followed until its next login\n`),
          onBatch: batchLine,
        });
        for (const [server, why] of watching.skipped) ctx.stderr(`acm: ${server} not polled: ${why}\n`);
        if (opts.json !== true) ctx.stdout(`writing to ${ws.storeName}\n`);
        await untilStopped(seconds);
        await watching.stop();
      });
    });
}
