import { CODEC_ASSUMPTIONS, LOAD_THRESHOLDS, describeDatabaseUrl, type Enterprise, type StatusSnapshot } from '@acm/core';
import { MemoryStatusStore, SqlStatusStore, enterpriseStatus, pollStatus, type EnterpriseStatusView, type ServerPollOutcome } from '@acm/ami';
import type { Command } from 'commander';
import { CommandFailure, UsageError, loadModel, parseMs, printJson, table, type CliContext } from '../output.js';
import { databaseUrl, withStore } from './db.js';
import { DEMO_ENTERPRISE } from './demo.js';

/** Options shared by `acm status` and `acm poll`. */
export interface StatusCliOptions {
  readonly cluster?: string;
  readonly group?: string;
  readonly json?: boolean;
  readonly simulate?: boolean;
  readonly codec: string;
  readonly nearLimit: string;
  readonly timeout: string;
  readonly fromDb?: boolean;
  readonly db?: string;
}

/** Per server of the model (of `cluster`, when given): when the store last heard of it, from its newest status row. */
export function storedServers(enterprise: Enterprise, snapshot: StatusSnapshot, cluster?: string): { server: string; updatedAt: number | null }[] {
  const newest = new Map<string, number>();
  for (const rows of [snapshot.extensions, snapshot.trunks, snapshot.channels, snapshot.queueMembers, snapshot.mailboxes]) {
    for (const r of rows) newest.set(r.server, Math.max(newest.get(r.server) ?? 0, r.updatedAt));
  }
  return enterprise.clusters
    .filter((c) => cluster === undefined || c.id === cluster)
    .flatMap((c) => c.servers.map((s) => ({ server: s.id, updatedAt: newest.get(s.id) ?? null })));
}

/** Parses `--codec` and `--near-limit`. */
export function parseLoadOptions(opts: { codec: string; nearLimit: string }): { codec: string; nearLimit: number } {
  if (CODEC_ASSUMPTIONS[opts.codec] === undefined) throw new UsageError(`--codec: "${opts.codec}" is unknown; expected ${Object.keys(CODEC_ASSUMPTIONS).join(', ')}`);
  const nearLimit = Number(opts.nearLimit);
  if (!Number.isFinite(nearLimit) || nearLimit <= 0 || nearLimit > 1) throw new UsageError(`--near-limit: "${opts.nearLimit}" must be a share between 0 and 1, e.g. 0.8`);
  return { codec: opts.codec, nearLimit };
}

function formatView(view: EnterpriseStatusView, opts: StatusCliOptions, servers: string): string {
  const out: string[] = [];
  out.push(`Current Extension Status for cluster=${opts.cluster ?? 'ALL'}, group=${opts.group ?? 'ALL'}\n\n`);
  out.push(
    table(
      ['group', 'cluster', 'extension', 'user name', 'agent status', 'vm', 'calls'],
      view.extensions.map((e) => [e.group, e.cluster, e.extension, e.name, e.statusText, e.voicemailNew ?? '', e.callsTaken]),
    ),
  );
  if (view.trunks.length > 0) {
    out.push('\nTrunks\n\n');
    out.push(
      table(
        ['trunk', 'cluster', 'group', 'registration', 'reachable', 'calls', 'capacity', 'utilisation', 'bandwidth', 'alarm'],
        view.trunks.map((t) => [
          t.trunk, t.cluster, t.group ?? '', t.registration ?? '-', t.reachable === undefined ? '-' : t.reachable ? 'yes' : 'NO', t.load.activeCalls, t.load.capacity,
          t.load.percent === undefined ? '-' : `${t.load.percent} %`, `${t.load.bandwidthKbps} kbps`, t.load.alarm,
        ]),
      ),
    );
  }
  const loads = [...view.clusters.map((c) => ['cluster', c] as const), ...view.trunkGroups.map((g) => ['trunk group', g] as const)];
  if (loads.length > 0) {
    out.push('\nLoad\n\n');
    out.push(
      table(
        ['kind', 'id', 'calls', 'capacity', 'utilisation', 'bandwidth', 'alarm'],
        loads.map(([kind, r]) => [kind, r.id, r.load.activeCalls, r.load.capacity, r.load.percent === undefined ? '-' : `${r.load.percent} %`, `${r.load.bandwidthKbps} kbps`, r.load.alarm]),
      ),
    );
    out.push(`\nbandwidth assumption: ${loads[0]![1].load.codec.basis}\n`);
  }
  out.push(`\n${servers}\n`);
  return out.join('');
}

function outcomesLine(outcomes: readonly ServerPollOutcome[]): string {
  return `servers: ${outcomes.map((o) => (o.ok ? `${o.server} ok` : `${o.server} ${o.error?.code ?? 'failed'}`)).join(', ') || 'none'}`;
}

/** `acm status`: polls every server once (or reads the store's status tables) and prints the extension, trunk and load tables. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description("live status: the guide's Current Extension Status table, trunks and load (polls each server's AMI once, or reads the store with --from-db)")
    .argument('[path]', 'enterprise file or directory', DEMO_ENTERPRISE)
    .option('--cluster <id>', 'only this cluster')
    .option('--group <id>', 'only extensions and trunks of this group')
    .option('--json', 'print one JSON document')
    .option('--simulate', 'poll AMI simulators started for each server instead of the real servers')
    .option('--from-db', 'read the status the poller wrote to the store (acm poll) instead of polling')
    .option('--db <url>', 'with --from-db: store, sqlite:<file> or mysql://user@host:3306/db (default: $ACM_DATABASE_URL or ./acm.db)')
    .option('--codec <id>', `bandwidth assumption: ${Object.keys(CODEC_ASSUMPTIONS).join(', ')}`, 'g711')
    .option('--near-limit <share>', 'near-limit alarm when calls reach this share of a trunk or cluster capacity (critical from 0.9)', String(LOAD_THRESHOLDS.nearLimit))
    .option('--timeout <ms>', 'give up on a server after this many ms', '10000')
    .action(async (path: string, opts: StatusCliOptions) => {
      const load = parseLoadOptions(opts);
      const timeoutMs = parseMs('--timeout', opts.timeout);
      if (opts.db !== undefined && opts.fromDb !== true) throw new UsageError('--db needs --from-db (acm status polls unless told to read the store)');
      if (opts.fromDb === true && opts.simulate === true) throw new UsageError('--from-db and --simulate exclude each other (run acm poll --simulate to fill the store)');
      const model = await loadModel(path);
      if (opts.cluster !== undefined && !model.clusters.some((c) => c.id === opts.cluster)) throw new UsageError(`--cluster: no cluster "${opts.cluster}" in ${path}`);
      if (opts.group !== undefined && !model.groups.some((g) => g.id === opts.group)) throw new UsageError(`--group: no group "${opts.group}" in ${path}`);
      const viewOptions = { ...load, ...(opts.cluster === undefined ? {} : { cluster: opts.cluster }), ...(opts.group === undefined ? {} : { group: opts.group }) };
      if (opts.fromDb === true) {
        const url = databaseUrl(ctx, opts);
        await withStore(ctx, opts, async (store) => {
          const snapshot = await new SqlStatusStore(store).snapshot();
          const servers = storedServers(model, snapshot, opts.cluster);
          const view = enterpriseStatus(model, snapshot, viewOptions);
          const heard = servers.filter((s) => s.updatedAt !== null);
          ctx.exitCode = 0;
          if (opts.json === true) printJson(ctx, { cluster: opts.cluster ?? null, group: opts.group ?? null, source: describeDatabaseUrl(url), servers, ...view });
          else {
            const line = `store ${describeDatabaseUrl(url)}: ${servers.map((s) => `${s.server} ${s.updatedAt === null ? 'no status' : `updated ${new Date(s.updatedAt).toISOString()}`}`).join(', ') || 'no servers'}`;
            ctx.stdout(formatView(view, opts, line));
          }
          if (heard.length === 0) throw new CommandFailure(`the store holds no status for ${servers.length === 0 ? 'these servers' : servers.map((s) => s.server).join(', ')}; run acm poll first`);
        });
        return;
      }
      const { outcomes, view } = await pollStatus(model, new MemoryStatusStore(), { ...viewOptions, timeoutMs, ...(opts.simulate === true ? { simulate: true } : {}) });
      const failed = outcomes.filter((o) => !o.ok && o.error?.code !== 'skipped');
      ctx.exitCode = failed.length > 0 ? 1 : 0;
      if (opts.json === true) printJson(ctx, { cluster: opts.cluster ?? null, group: opts.group ?? null, servers: outcomes, ...view });
      else ctx.stdout(formatView(view, opts, outcomesLine(outcomes)));
      if (outcomes.length > 0 && outcomes.every((o) => !o.ok)) throw new CommandFailure(`no server could be polled (${outcomes.map((o) => `${o.server}: ${o.error?.code}`).join(', ')})`);
    });
}
